"""formcast.spark.score(): Spark in local mode (local[2], Debian's OpenJDK 17), one session for
the whole file; few jobs, since each costs a Python worker round trip."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from formcast import FormcastError

from .conftest import MODELS, as_text, assert_matches_golden, golden

pyspark = pytest.importorskip("pyspark", reason="the spark extra is in the dev venv")


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    started = time.perf_counter()
    session = (
        SparkSession.builder.master("local[2]")
        .appName("formcast-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        # createDataFrame(pandas) through Arrow, not row by row in Python.
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    print(f"\nSpark session started in {time.perf_counter() - started:.1f} s")
    yield session
    session.stop()


def _columns(rows: list[object]) -> dict[str, list[object]]:
    names = rows[0].__fields__  # type: ignore[attr-defined]
    return {n: [getattr(r, n) for r in rows] for n in names}


@pytest.mark.parametrize("model", ["drug", "hr", "house"])
def test_golden_rows_read_from_text(spark: object, model: str, tmp_path: Path) -> None:
    import formcast.spark

    rows = [r["inputs"] for r in golden(model)["rows"]]
    pd.DataFrame(rows).map(as_text).to_csv(tmp_path / "rows.csv", index=False)
    text = spark.read.csv(str(tmp_path / "rows.csv"), header=True)  # type: ignore[attr-defined]
    assert {f.dataType.simpleString() for f in text.schema.fields} == {"string"}
    assert_matches_golden(model, _columns(formcast.spark.score(text, MODELS / model).collect()))


def test_golden_rows_typed_with_empty_optional_inputs(spark: object) -> None:
    """house as typed columns: doubles with nulls (the empty optional inputs) and strings."""
    import formcast.spark

    frame = pd.DataFrame([r["inputs"] for r in golden("house")["rows"]])
    typed = spark.createDataFrame(frame.astype(object).where(frame.notna(), None))  # type: ignore[attr-defined]
    assert "double" in {f.dataType.simpleString() for f in typed.schema.fields}
    assert_matches_golden(
        "house", _columns(formcast.spark.score(typed, MODELS / "house").collect())
    )


def test_every_row_kept_in_order_with_its_error(spark: object) -> None:
    """20,000 rows over 3 partitions with planted bad rows: all come back, each partition in
    input order, the bad ones with the browser's messages; the schema is declared up front."""
    import formcast
    import formcast.spark

    n = 20_000
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(
        {
            "row": np.arange(n),
            "Age": rng.integers(15, 75, n).astype(str),
            "Sex": rng.choice(["F", "M", "f"], n),
            "BP": rng.choice(["HIGH", "LOW", "NORMAL", "normal"], n),
            "Cholesterol": rng.choice(["HIGH", "NORMAL"], n),
            "Na_to_K": np.round(rng.uniform(6, 38, n), 3).astype(str),
        }
    )
    planted = {17: ("Age", "abc"), 9_999: ("Na_to_K", ""), 19_998: ("BP", "VERY HIGH")}
    for row, (column, value) in planted.items():
        frame.loc[row, column] = value
    df = spark.createDataFrame(frame).repartition(3, "row").sortWithinPartitions("row")  # type: ignore[attr-defined]
    scored = formcast.spark.score(df, MODELS / "drug")
    assert scored.schema.simpleString().endswith(
        "predicted_label:string,p_DrugY:float,p_drugA:float,p_drugB:float,p_drugC:float,"
        "p_drugX:float,error:string>"
    )
    from pyspark.sql.functions import spark_partition_id

    out = scored.withColumn("partition", spark_partition_id()).toPandas()
    assert len(out) == n and sorted(out["row"]) == list(range(n))
    for _, part in out.groupby("partition", sort=False):
        assert part["row"].is_monotonic_increasing
    errors = out.set_index("row")["error"].dropna().to_dict()
    assert errors == {
        17: 'Age: "abc" is not a number',
        9_999: "Na_to_K: missing",
        19_998: 'BP: "VERY HIGH" is not one of HIGH, LOW, NORMAL',
    }
    local = formcast.score(frame, MODELS / "drug")
    merged = out.set_index("row").sort_index()
    assert merged["predicted_label"].tolist() == local["predicted_label"].tolist()


def test_a_missing_column_is_refused_before_any_job(spark: object) -> None:
    import formcast
    import formcast.spark

    df = spark.createDataFrame(pd.DataFrame({"Age": ["1"], "Sex": ["F"]}))  # type: ignore[attr-defined]
    with pytest.raises(FormcastError, match='Missing column "BP"'):
        formcast.spark.score(df, MODELS / "drug")


@pytest.mark.parametrize("model", ["drug", "house"])
def test_the_shared_rules_table_through_spark(spark: object, model: str) -> None:
    """The input-rules table's text cases, planted in valid rows (see test_rules_in_engines)."""
    import formcast.spark

    from .test_rules_in_engines import PLANTED

    frame = PLANTED[model]
    df = spark.createDataFrame(frame.astype(str).where(frame.notna(), None))  # type: ignore[attr-defined]
    rows = formcast.spark.score(df, MODELS / model).select("error").collect()
    assert [r.error for r in rows] == frame["expected"].tolist()
