"""Paths and constants shared by every model. No logic lives here; per-model settings are in
training/models/<id>.py."""

from pathlib import Path

# Paths are anchored to this file, not the working directory, so every entry point agrees.
REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
MODELS_DIR = REPO_ROOT / "public" / "models"
SCHEMA_PATH = REPO_ROOT / "schema" / "manifest.schema.json"

MODEL_FILE = "model.onnx"
# The same estimator on one float32 tensor, categories one-hot encoded by the browser.
NUMERIC_MODEL_FILE = "model.numeric.onnx"
MANIFEST_FILE = "manifest.json"
GOLDEN_FILE = "golden.json"
INDEX_FILE = "index.json"
# The decision tree's structure, for the browser's "why this prediction?" path. Written only when
# the model is a single tree; the manifest names it in training.tree.file.
TREE_FILE = "tree.json"

SEED = 42

# Pinned so a library upgrade cannot silently raise the opset the browser runtime must support.
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}
