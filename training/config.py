"""Paths and constants for training the drug model. No logic lives here."""

from pathlib import Path

# Paths are anchored to this file, not the working directory, so every entry point agrees.
REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_CSV = REPO_ROOT / "data" / "drug200.csv"
MODELS_DIR = REPO_ROOT / "public" / "models"
MODEL_DIR = MODELS_DIR / "drug"
SCHEMA_PATH = REPO_ROOT / "schema" / "manifest.schema.json"

MODEL_FILE = "model.onnx"
# The same classifier on one float32 tensor, categories one-hot encoded by the browser.
NUMERIC_MODEL_FILE = "model.numeric.onnx"
MANIFEST_FILE = "manifest.json"
GOLDEN_FILE = "golden.json"
INDEX_FILE = "index.json"

# Bump when a retrain changes predictions; the browser caches models by this.
MODEL_ID = "drug"
MODEL_VERSION = "1.0.0"
MODEL_TITLE = "Drug prescription"
MODEL_DESCRIPTION = (
    "Suggests which of five drugs a patient was prescribed from age, sex, blood pressure, "
    "cholesterol and the blood's sodium-to-potassium ratio. A single decision tree trained on "
    "the public drug200 data set."
)

# Raw data as recorded in data/README.md; the CSV is never edited, so its hash is a constant.
DATA_FILE_REL = "data/drug200.csv"
DATA_SHA256 = "9517b83a24a3d7d62eb3920752d409ea187e4a1ff8ae94b4fd946a8e7f63f3b2"
DATA_SOURCE = 'Kaggle "Drug Classification" (prathamtripathi/drug-classification)'
DATA_LICENCE = "CC0-1.0"

TARGET = "Drug"
CLASSES = ("DrugY", "drugA", "drugB", "drugC", "drugX")
CLASS_LABELS = {
    "DrugY": "Drug Y",
    "drugA": "Drug A",
    "drugB": "Drug B",
    "drugC": "Drug C",
    "drugX": "Drug X",
}

# The order of the model's inputs: the CSV's column order, the browser form's field order.
INPUT_COLUMNS = ("Age", "Sex", "BP", "Cholesterol", "Na_to_K")
NUMERIC_COLUMNS = ("Age", "Na_to_K")
CATEGORICAL_COLUMNS = ("Sex", "BP", "Cholesterol")

# The keys double as the allowed values: the loader rejects anything else.
CATEGORY_LABELS = {
    "Sex": {"F": "Female", "M": "Male"},
    "BP": {"HIGH": "High", "LOW": "Low", "NORMAL": "Normal"},
    "Cholesterol": {"HIGH": "High", "NORMAL": "Normal"},
}

INPUT_LABELS = {
    "Age": "Age",
    "Sex": "Sex",
    "BP": "Blood pressure",
    "Cholesterol": "Cholesterol",
    "Na_to_K": "Sodium-to-potassium ratio",
}
INPUT_DESCRIPTIONS = {
    "Age": "Age of the patient in whole years.",
    "Sex": "Sex of the patient.",
    "BP": "Blood pressure level.",
    "Cholesterol": "Cholesterol level.",
    "Na_to_K": "Ratio of sodium to potassium in the blood.",
}
INPUT_UNITS = {"Age": "years", "Na_to_K": "ratio"}
INPUT_STEPS = {"Age": 1, "Na_to_K": 0.001}
# The first worked example of the tutorial this data set comes with (expected: DrugY).
INPUT_EXAMPLE = {"Age": 60, "Sex": "F", "BP": "LOW", "Cholesterol": "HIGH", "Na_to_K": 20}

INTENDED_USE = (
    "Demonstration of in-browser inference: shows how a scikit-learn model exported to ONNX "
    "runs client-side with onnxruntime-web. Not for prescribing or any clinical decision."
)
LIMITATIONS = (
    "Demonstration model on a 200-row public data set; not medical advice.",
    "Trained on 200 rows of unknown origin: the classes are small (16 to 91 rows each) and the "
    "cross-validated accuracy has a wide spread.",
    "No clinical validation of any kind; the data set's provenance and labelling are undocumented.",
    "Inputs outside the ranges seen in training (the min and max of each number) are "
    "extrapolation: the tree answers, but nothing supports the answer.",
)

SEED = 42
CV_FOLDS = 10
MIN_CV_ACCURACY = 0.98

# Pinned so a library upgrade cannot silently raise the opset the browser runtime must support.
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}
GOLDEN_TOLERANCE = 1e-6

# Rows outside the training ranges, to pin down what the exported model does there too.
OUT_OF_RANGE_AGES = (0, 5, 100, 120)
OUT_OF_RANGE_NA_TO_K = (0, 1, 60, 100)
