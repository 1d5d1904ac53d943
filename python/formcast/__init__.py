"""Formcast: ship a fitted scikit-learn model as a static web page that predicts in the browser.

    import formcast
    formcast.export(model, X_train, y_train, id="iris", out="models/iris")

then `formcast site models/iris --out site` and `formcast serve site`. See docs/python.md.
"""

from formcast.cross_validation import CrossValidation
from formcast.errors import (
    CardError,
    DataError,
    FormcastError,
    OutputError,
    ParityError,
    QualityError,
    SiteError,
    UnsupportedModelError,
    VersionError,
)
from formcast.export import ExportResult, export
from formcast.golden import Golden, GoldenContext, GoldenRow
from formcast.site import build_site

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
    "OutputError",
    "ParityError",
    "QualityError",
    "SiteError",
    "UnsupportedModelError",
    "VersionError",
    "__version__",
    "build_site",
    "export",
]
