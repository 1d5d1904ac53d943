"""Shared fixtures: the repository's bundled model directories and their golden rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "public" / "models"
MODEL_IDS = [entry["id"] for entry in json.loads((MODELS / "index.json").read_text())["models"]]


def golden(model_id: str) -> dict[str, Any]:
    return json.loads((MODELS / model_id / "golden.json").read_text(encoding="utf-8"))


def as_text(value: object) -> str:
    """A golden input as a CSV cell holds it: JSON numbers as JavaScript writes them, null empty."""
    from formcast.browser_text import js_string

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
