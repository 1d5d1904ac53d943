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
