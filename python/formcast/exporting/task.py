"""What a fitted model predicts: the task (binary, classification, regression) and, for a
classifier, its class labels as the ONNX label tensor holds them."""

from dataclasses import dataclass

import numpy as np
from sklearn.base import is_classifier

from formcast.errors import UnsupportedModelError
from formcast.exporting.pipeline_steps import final_estimator


@dataclass(frozen=True)
class ClassOutputs:
    classes: list[str]
    # "int64" for whole-number labels, "string" for text.
    label_dtype: str


def model_task(model: object) -> tuple[str, ClassOutputs | None]:
    """("binary" | "classification", its classes) for a classifier, ("regression", None) else."""
    if not is_classifier(model):
        return "regression", None
    classes = getattr(model, "classes_", None)
    if classes is None:
        classes = getattr(final_estimator(model), "classes_", None)
    if classes is None:
        raise UnsupportedModelError("the classifier has no classes_: is it fitted?")
    values = list(classes)
    if all(isinstance(c, int | np.integer) and not isinstance(c, bool) for c in values):
        dtype = "int64"
    elif all(isinstance(c, str) for c in values):
        dtype = "string"
    else:
        kinds = sorted({type(c).__name__ for c in values})
        raise UnsupportedModelError(
            f"class labels of type {', '.join(kinds)} are not supported: fit the model on "
            "whole numbers or text labels"
        )
    task = "binary" if len(values) == 2 else "classification"
    return task, ClassOutputs([str(c) for c in values], dtype)
