"""Build one bundled model: load and check its CSV, fit its pipeline on every row, make the fitted
pipeline float32-exact, and hand it to `formcast.export`: the public code path a user takes,
with the card and export options the model's spec declares. Cross-validation, the quality bar,
the golden rows, parity and the atomic write are formcast's."""

import dataclasses
from pathlib import Path

import pandas as pd
from sklearn.pipeline import Pipeline

import formcast
from training.config import REPO_ROOT
from training.dataset import file_sha256, load_dataset, split_features_target
from training.pipelines import build_pipeline, round_imputed_numbers_to_float32
from training.spec import ModelSpec


@dataclasses.dataclass(frozen=True)
class Built:
    spec: ModelSpec
    pipeline: Pipeline
    features: pd.DataFrame
    target: pd.Series
    result: formcast.ExportResult
    # Decision-tree thresholds moved to the float32 below them before export.
    thresholds_snapped: int


def fit(spec: ModelSpec, data_csv: Path | None = None) -> tuple:
    """The checked data, and the pipeline fitted on all of it (float32-exact)."""
    frame = load_dataset(spec, data_csv)
    features, target = split_features_target(spec, frame)
    pipeline = build_pipeline(spec).fit(features, target)
    round_imputed_numbers_to_float32(pipeline)
    snapped = spec.after_fit(pipeline) if spec.after_fit is not None else 0
    return features, target, pipeline, snapped


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return path.name


def build(
    spec: ModelSpec,
    out: Path,
    *,
    data_csv: Path | None = None,
    version: str | None = None,
    cross_validation: formcast.CrossValidation | None = None,
) -> Built:
    """Fit and export `spec` into `out`. `cross_validation` overrides the spec's (tests use it
    to prove the quality bar is enforced)."""
    data_csv = Path(data_csv if data_csv is not None else spec.data.file)
    features, target, pipeline, snapped = fit(spec, data_csv)
    card = spec.card()
    card["data"] |= {"file": _relative(data_csv), "sha256": file_sha256(data_csv)}
    if version is not None:
        card["version"] = version
    result = formcast.export(
        pipeline,
        features,
        target,
        id=spec.id,
        out=out,
        card=card,
        cross_validation=cross_validation or spec.cross_validation,
        golden=spec.golden,
    )
    return Built(
        spec=spec,
        pipeline=pipeline,
        features=features,
        target=target,
        result=result,
        thresholds_snapped=snapped,
    )
