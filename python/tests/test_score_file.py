"""`formcast score`: files through DuckDB, written exactly as the browser writes a scored CSV."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from formcast.batch.scored_csv import format_float
from formcast.cli import main

from .conftest import MODELS, REPO, golden

FIXTURES = REPO / "tests" / "fixtures"

# The same cases as tests/unit/scored-csv-fixtures.test.ts, whose expected files the browser's
# own scoreCsv() writes.
CASES = [
    ("scored/drug-cells.csv", "drug"),
    ("scored/hr-cells.csv", "hr"),
    ("scored/house-cells.csv", "house"),
    ("csv/drug-semicolon.csv", "drug"),
    ("scored/drug-malformed.csv", "drug"),
    ("scored/drug-malformed-crlf.csv", "drug"),
    ("scored/drug-quotes.csv", "drug"),
]


@pytest.mark.parametrize(("source", "model"), CASES)
def test_csv_out_is_the_browsers_scored_csv(source: str, model: str, tmp_path: Path) -> None:
    """Same bytes, except where the two onnxruntime builds (native here, WebAssembly there)
    round a regression value differently in float32's last bit: those cells agree within the
    model's golden tolerance and are written in the same format."""
    out = tmp_path / "scored.csv"
    code = main(
        ["score", str(MODELS / model), str(FIXTURES / source), "--out", str(out), "--quiet"]
    )
    assert code == 0
    expected = FIXTURES / "scored" / Path(source).name.replace(".csv", ".scored.csv")
    got_bytes, want_bytes = out.read_bytes(), expected.read_bytes()
    if golden(model)["task"] != "regression":
        assert got_bytes == want_bytes
        return
    got, want = _cells(got_bytes), _cells(want_bytes)
    assert got[0] == want[0] and len(got) == len(want)
    numeric = {i for i, name in enumerate(want[0]) if name in NUMERIC_OUTPUTS}
    tolerance = golden(model)["tolerance"]
    for got_row, want_row in zip(got[1:], want[1:], strict=True):
        for i, (a, b) in enumerate(zip(got_row, want_row, strict=True)):
            if i in numeric and a and b:
                assert float(a) == pytest.approx(float(b), rel=tolerance)
                assert a == format_float(float(a))  # the browser's writing of that number
            else:
                assert a == b


NUMERIC_OUTPUTS = {"predicted_value", "range_low", "range_high"}


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_parquet_in_and_out_keep_types_and_give_the_same_answers(tmp_path: Path) -> None:
    """A typed Parquet file (numbers as doubles) scores like its CSV; Parquet output is typed."""
    source = FIXTURES / "scored" / "drug-cells.csv"
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    typed = frame.copy()
    typed["Age"] = pd.to_numeric(typed["Age"], errors="coerce")  # "abc" → null: missing
    typed.to_parquet(tmp_path / "in.parquet")
    assert (
        main(
            [
                "score",
                str(MODELS / "drug"),
                str(tmp_path / "in.parquet"),
                "--out",
                str(tmp_path / "out.parquet"),
                "--quiet",
            ]
        )
        == 0
    )
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.schema.field("Age").type == "double"
    assert out.schema.field("p_drugA").type == "float"
    expected = pd.read_csv(
        FIXTURES / "scored" / "drug-cells.scored.csv", dtype=str, keep_default_na=False
    )
    got = out.to_pandas()
    same = expected["Age"].map(lambda a: a.strip() not in ("abc", "x", "NaN"))
    assert (
        got["predicted_label"][same].fillna("").tolist()
        == expected["predicted_label"][same].tolist()
    )
    assert got.loc[expected["id"] == "m3", "error"].tolist() == ["Age: missing"]


def test_malformed_rows_without_blank_lines_keep_their_place(tmp_path: Path) -> None:
    """Without blank lines DuckDB reads the file first and stops at the short row; every row
    still comes out in place with the browser's message."""
    source = FIXTURES / "scored" / "drug-malformed.csv"
    lines = source.read_bytes().split(b"\n")
    kept = [line for line in lines if line.strip() != b""]
    (tmp_path / "in.csv").write_bytes(b"\n".join(kept) + b"\n")
    scored = (FIXTURES / "scored" / "drug-malformed.scored.csv").read_bytes().split(b"\r\n")
    # The blank lines' rows go; the row of commas after b3 stays.
    empty = b",,,,,,,,,,,,,row is empty"
    expected = [line for line in scored if line != empty]
    after_b3 = next(i for i, line in enumerate(expected) if line.startswith(b"b3,")) + 1
    expected.insert(after_b3, empty)
    out = tmp_path / "scored.csv"
    assert main(["score", str(MODELS / "drug"), str(tmp_path / "in.csv"), "--out", str(out)]) == 0
    assert out.read_bytes() == b"\r\n".join(expected)


