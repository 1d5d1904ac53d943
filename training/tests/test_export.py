import copy
import json

import jsonschema
import numpy as np
import onnx
import pytest

import formcast
from formcast.constants import GOLDEN_FILE, MANIFEST_FILE, MODEL_FILE, NUMERIC_MODEL_FILE
from formcast.exporting.onnx_graph import Column, convert_model, signature
from formcast.exporting.parity import onnx_feeds, onnx_run
from formcast.model_directory.read import sha256_bytes
from formcast.model_directory.schema import validate_manifest
from training import config, models
from training.models import drug
from training.models import hr as hr_model
from training.tests.conftest import export_bundled

IDS = list(models.IDS)


def _read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("model_id", IDS)
def test_written_manifest_validates_against_the_schema(exported_models, model_id):
    manifest = _read_json(exported_models[model_id].directory / MANIFEST_FILE)
    validate_manifest(manifest, config.SCHEMA_PATH)
    assert manifest == exported_models[model_id].result.manifest


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
        (lambda m: m["inputs"][0].update(example=None), "required input starting empty"),
    ],
)
def test_a_corrupted_drug_manifest_does_not_validate(exported, corrupt, why):
    manifest = copy.deepcopy(exported.result.manifest)
    corrupt(manifest)
    with pytest.raises(jsonschema.ValidationError):
        validate_manifest(manifest, config.SCHEMA_PATH)


def _optional(manifest):
    return next(entry for entry in manifest["inputs"] if entry.get("optional"))


@pytest.mark.parametrize(
    ("corrupt", "why"),
    [
        (lambda m: m["outputs"].pop("value"), "regression output without its tensor"),
        (lambda m: m["outputs"].update(classes=["a", "b"]), "classes on a regression"),
        (lambda m: m["outputs"]["interval"].update(coverage=1.5), "coverage above 1"),
        (lambda m: m["metrics"].pop("target"), "regression without the target's spread"),
        (lambda m: _optional(m).pop("missing"), "optional input without its imputed value"),
        (lambda m: _optional(m).update(missing={"value": "x", "strategy": "median"}), "text"),
    ],
)
def test_a_corrupted_house_manifest_does_not_validate(house, corrupt, why):
    manifest = copy.deepcopy(house.result.manifest)
    corrupt(manifest)
    with pytest.raises(jsonschema.ValidationError):
        validate_manifest(manifest, config.SCHEMA_PATH)


def test_a_binary_manifest_needs_its_headline(hr):
    manifest = copy.deepcopy(hr.result.manifest)
    manifest["outputs"].pop("headline")
    with pytest.raises(jsonschema.ValidationError):
        validate_manifest(manifest, config.SCHEMA_PATH)


@pytest.mark.parametrize("model_id", IDS)
def test_manifest_describes_the_fitted_model_and_the_data(exported_models, model_id):
    exported = exported_models[model_id]
    spec = exported.trained.spec
    manifest = exported.result.manifest
    inputs = {entry["name"]: entry for entry in manifest["inputs"]}
    features = exported.trained.features

    assert [entry["name"] for entry in manifest["inputs"]] == spec.input_names
    features_step = exported.trained.pipeline.named_steps["features"]
    checked = set()
    for _name, transformer, columns in features_step.transformers_:
        encoder = transformer.steps[-1][1] if hasattr(transformer, "steps") else transformer
        if hasattr(encoder, "categories_"):
            for column, categories in zip(columns, encoder.categories_, strict=True):
                assert inputs[column]["categories"] == [str(c) for c in categories]
                assert list(inputs[column]["categoryLabels"]) == inputs[column]["categories"]
                checked.add(column)
    assert checked == {s.name for s in spec.category_inputs}
    for entry in spec.number_inputs:
        assert inputs[entry.name]["min"] == features[entry.name].min()
        assert inputs[entry.name]["max"] == features[entry.name].max()
    assert manifest["training"]["data"]["sha256"] == spec.data.sha256
    assert manifest["training"]["data"]["rows"] == len(features)
    assert manifest["task"] == spec.task
    libraries = manifest["training"]["libraries"]
    uses_lightgbm = "LGBM" in manifest["training"]["estimator"]
    for library in ("lightgbm", "onnxmltools", "onnxconverter-common"):
        assert (library in libraries) == uses_lightgbm


