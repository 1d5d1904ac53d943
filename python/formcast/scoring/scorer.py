"""`Scorer`: a model directory ready to score batches of columns with the browser's rules.

Columns in, columns out, no Python loop per row: each input column is checked by
`column_rules`, the valid rows go through the model together (`model_runner`), and the answers
come back as the browser's prediction columns, a failed row carrying its messages in `error`.
`score()` on tables, DuckDB's function, Spark's mapInArrow and `formcast score` all call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from formcast.model_directory.read import ModelDir, load_model_dir
from formcast.scoring.column_rules import check_column
from formcast.scoring.header import output_columns
from formcast.scoring.model_runner import run_rows


@dataclass(frozen=True)
class Predictions:
    """The prediction columns for a batch of rows, aligned with the rows, by output name.

    Float columns hold NaN and text columns None where a row was not scored; `failed` marks
    those rows and `error` says why.
    """

    columns: dict[str, np.ndarray]
    failed: np.ndarray

    def arrow_columns(self) -> dict[str, Any]:
        """The prediction columns as Arrow arrays, null where a row was not scored."""
        import pyarrow as pa

        arrays = {}
        for name, values in self.columns.items():
            if values.dtype == object:
                arrays[name] = pa.array(values, type=pa.string())
            else:
                arrays[name] = pa.array(values, mask=self.failed)
        return arrays


class Scorer:
    """A model directory bound to its session, ready to score batches of columns."""

    def __init__(self, model: ModelDir | str | Path, *, threads: int = 0) -> None:
        self.model = model if isinstance(model, ModelDir) else load_model_dir(model)
        self.threads = threads
        self.output_columns = output_columns(self.model.manifest)

    @property
    def inputs(self) -> list[dict[str, Any]]:
        return self.model.inputs

    def predict(
        self,
        columns: Sequence[object],
        *,
        decimal_comma: bool = False,
        row_problems: np.ndarray | None = None,
    ) -> Predictions:
        """Scores rows given as one column per input, in manifest order (any mix of text and
        typed numbers, as pandas, NumPy or Arrow arrays). A row with a message in
        `row_problems` (a malformed CSV row) is not scored and gets that message alone."""
        specs = self.inputs
        checked = [
            check_column(spec, column, decimal_comma=decimal_comma)
            for spec, column in zip(specs, columns, strict=True)
        ]
        rows = len(checked[0].numbers if checked[0].numbers is not None else checked[0].codes)
        errors = _join_messages([c.messages for c in checked], rows)
        if row_problems is not None and np.not_equal(row_problems, None).any():
            whole_row = np.not_equal(row_problems, None)
            errors = np.full(rows, None, dtype=object) if errors is None else errors
            errors[whole_row] = row_problems[whole_row]
        failed = np.not_equal(errors, None) if errors is not None else np.zeros(rows, dtype=bool)
        valid = ~failed
        count = int(valid.sum())
        values = {
            spec["name"]: (c.numbers if c.numbers is not None else c.codes)[valid]
            for spec, c in zip(specs, checked, strict=True)
        }
        output = run_rows(self.model, values, count, self.threads) if count else None
        return Predictions(self._columns(output, valid, errors, rows), failed)

    def _columns(
        self, output: Any, valid: np.ndarray, errors: np.ndarray | None, rows: int
    ) -> dict[str, np.ndarray]:
        manifest = self.model.manifest
        names = self.output_columns
        columns: dict[str, np.ndarray] = {}
        scores = np.full((rows, len(names) - 1), np.nan, dtype=np.float32)
        if output is not None:
            scores[valid, : output.scores.shape[1]] = output.scores
        if manifest["task"] == "regression":
            value = scores[:, 0]
            columns["predicted_value"] = value
            interval = manifest["outputs"].get("interval")
            if interval:
                low, high = _value_range(value.astype(np.float64), interval)
                columns["range_low"], columns["range_high"] = low, high
        else:
            labels = np.full(rows, None, dtype=object)
            if output is not None:
                labels[valid] = output.labels
            columns["predicted_label"] = labels
            for k, name in enumerate(names[1:-1]):
                columns[name] = scores[:, k]
        columns["error"] = errors if errors is not None else np.full(rows, None, dtype=object)
        return columns


def _value_range(value: np.ndarray, interval: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """src/manifest/outputs.ts valueRange, in float64 as JavaScript computes it."""
    if interval["kind"] == "ratio":
        a, b = value * interval["lower"], value * interval["upper"]
    else:
        a, b = value + interval["lower"], value + interval["upper"]
    return np.fmin(a, b), np.fmax(a, b)


def _join_messages(per_column: list[np.ndarray | None], rows: int) -> np.ndarray | None:
    """Each row's messages in input order, joined by "; " as the browser's error column."""
    joined: np.ndarray | None = None
    for messages in per_column:
        if messages is None:
            continue
        if joined is None:
            joined = messages.copy()
            continue
        has_new = np.not_equal(messages, None)
        has_old = np.not_equal(joined, None)
        both = has_new & has_old
        joined[both] = joined[both] + "; " + messages[both]
        only_new = has_new & ~has_old
        joined[only_new] = messages[only_new]
    return joined
