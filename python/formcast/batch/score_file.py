"""`formcast score MODEL_DIR INPUT --out OUTPUT`: a file of any size, read and streamed by DuckDB.

DuckDB reads the CSV (in parallel, as text) or Parquet file and hands over batches of 100k rows;
each batch is scored by the same Scorer as `formcast.score()` and appended to the output, so
memory holds a few batches whatever the file's size. The output is written under a temporary
name beside OUTPUT and renamed when complete: a failure leaves no half-written file.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from formcast.batch.open_file import PARQUET_SUFFIXES, TableSource, explain_duckdb_error, open_table
from formcast.batch.scored_csv import (
    FORMULA_START,
    SIGNED_NUMBER,
    FormulaPolicy,
    csv_line,
    prediction_cells,
)
from formcast.errors import TableError, require
from formcast.scoring.browser_text import JS_WHITESPACE
from formcast.scoring.scorer import Predictions, Scorer

BATCH_ROWS = 100_000


@dataclass
class Summary:
    """What a scored file holds, for the command's report."""

    rows: int = 0
    failed: int = 0
    by_class: Counter[str] = field(default_factory=Counter)
    values: list[float] = field(default_factory=list)  # regression: min, max, sum
    errors: dict[str, list[int]] = field(default_factory=dict)  # message → [count, first row]
    seconds: float = 0.0

    def add(self, predictions: Predictions, first_row: int) -> None:
        columns = predictions.columns
        ok = ~predictions.failed
        self.rows += len(ok)
        self.failed += int(predictions.failed.sum())
        if "predicted_label" in columns:
            counts = pd.Series(columns["predicted_label"][ok]).value_counts()
            self.by_class.update(dict(zip(counts.index, counts.tolist(), strict=True)))
        elif ok.any():
            v = columns["predicted_value"][ok].astype(np.float64)
            low, high, total = float(v.min()), float(v.max()), float(v.sum())
            self.values = (
                [min(self.values[0], low), max(self.values[1], high), self.values[2] + total]
                if self.values
                else [low, high, total]
            )
        for i in np.flatnonzero(predictions.failed).tolist():
            seen = self.errors.setdefault(columns["error"][i], [0, first_row + i + 1])
            seen[0] += 1


def score_file(
    model_dir: str | Path | Scorer,
    source: str | Path,
    out: str | Path,
    *,
    formulas: FormulaPolicy = "escape",
) -> Summary:
    """Scores every row of `source` (.csv or .parquet) into `out` (.csv or .parquet).

    In a CSV output, a cell a spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`, not a
    plain number) gets a leading `'`, as the browser writes it; `formulas="keep"` writes it as
    it came, for pipelines that need the raw text.
    """
    require("duckdb", "duckdb", "formcast score")
    require("pyarrow", "duckdb", "formcast score")
    import duckdb

    started = time.perf_counter()
    scorer = model_dir if isinstance(model_dir, Scorer) else Scorer(model_dir)
    table = open_table(Path(source), [s["name"] for s in scorer.inputs])
    from formcast.scoring.header import find_inputs

    at = find_inputs(table.header, scorer.inputs)
    out_path = Path(out)
    keep = [i for i, name in enumerate(table.header) if name not in scorer.output_columns]
    temporary = out_path.with_name(f".{out_path.name}.formcast-partial")
    summary = Summary()
    header = [table.header[i] for i in keep]
    writer = (
        _ParquetWriter(temporary, header, scorer.output_columns)
        if out_path.suffix.lower() in PARQUET_SUFFIXES
        else _CsvWriter(temporary, header, scorer.output_columns, formulas)
    )
    con = duckdb.connect()
    try:
        for batch in _batches(con, table):
            predictions = scorer.predict(
                [batch.column(i) for i in at], decimal_comma=table.delimiter == ";"
            )
            summary.add(predictions, summary.rows)
            writer.write([batch.column(i) for i in keep], predictions)
        if summary.rows == 0:
            raise TableError(
                f'"{table.path.name}" has a header but no data rows: there is nothing to score.',
            )
        writer.close()
        temporary.replace(out_path)
    except BaseException:
        writer.close()
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    finally:
        con.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _batches(con: Any, table: TableSource) -> Any:
    import duckdb

    try:
        yield from con.sql(f"SELECT * FROM {table.sql}").to_arrow_reader(BATCH_ROWS)
    except duckdb.Error as error:
        raise explain_duckdb_error(table.path, error) from error


