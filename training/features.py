"""The feature step: raw columns in, one-hot categories and untouched numbers out."""

from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OneHotEncoder

from training import config


def build_feature_transformer() -> ColumnTransformer:
    """One-hot encode the categories; pass the numbers through as they are.

    handle_unknown="error": the browser validates against the manifest's category lists, so an
    unknown value reaching the model is a bug that should fail loudly, not a row of zeros.
    Categories are learned (and so sorted) by the encoder; the manifest copies its order.
    Numbers are not scaled: a tree does not care, and raw thresholds stay readable.
    """
    return ColumnTransformer(
        transformers=[
            (
                "category",
                OneHotEncoder(handle_unknown="error", sparse_output=False),
                list(config.CATEGORICAL_COLUMNS),
            ),
            ("number", "passthrough", list(config.NUMERIC_COLUMNS)),
        ],
        # Short names ("BP_HIGH", "Age") are the ones the manifest reports for tree thresholds.
        verbose_feature_names_out=False,
    )
