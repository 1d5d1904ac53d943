"""Parity: the fitted model's answers (the golden rows) against onnxruntime's.

The golden rows are the contract between the runtimes: this check and the browser's read the
same file, so a difference anywhere shows up as a failing row, named with its note.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import onnxruntime as ort
import pandas as pd

from formcast.constants import EMPTY_CATEGORY
from formcast.errors import ParityError
from formcast.exporting.inputs import Input

# One form's values; None is an empty optional field.
Row = dict[str, int | float | str | None]


@dataclass(frozen=True)
class ParityReport:
    rows: int
    within_tolerance: int
    max_abs_difference: float
    # Classifiers: rows whose label matches. Regressors: the largest |a − b| / max(1, |b|).
    labels_equal: int | None = None
    max_relative_difference: float | None = None
    rows_by_kind: dict[str, int] = field(default_factory=dict)


def rows_frame(inputs: Sequence[Input], rows: Sequence[Row]) -> pd.DataFrame:
    """Rows as the fitted model is given them: numbers rounded to float32 (what the browser's
    tensors hold), an empty field as the model's own missing marker, categories as the encoder
    holds them."""
    columns: dict[str, Any] = {}
    for spec in inputs:
        values = [row[spec.name] for row in rows]
        if spec.is_number:
            as_float = np.array(
                [np.nan if v is None else float(v) for v in values], dtype=np.float64
            )
            columns[spec.name] = as_float.astype(np.float32).astype(np.float64)
        else:
            columns[spec.name] = pd.Series(
                [spec.empty if v is None else spec.originals.get(str(v), v) for v in values],
                dtype=object,
            )
    return pd.DataFrame(columns, columns=[spec.name for spec in inputs])


def model_answers(
    model: Any, inputs: Sequence[Input], rows: Sequence[Row], classifier: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Classifiers: (labels, probabilities); regressors: (values, empty array)."""
    frame = rows_frame(inputs, rows)
    if classifier:
        return np.asarray(model.predict(frame)), np.asarray(model.predict_proba(frame))
    values = np.asarray(model.predict(frame), dtype=np.float64).ravel()
    return values, np.empty(0)


def onnx_feeds(
    inputs: Sequence[Input], tensors: Mapping[str, str], rows: Sequence[Row]
) -> dict[str, np.ndarray]:
    """One [N, 1] tensor per raw column, the way the browser feeds the model: float32 numbers
    (NaN for an empty field) and strings ("" for an empty field)."""
    feeds = {}
    for spec in inputs:
        values = [row[spec.name] for row in rows]
        if spec.is_number:
            column = np.array([np.nan if v is None else v for v in values], dtype=np.float32)
        else:
            column = np.array([EMPTY_CATEGORY if v is None else str(v) for v in values], object)
        feeds[tensors[spec.name]] = column.reshape(-1, 1)
    return feeds


def onnx_session(model_bytes: bytes) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])


def output_names(classifier: bool) -> list[str]:
    return ["label", "probabilities"] if classifier else ["value"]


def onnx_run(model_bytes: bytes, feeds: dict[str, np.ndarray], classifier: bool) -> list:
    return onnx_session(model_bytes).run(output_names(classifier), feeds)


def check_parity(
    model_bytes: bytes,
    inputs: Sequence[Input],
    tensors: Mapping[str, str],
    golden: dict,
    what: str = "ONNX",
) -> ParityReport:
    """Run every golden row through onnxruntime; raise ParityError on any difference."""
    classifier = golden["task"] != "regression"
    feeds = onnx_feeds(inputs, tensors, [row["inputs"] for row in golden["rows"]])
    return compare_outputs(onnx_run(model_bytes, feeds, classifier), golden, what)


def compare_outputs(outputs: list, golden: dict, what: str) -> ParityReport:
    """A model's outputs (in output_names order) against the golden rows."""
    if golden["task"] == "regression":
        (values,) = outputs
        return compare_values(values, golden, what)
    labels, probabilities = outputs
    return compare_classes(labels, probabilities, golden, what)


def _inputs_text(row: dict) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in row["inputs"].items())


def compare_classes(
    labels: np.ndarray, probabilities: np.ndarray, golden: dict, what: str
) -> ParityReport:
    """Labels and probabilities from some model against the golden rows; ParityError if off."""
    rows = golden["rows"]
    tolerance = float(golden["tolerance"])
    expected = np.array([row["probabilities"] for row in rows], dtype=np.float64)
    got = np.asarray(probabilities, dtype=np.float64)
    if got.shape != expected.shape:
        raise ParityError(
            f"{what} returned probabilities of shape {got.shape}, not {expected.shape}"
        )
    differences = np.abs(got - expected)
    label_ok = np.array([str(g) == row["label"] for g, row in zip(labels, rows, strict=True)])
    probabilities_ok = differences.max(axis=1) <= tolerance
    report = ParityReport(
        rows=len(rows),
        labels_equal=int(label_ok.sum()),
        within_tolerance=int(probabilities_ok.sum()),
        max_abs_difference=float(differences.max()),
        rows_by_kind=dict(Counter(row["kind"] for row in rows)),
    )
    bad = np.flatnonzero(~(label_ok & probabilities_ok))
    if len(bad):
        details = "; ".join(
            f"row {i} ({rows[i]['note']}; {_inputs_text(rows[i])}): {what} {labels[i]!s} "
            f"{got[i].tolist()}, the fitted model {rows[i]['label']} {rows[i]['probabilities']}, "
            f"largest difference {differences[i].max():.3g}"
            for i in bad[:5]
        )
        raise ParityError(
            f"{what} differs from the fitted model on {len(bad)} of {len(rows)} rows "
            f"(tolerance {tolerance:g}): {details}"
        )
    return report


def relative_differences(values: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """|a − b| / max(1, |b|): the regression tolerance's measure (see the manifest schema)."""
    values = np.asarray(values, dtype=np.float64).ravel()
    expected = np.asarray(expected, dtype=np.float64).ravel()
    return np.abs(values - expected) / np.maximum(1.0, np.abs(expected))


def compare_values(values: np.ndarray, golden: dict, what: str) -> ParityReport:
    """Predicted numbers against the golden rows' values; ParityError if any is off."""
    rows = golden["rows"]
    tolerance = float(golden["tolerance"])
    expected = np.array([row["value"] for row in rows], dtype=np.float64)
    got = np.asarray(values, dtype=np.float64).ravel()
    if got.shape != expected.shape:
        raise ParityError(f"{what} returned {got.shape} values for {expected.shape} rows")
    relative = relative_differences(got, expected)
    ok = relative <= tolerance
    report = ParityReport(
        rows=len(rows),
        within_tolerance=int(ok.sum()),
        max_abs_difference=float(np.abs(got - expected).max()),
        max_relative_difference=float(relative.max()),
        rows_by_kind=dict(Counter(row["kind"] for row in rows)),
    )
    bad = np.flatnonzero(~ok)
    if len(bad):
        details = "; ".join(
            f"row {i} ({rows[i]['note']}; {_inputs_text(rows[i])}): {what} {got[i]!r}, the "
            f"fitted model {rows[i]['value']!r}, relative difference {relative[i]:.3g}"
            for i in bad[:5]
        )
        raise ParityError(
            f"{what} differs from the fitted model on {len(bad)} of {len(rows)} rows "
            f"(relative tolerance {tolerance:g}): {details}"
        )
    return report
