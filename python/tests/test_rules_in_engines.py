"""The shared input-rules table (tests/fixtures/input-rules.json, which Vitest runs against the
browser's rules) through whole engines: each text case planted in an otherwise valid row of the
bundled model it belongs to, scored by formcast.score(), the DuckDB function and Spark. The
`error` column must hold the table's message, or be empty when the table accepts the value."""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pandas as pd
import pytest

import formcast
import formcast.duckdb

from .conftest import MODELS, REPO, golden

TABLE = json.loads((REPO / "tests" / "fixtures" / "input-rules.json").read_text(encoding="utf-8"))


def _base_row(model: str) -> dict[str, str]:
    """A valid row of the model, as text."""
    from .conftest import as_text

    return {k: as_text(v) for k, v in golden(model)["rows"][0]["inputs"].items()}


def _planted() -> dict[str, pd.DataFrame]:
    """Per model, one row per text-representable case of its inputs, with the expected error."""
    frames: dict[str, list[dict[str, Any]]] = {}
    for model in ("drug", "house"):
        manifest = json.loads((MODELS / model / "manifest.json").read_text())
        specs = {s["name"]: s for s in manifest["inputs"]}
        for case in TABLE["cases"]:
            name, raw = case["input"], case["raw"]
            if name not in specs or not (raw is None or isinstance(raw, str)):
                continue
            table_spec, spec = TABLE["specs"][name], specs[name]
            for key in ("type", "categories", "optional", "min", "max"):
                assert table_spec.get(key) == spec.get(key), (name, key)
            expect = case["expect"]
            row = {**_base_row(model), name: "" if raw is None else raw}
            row["expected"] = expect["issue"]["message"] if "issue" in expect else None
            frames.setdefault(model, []).append(row)
    return {model: pd.DataFrame(rows) for model, rows in frames.items()}


PLANTED = _planted()


@pytest.mark.parametrize("model", sorted(PLANTED))
def test_table_messages_through_score_and_duckdb(model: str) -> None:
    frame = PLANTED[model]
    assert len(frame) >= 5
    expected = frame["expected"].tolist()
    assert formcast.score(frame, MODELS / model)["error"].tolist() == expected
    con = duckdb.connect()
    try:
        name = formcast.duckdb.register(con, MODELS / model)
        con.register("planted", frame)
        inputs = [s["name"] for s in formcast.scoring.Scorer(MODELS / model).inputs]
        args = ", ".join(f'"{n}"' for n in inputs)
        rows = con.sql(f"SELECT {name}({args}).error FROM planted").fetchall()
        assert [r[0] for r in rows] == expected
    finally:
        con.close()
