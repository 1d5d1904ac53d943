"""The errors formcast raises. Each has a `code`, so a caller can tell them apart without parsing
the message; the CLI prints the message and exits with status 1."""


class FormcastError(Exception):
    """Base class: something formcast was asked to do cannot be done faithfully."""

    code = "FORMCAST_ERROR"


class UnsupportedModelError(FormcastError):
    """A step of the pipeline has no ONNX converter, or its conversion cannot be exact."""

    code = "UNSUPPORTED_MODEL"


class DataError(FormcastError):
    """The data does not fit the model: columns, target, types or values."""

    code = "DATA_INVALID"


class CardError(FormcastError):
    """The model card (keyword arguments or card file) is invalid."""

    code = "CARD_INVALID"


class ParityError(FormcastError):
    """ONNX and the fitted model disagree on at least one golden row."""

    code = "PARITY_FAILED"


class QualityError(FormcastError):
    """The cross-validated metric misses the bar the caller set."""

    code = "QUALITY_BELOW_BAR"


class OutputError(FormcastError):
    """The output directory holds something this export must not overwrite."""

    code = "OUTPUT_REFUSED"


class VersionError(OutputError):
    """Predictions changed under a version that was already exported: bump the version."""

    code = "VERSION_NOT_BUMPED"


class SiteError(FormcastError):
    """A site cannot be built from these model directories."""

    code = "SITE_INVALID"


class ModelLoadError(FormcastError):
    """A model directory cannot be scored with: its manifest, model file, hash or signature.

    `code` is the browser's code for the same failure: MANIFEST_FETCH_FAILED, MANIFEST_INVALID,
    MODEL_FETCH_FAILED, MODEL_INTEGRITY, MODEL_INVALID or MODEL_SIGNATURE_MISMATCH.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class TableError(FormcastError):
    """A table or file that cannot be scored as a whole: an input column missing or repeated,
    an empty, binary or non-UTF-8 file, a header without rows (the browser's CSV_INVALID). A
    malformed row is not one: it keeps its place with its message in `error`."""

    code = "CSV_INVALID"


class InferenceError(FormcastError):
    """The model failed to run, or returned something the manifest does not describe."""

    code = "INFERENCE_FAILED"


class MissingExtraError(ImportError):
    """An optional engine (DuckDB, Spark) is used without the extra that installs it."""

    def __init__(self, module: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the Python package {module!r}, which is not installed. "
            f"Install it with: pip install 'formcast[{extra}]'"
        )
        self.extra = extra


def require(module: str, extra: str, purpose: str) -> None:
    """Raises MissingExtraError naming the extra when `module` cannot be imported."""
    import importlib

    try:
        importlib.import_module(module)
    except ImportError as error:
        raise MissingExtraError(module, extra, purpose) from error
