"""ONNX converters skl2onnx lacks: LightGBM (onnxmltools') and a log-target regressor's Exp.

Registering them once with skl2onnx lets `to_onnx` convert a whole Pipeline that ends in a
LightGBM model, or in a TransformedTargetRegressor(func=log, inverse_func=exp) around one.

LightGBM compares a float64 input with a float64 threshold; onnxruntime compares a float32 input
with a float32 threshold, and onnxmltools stores each threshold as the *nearest* float32, which
can lie above the float64 one. An input equal to that float32 then goes left in ONNX but right in
LightGBM (the same trap scikit-learn's trees have, see train.snap_thresholds_to_float32).
`snap_lightgbm_thresholds` replaces each ONNX threshold by the largest float32 not above
LightGBM's: for every float32 input x, `x <= t64` and `x <= t32` then agree.
"""

import lightgbm
import numpy as np
import onnx
from onnxmltools.convert.lightgbm.operator_converters.LightGbm import convert_lightgbm
from skl2onnx import to_onnx, update_registered_converter
from skl2onnx.algebra.onnx_operator import OnnxSubEstimator
from skl2onnx.algebra.onnx_ops import OnnxExp
from skl2onnx.common.data_types import FloatTensorType
from skl2onnx.common.shape_calculator import (
    calculate_linear_classifier_output_shapes,
    calculate_linear_regressor_output_shapes,
)
from sklearn.base import BaseEstimator
from sklearn.compose import TransformedTargetRegressor

TREE_ENSEMBLES = ("TreeEnsembleClassifier", "TreeEnsembleRegressor")


class ConversionError(RuntimeError):
    """A model cannot be converted faithfully."""


def _convert_log_target(scope, operator, container) -> None:
    """TransformedTargetRegressor(func=np.log, inverse_func=np.exp): the regressor, then Exp."""
    model: TransformedTargetRegressor = operator.raw_operator
    if model.func is not np.log or model.inverse_func is not np.exp:
        raise ConversionError(
            "only TransformedTargetRegressor(func=np.log, inverse_func=np.exp) converts, got "
            f"func={model.func!r}, inverse_func={model.inverse_func!r}"
        )
    opset = container.target_opset
    log_value = OnnxSubEstimator(model.regressor_, operator.inputs[0], op_version=opset)
    OnnxExp(log_value, op_version=opset, output_names=operator.outputs[:1]).add_to(scope, container)


def register() -> None:
    """Idempotent: skl2onnx keeps the last registration per class."""
    update_registered_converter(
        lightgbm.LGBMClassifier,
        "LightGbmLGBMClassifier",
        calculate_linear_classifier_output_shapes,
        convert_lightgbm,
        options={"nocl": [True, False], "zipmap": [True, False, "columns"]},
    )
    update_registered_converter(
        lightgbm.LGBMRegressor,
        "LightGbmLGBMRegressor",
        calculate_linear_regressor_output_shapes,
        convert_lightgbm,
        options={"split": None},
    )
    update_registered_converter(
        TransformedTargetRegressor,
        "FormcastLogTargetRegressor",
        calculate_linear_regressor_output_shapes,
        _convert_log_target,
    )


def lightgbm_booster(estimator: BaseEstimator) -> lightgbm.Booster | None:
    """The fitted LightGBM booster inside an estimator, or None when there is none."""
    if isinstance(estimator, lightgbm.LGBMModel):
        return estimator.booster_
    if isinstance(estimator, TransformedTargetRegressor):
        return lightgbm_booster(estimator.regressor_)
    return None


def _largest_float32_not_above(value: float) -> float:
    rounded = np.float32(value)
    if np.float64(rounded) > value:
        rounded = np.nextafter(rounded, np.float32(-np.inf))
    return float(rounded)


