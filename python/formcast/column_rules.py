"""The input rules applied to whole columns: each distinct value is checked once, then spread.

A column comes as a pandas Series, a NumPy array or an Arrow array. Typed numbers are checked
in bulk (a NaN or null is an empty cell: pandas and Arrow use them for missing values); text
and anything else is reduced to its distinct values, which `input_rules` checks one by one.
A million rows of a few categories cost a few validations, as in the browser's batch worker.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from formcast.browser_text import js_trim
from formcast.input_rules import Checked, Issue, check_value, is_blank

_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+")


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
    source = _numbers_or_distinct(column)
    if isinstance(source, np.ndarray):
        if spec["type"] == "number":
            return _check_typed_numbers(spec, source)
        source = _distinct_numbers(source)
    return _check_distinct(spec, source, decimal_comma)


def _check_typed_numbers(spec: Mapping[str, Any], values: np.ndarray) -> CheckedColumn:
    missing = np.isnan(values)
    infinite = np.isinf(values)
    numbers = np.where(missing | infinite, np.nan, values)
    messages = None
    name = spec["name"]
    if infinite.any() or (missing.any() and not spec.get("optional")):
        messages = np.full(len(values), None, dtype=object)
        if not spec.get("optional"):
            messages[missing] = f"{name}: missing"
        messages[infinite & (values > 0)] = f"{name}: Infinity is not a finite number"
        messages[infinite & (values < 0)] = f"{name}: -Infinity is not a finite number"
    return CheckedColumn(numbers, None, messages)


def _check_distinct(
    spec: Mapping[str, Any], source: _Distinct, decimal_comma: bool
) -> CheckedColumn:
    is_number = spec["type"] == "number"
    categories = None if is_number else {c: i for i, c in enumerate(spec["categories"])}
    # One slot per distinct value, plus a last one for missing cells (code -1 → -1 wraps to it).
    count = len(source.uniques) + 1
    numbers = np.full(count, np.nan) if is_number else None
    codes = None if is_number else np.full(count, -1, dtype=np.int64)
    messages = np.full(count, None, dtype=object)
    for i, raw in enumerate([*source.uniques, None]):
        if decimal_comma and is_number and isinstance(raw, str):
            raw = _decimal_comma(raw)
        result = check_value(spec, raw)
        if isinstance(result, Issue):
            messages[i] = result.message
        elif isinstance(result, Checked):
            if numbers is not None:
                numbers[i] = result.value
            elif codes is not None and categories is not None:
                codes[i] = categories[result.value]
    rows = source.codes
    bad = np.fromiter((m is not None for m in messages), dtype=bool, count=count)
    return CheckedColumn(
        numbers[rows] if numbers is not None else None,
        codes[rows] if codes is not None else None,
        messages[rows] if bad.any() else None,
    )


def _decimal_comma(text: str) -> str:
    return text.replace(",", ".", 1) if _DECIMAL_COMMA.fullmatch(js_trim(text)) else text


def _distinct_numbers(values: np.ndarray) -> _Distinct:
    """Typed numbers given to a category input: each distinct number as JavaScript writes it."""
    missing = np.isnan(values)
    uniques, inverse = np.unique(values[~missing], return_inverse=True)
    codes = np.full(len(values), -1, dtype=np.int64)
    codes[~missing] = inverse
    return _Distinct([float(u) for u in uniques], codes)


def _numbers_or_distinct(column: object) -> np.ndarray | _Distinct:
    """Typed numbers as float64 (NaN for missing), or anything else as its distinct values."""
    if _is_arrow(column):
        return _from_arrow(column)
    series = (
        column if isinstance(column, pd.Series) else pd.Series(np.asarray(column, dtype=object))
    )
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("float64").to_numpy(na_value=np.nan)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return _Distinct(list(uniques), np.asarray(codes, dtype=np.int64))


def _is_arrow(column: object) -> bool:
    module = type(column).__module__
    return module.startswith("pyarrow")


def _from_arrow(column: Any) -> np.ndarray | _Distinct:
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    kind = column.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        floats = pc.cast(column, pa.float64(), safe=False)
        return (
            floats.to_numpy(zero_copy_only=False).astype(np.float64, copy=False)
            if floats.null_count == 0
            else pc.fill_null(floats, np.nan).to_numpy(zero_copy_only=False)
        )
    if pa.types.is_null(kind):
        return _Distinct([], np.full(len(column), -1, dtype=np.int64))
    if not pa.types.is_dictionary(kind):
        column = pc.dictionary_encode(column)
    codes = pc.fill_null(column.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return _Distinct(column.dictionary.to_pylist(), codes)


__all__ = ["CheckedColumn", "check_column", "is_blank"]
