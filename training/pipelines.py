"""The bundled models' scikit-learn pipelines: one-hot categories and numbers, empty fields
imputed, then the model's estimator; and the float32 adjustments made to a fitted pipeline
before export (so scikit-learn and ONNX compare the same float32 values)."""

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.tree import DecisionTreeClassifier

from training.spec import InputSpec, ModelSpec

# What the browser sends for an empty optional category (a string tensor cannot hold NaN).
EMPTY_CATEGORY = ""


def _one_hot(inputs: list[InputSpec]) -> OneHotEncoder:
    """handle_unknown="error": the browser validates against the manifest's category lists, so
    an unknown value reaching the model is a bug that should fail loudly, not a row of zeros.
    The categories are the spec's, in its order: the manifest lists them in the same order."""
    return OneHotEncoder(
        categories=[list(spec.categories or ()) for spec in inputs],
        handle_unknown="error",
        sparse_output=False,
    )


def build_feature_transformer(spec: ModelSpec) -> ColumnTransformer:
    """Categories one-hot encoded, numbers passed through as they are (trees need no scaling).

    Optional inputs are imputed first: a number that is NaN gets the training median, a category
    that is "" the most frequent value. formcast reads the imputers' fitted values into the
    manifest (`missing.value`), and the browser's numeric path substitutes the same values.
    Groups are: required categories, optional categories, optional numbers, required numbers;
    the numeric model's feature layout follows this order.
    """
    required_categories = [s for s in spec.category_inputs if not s.optional]
    optional_categories = [s for s in spec.category_inputs if s.optional]
    optional_numbers = [s for s in spec.number_inputs if s.optional]
    required_numbers = [s for s in spec.number_inputs if not s.optional]
    transformers: list = []
    if required_categories:
        transformers.append(
            ("category", _one_hot(required_categories), [s.name for s in required_categories])
        )
    if optional_categories:
        imputer = SimpleImputer(missing_values=EMPTY_CATEGORY, strategy="most_frequent")
        transformers.append(
            (
                "optional_category",
                Pipeline([("impute", imputer), ("one_hot", _one_hot(optional_categories))]),
                [s.name for s in optional_categories],
            )
        )
    if optional_numbers:
        transformers.append(
            (
                "optional_number",
                SimpleImputer(strategy="median"),
                [s.name for s in optional_numbers],
            )
        )
    if required_numbers:
        transformers.append(("number", "passthrough", [s.name for s in required_numbers]))
    # Short names ("BP_HIGH", "Age") are the ones the manifest reports for tree thresholds.
    return ColumnTransformer(transformers=transformers, verbose_feature_names_out=False)


def estimator_step(spec: ModelSpec) -> str:
    return "classifier" if spec.is_classifier else "regressor"


def build_pipeline(spec: ModelSpec) -> Pipeline:
    return Pipeline(
        steps=[
            ("features", build_feature_transformer(spec)),
            (estimator_step(spec), spec.build_estimator()),
        ]
    )


def snap_thresholds_to_float32(classifier: DecisionTreeClassifier) -> int:
    """Replace each split threshold by the largest float32 not above it; return how many moved.

    scikit-learn casts inputs to float32 and compares `x32 <= threshold64`; ONNX (and so the
    browser) compares against float32 thresholds. Rounding a float64 threshold to the nearest
    float32 can round it *up*, and an input equal to that rounded value then goes left in ONNX
    but right in scikit-learn. With t32 = the largest float32 <= t64, `x32 <= t64` and
    `x32 <= t32` agree for every float32 x32 (no float32 lies in (t32, t64]), so this changes
    no scikit-learn prediction while making the thresholds exactly representable in ONNX. The
    manifest then reports the thresholds the browser really uses.
    """
    tree = classifier.tree_
    thresholds = tree.threshold  # a view into the fitted tree: writes change the model
    is_split = tree.children_left != -1
    as_float32 = thresholds.astype(np.float32)
    rounded_up = as_float32.astype(np.float64) > thresholds
    as_float32[rounded_up] = np.nextafter(as_float32[rounded_up], np.float32(-np.inf))
    snapped = as_float32.astype(np.float64)
    moved = is_split & (snapped != thresholds)
    thresholds[is_split] = snapped[is_split]
    if not np.array_equal(tree.threshold[is_split], snapped[is_split]):
        raise RuntimeError("could not write the float32 thresholds back into the fitted tree")
    return int(moved.sum())


def round_imputed_numbers_to_float32(pipeline: Pipeline) -> None:
    """Make each fitted median a float32 value: the ONNX Imputer and the browser's float32
    tensor hold it as one, so scikit-learn must impute exactly that number too."""
    features = pipeline.named_steps["features"]
    for _name, transformer, _columns in features.transformers_:
        if isinstance(transformer, SimpleImputer) and transformer.statistics_.dtype.kind == "f":
            transformer.statistics_ = transformer.statistics_.astype(np.float32).astype(np.float64)
