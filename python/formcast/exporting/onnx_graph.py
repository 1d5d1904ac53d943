"""A fitted model → an ONNX graph that takes one [N, 1] tensor per raw column, as the browser
sends them (float32 numbers, NaN when empty; strings, "" when empty).

Plain skl2onnx refuses some ordinary pipelines that have an exact ONNX equivalent; they are
rewritten on a copy of the model (the caller's model is never touched), and parity decides
whether the rewrite was faithful:

- a model that takes one matrix (a bare estimator, a scaler pipeline) is converted on one
  [N, columns] tensor, and a Concat node in front assembles it from the per-column inputs;
- an imputer that treats NaN as missing in a text column is converted with "" as its missing
  marker: the browser sends "" for an empty category;
- an encoder fitted on a number column (0/1, a class number) gets its categories as text, the
  way the browser sends a category.

Column names are any text; skl2onnx rewrites them into ONNX identifiers (`sepal length (cm)` →
`sepal_length__cm_`), so the graph's input names are read back and the manifest maps them.
"""

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import onnx
from onnx import helper
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.impute import SimpleImputer

from formcast.constants import NUMERIC_INPUT, TARGET_OPSET
from formcast.errors import UnsupportedModelError
from formcast.exporting.converters import lightgbm_booster, register, snap_lightgbm_thresholds
from formcast.exporting.pipeline_steps import column_roles, final_estimator, front_transformer

DTYPES = {
    onnx.TensorProto.FLOAT: "float32",
    onnx.TensorProto.INT64: "int64",
    onnx.TensorProto.STRING: "string",
}


@dataclass(frozen=True)
class Column:
    """One raw column as the graph takes it."""

    name: str
    is_number: bool


@dataclass(frozen=True)
class Converted:
    model: onnx.ModelProto
    # Column name → the graph's input name for it.
    tensors: dict[str, str]
    # LightGBM thresholds moved to the float32 below them (see formcast.exporting.converters).
    thresholds_snapped: int
    # The model on its one matrix, when the columns are concatenated in the graph into it.
    matrix_model: onnx.ModelProto | None = None


def category_text(value: object) -> str:
    """How a category value is written in the manifest and sent by the browser."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else repr(number)


def signature(model: onnx.ModelProto) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The graph's inputs and outputs as (name, dtype) pairs."""

    def pairs(values: Any) -> list[tuple[str, str]]:
        return [(v.name, DTYPES.get(v.type.tensor_type.elem_type, "?")) for v in values]

    return pairs(model.graph.input), pairs(model.graph.output)


def sort_opset_imports(model: onnx.ModelProto) -> None:
    # skl2onnx gathers the domains in a set, so their order follows Python's per-process string
    # hashing (PYTHONHASHSEED): about one run in five wrote different bytes. Sorted, it doesn't.
    ordered = [helper.make_opsetid(o.domain, o.version) for o in model.opset_import]
    ordered.sort(key=lambda opset: opset.domain)
    del model.opset_import[:]
    model.opset_import.extend(ordered)


def to_checked_onnx(
    model: object, initial_types: list, *, classifier: bool, snap: bool = True
) -> tuple[onnx.ModelProto, int]:
    """`model` as a checked ONNX graph, and how many LightGBM thresholds were snapped.

    Classifiers output `label` and `probabilities` (ZipMap off: onnxruntime-web cannot read its
    sequence of maps); regressors one float32 [N, 1] tensor `value`. `snap=False` leaves
    onnxmltools' nearest-float32 thresholds, for tests that show why snapping matters.
    """
    register()
    last = final_estimator(model)
    extra: dict = {}
    if classifier:
        extra["options"] = {id(last): {"zipmap": False}}
    else:
        extra["final_types"] = [("value", FloatTensorType([None, 1]))]
    try:
        onnx_model = to_onnx(model, initial_types=initial_types, target_opset=TARGET_OPSET, **extra)
    except UnsupportedModelError:
        raise
    except Exception as error:
        raise UnsupportedModelError(
            f"skl2onnx could not convert {type(last).__name__}: {type(error).__name__}: {error}"
        ) from error
    sort_opset_imports(onnx_model)
    booster = lightgbm_booster(last)
    moved = snap_lightgbm_thresholds(onnx_model, booster) if booster is not None and snap else 0
    onnx.checker.check_model(onnx_model)
    return onnx_model, moved


