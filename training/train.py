"""Fit the pipeline (features → decision tree) and measure it with stratified cross-validation."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.tree import DecisionTreeClassifier

from training import config
from training.dataset import file_sha256, load_dataset, split_features_target
from training.features import build_feature_transformer


class TrainingError(RuntimeError):
    """The model is not good enough to ship."""


@dataclass(frozen=True)
class CrossValidation:
    folds: int
    seed: int
    shuffle: bool
    scores: tuple[float, ...]

    @property
    def mean(self) -> float:
        return float(np.mean(self.scores))

    @property
    def std(self) -> float:
        # Population std (ddof=0), as scikit-learn's examples and the reference figures use.
        return float(np.std(self.scores))


@dataclass(frozen=True)
class TrainedModel:
    pipeline: Pipeline
    cross_validation: CrossValidation
    features: pd.DataFrame
    target: pd.Series
    data_file: Path
    data_sha256: str
    thresholds_snapped: int

    @property
    def classifier(self) -> DecisionTreeClassifier:
        return self.pipeline.named_steps["classifier"]


def build_pipeline() -> Pipeline:
    return Pipeline(
        steps=[
            ("features", build_feature_transformer()),
            ("classifier", DecisionTreeClassifier(random_state=config.SEED)),
        ]
    )


def cross_validate(features: pd.DataFrame, target: pd.Series) -> CrossValidation:
    # Shuffled: the CSV's row order is not random, and unshuffled folds would measure that.
    folds = StratifiedKFold(n_splits=config.CV_FOLDS, shuffle=True, random_state=config.SEED)
    scores = cross_val_score(build_pipeline(), features, target, cv=folds, scoring="accuracy")
    return CrossValidation(
        folds=config.CV_FOLDS,
        seed=config.SEED,
        shuffle=True,
        scores=tuple(float(score) for score in scores),
    )


def snap_thresholds_to_float32(classifier: DecisionTreeClassifier) -> int:
    """Replace each split threshold by the largest float32 not above it; return how many moved.

    scikit-learn casts inputs to float32 and compares `x32 <= threshold64`; ONNX (and so the
    browser) compares against float32 thresholds. Rounding a float64 threshold to the nearest
    float32 can round it *up*, and an input equal to that rounded value then goes left in ONNX
    but right in scikit-learn. With t32 = the largest float32 <= t64, `x32 <= t64` and
    `x32 <= t32` agree for every float32 x32 (no float32 lies in (t32, t64]), so this changes
    no scikit-learn prediction while making the thresholds exactly representable in ONNX. The
    manifest then reports the thresholds the browser really uses. skl2onnx 1.20 applies the
    same rule while converting; doing it here keeps parity independent of converter details.
    """
    tree = classifier.tree_
    thresholds = tree.threshold  # a view into the fitted tree: writes change the model
    is_split = tree.children_left != -1
    as_float32 = thresholds.astype(np.float32)
    rounded_up = as_float32.astype(np.float64) > thresholds
    as_float32[rounded_up] = np.nextafter(as_float32[rounded_up], np.float32(-np.inf))
    snapped = as_float32.astype(np.float64)
    moved = is_split & (snapped != thresholds)
    thresholds[is_split] = snapped[is_split]
    if not np.array_equal(tree.threshold[is_split], snapped[is_split]):
        raise TrainingError("could not write the float32 thresholds back into the fitted tree")
    return int(moved.sum())


def train(data_csv: Path, *, min_accuracy: float = config.MIN_CV_ACCURACY) -> TrainedModel:
    """Load, cross-validate, refuse a weak model, then fit on all rows."""
    frame = load_dataset(data_csv)
    features, target = split_features_target(frame)

    cross_validation = cross_validate(features, target)
    if cross_validation.mean < min_accuracy:
        raise TrainingError(
            f"cross-validated accuracy {cross_validation.mean:.4f} ± {cross_validation.std:.4f} "
            f"is below the required {min_accuracy}; refusing to export this model"
        )

    pipeline = build_pipeline().fit(features, target)
    snapped = snap_thresholds_to_float32(pipeline.named_steps["classifier"])
    return TrainedModel(
        pipeline=pipeline,
        cross_validation=cross_validation,
        features=features,
        target=target,
        data_file=Path(data_csv),
        data_sha256=file_sha256(data_csv),
        thresholds_snapped=snapped,
    )
