"""`formcast export`'s inputs: a fitted model saved by joblib or pickle, and the training data
as a CSV or Parquet file, turned into what `export` takes (a model, a frame, the target)."""

import difflib
import hashlib
import pickle
from pathlib import Path
from typing import Any

import pandas as pd

from formcast.errors import DataError
from formcast.exporting.cross_validation import CrossValidation
from formcast.exporting.export import ExportResult, export


def load_model(path: Path) -> object:
    """The model in a .joblib, .pkl or .pickle file. Unpickling runs the file's code."""
    if not path.is_file():
        raise DataError(f"{path}: model file not found")
    try:
        if path.suffix in (".pkl", ".pickle"):
            with path.open("rb") as handle:
                return pickle.load(handle)
        import joblib

        return joblib.load(path)
    except (pickle.UnpicklingError, EOFError, ValueError, KeyError) as error:
        raise DataError(f"{path}: not a model file joblib or pickle can read ({error})") from error


def read_data(path: Path) -> pd.DataFrame:
    """The training data: a CSV file read with pandas' defaults, or a Parquet file."""
    if not path.is_file():
        raise DataError(f"{path}: data file not found")
    if path.suffix == ".parquet":
        try:
            return pd.read_parquet(path)
        except ImportError as error:
            raise DataError(
                f"{path}: reading Parquet needs pyarrow (pip install pyarrow)"
            ) from error
    try:
        return pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise DataError(f"{path}: not a readable CSV file ({error})") from error


def split_target(
    frame: pd.DataFrame, target: str | None, path: Path
) -> tuple[pd.DataFrame, pd.Series | None]:
    """The inputs, and the target column when one is named (refused, with the closest name,
    when the data has no such column)."""
    if target is None:
        return frame, None
    if target not in frame.columns:
        close = difflib.get_close_matches(target, [str(c) for c in frame.columns], n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        raise DataError(
            f'{path} has no column "{target}"{hint}. Its columns: '
            f"{', '.join(map(str, frame.columns))}"
        )
    return frame.drop(columns=[target]), frame[target]


def export_files(
    model_path: Path,
    data_path: Path,
    *,
    target: str | None,
    folds: int,
    **card: Any,
) -> ExportResult:
    """`export` on files: `card` holds `id`, `out`, `title` and `card` as `export` takes them;
    the data file's name and sha256 go into the card's data section."""
    if folds < 0 or folds == 1:
        raise DataError(f"--folds must be 0 (no cross-validation) or at least 2, got {folds}")
    model = load_model(model_path)
    features, y = split_target(read_data(data_path), target, data_path)
    fitted = [str(c) for c in getattr(model, "feature_names_in_", [])]
    extra = [str(c) for c in features.columns if fitted and str(c) not in fitted]
    if target is None and len(extra) == 1:
        raise DataError(
            f'{data_path} has a column the model was not fitted on, "{extra[0]}": if it is what '
            f"the model predicts, name it with --target {extra[0]}"
        )
    digest = hashlib.sha256(data_path.read_bytes()).hexdigest()
    return export(
        model,
        features,
        y,
        data={"file": data_path.name, "sha256": digest},
        cross_validation=CrossValidation(folds=folds) if folds else False,
        **card,
    )
