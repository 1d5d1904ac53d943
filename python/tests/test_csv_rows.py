"""formcast score's reading of malformed CSV (formcast/batch/csv_rows.py) splits rows and fields as
the browser's RowSplitter does, on the awkward texts of tests/fixtures/scored/csv-records.json
(which tests/unit/scored-csv-fixtures.test.ts writes from the browser's code), and does not depend
on where its reads of the file end: a row, a quoted field, a CRLF or a UTF-8 character cut between
two reads comes out as it does from one read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formcast.batch import csv_rows
from formcast.errors import TableError

from .conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"
BROWSER = json.loads((FIXTURES / "scored" / "csv-records.json").read_text("utf-8"))
FILES = [
    "scored/drug-malformed.csv",
    "scored/drug-malformed-crlf.csv",
    "scored/drug-cells.csv",
    "csv/drug-mixed.csv",
]


def _records(path: Path, delimiter: str, read_bytes: int, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(csv_rows, "_READ_BYTES", read_bytes)
    return [[fields, problem] for fields, problem in csv_rows._records(path, delimiter)]


# Every text in one read; the first ones also in reads of 1 and 7 bytes.
@pytest.mark.parametrize(("read_bytes", "texts"), [(1 << 22, len(BROWSER)), (1, 60), (7, 60)])
def test_rows_and_problems_are_the_browsers(
    read_bytes: int, texts: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "awkward.csv"
    for case in BROWSER[:texts]:
        path.write_bytes(case["text"].encode("utf-8"))
        got = _records(path, case["delimiter"], read_bytes, monkeypatch)
        assert got == case["records"], case["text"]


@pytest.mark.parametrize("name", FILES)
def test_a_file_read_in_small_pieces_gives_the_same_rows(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = FIXTURES / name
    delimiter = ";" if "crlf" in name else ","
    whole = _records(path, delimiter, 1 << 22, monkeypatch)
    for read_bytes in (1, 2, 3, 5, 8, 13, 64):
        assert _records(path, delimiter, read_bytes, monkeypatch) == whole, read_bytes


@pytest.mark.parametrize("read_bytes", [1, 2, 1 << 22])
def test_a_byte_order_mark_is_not_data_and_a_bad_byte_is_named(
    read_bytes: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfAge,Sex\r\n47,F\r\n")
    assert _records(path, ",", read_bytes, monkeypatch) == [
        [["Age", "Sex"], None],
        [["47", "F"], None],
    ]
    path.write_bytes(b"Age,Sex\r\n47,caf\xc3\xa9\r\n48,\xe9\r\n")
    with pytest.raises(TableError, match=r'"bom.csv" is not UTF-8 text: byte 22 is not valid'):
        _records(path, ",", read_bytes, monkeypatch)
