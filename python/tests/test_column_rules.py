"""Whole Arrow columns (what DuckDB, Spark and `formcast score` hand over) give exactly the
value-by-value rules' values and messages, on the bulk parse's fast and slow paths."""

from __future__ import annotations

import json
import math

import numpy as np
import pyarrow as pa
import pytest

from formcast.scoring.column_rules import check_column
from formcast.scoring.input_rules import Issue, check_value

from .conftest import MODELS

SPECS = {
    s["name"]: s for s in json.loads((MODELS / "drug" / "manifest.json").read_text())["inputs"]
}
OPTIONAL = {**SPECS["Age"], "optional": True, "missing": {"value": 45, "strategy": "median"}}

# Text Arrow's own number parser reads differently from the browser's grammar, or close to it.
ODD = [
    "1.",
    ".5",
    "+.5",
    "1e5",
    "1E+5",
    "+5",
    "-0",
    "1e",
    "e5",
    ".",
    "+",
    "-",
    "1_000",
    "0x10",
    "1d",
    "١٢",
    " 1 ",
    "Infinity",
    "-inf",
    "NaN",
    "nan(123)",
    "+inf",
    "INF",
    "-nan",
    "1,5",
    "",
    "   ",
    "1.e5",
    ".e5",
    "1e400",
    "-1e400",
    "1e39",
    "3.4028235e38",
    "4.9e-324",
    "00012",
    "\\u00a047\\u2003",
    "47\\ufeff",
    "abc",
    "\\uff11\\uff12",
]
CLEAN = ["47", " 60 ", "1e1", "+.5", "6.269", "38.247", "-0", "1.", "0012"]


def _expect(spec: dict, raw: object) -> tuple[float | None, str | None]:
    one = check_value(spec, raw)
    if isinstance(one, Issue):
        return None, one.message
    return (None if one is None else one.value), None


@pytest.mark.parametrize("values", [ODD, CLEAN, [*CLEAN, None]], ids=["odd", "clean", "with-null"])
@pytest.mark.parametrize("spec", [SPECS["Age"], OPTIONAL], ids=["required", "optional"])
def test_arrow_text_columns_match_the_rules(values: list, spec: dict) -> None:
    values = [v.encode().decode("unicode_escape") if isinstance(v, str) else v for v in values]
    for kind in (pa.string(), pa.large_string()):
        checked = check_column(spec, pa.chunked_array([pa.array(values, type=kind)]))
        for i, raw in enumerate(values):
            value, message = _expect(spec, raw)
            got_message = None if checked.messages is None else checked.messages[i]
            assert got_message == message, raw
            got = checked.numbers[i]
            assert (value is None and math.isnan(got)) or got == value, raw


def test_arrow_categories_and_numbers_for_categories() -> None:
    sex = SPECS["Sex"]
    text = ["F", " m ", "f", "X", "", None, "Female"]
    checked = check_column(sex, pa.array(text))
    for i, raw in enumerate(text):
        one = check_value(sex, raw)
        assert (checked.messages[i] if checked.messages is not None else None) == (
            one.message if isinstance(one, Issue) else None
        )
        if not isinstance(one, Issue):
            assert sex["categories"][checked.codes[i]] == one.value
    hr = {"name": "Work_accident", "type": "category", "categories": ["0", "1"]}
    for array in (pa.array([0, 1, 1, None]), pa.array([0.0, 1.0, None, 1.0]), np.array([1, 0])):
        checked = check_column(hr, array)
        assert checked.messages is None or list(checked.messages) == [
            None if v is not None else "Work_accident: missing" for v in array.tolist()
        ]