def lightgbm_thresholds(
    booster: lightgbm.Booster,
) -> tuple[dict[tuple[int, int, float], float], int]:
    """Every split of the booster as (tree, feature, nearest float32) → the float64 threshold,
    and the number of splits.

    Keyed this way because onnxmltools does not write the nodes in LightGBM's order; two
    different thresholds of one tree and feature with the same nearest float32 would make the
    key ambiguous, and raise.
    """
    thresholds: dict[tuple[int, int, float], float] = {}
    splits = 0

    def walk(tree: int, node: dict) -> None:
        nonlocal splits
        if "split_index" not in node:
            return
        splits += 1
        if node["decision_type"] != "<=" or node["missing_type"] != "None":
            raise ConversionError(
                f"tree {tree}: split {node['split_index']} is {node['decision_type']!r} with "
                f"missing type {node['missing_type']!r}; only '<=' without missing values is "
                "snapped to float32"
            )
        threshold = float(node["threshold"])
        key = (tree, int(node["split_feature"]), float(np.float32(threshold)))
        if thresholds.setdefault(key, threshold) != threshold:
            raise ConversionError(f"tree {tree}: two thresholds share the float32 {key[2]!r}")
        walk(tree, node["left_child"])
        walk(tree, node["right_child"])

    for tree in booster.dump_model()["tree_info"]:
        walk(int(tree["tree_index"]), tree["tree_structure"])
    return thresholds, splits


def snap_lightgbm_thresholds(model: onnx.ModelProto, booster: lightgbm.Booster) -> int:
    """Rewrite the ONNX tree ensemble's thresholds in place; return how many moved down."""
    ensembles = [node for node in model.graph.node if node.op_type in TREE_ENSEMBLES]
    if len(ensembles) != 1:
        raise ConversionError(f"expected one tree ensemble node, found {len(ensembles)}")
    attributes = {a.name: a for a in ensembles[0].attribute}
    if "nodes_values" not in attributes:
        raise ConversionError("the tree ensemble stores no nodes_values (a newer encoding?)")
    expected, splits = lightgbm_thresholds(booster)
    values = attributes["nodes_values"].floats
    modes = attributes["nodes_modes"].strings
    trees = attributes["nodes_treeids"].ints
    features = attributes["nodes_featureids"].ints
    moved = 0
    seen = 0
    for position, mode in enumerate(modes):
        if mode == b"LEAF":
            continue
        if mode != b"BRANCH_LEQ":
            raise ConversionError(f"node {position} has mode {mode!r}, not BRANCH_LEQ")
        key = (int(trees[position]), int(features[position]), float(np.float32(values[position])))
        if key not in expected:
            raise ConversionError(f"ONNX split {key} matches no LightGBM threshold")
        snapped = _largest_float32_not_above(expected[key])
        if snapped != key[2]:
            values[position] = snapped
            moved += 1
        seen += 1
    if seen != splits:
        raise ConversionError(f"the ONNX ensemble has {seen} splits, LightGBM {splits}")
    return moved


def sort_opset_imports(model: onnx.ModelProto) -> None:
    # skl2onnx gathers the domains in a set, so their order follows Python's per-process string
    # hashing (PYTHONHASHSEED): about one run in five wrote different bytes. Sorted, it doesn't.
    ordered = [onnx.helper.make_opsetid(o.domain, o.version) for o in model.opset_import]
    ordered.sort(key=lambda opset: opset.domain)
    del model.opset_import[:]
    model.opset_import.extend(ordered)


def convert(
    model: BaseEstimator,
    initial_types: list,
    *,
    classifier: bool,
    target_opset: dict[str, int],
    snap: bool = True,
) -> tuple[onnx.ModelProto, int]:
    """`model` (a Pipeline or its last step) as a checked ONNX graph, and how many LightGBM
    thresholds were snapped to float32.

    Classifiers output `label` and `probabilities` (ZipMap off: onnxruntime-web cannot read its
    sequence of maps); regressors one float32 [N, 1] tensor `value`. `snap=False` leaves
    onnxmltools' nearest-float32 thresholds, for tests that show why snapping matters.
    """
    register()
    last = model.steps[-1][1] if hasattr(model, "steps") else model
    extra: dict = {}
    if classifier:
        extra["options"] = {id(last): {"zipmap": False}}
    else:
        extra["final_types"] = [("value", FloatTensorType([None, 1]))]
    onnx_model = to_onnx(model, initial_types=initial_types, target_opset=target_opset, **extra)
    sort_opset_imports(onnx_model)
    booster = lightgbm_booster(last)
    moved = snap_lightgbm_thresholds(onnx_model, booster) if booster is not None and snap else 0
    onnx.checker.check_model(onnx_model)
    return onnx_model, moved
