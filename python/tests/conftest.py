"""Shared fixtures: the repository's bundled model directories and their golden rows, and the
test zoo exported once per session through the public API only."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import formcast

from .zoo import ZOO, Specimen

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "public" / "models"
MODEL_IDS = [entry["id"] for entry in json.loads((MODELS / "index.json").read_text())["models"]]


def golden(model_id: str) -> dict[str, Any]:
    return json.loads((MODELS / model_id / "golden.json").read_text(encoding="utf-8"))


def as_text(value: object) -> str:
    """A golden input as a CSV cell holds it: JSON numbers as JavaScript writes them, null empty."""
    from formcast.scoring.browser_text import js_string

    missing = value is None or (isinstance(value, float) and value != value)  # pandas' NaN
    return "" if missing else js_string(value)


def assert_matches_golden(model_id: str, columns: dict[str, list[Any]]) -> None:
    """`columns` (predicted_label + p_* or predicted_value, and error) agree with golden.json
    within its tolerance, as the browser's golden check requires."""
    g = golden(model_id)
    rows = g["rows"]
    assert columns["error"] == [None] * len(rows)
    if g["task"] == "regression":
        expected = np.array([r["value"] for r in rows])
        got = np.array(columns["predicted_value"], dtype=np.float64)
        np.testing.assert_allclose(got, expected, rtol=g["tolerance"], atol=0)
        return
    assert columns["predicted_label"] == [r["label"] for r in rows]
    expected = np.array([r["probabilities"] for r in rows])
    got = np.array([columns[f"p_{c}"] for c in g["classes"]], dtype=np.float64).T
    np.testing.assert_allclose(got, expected, rtol=0, atol=g["tolerance"])


@pytest.fixture(params=MODEL_IDS)
def model_id(request: pytest.FixtureRequest) -> str:
    return request.param


@dataclass(frozen=True)
class Exported:
    specimen: Specimen
    model: object
    X: pd.DataFrame
    y: pd.Series
    result: formcast.ExportResult

    @property
    def directory(self) -> Path:
        return self.result.directory


@pytest.fixture(scope="session")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Exported]:
    root = tmp_path_factory.mktemp("zoo")
    exported = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence and feature-name chatter of the fits
        for specimen in ZOO:
            model, X, y = specimen.build()
            result = formcast.export(
                model,
                X,
                id=specimen.id,
                out=root / specimen.id,
                title=specimen.title,
                card={"description": specimen.what, **specimen.card},
            )
            exported[specimen.id] = Exported(specimen, model, X, y, result)
    return exported
