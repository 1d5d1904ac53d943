"""House prices: the sale price of a house in Ames, Iowa, from 14 features a homeowner can fill
in. LightGBM on log(price), with the exponential back to dollars inside the ONNX graph.

The 14 inputs were chosen by measured importance (permutation importance of all 79 features,
training/importance.py) among the features a homeowner knows; PICKED and SKIPPED give the
reasons, and `python -m training rank-house` writes them with the ranking to house.md.
"""

import lightgbm
import numpy as np
from sklearn.compose import TransformedTargetRegressor

import formcast
from training import config
from training.spec import (
    DataSpec,
    InputSpec,
    MetricSpec,
    ModelSpec,
    RegressionOutputSpec,
)

ID = "house"
# Bump when a retrain changes predictions; the browser caches models by this.
VERSION = "1.0.0"

DATA_FILE = config.DATA_DIR / "house_prices_train.csv"
DESCRIPTION_FILE = config.DATA_DIR / "house_prices_data_description.txt"
RANKING_FILE = config.REPO_ROOT / "training" / "models" / "house.md"

SQUARE_FEET = "sq ft"
WHOLE = {"style": "decimal", "maximumFractionDigits": 0}
QUALITY_SCALE = (
    "1 very poor, 2 poor, 3 fair, 4 below average, 5 average, 6 above average, 7 good, "
    "8 very good, 9 excellent, 10 very excellent"
)

# Form order: where, how good, how big, then the details. Optional fields start empty.
INPUTS = (
    InputSpec(
        name="Neighborhood",
        label="Neighborhood",
        description="Where in Ames, Iowa, the house is: the data set's 25 neighborhoods.",
        example="NAmes",
        categories={
            "Blmngtn": "Bloomington Heights",
            "Blueste": "Bluestem",
            "BrDale": "Briardale",
            "BrkSide": "Brookside",
            "ClearCr": "Clear Creek",
            "CollgCr": "College Creek",
            "Crawfor": "Crawford",
            "Edwards": "Edwards",
            "Gilbert": "Gilbert",
            "IDOTRR": "Iowa DOT and Rail Road",
            "MeadowV": "Meadow Village",
            "Mitchel": "Mitchell",
            "NAmes": "North Ames",
            "NoRidge": "Northridge",
            "NPkVill": "Northpark Villa",
            "NridgHt": "Northridge Heights",
            "NWAmes": "Northwest Ames",
            "OldTown": "Old Town",
            "SWISU": "South & West of Iowa State University",
            "Sawyer": "Sawyer",
            "SawyerW": "Sawyer West",
            "Somerst": "Somerset",
            "StoneBr": "Stone Brook",
            "Timber": "Timberland",
            "Veenker": "Veenker",
        },
    ),
    InputSpec(
        name="OverallQual",
        label="Overall quality (1–10)",
        description=f"Overall material and finish of the house: {QUALITY_SCALE}.",
        example=6,
        step=1,
        integer=True,
    ),
    InputSpec(
        name="OverallCond",
        label="Overall condition (1–10)",
        description=f"Overall condition of the house, on the same scale: {QUALITY_SCALE}.",
        example=None,
        step=1,
        integer=True,
        optional=True,
    ),
    InputSpec(
        name="GrLivArea",
        label="Living area",
        description="Finished living area above ground, in square feet (the basement is not "
        "included).",
        example=1500,
        step=1,
        unit=SQUARE_FEET,
        format=WHOLE,
        integer=True,
    ),
    InputSpec(
        name="YearBuilt",
        label="Year built",
        description="Year the house was originally built.",
        example=1975,
        step=1,
        integer=True,
    ),
    InputSpec(
        name="YearRemodAdd",
        label="Year remodelled",
        description="Year of the last remodel or addition; the year built if there was none "
        "(the data records remodels before 1950 as 1950).",
        example=1975,
        step=1,
        integer=True,
    ),
    InputSpec(
        name="LotArea",
        label="Lot size",
        description="Area of the lot, in square feet.",
        example=None,
        step=1,
        unit=SQUARE_FEET,
        format=WHOLE,
        integer=True,
        optional=True,
    ),
    InputSpec(
        name="TotalBsmtSF",
        label="Basement area",
        description="Total basement area, in square feet; 0 if there is no basement.",
        example=None,
        step=1,
        unit=SQUARE_FEET,
        format=WHOLE,
        integer=True,
        optional=True,
    ),
    InputSpec(
        name="BsmtFinSF1",
        label="Finished basement area",
        description="Area of the basement's main finished part, in square feet; 0 if the "
        "basement is unfinished or there is none.",
        example=None,
        step=1,
        unit=SQUARE_FEET,
        format=WHOLE,
        integer=True,
        optional=True,
    ),
    InputSpec(
        name="GarageCars",
        label="Garage size",
        description="How many cars fit in the garage; 0 if there is no garage.",
        example=2,
        step=1,
        unit="cars",
        integer=True,
    ),
    InputSpec(
        name="GarageFinish",
        label="Garage interior",
        description="Interior finish of the garage.",
        example="Unf",
        categories={
            "Fin": "Finished",
            "RFn": "Rough finished",
            "Unf": "Unfinished",
            "None": "No garage",
        },
        na_means="None",
    ),
    InputSpec(
        name="KitchenQual",
        label="Kitchen quality",
        description="Quality of the kitchen.",
        example=None,
        categories={"Ex": "Excellent", "Gd": "Good", "TA": "Typical/average", "Fa": "Fair"},
        optional=True,
    ),
    InputSpec(
        name="FireplaceQu",
        label="Fireplace",
        description="The best fireplace in the house, by the data set's quality scale.",
        example="TA",
        categories={
            "Ex": "Excellent: exceptional masonry fireplace",
            "Gd": "Good: masonry fireplace on the main level",
            "TA": "Average: prefabricated fireplace in the main living area, or masonry "
            "fireplace in the basement",
            "Fa": "Fair: prefabricated fireplace in the basement",
            "Po": "Poor: Ben Franklin stove",
            "None": "No fireplace",
        },
        na_means="None",
    ),
    InputSpec(
        name="CentralAir",
        label="Central air conditioning",
        description="Whether the house has central air conditioning.",
        example="Y",
        categories={"Y": "Yes", "N": "No"},
    ),
)

