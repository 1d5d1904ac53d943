"""The input rules applied to whole columns, without a Python step per row.

A column comes as a pandas Series, a NumPy array or an Arrow array. Typed numbers are checked in
bulk (NaN and null are empty cells: pandas and Arrow use them for missing values). Text for a
number input is matched against the browser's number grammar and parsed in bulk; only the values
that fail (rare) go through `input_rules` one distinct value at a time, for the exact message.
Category inputs are reduced to their distinct values, each checked once: a million rows of a few
categories cost a few validations, as in the browser's batch worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from formcast.scoring.browser_text import JS_WHITESPACE, js_number, js_trim
from formcast.scoring.input_rules import (
    DECIMAL_COMMA,
    DECIMAL_PATTERN,
    FLOAT32_OVERFLOW,
    Checked,
    Issue,
    check_value,
    too_large,
)


@dataclass(frozen=True)
class CheckedColumn:
    """One input's column after the rules: values for the model, and a message per bad row."""

    #: Number inputs: the value per row; NaN where the row is empty (optional) or bad.
    numbers: np.ndarray | None
    #: Category inputs: the category's index per row; -1 where empty (optional) or bad.
    codes: np.ndarray | None
    #: The row's message (an object array, None where the value is fine), or None if none is bad.
    messages: np.ndarray | None


@dataclass(frozen=True)
class _Distinct:
    uniques: list[object]
    codes: np.ndarray  # index into uniques per row; -1 for a missing value


def check_column(
    spec: Mapping[str, Any], column: object, *, decimal_comma: bool = False
) -> CheckedColumn:
    """Applies the browser's rules for `spec` to every row of `column`.

    `decimal_comma` reads `14,5` as 14.5, as the browser does in `;`-delimited files only.
    """
    is_number = spec["type"] == "number"
    if _is_arrow(column):
        column = _arrow_array(column)
        if _arrow_is_numeric(column):
            column = _arrow_floats(column)
        elif is_number:
            return _check_arrow_number_text(spec, column, decimal_comma)
        else:
            return _check_distinct(spec, _arrow_distinct(column), decimal_comma)
    if not isinstance(column, np.ndarray | pd.Series):
        column = np.asarray(column, dtype=object)
    if _is_numeric(column):
        values = pd.Series(column).astype("float64").to_numpy(na_value=np.nan)
        return (
            _check_typed_numbers(spec, values)
            if is_number
            else _check_distinct(spec, _distinct_numbers(values), decimal_comma)
        )
    codes, uniques = pd.factorize(pd.Series(column), use_na_sentinel=True)
    return _check_distinct(spec, _Distinct(list(uniques), codes.astype(np.int64)), decimal_comma)


def _is_numeric(column: np.ndarray | pd.Series) -> bool:
    dtype = column.dtype
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def _check_typed_numbers(spec: Mapping[str, Any], values: np.ndarray) -> CheckedColumn:
    missing = np.isnan(values)
    infinite = np.isinf(values)
    with np.errstate(invalid="ignore"):
        huge = ~infinite & (np.abs(values) >= FLOAT32_OVERFLOW)
    numbers = np.where(missing | infinite | huge, np.nan, values)
    messages = None
    name = spec["name"]
    required = not spec.get("optional")
    if infinite.any() or huge.any() or (required and missing.any()):
        messages = np.full(len(values), None, dtype=object)
        if required:
            messages[missing] = f"{name}: missing"
        messages[infinite & (values > 0)] = f"{name}: Infinity is not a finite number"
        messages[infinite & (values < 0)] = f"{name}: -Infinity is not a finite number"
        for value in np.unique(values[huge]).tolist():
            messages[values == value] = too_large(name, js_number(value)).message
    return CheckedColumn(numbers, None, messages)


def _check_distinct(
    spec: Mapping[str, Any], source: _Distinct, decimal_comma: bool
) -> CheckedColumn:
    """Each distinct value through the rules once; numbers in bulk first for number inputs."""
    is_number = spec["type"] == "number"
    # One slot per distinct value plus a last one for missing cells: code -1 indexes it.
    count = len(source.uniques) + 1
    numbers = np.full(count, np.nan) if is_number else None
    codes = None if is_number else np.full(count, -1, dtype=np.int64)
    messages = np.full(count, None, dtype=object)
    pending = range(count)
    if numbers is not None and source.uniques:
        parsed, ok = _parse_python_text(source.uniques)
        numbers[:-1][ok] = parsed[ok]
        pending = [*np.flatnonzero(~ok).tolist(), count - 1]
    categories = None if is_number else {c: i for i, c in enumerate(spec["categories"])}
    for i in pending:
        raw = source.uniques[i] if i < count - 1 else None
        _check_one(spec, raw, decimal_comma, i, numbers, codes, messages, categories)
    rows = source.codes
    bad = np.not_equal(messages, None)
    return CheckedColumn(
        numbers[rows] if numbers is not None else None,
        codes[rows] if codes is not None else None,
        messages[rows] if bad.any() and bad[rows].any() else None,
    )


