"""Shared fixtures: one build of every bundled model, exported into a temporary directory, never
into public/."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import Pipeline

import formcast
from formcast.exporting.parity import ParityReport, check_parity, model_answers
from training import models
from training.build import build
from training.spec import ModelSpec


@dataclass(frozen=True)
class Trained:
    spec: ModelSpec
    pipeline: Pipeline
    features: pd.DataFrame
    target: pd.Series
    thresholds_snapped: int

    @property
    def estimator(self):
        return self.pipeline.steps[-1][1]


@dataclass(frozen=True)
class Exported:
    trained: Trained
    result: formcast.ExportResult
    directory: Path

    def answers(self, rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
        """The fitted pipeline's (labels, probabilities), or (values, _), for these rows."""
        classifier = self.trained.spec.is_classifier
        return model_answers(self.trained.pipeline, self.result.inputs, rows, classifier)

    def parity(self, model_bytes: bytes, golden: dict) -> ParityReport:
        return check_parity(model_bytes, self.result.inputs, self.result.tensors, golden)


def export_bundled(spec: ModelSpec, out: Path, **options) -> Exported:
    built = build(spec, out, **options)
    trained = Trained(spec, built.pipeline, built.features, built.target, built.thresholds_snapped)
    return Exported(trained=trained, result=built.result, directory=out)


@pytest.fixture(scope="session")
def exported_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Exported]:
    root = tmp_path_factory.mktemp("models")
    return {spec.id: export_bundled(spec, root / spec.id) for spec in models.MODELS}


@pytest.fixture(scope="session")
def exported(exported_models: dict[str, Exported]) -> Exported:
    """The drug model (a single tree: thresholds, tree.json)."""
    return exported_models["drug"]


@pytest.fixture(scope="session")
def hr(exported_models: dict[str, Exported]) -> Exported:
    return exported_models["hr"]


@pytest.fixture(scope="session")
def house(exported_models: dict[str, Exported]) -> Exported:
    return exported_models["house"]
