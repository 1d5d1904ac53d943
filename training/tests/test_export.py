import copy
import json

import jsonschema
import numpy as np
import onnx
import pytest

from training import config, evaluate, export
from training.evaluate import check_parity, onnx_predict, sklearn_predict
from training.export import export_model, validate_manifest
from training.train import train


def _read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_written_manifest_validates_against_the_schema(exported):
    manifest = _read_json(exported.directory / config.MANIFEST_FILE)
    validate_manifest(manifest, config.SCHEMA_PATH)


@pytest.mark.parametrize(
    ("corrupt", "why"),
    [
        (lambda m: m.pop("golden"), "missing field"),
        (lambda m: m["inputs"][1].update(type="choice"), "unknown input type"),
        (lambda m: m["inputs"][0].pop("min"), "number without min"),
        (lambda m: m["inputs"][1].update(categories=[]), "empty category list"),
        (lambda m: m.update(createdAt="yesterday"), "not a date-time"),
        (lambda m: m["model"].update(sha256="XYZ"), "bad sha256"),
        (lambda m: m["outputs"]["label"].update(dtype="float64"), "unknown dtype"),
        (lambda m: m.update(colour="red"), "unknown field"),
    ],
)
def test_a_corrupted_manifest_does_not_validate(exported, corrupt, why):
    manifest = copy.deepcopy(exported.result.manifest)
    corrupt(manifest)
    with pytest.raises(jsonschema.ValidationError):
        validate_manifest(manifest, config.SCHEMA_PATH)


def test_manifest_describes_the_fitted_model_and_the_data(exported):
    manifest = exported.result.manifest
    pipeline = exported.trained.pipeline
    encoder = pipeline.named_steps["features"].named_transformers_["category"]
    inputs = {entry["name"]: entry for entry in manifest["inputs"]}

    assert [entry["name"] for entry in manifest["inputs"]] == list(config.INPUT_COLUMNS)
    for column, categories in zip(encoder.feature_names_in_, encoder.categories_, strict=True):
        assert inputs[column]["categories"] == [str(c) for c in categories]
        assert set(inputs[column]["categoryLabels"]) == set(inputs[column]["categories"])
    assert manifest["outputs"]["classes"] == pipeline.named_steps["classifier"].classes_.tolist()
    for column in config.NUMERIC_COLUMNS:
        assert inputs[column]["min"] == exported.trained.features[column].min()
        assert inputs[column]["max"] == exported.trained.features[column].max()
    assert manifest["metrics"]["classCounts"] == exported.trained.target.value_counts().to_dict()
    assert manifest["training"]["data"]["sha256"] == config.DATA_SHA256


def test_manifest_vouches_for_the_written_model(exported):
    model_bytes = (exported.directory / config.MODEL_FILE).read_bytes()
    manifest = exported.result.manifest
    assert manifest["model"]["bytes"] == len(model_bytes)
    assert manifest["model"]["sha256"] == export._sha256_bytes(model_bytes)
    model = onnx.load_from_string(model_bytes)
    assert manifest["model"]["opset"] == {o.domain: o.version for o in model.opset_import}
    assert [i.name for i in model.graph.input] == list(config.INPUT_COLUMNS)
    assert [o.name for o in model.graph.output] == ["label", "probabilities"]


def test_onnx_tree_holds_exactly_the_scikit_learn_thresholds(exported):
    model = onnx.load_from_string((exported.directory / config.MODEL_FILE).read_bytes())
    (tree_node,) = [n for n in model.graph.node if n.op_type == "TreeEnsembleClassifier"]
    attributes = {a.name: a for a in tree_node.attribute}
    modes = [m.decode() for m in attributes["nodes_modes"].strings]
    onnx_thresholds = [
        v for v, m in zip(attributes["nodes_values"].floats, modes, strict=True) if m != "LEAF"
    ]
    expected = [t["value"] for t in exported.result.manifest["training"]["tree"]["thresholds"]]
    assert onnx_thresholds == expected


def test_golden_rows_cover_training_thresholds_and_out_of_range(exported):
    golden = _read_json(exported.directory / config.GOLDEN_FILE)
    kinds = [row["kind"] for row in golden["rows"]]
    numeric_splits = [
        t
        for t in exported.result.manifest["training"]["tree"]["thresholds"]
        if t["input"] in config.NUMERIC_COLUMNS
    ]
    assert kinds.count("training") == 200
    assert kinds.count("threshold") == 3 * len(numeric_splits) > 0
    assert kinds.count("out-of-range") >= len(config.OUT_OF_RANGE_AGES) + len(
        config.OUT_OF_RANGE_NA_TO_K
    )
    assert exported.result.manifest["golden"]["rows"] == len(golden["rows"])
    assert golden["classes"] == exported.result.manifest["outputs"]["classes"]
    for split in numeric_splits:
        values = [
            row["inputs"][split["input"]] for row in golden["rows"] if row["kind"] == "threshold"
        ]
        on = np.float32(split["value"])
        assert float(on) in values
        assert float(np.nextafter(on, np.float32(-np.inf))) in values
        assert float(np.nextafter(on, np.float32(np.inf))) in values


