"""Drug prescription: which of five drugs, from a patient's age, sex, blood pressure, cholesterol
and sodium-to-potassium ratio. A single decision tree on the public drug200 data set."""

from sklearn.pipeline import Pipeline
from sklearn.tree import DecisionTreeClassifier

import formcast
from formcast.golden import GoldenContext, GoldenRow, tree_threshold_rows
from training import config
from training.pipelines import snap_thresholds_to_float32
from training.spec import (
    ClassOutputSpec,
    DataSpec,
    InputSpec,
    MetricSpec,
    ModelSpec,
)

ID = "drug"
# Bump when a retrain changes predictions; the browser caches models by this.
VERSION = "1.0.0"

# The first worked example of the tutorial this data set comes with (expected: DrugY).
EXAMPLE = {"Age": 60, "Sex": "F", "BP": "LOW", "Cholesterol": "HIGH", "Na_to_K": 20}

# The order of the model's inputs: the CSV's column order, the browser form's field order.
# The category keys double as the allowed values: the loader rejects anything else.
INPUTS = (
    InputSpec(
        name="Age",
        label="Age",
        description="Age of the patient in whole years.",
        example=EXAMPLE["Age"],
        step=1,
        unit="years",
        integer=True,
    ),
    InputSpec(
        name="Sex",
        label="Sex",
        description="Sex of the patient.",
        example=EXAMPLE["Sex"],
        categories={"F": "Female", "M": "Male"},
    ),
    InputSpec(
        name="BP",
        label="Blood pressure",
        description="Blood pressure level.",
        example=EXAMPLE["BP"],
        categories={"HIGH": "High", "LOW": "Low", "NORMAL": "Normal"},
    ),
    InputSpec(
        name="Cholesterol",
        label="Cholesterol",
        description="Cholesterol level.",
        example=EXAMPLE["Cholesterol"],
        categories={"HIGH": "High", "NORMAL": "Normal"},
    ),
    InputSpec(
        name="Na_to_K",
        label="Sodium-to-potassium ratio",
        description="Ratio of sodium to potassium in the blood.",
        example=EXAMPLE["Na_to_K"],
        step=0.001,
        unit="ratio",
    ),
)

CLASSES = ("DrugY", "drugA", "drugB", "drugC", "drugX")
CLASS_LABELS = {
    "DrugY": "Drug Y",
    "drugA": "Drug A",
    "drugB": "Drug B",
    "drugC": "Drug C",
    "drugX": "Drug X",
}

MIN_CV_ACCURACY = 0.98
GOLDEN_TOLERANCE = 1e-6

# Rows outside the training ranges, to pin down what the exported model does there too.
OUT_OF_RANGE_AGES = (0, 5, 100, 120)
OUT_OF_RANGE_NA_TO_K = (0, 1, 60, 100)


def build_estimator() -> DecisionTreeClassifier:
    return DecisionTreeClassifier(random_state=config.SEED)


def _snap(pipeline: Pipeline) -> int:
    return snap_thresholds_to_float32(pipeline.steps[-1][1])


def out_of_range_rows(context: GoldenContext) -> list[GoldenRow]:
    features = context.features
    age_lo, age_hi = int(features["Age"].min()), int(features["Age"].max())
    ratio_lo, ratio_hi = float(features["Na_to_K"].min()), float(features["Na_to_K"].max())
    ages, ratios = OUT_OF_RANGE_AGES, OUT_OF_RANGE_NA_TO_K

    def inputs(age: int, sex: str, bp: str, cholesterol: str, ratio: float) -> dict:
        return {
            "Age": age,
            "Sex": sex,
            "BP": bp,
            "Cholesterol": cholesterol,
            "Na_to_K": float(ratio),
        }

    cases = []
    # Base rows where the varied input matters: with high BP and a low ratio, age decides.
    for age in ages:
        note = f"Age {age} outside training range {age_lo} to {age_hi}"
        cases.append(GoldenRow("out-of-range", note, inputs(age, "F", "HIGH", "HIGH", 10.0)))
    for ratio in ratios:
        note = f"Na_to_K {ratio:g} outside training range {ratio_lo:g} to {ratio_hi:g}"
        cases.append(GoldenRow("out-of-range", note, inputs(47, "F", "HIGH", "HIGH", ratio)))
    for age in (min(ages), max(ages)):
        for ratio in (min(ratios), max(ratios)):
            for bp in SPEC.input("BP").categories or {}:
                note = f"Age {age} and Na_to_K {ratio:g} both outside training ranges, BP {bp}"
                cases.append(GoldenRow("out-of-range", note, inputs(age, "M", bp, "NORMAL", ratio)))
    return cases


def edge_rows(context: GoldenContext) -> list[GoldenRow]:
    """Every numeric split of the tree (on it and one float32 ulp either side, formcast's
    threshold rows), then rows outside the training ranges chosen where they matter."""
    return [*tree_threshold_rows(context), *out_of_range_rows(context)]


SPEC = ModelSpec(
    id=ID,
    title="Drug prescription",
    description=(
        "Suggests which of five drugs a patient was prescribed from age, sex, blood pressure, "
        "cholesterol and the blood's sodium-to-potassium ratio. A single decision tree trained "
        "on the public drug200 data set."
    ),
    task="classification",
    version=VERSION,
    data=DataSpec(
        file=config.DATA_DIR / "drug200.csv",
        # Raw data as recorded in data/README.md; the CSV is never edited.
        sha256="9517b83a24a3d7d62eb3920752d409ea187e4a1ff8ae94b4fd946a8e7f63f3b2",
        source='Kaggle "Drug Classification" (prathamtripathi/drug-classification)',
        licence="CC0-1.0",
    ),
    target="Drug",
    inputs=INPUTS,
    build_estimator=build_estimator,
    metrics=(
        MetricSpec("accuracy", "Accuracy", format={"style": "percent", "maximumFractionDigits": 1}),
    ),
    cross_validation=formcast.CrossValidation(
        folds=10, metrics=("accuracy",), seed=config.SEED, minimum=MIN_CV_ACCURACY
    ),
    golden=formcast.Golden(tolerance=GOLDEN_TOLERANCE, edge_rows=edge_rows),
    classes=ClassOutputSpec(classes=CLASSES, class_labels=CLASS_LABELS),
    intended_use=(
        "Demonstration of in-browser inference: shows how a scikit-learn model exported to ONNX "
        "runs client-side with onnxruntime-web. Not for prescribing or any clinical decision."
    ),
    limitations=(
        "Demonstration model on a 200-row public data set; not medical advice.",
        "Trained on 200 rows of unknown origin: the classes are small (16 to 91 rows each) and "
        "the cross-validated accuracy has a wide spread.",
        "No clinical validation of any kind; the data set's provenance and labelling are "
        "undocumented.",
        "Inputs outside the ranges seen in training (the min and max of each number) are "
        "extrapolation: the tree answers, but nothing supports the answer.",
    ),
    after_fit=_snap,
)
