"""The all-numeric variant: its layout follows the encoder, and it agrees with scikit-learn."""

import json

import numpy as np
import pytest

from training import config
from training.evaluate import ParityError
from training.numeric import INPUT_NAME, check_numeric_parity, encode, feature_layout


def test_layout_follows_the_fitted_encoder_then_the_numbers(exported):
    layout = feature_layout(exported.trained.pipeline)
    encoder = exported.trained.pipeline.named_steps["features"].named_transformers_["category"]
    expected = [
        {"input": column, "equals": str(category)}
        for column, categories in zip(config.CATEGORICAL_COLUMNS, encoder.categories_, strict=True)
        for category in categories
    ] + [{"input": column} for column in config.NUMERIC_COLUMNS]
    assert layout == expected


def test_encoding_one_row_sets_one_flag_per_category_and_copies_numbers(exported):
    layout = feature_layout(exported.trained.pipeline)
    row = {"Age": 47, "Sex": "F", "BP": "HIGH", "Cholesterol": "HIGH", "Na_to_K": 14.5}
    values = dict(zip([json.dumps(f) for f in layout], encode([row], layout)[0], strict=True))
    assert values[json.dumps({"input": "Sex", "equals": "F"})] == 1.0
    assert values[json.dumps({"input": "Sex", "equals": "M"})] == 0.0
    assert values[json.dumps({"input": "Age"})] == 47.0
    assert values[json.dumps({"input": "Na_to_K"})] == np.float32(14.5)


def test_numeric_model_matches_scikit_learn_on_every_golden_row(exported):
    numeric = exported.result.manifest["model"]["numeric"]
    model_bytes = (exported.directory / numeric["file"]).read_bytes()
    golden = json.loads((exported.directory / config.GOLDEN_FILE).read_text())
    report = check_numeric_parity(model_bytes, golden, numeric["features"])
    assert report.labels_equal == report.rows == len(golden["rows"])
    assert report.probabilities_within_tolerance == report.rows
    assert numeric["input"] == {"name": INPUT_NAME, "dtype": "float32"}


def test_parity_check_fails_when_the_layout_is_wrong(exported):
    numeric = exported.result.manifest["model"]["numeric"]
    model_bytes = (exported.directory / numeric["file"]).read_bytes()
    golden = json.loads((exported.directory / config.GOLDEN_FILE).read_text())
    swapped = list(numeric["features"])
    swapped[-1], swapped[-2] = swapped[-2], swapped[-1]  # Age and Na_to_K exchanged
    with pytest.raises(ParityError, match="numeric ONNX differs"):
        check_numeric_parity(model_bytes, golden, swapped)
