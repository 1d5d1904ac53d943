"""What a fitted model is made of: its steps by path, and what it does to each input column.

`check_steps` refuses a step no converter can handle, naming its path in the pipeline
("features › text › clean"). `column_roles` finds, for every column of the training frame, the
encoder that makes it a category (and its categories, in the encoder's order) and the imputer
that fills it when empty (and with what): the facts the manifest's inputs are inferred from.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.impute import SimpleImputer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, OrdinalEncoder

from formcast.errors import UnsupportedModelError
from formcast.exporting.converters import has_converter, is_log_target

SUPPORTED = (
    "scikit-learn's scalers, encoders (one-hot, ordinal), imputers, ColumnTransformer and "
    "passthrough; linear and logistic models, decision trees, random and extra forests, "
    "gradient boosting and HistGradientBoosting, SVMs, k-NN, MLP and naive Bayes; LightGBM and "
    "XGBoost models; TransformedTargetRegressor(func=np.log, inverse_func=np.exp)"
)
ENCODERS = (OneHotEncoder, OrdinalEncoder)


@dataclass(frozen=True)
class Step:
    path: tuple[str, ...]
    estimator: object

    @property
    def where(self) -> str:
        return " › ".join(self.path) if self.path else "the model itself"


def is_identity(transformer: object) -> bool:
    """'passthrough', or the identity FunctionTransformer a fitted ColumnTransformer holds."""
    if isinstance(transformer, str) and transformer == "passthrough":
        return True
    return isinstance(transformer, FunctionTransformer) and transformer.func is None


def iter_steps(model: object, path: tuple[str, ...] = ()) -> Iterator[Step]:
    """Every leaf step of the model, depth first, with its path of step names."""
    if isinstance(model, Pipeline):
        for name, step in model.steps:
            if step is None or step == "passthrough":
                continue
            yield from iter_steps(step, (*path, name))
    elif isinstance(model, ColumnTransformer):
        for name, transformer, _columns in model.transformers_:
            if isinstance(transformer, str) or is_identity(transformer):
                continue  # 'drop' and 'passthrough' need no converter
            yield from iter_steps(transformer, (*path, name))
    elif isinstance(model, FeatureUnion):
        for name, transformer in model.transformer_list:
            if transformer != "drop":
                yield from iter_steps(transformer, (*path, name))
    elif isinstance(model, TransformedTargetRegressor):
        yield Step(path, model)
        yield from iter_steps(model.regressor_, (*path, "regressor"))
    else:
        yield Step(path, model)


def check_steps(model: object) -> None:
    """Raise UnsupportedModelError for the first step that cannot become ONNX, by its path."""
    for step in iter_steps(model):
        estimator = step.estimator
        if isinstance(estimator, FunctionTransformer):
            function = getattr(estimator.func, "__name__", repr(estimator.func))
            raise UnsupportedModelError(
                f"step {step.where!r} is a FunctionTransformer around the Python function "
                f"{function}(): ONNX has no equivalent of arbitrary Python code, so it cannot "
                f"run in the browser. Replace it by a supported step. Supported: {SUPPORTED}."
            )
        if isinstance(estimator, TransformedTargetRegressor):
            if not is_log_target(estimator):
                raise UnsupportedModelError(
                    f"step {step.where!r} is a TransformedTargetRegressor with func="
                    f"{estimator.func!r}, inverse_func={estimator.inverse_func!r}; only "
                    f"func=np.log with inverse_func=np.exp converts. Supported: {SUPPORTED}."
                )
            continue
        if not has_converter(estimator):
            kind = type(estimator)
            raise UnsupportedModelError(
                f"step {step.where!r} is a {kind.__name__} (from {kind.__module__}), which has "
                f"no ONNX converter. Supported: {SUPPORTED}."
            )


def final_estimator(model: object) -> object:
    """The predicting step: the last step of (nested) pipelines."""
    while isinstance(model, Pipeline):
        model = model.steps[-1][1]
    return model


def front_transformer(model: object) -> ColumnTransformer | None:
    """The ColumnTransformer the model starts with, if it starts with one."""
    while isinstance(model, Pipeline):
        model = model.steps[0][1]
    return model if isinstance(model, ColumnTransformer) else None


def column_names(columns: object, names: Sequence[str]) -> list[str]:
    """A ColumnTransformer's column selection (names, positions, slice, mask) as names."""
    if isinstance(columns, str):
        return [columns]
    if isinstance(columns, int | np.integer):
        return [names[int(columns)]]
    if isinstance(columns, slice):
        if isinstance(columns.start, str) or isinstance(columns.stop, str):
            start = names.index(columns.start) if columns.start is not None else 0
            stop = names.index(columns.stop) + 1 if columns.stop is not None else len(names)
            return list(names[start:stop])
        return list(names[columns])
    selected = list(columns)  # type: ignore[call-overload]
    if selected and all(isinstance(c, bool | np.bool_) for c in selected):
        return [name for name, keep in zip(names, selected, strict=True) if keep]
    return [names[int(c)] if isinstance(c, int | np.integer) else str(c) for c in selected]


@dataclass
class ColumnRole:
    """What the pipeline does to one raw column before the estimator sees it."""

    # The encoder's categories for this column, in its order, as it holds them (str or number).
    categories: list | None = None
    encoder: BaseEstimator | None = None
    # The imputer that fills the column when empty, and its fitted value.
    imputer: SimpleImputer | None = None
    fill: object = None


def _leaf_steps(transformer: object) -> list[object]:
    if isinstance(transformer, Pipeline):
        return [step for _, step in transformer.steps if step not in (None, "passthrough")]
    return [transformer]


def _record(roles: dict[str, ColumnRole], columns: list[str], steps: list[object]) -> None:
    """Imputers then an encoder, applied column by column, from the start of `steps`."""
    for step in steps:
        if isinstance(step, SimpleImputer):
            kept = _imputed_columns(step, len(columns))
            for position, column in enumerate(columns):
                if kept[position] is not None:
                    role = roles.setdefault(column, ColumnRole())
                    role.imputer, role.fill = step, step.statistics_[kept[position]]
        elif isinstance(step, ENCODERS):
            for column, categories in zip(columns, step.categories_, strict=True):
                role = roles.setdefault(column, ColumnRole())
                role.categories, role.encoder = list(categories), step
            return
        else:
            return  # a scaler or anything else: the column is a number from here on


def _imputed_columns(imputer: SimpleImputer, width: int) -> list[int | None]:
    """Position in statistics_ of each input column (None where the imputer dropped it)."""
    statistics = imputer.statistics_
    if len(statistics) == width:
        return list(range(width))
    return [None] * width


def column_roles(model: object, names: Sequence[str]) -> dict[str, ColumnRole]:
    """Encoders and imputers of each column of the training frame, by column name."""
    roles: dict[str, ColumnRole] = {}
    front = front_transformer(model)
    if front is not None:
        for _name, transformer, columns in front.transformers_:
            if isinstance(transformer, str):
                continue
            _record(roles, column_names(columns, list(names)), _leaf_steps(transformer))
        return roles
    steps = _leaf_steps(model) if isinstance(model, Pipeline) else [model]
    _record(roles, list(names), steps)
    return roles
