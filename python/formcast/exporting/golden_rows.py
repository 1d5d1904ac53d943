"""golden.json: input rows with the fitted model's own answers, the reference every runtime is
checked against (Python onnxruntime at export time, the browser later).

Rows come in kinds: "training" (rows of the data, all or a seeded sample, stratified by class),
then edge rows: "out-of-range" (each number outside the range seen), "category" (every value of
every category input), "empty" (each optional field left empty, then all of them), "threshold"
(numbers on a tree split's float32 threshold, where float32 and float64 comparisons could part).
`Golden` chooses how many and which; `edge_rows` replaces the automatic edge rows entirely.
"""

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from formcast.constants import SEED
from formcast.exporting.converters import lightgbm_booster, lightgbm_thresholds
from formcast.exporting.inputs import Input
from formcast.exporting.parity import Row, model_answers
from formcast.exporting.pipeline_steps import final_estimator
from formcast.exporting.tree_json import walk_tree

# Default tolerances, measured on the test zoo (python/tests/zoo.py, 17 pipelines): the largest
# difference between onnxruntime and the fitted model was 5.7e-7 for a probability (Gaussian
# naive Bayes) and 1.6e-6 relative for a value (an SVR). Ten times that leaves room for other data
# while a real conversion error (a wrong threshold, a dropped step) is orders of magnitude larger.
CLASS_TOLERANCE = 1e-5
VALUE_TOLERANCE = 1e-5


@dataclass(frozen=True)
class GoldenRow:
    kind: str
    note: str
    inputs: Row


@dataclass(frozen=True)
class GoldenContext:
    """What edge-row builders see: the fitted model, its data, its inputs, its tolerance."""

    model: object
    features: pd.DataFrame
    target: pd.Series | None
    inputs: list[Input]
    classifier: bool
    tolerance: float
    training_rows: int | None
    # The numeric variant's features (None when it has none): which estimator column is which
    # number input, for threshold rows.
    layout: list[dict] | None
    # tree.json's content when the model is one decision tree, for threshold rows.
    tree: dict | None = None

    def input(self, name: str) -> Input:
        return next(spec for spec in self.inputs if spec.name == name)

    def row(self, position: int) -> Row:
        """A data row as a form's values: None for an empty field."""
        record = self.features.iloc[position]
        return {spec.name: spec.value(record[spec.name]) for spec in self.inputs}

    def training_positions(self) -> list[int]:
        """Which data rows become golden rows: all, or a seeded sample (stratified by class)."""
        rows = len(self.features)
        count = self.training_rows
        if count is None or count >= rows:
            return list(range(rows))
        positions = np.arange(rows)
        stratify = self.target if self.classifier and self.target is not None else None
        _, chosen = train_test_split(
            positions, test_size=count, stratify=stratify, random_state=SEED
        )
        return sorted(int(p) for p in chosen)

    def training_rows_(self) -> list[GoldenRow]:
        return [
            GoldenRow("training", f"training row {p + 1}", self.row(p))
            for p in self.training_positions()
        ]

    def answers(self, rows: Sequence[Row]) -> tuple[np.ndarray, np.ndarray]:
        return model_answers(self.model, self.inputs, rows, self.classifier)


EdgeRows = Callable[[GoldenContext], list[GoldenRow]]


@dataclass(frozen=True)
class Golden:
    """Which golden rows to write. `tolerance` defaults per task (see CLASS_TOLERANCE);
    `training_rows` None means every row; `out_of_range` gives each number input's values
    outside the training range (default: half the range below the minimum and above the
    maximum); `edge_rows` replaces every automatic edge row with its own."""

    tolerance: float | None = None
    training_rows: int | None = 250
    out_of_range: Mapping[str, Sequence[float]] | None = None
    edge_rows: EdgeRows | None = None


def as_float32_value(value: np.float32) -> float:
    # The float64 spelling of a float32 round-trips through JSON and back to the same float32.
    return float(np.float64(value))


def _automatic_out_of_range(spec: Input) -> tuple[float, ...]:
    assert spec.minimum is not None and spec.maximum is not None
    half = max((spec.maximum - spec.minimum) / 2, spec.step or 1)
    low, high = spec.minimum - half, spec.maximum + half
    if spec.integer:
        return (float(np.floor(low)), float(np.ceil(high)))
    return (low, high)


