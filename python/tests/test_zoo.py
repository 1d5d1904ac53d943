"""Every zoo pipeline, exported through formcast.export alone: the files, the inferred card, and
parity with the fitted model on every golden row, re-checked here from the written files."""

import json

import numpy as np
import onnx
import pytest
from sklearn.base import is_classifier

from formcast.exporting.numeric_variant import check_numeric_parity
from formcast.exporting.onnx_graph import category_text, signature
from formcast.exporting.parity import check_parity, model_answers
from formcast.model_directory.read import sha256_bytes
from formcast.model_directory.schema import validate_manifest
from formcast.resources import schema_path

from .zoo import ZOO

IDS = [specimen.id for specimen in ZOO]


def _read(directory, name):
    return json.loads((directory / name).read_text(encoding="utf-8"))


def test_the_zoo_covers_what_formcast_promises():
    text = " ".join(s.what for s in ZOO).lower()
    for family in (
        "logistic", "ridge", "linear", "tree", "random forest", "extra trees",
        "gradient boosting", "histgradientboosting", "svr", "svc", "k-nn", "mlp",
        "naive bayes", "lightgbm", "xgboost",
    ):  # fmt: skip
        assert family in text, family
    for step in ("scaler", "one-hot", "ordinal", "imputer", "columntransformer", "passthrough"):
        assert step in text, step
    assert len(ZOO) >= 12


@pytest.mark.parametrize("model_id", IDS)
def test_every_golden_row_agrees_in_onnxruntime(zoo, model_id):
    exported = zoo[model_id]
    directory, result = exported.directory, exported.result
    golden = _read(directory, "golden.json")
    model_bytes = (directory / "model.onnx").read_bytes()
    report = check_parity(model_bytes, result.inputs, result.tensors, golden)
    rows = len(golden["rows"])
    assert report.rows == rows == result.manifest["golden"]["rows"]
    assert report.within_tolerance == rows
    if report.labels_equal is not None:
        assert report.labels_equal == rows
    numeric = result.manifest["model"].get("numeric")
    if numeric is not None:
        missing = {
            i["name"]: i["missing"]["value"] for i in result.manifest["inputs"] if i.get("optional")
        }
        numeric_bytes = (directory / numeric["file"]).read_bytes()
        numeric_report = check_numeric_parity(numeric_bytes, golden, numeric["features"], missing)
        assert numeric_report.within_tolerance == rows


@pytest.mark.parametrize("model_id", IDS)
def test_golden_rows_are_the_fitted_models_own_answers(zoo, model_id):
    exported = zoo[model_id]
    golden = _read(exported.directory, "golden.json")
    rows = [row["inputs"] for row in golden["rows"]]
    classifier = is_classifier(exported.model)
    answers, probabilities = model_answers(exported.model, exported.result.inputs, rows, classifier)
    if classifier:
        assert [r["label"] for r in golden["rows"]] == [str(a) for a in answers]
        assert [r["probabilities"] for r in golden["rows"]] == probabilities.tolist()
    else:
        assert [r["value"] for r in golden["rows"]] == answers.tolist()
    kinds = {row["kind"] for row in golden["rows"]}
    assert {"training", "out-of-range"} <= kinds
    if any(i["type"] == "category" for i in exported.result.manifest["inputs"]):
        assert "category" in kinds
    if any(i.get("optional") for i in exported.result.manifest["inputs"]):
        assert "empty" in kinds


