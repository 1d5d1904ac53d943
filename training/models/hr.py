"""HR attrition: the probability that an employee leaves, from satisfaction, evaluation,
workload, tenure, accidents, promotion, department and salary band. LightGBM on the simulated
Kaggle "Human Resources Analytics" data set."""

import lightgbm

import formcast
from training import config
from training.spec import (
    ClassOutputSpec,
    DataSpec,
    InputSpec,
    MetricSpec,
    ModelSpec,
)

ID = "hr"
# Bump when a retrain changes predictions; the browser caches models by this.
VERSION = "1.0.0"

NO_YES = {"0": "No", "1": "Yes"}
SCORE_FORMAT = {"style": "decimal", "maximumFractionDigits": 2}

# The CSV's column order (without the target `left`); the names stay the data set's own.
# The example is the file's first row (an employee who left).
INPUTS = (
    InputSpec(
        name="satisfaction_level",
        label="Satisfaction (0–1)",
        description="How satisfied the employee said they were, from 0 (not at all) to 1 (fully).",
        example=0.38,
        step=0.01,
        format=SCORE_FORMAT,
    ),
    InputSpec(
        name="last_evaluation",
        label="Last evaluation (0–1)",
        description="Score of the employee's last performance evaluation, from 0 to 1 (best).",
        example=0.53,
        step=0.01,
        format=SCORE_FORMAT,
    ),
    InputSpec(
        name="number_project",
        label="Projects",
        description="Number of projects the employee worked on.",
        example=2,
        step=1,
        unit="projects",
        integer=True,
    ),
    InputSpec(
        name="average_montly_hours",
        label="Average monthly hours",
        description="Hours worked in an average month.",
        example=157,
        step=1,
        unit="hours/month",
        integer=True,
    ),
    InputSpec(
        name="time_spend_company",
        label="Years at the company",
        description="Whole years the employee has been with the company.",
        example=3,
        step=1,
        unit="years",
        integer=True,
    ),
    InputSpec(
        name="Work_accident",
        label="Work accident",
        description="Whether the employee has had an accident at work.",
        example="0",
        categories=NO_YES,
    ),
    InputSpec(
        name="promotion_last_5years",
        label="Promoted in the last 5 years",
        description="Whether the employee was promoted in the last five years.",
        example="0",
        categories=NO_YES,
    ),
    InputSpec(
        name="sales",
        label="Department",
        description="The employee's department (the data set calls this column `sales`).",
        example="sales",
        categories={
            "accounting": "Accounting",
            "hr": "HR",
            "IT": "IT",
            "management": "Management",
            "marketing": "Marketing",
            "product_mng": "Product management",
            "RandD": "R&D",
            "sales": "Sales",
            "support": "Support",
            "technical": "Technical",
        },
    ),
    InputSpec(
        name="salary",
        label="Salary band",
        description="The employee's salary band, relative to the company's.",
        example="low",
        categories={"low": "Low", "medium": "Medium", "high": "High"},
    ),
)

MIN_CV_ROC_AUC = 0.98
# Largest |probability difference| allowed between onnxruntime and LightGBM: the ONNX ensemble
# adds float32 leaf values where LightGBM adds float64 ones.
GOLDEN_TOLERANCE = 1e-6
GOLDEN_TRAINING_ROWS = 250

# ROC AUC and accuracy of the same cross-validation after dropping exact duplicate rows,
# checked by tests/test_train.py (see the limitation below).
DEDUPLICATED_ROC_AUC = 0.986


def build_estimator() -> lightgbm.LGBMClassifier:
    # Small (≈100 KB of ONNX) and byte-reproducible: one thread, deterministic, row-wise.
    return lightgbm.LGBMClassifier(
        n_estimators=100,
        num_leaves=15,
        learning_rate=0.1,
        random_state=config.SEED,
        deterministic=True,
        force_row_wise=True,
        n_jobs=1,
        verbose=-1,
    )


# Outside the training ranges: satisfaction 0.09–1, evaluation 0.36–1, 2–7 projects,
# 96–310 hours, 2–10 years.
OUT_OF_RANGE = {
    "satisfaction_level": (0.0, 0.05, 1.2),
    "last_evaluation": (0.0, 0.2, 1.3),
    "number_project": (0, 1, 8, 12),
    "average_montly_hours": (0, 50, 320, 400),
    "time_spend_company": (0, 1, 11, 20),
}


SPEC = ModelSpec(
    id=ID,
    title="Employee attrition",
    description=(
        "Estimates the probability that an employee leaves the company, from satisfaction, last "
        "evaluation, workload, tenure, work accidents, promotion, department and salary band. "
        "A LightGBM model (100 trees) trained on the simulated Kaggle “Human Resources "
        "Analytics” data set of 14,999 employees."
    ),
    task="binary",
    version=VERSION,
    data=DataSpec(
        file=config.DATA_DIR / "HR_comma_sep.csv",
        sha256="746dd73cc2ed5d1bf4baaee1c11209a568ae608be1fcadb3f2a3a8ac0f7c3fba",
        source='Kaggle "Human Resources Analytics" (ludobenistant/hr-analytics), simulated data',
        licence="Not stated by the publisher; used for education and demonstration",
    ),
    target="left",
    inputs=INPUTS,
    build_estimator=build_estimator,
    metrics=(
        MetricSpec(
            "roc_auc",
            "ROC AUC",
            format={"style": "decimal", "maximumFractionDigits": 3},
            description="Chance that a random leaver gets a higher probability than a stayer.",
        ),
        MetricSpec(
            "accuracy",
            "Accuracy",
            format={"style": "percent", "maximumFractionDigits": 1},
            description="Share of employees on the right side of a 50% probability.",
        ),
    ),
    cross_validation=formcast.CrossValidation(
        folds=5, metrics=("roc_auc", "accuracy"), seed=config.SEED, minimum=MIN_CV_ROC_AUC
    ),
    # Golden rows: a stratified sample, then formcast's automatic edge rows (these numbers
    # outside the training ranges, every category on the first row, LightGBM threshold rows).
    golden=formcast.Golden(
        tolerance=GOLDEN_TOLERANCE, training_rows=GOLDEN_TRAINING_ROWS, out_of_range=OUT_OF_RANGE
    ),
    classes=ClassOutputSpec(
        classes=("0", "1"),
        class_labels={"0": "Stays", "1": "Leaves"},
        label_dtype="int64",
        headline="Probability of leaving",
    ),
    intended_use=(
        "Demonstration of in-browser inference for a binary classifier: a LightGBM model "
        "exported to ONNX, run client-side with onnxruntime-web. Not for decisions about real "
        "employees."
    ),
    limitations=(
        "The data set is simulated: the patterns are the ones its author built in, not those "
        "of any real company, and nothing here says why people leave.",
        "3,008 of the 14,999 rows are exact copies of another row, so shuffled "
        "cross-validation partly tests on rows it trained on; without the copies the same "
        f"cross-validation gives a ROC AUC of {DEDUPLICATED_ROC_AUC:.3f}.",
        "A probability from this model is no basis for any decision about a person: it would "
        "encode whatever the data's author assumed about departments, salaries and workload.",
        "Inputs outside the ranges seen in training (the min and max of each number) are "
        "extrapolation: the trees keep the answer of the nearest value they saw.",
    ),
)
