"""The LightGBM and log-target converters: thresholds exactly where LightGBM's decisions are."""

import numpy as np
import onnx
import pytest
from sklearn.compose import TransformedTargetRegressor
from sklearn.linear_model import LinearRegression

import formcast
from formcast.constants import MODEL_FILE, NUMERIC_MODEL_FILE
from formcast.exporting.converters import lightgbm_booster, lightgbm_thresholds
from formcast.exporting.onnx_graph import convert_matrix


def _ensemble_attributes(model_bytes):
    model = onnx.load_from_string(model_bytes)
    (node,) = [n for n in model.graph.node if n.op_type.startswith("TreeEnsemble")]
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


@pytest.mark.parametrize("model_id", ["hr", "house"])
@pytest.mark.parametrize("file", [MODEL_FILE, NUMERIC_MODEL_FILE])
def test_every_onnx_threshold_is_the_largest_float32_not_above_lightgbms(
    exported_models, model_id, file
):
    exported = exported_models[model_id]
    thresholds, splits = lightgbm_thresholds(lightgbm_booster(exported.trained.estimator))
    by_split = {(tree, feature): [] for tree, feature, _ in thresholds}
    for (tree, feature, _), t64 in thresholds.items():
        by_split[(tree, feature)].append(t64)
    a = _ensemble_attributes((exported.directory / file).read_bytes())
    checked = 0
    for tree, feature, mode, value in zip(
        a["nodes_treeids"], a["nodes_featureids"], a["nodes_modes"], a["nodes_values"], strict=True
    ):
        if mode == b"LEAF":
            continue
        t32 = np.float32(value)
        # Exactly one LightGBM threshold t64 of this tree and feature has t32 <= t64 < next(t32).
        matches = [
            t64
            for t64 in by_split[(tree, feature)]
            if np.float64(t32) <= t64 < np.float64(np.nextafter(t32, np.float32(np.inf)))
        ]
        assert len(matches) == 1, (tree, feature, value)
        checked += 1
    assert checked == splits


def test_snapping_moves_only_thresholds_that_round_up(hr):
    thresholds, _ = lightgbm_thresholds(lightgbm_booster(hr.trained.estimator))
    rounding_up = {t64 for t64 in thresholds.values() if np.float64(np.float32(t64)) > t64}
    assert rounding_up  # the trap exists in this model
    assert hr.result.thresholds_snapped >= len(rounding_up)


def test_the_log_target_converter_refuses_other_functions():
    x = np.arange(20, dtype=np.float64).reshape(-1, 1)
    model = TransformedTargetRegressor(
        regressor=LinearRegression(), func=np.sqrt, inverse_func=np.square
    ).fit(x, x.ravel() + 1)
    with pytest.raises(formcast.UnsupportedModelError, match="only TransformedTargetRegressor"):
        convert_matrix(model, 1, numbers=True, classifier=False)


def test_the_house_graph_ends_in_exp(house):
    model = onnx.load_from_string((house.directory / MODEL_FILE).read_bytes())
    ops = [n.op_type for n in model.graph.node]
    assert ops.index("TreeEnsembleRegressor") < ops.index("Exp")
    assert [o.name for o in model.graph.output] == ["value"]
