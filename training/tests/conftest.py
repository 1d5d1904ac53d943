"""Shared fixtures: one training run of every model, exported into a temporary directory, never
into public/."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from training import models
from training.export import ExportResult, export_model
from training.train import TrainedModel, train


@dataclass(frozen=True)
class Exported:
    trained: TrainedModel
    result: ExportResult
    directory: Path


@pytest.fixture(scope="session")
def exported_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Exported]:
    root = tmp_path_factory.mktemp("models")
    exported = {}
    for spec in models.MODELS:
        trained = train(spec)
        result = export_model(trained, root / spec.id)
        exported[spec.id] = Exported(trained=trained, result=result, directory=root / spec.id)
    return exported


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
