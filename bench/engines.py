"""Scenario "engines" (run by bench/engines.mjs): one 1M-row drug CSV scored by every engine.

The file is the batch scenario's (same generator), with bad rows planted at known places. Each
engine is timed end to end on it, next to pandas + scikit-learn doing the same job (read, predict,
write) in the same run; the DuckDB command's and Spark's outputs are then checked: exactly as many
rows as the input, in the input's order, and the planted rows carrying the browser's messages.
Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.csv as pacsv

REPO = Path(__file__).resolve().parents[1]
MODEL = REPO / "public" / "models" / "drug"
INPUTS = ["Age", "Sex", "BP", "Cholesterol", "Na_to_K"]

# 0-based data row → (column, planted value, the browser's message for it).
PLANTED = {
    17: ("Age", "abc", 'Age: "abc" is not a number'),
    123_456: ("BP", "VERY HIGH", 'BP: "VERY HIGH" is not one of HIGH, LOW, NORMAL'),
    500_000: ("Na_to_K", "", "Na_to_K: missing"),
    777_777: (
        "Na_to_K",
        "14,5",
        'Na_to_K: "14,5" is not a number (use a dot as the decimal separator)',
    ),
    999_999: ("Age", "inf", 'Age: "inf" is not a finite number'),
}


def plant(source: Path, target: Path) -> int:
    """Copies the file with the planted values; returns the number of data rows."""
    lines = source.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    for row, (column, value, _) in PLANTED.items():
        if row + 1 >= len(lines):
            continue
        cells = lines[row + 1].split(",")
        cells[header.index(column)] = f'"{value}"' if "," in value else value
        lines[row + 1] = ",".join(cells)
    target.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return len(lines) - 1


# 0-based data row before which a short row goes, for the malformed-file run.
SHORT_ROW_AT = 600_000


def with_short_row(source: Path, target: Path, rows: int) -> tuple[int, str]:
    """The planted file with a short row inserted (`formcast score` then reads it as the
    browser does, not through DuckDB); returns the row's place and its browser message."""
    lines = source.read_bytes().decode("utf-8").split("\r\n")
    at = min(SHORT_ROW_AT, rows // 2)
    width = len(lines[0].split(","))
    short = ",".join(lines[at + 1].split(",")[:2])
    lines.insert(at + 1, short)
    target.write_bytes("\r\n".join(lines).encode("utf-8"))
    return at, f"row has 2 fields, header has {width}"


def _cpu() -> float:
    """CPU seconds of this process, all its threads (DuckDB's and onnxruntime's included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(runs: int, job) -> dict:
    """Wall and CPU seconds per run. On a shared machine the wall time follows the load; the
    CPU time of an in-process engine does not (Spark's JVM is another process: wall only)."""
    seconds, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), _cpu()
        job()
        seconds.append(time.perf_counter() - started)
        cpu.append(_cpu() - used)
    return {
        "median": statistics.median(seconds),
        "min": min(seconds),
        "max": max(seconds),
        "cpu": statistics.median(cpu),
        "n": runs,
    }


def peer_pipeline():
    """The drug model as scikit-learn fits it (training/models/drug.py through training/build)."""
    from training.build import fit
    from training.models import get

    _, _, pipeline, _ = fit(get("drug"))
    return pipeline


def check_output(frame: pd.DataFrame, source: pd.DataFrame, engine: str) -> None:
    """Same row count, the input's cells in its order, errors exactly at the planted rows."""
    if len(frame) != len(source):
        raise AssertionError(
            f"{engine}: {len(frame):,} rows out for {len(source):,} in"
        )
    for column in INPUTS:
        got = frame[column].fillna("").astype(str).to_numpy()
        want = source[column].fillna("").astype(str).to_numpy()
        if not np.array_equal(got, want):
            first = int(np.flatnonzero(got != want)[0])
            raise AssertionError(
                f"{engine}: row {first} of {column} out of order or changed"
            )
    errors = frame["error"].fillna("").astype(str).to_numpy()
    bad = {int(i): errors[i] for i in np.flatnonzero(errors != "")}
    expected = {
        row: message for row, (_, _, message) in PLANTED.items() if row < len(source)
    }
    if bad != expected:
        raise AssertionError(f"{engine}: errors {bad} where {expected} was planted")
    labels = frame["predicted_label"].fillna("").astype(str).to_numpy()
    if (labels == "").sum() != len(expected):
        raise AssertionError(
            f"{engine}: {(labels == '').sum()} rows without a prediction"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "csv", type=Path, help="the batch scenario's generated drug CSV"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spark", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()

    import formcast
    import formcast.duckdb
    from formcast.batch.score_file import score_file

    work = Path(tempfile.mkdtemp(prefix="formcast-engines-"))
    try:
        source = work / "drugs-planted.csv"
        rows = plant(args.csv, source)
        size = source.stat().st_size
        text = pd.read_csv(source, dtype=str, keep_default_na=False)
        planted = sum(1 for row in PLANTED if row < rows)
        results: dict = {"rows": rows, "bytes": size, "planted": planted}

        # The peer: pandas + scikit-learn, read → predict → write, as a server's batch job would.
        pipeline = peer_pipeline()

        def peer() -> None:
            # What a server's batch job does: coerce, keep the rows the model can take, predict.
            frame = pd.read_csv(source, low_memory=False)
            age = pd.to_numeric(frame["Age"], errors="coerce")
            ratio = pd.to_numeric(frame["Na_to_K"], errors="coerce")
            valid = np.isfinite(age) & np.isfinite(ratio)
            valid &= frame["Sex"].isin(["F", "M"]) & frame["Cholesterol"].isin(
                ["HIGH", "NORMAL"]
            )
            valid &= frame["BP"].isin(["HIGH", "LOW", "NORMAL"])
            good = frame.loc[valid, INPUTS].assign(Age=age[valid], Na_to_K=ratio[valid])
            probabilities = pipeline.predict_proba(good)
            frame.loc[valid, "predicted_label"] = pipeline.classes_[
                probabilities.argmax(axis=1)
            ]
            for k, label in enumerate(pipeline.classes_):
                frame.loc[valid, f"p_{label}"] = probabilities[:, k]
            frame.to_csv(work / "peer.csv", index=False)

        results["peer"] = timed(args.runs, peer)
        frame = text[INPUTS]
        results["score_only"] = timed(args.runs, lambda: formcast.score(frame, MODEL))

        def score_pandas() -> None:
            scored = formcast.score(
                pd.read_csv(source, dtype=str, keep_default_na=False), MODEL
            )
            scored.to_csv(work / "score.csv", index=False)

        results["score_pandas"] = timed(args.runs, score_pandas)

        out = work / "duckdb.csv"
        results["duckdb_cli"] = timed(args.runs, lambda: score_file(MODEL, source, out))
        check_output(
            pacsv.read_csv(
                out,
                convert_options=pacsv.ConvertOptions(
                    column_types={
                        c: "string" for c in [*INPUTS, "error", "predicted_label"]
                    },
                    strings_can_be_null=False,
                ),
            ).to_pandas(),
            text,
            "formcast score (DuckDB)",
        )

        # One malformed row: DuckDB stops at it and the command starts over with the browser's
        # reading (formcast/batch/csv_rows.py), one Python thread.
        malformed = work / "drugs-short-row.csv"
        short_at, short_message = with_short_row(source, malformed, rows)
        results["duckdb_cli_malformed"] = timed(
            args.runs, lambda: score_file(MODEL, malformed, out)
        )
        scored = pacsv.read_csv(
            out,
            convert_options=pacsv.ConvertOptions(
                column_types={"error": "string"}, strings_can_be_null=False
            ),
        ).column("error").to_pylist()
        if len(scored) != rows + 1 or scored[short_at] != short_message:
            raise AssertionError(
                f"formcast score, short row: {len(scored):,} rows, row {short_at:,} says "
                f"{scored[short_at]!r}"
            )
        if sum(1 for e in scored if e) != planted + 1:
            raise AssertionError("formcast score, short row: not the planted errors plus one")

        import duckdb

        con = duckdb.connect()
        formcast.duckdb.register(con, MODEL, name="predict_drug")
        # quote given: DuckDB's sniffer reads the first rows only, finds no quotes there, and
        # would split row 777,777's quoted "14,5" in two.
        query = (
            "SELECT count(*), count(r.error) FROM (SELECT predict_drug(Age, Sex, BP, Cholesterol,"
            f" Na_to_K) AS r FROM read_csv('{source}', all_varchar=true, quote='\"', escape='\"'))"
        )
        results["duckdb_udf"] = timed(args.runs, lambda: con.sql(query).fetchall())
        counted = con.sql(query).fetchall()[0]
        if counted != (rows, planted):
            raise AssertionError(f"DuckDB UDF counted {counted}")
        con.close()

        if args.spark:
            results["spark"] = spark_runs(source, work, text, args.runs)
        results["threads"] = os.cpu_count()
        print(json.dumps(results))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def spark_runs(source: Path, work: Path, text: pd.DataFrame, runs: int) -> dict:
    import formcast.spark

    os.environ["PYSPARK_PYTHON"] = sys.executable
    started = time.perf_counter()
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("formcast-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.memory", "2g")
        # A 23 MB file is one partition by default (128 MB splits): one Python worker would
        # score it all. 8 MB splits give three partitions, in the file's order, for two cores.
        .config("spark.sql.files.maxPartitionBytes", str(8 * 1024 * 1024))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    session = time.perf_counter() - started
    try:

        def job() -> None:
            df = spark.read.csv(str(source), header=True)
            formcast.spark.score(df, MODEL).write.mode("overwrite").parquet(
                str(work / "spark")
            )

        first = timed(1, job)  # Python workers start and load the model
        again = timed(runs, job)
        scored = pd.read_parquet(work / "spark")
        check_output(scored, text, "Spark")
        return {"session_seconds": session, "first": first, "next": again}
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
