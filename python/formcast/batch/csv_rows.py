"""CSV rows read as the browser reads them, malformed ones included (src/batch/row-scan.ts,
split-rows.ts, validate-columns.ts).

A row ends at LF, CR or CRLF outside quoted fields; a field is quoted when it starts with `"`,
`""` inside is a quote and spaces may follow the closing quote. A row whose quoting is broken
ends at the first line break after its bad field's opening quote and keeps the fields papaparse's
recovery makes of it; a blank line between data rows, a row of empty cells, a row with another
field count and a broken one each stay in place with the browser's message, so no row is lost
and none takes its neighbours with it.

`formcast score` reads through DuckDB, which is parallel but stops at such a row and skips blank
lines; this reader, one Python pass, takes over for the files that have them.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from formcast.batch.open_file import not_utf8
from formcast.scoring.browser_text import JS_WHITESPACE, js_trim

NEVER_CLOSED = "a quoted field is never closed"
TEXT_AFTER_QUOTE = "a quoted field has text after its closing quote"
EMPTY_ROW = "row is empty"
_READ_BYTES = 4 * 1024 * 1024
_MAX_EXTRA_SHOWN = 200

# A row's end: (end of its content, start of the next row, quoting problem), or None while the
# text read so far may not hold all of it.
_RowEnd = tuple[int, int, str | None] | None


@dataclass(frozen=True)
class RowBatch:
    """Data rows as text columns (short rows padded, long ones cut to the header) and, per row,
    the message of a row-level problem or None."""

    columns: list[Any]  # pyarrow string arrays, one per header column
    problems: np.ndarray


def read_row_batches(path: Path, delimiter: str, width: int, batch_rows: int) -> Iterator[RowBatch]:
    """The data rows after the header (the first non-blank row), in batches of `batch_rows`."""
    records = _records(path, delimiter)
    blanks = JS_WHITESPACE + delimiter
    for fields, problem in records:
        if problem is not None or not _is_blank_line(fields):
            break
    rows: list[list[str]] = []
    problems: list[str | None] = []
    # Blank lines are rows only when data follows: trailing ones may be the file's end.
    blank_lines = 0
    for fields, problem in records:
        if problem is None:
            if _is_blank_line(fields):
                blank_lines += 1
                continue
            if len(fields) != width:
                problem = _row_problem(fields, width)
            # A row of empty or blank cells; one strip of the line, not a trim per cell.
            elif not fields[0].strip(JS_WHITESPACE) and not delimiter.join(fields).strip(blanks):
                problem = EMPTY_ROW
        if len(fields) != width:  # a short row padded, a long one cut, as the browser writes it
            fields = (fields + [""] * width)[:width]
        if blank_lines:
            rows.extend([[""] * width] * blank_lines)
            problems.extend([EMPTY_ROW] * blank_lines)
            blank_lines = 0
        rows.append(fields)
        problems.append(problem)
        if len(rows) >= batch_rows:
            yield _batch(rows, problems)
            rows, problems = [], []
    if rows:
        yield _batch(rows, problems)


def _batch(rows: list[list[str]], problems: list[str | None]) -> RowBatch:
    import pyarrow as pa

    columns = [pa.array(cells, type=pa.string()) for cells in zip(*rows, strict=True)]
    return RowBatch(columns, np.array(problems, dtype=object))


def _is_blank_line(fields: list[str]) -> bool:
    return len(fields) == 1 and not fields[0].strip(JS_WHITESPACE)


def _row_problem(fields: list[str], width: int) -> str | None:
    """A row whose field count is not the header's (or a blank row of another width)."""
    if all(js_trim(f) == "" for f in fields):
        return EMPTY_ROW
    message = f"row has {len(fields)} fields, header has {width}"
    if len(fields) > width:
        extra = ", ".join(json.dumps(f, ensure_ascii=False) for f in fields[width:])
        shown = extra if len(extra) <= _MAX_EXTRA_SHOWN else extra[:_MAX_EXTRA_SHOWN] + "…"
        message += f" (extra: {shown})"
    return message


