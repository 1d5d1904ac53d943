"""Opening a CSV or Parquet file for scoring through DuckDB, with the browser's file checks.

The browser refuses a file that is empty, binary, UTF-16 or not UTF-8, finds the delimiter among
`,` `;` and tab from the first lines, and maps the header by exact names; the same checks and
messages apply here. DuckDB then reads the rows: in parallel, streamed, as text (VARCHAR) for
CSV so every cell gets the browser's rules, typed as stored for Parquet (or `csv_rows` reads a
CSV that DuckDB cannot read as the browser does).
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from formcast.errors import TableError
from formcast.scoring.browser_text import js_trim

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
_SNIFF_BYTES = 256 * 1024
_DELIMITERS = [",", ";", "\t"]


@dataclass(frozen=True)
class TableSource:
    """A file ready to be read: its header, delimiter (CSV) and the SQL that reads it."""

    path: Path
    header: list[str]
    delimiter: str | None
    sql: str


def open_table(path: Path, input_names: list[str]) -> TableSource:
    """Checks the file and builds DuckDB's query for it; raises TableError (CSV_INVALID)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise TableError(f'"{path}" does not exist or is not a file.')
    if suffix in PARQUET_SUFFIXES:
        return _parquet(path)
    if suffix in CSV_SUFFIXES:
        return _csv(path, input_names)
    raise TableError(
        f'"{path.name}" is neither CSV (.csv, .tsv, .txt) nor Parquet (.parquet): '
        "give the file one of those extensions.",
    )


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _parquet(path: Path) -> TableSource:
    import duckdb

    con = duckdb.connect()
    try:
        header = con.sql(f"SELECT * FROM read_parquet({_sql_text(str(path))}) LIMIT 0").columns
    except duckdb.Error as error:
        raise TableError(f'"{path.name}" is not a readable Parquet file: {error}') from error
    finally:
        con.close()
    return TableSource(path, list(header), None, f"read_parquet({_sql_text(str(path))})")


def _csv(path: Path, input_names: list[str]) -> TableSource:
    name = f'"{path.name}"'
    with path.open("rb") as file:
        start = file.read(_SNIFF_BYTES)
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise TableError(f'{name} is UTF-16 text; save it as "CSV UTF-8" and try again.')
    if b"\0" in start:
        raise TableError(
            f"{name} is not a CSV file: it contains binary data. "
            "Export the data as CSV (UTF-8) and try again.",
        )
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError as error:
        raise not_utf8(path, error.start) from error
    text = text.removeprefix("\ufeff")
    lines = [line for line in text.splitlines() if line.strip() != ""]
    if not lines:
        raise TableError(
            f"{name} is empty: a CSV file needs a header line naming its columns "
            f"({', '.join(input_names)}) and at least one data row.",
        )
    delimiter = _guess_delimiter(lines[:10])
    # The header is the first row that is not blank, as the browser takes it.
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next((row for row in rows if len(row) > 1 or (row and js_trim(row[0]))), [])
    # Positional names: the file's own may be empty or repeat (refused later with the browser's
    # message), and DuckDB would rename those.
    columns = ", ".join(f"{_sql_text(f'c{i}')}: 'VARCHAR'" for i in range(len(header)))
    sql = (
        f"read_csv({_sql_text(str(path))}, delim={_sql_text(delimiter)}, quote='\"', "
        f"escape='\"', header=true, auto_detect=false, columns={{{columns}}})"
    )
    return TableSource(path, header, delimiter, sql)


def not_utf8(path: Path, byte: int) -> TableError:
    """The browser's refusal of a file that is not UTF-8, naming the first bad byte."""
    return TableError(
        f'"{path.name}" is not UTF-8 text: byte {byte:,} is not valid UTF-8. '
        'Save it as "CSV UTF-8" and try again.',
    )


def _guess_delimiter(lines: list[str]) -> str:
    """papaparse's guess: the delimiter giving the same field count (> 1) on the most lines."""
    best, best_score = ",", (-1, 0)
    for delimiter in _DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def duckdb_reads_as_the_browser(path: Path, delimiter: str) -> bool:
    """Whether DuckDB's reader would give the browser's rows for this CSV, as far as it cannot
    tell by failing: DuckDB skips a blank line, where the browser keeps it as a row that says
    `row is empty`, and takes `, "x"` as the quoted field `x`, where the browser reads a field
    that starts with a blank as unquoted text. Byte searches, at memory speed; a hit (perhaps
    inside a quoted field) only sends the file the slower, browser's way."""
    import mmap

    d = delimiter.encode()
    blanks = b" \t".replace(d, b"")
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        # DuckDB would take a blank first line for the header; the browser skips it.
        if data[:8].removeprefix(b"\xef\xbb\xbf")[:1] in (b"\r", b"\n", b" ", b"\t"):
            return False
        start, end = 0, len(data)
        while end > start and data[end - 1] in b"\r\n":
            end -= 1
        # A one-byte search runs at memchr's speed, a two-byte one about 20 times slower: the
        # pairs with a CR are looked for only in a file that has one.
        has_cr = data.find(b"\r", start, end) != -1
        pairs = (b"\n\n", b"\r\r", b"\n\r") if has_cr else (b"\n\n",)
        if any(data.find(pair, start, end) != -1 for pair in pairs):
            return False
        if data.find(b'"', start, end) == -1:
            return True
        for blank in blanks:
            pattern = bytes([blank]) + b'"'
            at = data.find(pattern, start, end)
            while at != -1:
                field_start = at
                while field_start > 0 and data[field_start - 1] in blanks:
                    field_start -= 1
                if field_start == 0 or data[field_start - 1] in d + b"\r\n":
                    return False
                at = data.find(pattern, at + 1, end)
    return True