def test_hr_outputs_are_the_contract(hr):
    outputs = hr.result.manifest["outputs"]
    assert outputs == {
        "label": {"name": "label", "dtype": "int64"},
        "probabilities": {"name": "probabilities", "dtype": "float32"},
        "classes": ["0", "1"],
        "classLabels": {"0": "Stays", "1": "Leaves"},
        "positive": "1",
        "headline": "Probability of leaving",
    }
    salary = next(i for i in hr.result.manifest["inputs"] if i["name"] == "salary")
    assert salary["categories"] == ["low", "medium", "high"]


def test_house_outputs_are_the_contract(house):
    outputs = house.result.manifest["outputs"]
    assert outputs["value"] == {"name": "value", "dtype": "float32"}
    assert outputs["label"] == "Sale price"
    assert outputs["format"] == {"style": "currency", "currency": "USD", "maximumFractionDigits": 0}
    assert outputs["interval"]["kind"] == "ratio"
    assert outputs["interval"]["lower"] < 1 < outputs["interval"]["upper"]


def test_optional_house_inputs_carry_the_fitted_imputers_values(house):
    inputs = {entry["name"]: entry for entry in house.result.manifest["inputs"]}
    features = house.trained.features
    optional = {name for name, entry in inputs.items() if entry.get("optional")}
    assert optional == {"OverallCond", "LotArea", "TotalBsmtSF", "BsmtFinSF1", "KitchenQual"}
    for name in optional:
        missing = inputs[name]["missing"]
        if inputs[name]["type"] == "number":
            assert missing["strategy"] == "median"
            assert missing["value"] == features[name].median()
        else:
            assert missing["strategy"] == "most_frequent"
            assert missing["value"] == features[name].mode()[0]
            assert missing["value"] in inputs[name]["categories"]
        assert inputs[name]["example"] is None
    assert all(entry["example"] is not None for n, entry in inputs.items() if n not in optional)


@pytest.mark.parametrize("model_id", IDS)
def test_manifest_vouches_for_the_written_models(exported_models, model_id):
    exported = exported_models[model_id]
    manifest = exported.result.manifest
    for entry in (manifest["model"], manifest["model"]["numeric"]):
        model_bytes = (exported.directory / entry["file"]).read_bytes()
        assert entry["bytes"] == len(model_bytes)
        assert entry["sha256"] == sha256_bytes(model_bytes)
        model = onnx.load_from_string(model_bytes)
        assert entry["opset"] == {o.domain: o.version for o in model.opset_import}
    main = onnx.load_from_string((exported.directory / MODEL_FILE).read_bytes())
    numeric = onnx.load_from_string((exported.directory / NUMERIC_MODEL_FILE).read_bytes())
    inputs, outputs = signature(main)
    assert inputs == [(i["tensor"]["name"], i["tensor"]["dtype"]) for i in manifest["inputs"]]
    tensors = [v for v in manifest["outputs"].values() if isinstance(v, dict) and "dtype" in v]
    assert outputs == [(t["name"], t["dtype"]) for t in tensors]
    assert signature(numeric) == ([("features", "float32")], outputs)


@pytest.mark.parametrize("model_id", ["hr", "house"])
def test_lightgbm_models_stay_small(exported_models, model_id):
    # The site precaches every model within its first-visit budget.
    assert exported_models[model_id].result.manifest["model"]["bytes"] <= 300_000


def test_onnx_tree_holds_exactly_the_scikit_learn_thresholds(exported):
    model = onnx.load_from_string((exported.directory / MODEL_FILE).read_bytes())
    (tree_node,) = [n for n in model.graph.node if n.op_type == "TreeEnsembleClassifier"]
    attributes = {a.name: a for a in tree_node.attribute}
    modes = [m.decode() for m in attributes["nodes_modes"].strings]
    onnx_thresholds = [
        v for v, m in zip(attributes["nodes_values"].floats, modes, strict=True) if m != "LEAF"
    ]
    expected = [t["value"] for t in exported.result.manifest["training"]["tree"]["thresholds"]]
    assert onnx_thresholds == expected


