"""`formcast score MODEL_DIR INPUT --out OUTPUT`: a file of any size, read and streamed by DuckDB.

DuckDB reads the CSV (in parallel, as text) or Parquet file and hands over batches of 100k rows;
each batch is scored by the same Scorer as `formcast.score()` and appended to the output, so
memory holds a few batches whatever the file's size. A CSV with malformed rows or blank lines,
which DuckDB stops at or skips, is read by `csv_rows` as the browser reads it instead. The
output is written under a temporary name beside OUTPUT and renamed when complete: a failure
leaves no half-written file.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from formcast.batch.csv_rows import EMPTY_ROW, read_row_batches
from formcast.batch.open_file import (
    PARQUET_SUFFIXES,
    TableSource,
    duckdb_reads_as_the_browser,
    open_table,
)
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

    Every row of the input is a row of the output, in order: a CSV row the browser would not
    score (another field count, broken quoting, a blank line, bad values) keeps its place with
    the browser's message in `error`. Only a file that cannot be read at all raises TableError.

    In a CSV output, a cell a spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`, not a
    plain number) gets a leading `'`, as the browser writes it; `formulas="keep"` writes it as
    it came, for pipelines that need the raw text.
    """
    require("duckdb", "duckdb", "formcast score")
    require("pyarrow", "duckdb", "formcast score")

    started = time.perf_counter()
    scorer = model_dir if isinstance(model_dir, Scorer) else Scorer(model_dir)
    table = open_table(Path(source), [s["name"] for s in scorer.inputs])
    out_path = Path(out)
    temporary = out_path.with_name(f".{out_path.name}.formcast-partial")
    parquet = out_path.suffix.lower() in PARQUET_SUFFIXES

    def score(batches: Iterator[_Batch]) -> Summary:
        return _score_batches(scorer, table, batches, temporary, parquet, formulas)

    try:
        if table.delimiter is not None and not duckdb_reads_as_the_browser(
            table.path, table.delimiter
        ):
            summary = score(_browser_batches(table))
        else:
            try:
                summary = score(_duckdb_batches(table))
            except _DuckDbReadError:
                # A malformed row: DuckDB cannot go past it, the browser's reading can.
                summary = score(_browser_batches(table))
        if summary.rows == 0:
            raise TableError(
                f'"{table.path.name}" has a header but no data rows: there is nothing to score.',
            )
        temporary.replace(out_path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    summary.seconds = time.perf_counter() - started
    return summary


# A batch of rows: one text or typed column per header column, and each row's whole-row
# problem (None when the row's cells are to be checked).
_Batch = tuple[list[Any], "np.ndarray | None"]


def _score_batches(
    scorer: Scorer,
    table: TableSource,
    batches: Iterator[_Batch],
    path: Path,
    parquet: bool,
    formulas: FormulaPolicy,
) -> Summary:
    from formcast.scoring.header import find_inputs

    at = find_inputs(table.header, scorer.inputs)
    keep = [i for i, name in enumerate(table.header) if name not in scorer.output_columns]
    header = [table.header[i] for i in keep]
    writer = (
        _ParquetWriter(path, header, scorer.output_columns)
        if parquet
        else _CsvWriter(path, header, scorer.output_columns, formulas)
    )
    summary = Summary()
    try:
        for columns, problems in batches:
            predictions = scorer.predict(
                [columns[i] for i in at],
                decimal_comma=table.delimiter == ";",
                row_problems=problems,
            )
            summary.add(predictions, summary.rows)
            writer.write([columns[i] for i in keep], predictions)
    finally:
        writer.close()
    return summary


class _DuckDbReadError(Exception):
    """DuckDB's CSV reader stopped at a row it cannot read."""


def _duckdb_batches(table: TableSource) -> Iterator[_Batch]:
    import duckdb

    con = duckdb.connect()
    try:
        reader = con.sql(f"SELECT * FROM {table.sql}").to_arrow_reader(BATCH_ROWS)
        for batch in reader:
            columns = batch.columns
            yield columns, (_empty_rows(columns) if table.delimiter is not None else None)
    except (duckdb.Error, OSError) as error:  # Arrow's reader raises DuckDB's errors as OSError
        if table.delimiter is None:
            raise TableError(f'"{table.path.name}" could not be read: {error}') from error
        raise _DuckDbReadError from error
    finally:
        con.close()


def _browser_batches(table: TableSource) -> Iterator[_Batch]:
    assert table.delimiter is not None
    for batch in read_row_batches(table.path, table.delimiter, len(table.header), BATCH_ROWS):
        yield batch.columns, batch.problems


def _empty_rows(columns: list[Any]) -> np.ndarray | None:
    """`row is empty` where every cell is empty or blank (a line of delimiters), as the
    browser says; None when no row is."""
    import pyarrow.compute as pc

    def blank(column: Any) -> Any:
        text = pc.fill_null(column, "")
        return pc.equal(pc.utf8_trim(text, characters=JS_WHITESPACE), "")

    empty = blank(columns[0])
    for column in columns[1:]:
        if not pc.any(empty).as_py():
            return None
        empty = pc.and_(empty, blank(column))
    if not pc.any(empty).as_py():
        return None
    return np.where(empty.to_numpy(zero_copy_only=False), EMPTY_ROW, None).astype(object)


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
