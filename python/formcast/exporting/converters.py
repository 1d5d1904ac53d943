"""Converters skl2onnx lacks or gets wrong, registered with it before every conversion.

- LightGBM and XGBoost models, with onnxmltools' converters: registered once the library is
  imported (a model of theirs has been unpickled or fitted).
- A log-target regressor, TransformedTargetRegressor(func=np.log, inverse_func=np.exp): the
  regressor, then Exp, inside the graph.
- HistGradientBoosting: skl2onnx 1.20 hands onnx boolean flags where protobuf 7 wants integers
  ("Expected an int, got a boolean"); the same converter runs with the flags as 0/1.

LightGBM compares a float64 input with a float64 threshold; onnxruntime compares a float32 input
with a float32 threshold, and onnxmltools stores each threshold as the *nearest* float32, which
can lie above the float64 one. An input equal to that float32 then goes left in ONNX but right in
LightGBM. `snap_lightgbm_thresholds` replaces each ONNX threshold by the largest float32 not
above LightGBM's: for every float32 input x, `x <= t64` and `x <= t32` then agree.
"""

import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import onnx
from skl2onnx import update_registered_converter
from skl2onnx._supported_operators import sklearn_operator_name_map
from skl2onnx.algebra.onnx_operator import OnnxSubEstimator
from skl2onnx.algebra.onnx_ops import OnnxExp
from skl2onnx.common._registration import get_converter, get_shape_calculator
from skl2onnx.common.shape_calculator import (
    calculate_linear_classifier_output_shapes,
    calculate_linear_regressor_output_shapes,
)
from sklearn.compose import TransformedTargetRegressor
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

from formcast.errors import UnsupportedModelError

TREE_ENSEMBLES = ("TreeEnsembleClassifier", "TreeEnsembleRegressor")
CLASSIFIER_OPTIONS = {"nocl": [True, False], "zipmap": [True, False, "columns"]}

# What has been registered with skl2onnx in this process.
_registered: set[str] = set()


def is_log_target(model: TransformedTargetRegressor) -> bool:
    return model.func is np.log and model.inverse_func is np.exp


def _convert_log_target(scope: Any, operator: Any, container: Any) -> None:
    """TransformedTargetRegressor(func=np.log, inverse_func=np.exp): the regressor, then Exp."""
    model: TransformedTargetRegressor = operator.raw_operator
    if not is_log_target(model):
        raise UnsupportedModelError(
            "only TransformedTargetRegressor(func=np.log, inverse_func=np.exp) converts, got "
            f"func={model.func!r}, inverse_func={model.inverse_func!r}"
        )
    opset = container.target_opset
    log_value = OnnxSubEstimator(model.regressor_, operator.inputs[0], op_version=opset)
    OnnxExp(log_value, op_version=opset, output_names=operator.outputs[:1]).add_to(scope, container)


class _IntegerFlags:
    """A container that writes boolean list attributes as the integers ONNX stores."""

    def __init__(self, container: Any) -> None:
        self._container = container

    def __getattr__(self, name: str) -> Any:
        return getattr(self._container, name)

    def add_node(self, *args: Any, **attributes: Any) -> Any:
        for name, value in attributes.items():
            if isinstance(value, list | tuple) and any(
                isinstance(v, bool | np.bool_) for v in value
            ):
                attributes[name] = [int(v) for v in value]
        return self._container.add_node(*args, **attributes)


def _with_integer_flags(convert: Callable) -> Callable:
    def converter(scope: Any, operator: Any, container: Any) -> None:
        convert(scope, operator, _IntegerFlags(container))

    return converter


def register() -> None:
    """Register the converters: scikit-learn's fixes once, and LightGBM's and XGBoost's once
    their library is imported (a model of theirs was unpickled or fitted; formcast never imports
    them itself, which keeps `import formcast` lighter)."""
    if "sklearn" not in _registered:
        _register_sklearn()
        _registered.add("sklearn")
    for library, registration in (("lightgbm", _register_lightgbm), ("xgboost", _register_xgboost)):
        if library not in _registered and library in sys.modules:
            registration()
            _registered.add(library)


def _register_sklearn() -> None:
    for model in (HistGradientBoostingClassifier, HistGradientBoostingRegressor):
        alias = sklearn_operator_name_map[model]
        original = get_converter(alias)
        update_registered_converter(
            model,
            alias,
            get_shape_calculator(alias),
            _with_integer_flags(original._fct),
            options=original.get_allowed_options(),
        )
    update_registered_converter(
        TransformedTargetRegressor,
        "FormcastLogTargetRegressor",
        calculate_linear_regressor_output_shapes,
        _convert_log_target,
    )