def _records(path: Path, delimiter: str) -> Iterator[tuple[list[str], str | None]]:
    """Every record of the file, blank lines included, with its quoting problem if any."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    text = ""
    read = 0
    started = False
    with path.open("rb") as file:
        while True:
            data = file.read(_READ_BYTES)
            final = not data
            # The decoder reads the bytes it held back (a character cut by the last read) first.
            held = len(decoder.getstate()[0])
            try:
                piece = decoder.decode(data, final=final)
            except UnicodeDecodeError as error:
                raise not_utf8(path, read - held + error.start) from error
            read += len(data)
            if piece and not started:
                piece = piece.removeprefix("\ufeff")
                started = True
            text += piece
            pos = yield from _complete_records(text, final, delimiter)
            text = text[pos:]
            if final:
                return


def _complete_records(text: str, final: bool, d: str) -> Iterator[tuple[list[str], str | None]]:
    """The records that end within `text`; returns where the first unfinished one starts."""
    n = len(text)
    pos = 0
    while pos < n:
        quote = text.find('"', pos)
        # Lines before the one holding the next quote cannot be in a quoted field: each line
        # break among them ends a row, so they are split all at once.
        stretch_end = _complete_lines_end(text, pos, n if quote == -1 else quote, final)
        if stretch_end > pos:
            stretch = text[pos:stretch_end]
            if "\r" in stretch:
                stretch = stretch.replace("\r\n", "\n").replace("\r", "\n")
            lines = stretch.split("\n")
            if stretch.endswith("\n"):
                lines.pop()
            for line in lines:
                yield line.split(d), None
            pos = stretch_end
            continue
        if quote == -1:
            return pos
        row = _row_end(text, pos, final, d)
        if row is None:
            return pos
        content_end, end, problem = row
        if problem is None:
            yield _fields(text, pos, content_end, d), None
        else:
            yield _recovered_fields(text[pos:content_end], d), problem
        pos = end
    return pos


def _complete_lines_end(text: str, pos: int, limit: int, final: bool) -> int:
    """Where the whole lines of text[pos:limit] end: after the last line break before `limit`
    (the end of the text when it is the file's last and no quote follows), never after a CR
    that ends the text read so far (it may be half of a CRLF)."""
    if limit == len(text) and final:
        return limit
    end = max(text.rfind("\n", pos, limit), text.rfind("\r", pos, limit))
    if end == -1:
        return pos
    if text[end] == "\r":
        if end + 1 == len(text):
            return pos if end == pos else _complete_lines_end(text, pos, end, final)
        if text[end + 1] == "\n":
            end += 1
    return end + 1


def _next_break(text: str, start: int) -> int:
    lf = text.find("\n", start)
    cr = text.find("\r", start, len(text) if lf == -1 else lf)
    return lf if cr == -1 else cr


def _break_end(text: str, at: int, final: bool) -> int | None:
    """Where the next row starts after the line break at `at` (LF, CR or CRLF); None while a
    CR ends the text read so far (it may be half of a CRLF)."""
    if text[at] == "\n":
        return at + 1
    if at + 1 == len(text):
        return at + 1 if final else None
    return at + 2 if text[at + 1] == "\n" else at + 1


def _row_end(text: str, start: int, final: bool, d: str) -> _RowEnd:
    """RowScan.rowEnd: where the row at `start` ends and whether its quoting holds."""
    n = len(text)
    field = start
    while True:
        if text.startswith('"', field):
            close = field + 1
            while True:
                close = text.find('"', close)
                if close == -1:
                    return _broken(text, field, final, NEVER_CLOSED) if final else None
                if not text.startswith('"', close + 1):
                    break
                close += 2
            after = close + 1
            while after < n and text[after] != d and text[after] in " \t":
                after += 1
            if after == n:
                return (n, n, None) if final else None
            if text[after] == d:
                field = after + 1
                continue
            if text[after] in "\r\n":
                end = _break_end(text, after, final)
                return None if end is None else (after, end, None)
            return _broken(text, field, final, TEXT_AFTER_QUOTE)
        # An unquoted field (a quote inside it is text): the row ends at the next line break,
        # unless a later field starts with a quote before it.
        brk = _next_break(text, field)
        quoted = text.find(d + '"', field, n if brk == -1 else brk)
        if quoted != -1:
            field = quoted + 1
            continue
        if brk == -1:
            return (n, n, None) if final else None
        end = _break_end(text, brk, final)
        return None if end is None else (brk, end, None)


def _broken(text: str, quote: int, final: bool, problem: str) -> _RowEnd:
    """A row with broken quoting ends at the first line break after the bad field's quote."""
    at = _next_break(text, quote)
    if at == -1:
        return (len(text), len(text), problem) if final else None
    end = _break_end(text, at, final)
    return None if end is None else (at, end, problem)


def _fields(text: str, start: int, end: int, d: str) -> list[str]:
    """The fields of a well-formed row: quoted ones unquoted, spaces after a closing quote
    dropped."""
    fields: list[str] = []
    i = start
    while True:
        if i < end and text[i] == '"':
            close = i + 1
            while True:
                close = text.find('"', close, end)
                if close + 1 < end and text[close + 1] == '"':
                    close += 2
                    continue
                break
            fields.append(text[i + 1 : close].replace('""', '"'))
            next_field = text.find(d, close + 1, end)
            if next_field == -1:
                return fields
            i = next_field + 1
            continue
        next_field = text.find(d, i, end)
        if next_field == -1:
            fields.append(text[i:end])
            return fields
        fields.append(text[i:next_field])
        i = next_field + 1


def _recovered_fields(segment: str, d: str) -> list[str]:
    """What papaparse (newline LF) makes of a row with broken quoting, its records flattened:
    a quoted field runs to the first quote followed by (spaces and) a delimiter or line break,
    or to the end; values are kept, the problem goes to the error column."""
    rows: list[list[str]] = []
    row: list[str] = []
    cursor = 0
    n = len(segment)
    while True:
        if segment.startswith('"', cursor):
            cursor += 1
            search = cursor - 1
            while True:
                search = segment.find('"', search + 1)
                if search == -1:
                    row.append(segment[cursor:])
                    rows.append(row)
                    return _flatten(rows)
                if search == n - 1:
                    row.append(segment[cursor:search].replace('""', '"'))
                    rows.append(row)
                    return _flatten(rows)
                if segment[search + 1] == '"':
                    search += 1
                    continue
                after = search + 1
                next_delim = segment.find(d, after)
                next_line = segment.find("\n", after)
                up_to = next_delim if next_line == -1 else min(next_delim, next_line)
                spaces = _spaces_between(segment, after, up_to)
                if segment.startswith(d, after + spaces):
                    row.append(segment[cursor:search].replace('""', '"'))
                    cursor = after + spaces + len(d)
                    break
                spaces = _spaces_between(segment, after, next_line)
                if segment.startswith("\n", after + spaces):
                    row.append(segment[cursor:search].replace('""', '"'))
                    rows.append(row)
                    row = []
                    cursor = after + spaces + 1
                    break
            continue
        next_delim = segment.find(d, cursor)
        next_line = segment.find("\n", cursor)
        if next_delim != -1 and (next_line == -1 or next_delim < next_line):
            row.append(segment[cursor:next_delim])
            cursor = next_delim + len(d)
        elif next_line != -1:
            row.append(segment[cursor:next_line])
            rows.append(row)
            row = []
            cursor = next_line + 1
        else:
            row.append(segment[cursor:])
            rows.append(row)
            return _flatten(rows)


def _spaces_between(text: str, start: int, index: int) -> int:
    """papaparse's extraSpaces: how many blanks fill text[start:index], if nothing else does."""
    if index == -1:
        return 0
    between = text[start:index]
    return len(between) if between and js_trim(between) == "" else 0


def _flatten(rows: list[list[str]]) -> list[str]:
    return [field for row in rows for field in row] or [""]
