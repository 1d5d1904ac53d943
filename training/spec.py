"""What a model module declares: its data, inputs, outputs, estimator, metrics and model card.

Each model lives in training/models/<id>.py as one ModelSpec; the generic steps (dataset,
features, train, evaluate, export) read nothing else, so adding a model means adding a module and
listing it in training/models/__init__.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sklearn.base import BaseEstimator

if TYPE_CHECKING:
    from training.evaluate import GoldenCase
    from training.train import TrainedModel

Task = Literal["classification", "binary", "regression"]


@dataclass(frozen=True)
class InputSpec:
    """One raw column the model takes, and how the form shows it.

    `categories` maps each allowed value to its readable label, in the encoder's order (the
    manifest's `categories`). An optional input may be left empty: numbers are imputed with the
    training median, categories with the most frequent value, inside the ONNX pipeline.
    Whether a missing value in the *file* is allowed is separate: only for optional inputs, or
    for categories whose `NA` means something (`na_means`).
    """

    name: str
    label: str
    description: str
    example: int | float | str | None
    categories: dict[str, str] | None = None
    step: float | None = None
    unit: str | None = None
    format: dict | None = None
    integer: bool = False
    optional: bool = False
    # A category whose `NA` in the file means "none" (no garage), not "unknown": read as this.
    na_means: str | None = None

    @property
    def is_number(self) -> bool:
        return self.categories is None


@dataclass(frozen=True)
class DataSpec:
    file: Path
    sha256: str
    source: str
    licence: str
    # The file has further columns the model does not use (read, checked for presence, ignored).
    other_columns: bool = False


@dataclass(frozen=True)
class MetricSpec:
    """A cross-validated metric: `name` is a key of training.train.METRICS."""

    name: str
    label: str
    format: dict | None = None
    description: str | None = None


@dataclass(frozen=True)
class CrossValidationSpec:
    folds: int
    primary: MetricSpec
    others: tuple[MetricSpec, ...] = ()
    # The model is refused when the primary metric's mean is below `minimum` (higher is better)
    # or above `maximum` (lower is better).
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class ClassOutputSpec:
    classes: tuple[str, ...]
    class_labels: dict[str, str]
    label_dtype: Literal["string", "int64"] = "string"
    positive: str | None = None
    headline: str | None = None


@dataclass(frozen=True)
class RegressionOutputSpec:
    label: str
    format: dict | None = None
    unit: str | None = None
    # Ratio interval from out-of-fold residuals: [value × lower, value × upper] holds `coverage`.
    interval_coverage: float | None = None


@dataclass(frozen=True)
class GoldenSpec:
    tolerance: float
    # None: every training row; otherwise a seeded sample of this many (stratified by class).
    training_rows: int | None = None
    # Model-specific edge rows (out-of-range values, threshold rows, empty fields...).
    edge_cases: Callable[["TrainedModel"], list["GoldenCase"]] | None = None


@dataclass(frozen=True)
class ModelSpec:
    id: str
    title: str
    description: str
    task: Task
    version: str
    data: DataSpec
    target: str
    inputs: tuple[InputSpec, ...]
    build_estimator: Callable[[], BaseEstimator]
    cross_validation: CrossValidationSpec
    golden: GoldenSpec
    intended_use: str
    limitations: tuple[str, ...]
    classes: ClassOutputSpec | None = None
    regression: RegressionOutputSpec | None = None
    # Libraries beyond training.export.LIBRARIES whose versions shaped the artifact.
    libraries: tuple[str, ...] = ()
    # Run on the fitted pipeline before export (e.g. float32 thresholds); returns a count to print.
    after_fit: Callable[[BaseEstimator], int] | None = None

    @property
    def input_names(self) -> list[str]:
        return [spec.name for spec in self.inputs]

    @property
    def number_inputs(self) -> list[InputSpec]:
        return [spec for spec in self.inputs if spec.is_number]

    @property
    def category_inputs(self) -> list[InputSpec]:
        return [spec for spec in self.inputs if not spec.is_number]

    def input(self, name: str) -> InputSpec:
        return next(spec for spec in self.inputs if spec.name == name)

    @property
    def is_classifier(self) -> bool:
        return self.task != "regression"
