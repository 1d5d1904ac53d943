"""Scoring a Spark DataFrame: `formcast.spark.score(df, model_dir)`.

    import formcast.spark
    scored = formcast.spark.score(spark.read.csv("patients/*.csv", header=True), "models/drug")

The manifest is checked and the model file verified on the driver; the model's bytes are then
broadcast once to the executors, where each Python worker creates its onnxruntime session on
first use and keeps it for every later batch and task. Rows go through `mapInArrow` in Arrow
batches, scored column by column with the browser's rules (string columns as read from text
files, or typed numbers), one output batch per input batch in the same order, so every row is
kept, in order within its partition, with its prediction or its `error`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formcast.errors import require

if TYPE_CHECKING:
    from formcast.scoring.scorer import Scorer

_executor_scorers: dict[str, Scorer] = {}
_executor_lock = threading.Lock()


def score(df: Any, model_dir: str | Path | Scorer) -> Any:
    """Returns `df` with the browser's prediction columns appended (lazily, like any Spark
    transformation): `predicted_label` and `p_<class>` (float), or `predicted_value` (float),
    `range_low` and `range_high` (double); and `error` (string, null when scored). Columns of
    `df` already named like an output are replaced. Raises FormcastError CSV_INVALID, naming the
    column, when an input is missing — before any job runs."""
    require("pyspark", "spark", "formcast.spark")
    require("pyarrow", "spark", "formcast.spark")
    from pyspark.sql import types

    from formcast.scoring.header import find_inputs
    from formcast.scoring.scorer import Scorer

    scorer = model_dir if isinstance(model_dir, Scorer) else Scorer(model_dir)
    header = list(df.columns)
    at = find_inputs(header, scorer.inputs)
    keep = [i for i, name in enumerate(header) if name not in scorer.output_columns]
    fields = [df.schema.fields[i] for i in keep]
    for name in scorer.output_columns:
        kind = (
            types.StringType()
            if name in ("predicted_label", "error")
            else types.DoubleType()
            if name in ("range_low", "range_high")
            else types.FloatType()
        )
        fields.append(types.StructField(name, kind, nullable=True))
    schema = types.StructType(fields)
    names = [f.name for f in fields]

    model = scorer.model
    payload = (str(model.path), model.manifest, model.variant, model.model_bytes, model.sha256)
    shipped = _broadcast(df, payload)

    def score_batches(batches: Any) -> Any:
        import pyarrow as pa

        local = _executor_scorer(shipped.value if hasattr(shipped, "value") else shipped)
        for batch in batches:
            predictions = local.predict([batch.column(i) for i in at])
            arrays = [batch.column(i) for i in keep] + list(predictions.arrow_columns().values())
            yield pa.RecordBatch.from_arrays(arrays, names=names)

    return df.mapInArrow(score_batches, schema)


def _broadcast(df: Any, payload: tuple[Any, ...]) -> Any:
    """The model once per executor through a broadcast variable; a Spark Connect session has no
    SparkContext, so there the bytes travel inside the function instead."""
    try:
        context = df.sparkSession.sparkContext
    except Exception:  # Spark Connect raises its own "not supported" error here
        return payload
    return context.broadcast(payload)


def _executor_scorer(payload: tuple[Any, ...]) -> Scorer:
    """This Python worker's scorer for the model, created once and kept across tasks."""
    from formcast.model_directory.read import ModelDir
    from formcast.scoring.scorer import Scorer

    path, manifest, variant, data, sha256 = payload
    with _executor_lock:
        scorer = _executor_scorers.get(sha256)
        if scorer is None:
            # One intra-op thread: Spark already runs one worker per core.
            scorer = Scorer(ModelDir(Path(path), manifest, variant, data, sha256), threads=1)
            _executor_scorers[sha256] = scorer
        return scorer
