"""The all-numeric variant: its layout follows the encoders, and it agrees with scikit-learn,
empty optional fields included."""

import json

import numpy as np
import onnx
import pytest

import formcast
from formcast.constants import GOLDEN_FILE, MODEL_FILE, NUMERIC_INPUT
from formcast.exporting.numeric_variant import check_numeric_parity, encode
from formcast.exporting.numeric_variant import feature_layout as formcast_layout
from training import models
from training.models import drug

ParityError = formcast.ParityError
INPUT_NAME = NUMERIC_INPUT


def feature_layout(pipeline, features):
    return formcast_layout(pipeline, features)[0]


def _missing(manifest):
    return {i["name"]: i["missing"]["value"] for i in manifest["inputs"] if i.get("optional")}


def test_drug_layout_follows_the_fitted_encoder_then_the_numbers(exported):
    layout = feature_layout(exported.trained.pipeline, exported.trained.features)
    encoder = exported.trained.pipeline.named_steps["features"].named_transformers_["category"]
    categories = [s.name for s in drug.SPEC.category_inputs]
    expected = [
        {"input": column, "equals": str(category)}
        for column, values in zip(categories, encoder.categories_, strict=True)
        for category in values
    ] + [{"input": s.name} for s in drug.SPEC.number_inputs]
    assert layout == expected


def test_house_layout_groups_required_then_optional_inputs(house):
    layout = house.result.manifest["model"]["numeric"]["features"]
    inputs = [f["input"] for f in layout]
    assert inputs.index("Neighborhood") < inputs.index("KitchenQual") < inputs.index("LotArea")
    assert inputs[-1] == "GarageCars"  # the last required number
    kitchen = [f["equals"] for f in layout if f["input"] == "KitchenQual"]
    assert kitchen == ["Ex", "Gd", "TA", "Fa"]
    assert len(layout) == house.trained.estimator.n_features_in_


def test_encoding_one_row_sets_one_flag_per_category_and_copies_numbers(exported):
    layout = feature_layout(exported.trained.pipeline, exported.trained.features)
    row = {"Age": 47, "Sex": "F", "BP": "HIGH", "Cholesterol": "HIGH", "Na_to_K": 14.5}
    values = dict(zip([json.dumps(f) for f in layout], encode([row], layout)[0], strict=True))
    assert values[json.dumps({"input": "Sex", "equals": "F"})] == 1.0
    assert values[json.dumps({"input": "Sex", "equals": "M"})] == 0.0
    assert values[json.dumps({"input": "Age"})] == 47.0
    assert values[json.dumps({"input": "Na_to_K"})] == np.float32(14.5)


def test_encoding_an_empty_field_uses_its_missing_value(house):
    manifest = house.result.manifest
    layout = manifest["model"]["numeric"]["features"]
    row = {i["name"]: i["example"] for i in manifest["inputs"]}
    (encoded,) = encode([row], layout, _missing(manifest))
    values = dict(zip([json.dumps(f) for f in layout], encoded, strict=True))
    assert values[json.dumps({"input": "LotArea"})] == np.float32(9478.5)
    assert values[json.dumps({"input": "KitchenQual", "equals": "TA"})] == 1.0
    assert values[json.dumps({"input": "KitchenQual", "equals": "Gd"})] == 0.0
    with pytest.raises(ParityError, match="is empty but has no missing value"):
        encode([row], layout)


@pytest.mark.parametrize("model_id", list(models.IDS))
def test_numeric_model_matches_scikit_learn_on_every_golden_row(exported_models, model_id):
    exported = exported_models[model_id]
    numeric = exported.result.manifest["model"]["numeric"]
    model_bytes = (exported.directory / numeric["file"]).read_bytes()
    golden = json.loads((exported.directory / GOLDEN_FILE).read_text())
    report = check_numeric_parity(
        model_bytes,
        golden,
        numeric["features"],
        _missing(exported.result.manifest),
    )
    assert report.within_tolerance == report.rows == len(golden["rows"])
    if report.labels_equal is not None:
        assert report.labels_equal == report.rows
    assert numeric["input"] == {"name": INPUT_NAME, "dtype": "float32"}


def test_the_numeric_model_needs_the_substituted_values(house):
    """NaN in the float tensor is not the same as the imputed value: the trees would send it
    down their missing-value branch. The browser must substitute missing.value first."""
    manifest = house.result.manifest
    numeric = manifest["model"]["numeric"]
    model_bytes = (house.directory / numeric["file"]).read_bytes()
    golden = json.loads((house.directory / GOLDEN_FILE).read_text())
    as_nan = {name: float("nan") for name in _missing(manifest) if name != "KitchenQual"}
    as_nan["KitchenQual"] = "TA"
    with pytest.raises(ParityError, match="numeric ONNX differs"):
        check_numeric_parity(model_bytes, golden, numeric["features"], as_nan)


def test_parity_check_fails_when_the_layout_is_wrong(exported):
    numeric = exported.result.manifest["model"]["numeric"]
    model_bytes = (exported.directory / numeric["file"]).read_bytes()
    golden = json.loads((exported.directory / GOLDEN_FILE).read_text())
    swapped = list(numeric["features"])
    swapped[-1], swapped[-2] = swapped[-2], swapped[-1]  # Age and Na_to_K exchanged
    with pytest.raises(ParityError, match="numeric ONNX differs"):
        check_numeric_parity(model_bytes, golden, swapped)


def missing_tracks(path) -> list[int]:
    """Every tree node's "missing value goes the true way" flag in an ONNX file."""
    return [
        flag
        for node in onnx.load(path).graph.node
        if node.op_type.startswith("TreeEnsemble")
        for attribute in node.attribute
        if attribute.name == "nodes_missing_value_tracks_true"
        for flag in attribute.ints
    ]


@pytest.mark.parametrize("model_id", ["hr", "house"])
def test_numeric_trees_drop_missing_value_flags_no_feature_can_use(exported_models, model_id):
    """Every input is required or has a missing.value: no feature of the numeric model can be
    NaN, so its trees carry no flags (onnxruntime walks them without a NaN test per node);
    model.onnx, whose trees may see what its imputers give, keeps LightGBM's."""
    exported = exported_models[model_id]
    numeric = exported.result.manifest["model"]["numeric"]
    flags = missing_tracks(exported.directory / numeric["file"])
    assert len(flags) > 0 and not any(flags)
    assert any(missing_tracks(exported.directory / MODEL_FILE))
