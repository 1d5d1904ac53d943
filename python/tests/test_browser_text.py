"""Numbers written as the browser writes them: the table that the browser's own functions made."""

from __future__ import annotations

import json

import numpy as np

from formcast.batch.scored_csv import format_float, format_float32
from formcast.scoring.browser_text import js_number

from .conftest import REPO


def test_number_formats_match_the_browsers_own() -> None:
    """Each row: x, formatFloat32(x), formatFloat(x), String(x), as written by Vitest
    (tests/unit/scored-csv-fixtures.test.ts) from src/csv/write-csv.ts."""
    table = json.loads((REPO / "tests/fixtures/scored/number-formats.json").read_text())
    assert len(table) > 1000
    for x, probability, floating, string in table:
        assert (format_float32(x), format_float(x), js_number(x)) == (
            probability,
            floating,
            string,
        ), x


def test_float32_values_are_rounded_from_their_own_value() -> None:
    assert format_float32(np.float32(0.1)) == "0.100000001"
    assert format_float(0.1) == "0.1"
