"""File names, the pinned opset and the seed: what every step and the browser agree on."""

# One model directory: model.onnx (raw columns in), the numeric variant (one float32 tensor in),
# the card, the golden rows, and for a single decision tree its structure.
MODEL_FILE = "model.onnx"
NUMERIC_MODEL_FILE = "model.numeric.onnx"
MANIFEST_FILE = "manifest.json"
GOLDEN_FILE = "golden.json"
TREE_FILE = "tree.json"
# The site's list of model directories (models/index.json).
INDEX_FILE = "index.json"

# Cross-validation folds and golden-row samples are drawn with this seed.
SEED = 42

# Pinned so a library upgrade cannot silently raise the opset the browser runtime must support.
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}

# The numeric variant's one input tensor.
NUMERIC_INPUT = "features"

# What the browser sends for an empty category (a string tensor cannot hold NaN).
EMPTY_CATEGORY = ""
