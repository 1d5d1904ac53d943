"""golden.json: input rows with scikit-learn's answers, the browser's and onnxruntime's reference.

Rows come in kinds: "training" (rows of the data set, all of them or a seeded sample), and edge
rows each model adds (training.models.<id>): "out-of-range" numbers, "category" (every value of
every category input), "empty" (optional fields left empty), "threshold" (inputs on a split's
float32 threshold, where float32 and float64 comparisons could part).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from training import config
from training.converters import lightgbm_booster, lightgbm_thresholds
from training.evaluate import Inputs, sklearn_predict, sklearn_values
from training.features import feature_names
from training.spec import InputSpec, ModelSpec
from training.train import TrainedModel


@dataclass(frozen=True)
class GoldenCase:
    kind: str
    note: str
    inputs: Inputs


def as_float32_value(value: np.float32) -> float:
    # The float64 spelling of a float32 round-trips through JSON and back to the same float32.
    return float(np.float64(value))


def row_inputs(spec: ModelSpec, row: dict) -> Inputs:
    """A data row as a form's values: whole numbers as int, NaN and "" as None (empty)."""
    inputs: Inputs = {}
    for input_spec in spec.inputs:
        value = row[input_spec.name]
        if input_spec.is_number:
            if pd.isna(value):
                inputs[input_spec.name] = None
            else:
                inputs[input_spec.name] = int(value) if input_spec.integer else float(value)
        else:
            inputs[input_spec.name] = None if value == "" else str(value)
    return inputs


def training_positions(trained: TrainedModel) -> list[int]:
    """Which data rows become golden rows: all, or a seeded sample (stratified by class)."""
    count = trained.spec.golden.training_rows
    rows = len(trained.features)
    if count is None or count >= rows:
        return list(range(rows))
    positions = np.arange(rows)
    stratify = trained.target if trained.spec.is_classifier else None
    _, chosen = train_test_split(
        positions, test_size=count, stratify=stratify, random_state=config.SEED
    )
    return sorted(int(p) for p in chosen)


def training_cases(trained: TrainedModel) -> list[GoldenCase]:
    records = trained.features.to_dict(orient="records")
    return [
        GoldenCase("training", f"training row {p + 1}", row_inputs(trained.spec, records[p]))
        for p in training_positions(trained)
    ]


def training_inputs(trained: TrainedModel, position: int) -> Inputs:
    return row_inputs(trained.spec, trained.features.iloc[position].to_dict())


def out_of_range_cases(
    trained: TrainedModel, base: Inputs, values: dict[str, tuple[float, ...]]
) -> list[GoldenCase]:
    """The base row with one number at a time outside its training range."""
    cases = []
    for name, outside in values.items():
        column = trained.features[name]
        low, high = column.min(), column.max()
        for value in outside:
            if low <= value <= high:
                raise ValueError(f"{name} = {value} is inside the training range {low}..{high}")
            note = f"{name} {value:g} outside training range {low:g} to {high:g}"
            cases.append(GoldenCase("out-of-range", note, {**base, name: value}))
    return cases


def category_cases(spec: ModelSpec, base: Inputs) -> list[GoldenCase]:
    """The base row with each value of each category input."""
    return [
        GoldenCase("category", f"{input_spec.name} = {value}", {**base, input_spec.name: value})
        for input_spec in spec.category_inputs
        for value in input_spec.categories or {}
    ]


def empty_field_cases(spec: ModelSpec, bases: list[tuple[str, Inputs]]) -> list[GoldenCase]:
    """Each optional field empty on its own, then all of them, on each base row."""
    optional = [s.name for s in spec.inputs if s.optional]
    cases = []
    for where, base in bases:
        for name in optional:
            cases.append(GoldenCase("empty", f"{name} empty ({where})", {**base, name: None}))
        if len(optional) > 1:
            note = f"every optional field empty ({where})"
            cases.append(GoldenCase("empty", note, {**base, **dict.fromkeys(optional)}))
    return cases


def _number_feature_inputs(trained: TrainedModel) -> dict[int, InputSpec]:
    """Estimator column index → the number input it carries unchanged."""
    numbers = {s.name: s for s in trained.spec.number_inputs}
    return {i: numbers[n] for i, n in enumerate(feature_names(trained.pipeline)) if n in numbers}