def _check_one(
    spec: Mapping[str, Any],
    raw: object,
    decimal_comma: bool,
    i: int,
    numbers: np.ndarray | None,
    codes: np.ndarray | None,
    messages: np.ndarray,
    categories: dict[str, int] | None,
) -> None:
    if decimal_comma and numbers is not None and isinstance(raw, str):
        raw = _decimal_comma(raw)
    result = check_value(spec, raw)
    if isinstance(result, Issue):
        messages[i] = result.message
    elif isinstance(result, Checked):
        if numbers is not None:
            numbers[i] = result.value
        elif codes is not None and categories is not None:
            codes[i] = categories[result.value]


def _parse_python_text(values: list[object]) -> tuple[np.ndarray, np.ndarray]:
    """Bulk parse of the values that are plain decimal text within float32's range; `ok` marks
    them. Anything else (other types, bad text, overflow) is left to the one-by-one rules."""
    series = pd.Series(values, dtype=object)
    is_text = series.map(type).eq(str).to_numpy()
    ok = np.zeros(len(values), dtype=bool)
    parsed = np.full(len(values), np.nan)
    if is_text.any():
        trimmed = series[is_text].str.strip(JS_WHITESPACE)
        match = trimmed.str.fullmatch(DECIMAL_PATTERN).to_numpy(dtype=bool)
        where = np.flatnonzero(is_text)[match]
        parsed[where] = trimmed[match].to_numpy(dtype=object).astype(np.float64)
        ok[where] = np.abs(parsed[where]) < FLOAT32_OVERFLOW
    return parsed, ok


def _decimal_comma(text: str) -> str:
    return text.replace(",", ".", 1) if DECIMAL_COMMA.fullmatch(js_trim(text)) else text


def _distinct_numbers(values: np.ndarray) -> _Distinct:
    """Typed numbers given to a category input: each distinct number, as JavaScript writes it."""
    missing = np.isnan(values)
    uniques, inverse = np.unique(values[~missing], return_inverse=True)
    codes = np.full(len(values), -1, dtype=np.int64)
    codes[~missing] = inverse
    return _Distinct([float(u) for u in uniques], codes)


# Arrow columns (DuckDB's and Spark's batches, Arrow tables): the same steps in Arrow compute.


def _is_arrow(column: object) -> bool:
    return type(column).__module__.startswith("pyarrow")


def _arrow_array(column: Any) -> Any:
    import pyarrow as pa

    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column


def _arrow_is_numeric(column: Any) -> bool:
    import pyarrow as pa

    kind = column.type
    return pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)


def _arrow_floats(column: Any) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.compute as pc

    floats = pc.fill_null(pc.cast(column, pa.float64(), safe=False), np.nan)
    return floats.to_numpy(zero_copy_only=False)


def _arrow_distinct(column: Any) -> _Distinct:
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_null(column.type):
        return _Distinct([], np.full(len(column), -1, dtype=np.int64))
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    codes = pc.fill_null(column.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return _Distinct(column.dictionary.to_pylist(), codes)


def _check_arrow_number_text(
    spec: Mapping[str, Any], column: Any, decimal_comma: bool
) -> CheckedColumn:
    """Text for a number input, parsed in bulk; the rows that fail get the one-by-one rules."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return _check_distinct(spec, _arrow_distinct(column), decimal_comma)
    trimmed = pc.utf8_trim(column, characters=JS_WHITESPACE)
    try:
        # A clean column parses whole. Arrow's number grammar is the browser's plus inf, nan and
        # infinity in any case, which come out non-finite and go to the one-by-one rules below;
        # skipping the regex here halves the cost of a DuckDB call (2,048 rows).
        parsed = pc.cast(trimmed, pa.float64())
    except pa.ArrowInvalid:
        match = pc.fill_null(pc.match_substring_regex(trimmed, f"^{DECIMAL_PATTERN}$"), False)
        parsed = pc.cast(pc.if_else(match, trimmed, None), pa.float64())
    numbers = pc.fill_null(parsed, np.nan).to_numpy(zero_copy_only=False).copy()
    # No match, empty, null, or too large for float32 (a double's Infinity included).
    with np.errstate(invalid="ignore"):
        rest = ~(np.abs(numbers) < FLOAT32_OVERFLOW)
    if not rest.any():
        return CheckedColumn(numbers, None, None)
    others = _check_distinct(spec, _arrow_distinct(column.filter(pa.array(rest))), decimal_comma)
    assert others.numbers is not None
    numbers[rest] = others.numbers
    messages = None
    if others.messages is not None:
        messages = np.full(len(column), None, dtype=object)
        messages[rest] = others.messages
    return CheckedColumn(numbers, None, messages)


__all__ = ["CheckedColumn", "check_column"]
