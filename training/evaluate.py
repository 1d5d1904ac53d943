"""Golden rows (scikit-learn's answers) and the parity check of the ONNX model against them.

The golden rows are the contract between the two runtimes: the Python check here and the
browser tests read the same file, so a difference anywhere shows up as a failing row.
"""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import onnxruntime as ort
import pandas as pd
from sklearn.pipeline import Pipeline

from training import config

Inputs = dict[str, int | float | str]


class ParityError(RuntimeError):
    """ONNX and scikit-learn disagree on at least one golden row."""


@dataclass(frozen=True)
class GoldenCase:
    kind: str  # "training" | "threshold" | "out-of-range"
    note: str
    inputs: Inputs


@dataclass(frozen=True)
class Split:
    node: int
    feature: str
    threshold: float


@dataclass(frozen=True)
class ParityReport:
    rows: int
    labels_equal: int
    probabilities_within_tolerance: int
    max_abs_difference: float
    rows_by_kind: dict[str, int] = field(default_factory=dict)


def feature_names(pipeline: Pipeline) -> list[str]:
    return [str(name) for name in pipeline.named_steps["features"].get_feature_names_out()]


def tree_splits(pipeline: Pipeline) -> list[Split]:
    """Every split node of the fitted tree, in node order."""
    tree = pipeline.named_steps["classifier"].tree_
    names = feature_names(pipeline)
    return [
        Split(node=node, feature=names[tree.feature[node]], threshold=float(tree.threshold[node]))
        for node in range(tree.node_count)
        if tree.children_left[node] != -1
    ]


def tree_summary(pipeline: Pipeline) -> dict:
    classifier = pipeline.named_steps["classifier"]
    return {
        "depth": int(classifier.get_depth()),
        "leaves": int(classifier.get_n_leaves()),
        "thresholds": [
            {"input": split.feature, "value": split.threshold} for split in tree_splits(pipeline)
        ],
    }


# tree.json's comparison names (ONNX's BRANCH_* modes): the true branch is taken when it holds.
_COMPARISONS = {
    "LEQ": lambda x, t: x <= t,
    "LT": lambda x, t: x < t,
    "GTE": lambda x, t: x >= t,
    "GT": lambda x, t: x > t,
    "EQ": lambda x, t: x == t,
    "NEQ": lambda x, t: x != t,
}


def feature_value(feature: dict, inputs: Inputs) -> np.float32:
    """One column of the tree's feature matrix, as the ONNX graph computes it (float32)."""
    value = inputs[feature["input"]]
    if "category" in feature:
        return np.float32(1.0 if str(value) == feature["category"] else 0.0)
    return np.float32(value)


def walk_tree(tree: dict, inputs: Inputs) -> list[dict]:
    """The nodes of tree.json one row passes through, root to leaf, compared in float32."""
    nodes = {node["id"]: node for node in tree["nodes"]}
    node = nodes[tree["root"]]
    path = [node]
    while "label" not in node:
        x = feature_value(tree["features"][node["feature"]], inputs)
        taken = _COMPARISONS[node["mode"]](x, np.float32(node["value"]))
        node = nodes[node["true"] if taken else node["false"]]
        path.append(node)
    return path


def check_tree_paths(tree: dict, golden: dict) -> int:
    """Walk every golden row through tree.json; raise ParityError unless each leaf is its label."""
    wrong = [
        (row, leaf["label"])
        for row in golden["rows"]
        if (leaf := walk_tree(tree, row["inputs"])[-1])["label"] != row["label"]
    ]
    if wrong:
        details = "; ".join(
            f"{row['note']}: leaf {got}, expected {row['label']}" for row, got in wrong[:5]
        )
        raise ParityError(
            f"tree.json leads {len(wrong)} of {len(golden['rows'])} golden rows to another "
            f"label: {details}"
        )
    return len(golden["rows"])


def cases_frame(inputs: list[Inputs]) -> pd.DataFrame:
    frame = pd.DataFrame(inputs, columns=list(config.INPUT_COLUMNS))
    for column in config.NUMERIC_COLUMNS:
        frame[column] = frame[column].astype(np.float64)
    return frame


def sklearn_predict(pipeline: Pipeline, inputs: list[Inputs]) -> tuple[np.ndarray, np.ndarray]:
    frame = cases_frame(inputs)
    return pipeline.predict(frame), pipeline.predict_proba(frame)


def _as_float32_value(value: np.float32) -> float:
    # The float64 spelling of a float32 round-trips through JSON and back to the same float32.
    return float(np.float64(value))


def _training_cases(features: pd.DataFrame) -> list[GoldenCase]:
    cases = []
    for position, row in enumerate(features.to_dict(orient="records")):
        inputs: Inputs = {
            "Age": int(row["Age"]),
            "Sex": str(row["Sex"]),
            "BP": str(row["BP"]),
            "Cholesterol": str(row["Cholesterol"]),
            "Na_to_K": float(row["Na_to_K"]),
        }
        cases.append(GoldenCase("training", f"training row {position + 1}", inputs))
    return cases


def _reaches(pipeline: Pipeline, inputs: list[Inputs], node: int) -> np.ndarray:
    transformed = pipeline[:-1].transform(cases_frame(inputs))
    path = pipeline.named_steps["classifier"].decision_path(transformed)
    return np.asarray(path[:, node].todense()).ravel().astype(bool)


