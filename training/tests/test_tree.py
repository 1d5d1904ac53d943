"""tree.json: the decision tree as the ONNX model holds it, for the browser's decision path."""

import copy
import json

import numpy as np
import onnx
import pytest

import formcast
from formcast.constants import GOLDEN_FILE, MODEL_FILE, TREE_FILE
from formcast.exporting.parity import onnx_feeds, onnx_run
from formcast.exporting.tree_json import NoTreeError, check_tree_paths, tree_from_onnx, walk_tree

ParityError = formcast.ParityError


def feature_names(pipeline):
    return [str(name) for name in pipeline.named_steps["features"].get_feature_names_out()]


def _read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _onnx_tree_attributes(directory):
    model = onnx.load_from_string((directory / MODEL_FILE).read_bytes())
    (node,) = [n for n in model.graph.node if n.op_type == "TreeEnsembleClassifier"]
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def test_the_manifest_names_the_written_tree_file(exported):
    assert exported.result.manifest["training"]["tree"]["file"] == TREE_FILE
    assert (exported.directory / TREE_FILE).is_file()
    assert _read_json(exported.directory / TREE_FILE) == exported.result.tree


def test_tree_belongs_to_the_written_model(exported):
    tree = _read_json(exported.directory / TREE_FILE)
    assert tree["modelSha256"] == exported.result.manifest["model"]["sha256"]
    assert tree["classes"] == exported.result.manifest["outputs"]["classes"]


def test_thresholds_are_the_onnx_node_values(exported):
    tree = _read_json(exported.directory / TREE_FILE)
    a = _onnx_tree_attributes(exported.directory)
    splits = {
        node_id: (feature, mode.decode(), value, true, false)
        for node_id, feature, mode, value, true, false in zip(
            a["nodes_nodeids"],
            a["nodes_featureids"],
            a["nodes_modes"],
            a["nodes_values"],
            a["nodes_truenodeids"],
            a["nodes_falsenodeids"],
            strict=True,
        )
        if mode != b"LEAF"
    }
    written = {
        node["id"]: (node["feature"], f"BRANCH_{node['mode']}", node["value"], *children)
        for node in tree["nodes"]
        if "feature" in node
        for children in [(node["true"], node["false"])]
    }
    assert written == splits
    # Exactly float32 values: what onnxruntime compares against, bit for bit.
    for node in tree["nodes"]:
        if "feature" in node:
            assert float(np.float32(node["value"])) == node["value"]


def test_features_map_back_to_inputs_and_categories(exported):
    tree = _read_json(exported.directory / TREE_FILE)
    inputs = {entry["name"]: entry for entry in exported.result.manifest["inputs"]}
    names = feature_names(exported.trained.pipeline)
    assert [f["name"] for f in tree["features"]] == names
    for feature in tree["features"]:
        spec = inputs[feature["input"]]
        if "category" in feature:
            assert spec["type"] == "category"
            assert feature["category"] in spec["categories"]
            assert feature["name"] == f"{feature['input']}_{feature['category']}"
        else:
            assert spec["type"] == "number"
            assert feature["name"] == feature["input"]


def test_every_golden_row_walks_to_a_leaf_of_its_label(exported):
    tree = _read_json(exported.directory / TREE_FILE)
    golden = _read_json(exported.directory / GOLDEN_FILE)
    assert check_tree_paths(tree, golden) == len(golden["rows"]) == 226
    for row in golden["rows"]:
        leaf = walk_tree(tree, row["inputs"])[-1]
        assert leaf["label"] == row["label"], row["note"]
        assert leaf["probabilities"] == row["probabilities"], row["note"]


def test_the_walk_compares_in_float32_as_onnx_does(exported):
    """A float64 comparison would send the row one float32 ulp above the root threshold left."""
    tree = _read_json(exported.directory / TREE_FILE)
    golden = _read_json(exported.directory / GOLDEN_FILE)
    model_bytes = (exported.directory / MODEL_FILE).read_bytes()
    rows = [r for r in golden["rows"] if r["kind"] == "threshold"]
    feeds = onnx_feeds(exported.result.inputs, exported.result.tensors, [r["inputs"] for r in rows])
    labels, _ = onnx_run(model_bytes, feeds, classifier=True)
    assert [walk_tree(tree, r["inputs"])[-1]["label"] for r in rows] == labels.tolist()


def test_the_tutorial_row_takes_the_documented_path(exported):
    tree = _read_json(exported.directory / TREE_FILE)
    row = {"Age": 47, "Sex": "F", "BP": "HIGH", "Cholesterol": "HIGH", "Na_to_K": 14.0}
    path = walk_tree(tree, row)
    steps = [(tree["features"][n["feature"]]["name"], round(n["value"], 2)) for n in path[:-1]]
    assert steps == [("Na_to_K", 14.83), ("BP_HIGH", 0.5), ("Age", 50.5)]
    assert path[-1]["label"] == "drugA"


def test_a_wrong_tree_fails_the_check(exported):
    tree = copy.deepcopy(exported.result.tree)
    golden = _read_json(exported.directory / GOLDEN_FILE)
    root = next(n for n in tree["nodes"] if n["id"] == tree["root"])
    root["value"] = 20.0
    with pytest.raises(ParityError, match="golden rows to another label"):
        check_tree_paths(tree, golden)


def test_features_that_disagree_with_the_numeric_layout_stop_the_tree(exported):
    model_bytes = (exported.directory / MODEL_FILE).read_bytes()
    layout = exported.result.manifest["model"]["numeric"]["features"]
    with pytest.raises(NoTreeError, match="traced through the graph"):
        tree_from_onnx(model_bytes, exported.result.tensors, list(reversed(layout)))


def test_a_model_without_a_single_tree_has_no_tree_file():
    graph = onnx.helper.make_graph(
        [onnx.helper.make_node("Identity", ["x"], ["y"])],
        "no-tree",
        [onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [None, 1])],
        [onnx.helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [None, 1])],
    )
    model = onnx.helper.make_model(graph)
    with pytest.raises(NoTreeError, match="not a single classification tree"):
        tree_from_onnx(model.SerializeToString(), {"x": "x"})


def test_ensembles_have_no_tree_file(exported_models):
    for model_id in ("hr", "house"):
        exported = exported_models[model_id]
        assert exported.result.tree is None
        assert "tree" not in exported.result.manifest["training"]
        assert not (exported.directory / TREE_FILE).exists()