def test_golden_rows_are_scikit_learns_answers(exported):
    golden = _read_json(exported.directory / config.GOLDEN_FILE)
    labels, probabilities = sklearn_predict(
        exported.trained.pipeline, [r["inputs"] for r in golden["rows"]]
    )
    assert [r["label"] for r in golden["rows"]] == labels.tolist()
    assert [r["probabilities"] for r in golden["rows"]] == probabilities.tolist()


def test_onnx_matches_scikit_learn_on_every_golden_row(exported):
    golden = _read_json(exported.directory / config.GOLDEN_FILE)
    model_bytes = (exported.directory / config.MODEL_FILE).read_bytes()
    report = check_parity(model_bytes, golden)
    rows = len(golden["rows"])
    assert report.rows == rows == exported.result.manifest["golden"]["rows"]
    assert report.labels_equal == rows
    assert report.probabilities_within_tolerance == rows
    assert report.max_abs_difference <= config.GOLDEN_TOLERANCE


def test_threshold_rows_take_both_branches(exported):
    golden = _read_json(exported.directory / config.GOLDEN_FILE)
    rows = [r for r in golden["rows"] if r["kind"] == "threshold"]
    for below, on, above in zip(rows[0::3], rows[1::3], rows[2::3], strict=True):
        assert below["label"] == on["label"] != above["label"]


def test_tutorial_worked_examples(exported):
    model_bytes = (exported.directory / config.MODEL_FILE).read_bytes()
    examples = [
        {"Age": 60, "Sex": "F", "BP": "LOW", "Cholesterol": "HIGH", "Na_to_K": 20.0},
        {"Age": 47, "Sex": "F", "BP": "HIGH", "Cholesterol": "HIGH", "Na_to_K": 14.0},
    ]
    labels, _ = onnx_predict(model_bytes, examples)
    assert labels.tolist() == ["DrugY", "drugA"]


def test_retraining_is_deterministic(tmp_path):
    first = export_model(train(config.DATA_CSV), tmp_path / "first", config.SCHEMA_PATH)
    second = export_model(train(config.DATA_CSV), tmp_path / "second", config.SCHEMA_PATH)
    model_first = (tmp_path / "first" / config.MODEL_FILE).read_bytes()
    model_second = (tmp_path / "second" / config.MODEL_FILE).read_bytes()
    assert model_first == model_second
    assert first.model_sha256 == second.model_sha256
    golden_first = (tmp_path / "first" / config.GOLDEN_FILE).read_bytes()
    assert golden_first == (tmp_path / "second" / config.GOLDEN_FILE).read_bytes()


def test_writes_nothing_when_parity_fails(tmp_path, monkeypatch):
    def disagree(model_bytes, golden):
        raise evaluate.ParityError("simulated disagreement")

    monkeypatch.setattr(export, "check_parity", disagree)
    with pytest.raises(evaluate.ParityError):
        export_model(train(config.DATA_CSV), tmp_path / "drug", config.SCHEMA_PATH)
    assert not (tmp_path / "drug").exists()


def test_golden_rows_catch_a_naively_rounded_threshold(exported):
    """Had the converter rounded each threshold to the nearest float32, a row would differ."""
    model = onnx.load_from_string((exported.directory / config.MODEL_FILE).read_bytes())
    golden = _read_json(exported.directory / config.GOLDEN_FILE)
    (tree_node,) = [n for n in model.graph.node if n.op_type == "TreeEnsembleClassifier"]
    values = next(a for a in tree_node.attribute if a.name == "nodes_values").floats
    # scikit-learn's root threshold before snapping: the float64 midpoint of the two float32
    # training ratios either side of it. Its nearest float32 lies above it.
    unsnapped = (np.float64(np.float32(14.642)) + np.float64(np.float32(15.015))) / 2
    assert np.float64(np.float32(unsnapped)) > unsnapped
    values[0] = float(np.float32(unsnapped))
    with pytest.raises(evaluate.ParityError, match="1 of"):
        check_parity(model.SerializeToString(), golden)