class _CsvWriter:
    """The browser's scored CSV: the input's cells as text, requoted; the prediction cells."""

    def __init__(
        self, path: Path, header: list[str], outputs: list[str], formulas: FormulaPolicy
    ) -> None:
        self.outputs = outputs
        self.formulas = formulas
        self.file = path.open("w", encoding="utf-8", newline="")
        self.file.write(csv_line([*header, *outputs], formulas))

    def write(self, columns: list[Any], predictions: Predictions) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        cells = [_csv_text(column, self.formulas) for column in columns]
        suffix = pa.array(
            prediction_cells(predictions.columns, self.outputs, self.formulas), type=pa.string()
        )
        lines = pc.binary_join_element_wise(*cells, suffix, ",") if cells else suffix
        self.file.write("\r\n".join(lines.to_pylist()) + "\r\n")

    def close(self) -> None:
        self.file.close()


def _csv_text(column: Any, formulas: FormulaPolicy) -> Any:
    """A column as CSV fields: typed values as Arrow writes them, empty for null, quoted when
    the browser would quote, formulas escaped as the browser escapes them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        column = pc.cast(column, pa.string())
    text = pc.fill_null(column, "")
    # csvField's /[",\r\n]|^\s|\s$/ as substring searches and a trim: a regex with
    # JavaScript's white-space class took most of the writing time.
    trimmed = pc.utf8_trim(text, characters=JS_WHITESPACE)
    needs = pc.not_equal(trimmed, text)
    for mark in (",", '"', "\r", "\n"):
        needs = pc.or_(needs, pc.match_substring(text, mark))
    cells = text
    if pc.any(needs).as_py():
        doubled = pc.replace_substring(text, '"', '""')
        cells = pc.if_else(needs, pc.binary_join_element_wise('"', doubled, '"', ""), text)
    if formulas == "keep":
        return cells
    # A leading =, +, -, @, tab or CR is rare: the number test runs only when one is there.
    starts = pc.match_substring_regex(text, FORMULA_START)
    if not pc.any(starts).as_py():
        return cells
    number = pc.match_substring_regex(trimmed, SIGNED_NUMBER)
    doubled = pc.replace_substring(text, '"', '""')
    escaped = pc.binary_join_element_wise("\"'", doubled, '"', "")
    return pc.if_else(pc.and_(starts, pc.invert(number)), escaped, cells)


class _ParquetWriter:
    """Parquet: the input's columns as read (text for CSV, typed for Parquet), typed predictions."""

    def __init__(self, path: Path, header: list[str], outputs: list[str]) -> None:
        self.path = path
        self.header = header
        self.writer: Any = None

    def write(self, columns: list[Any], predictions: Predictions) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrays = predictions.arrow_columns()
        table = pa.Table.from_arrays([*columns, *arrays.values()], names=[*self.header, *arrays])
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, table.schema)
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def report(summary: Summary, scorer: Scorer, source: Path, out: Path) -> str:
    """The command's closing lines: counts, classes or values, and the problems by message."""
    rate = summary.rows / summary.seconds if summary.seconds else 0.0
    manifest = scorer.model.manifest
    lines = [
        f"Scored {summary.rows:,} rows of {source.name} with {manifest['id']} "
        f"{manifest['version']} in {summary.seconds:.1f} s ({rate:,.0f} rows/s) → {out}",
    ]
    scored = summary.rows - summary.failed
    if summary.by_class:
        classes = ", ".join(f"{c} {n:,}" for c, n in summary.by_class.most_common())
        lines.append(f"  {scored:,} scored: {classes}")
    elif summary.values:
        low, high, total = summary.values
        lines.append(
            f"  {scored:,} scored: lowest {low:,.6g}, mean {total / scored:,.6g}, "
            f"highest {high:,.6g}"
        )
    if summary.failed:
        lines.append(f"  {summary.failed:,} could not be scored (their error column says why):")
        ranked = sorted(summary.errors.items(), key=lambda item: -item[1][0])
        for message, (count, first) in ranked[:10]:
            lines.append(f"    {count:,} × {message}  (first: row {first:,})")
        if len(ranked) > 10:
            lines.append(f"    … and {len(ranked) - 10:,} other messages")
    return "\n".join(lines)
