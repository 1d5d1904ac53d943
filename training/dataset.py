"""Load the raw drug CSV and refuse anything the model and its manifest were not designed for."""

import hashlib
from pathlib import Path

import pandas as pd
from pandas.api import types as ptypes

from training import config


class DatasetError(ValueError):
    """The raw data does not have the shape the training pipeline relies on."""


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_dataset(csv_path: Path) -> pd.DataFrame:
    """Read the CSV and check columns, dtypes, missing values, category values and classes.

    Every check raises DatasetError naming the file, the offending value and what was expected:
    a silently coerced column would change the model without changing anything the tests see.
    """
    csv_path = Path(csv_path)
    if not csv_path.is_file():
        raise DatasetError(f"{csv_path}: file not found")
    try:
        frame = pd.read_csv(csv_path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise DatasetError(f"{csv_path}: not a readable CSV file ({error})") from error

    expected = [*config.INPUT_COLUMNS, config.TARGET]
    missing = [column for column in expected if column not in frame.columns]
    unexpected = [column for column in frame.columns if column not in expected]
    if missing or unexpected:
        raise DatasetError(
            f"{csv_path}: columns do not match. Missing: {missing or 'none'}; "
            f"unexpected: {unexpected or 'none'}. Expected exactly: {expected}."
        )
    frame = frame[expected]

    if len(frame) == 0:
        raise DatasetError(f"{csv_path}: no data rows")

    missing_counts = frame.isna().sum()
    holes = {column: int(count) for column, count in missing_counts.items() if count}
    if holes:
        raise DatasetError(f"{csv_path}: missing values per column: {holes}")

    if not ptypes.is_integer_dtype(frame["Age"]):
        raise DatasetError(
            f"{csv_path}: column 'Age' must hold whole numbers, got {frame['Age'].dtype}"
        )
    if not ptypes.is_numeric_dtype(frame["Na_to_K"]) or ptypes.is_bool_dtype(frame["Na_to_K"]):
        raise DatasetError(
            f"{csv_path}: column 'Na_to_K' must be numeric, got {frame['Na_to_K'].dtype}"
        )

    for column, labels in config.CATEGORY_LABELS.items():
        _check_values(csv_path, frame, column, tuple(labels))
    _check_values(csv_path, frame, config.TARGET, config.CLASSES)

    absent = sorted(set(config.CLASSES) - set(frame[config.TARGET]))
    if absent:
        raise DatasetError(f"{csv_path}: no rows for class(es) {absent}; every class needs rows")

    return frame


def _check_values(
    csv_path: Path, frame: pd.DataFrame, column: str, allowed: tuple[str, ...]
) -> None:
    values = frame[column]
    if not (ptypes.is_object_dtype(values) or ptypes.is_string_dtype(values)):
        raise DatasetError(f"{csv_path}: column {column!r} must hold text, got {values.dtype}")
    unknown = sorted({str(value) for value in values if value not in allowed})
    if unknown:
        raise DatasetError(
            f"{csv_path}: unknown value(s) {unknown} in column {column!r}. "
            f"Should be one of: {', '.join(allowed)}."
        )


def split_features_target(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    return frame[list(config.INPUT_COLUMNS)], frame[config.TARGET]