# Why each input is in, and why each feature ranked above the lowest pick is not (house.md).
PICKED = {
    "GrLivArea": "The size of the house: every owner knows it.",
    "OverallQual": "The strongest single feature; owners can place their house on the scale.",
    "Neighborhood": "Location; everyone knows theirs.",
    "TotalBsmtSF": "Basement size; optional, as not every owner knows it.",
    "OverallCond": "Condition apart from quality; optional (empty means average, 5).",
    "BsmtFinSF1": "Finished basement space adds living space the above-ground area misses; "
    "optional.",
    "LotArea": "Lot size; optional, as owners may not know it.",
    "GarageCars": "Garage size in cars is what owners know (rather than its square feet).",
    "YearBuilt": "Age of the house.",
    "YearRemodAdd": "A remodel makes an old house sell like a newer one.",
    "KitchenQual": "Owners can judge it; optional.",
    "CentralAir": "Yes or no: easy to answer.",
    "FireplaceQu": "Whether there is a fireplace and of what kind: its `NA` (no fireplace) is "
    "an answer of its own.",
    "GarageFinish": "Whether the garage is finished; its `NA` means no garage.",
}
SKIPPED = {
    "1stFlrSF": "Part of the living area (GrLivArea = first + second floor + low-quality "
    "finished area): asking for both would repeat it.",
    "2ndFlrSF": "Part of the living area, as 1stFlrSF.",
    "BsmtFinType1": "An assessor's rating code for the basement's finished part; finished "
    "basement area (BsmtFinSF1) carries most of it in terms an owner knows.",
    "SaleCondition": "About the sale (normal, foreclosure, new home...), not the house.",
    "ScreenPorch": "Only 116 of the 1,460 houses have a screen porch; its importance is that "
    "of a few houses.",
    "GarageYrBlt": "Mostly the year the house was built; empty when there is no garage.",
    "GarageArea": "The same information as garage size in cars.",
    "Fireplaces": "Whether there is a fireplace is part of the fireplace input (FireplaceQu).",
    "BedroomAbvGr": "Expected on a house form, but it adds nothing once living area is known.",
    "FullBath": "As bedrooms: nothing measurable once living area and quality are known.",
}

RANKING_HEADER = """\
# House price model: which inputs, and why

Written by `bash scripts/python.sh -m training rank-house` (`training/importance.py`) from the
reasons in `training/models/house.py`; do not edit by hand.

**How it was measured.** All 79 features of `data/house_prices_train.csv` (every column but `Id`
and `SalePrice`) go into a LightGBM model of log(SalePrice): 300 trees of 8 leaves, categories
as LightGBM categories, `NA` as a category of its own ("None": in this data it mostly means no
garage, no fireplace, no pool). In each fold of a shuffled 5-fold cross-validation (seed 42),
each column of the held-out fold is shuffled 5 times; **importance** is how much the RMSE of log
price grows, mean ± std over the 5 folds. **Gain share** is LightGBM's own split gain as a share
of all gain, summed over the folds: a second opinion. Features that carry the same information
share it (garage cars and garage area), so a rank also depends on which other features are in.

**How the inputs were chosen.** The top-ranked features a homeowner can fill in, skipping those
that repeat another pick or describe the sale rather than the house; every skipped feature
ranked above the lowest pick has its reason below. Below rank 13 or so the figures lie within
each other's spread: the order there is as much noise as signal.
"""

MAX_CV_RMSE_LOG = 0.16
# Largest relative difference allowed between onnxruntime's dollar price and scikit-learn's:
# the log price is a float32 sum of 200 trees in ONNX, a float64 one in LightGBM.
GOLDEN_TOLERANCE = 1e-5
GOLDEN_TRAINING_ROWS = 250


