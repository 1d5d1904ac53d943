"""Formcast: ship a fitted scikit-learn model as a static web page that predicts in the browser.

    import formcast
    formcast.export(model, X_train, y_train, id="iris", out="models/iris")

then `formcast site models/iris --out site` and `formcast serve site`. See docs/python.md.

The same model directory scores tables: `formcast.score(frame, "models/iris")` (pandas or Arrow),
`formcast.duckdb.register(con, ...)` in DuckDB SQL, `formcast.spark.score(df, ...)` in Spark, and
`formcast score MODEL_DIR INPUT --out OUTPUT` for files. See docs/scoring.md.
"""

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
from formcast.exporting.cross_validation import CrossValidation
from formcast.exporting.export import ExportResult, export
from formcast.exporting.golden_rows import Golden, GoldenContext, GoldenRow
from formcast.scoring.scorer import score
from formcast.site.build import build_site

__version__ = "0.1.0"

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