def test_a_row_of_empty_cells_says_so_on_the_fast_path(tmp_path: Path) -> None:
    """A well-formed file (DuckDB reads it through): a line of delimiters is `row is empty`,
    as in the browser, not a list of missing inputs."""
    source = FIXTURES / "scored" / "drug-cells.csv"
    lines = source.read_bytes().split(b"\n")
    (tmp_path / "in.csv").write_bytes(b"\n".join([*lines[:3], b",,,, ,,", *lines[3:]]))
    out = tmp_path / "scored.csv"
    assert main(["score", str(MODELS / "drug"), str(tmp_path / "in.csv"), "--out", str(out)]) == 0
    expected = (FIXTURES / "scored" / "drug-cells.scored.csv").read_bytes().split(b"\r\n")
    expected.insert(3, b',,,," ",,,,,,,,,row is empty')
    assert out.read_bytes() == b"\r\n".join(expected)


def test_blank_lines_before_the_header_are_not_rows(tmp_path: Path) -> None:
    """The browser takes the first row that is not blank for the header (checked in the browser
    with this input: the same bytes as without the blank lines); DuckDB would take the first."""
    body = (FIXTURES / "scored" / "drug-cells.csv").read_bytes()
    (tmp_path / "in.csv").write_bytes(b"\r\n  \r\n\t\n" + body)
    out = tmp_path / "scored.csv"
    assert main(["score", str(MODELS / "drug"), str(tmp_path / "in.csv"), "--out", str(out)]) == 0
    assert out.read_bytes() == (FIXTURES / "scored" / "drug-cells.scored.csv").read_bytes()


def test_a_file_with_malformed_rows_scores_every_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "scored.csv"
    code = main(
        ["score", str(MODELS / "drug"), str(FIXTURES / "csv" / "drug-mixed.csv"), "--out", str(out)]
    )
    assert code == 0
    rows = _cells(out.read_bytes())
    assert [row[0] for row in rows[1:]] == [*map(str, range(1, 11)), "", "12", "13", "14"]
    errors = {row[0]: row[-1] for row in rows[1:]}
    assert errors[""] == "row is empty"
    assert errors["12"] == "row has 5 fields, header has 7"
    assert errors["13"] == "" and errors["14"] == ""
    assert "1 × row has 5 fields, header has 7  (first: row 12)" in capsys.readouterr().err


def test_bytes_that_are_not_utf8_past_the_first_read_stop_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The one reading failure that is the file's, not a row's: non-zero exit, nothing written."""
    good = b"g,training row,23,F,HIGH,HIGH,25.355\n" * 20_000
    (tmp_path / "in.csv").write_bytes(
        b"id,note,Age,Sex,BP,Cholesterol,Na_to_K\n" + good + b"x,caf\xe9,30,M,LOW,HIGH,9\n"
    )
    out = tmp_path / "scored.csv"
    assert main(["score", str(MODELS / "drug"), str(tmp_path / "in.csv"), "--out", str(out)]) == 1
    offset = 39 + len(good) + 5
    assert (
        f'"in.csv" is not UTF-8 text: byte {offset:,} is not valid UTF-8' in capsys.readouterr().err
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("empty.csv", '"empty.csv" is empty: a CSV file needs a header line'),
        ("header-only.csv", '"header-only.csv" has a header but no data rows'),
        ("missing-column.csv", 'Missing column "Na_to_K": the file has "Na_to_k"'),
        ("duplicate-columns.csv", 'The header has 2 columns named "Age" (columns 1, 4)'),
    ],
)
def test_unusable_files_are_refused_with_the_browsers_message(
    fixture: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "score",
            str(MODELS / "drug"),
            str(FIXTURES / "csv" / fixture),
            "--out",
            str(tmp_path / "o.csv"),
        ]
    )
    assert code == 1
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_console_entry_point_reports_counts(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "formcast",
            "score",
            str(MODELS / "drug"),
            str(FIXTURES / "scored" / "drug-cells.csv"),
            "--out",
            str(tmp_path / "o.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Scored 33 rows of drug-cells.csv with drug 1.0.0" in result.stderr
    assert '1 × Age: "abc" is not a number  (first: row 15)' in result.stderr


def test_formula_cells_are_escaped_unless_kept(tmp_path: Path) -> None:
    """As the browser: `=1+1` is written `"'=1+1"`; --keep-formulas writes it as it came."""
    source = FIXTURES / "scored" / "drug-cells.csv"
    for flag, note in ((), "'=1+1"), (("--keep-formulas",), "=1+1"):
        out = tmp_path / f"out{len(flag)}.csv"
        assert main(["score", str(MODELS / "drug"), str(source), "--out", str(out), *flag]) == 0
        rows = {row[0]: row for row in _cells(out.read_bytes())}
        assert rows["m15"][1] == note
        assert rows["m17"][1] == ("'" if not flag else "") + "+cmd|' /C calc'!A0"
        assert rows["m18"][2] == "-5"  # a signed number is data, never escaped
