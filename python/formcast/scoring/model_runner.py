"""Runs validated columns through the model: one onnxruntime session per process and model."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from formcast.errors import InferenceError, ModelLoadError
from formcast.model_directory.read import ModelDir

#: Rows per session.run: bounds the feature matrix and outputs held at once (≈ 40 MB for 50
#: one-hot columns) while costing no measurable throughput.
MAX_RUN_ROWS = 100_000

_sessions: dict[tuple[str, int], Any] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class RunOutput:
    """The model's answers in row order: labels (None for regression) and scores [rows, width]."""

    labels: np.ndarray | None
    scores: np.ndarray


def session_for(model: ModelDir, threads: int = 0) -> Any:
    """The process's session for this model file, created on first use and then shared.

    `threads` sets onnxruntime's intra-op threads (0: its default, one per core). Engines that
    already run one scorer per core (Spark's Python workers) pass 1.
    """
    key = (model.sha256, threads)
    with _lock:
        session = _sessions.get(key)
        if session is None:
            session = _create_session(model, threads)
            _sessions[key] = session
        return session


def _create_session(model: ModelDir, threads: int) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    try:
        session = ort.InferenceSession(
            model.model_bytes, options, providers=["CPUExecutionProvider"]
        )
    except Exception as error:  # onnxruntime raises its own untyped exceptions
        raise ModelLoadError(
            "MODEL_INVALID", f"onnxruntime cannot load the model in {model.path}: {error}"
        ) from error
    _check_signature(model, session)
    return session


def _check_signature(model: ModelDir, session: Any) -> None:
    names = {i.name: i for i in session.get_inputs()}
    manifest = model.manifest
    if model.variant == "numeric":
        numeric = manifest["model"]["numeric"]
        expected = {numeric["input"]["name"]}
    else:
        expected = {spec["tensor"]["name"] for spec in manifest["inputs"]}
    outputs = {o.name for o in session.get_outputs()}
    wanted_outputs = set(_output_names(manifest))
    if set(names) != expected or not wanted_outputs <= outputs:
        raise ModelLoadError(
            "MODEL_SIGNATURE_MISMATCH",
            f"The model in {model.path} takes {sorted(names)} and returns {sorted(outputs)}; "
            f"its manifest promises {sorted(expected)} and {sorted(wanted_outputs)}.",
        )


def _output_names(manifest: dict[str, Any]) -> list[str]:
    outputs = manifest["outputs"]
    if manifest["task"] == "regression":
        return [outputs["value"]["name"]]
    return [outputs["label"]["name"], outputs["probabilities"]["name"]]


def run_rows(
    model: ModelDir, columns: dict[str, np.ndarray], rows: int, threads: int = 0
) -> RunOutput:
    """Runs `rows` validated rows. `columns` maps each input name to its values: floats (NaN for
    an empty optional number) or category indices (-1 for an empty optional category)."""
    manifest = model.manifest
    session = session_for(model, threads)
    names = _output_names(manifest)
    width = 1 if manifest["task"] == "regression" else len(manifest["outputs"]["classes"])
    scores = np.empty((rows, width), dtype=np.float32)
    labels = None if manifest["task"] == "regression" else np.empty(rows, dtype=object)
    for start in range(0, rows, MAX_RUN_ROWS):
        stop = min(start + MAX_RUN_ROWS, rows)
        part = {name: values[start:stop] for name, values in columns.items()}
        feeds = (
            _numeric_feeds(model, part) if model.variant == "numeric" else _full_feeds(model, part)
        )
        try:
            outputs = session.run(names, feeds)
        except Exception as error:
            raise InferenceError(f"The model failed to run: {error}") from error
        got = np.asarray(outputs[-1])
        if got.size != (stop - start) * width:
            raise InferenceError(
                f"The model returned {got.shape} where the manifest expects {width} "
                f"value(s) per row for {stop - start} rows.",
            )
        scores[start:stop] = got.reshape(stop - start, width)
        if labels is not None:
            labels[start:stop] = _label_text(np.asarray(outputs[0]).reshape(-1))
    return RunOutput(labels, scores)


def _label_text(labels: np.ndarray) -> np.ndarray:
    """Labels as the manifest's class names: text as it is, an int64 label in decimal (as
    JavaScript's String() writes a bigint), converted once per distinct label."""
    if labels.dtype == object:
        return labels
    distinct, inverse = np.unique(labels, return_inverse=True)
    return np.array([str(v) for v in distinct.tolist()], dtype=object)[inverse]


def _numeric_feeds(model: ModelDir, columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The numeric variant's one float32 matrix: numbers as they are, categories one-hot,
    an empty optional input replaced by the value the pipeline's imputer would give it."""
    manifest = model.manifest
    numeric = manifest["model"]["numeric"]
    specs = {spec["name"]: spec for spec in manifest["inputs"]}
    n = len(next(iter(columns.values()))) if columns else 0
    matrix = np.zeros((n, len(numeric["features"])), dtype=np.float32)
    for j, feature in enumerate(numeric["features"]):
        spec = specs[feature["input"]]
        values = columns[spec["name"]]
        fill = spec.get("missing", {}).get("value")
        if "equals" not in feature:
            if fill is not None:
                values = np.where(np.isnan(values), fill, values)
            matrix[:, j] = values
        else:
            index = spec["categories"].index(feature["equals"])
            if fill is not None:
                values = np.where(values < 0, spec["categories"].index(fill), values)
            matrix[:, j] = values == index
    return {numeric["input"]["name"]: matrix}


def _full_feeds(model: ModelDir, columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """model.onnx's [rows, 1] tensor per input: NaN and "" for empty optional inputs, which the
    exported pipeline's own imputers replace."""
    feeds = {}
    for spec in model.manifest["inputs"]:
        values = columns[spec["name"]]
        dtype = spec["tensor"]["dtype"]
        if spec["type"] == "category":
            categories = np.array([*spec["categories"], ""], dtype=object)
            tensor = categories[values]  # -1 picks the trailing "" for an empty optional input
        elif dtype == "int64":
            tensor = np.floor(values + 0.5).astype(np.int64)  # Math.round, as the browser
        else:
            tensor = values.astype(np.float32)
        feeds[spec["tensor"]["name"]] = tensor.reshape(-1, 1)
    return feeds
