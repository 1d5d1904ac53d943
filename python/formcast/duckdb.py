"""Scoring in DuckDB SQL: `register(con, model_dir)` adds a vectorised (Arrow) scalar function.

    import duckdb, formcast.duckdb
    con = duckdb.connect()
    formcast.duckdb.register(con, "models/drug", name="predict_drug")
    con.sql("SELECT *, predict_drug(Age, Sex, BP, Cholesterol, Na_to_K).* FROM patients")

The function takes the model's inputs in manifest order, each of any type: text straight from a
file read as VARCHAR, or typed numbers; both get the browser's rules. It returns a STRUCT whose
fields are the browser's prediction columns, so `.*` expands it into exactly the scored CSV's
columns: `predicted_label`, `p_<class>` (FLOAT) …, `error`; or `predicted_value` (FLOAT),
`range_low`, `range_high` (DOUBLE), `error`. A row that breaks a rule gets NULL predictions and
the browser's message in `error`; NULL inputs are empty cells, not a NULL result.
"""

from __future__ import annotations

import contextlib
import inspect
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formcast.errors import require

if TYPE_CHECKING:
    from formcast.scoring.scorer import Scorer


def register(con: Any, model_dir: str | Path | Scorer, name: str | None = None) -> str:
    """Registers the model as a scalar function on the DuckDB connection `con`.

    `name` defaults to `predict_<model id>` (`-` becomes `_`). Returns the name. Registering
    the same name again replaces the function. The model is loaded once, here; DuckDB then
    calls it with vectors of rows (2,048 at a time), each scored in one model run.
    """
    require("duckdb", "duckdb", "formcast.duckdb")
    require("pyarrow", "duckdb", "formcast.duckdb")
    import duckdb
    import pyarrow as pa

    from formcast.scoring.scorer import Scorer

    scorer = model_dir if isinstance(model_dir, Scorer) else Scorer(model_dir)
    function_name = name or "predict_" + re.sub(r"\W", "_", scorer.model.manifest["id"])
    arity = len(scorer.inputs)

    def predict(*columns: Any) -> Any:
        arrays = scorer.predict(columns).arrow_columns()
        return pa.StructArray.from_arrays(list(arrays.values()), names=list(arrays))

    # DuckDB reads the arity from the signature and types each parameter ANY, so a call with the
    # wrong number of arguments fails when the query is bound, naming the function's signature.
    predict.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(f"input_{i}", inspect.Parameter.POSITIONAL_ONLY) for i in range(arity)]
    )
    with contextlib.suppress(duckdb.InvalidInputException):  # not registered yet
        con.remove_function(function_name)
    con.create_function(
        function_name,
        predict,
        None,
        result_type(scorer),
        type="arrow",
        null_handling="special",
        side_effects=False,
    )
    return function_name


def result_type(scorer: Scorer) -> Any:
    """The STRUCT the function returns: one field per prediction column, in the CSV's order."""
    import duckdb

    fields = {}
    for column in scorer.output_columns:
        if column in ("predicted_label", "error"):
            fields[column] = "VARCHAR"
        elif column in ("range_low", "range_high"):
            fields[column] = "DOUBLE"
        else:
            fields[column] = "FLOAT"
    return duckdb.struct_type(fields)