@pytest.mark.parametrize("model_id", IDS)
def test_the_manifest_is_valid_and_vouches_for_the_files(zoo, model_id):
    exported = zoo[model_id]
    manifest = _read(exported.directory, "manifest.json")
    assert manifest == exported.result.manifest
    validate_manifest(manifest, schema_path())
    for entry in (manifest["model"], manifest["model"].get("numeric")):
        if entry is None:
            continue
        data = (exported.directory / entry["file"]).read_bytes()
        assert (entry["sha256"], entry["bytes"]) == (sha256_bytes(data), len(data))
    inputs, outputs = signature(
        onnx.load_from_string((exported.directory / "model.onnx").read_bytes())
    )
    assert inputs == [(i["tensor"]["name"], i["tensor"]["dtype"]) for i in manifest["inputs"]]
    tensors = [v for v in manifest["outputs"].values() if isinstance(v, dict) and "dtype" in v]
    assert outputs == [(t["name"], t["dtype"]) for t in tensors]
    assert sorted(p.name for p in exported.directory.iterdir()) == sorted(
        ["model.onnx", "manifest.json", "golden.json"]
        + (["model.numeric.onnx"] if "numeric" in manifest["model"] else [])
        + (["tree.json"] if "tree" in manifest["training"] else [])
    )


@pytest.mark.parametrize("model_id", IDS)
def test_inputs_are_inferred_from_the_frame_and_the_encoders(zoo, model_id):
    exported = zoo[model_id]
    X, manifest = exported.X, exported.result.manifest
    inputs = manifest["inputs"]
    # Names and order exactly as in the frame, whatever characters they hold.
    assert [i["name"] for i in inputs] == list(X.columns)
    first = X.iloc[0]
    for entry in inputs:
        column = X[entry["name"]]
        present = column.dropna()
        if entry["type"] == "number":
            assert (entry["min"], entry["max"]) == (present.min(), present.max())
            whole = bool(np.all(present == np.round(present)))
            assert (entry["step"] == 1) == whole
            assert isinstance(entry["min"], int) == whole
        else:
            assert set(map(category_text, present.unique())) <= set(entry["categories"])
        expected = None if column.isna().iloc[0] else first[entry["name"]]
        if entry["type"] == "category" and expected is not None:
            expected = category_text(expected)
        assert entry["example"] == expected
        assert entry.get("optional", False) == bool(entry.get("missing"))
    assert manifest["metrics"] == {"notMeasured": manifest["metrics"]["notMeasured"]}
    assert "without the target column" in manifest["metrics"]["notMeasured"]


@pytest.mark.parametrize("model_id", IDS)
def test_the_task_and_classes_come_from_the_model(zoo, model_id):
    exported = zoo[model_id]
    manifest, model = exported.result.manifest, exported.model
    if not is_classifier(model):
        assert manifest["task"] == "regression"
        assert manifest["outputs"]["label"] == "Prediction"  # exported without y: no name
        return
    classes = [str(c) for c in model.classes_]
    assert manifest["outputs"]["classes"] == classes
    assert manifest["task"] == ("binary" if len(classes) == 2 else "classification")
    dtype = "int64" if np.issubdtype(np.asarray(model.classes_).dtype, np.integer) else "string"
    assert manifest["outputs"]["label"]["dtype"] == dtype
    if manifest["task"] == "binary":
        assert manifest["outputs"]["positive"] == classes[1]
        assert manifest["outputs"]["headline"].startswith("Probability of")


def test_awkward_names_are_mapped_to_onnx_identifiers(zoo):
    iris = zoo["iris-logistic"].result.manifest["inputs"]
    assert (iris[0]["name"], iris[0]["tensor"]["name"]) == (
        "sepal length (cm)",
        "sepal_length__cm_",
    )
    accents = {
        i["name"]: i["tensor"]["name"] for i in zoo["accents-linear"].result.manifest["inputs"]
    }
    assert accents["Größe (m)"] != "Größe (m)"
    assert len(set(accents.values())) == len(accents)


def test_a_category_encoded_from_a_number_column_is_text_with_its_labels(zoo):
    inputs = {i["name"]: i for i in zoo["titanic-gb"].result.manifest["inputs"]}
    assert inputs["class"]["categories"] == ["1", "2", "3"]
    assert inputs["class"]["categoryLabels"] == {"1": "First", "2": "Second", "3": "Third"}
    assert inputs["class"]["tensor"]["dtype"] == "string"