def out_of_range_rows(
    context: GoldenContext, base: Row, values: Mapping[str, Sequence[float]] | None = None
) -> list[GoldenRow]:
    """The base row with one number at a time outside its training range."""
    if values is None:
        values = {s.name: _automatic_out_of_range(s) for s in context.inputs if s.is_number}
    rows = []
    for name, outside in values.items():
        spec = context.input(name)
        low, high = spec.minimum, spec.maximum
        assert low is not None and high is not None
        for value in outside:
            if low <= value <= high:
                raise ValueError(f"{name} = {value} is inside the training range {low}..{high}")
            shown = spec.number(value) if spec.integer else value
            note = f"{name} {value:g} outside training range {low:g} to {high:g}"
            rows.append(GoldenRow("out-of-range", note, {**base, name: shown}))
    return rows


def category_rows(context: GoldenContext, base: Row) -> list[GoldenRow]:
    """The base row with each value of each category input."""
    return [
        GoldenRow("category", f"{spec.name} = {value}", {**base, spec.name: value})
        for spec in context.inputs
        if not spec.is_number
        for value in spec.categories
    ]


def empty_rows(context: GoldenContext, bases: Sequence[tuple[str, Row]]) -> list[GoldenRow]:
    """Each optional field empty on its own, then all of them, on each base row."""
    optional = [s.name for s in context.inputs if s.optional]
    rows = []
    for where, base in bases:
        for name in optional:
            rows.append(GoldenRow("empty", f"{name} empty ({where})", {**base, name: None}))
        if len(optional) > 1:
            note = f"every optional field empty ({where})"
            rows.append(GoldenRow("empty", note, {**base, **dict.fromkeys(optional)}))
    return rows


def _number_features(context: GoldenContext) -> dict[int, Input]:
    """Estimator column index → the number input it carries unchanged."""
    if context.layout is None:
        return {}
    numbers = {s.name: s for s in context.inputs if s.is_number}
    return {
        i: numbers[f["input"]]
        for i, f in enumerate(context.layout)
        if "equals" not in f and f["input"] in numbers
    }


def _movement(context: GoldenContext, below: list[Row], above: list[Row]) -> np.ndarray:
    """Per row, how far the answer moves between the two variants (the parity measure)."""
    if context.classifier:
        _, p_below = context.answers(below)
        _, p_above = context.answers(above)
        return np.abs(p_below - p_above).max(axis=1)
    v_below, _ = context.answers(below)
    v_above, _ = context.answers(above)
    return np.abs(v_below - v_above) / np.maximum(1.0, np.abs(v_below))


def lightgbm_threshold_rows(
    context: GoldenContext, per_input: int = 2, candidates: int = 12
) -> list[GoldenRow]:
    """Rows on LightGBM thresholds whose nearest float32 lies above them (the float32 trap).

    For such a threshold t64, v = float32(t64) > t64 goes right in LightGBM; an ONNX model that
    stored v as the threshold would send it left. Each pair is v and the float32 just below it,
    on the golden training row whose answer moves most between the two: the pair tells a
    correctly snapped threshold (formcast.exporting.converters) from a naively rounded one.
    """
    booster = lightgbm_booster(final_estimator(context.model))
    numbers = _number_features(context)
    if booster is None or not numbers:
        return []
    thresholds, _ = lightgbm_thresholds(booster)
    by_input: dict[str, set[float]] = {}
    for (_tree, feature, _), t64 in thresholds.items():
        if feature in numbers and np.float64(np.float32(t64)) > t64:
            by_input.setdefault(numbers[feature].name, set()).add(t64)

    training = context.training_rows_()
    bases = [row.inputs for row in training]
    order = [s.name for s in context.inputs]
    rows = []
    for name in sorted(by_input, key=order.index):
        found = 0
        for t64 in sorted(by_input[name])[:candidates]:
            above = np.float32(t64)
            below = np.nextafter(above, np.float32(-np.inf))
            rows_below = [{**b, name: as_float32_value(below)} for b in bases]
            rows_above = [{**b, name: as_float32_value(above)} for b in bases]
            moves = _movement(context, rows_below, rows_above)
            best = int(np.argmax(moves))
            if moves[best] <= 10 * context.tolerance:
                continue
            where = training[best].note
            rows += [
                GoldenRow(
                    "threshold",
                    f"{name} one float32 below split {t64!r} ({where})",
                    rows_below[best],
                ),
                GoldenRow(
                    "threshold",
                    f"{name} on the float32 nearest split {t64!r}, above it ({where})",
                    rows_above[best],
                ),
            ]
            found += 1
            if found == per_input:
                break
    return rows