def lightgbm_regressor(n_estimators: int) -> lightgbm.LGBMRegressor:
    """The house model's booster (also the one training/importance.py ranks columns with)."""
    return lightgbm.LGBMRegressor(
        n_estimators=n_estimators,
        learning_rate=0.05,
        num_leaves=8,
        min_child_samples=10,
        random_state=config.SEED,
        deterministic=True,
        force_row_wise=True,
        n_jobs=1,
        verbose=-1,
    )


def ranking_model() -> lightgbm.LGBMRegressor:
    """The model `rank-house` ranks all 79 columns with: more trees than the shipped model,
    since every column competes for its splits."""
    return lightgbm_regressor(300)


def build_estimator() -> TransformedTargetRegressor:
    # Fitted on log(price) (errors in proportion to the price), exp back to dollars in ONNX.
    return TransformedTargetRegressor(
        regressor=lightgbm_regressor(200), func=np.log, inverse_func=np.exp
    )


OUT_OF_RANGE = {
    "OverallQual": (0, 11),
    "OverallCond": (0, 11),
    "GrLivArea": (200, 8000),
    "YearBuilt": (1800, 2030),
    "YearRemodAdd": (1900, 2030),
    "LotArea": (500, 300000),
    "TotalBsmtSF": (8000,),
    "BsmtFinSF1": (8000,),
    "GarageCars": (5, 8),
}


SPEC = ModelSpec(
    id=ID,
    title="House price",
    description=(
        "Estimates the sale price of a house in Ames, Iowa, from 14 features a homeowner can "
        "fill in, with a range that held 80% of the houses in cross-validation. A LightGBM model "
        "(200 trees on the log of the price) trained on the 1,460 sales (2006–2010) of the "
        "Kaggle House Prices competition. The inputs are the features that measured most (by "
        "permutation importance among all 79) and that an owner knows; training/models/house.md "
        "has the ranking."
    ),
    task="regression",
    version=VERSION,
    data=DataSpec(
        file=DATA_FILE,
        sha256="5a38b543ea57c2db4e700233b7fa3539e41e99d4cad94a405645e0369db16ccb",
        source='Kaggle competition "House Prices: Advanced Regression Techniques" (the Ames '
        "Housing data set compiled by Dean De Cock, Journal of Statistics Education, 2011)",
        licence="For education and research, as published by the competition",
        other_columns=True,
    ),
    target="SalePrice",
    inputs=INPUTS,
    build_estimator=build_estimator,
    metrics=(
        MetricSpec(
            "rmse_log",
            "RMSE of log price",
            format={"style": "decimal", "maximumFractionDigits": 3},
            description="Root mean squared error of the natural log of the price: 0.13 means "
            "typical errors of about 13%.",
        ),
        MetricSpec(
            "median_absolute_error",
            "Median absolute error",
            format={"style": "currency", "currency": "USD", "maximumFractionDigits": 0},
            description="Half of the held-out predictions were closer to the sale price than this.",
        ),
    ),
    # The range is a ratio (the model is fitted on log price): [value × lower, value × upper]
    # held 80% of the out-of-fold predictions.
    cross_validation=formcast.CrossValidation(
        folds=5,
        metrics=("rmse_log", "median_absolute_error"),
        seed=config.SEED,
        maximum=MAX_CV_RMSE_LOG,
        interval=0.8,
        interval_kind="ratio",
    ),
    # Golden rows: a sample, then formcast's automatic edge rows (these numbers outside the
    # training ranges, every category and each optional field empty on the first rows,
    # LightGBM threshold rows).
    golden=formcast.Golden(
        tolerance=GOLDEN_TOLERANCE, training_rows=GOLDEN_TRAINING_ROWS, out_of_range=OUT_OF_RANGE
    ),
    regression=RegressionOutputSpec(
        label="Sale price",
        format={"style": "currency", "currency": "USD", "maximumFractionDigits": 0},
    ),
    intended_use=(
        "Demonstration of in-browser regression: a LightGBM model exported to ONNX, run "
        "client-side with onnxruntime-web, with optional fields the model fills in itself. "
        "Not an appraisal."
    ),
    limitations=(
        "Sales in one US city (Ames, Iowa) from 2006 to 2010, in the dollars of those years: "
        "the prices say nothing about other places or today's market.",
        "Uses 14 of the data set's 79 features, chosen by measured importance "
        "(training/models/house.md); the rest (porches, pools, bathrooms, roof...) are not "
        "asked for and so cannot move the price.",
        "An empty optional field is filled with the training data's median (or most frequent "
        "value), which can be far from the house's own.",
        "The range is the spread of cross-validation errors over all houses, the same ratio for "
        "every house; for unusual houses (very large, very old, rare neighborhoods) the "
        "real error can be larger.",
        "Inputs outside the ranges seen in training are extrapolation: the trees keep the "
        "answer of the nearest value they saw (a 10,000 sq ft house is priced like the largest "
        "one in the data).",
        "Combinations the data never has (a garage interior with 0 garage cars) still get an "
        "answer.",
    ),
)
