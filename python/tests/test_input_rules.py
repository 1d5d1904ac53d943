"""The shared table of input rules (tests/fixtures/input-rules.json), which Vitest runs against
src/inputs/validate-inputs.ts: the same values and the same messages from Python's rules, one value
at a time and for whole columns."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest

from formcast.scoring.column_rules import check_column
from formcast.scoring.input_rules import Issue, check_value, validate_inputs

from .conftest import REPO

TABLE = json.loads((REPO / "tests" / "fixtures" / "input-rules.json").read_text(encoding="utf-8"))
ABSENT = object()


def decode(raw: Any) -> Any:
    """The raw value a case stands for (see the table's rawEncoding)."""
    if not isinstance(raw, dict):
        return raw
    if "absent" in raw:
        return ABSENT
    if "number" in raw:
        return float(raw["number"])
    if "object" in raw:
        return {}
    return raw.get("before", "") + raw["repeat"] * raw["times"] + raw.get("after", "")


def label(case: dict[str, Any]) -> str:
    text = json.dumps(case["raw"], ensure_ascii=False)
    return f"{case['input']} {text[:60]}"


@pytest.mark.parametrize("case", TABLE["cases"], ids=label)
def test_value(case: dict[str, Any]) -> None:
    spec = TABLE["specs"][case["input"]]
    raw = decode(case["raw"])
    result = validate_inputs([spec], {} if raw is ABSENT else {case["input"]: raw})
    expect = case["expect"]
    if "issue" in expect:
        assert [(i.field, i.code, i.message) for i in result.issues] == [
            (case["input"], expect["issue"]["code"], expect["issue"]["message"])
        ]
        return
    assert result.issues == []
    assert result.values == {case["input"]: expect["value"]}
    assert [w.message for w in result.warnings] == (
        [expect["warning"]] if "warning" in expect else []
    )


@pytest.mark.parametrize("case", TABLE["rows"], ids=lambda r: r.get("note", "row"))
def test_row(case: dict[str, Any]) -> None:
    specs = [TABLE["specs"][name] for name in case["specs"]]
    result = validate_inputs(specs, case["row"])
    expect = case["expect"]
    if "issues" in expect:
        got = [{"field": i.field, "code": i.code, "message": i.message} for i in result.issues]
        assert got == expect["issues"]
    else:
        assert result.values == expect["values"]
        assert result.warnings == []


def test_columns_give_the_table_messages() -> None:
    """Whole columns (text parsed in bulk, typed numbers) agree with the value-by-value rules."""
    for name, spec in TABLE["specs"].items():
        cases = [c for c in TABLE["cases"] if c["input"] == name]
        raws = [decode(c["raw"]) for c in cases]
        texts = [r for r in raws if isinstance(r, str)]
        # In a typed column NaN is an empty cell (pandas' and Arrow's convention), not a value.
        numbers = [
            r
            for r in raws
            if isinstance(r, float | int) and not isinstance(r, bool) and not math.isnan(r)
        ]
        for column in (np.array(texts, dtype=object), np.array(numbers, dtype=np.float64)):
            if len(column) == 0:
                continue
            checked = check_column(spec, column)
            for i, raw in enumerate(column.tolist()):
                one = check_value(spec, raw)
                message = one.message if isinstance(one, Issue) else None
                got = None if checked.messages is None else checked.messages[i]
                assert got == message, (name, raw)
                if spec["type"] == "number" and not isinstance(one, Issue):
                    value = checked.numbers[i]
                    assert (math.isnan(value) and one is None) or value == one.value, (name, raw)
