"""Shared fixtures: one training run exported into a temporary directory, never into public/."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from training import config
from training.export import ExportResult, export_model
from training.train import TrainedModel, train


@dataclass(frozen=True)
class Exported:
    trained: TrainedModel
    result: ExportResult
    directory: Path


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    directory = tmp_path_factory.mktemp("models") / config.MODEL_ID
    trained = train(config.DATA_CSV)
    result = export_model(trained, directory, config.SCHEMA_PATH)
    return Exported(trained=trained, result=result, directory=directory)