def _threshold_cases(pipeline: Pipeline, features: pd.DataFrame) -> list[GoldenCase]:
    """For each numeric split: the threshold itself and one float32 ulp either side.

    The base row is the first training row for which all three variants reach the split and
    the two sides give different labels, so the rows test the comparison, not a dead branch.
    """
    base_rows = [case.inputs for case in _training_cases(features)]
    cases = []
    for split in tree_splits(pipeline):
        if split.feature not in config.NUMERIC_COLUMNS:
            continue
        on = np.float32(split.threshold)
        if np.float64(on) != split.threshold:
            raise ParityError(
                f"threshold of node {split.node} is not a float32: {split.threshold!r}"
            )
        variants = {
            "below": np.nextafter(on, np.float32(-np.inf)),
            "on": on,
            "above": np.nextafter(on, np.float32(np.inf)),
        }
        base, position = _deciding_base_row(pipeline, base_rows, split, variants)
        for where, value in variants.items():
            inputs = {**base, split.feature: _as_float32_value(value)}
            if where == "on":
                note = f"{split.feature} on threshold {split.threshold:.6g}"
            else:
                note = f"{split.feature} one float32 ulp {where} threshold {split.threshold:.6g}"
            cases.append(GoldenCase("threshold", f"{note} (training row {position + 1})", inputs))
    return cases


def _deciding_base_row(
    pipeline: Pipeline, base_rows: list[Inputs], split: Split, variants: dict[str, np.float32]
) -> tuple[Inputs, int]:
    per_variant = {
        where: [{**row, split.feature: _as_float32_value(value)} for row in base_rows]
        for where, value in variants.items()
    }
    reach = np.logical_and.reduce(
        [_reaches(pipeline, rows, split.node) for rows in per_variant.values()]
    )
    below_labels, _ = sklearn_predict(pipeline, per_variant["below"])
    above_labels, _ = sklearn_predict(pipeline, per_variant["above"])
    deciding = np.flatnonzero(reach & (below_labels != above_labels))
    if len(deciding) == 0:
        raise ParityError(f"no training row makes split {split} decide the label")
    position = int(deciding[0])
    return base_rows[position], position


def _out_of_range_cases(features: pd.DataFrame) -> list[GoldenCase]:
    age_lo, age_hi = int(features["Age"].min()), int(features["Age"].max())
    ratio_lo, ratio_hi = float(features["Na_to_K"].min()), float(features["Na_to_K"].max())
    ages, ratios = config.OUT_OF_RANGE_AGES, config.OUT_OF_RANGE_NA_TO_K

    def inputs(age: int, sex: str, bp: str, cholesterol: str, ratio: float) -> Inputs:
        return {
            "Age": age,
            "Sex": sex,
            "BP": bp,
            "Cholesterol": cholesterol,
            "Na_to_K": float(ratio),
        }

    cases = []
    # Base rows where the varied input matters: with high BP and a low ratio, age decides.
    for age in ages:
        note = f"Age {age} outside training range {age_lo} to {age_hi}"
        cases.append(GoldenCase("out-of-range", note, inputs(age, "F", "HIGH", "HIGH", 10.0)))
    for ratio in ratios:
        note = f"Na_to_K {ratio:g} outside training range {ratio_lo:g} to {ratio_hi:g}"
        cases.append(GoldenCase("out-of-range", note, inputs(47, "F", "HIGH", "HIGH", ratio)))
    for age in (min(ages), max(ages)):
        for ratio in (min(ratios), max(ratios)):
            for bp in config.CATEGORY_LABELS["BP"]:
                note = f"Age {age} and Na_to_K {ratio:g} both outside training ranges, BP {bp}"
                cases.append(
                    GoldenCase("out-of-range", note, inputs(age, "M", bp, "NORMAL", ratio))
                )
    return cases


def golden_cases(pipeline: Pipeline, features: pd.DataFrame) -> list[GoldenCase]:
    return [
        *_training_cases(features),
        *_threshold_cases(pipeline, features),
        *_out_of_range_cases(features),
    ]


def build_golden(
    pipeline: Pipeline, features: pd.DataFrame, version: str = config.MODEL_VERSION
) -> dict:
    """golden.json's content: every case with scikit-learn's label and probabilities."""
    cases = golden_cases(pipeline, features)
    labels, probabilities = sklearn_predict(pipeline, [case.inputs for case in cases])
    classes = [str(label) for label in pipeline.classes_]
    return {
        "modelId": config.MODEL_ID,
        "modelVersion": version,
        "tolerance": config.GOLDEN_TOLERANCE,
        "classes": classes,
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


def onnx_feeds(inputs: list[Inputs]) -> dict[str, np.ndarray]:
    """One [N, 1] tensor per raw column, the way the browser feeds the model."""
    feeds = {}
    for column in config.INPUT_COLUMNS:
        values = [row[column] for row in inputs]
        dtype = np.float32 if column in config.NUMERIC_COLUMNS else object
        feeds[column] = np.array(values, dtype=dtype).reshape(-1, 1)
    return feeds


def onnx_predict(model_bytes: bytes, inputs: list[Inputs]) -> tuple[np.ndarray, np.ndarray]:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
    labels, probabilities = session.run(["label", "probabilities"], onnx_feeds(inputs))
    return labels, probabilities


def check_parity(model_bytes: bytes, golden: dict) -> ParityReport:
    """Run every golden row through onnxruntime; raise ParityError on any difference."""
    labels, probabilities = onnx_predict(model_bytes, [row["inputs"] for row in golden["rows"]])
    return compare_with_golden(labels, probabilities, golden, "ONNX")


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
        probabilities_within_tolerance=int(probabilities_ok.sum()),
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
