"""Formcast: ship a fitted scikit-learn model as a static web page that predicts in the browser.

    import formcast
    formcast.export(model, X_train, y_train, id="iris", out="models/iris")

then `formcast site models/iris --out site` and `formcast serve site`. See docs/python.md.

The same model directory scores tables: `formcast.score(frame, "models/iris")` (pandas or Arrow),
`formcast.duckdb.register(con, ...)` in DuckDB SQL, `formcast.spark.score(df, ...)` in Spark, and
`formcast score MODEL_DIR INPUT --out OUTPUT` for files. See docs/scoring.md.

The package is laid out by concern: `exporting/` (a fitted pipeline → a model directory),
`scoring/` (the browser's rules on tables), `batch/` (`formcast score` on files), `site/`
(`formcast site`, `formcast serve`), `model_directory/` (reading and writing one), and
`duckdb.py`, `spark.py`, `cli.py`, `errors.py` at the top.

Each name below is imported on first use (PEP 562), so `import formcast` costs the errors
module alone: scoring (score, DuckDB, Spark, `formcast score`) never imports scikit-learn,
skl2onnx, onnx or onnxmltools, which a Spark Python worker would otherwise pay for (≈ 2 s of
CPU each) before its first row.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from formcast.errors import (
    CardError,
    DataError,
    FormcastError,
    InferenceError,
    MissingExtraError,
    ModelLoadError,
    OutputError,
    ParityError,
    QualityError,
    SiteError,
    TableError,
    UnsupportedModelError,
    VersionError,
)

if TYPE_CHECKING:
    from formcast.exporting.cross_validation import CrossValidation
    from formcast.exporting.export import ExportResult, export
    from formcast.exporting.golden_rows import Golden, GoldenContext, GoldenRow
    from formcast.scoring.tables import score
    from formcast.site.build import build_site

__version__ = "0.1.0"

# Public name → the module that defines it.
_LAZY = {
    "CrossValidation": "formcast.exporting.cross_validation",
    "ExportResult": "formcast.exporting.export",
    "export": "formcast.exporting.export",
    "Golden": "formcast.exporting.golden_rows",
    "GoldenContext": "formcast.exporting.golden_rows",
    "GoldenRow": "formcast.exporting.golden_rows",
    "score": "formcast.scoring.tables",
    "build_site": "formcast.site.build",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'formcast' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "CardError",
    "CrossValidation",
    "DataError",
    "ExportResult",
    "FormcastError",
    "Golden",
    "GoldenContext",
    "GoldenRow",
    "InferenceError",
    "MissingExtraError",
    "ModelLoadError",
    "OutputError",
    "ParityError",
    "QualityError",
    "SiteError",
    "TableError",
    "UnsupportedModelError",
    "VersionError",
    "__version__",
    "build_site",
    "export",
    "score",
]