def _sensitivity(trained: TrainedModel, below: list[Inputs], above: list[Inputs]) -> np.ndarray:
    """Per row, how far the prediction moves between the two variants (the parity measure)."""
    spec, pipeline = trained.spec, trained.pipeline
    if spec.is_classifier:
        _, p_below = sklearn_predict(spec, pipeline, below)
        _, p_above = sklearn_predict(spec, pipeline, above)
        return np.abs(p_below - p_above).max(axis=1)
    v_below = sklearn_values(spec, pipeline, below)
    v_above = sklearn_values(spec, pipeline, above)
    return np.abs(v_below - v_above) / np.maximum(1.0, np.abs(v_below))


def lightgbm_threshold_cases(
    trained: TrainedModel, per_input: int = 2, candidates: int = 12
) -> list[GoldenCase]:
    """Rows on LightGBM thresholds whose nearest float32 lies above them (the float32 trap).

    For such a threshold t64, v = float32(t64) > t64 goes right in LightGBM; an ONNX model that
    stored v as the threshold would send it left. Each case pair is v and the float32 just below
    it, on the golden training row whose prediction moves most between the two: the pair tells
    a correctly snapped threshold (training.converters) from a naively rounded one.
    """
    booster = lightgbm_booster(trained.estimator)
    if booster is None:
        return []
    thresholds, _ = lightgbm_thresholds(booster)
    by_input: dict[str, set[float]] = {}
    numbers = _number_feature_inputs(trained)
    for (_tree, feature, _), t64 in thresholds.items():
        if feature in numbers and np.float64(np.float32(t64)) > t64:
            by_input.setdefault(numbers[feature].name, set()).add(t64)

    training = training_cases(trained)
    bases = [case.inputs for case in training]
    tolerance = trained.spec.golden.tolerance
    cases = []
    for name in sorted(by_input, key=trained.spec.input_names.index):
        found = 0
        for t64 in sorted(by_input[name])[:candidates]:
            above = np.float32(t64)
            below = np.nextafter(above, np.float32(-np.inf))
            rows_below = [{**b, name: as_float32_value(below)} for b in bases]
            rows_above = [{**b, name: as_float32_value(above)} for b in bases]
            moves = _sensitivity(trained, rows_below, rows_above)
            best = int(np.argmax(moves))
            if moves[best] <= 10 * tolerance:
                continue
            where = training[best].note
            cases += [
                GoldenCase(
                    "threshold",
                    f"{name} one float32 below split {t64!r} ({where})",
                    rows_below[best],
                ),
                GoldenCase(
                    "threshold",
                    f"{name} on the float32 nearest split {t64!r}, above it ({where})",
                    rows_above[best],
                ),
            ]
            found += 1
            if found == per_input:
                break
    return cases


def golden_cases(trained: TrainedModel) -> list[GoldenCase]:
    edge = trained.spec.golden.edge_cases
    return [*training_cases(trained), *(edge(trained) if edge is not None else [])]


def build_golden(trained: TrainedModel, version: str | None = None) -> dict:
    """golden.json's content: every case with scikit-learn's answer."""
    spec, pipeline = trained.spec, trained.pipeline
    cases = golden_cases(trained)
    inputs = [case.inputs for case in cases]
    head = {
        "modelId": spec.id,
        "modelVersion": version or spec.version,
        "task": spec.task,
        "tolerance": spec.golden.tolerance,
    }
    if not spec.is_classifier:
        values = sklearn_values(spec, pipeline, inputs)
        rows = [
            {"kind": c.kind, "note": c.note, "inputs": c.inputs, "value": float(v)}
            for c, v in zip(cases, values, strict=True)
        ]
        return head | {"rows": rows}
    labels, probabilities = sklearn_predict(spec, pipeline, inputs)
    return head | {
        "classes": [str(label) for label in pipeline.classes_],
        "rows": [
            {
                "kind": case.kind,
                "note": case.note,
                "inputs": case.inputs,
                "label": str(label),
                "probabilities": [float(p) for p in row_probabilities],
            }
            for case, label, row_probabilities in zip(cases, labels, probabilities, strict=True)
        ],
    }
