"""The feature step: raw columns in; one-hot categories and numbers out, empty fields imputed."""

from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

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
    that is "" the most frequent value. The imputers' fitted values go into the manifest
    (`missing.value`), and the browser's numeric path substitutes the same values itself.
    Groups are: required categories, optional categories, optional numbers, required numbers;
    the numeric model's feature layout follows this order.
    """
    required_categories = [s for s in spec.category_inputs if not s.optional]
    optional_categories = [s for s in spec.category_inputs if s.optional]
    optional_numbers = [s for s in spec.number_inputs if s.optional]
    required_numbers = [s for s in spec.number_inputs if not s.optional]
    transformers = []
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


def feature_names(pipeline: Pipeline) -> list[str]:
    """The estimator's input columns as scikit-learn names them ("BP_HIGH", "Age")."""
    return [str(name) for name in pipeline.named_steps["features"].get_feature_names_out()]


def fitted_missing_values(pipeline: Pipeline, spec: ModelSpec) -> dict[str, int | float | str]:
    """Each optional input's imputed value, as the fitted imputers hold it.

    Whole numbers are written as int for integer inputs (a median of 9478.0 lot square feet is
    9478); a .5 median stays a float.
    """
    features: ColumnTransformer = pipeline.named_steps["features"]
    values: dict[str, int | float | str] = {}
    for _name, transformer, columns in features.transformers_:
        steps = transformer.steps if isinstance(transformer, Pipeline) else [(None, transformer)]
        imputers = [step for _, step in steps if isinstance(step, SimpleImputer)]
        for imputer in imputers:
            for column, statistic in zip(columns, imputer.statistics_, strict=True):
                if isinstance(statistic, str):
                    values[str(column)] = statistic
                    continue
                number = float(statistic)
                whole = spec.input(str(column)).integer and number.is_integer()
                values[str(column)] = int(number) if whole else number
    missing = {s.name for s in spec.inputs if s.optional} - set(values)
    if missing:
        raise ValueError(f"optional inputs without an imputer: {sorted(missing)}")
    return values
