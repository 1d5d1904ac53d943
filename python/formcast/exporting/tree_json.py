"""Models that are one decision tree: tree.json read back from the ONNX graph (the thresholds the
browser really compares against), the tree's summary for the manifest, and the walk of a row
through tree.json that the browser's "why this prediction?" path repeats."""

import hashlib
import json
from collections.abc import Callable, Mapping

import numpy as np
import onnx

from formcast.errors import ParityError
from formcast.exporting.parity import Row


class NoTreeError(Exception):
    """Why the model has no tree.json (a sentence for the export's notes)."""


# tree.json's comparison names (ONNX's BRANCH_* modes): the true branch is taken when it holds.
_COMPARISONS: dict[str, Callable[[np.float32, np.float32], bool]] = {
    "LEQ": lambda x, t: bool(x <= t),
    "LT": lambda x, t: bool(x < t),
    "GTE": lambda x, t: bool(x >= t),
    "GT": lambda x, t: bool(x > t),
    "EQ": lambda x, t: bool(x == t),
    "NEQ": lambda x, t: bool(x != t),
}
BRANCH_MODES = {f"BRANCH_{short}": short for short in _COMPARISONS}


def feature_value(feature: dict, inputs: Row) -> np.float32:
    """One column of the tree's feature matrix, as the ONNX graph computes it (float32)."""
    value = inputs[feature["input"]]
    if "category" in feature:
        return np.float32(1.0 if str(value) == feature["category"] else 0.0)
    return np.float32(value)


def walk_tree(tree: dict, inputs: Row) -> list[dict]:
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


def _attributes(node: onnx.NodeProto) -> dict:
    values = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    # ai.onnx.ml 3 may store the floats as tensors instead of lists; read either.
    for name in ("nodes_values", "class_weights"):
        tensor = values.pop(f"{name}_as_tensor", None)
        if tensor is not None:
            values[name] = [float(v) for v in onnx.numpy_helper.to_array(tensor).ravel()]
    return values


def _text(value: bytes | str | int) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _feature_columns(graph: onnx.GraphProto, tensor: str, names: Mapping[str, str]) -> list[dict]:
    """What each column of `tensor` is, traced back to the graph's inputs (`names` maps an input
    tensor to the manifest's input name).

    A number input is its own column; a one-hot encoder gives one column per category, 1.0 when
    the input equals it. Only the operators skl2onnx uses to assemble the tree's feature matrix
    are followed; anything else (a scaler, say) means the tree's features are not the inputs.
    """
    if tensor in names:
        return [{"name": names[tensor], "input": names[tensor]}]
    producer = next((n for n in graph.node if tensor in n.output), None)
    if producer is None:
        raise NoTreeError(f"no node produces the tensor {tensor!r}")
    if producer.op_type == "OneHotEncoder":
        source = producer.input[0]
        if source not in names:
            raise NoTreeError(f"the one-hot encoder of {tensor!r} does not read a model input")
        attributes = _attributes(producer)
        categories = attributes.get("cats_strings") or attributes.get("cats_int64s") or []
        return [
            {"name": f"{names[source]}_{_text(c)}", "input": names[source], "category": _text(c)}
            for c in categories
        ]
    if producer.op_type == "Concat":
        return [c for part in producer.input for c in _feature_columns(graph, part, names)]
    if producer.op_type in ("Reshape", "Identity", "Cast"):
        return _feature_columns(graph, producer.input[0], names)
    raise NoTreeError(
        f"the tree's inputs pass through a {producer.op_type} step, not only encoders"
    )


def tree_from_onnx(
    model_bytes: bytes, tensors: Mapping[str, str], layout: list[dict] | None = None
) -> dict:
    """tree.json's content, read from the exported graph's TreeEnsembleClassifier.

    The thresholds are the float32 values onnxruntime-web compares against, not the fitted
    model's float64 ones, so the path the browser shows is the path the browser's model takes.
    Raises NoTreeError when the model is not one classification tree over its raw inputs.
    `layout`, the numeric variant's features, cross-checks the tracing through the graph.
    """
    model = onnx.load_from_string(model_bytes)
    trees = [n for n in model.graph.node if n.op_type == "TreeEnsembleClassifier"]
    if len(trees) != 1:
        raise NoTreeError("the model is not a single classification tree")
    node = trees[0]
    a = _attributes(node)
    if set(a["nodes_treeids"]) != {0} or _text(a.get("post_transform", b"NONE")) != "NONE":
        raise NoTreeError("the model is an ensemble, which has no single decision path to show")
    names = {tensor: name for name, tensor in tensors.items()}
    features = _feature_columns(model.graph, node.input[0], names)
    if layout is not None:
        traced = [(f["input"], f.get("category")) for f in features]
        expected = [(f["input"], f.get("equals")) for f in layout]
        if traced != expected:
            raise NoTreeError(
                f"the tree's columns traced through the graph, {traced}, are not {expected}"
            )
    labels = a.get("classlabels_strings") or a.get("classlabels_int64s") or []
    classes = [_text(label) for label in labels]
    weights: dict[int, list[float]] = {}
    for node_id, class_id, weight in zip(
        a["class_nodeids"], a["class_ids"], a["class_weights"], strict=True
    ):
        weights.setdefault(node_id, [0.0] * len(classes))[class_id] += float(weight)

    nodes: list[dict] = []
    for position, node_id in enumerate(a["nodes_nodeids"]):
        mode = _text(a["nodes_modes"][position])
        if mode == "LEAF":
            probabilities = weights.get(node_id)
            if probabilities is None:
                raise NoTreeError(f"leaf {node_id} of the ONNX tree has no class weights")
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
            raise NoTreeError(f"node {node_id} of the ONNX tree has an unknown mode {mode!r}")
    children = {n[side] for n in nodes if "feature" in n for side in ("true", "false")}
    roots = [n["id"] for n in nodes if n["id"] not in children]
    if len(roots) != 1:
        raise NoTreeError(f"the ONNX tree has {len(roots)} roots, not one")
    return {
        "modelSha256": hashlib.sha256(model_bytes).hexdigest(),
        "classes": classes,
        "features": features,
        "root": roots[0],
        "nodes": nodes,
    }


def tree_summary(tree: dict, estimator: object) -> dict:
    """The manifest's training.tree: depth, leaves and every split's input and threshold."""
    depth = getattr(estimator, "get_depth", None)
    leaves = getattr(estimator, "get_n_leaves", None)
    summary: dict = {}
    if depth is not None and leaves is not None:
        summary |= {"depth": int(depth()), "leaves": int(leaves())}
    summary["thresholds"] = [
        {"input": tree["features"][n["feature"]]["name"], "value": n["value"]}
        for n in tree["nodes"]
        if "feature" in n
    ]
    return summary


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
