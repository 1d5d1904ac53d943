"""Load a bundled model's raw CSV and refuse anything the model and its card were not designed
for: stricter than formcast's own checks, because these files are the project's raw data."""

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

import formcast
from training.spec import InputSpec, ModelSpec

# Only an empty cell or the literal `NA` is missing. pandas' default list would also read the
# house data's masonry-veneer category `None` (and `null`, `n/a`...) as missing.
MISSING_MARKERS = ["", "NA"]


class DatasetError(formcast.DataError):
    """The raw data does not have the shape the training pipeline relies on."""


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_raw(csv_path: Path) -> pd.DataFrame:
    """The CSV as it is, every column, with only MISSING_MARKERS read as missing."""
    csv_path = Path(csv_path)
    if not csv_path.is_file():
        raise DatasetError(f"{csv_path}: file not found")
    try:
        return pd.read_csv(csv_path, keep_default_na=False, na_values=MISSING_MARKERS)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise DatasetError(f"{csv_path}: not a readable CSV file ({error})") from error


def load_dataset(spec: ModelSpec, csv_path: Path | None = None) -> pd.DataFrame:
    """The model's input columns and target, checked: columns, dtypes, missing values, categories.

    Every check raises DatasetError naming the file, the offending value and what was expected:
    a silently coerced column would change the model without changing anything the tests see.
    Category columns come back as text (a 0/1 column becomes "0"/"1"); an empty optional
    category is "" and an empty optional number NaN, which is what the pipeline imputes.
    """
    csv_path = Path(csv_path if csv_path is not None else spec.data.file)
    frame = read_raw(csv_path)

    expected = [*spec.input_names, spec.target]
    missing = [column for column in expected if column not in frame.columns]
    unexpected = [column for column in frame.columns if column not in expected]
    if missing or (unexpected and not spec.data.other_columns):
        raise DatasetError(
            f"{csv_path}: columns do not match. Missing: {missing or 'none'}; "
            f"unexpected: {unexpected or 'none'}. Expected exactly: {expected}."
        )
    frame = frame[expected].copy()

    if len(frame) == 0:
        raise DatasetError(f"{csv_path}: no data rows")

    for input_spec in spec.inputs:
        if input_spec.na_means is not None:
            frame[input_spec.name] = frame[input_spec.name].fillna(input_spec.na_means)

    required = [spec.target, *(s.name for s in spec.inputs if not s.optional)]
    holes = {column: int(n) for column, n in frame[required].isna().sum().items() if n}
    if holes:
        raise DatasetError(f"{csv_path}: missing values per column: {holes}")

    for input_spec in spec.inputs:
        if input_spec.is_number:
            _check_number(csv_path, frame, input_spec)
        else:
            frame[input_spec.name] = _category_as_text(csv_path, frame, input_spec)

    if spec.is_classifier:
        _check_classes(csv_path, frame, spec)
    else:
        target = frame[spec.target]
        if not ptypes.is_numeric_dtype(target) or ptypes.is_bool_dtype(target):
            raise DatasetError(
                f"{csv_path}: target {spec.target!r} must be numeric, got {target.dtype}"
            )
        if (target <= 0).any():
            raise DatasetError(
                f"{csv_path}: target {spec.target!r} must be positive (the model fits its log)"
            )
    return frame


def _check_number(csv_path: Path, frame: pd.DataFrame, spec: InputSpec) -> None:
    values = frame[spec.name]
    if spec.integer:
        present = values.dropna()
        whole = ptypes.is_integer_dtype(values) or (
            ptypes.is_float_dtype(values) and bool(np.all(present == np.round(present)))
        )
        if not whole:
            raise DatasetError(
                f"{csv_path}: column {spec.name!r} must hold whole numbers, got {values.dtype}"
            )
    elif not ptypes.is_numeric_dtype(values) or ptypes.is_bool_dtype(values):
        raise DatasetError(f"{csv_path}: column {spec.name!r} must be numeric, got {values.dtype}")


def _category_as_text(csv_path: Path, frame: pd.DataFrame, spec: InputSpec) -> pd.Series:
    values = frame[spec.name]
    if ptypes.is_integer_dtype(values):
        values = values.astype(str)  # a 0/1 column is the category "0" or "1"
    elif not (ptypes.is_object_dtype(values) or ptypes.is_string_dtype(values)):
        raise DatasetError(f"{csv_path}: column {spec.name!r} must hold text, got {values.dtype}")
    values = values.fillna("")  # only optional inputs get here with holes
    allowed = tuple(spec.categories or ())
    unknown = sorted({str(v) for v in values if v not in allowed and v != ""})
    if unknown:
        raise DatasetError(
            f"{csv_path}: unknown value(s) {unknown} in column {spec.name!r}. "
            f"Should be one of: {', '.join(allowed)}."
        )
    absent = [category for category in allowed if category not in set(values)]
    if absent:
        raise DatasetError(
            f"{csv_path}: no rows with {spec.name!r} = {absent}; a category the model never saw "
            "cannot be offered in the form"
        )
    return values.astype(object)


def _check_classes(csv_path: Path, frame: pd.DataFrame, spec: ModelSpec) -> None:
    assert spec.classes is not None
    target = frame[spec.target]
    if spec.classes.label_dtype == "int64":
        if not ptypes.is_integer_dtype(target):
            raise DatasetError(
                f"{csv_path}: target {spec.target!r} must hold whole numbers, got {target.dtype}"
            )
    elif not (ptypes.is_object_dtype(target) or ptypes.is_string_dtype(target)):
        raise DatasetError(f"{csv_path}: column {spec.target!r} must hold text, got {target.dtype}")
    allowed = spec.classes.classes
    unknown = sorted({str(v) for v in target if str(v) not in allowed})
    if unknown:
        raise DatasetError(
            f"{csv_path}: unknown value(s) {unknown} in column {spec.target!r}. "
            f"Should be one of: {', '.join(allowed)}."
        )
    absent = sorted(set(allowed) - {str(v) for v in target})
    if absent:
        raise DatasetError(f"{csv_path}: no rows for class(es) {absent}; every class needs rows")


def split_features_target(spec: ModelSpec, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    return frame[spec.input_names], frame[spec.target]
