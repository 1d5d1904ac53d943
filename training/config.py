"""Paths of the bundled models' data and output. No logic lives here; each model's settings are
in training/models/<id>.py."""

from pathlib import Path

# Paths are anchored to this file, not the working directory, so every entry point agrees.
REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
MODELS_DIR = REPO_ROOT / "public" / "models"
SCHEMA_PATH = REPO_ROOT / "schema" / "manifest.schema.json"

# The seed of every estimator, cross-validation and golden-row sample of the bundled models.
SEED = 42