def test_drug_golden_rows_cover_training_thresholds_and_out_of_range(exported):
    golden = _read_json(exported.directory / GOLDEN_FILE)
    kinds = [row["kind"] for row in golden["rows"]]
    numbers = {s.name for s in drug.SPEC.number_inputs}
    numeric_splits = [
        t
        for t in exported.result.manifest["training"]["tree"]["thresholds"]
        if t["input"] in numbers
    ]
    assert kinds.count("training") == 200
    assert kinds.count("threshold") == 3 * len(numeric_splits) > 0
    assert kinds.count("out-of-range") >= len(drug.OUT_OF_RANGE_AGES) + len(
        drug.OUT_OF_RANGE_NA_TO_K
    )
    assert exported.result.manifest["golden"]["rows"] == len(golden["rows"])
    assert golden["classes"] == exported.result.manifest["outputs"]["classes"]
    assert golden["task"] == "classification"
    for split in numeric_splits:
        values = [
            row["inputs"][split["input"]] for row in golden["rows"] if row["kind"] == "threshold"
        ]
        on = np.float32(split["value"])
        assert float(on) in values
        assert float(np.nextafter(on, np.float32(-np.inf))) in values
        assert float(np.nextafter(on, np.float32(np.inf))) in values


def test_hr_golden_rows_cover_a_stratified_sample_categories_and_ranges(hr):
    golden = _read_json(hr.directory / GOLDEN_FILE)
    rows = golden["rows"]
    assert list(golden)[:5] == ["modelId", "modelVersion", "task", "tolerance", "classes"]
    assert golden["task"] == "binary"
    training = [r for r in rows if r["kind"] == "training"]
    assert len(training) == 250
    leavers = sum(hr.trained.target.iloc[int(r["note"].split()[-1]) - 1] for r in training)
    assert leavers == round(250 * 3571 / 14999)
    for spec in hr.trained.spec.category_inputs:
        seen = {r["inputs"][spec.name] for r in rows if r["kind"] == "category"}
        assert seen == set(spec.categories)
    assert set(_out_of_range(rows)) == set(hr_model.OUT_OF_RANGE)
    assert any(r["kind"] == "threshold" for r in rows)
    assert {r["label"] for r in rows} == {"0", "1"}


def _out_of_range(rows):
    found: dict[str, list] = {}
    for row in rows:
        if row["kind"] == "out-of-range":
            found.setdefault(row["note"].split()[0], []).append(row)
    return found


def test_house_golden_rows_have_empty_optional_fields(house):
    golden = _read_json(house.directory / GOLDEN_FILE)
    assert list(golden) == ["modelId", "modelVersion", "task", "tolerance", "rows"]
    assert golden["task"] == "regression"
    optional = {s.name for s in house.trained.spec.inputs if s.optional}
    empty_rows = [r for r in golden["rows"] if r["kind"] == "empty"]
    for name in optional:
        alone = [
            r for r in empty_rows if [k for k, v in r["inputs"].items() if v is None] == [name]
        ]
        assert len(alone) >= 3, name
    all_empty = [
        r for r in empty_rows if {k for k, v in r["inputs"].items() if v is None} == optional
    ]
    assert len(all_empty) >= 3
    assert {r["kind"] for r in golden["rows"]} >= {"training", "out-of-range", "category", "empty"}


def test_an_empty_field_means_its_missing_value(house):
    """What the browser's numeric path relies on: empty == the manifest's missing.value."""
    golden = _read_json(house.directory / GOLDEN_FILE)
    missing = {
        entry["name"]: entry["missing"]["value"]
        for entry in house.result.manifest["inputs"]
        if entry.get("optional")
    }
    empty_rows = [r for r in golden["rows"] if r["kind"] == "empty"]
    filled = [
        {k: missing[k] if v is None else v for k, v in r["inputs"].items()} for r in empty_rows
    ]
    values, _ = house.answers(filled)
    assert values.tolist() == [r["value"] for r in empty_rows]


@pytest.mark.parametrize("model_id", IDS)
def test_golden_rows_are_scikit_learns_answers(exported_models, model_id):
    exported = exported_models[model_id]
    golden = _read_json(exported.directory / GOLDEN_FILE)
    inputs = [r["inputs"] for r in golden["rows"]]
    answers, probabilities = exported.answers(inputs)
    if exported.trained.spec.is_classifier:
        assert [r["label"] for r in golden["rows"]] == [str(label) for label in answers]
        assert [r["probabilities"] for r in golden["rows"]] == probabilities.tolist()
    else:
        assert [r["value"] for r in golden["rows"]] == answers.tolist()


