"""The model's inputs, inferred from the training frame and the fitted pipeline, never invented.

Column order and names are the frame's. A column is a category when an encoder of the pipeline
turns it into numbers (its values are the encoder's `categories_`, in its order, not only those
the frame holds), otherwise a number. Numbers get the range seen, `step` 1 when every value is
whole or the finest decimal the values use, and a category its values as text. A column is
optional when an imputer fills it; what it fills in is the manifest's `missing.value`. The
example row is the frame's first row. A number column with missing values and no imputer is
optional too, with no value: the fitted model takes NaN itself. The card can override labels,
descriptions, units, steps, formats and examples; nothing else.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from formcast.errors import DataError, UnsupportedModelError
from formcast.exporting.card import check_names
from formcast.exporting.onnx_graph import category_text
from formcast.exporting.pipeline_steps import ColumnRole

# The strategy of an optional number that no imputer fills: the model takes NaN itself.
MODEL_HANDLES_MISSING = "model"

# Decimals up to which a number column's step is read from its values (0.01 for 0.38, 0.53).
MAX_DECIMALS = 4

Value = int | float | str | None


@dataclass(frozen=True)
class Input:
    """One raw column the model takes, and how the form shows it."""

    name: str
    is_number: bool
    label: str
    description: str
    example: Value
    # Numbers
    minimum: int | float | None = None
    maximum: int | float | None = None
    step: float | None = None
    integer: bool = False
    unit: str | None = None
    format: dict | None = None
    # Categories: the values as the manifest writes them, their labels, and what the fitted
    # model sees for each (a number when the encoder was fitted on a number column).
    categories: tuple[str, ...] = ()
    category_labels: dict[str, str] = field(default_factory=dict)
    originals: dict[str, Any] = field(default_factory=dict)
    # Optional inputs: the imputer's value, how it was chosen, and what the fitted model is
    # given for an empty field (NaN, or the imputer's own missing marker such as "").
    optional: bool = False
    missing: int | float | str | None = None
    strategy: str | None = None
    empty: Any = np.nan

    def number(self, value: float) -> int | float:
        """A number of this input as the manifest writes it (whole numbers as int)."""
        return int(value) if self.integer and float(value).is_integer() else float(value)

    def value(self, raw: Any) -> Value:
        """A frame cell as a form value: None when empty."""
        if raw is None or (isinstance(raw, float) and math.isnan(raw)) or raw is pd.NA:
            return None
        if self.is_number:
            return self.number(float(raw))
        text = category_text(raw)
        return None if text == "" else text


def _whole(values: pd.Series) -> bool:
    if ptypes.is_integer_dtype(values) or ptypes.is_bool_dtype(values):
        return True
    present = values.dropna().to_numpy(dtype=np.float64)
    return bool(np.all(present == np.round(present)))


def _step(values: pd.Series, integer: bool) -> float:
    """1 for whole numbers; else the finest decimal the values use (0.001 for 14.835), or, for
    values with more decimals than MAX_DECIMALS, a hundredth of the range's order of magnitude."""
    if integer:
        return 1
    present = np.unique(values.dropna().to_numpy(dtype=np.float64))
    for decimals in range(1, MAX_DECIMALS + 1):
        if np.all(np.round(present, decimals) == present):
            return float(f"1e-{decimals}")
    span = float(present.max() - present.min()) or 1.0
    return float(f"1e{math.floor(math.log10(span)) - 2}")


def _fill(value: Any, is_number: bool, integer: bool) -> int | float | str:
    if not is_number:
        return category_text(value)
    number = float(value)
    return int(number) if integer and number.is_integer() else number


def infer_inputs(
    frame: pd.DataFrame, roles: Mapping[str, ColumnRole], card_inputs: Mapping[str, dict]
) -> list[Input]:
    """One Input per column of the frame, in the frame's order."""
    check_names("input", card_inputs, [str(c) for c in frame.columns])
    first = frame.iloc[0]
    inputs = []
    for column in frame.columns:
        name = str(column)
        values = frame[column]
        role = roles.get(name)
        card = card_inputs.get(name, {})
        holes = int(values.isna().sum())
        imputer = role.imputer if role is not None else None
        is_category = role is not None and role.categories is not None
        if holes and imputer is None and (is_category or not ptypes.is_numeric_dtype(values)):
            raise DataError(
                f"column {name!r} has {holes} missing values but no imputer of the pipeline fills "
                "them: the form would not know what an empty category means. Put a "
                "SimpleImputer in front of its encoder, or drop those rows."
            )
        common: dict[str, Any] = {
            "name": name,
            "label": card.get("label", name),
            "description": card.get("description", ""),
        }
        if imputer is not None:
            common |= {"optional": True, "strategy": str(imputer.strategy)}
            common |= {"empty": imputer.missing_values}
        elif holes:
            # The model was fitted with these holes, so it takes NaN itself (HistGradientBoosting,
            # LightGBM, XGBoost, trees): an empty field is sent as NaN; parity proves it.
            common |= {"optional": True, "strategy": MODEL_HANDLES_MISSING}
        if role is not None and role.categories is not None:
            inputs.append(_category(values, role, card, common, first[column]))
        elif ptypes.is_numeric_dtype(values) and not ptypes.is_bool_dtype(values):
            inputs.append(_number(values, role, card, common, first[column]))
        else:
            raise UnsupportedModelError(
                f"column {name!r} holds {values.dtype} values but no encoder of the pipeline "
                "turns them into numbers: add a OneHotEncoder or OrdinalEncoder for it"
            )
    return inputs


