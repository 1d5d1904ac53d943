"""`score(frame, model_dir)`: a pandas DataFrame or an Arrow table in, the same kind of table
out, with the browser's prediction columns appended."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from formcast.scoring.header import find_inputs
from formcast.scoring.scorer import Scorer

Frame = TypeVar("Frame")


def score(frame: Frame, model_dir: str | Path | Scorer) -> Frame:
    """Scores every row of a pandas DataFrame or a pyarrow Table with a Formcast model directory.

    Returns the same kind of table: the input's columns as they were, then the browser's
    prediction columns — `predicted_label` and one `p_<class>` per class (float32), or
    `predicted_value` with `range_low` and `range_high` — and `error`. The inputs are found by
    their manifest names, in any order; text and typed numbers are both read with the browser's
    rules (`" 47 "` is 47, `high` is `HIGH`, an empty optional cell lets the model impute it).
    A row that breaks a rule is not scored: its prediction cells are empty (NaN / None, null in
    Arrow) and `error` holds the browser's message, e.g. `Age: "abc" is not a number`; scored
    rows have `error` None. Columns already named like the outputs (a scored table scored again)
    are replaced. A missing input column raises TableError (code CSV_INVALID) naming it.
    """
    scorer = model_dir if isinstance(model_dir, Scorer) else Scorer(model_dir)
    if isinstance(frame, pd.DataFrame):
        return _score_pandas(frame, scorer)  # type: ignore[return-value]
    if type(frame).__module__.startswith("pyarrow"):
        return _score_arrow(frame, scorer)
    raise TypeError(
        f"score() takes a pandas DataFrame or a pyarrow Table, not {type(frame).__name__}"
    )


def _score_pandas(frame: pd.DataFrame, scorer: Scorer) -> pd.DataFrame:
    header = [str(c) for c in frame.columns]
    at = find_inputs(header, scorer.inputs)
    predictions = scorer.predict([frame.iloc[:, i] for i in at])
    kept = frame.loc[:, [c not in scorer.output_columns for c in header]]
    added = pd.DataFrame(predictions.columns, index=frame.index)
    return pd.concat([kept, added], axis=1)


def _score_arrow(table: Any, scorer: Scorer) -> Any:
    at = find_inputs(table.column_names, scorer.inputs)
    predictions = scorer.predict([table.column(i) for i in at])
    kept = table.drop_columns([c for c in table.column_names if c in scorer.output_columns])
    for name, array in predictions.arrow_columns().items():
        kept = kept.append_column(name, array)
    return kept