@pytest.mark.parametrize("model_id", IDS)
def test_onnx_matches_scikit_learn_on_every_golden_row(exported_models, model_id):
    exported = exported_models[model_id]
    golden = _read_json(exported.directory / GOLDEN_FILE)
    model_bytes = (exported.directory / MODEL_FILE).read_bytes()
    report = exported.parity(model_bytes, golden)
    rows = len(golden["rows"])
    assert report.rows == rows == exported.result.manifest["golden"]["rows"]
    assert report.within_tolerance == rows
    if exported.trained.spec.is_classifier:
        assert report.labels_equal == rows
        assert report.max_abs_difference <= golden["tolerance"]
    else:
        assert report.max_relative_difference <= golden["tolerance"]


def test_a_tighter_tolerance_than_the_measured_difference_fails(house):
    """The check compares for real: half the measured difference as tolerance fails."""
    golden = _read_json(house.directory / GOLDEN_FILE)
    golden["tolerance"] = house.result.parity.max_relative_difference / 2
    model_bytes = (house.directory / MODEL_FILE).read_bytes()
    with pytest.raises(formcast.ParityError, match="relative tolerance"):
        house.parity(model_bytes, golden)


def test_threshold_rows_take_both_branches(exported):
    golden = _read_json(exported.directory / GOLDEN_FILE)
    rows = [r for r in golden["rows"] if r["kind"] == "threshold"]
    for below, on, above in zip(rows[0::3], rows[1::3], rows[2::3], strict=True):
        assert below["label"] == on["label"] != above["label"]


def test_tutorial_worked_examples(exported):
    model_bytes = (exported.directory / MODEL_FILE).read_bytes()
    examples = [
        {"Age": 60, "Sex": "F", "BP": "LOW", "Cholesterol": "HIGH", "Na_to_K": 20.0},
        {"Age": 47, "Sex": "F", "BP": "HIGH", "Cholesterol": "HIGH", "Na_to_K": 14.0},
    ]
    feeds = onnx_feeds(exported.result.inputs, exported.result.tensors, examples)
    labels, _ = onnx_run(model_bytes, feeds, classifier=True)
    assert labels.tolist() == ["DrugY", "drugA"]


def test_retraining_the_drug_model_is_deterministic(tmp_path):
    first = export_bundled(drug.SPEC, tmp_path / "first")
    second = export_bundled(drug.SPEC, tmp_path / "second")
    for name in (MODEL_FILE, NUMERIC_MODEL_FILE, GOLDEN_FILE):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()
    assert first.result.manifest["model"] == second.result.manifest["model"]


def test_golden_rows_catch_a_naively_rounded_threshold(exported):
    """Had the converter rounded each threshold to the nearest float32, a row would differ."""
    model = onnx.load_from_string((exported.directory / MODEL_FILE).read_bytes())
    golden = _read_json(exported.directory / GOLDEN_FILE)
    (tree_node,) = [n for n in model.graph.node if n.op_type == "TreeEnsembleClassifier"]
    values = next(a for a in tree_node.attribute if a.name == "nodes_values").floats
    # scikit-learn's root threshold before snapping: the float64 midpoint of the two float32
    # training ratios either side of it. Its nearest float32 lies above it.
    unsnapped = (np.float64(np.float32(14.642)) + np.float64(np.float32(15.015))) / 2
    assert np.float64(np.float32(unsnapped)) > unsnapped
    values[0] = float(np.float32(unsnapped))
    with pytest.raises(formcast.ParityError, match="1 of"):
        exported.parity(model.SerializeToString(), golden)


def test_hr_golden_rows_catch_naively_rounded_lightgbm_thresholds(hr):
    """onnxmltools alone stores the nearest float32; the threshold rows tell it apart."""
    golden = _read_json(hr.directory / GOLDEN_FILE)
    columns = [Column(spec.name, spec.is_number) for spec in hr.result.inputs]
    naive = convert_model(hr.trained.pipeline, columns, classifier=True, snap=False)
    assert hr.result.thresholds_snapped > 0
    with pytest.raises(formcast.ParityError, match="on the float32 nearest split"):
        hr.parity(naive.model.SerializeToString(), golden)
