"""Parity: scikit-learn's answers (golden rows) against onnxruntime's, and tree.json's paths.

The golden rows are the contract between the two runtimes: the Python check here and the
browser tests read the same file, so a difference anywhere shows up as a failing row.
"""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import onnxruntime as ort
import pandas as pd
from sklearn.pipeline import Pipeline

from training.features import EMPTY_CATEGORY
from training.spec import ModelSpec

# One form's values; None is an empty optional field.
Inputs = dict[str, int | float | str | None]


class ParityError(RuntimeError):
    """ONNX and scikit-learn disagree on at least one golden row."""


@dataclass(frozen=True)
class ParityReport:
    rows: int
    within_tolerance: int
    max_abs_difference: float
    # Classifiers: rows whose label matches. Regressors: the largest |a − b| / max(1, |b|).
    labels_equal: int | None = None
    max_relative_difference: float | None = None
    rows_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def probabilities_within_tolerance(self) -> int:
        return self.within_tolerance


def cases_frame(spec: ModelSpec, inputs: list[Inputs]) -> pd.DataFrame:
    """Rows as the browser's tensors hold them: numbers rounded to float32 (NaN when empty),
    categories as text ("" when empty)."""
    frame = pd.DataFrame(inputs, columns=spec.input_names)
    for input_spec in spec.inputs:
        column = frame[input_spec.name]
        if input_spec.is_number:
            as_float = pd.to_numeric(column, errors="raise").astype(np.float64)
            frame[input_spec.name] = as_float.astype(np.float32).astype(np.float64)
        else:
            frame[input_spec.name] = column.map(
                lambda v: EMPTY_CATEGORY if v is None else str(v)
            ).astype(object)
    return frame


def sklearn_predict(
    spec: ModelSpec, pipeline: Pipeline, inputs: list[Inputs]
) -> tuple[np.ndarray, np.ndarray]:
    """Classifiers: (labels, probabilities)."""
    frame = cases_frame(spec, inputs)
    return pipeline.predict(frame), pipeline.predict_proba(frame)


def sklearn_values(spec: ModelSpec, pipeline: Pipeline, inputs: list[Inputs]) -> np.ndarray:
    """Regressors: the predicted numbers, on the target's own scale."""
    return np.asarray(pipeline.predict(cases_frame(spec, inputs)), dtype=np.float64).ravel()


def onnx_feeds(spec: ModelSpec, inputs: list[Inputs]) -> dict[str, np.ndarray]:
    """One [N, 1] tensor per raw column, the way the browser feeds the model: float32 numbers
    (NaN for an empty field) and strings ("" for an empty field)."""
    feeds = {}
    for input_spec in spec.inputs:
        values = [row[input_spec.name] for row in inputs]
        if input_spec.is_number:
            column = np.array([np.nan if v is None else v for v in values], dtype=np.float32)
        else:
            column = np.array([EMPTY_CATEGORY if v is None else str(v) for v in values], object)
        feeds[input_spec.name] = column.reshape(-1, 1)
    return feeds


def onnx_session(model_bytes: bytes) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])


def onnx_run(model_bytes: bytes, feeds: dict[str, np.ndarray], outputs: list[str]) -> list:
    return onnx_session(model_bytes).run(outputs, feeds)


def output_names(spec: ModelSpec) -> list[str]:
    return ["label", "probabilities"] if spec.is_classifier else ["value"]


def onnx_predict(
    spec: ModelSpec, model_bytes: bytes, inputs: list[Inputs]
) -> tuple[np.ndarray, np.ndarray]:
    """Classifiers: (labels, probabilities) from the main model."""
    labels, probabilities = onnx_run(model_bytes, onnx_feeds(spec, inputs), output_names(spec))
    return labels, probabilities


def check_parity(spec: ModelSpec, model_bytes: bytes, golden: dict) -> ParityReport:
    """Run every golden row through onnxruntime; raise ParityError on any difference."""
    feeds = onnx_feeds(spec, [row["inputs"] for row in golden["rows"]])
    return compare_outputs(onnx_run(model_bytes, feeds, output_names(spec)), golden, "ONNX")


def compare_outputs(outputs: list, golden: dict, what: str) -> ParityReport:
    """A model's outputs (in output_names order) against the golden rows."""
    if golden["task"] == "regression":
        (values,) = outputs
        return compare_values(values, golden, what)
    labels, probabilities = outputs
    return compare_with_golden(labels, probabilities, golden, what)


def compare_with_golden(
    labels: np.ndarray, probabilities: np.ndarray, golden: dict, what: str
) -> ParityReport:
    """Labels and probabilities from some model against the golden rows; ParityError if off."""
    rows = golden["rows"]
    tolerance = float(golden["tolerance"])
    expected_probabilities = np.array([row["probabilities"] for row in rows], dtype=np.float64)
    differences = np.abs(probabilities.astype(np.float64) - expected_probabilities)

    label_ok = np.array([str(got) == row["label"] for got, row in zip(labels, rows, strict=True)])
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
            f"row {i} ({rows[i]['note']}): {what} {labels[i]!s} {probabilities[i].tolist()}, "
            f"scikit-learn {rows[i]['label']} {rows[i]['probabilities']}"
            for i in bad[:5]
        )
        raise ParityError(
            f"{what} differs from scikit-learn on {len(bad)} of {len(rows)} rows: {details}"
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
            f"row {i} ({rows[i]['note']}): {what} {got[i]!r}, scikit-learn {rows[i]['value']!r}"
            for i in bad[:5]
        )
        raise ParityError(
            f"{what} differs from scikit-learn on {len(bad)} of {len(rows)} rows "
            f"(relative tolerance {tolerance:g}): {details}"
        )
    return report
