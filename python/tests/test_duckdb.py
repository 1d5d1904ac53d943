"""formcast.duckdb.register(): the model as a vectorised SQL function, text or typed columns."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

import formcast.duckdb

from .conftest import MODELS, as_text, assert_matches_golden, golden


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    yield connection
    connection.close()


def _struct_rows(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, list[object]]:
    frame = con.sql(sql).df()
    return {c: [None if pd.isna(v) else v for v in frame[c]] for c in frame.columns}


@pytest.mark.parametrize("text", [False, True], ids=["typed", "varchar-from-csv"])
def test_golden_rows_through_sql(
    con: duckdb.DuckDBPyConnection, model_id: str, text: bool, tmp_path: Path
) -> None:
    rows = [r["inputs"] for r in golden(model_id)["rows"]]
    names = list(rows[0])
    frame = pd.DataFrame(rows, columns=names)
    if text:
        frame.map(as_text).to_csv(tmp_path / "rows.csv", index=False)
        source = f"read_csv('{tmp_path / 'rows.csv'}', all_varchar=true)"
    else:
        con.register("typed_rows", frame)
        source = "typed_rows"
    name = formcast.duckdb.register(con, MODELS / model_id)
    assert name == f"predict_{model_id}"
    args = ", ".join(f'"{n}"' for n in names)
    columns = _struct_rows(con, f"SELECT unnest({name}({args})) FROM {source}")
    assert_matches_golden(model_id, columns)


def test_bad_rows_get_the_browsers_messages(con: duckdb.DuckDBPyConnection) -> None:
    formcast.duckdb.register(con, MODELS / "drug", name="predict_drug")
    result = con.sql(
        """
        SELECT id, r.predicted_label, r.p_drugA, r.error
        FROM (SELECT id, predict_drug(Age, Sex, BP, Cholesterol, Na_to_K) AS r FROM (VALUES
            (1, ' 47 ', 'f', 'high', 'HIGH', '14'),
            (2, 'abc', 'M', 'LOW', 'NORMAL', '20,5'),
            (3, NULL, 'X', 'LOW', 'HIGH', '10'),
            (4, '60', 'F', 'LOW', 'HIGH', 'inf')
        ) AS t(id, Age, Sex, BP, Cholesterol, Na_to_K))
        ORDER BY id
        """
    ).fetchall()
    assert result == [
        (1, "drugA", 1.0, None),
        (
            2,
            None,
            None,
            'Age: "abc" is not a number; '
            'Na_to_K: "20,5" is not a number (use a dot as the decimal separator)',
        ),
        (3, None, None, 'Age: missing; Sex: "X" is not one of F, M'),
        (4, None, None, 'Na_to_K: "inf" is not a finite number'),
    ]


def test_typed_numbers_nulls_and_optional_inputs(con: duckdb.DuckDBPyConnection) -> None:
    """NULL in an optional input is an empty cell (imputed); in a required one, "missing"."""
    formcast.duckdb.register(con, MODELS / "house", name="price")
    row = golden("house")["rows"][0]["inputs"]
    values = ", ".join(
        "NULL"
        if k in ("OverallCond", "GrLivArea")
        else (f"'{v}'" if isinstance(v, str) else str(v))
        for k, v in row.items()
    )
    ((struct,),) = con.sql(f"SELECT price({values})").fetchall()
    assert struct["error"] == "GrLivArea: missing"
    assert struct["predicted_value"] is None
    optional_only = ", ".join(
        "NULL" if k == "OverallCond" else (f"'{v}'" if isinstance(v, str) else str(v))
        for k, v in row.items()
    )
    ((struct,),) = con.sql(f"SELECT price({optional_only})").fetchall()
    assert struct["error"] is None
    assert struct["range_low"] < struct["predicted_value"] < struct["range_high"]


def test_wrong_number_of_arguments_is_refused_when_the_query_is_bound(
    con: duckdb.DuckDBPyConnection,
) -> None:
    formcast.duckdb.register(con, MODELS / "drug", name="predict_drug")
    with pytest.raises(duckdb.BinderException, match=r"predict_drug\(ANY, ANY, ANY, ANY, ANY\)"):
        con.sql("SELECT predict_drug(47, 'F')").fetchall()


def test_register_replaces_a_function_of_the_same_name(con: duckdb.DuckDBPyConnection) -> None:
    formcast.duckdb.register(con, MODELS / "drug", name="predict")
    formcast.duckdb.register(con, MODELS / "hr", name="predict")
    ((struct,),) = con.sql(
        "SELECT predict(0.1, 0.9, 6, 280, 4, '0', '0', 'sales', 'low')"
    ).fetchall()
    assert set(struct) == {"predicted_label", "p_0", "p_1", "error"}