def test_imputed_columns_are_optional_with_the_imputers_values(zoo):
    exported = zoo["titanic-gb"]
    inputs = {i["name"]: i for i in exported.result.manifest["inputs"]}
    X = exported.X
    assert inputs["age"]["missing"]["value"] == X["age"].median()
    assert inputs["age"]["missing"]["strategy"] == "median"
    assert inputs["embarked"]["missing"]["value"] == X["embarked"].mode()[0]
    assert inputs["embarked"]["missing"]["strategy"] == "most_frequent"
    assert {n for n, i in inputs.items() if i.get("optional")} == {"sex", "embarked", "age", "fare"}
    golden = _read(exported.directory, "golden.json")
    empty = [r for r in golden["rows"] if r["kind"] == "empty"]
    assert any(r["inputs"]["embarked"] is None for r in empty)


def test_a_single_tree_gets_tree_json_and_its_threshold_rows(zoo):
    exported = zoo["prescriptions-tree"]
    tree = _read(exported.directory, "tree.json")
    assert tree["modelSha256"] == exported.result.manifest["model"]["sha256"]
    summary = exported.result.manifest["training"]["tree"]
    assert summary["depth"] == exported.model[-1].get_depth()
    thresholds = [
        r for r in _read(exported.directory, "golden.json")["rows"] if r["kind"] == "threshold"
    ]
    assert len(thresholds) >= 3
    assert exported.result.notes == []


def test_skipped_variants_say_why(zoo):
    notes = zoo["flats-hgb"].result.notes
    assert any("No numeric variant" in n and "OrdinalEncoder" in n for n in notes)
    assert "numeric" not in zoo["flats-hgb"].result.manifest["model"]
    assert any(
        "No numeric variant" in n and "StandardScaler" in n
        for n in zoo["accents-linear"].result.notes
    )


def test_the_lightgbm_and_xgboost_libraries_are_recorded(zoo):
    lightgbm = zoo["flats-lightgbm"].result.manifest["training"]["libraries"]
    xgboost = zoo["loans-xgboost"].result.manifest["training"]["libraries"]
    assert "lightgbm" in lightgbm and "onnxmltools" in lightgbm
    assert "xgboost" in xgboost and "onnxmltools" in xgboost
    assert "lightgbm" not in zoo["iris-logistic"].result.manifest["training"]["libraries"]


def test_missing_values_the_model_takes_itself_make_optional_inputs_without_a_value(zoo):
    exported = zoo["readings-hgb"]
    inputs = {i["name"]: i for i in exported.result.manifest["inputs"]}
    assert {n for n, i in inputs.items() if i.get("optional")} == {"humidity (%)", "wind"}
    assert inputs["wind"]["missing"]["value"] is None
    assert inputs["wind"]["missing"]["strategy"] == "model"
    assert "numeric" in exported.result.manifest["model"]
    golden = _read(exported.directory, "golden.json")
    empty = [r for r in golden["rows"] if r["kind"] == "empty"]
    assert any(r["inputs"]["wind"] is None and r["inputs"]["humidity (%)"] is None for r in empty)


def test_a_model_taking_nan_itself_keeps_its_missing_value_flags(zoo):
    """An optional input with no missing.value reaches the numeric model as NaN, where the
    trees' flags decide the branch: the export must not clear them (see without_missing_tracks)."""
    exported = zoo["readings-hgb"]
    numeric = exported.result.manifest["model"]["numeric"]
    assert any(
        i["missing"]["value"] is None
        for i in exported.result.manifest["inputs"]
        if i.get("optional")
    )
    model = onnx.load(exported.directory / numeric["file"])
    flags = [
        flag
        for node in model.graph.node
        if node.op_type.startswith("TreeEnsemble")
        for attribute in node.attribute
        if attribute.name == "nodes_missing_value_tracks_true"
        for flag in attribute.ints
    ]
    assert any(flags)