def _text_categories(model: object, columns: Sequence[Column]) -> None:
    """On the copy: encoders and imputers of number-valued categories hold text instead."""
    roles = column_roles(model, [c.name for c in columns])
    encoders: dict[int, Any] = {}
    imputers: dict[int, SimpleImputer] = {}
    for column in columns:
        role = roles.get(column.name)
        if column.is_number or role is None:
            continue
        if role.encoder is not None:
            encoders[id(role.encoder)] = role.encoder
        if role.imputer is not None and role.imputer.statistics_.dtype.kind != "O":
            imputers[id(role.imputer)] = role.imputer
    for encoder in encoders.values():
        encoder.categories_ = [
            np.array([category_text(v) for v in values], dtype=object)
            for values in encoder.categories_
        ]
    for imputer in imputers.values():
        imputer.statistics_ = np.array(
            [category_text(v) for v in imputer.statistics_], dtype=object
        )
        imputer.missing_values = ""


def _empty_string_imputers(model: object, columns: Sequence[Column]) -> None:
    """On the copy: a text imputer whose missing marker is NaN takes "" as missing instead."""
    roles = column_roles(model, [c.name for c in columns])
    for column in columns:
        role = roles.get(column.name)
        if column.is_number or role is None or role.imputer is None:
            continue
        imputer = role.imputer
        marker = imputer.missing_values
        if isinstance(marker, float) and np.isnan(marker):
            imputer.missing_values = ""


def conversion_copy(model: object, columns: Sequence[Column]) -> object:
    """A deep copy of the model with the rewrites above applied (the original stays as it is)."""
    duplicate = copy.deepcopy(model)
    _text_categories(duplicate, columns)
    _empty_string_imputers(duplicate, columns)
    return duplicate


def _identifier(name: str, taken: set[str]) -> str:
    base = re.sub(r"\W", "_", name) or "input"
    if base[0].isdigit():
        base = f"_{base}"
    candidate, n = base, 1
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    taken.add(candidate)
    return candidate


def concatenate_columns(
    matrix_model: onnx.ModelProto, columns: Sequence[Column]
) -> tuple[onnx.ModelProto, dict[str, str]]:
    """The matrix model behind a Concat of one [N, 1] input per column."""
    spliced = onnx.ModelProto()
    spliced.CopyFrom(matrix_model)
    graph = spliced.graph
    (matrix,) = graph.input
    element = matrix.type.tensor_type.elem_type
    taken = {matrix.name, *(o for n in graph.node for o in n.output)}
    taken |= {i.name for i in graph.initializer} | {o.name for o in graph.output}
    tensors = {column.name: _identifier(column.name, taken) for column in columns}
    inputs = [helper.make_tensor_value_info(t, element, [None, 1]) for t in tensors.values()]
    concat = helper.make_node(
        "Concat", list(tensors.values()), [matrix.name], name="FormcastColumns", axis=1
    )
    nodes = [concat, *graph.node]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.input[:]
    graph.input.extend(inputs)
    onnx.checker.check_model(spliced)
    return spliced, tensors


def convert_matrix(
    model: object, width: int, *, numbers: bool, classifier: bool, snap: bool = True
) -> tuple[onnx.ModelProto, int]:
    """The model on one [N, width] tensor named `features` (float32, or strings)."""
    tensor = FloatTensorType([None, width]) if numbers else StringTensorType([None, width])
    return to_checked_onnx(model, [(NUMERIC_INPUT, tensor)], classifier=classifier, snap=snap)


def convert_model(
    model: object, columns: Sequence[Column], *, classifier: bool, snap: bool = True
) -> Converted:
    """The whole model, one input tensor per raw column."""
    prepared = conversion_copy(model, columns)
    if front_transformer(prepared) is not None:
        initial_types = [
            (c.name, FloatTensorType([None, 1]) if c.is_number else StringTensorType([None, 1]))
            for c in columns
        ]
        onnx_model, moved = to_checked_onnx(
            prepared, initial_types, classifier=classifier, snap=snap
        )
        inputs, _ = signature(onnx_model)
        if len(inputs) != len(columns):
            raise UnsupportedModelError(
                f"the ONNX graph has {len(inputs)} inputs for {len(columns)} columns"
            )
        tensors = {c.name: name for c, (name, _) in zip(columns, inputs, strict=True)}
        return Converted(onnx_model, tensors, moved)

    kinds = {c.is_number for c in columns}
    if len(kinds) != 1:
        numbers = [c.name for c in columns if c.is_number]
        texts = [c.name for c in columns if not c.is_number]
        raise UnsupportedModelError(
            "the model takes one matrix, but its columns mix numbers "
            f"({', '.join(numbers[:3])}...) and categories ({', '.join(texts[:3])}...): put a "
            "ColumnTransformer first so that each kind of column gets its own step"
        )
    matrix_model, moved = convert_matrix(
        prepared, len(columns), numbers=kinds == {True}, classifier=classifier, snap=snap
    )
    spliced, tensors = concatenate_columns(matrix_model, columns)
    return Converted(spliced, tensors, moved, matrix_model)
