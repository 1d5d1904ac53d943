"""Models that are one decision tree (drug): the tree's summary for the manifest, tree.json read
back from the ONNX graph (the thresholds the browser really compares against), and the walk of a
row through tree.json that the browser's "why this prediction?" path repeats."""

import hashlib
import json
from dataclasses import dataclass

import numpy as np
import onnx
from sklearn.pipeline import Pipeline

from training.evaluate import Inputs, ParityError
from training.features import feature_names


class TreeExportError(RuntimeError):
    """tree.json cannot be derived faithfully from the ONNX graph."""


@dataclass(frozen=True)
class Split:
    node: int
    feature: str
    threshold: float


def tree_splits(pipeline: Pipeline) -> list[Split]:
    """Every split node of the fitted tree, in node order."""
    tree = pipeline.steps[-1][1].tree_
    names = feature_names(pipeline)
    return [
        Split(node=node, feature=names[tree.feature[node]], threshold=float(tree.threshold[node]))
        for node in range(tree.node_count)
        if tree.children_left[node] != -1
    ]


def tree_summary(pipeline: Pipeline) -> dict:
    classifier = pipeline.steps[-1][1]
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


# ONNX TreeEnsemble branch modes, as the short comparison names tree.json uses.
BRANCH_MODES = {
    "BRANCH_LEQ": "LEQ",
    "BRANCH_LT": "LT",
    "BRANCH_GTE": "GTE",
    "BRANCH_GT": "GT",
    "BRANCH_EQ": "EQ",
    "BRANCH_NEQ": "NEQ",
}


def _attributes(node: onnx.NodeProto) -> dict:
    values = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    # ai.onnx.ml 3 may store the floats as tensors instead of lists; read either.
    for name in ("nodes_values", "class_weights"):
        tensor = values.pop(f"{name}_as_tensor", None)
        if tensor is not None:
            values[name] = [float(v) for v in onnx.numpy_helper.to_array(tensor).ravel()]
    return values


def _feature_columns(graph: onnx.GraphProto, tensor: str) -> list[dict]:
    """What each column of `tensor` is, traced back to the graph's inputs.

    A number input is its own column; a one-hot encoder gives one column per category, 1.0 when
    the input equals it. Only the operators skl2onnx uses to assemble the tree's feature matrix
    are followed; anything else means the tree's features cannot be named, and export stops.
    """
    if tensor in {i.name for i in graph.input}:
        return [{"name": tensor, "input": tensor}]
    producer = next((n for n in graph.node if tensor in n.output), None)
    if producer is None:
        raise TreeExportError(f"no node produces the tensor {tensor!r}")
    if producer.op_type == "OneHotEncoder":
        source = producer.input[0]
        if source not in {i.name for i in graph.input}:
            raise TreeExportError(f"the one-hot encoder of {tensor!r} does not read a model input")
        attributes = _attributes(producer)
        categories = attributes.get("cats_strings") or attributes.get("cats_int64s") or []
        return [
            {
                "name": f"{source}_{_text(category)}",
                "input": source,
                "category": _text(category),
            }
            for category in categories
        ]
    if producer.op_type == "Concat":
        return [column for part in producer.input for column in _feature_columns(graph, part)]
    if producer.op_type in ("Reshape", "Identity", "Cast"):
        return _feature_columns(graph, producer.input[0])
    raise TreeExportError(
        f"cannot tell which input feeds {tensor!r}: it comes from a {producer.op_type} node"
    )


def _text(value: bytes | str | int) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def tree_from_onnx(model_bytes: bytes, expected_features: list[str]) -> dict | None:
    """tree.json's content, read from the exported graph's TreeEnsembleClassifier.

    The thresholds are the float32 values onnxruntime-web compares against, not scikit-learn's
    float64 ones, so the path the browser shows is the path the browser's model takes. Returns
    None when the model is not one tree (an ensemble has no single path to show).
    `expected_features` are scikit-learn's names for the tree's columns, a cross-check of the
    tracing through the graph.
    """
    model = onnx.load_from_string(model_bytes)
    trees = [n for n in model.graph.node if n.op_type == "TreeEnsembleClassifier"]
    if len(trees) != 1:
        return None
    node = trees[0]
    a = _attributes(node)
    if set(a["nodes_treeids"]) != {0} or _text(a.get("post_transform", b"NONE")) != "NONE":
        return None
    features = _feature_columns(model.graph, node.input[0])
    if [f["name"] for f in features] != expected_features:
        raise TreeExportError(
            f"the tree's columns traced through the ONNX graph, {[f['name'] for f in features]},"
            f" are not scikit-learn's {expected_features}"
        )
    classes = [_text(label) for label in a["classlabels_strings"]]
    weights: dict[int, list[float]] = {}
    for node_id, class_id, weight in zip(
        a["class_nodeids"], a["class_ids"], a["class_weights"], strict=True
    ):
        weights.setdefault(node_id, [0.0] * len(classes))[class_id] += float(weight)

    nodes = []
    for position, node_id in enumerate(a["nodes_nodeids"]):
        mode = _text(a["nodes_modes"][position])
        if mode == "LEAF":
            probabilities = weights.get(node_id)
            if probabilities is None:
                raise TreeExportError(f"leaf {node_id} of the ONNX tree has no class weights")
            best = max(range(len(classes)), key=lambda i: (probabilities[i], -i))
            nodes.append({"id": node_id, "label": classes[best], "probabilities": probabilities})
        elif mode in BRANCH_MODES:
            nodes.append(
                {
                    "id": node_id,
                    "feature": int(a["nodes_featureids"][position]),
                    "mode": BRANCH_MODES[mode],
                    "value": float(a["nodes_values"][position]),
                    "true": int(a["nodes_truenodeids"][position]),
                    "false": int(a["nodes_falsenodeids"][position]),
                }
            )
        else:
            raise TreeExportError(f"node {node_id} of the ONNX tree has an unknown mode {mode!r}")
    children = {n[side] for n in nodes if "feature" in n for side in ("true", "false")}
    roots = [n["id"] for n in nodes if n["id"] not in children]
    if len(roots) != 1:
        raise TreeExportError(f"the ONNX tree has {len(roots)} roots, not one")
    return {
        "modelSha256": hashlib.sha256(model_bytes).hexdigest(),
        "classes": classes,
        "features": features,
        "root": roots[0],
        "nodes": nodes,
    }


def tree_json(tree: dict) -> str:
    """tree.json with one node per line, like golden.json: a changed split is a one-line diff."""
    parts = [
        f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in tree.items()
        if key not in ("features", "nodes")
    ]
    for key in ("features", "nodes"):
        items = ",\n".join(f"    {json.dumps(item, ensure_ascii=False)}" for item in tree[key])
        parts.append(f'  "{key}": [\n{items}\n  ]')
    return "{\n" + ",\n".join(parts) + "\n}\n"