def tree_threshold_rows(context: GoldenContext) -> list[GoldenRow]:
    """For each split of tree.json on a number: the float32 threshold and one float32 ulp either
    side, on the first golden training row that reaches the split for all three values and whose
    label differs between the two sides, so the rows test the comparison, not a dead branch."""
    tree = context.tree
    if tree is None:
        return []

    numbers = {s.name for s in context.inputs if s.is_number}
    training = context.training_rows_()
    rows = []
    for node in tree["nodes"]:
        if "feature" not in node:
            continue
        feature = tree["features"][node["feature"]]
        name = feature["input"]
        if name not in numbers or "category" in feature:
            continue
        on = np.float32(node["value"])
        variants = {
            "below": np.nextafter(on, np.float32(-np.inf)),
            "on": on,
            "above": np.nextafter(on, np.float32(np.inf)),
        }
        for position, base in enumerate(training):
            tried = {w: {**base.inputs, name: as_float32_value(v)} for w, v in variants.items()}
            paths = [walk_tree(tree, row) for row in tried.values()]
            if not all(any(n["id"] == node["id"] for n in path) for path in paths):
                continue
            labels, _ = context.answers([tried["below"], tried["above"]])
            if labels[0] == labels[1]:
                continue
            where = training[position].note
            for kind, row in tried.items():
                if kind == "on":
                    note = f"{name} on threshold {node['value']:.6g}"
                else:
                    note = f"{name} one float32 ulp {kind} threshold {node['value']:.6g}"
                rows.append(GoldenRow("threshold", f"{note} ({where})", row))
            break
    return rows


def automatic_edge_rows(
    context: GoldenContext, out_of_range: Mapping[str, Sequence[float]] | None = None
) -> list[GoldenRow]:
    base = context.row(0)
    bases = [
        (f"training row {p + 1}", context.row(p)) for p in range(min(3, len(context.features)))
    ]
    return [
        *out_of_range_rows(context, base, out_of_range),
        *category_rows(context, base),
        *empty_rows(context, bases),
        *tree_threshold_rows(context),
        *lightgbm_threshold_rows(context),
    ]


def build_golden(
    context: GoldenContext, edge: list[GoldenRow], model_id: str, version: str, task: str
) -> dict:
    """golden.json's content: every row with the fitted model's answer."""
    rows = [*context.training_rows_(), *edge]
    inputs = [row.inputs for row in rows]
    head = {"modelId": model_id, "modelVersion": version, "task": task}
    head["tolerance"] = context.tolerance  # type: ignore[assignment]
    if not context.classifier:
        values, _ = context.answers(inputs)
        return head | {
            "rows": [
                {"kind": r.kind, "note": r.note, "inputs": r.inputs, "value": float(v)}
                for r, v in zip(rows, values, strict=True)
            ]
        }
    labels, probabilities = context.answers(inputs)
    classes = getattr(final_estimator(context.model), "classes_", None)
    if classes is None:
        classes = context.model.classes_  # type: ignore[attr-defined]
    return head | {
        "classes": [str(label) for label in classes],
        "rows": [
            {
                "kind": r.kind,
                "note": r.note,
                "inputs": r.inputs,
                "label": str(label),
                "probabilities": [float(p) for p in row_probabilities],
            }
            for r, label, row_probabilities in zip(rows, labels, probabilities, strict=True)
        ],
    }


def golden_json(golden: dict) -> str:
    """golden.json with one row per line: readable, and a changed row is a one-line diff."""

    parts = [f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in golden.items() if k != "rows"]
    rows = ",\n".join(f"    {json.dumps(row, ensure_ascii=False)}" for row in golden["rows"])
    parts.append(f'  "rows": [\n{rows}\n  ]')
    return "{\n" + ",\n".join(parts) + "\n}\n"