def _register_lightgbm() -> None:
    import lightgbm
    from onnxmltools.convert.lightgbm.operator_converters.LightGbm import convert_lightgbm

    update_registered_converter(
        lightgbm.LGBMClassifier,
        "LightGbmLGBMClassifier",
        calculate_linear_classifier_output_shapes,
        convert_lightgbm,
        options=CLASSIFIER_OPTIONS,
    )
    update_registered_converter(
        lightgbm.LGBMRegressor,
        "LightGbmLGBMRegressor",
        calculate_linear_regressor_output_shapes,
        convert_lightgbm,
        options={"split": None},
    )


def _register_xgboost() -> None:
    import xgboost
    from onnxmltools.convert.xgboost.operator_converters.XGBoost import convert_xgboost

    update_registered_converter(
        xgboost.XGBClassifier,
        "XGBoostXGBClassifier",
        calculate_linear_classifier_output_shapes,
        convert_xgboost,
        options=CLASSIFIER_OPTIONS,
    )
    update_registered_converter(
        xgboost.XGBRegressor,
        "XGBoostXGBRegressor",
        calculate_linear_regressor_output_shapes,
        convert_xgboost,
    )


def has_converter(estimator: object) -> bool:
    register()
    return type(estimator) in sklearn_operator_name_map


def lightgbm_booster(estimator: object) -> Any:
    """The fitted LightGBM booster inside an estimator, or None when there is none."""
    if isinstance(estimator, TransformedTargetRegressor):
        return lightgbm_booster(estimator.regressor_)
    lightgbm = sys.modules.get("lightgbm")  # a LightGBM model means LightGBM is imported
    if lightgbm is None:
        return None
    return estimator.booster_ if isinstance(estimator, lightgbm.LGBMModel) else None


def _largest_float32_not_above(value: float) -> float:
    rounded = np.float32(value)
    if np.float64(rounded) > value:
        rounded = np.nextafter(rounded, np.float32(-np.inf))
    return float(rounded)


def lightgbm_thresholds(booster: Any) -> tuple[dict[tuple[int, int, float], float], int]:
    """Every numeric split (`<=`) of the booster as (tree, feature, nearest float32) → the
    float64 threshold, and the number of such splits.

    Keyed this way because onnxmltools does not write the nodes in LightGBM's order; two
    different thresholds of one tree and feature with the same nearest float32 would make the
    key ambiguous, and raise. Categorical splits (`==`) are left as onnxmltools writes them.
    """
    thresholds: dict[tuple[int, int, float], float] = {}
    splits = 0

    def walk(tree: int, node: dict) -> None:
        nonlocal splits
        if "split_index" not in node:
            return
        if node["decision_type"] == "<=":
            splits += 1
            threshold = float(node["threshold"])
            key = (tree, int(node["split_feature"]), float(np.float32(threshold)))
            if thresholds.setdefault(key, threshold) != threshold:
                raise UnsupportedModelError(
                    f"LightGBM tree {tree}: two thresholds share the float32 {key[2]!r}, so the "
                    "ONNX graph cannot tell them apart"
                )
        walk(tree, node["left_child"])
        walk(tree, node["right_child"])

    for tree in booster.dump_model()["tree_info"]:
        walk(int(tree["tree_index"]), tree["tree_structure"])
    return thresholds, splits


def snap_lightgbm_thresholds(model: onnx.ModelProto, booster: Any) -> int:
    """Rewrite the ONNX tree ensemble's thresholds in place; return how many moved down."""
    ensembles = [node for node in model.graph.node if node.op_type in TREE_ENSEMBLES]
    if len(ensembles) != 1:
        raise UnsupportedModelError(f"expected one tree ensemble node, found {len(ensembles)}")
    attributes = {a.name: a for a in ensembles[0].attribute}
    if "nodes_values" not in attributes:
        raise UnsupportedModelError("the tree ensemble stores no nodes_values (a newer encoding?)")
    expected, splits = lightgbm_thresholds(booster)
    values = attributes["nodes_values"].floats
    modes = attributes["nodes_modes"].strings
    trees = attributes["nodes_treeids"].ints
    features = attributes["nodes_featureids"].ints
    moved = 0
    seen = 0
    for position, mode in enumerate(modes):
        if mode != b"BRANCH_LEQ":
            continue
        key = (int(trees[position]), int(features[position]), float(np.float32(values[position])))
        if key not in expected:
            raise UnsupportedModelError(f"ONNX split {key} matches no LightGBM threshold")
        snapped = _largest_float32_not_above(expected[key])
        if snapped != key[2]:
            values[position] = snapped
            moved += 1
        seen += 1
    if seen != splits:
        raise UnsupportedModelError(
            f"the ONNX ensemble has {seen} numeric splits, LightGBM {splits}"
        )
    return moved