def _number(
    values: pd.Series, role: ColumnRole | None, card: dict, common: dict, first: Any
) -> Input:
    present = values.dropna()
    if present.empty:
        raise DataError(f"column {common['name']!r} has no values")
    integer = _whole(values)
    draft = Input(is_number=True, example=None, integer=integer, **common)
    example = card["example"] if "example" in card else draft.value(first)
    fill = None
    if role is not None and role.imputer is not None:
        fill = _fill(role.fill, True, integer)
    return Input(
        is_number=True,
        example=example,
        minimum=draft.number(present.min()),
        maximum=draft.number(present.max()),
        step=card.get("step", _step(values, integer)),
        integer=integer,
        unit=card.get("unit"),
        format=card.get("format"),
        missing=fill,
        **common,
    )


def _category(values: pd.Series, role: ColumnRole, card: dict, common: dict, first: Any) -> Input:
    name = common["name"]
    assert role.categories is not None
    originals: dict[str, Any] = {}
    for category in role.categories:
        if category is None or (isinstance(category, float) and math.isnan(category)):
            raise UnsupportedModelError(
                f"the encoder of column {name!r} has a missing value among its categories: "
                "impute the column before encoding it (SimpleImputer)"
            )
        originals[category_text(category)] = category
    if "" in originals:
        raise UnsupportedModelError(
            f'column {name!r} has the empty text "" as a category; the browser sends "" for an '
            "empty field, so the two could not be told apart"
        )
    labels = dict(card.get("categoryLabels", {}))
    check_names(f"category of {name!r}", labels, originals)
    draft = Input(is_number=False, example=None, **common)
    example = card["example"] if "example" in card else draft.value(first)
    fill = None
    if role.imputer is not None:
        fill = _fill(role.fill, False, False)
    return Input(
        is_number=False,
        example=example,
        categories=tuple(originals),
        category_labels=labels,
        originals=originals,
        missing=fill,
        **common,
    )


def check_columns(frame: pd.DataFrame, model: object) -> None:
    """The frame's columns are the ones the model was fitted on, in the same order."""
    fitted = getattr(model, "feature_names_in_", None)
    columns = [str(c) for c in frame.columns]
    if fitted is None:
        expected = getattr(model, "n_features_in_", None)
        if expected is not None and expected != len(columns):
            raise DataError(
                f"the model was fitted on {expected} columns, the data has {len(columns)}"
            )
        return
    fitted = [str(c) for c in fitted]
    if columns == fitted:
        return
    missing = [c for c in fitted if c not in columns]
    extra = [c for c in columns if c not in fitted]
    if not missing and not extra:
        raise DataError(
            f"the data has the model's columns in another order: {columns}; the model was "
            f"fitted on {fitted}"
        )
    parts = []
    if missing:
        parts.append(f"missing {', '.join(map(repr, missing))}")
    if extra:
        parts.append(f"not used by the model {', '.join(map(repr, extra))}")
    raise DataError(
        f"the data's columns do not match the ones the model was fitted on: {'; '.join(parts)}. "
        f"The model expects: {', '.join(map(repr, fitted))}"
    )


def frame_of(X: Any, model: object) -> pd.DataFrame:
    """X as a DataFrame: a frame as it is, a 2-D array with the model's column names."""
    if isinstance(X, pd.DataFrame):
        frame = X
    else:
        array = np.asarray(X)
        if array.ndim != 2:
            raise DataError(f"X must be a table (2-D), got an array of shape {array.shape}")
        fitted = getattr(model, "feature_names_in_", None)
        names: Sequence[str] = (
            [str(c) for c in fitted]
            if fitted is not None and len(fitted) == array.shape[1]
            else [f"x{i}" for i in range(array.shape[1])]
        )
        frame = pd.DataFrame(array, columns=list(names))
    if len(frame) == 0:
        raise DataError("X has no rows")
    return frame.reset_index(drop=True)
