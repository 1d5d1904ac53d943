"""The scored CSV, byte for byte as the browser writes it (src/csv/write-csv.ts).

`,` delimiter, CRLF line ends, a field quoted when it holds `,`, `"`, CR or LF or starts or ends
with white space (quotes doubled); a cell a spreadsheet would run as a formula (it starts with
`=`, `+`, `-`, `@`, a tab or CR and is not a plain number) written as `"'…"` unless formulas are
kept; probabilities and values written with the fewest digits that read back as the same float32
(9 significant digits), range ends to 9 significant digits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

import numpy as np
import pandas as pd

from formcast.scoring.browser_text import JS_WHITESPACE, js_number, js_trim

#: What the writer does with formula cells: `escape` them (the default) or `keep` the raw text.
FormulaPolicy = Literal["escape", "keep"]
#: First characters that make a spreadsheet read a cell as a formula (isFormula in write-csv.ts).
FORMULA_START = "^[=+\\-@\\t\\r]"
#: A number with a sign is data, not a formula; matched against the text trimmed as JavaScript
#: trims (a regex with JavaScript's white-space class is slow in Arrow's RE2).
SIGNED_NUMBER = "^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
_FORMULA_START = re.compile(FORMULA_START)
_SIGNED_NUMBER = re.compile(SIGNED_NUMBER)


def is_formula(value: str) -> bool:
    """Whether a spreadsheet would evaluate `value` (OWASP's list of first characters)."""
    return bool(_FORMULA_START.match(value)) and not _SIGNED_NUMBER.match(js_trim(value))


def csv_field(value: str, formulas: FormulaPolicy = "escape") -> str:
    """One field, quoted when the browser quotes it; a formula as `"'…"` unless kept."""
    if formulas == "escape" and is_formula(value):
        return "\"'" + value.replace('"', '""') + '"'
    if any(c in value for c in ',"\r\n') or (
        value and (value[0] in JS_WHITESPACE or value[-1] in JS_WHITESPACE)
    ):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_line(fields: Iterable[str], formulas: FormulaPolicy = "escape") -> str:
    return ",".join(csv_field(f, formulas) for f in fields) + "\r\n"


def to_precision_9(x: float) -> float:
    """`Number(x.toPrecision(9))`: x rounded to 9 significant digits, halves away from zero."""
    if x == 0 or not math.isfinite(x):
        return x
    text = f"{x:.30e}"
    digits = text[: text.index("e")].replace(".", "").lstrip("-")
    if digits[9:].rstrip("0") == "5":  # exactly halfway: %g rounds to even, toPrecision up
        return float(_round_half_up(Decimal(x)))
    return float(f"{x:.9g}")


def _round_half_up(exact: Decimal) -> Decimal:
    exponent = exact.adjusted() - 8
    return exact.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def format_float32(p: float) -> str:
    """formatFloat32: a float32 the model gave, shortest text that reads back the same."""
    return js_number(to_precision_9(float(np.float32(p))))


def format_float(x: float) -> str:
    """formatFloat: a float64 (a range end), to 9 significant digits."""
    return js_number(to_precision_9(float(x)))


def prediction_cells(
    columns: dict[str, np.ndarray], names: list[str], formulas: FormulaPolicy = "escape"
) -> np.ndarray:
    """Each row's prediction cells as one CSV text (no line end), formatted once per distinct
    answer: a tree model gives a handful, so formatting floats, the cost, is paid a few times."""
    rows = len(columns[names[-1]])
    numbers = [n for n in names if n not in ("predicted_label", "error")]
    labels = columns.get("predicted_label")
    errors = columns["error"]
    cells = np.empty(rows, dtype=object)
    failed = np.not_equal(errors, None)
    for i in np.flatnonzero(failed).tolist():
        cells[i] = "," * (len(names) - 1) + csv_field(errors[i], formulas)
    ok = np.flatnonzero(~failed)
    if len(ok) == 0:
        return cells
    matrix = np.column_stack([columns[n][ok] for n in numbers])
    label_names: list[str] = []
    if labels is not None:
        label_codes, label_names = _codes(labels[ok])
        matrix = np.column_stack([matrix, label_codes.astype(matrix.dtype)])
    distinct, inverse = _distinct_rows(matrix)
    texts = []
    for row in distinct:
        parts = [] if labels is None else [csv_field(label_names[int(row[-1])], formulas)]
        for name, value in zip(numbers, row, strict=False):
            writer = format_float if name in ("range_low", "range_high") else format_float32
            parts.append(writer(float(value)))
        texts.append(",".join(parts) + ",")
    cells[ok] = np.array(texts, dtype=object)[inverse]
    return cells


def _distinct_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(matrix, axis=0, return_inverse=True), by hashing rows instead of sorting them
    (sorting was 6 of 15 s for a million rows); a hash collision falls back to sorting."""
    data = np.ascontiguousarray(matrix)
    bits = data.view(np.uint64 if data.dtype.itemsize == 8 else np.uint32).astype(np.uint64)
    key = np.zeros(len(data), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(bits.shape[1]):
            key = key * np.uint64(0x9E3779B97F4A7C15) + bits[:, j]
    inverse, _ = pd.factorize(key)
    first = np.zeros(inverse.max() + 1 if len(inverse) else 0, dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(inverse))[::-1]
    distinct = data[first]
    if np.array_equal(distinct[inverse], data, equal_nan=True):
        return distinct, inverse
    distinct, inverse = np.unique(data, axis=0, return_inverse=True)
    return distinct, inverse.reshape(-1)


def _codes(labels: np.ndarray) -> tuple[np.ndarray, list[str]]:
    codes, names = pd.factorize(labels)
    return codes.astype(np.float64), [str(n) for n in names]
