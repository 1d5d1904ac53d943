"""What a bundled model declares: its data, inputs, outputs, estimator and model card.

Each model lives in training/models/<id>.py as one ModelSpec. training.build reads nothing else:
it fits the pipeline and hands it to `formcast.export`, the same public code path a user takes;
the spec is the card and the export options written down once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sklearn.base import BaseEstimator
from sklearn.pipeline import Pipeline

import formcast

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

    def card(self) -> dict:
        """This input's entry of the formcast card."""
        entry: dict = {"label": self.label, "description": self.description}
        entry |= {"example": self.example}
        entry |= {"step": self.step} if self.step else {}
        entry |= {"unit": self.unit} if self.unit else {}
        entry |= {"format": self.format} if self.format else {}
        entry |= {"categoryLabels": self.categories} if self.categories else {}
        return entry


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
    """A cross-validated metric (a name of formcast's metrics) and how the card shows it."""

    name: str
    label: str
    format: dict | None = None
    description: str | None = None

    def card(self) -> dict:
        entry: dict = {"label": self.label}
        entry |= {"format": self.format} if self.format else {}
        entry |= {"description": self.description} if self.description else {}
        return entry


@dataclass(frozen=True)
class ClassOutputSpec:
    classes: tuple[str, ...]
    class_labels: dict[str, str]
    label_dtype: Literal["string", "int64"] = "string"
    headline: str | None = None


@dataclass(frozen=True)
class RegressionOutputSpec:
    label: str
    format: dict | None = None
    unit: str | None = None


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
    metrics: tuple[MetricSpec, ...]
    cross_validation: formcast.CrossValidation
    golden: formcast.Golden
    intended_use: str
    limitations: tuple[str, ...]
    classes: ClassOutputSpec | None = None
    regression: RegressionOutputSpec | None = None
    # Run on the fitted pipeline before export (e.g. float32 thresholds); returns a count.
    after_fit: Callable[[Pipeline], int] | None = None
    # Notes for `npm run train`'s report.
    notes: tuple[str, ...] = field(default_factory=tuple)

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

    def card(self) -> dict:
        """The formcast card: everything a person adds to what the export infers."""
        card: dict = {
            "title": self.title,
            "description": self.description,
            "version": self.version,
            "intendedUse": self.intended_use,
            "limitations": list(self.limitations),
            "inputs": {spec.name: spec.card() for spec in self.inputs},
            "data": {
                "file": self.data.file.resolve().relative_to(_repo_root()).as_posix(),
                "sha256": self.data.sha256,
                "source": self.data.source,
                "licence": self.data.licence,
            },
            "metrics": {metric.name: metric.card() for metric in self.metrics},
        }
        if self.classes is not None:
            card["classLabels"] = self.classes.class_labels
            if self.classes.headline:
                card["headline"] = self.classes.headline
        if self.regression is not None:
            value: dict = {"label": self.regression.label}
            value |= {"unit": self.regression.unit} if self.regression.unit else {}
            value |= {"format": self.regression.format} if self.regression.format else {}
            card["value"] = value
        return card


def _repo_root() -> Path:
    from training.config import REPO_ROOT

    return REPO_ROOT
