"""The test zoo: ordinary fitted pipelines a data scientist would ship, on small data the tests
generate themselves (scikit-learn's bundled data sets and seeded synthetic frames).

Together they cover every estimator family and preprocessing step formcast promises: linear and
logistic models, a decision tree, random and extra forests, gradient boosting and
HistGradientBoosting, SVMs, k-NN, an MLP, naive Bayes, LightGBM and XGBoost; scalers, one-hot
and ordinal encoders, imputers (numbers, and text with NaN), ColumnTransformer and passthrough;
binary, multiclass and regression; text and number labels; missing values; column names with
spaces, parentheses and accents; bare estimators on plain numeric frames.

`python python/tests/zoo.py OUT_DIR` exports every zoo model into OUT_DIR/models/<id>/ and builds
the site OUT_DIR/site with `formcast site` (the browser test serves it).
"""

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import lightgbm
import numpy as np
import pandas as pd
import xgboost
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine, make_moons
from sklearn.ensemble import (
    ExtraTreesClassifier,
    GradientBoostingClassifier,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, OrdinalEncoder, StandardScaler
from sklearn.svm import SVC, SVR
from sklearn.tree import DecisionTreeClassifier

SEED = 7


@dataclass
class Specimen:
    id: str
    title: str
    what: str
    build: Callable[[], tuple[object, pd.DataFrame, pd.Series]]
    card: dict = field(default_factory=dict)


def _rng() -> np.random.Generator:
    return np.random.default_rng(SEED)


def iris_logistic():
    data = load_iris(as_frame=True)
    X = data.data  # "sepal length (cm)", ...
    y = data.target.map(dict(enumerate(data.target_names)))
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).fit(X, y), X, y


def cancer_forest():
    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    model = RandomForestClassifier(n_estimators=15, max_depth=5, random_state=SEED)
    return model.fit(X, y), X, y


def wine_knn():
    X, y = load_wine(return_X_y=True, as_frame=True)
    X = X.iloc[:, :6]
    return make_pipeline(MinMaxScaler(), KNeighborsClassifier(7)).fit(X, y), X, y


def diabetes_ridge():
    X, y = load_diabetes(return_X_y=True, as_frame=True, scaled=False)
    y = y.rename("disease progression")
    return make_pipeline(MinMaxScaler(), Ridge(alpha=0.5)).fit(X, y), X, y


def passengers() -> tuple[pd.DataFrame, pd.Series]:
    rng = _rng()
    n = 300
    sex = rng.choice(["female", "male"], n)
    pclass = rng.choice([1, 2, 3], n, p=[0.25, 0.25, 0.5])
    embarked = rng.choice(["C", "Q", "S"], n, p=[0.2, 0.1, 0.7]).astype(object)
    embarked[rng.random(n) < 0.08] = np.nan
    age = np.round(rng.normal(30, 13, n).clip(1, 80))
    age[rng.random(n) < 0.15] = np.nan
    fare = np.round(rng.gamma(2, 15, n) * (4 - pclass), 2)
    score = (sex == "female") * 2.2 - pclass * 0.8 + rng.normal(0, 1, n)
    y = pd.Series(np.where(score > -0.5, "survived", "died"), name="outcome")
    X = pd.DataFrame({"sex": sex, "class": pclass, "embarked": embarked, "age": age, "fare": fare})
    return X, y


def titanic_gradient_boosting():
    X, y = passengers()
    features = ColumnTransformer(
        [
            (
                "text",
                make_pipeline(
                    SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")
                ),
                ["sex", "embarked"],
            ),
            ("class", OneHotEncoder(), ["class"]),
            ("numbers", SimpleImputer(strategy="median"), ["age", "fare"]),
        ]
    )
    model = Pipeline(
        [("features", features), ("boost", GradientBoostingClassifier(n_estimators=30))]
    )
    return model.fit(X, y), X, y


def flats() -> tuple[pd.DataFrame, pd.Series]:
    rng = _rng()
    n = 250
    district = rng.choice(["north", "south", "centre", "river side"], n)
    rooms = rng.integers(1, 6, n)
    area = np.round(rooms * 22 + rng.normal(0, 8, n), 1)
    floor = rng.integers(0, 12, n)
    base = {"north": 3000, "south": 2500, "centre": 4200, "river side": 3600}
    price = np.array([base[d] for d in district]) * area + floor * 900 + rng.normal(0, 9000, n)
    X = pd.DataFrame({"district": district, "rooms": rooms, "area (m²)": area, "floor": floor})
    return X, pd.Series(np.round(price, -2), name="price")


def flats_hist_gradient_boosting():
    X, y = flats()
    features = ColumnTransformer(
        [("district", OrdinalEncoder(), ["district"])], remainder="passthrough"
    )
    model = make_pipeline(features, HistGradientBoostingRegressor(max_iter=40, random_state=SEED))
    return model.fit(X, y), X, y


def flats_lightgbm():
    X, y = flats()
    features = ColumnTransformer(
        [("district", OrdinalEncoder(), ["district"]), ("rest", "passthrough", list(X.columns[1:]))]
    )
    booster = lightgbm.LGBMRegressor(
        n_estimators=40, num_leaves=8, random_state=SEED, n_jobs=1, verbose=-1
    )
    return make_pipeline(features, booster).fit(X, y), X, y


def engines_svr():
    rng = _rng()
    n = 200
    X = pd.DataFrame(
        {
            "Hubraum (l)": np.round(rng.uniform(1, 5, n), 2),
            "Zylinder": rng.choice([3, 4, 6, 8], n),
            "Gewicht (kg)": np.round(rng.uniform(900, 2400, n)),
        }
    )
    y = 4 + X["Hubraum (l)"] * 1.6 + X["Gewicht (kg)"] / 600 + rng.normal(0, 0.4, n)
    model = make_pipeline(StandardScaler(), SVR(C=5.0))
    return model.fit(X, y.rename("Verbrauch (l/100 km)")), X, y.rename("Verbrauch (l/100 km)")


def moons_svc():
    X, y = make_moons(n_samples=200, noise=0.25, random_state=SEED)
    X = pd.DataFrame(np.round(X, 3), columns=["x", "y"])
    model = make_pipeline(StandardScaler(), SVC(probability=True, random_state=SEED))
    return model.fit(X, y), X, pd.Series(y)


def sensors_mlp():
    rng = _rng()
    n = 240
    X = pd.DataFrame(rng.normal(0, 1, (n, 5)).round(3), columns=[f"sensor {i}" for i in range(5)])
    score = X["sensor 0"] + X["sensor 1"] * X["sensor 2"]
    y = pd.Series(np.select([score < -0.5, score < 0.7], ["low", "medium"], "high"))
    model = make_pipeline(StandardScaler(), MLPClassifier((16,), max_iter=800, random_state=SEED))
    return model.fit(X, y), X, y


def blobs_naive_bayes():
    rng = _rng()
    centres = np.array([[0, 0], [3, 3], [0, 4]])
    labels = rng.integers(0, 3, 210)
    X = pd.DataFrame((centres[labels] + rng.normal(0, 1, (210, 2))).round(2), columns=["a", "b"])
    return GaussianNB().fit(X, labels), X, pd.Series(labels)


def prescriptions() -> tuple[pd.DataFrame, pd.Series]:
    rng = _rng()
    n = 200
    X = pd.DataFrame(
        {
            "age": rng.integers(15, 75, n),
            "sex": rng.choice(["F", "M"], n),
            "blood pressure": rng.choice(["HIGH", "LOW", "NORMAL"], n),
            "ratio": np.round(rng.uniform(6, 38, n), 3),
        }
    )
    y = np.where(
        X["ratio"] > 15,
        "drug Y",
        np.where(
            X["blood pressure"] == "HIGH", np.where(X["age"] > 50, "drug B", "drug A"), "drug X"
        ),
    )
    return X, pd.Series(y, name="drug")


def prescriptions_tree():
    X, y = prescriptions()
    features = ColumnTransformer(
        [("categories", OneHotEncoder(), ["sex", "blood pressure"])], remainder="passthrough"
    )
    model = make_pipeline(features, DecisionTreeClassifier(max_depth=4, random_state=SEED))
    return model.fit(X, y), X, y


def prescriptions_extra_trees():
    X, y = prescriptions()
    features = ColumnTransformer(
        [
            ("sex", OneHotEncoder(drop="if_binary"), ["sex"]),
            ("pressure", OneHotEncoder(drop="first"), ["blood pressure"]),
            ("numbers", "passthrough", ["age", "ratio"]),
        ]
    )
    model = make_pipeline(features, ExtraTreesClassifier(n_estimators=15, random_state=SEED))
    return model.fit(X, y), X, y


def loans_xgboost():
    rng = _rng()
    n = 300
    X = pd.DataFrame(
        {
            "income": np.round(rng.lognormal(10.5, 0.5, n)),
            "debt ratio": np.round(rng.uniform(0, 1, n), 2),
            "purpose": rng.choice(["car", "home", "education", "other"], n),
            "years employed": rng.integers(0, 30, n),
        }
    )
    y = ((X["debt ratio"] > 0.6) | (X["income"] < 25000)).astype(int)
    y = y ^ (rng.random(n) < 0.05)
    features = ColumnTransformer(
        [("purpose", OneHotEncoder(), ["purpose"])], remainder="passthrough"
    )
    booster = xgboost.XGBClassifier(n_estimators=25, max_depth=3, n_jobs=1, random_state=SEED)
    return make_pipeline(features, booster).fit(X, y), X, y.rename("default")


def accents_linear():
    rng = _rng()
    n = 120
    X = pd.DataFrame(
        {
            "âge": rng.integers(18, 70, n),
            "Größe (m)": np.round(rng.normal(1.72, 0.08, n), 2),
            "niveau d'activité": rng.choice(["bas", "moyen", "élevé"], n),
        }
    )
    activity = X["niveau d'activité"].map({"bas": 0, "moyen": 1, "élevé": 2})
    y = 2000 + activity * 350 - X["âge"] * 4 + X["Größe (m)"] * 300 + rng.normal(0, 60, n)
    features = ColumnTransformer(
        [
            ("scaled", StandardScaler(), ["âge", "Größe (m)"]),
            ("activité", OneHotEncoder(), ["niveau d'activité"]),
        ]
    )
    model = make_pipeline(features, LinearRegression())
    return model.fit(X, y), X, y.rename("calories (kcal)")


def readings_hist_gradient_boosting():
    """Missing readings the model takes itself: no imputer, NaN in the training frame."""
    rng = _rng()
    n = 260
    X = pd.DataFrame(
        {
            "pressure": np.round(rng.normal(1013, 8, n), 1),
            "humidity (%)": np.round(rng.uniform(20, 100, n)),
            "wind": np.round(rng.gamma(2, 3, n), 1),
        }
    )
    rain = (X["humidity (%)"] > 70) & (X["pressure"] < 1015)
    X.loc[rng.random(n) < 0.15, "humidity (%)"] = np.nan
    X.loc[rng.random(n) < 0.1, "wind"] = np.nan
    y = pd.Series(np.where(rain, "rain", "dry"), name="weather")
    model = HistGradientBoostingClassifier(max_iter=30, random_state=SEED)
    return model.fit(X, y), X, y


def forest_regressor():
    X, y = load_diabetes(return_X_y=True, as_frame=True, scaled=False)
    X = X[["age", "bmi", "bp", "s5"]]
    model = RandomForestRegressor(n_estimators=15, max_depth=6, random_state=SEED)
    return model.fit(X, y), X, y


ZOO = [
    Specimen(
        "iris-logistic",
        "Iris species",
        "scaler + logistic regression; names with spaces and parentheses; text labels; 3 classes",
        iris_logistic,
    ),
    Specimen(
        "cancer-forest",
        "Breast cancer",
        "bare random forest on a 30-column frame; 0/1 labels",
        cancer_forest,
    ),
    Specimen("wine-knn", "Wine cultivar", "min-max scaler + k-NN; 3 number classes", wine_knn),
    Specimen(
        "diabetes-ridge",
        "Diabetes progression",
        "min-max scaler + ridge regression",
        diabetes_ridge,
    ),
    Specimen(
        "titanic-gb",
        "Passenger survival",
        "ColumnTransformer: text imputer on NaN + "
        "one-hot, one-hot of a number column, median imputer; gradient boosting",
        titanic_gradient_boosting,
        card={"inputs": {"class": {"categoryLabels": {"1": "First", "2": "Second", "3": "Third"}}}},
    ),
    Specimen(
        "flats-hgb",
        "Flat price (HistGradientBoosting)",
        "ordinal encoder + remainder passthrough; HistGradientBoosting regressor",
        flats_hist_gradient_boosting,
    ),
    Specimen(
        "flats-lightgbm",
        "Flat price (LightGBM)",
        "ordinal encoder + passthrough; LightGBM regressor",
        flats_lightgbm,
    ),
    Specimen("engines-svr", "Fuel use", "scaler + SVR; German column names", engines_svr),
    Specimen("moons-svc", "Two moons", "scaler + SVC with probabilities; binary", moons_svc),
    Specimen("sensors-mlp", "Sensor level", "scaler + MLP; text labels", sensors_mlp),
    Specimen("blobs-nb", "Blobs", "bare Gaussian naive Bayes", blobs_naive_bayes),
    Specimen(
        "prescriptions-tree",
        "Prescription (tree)",
        "one-hot + decision tree: tree.json",
        prescriptions_tree,
    ),
    Specimen(
        "prescriptions-extra",
        "Prescription (extra trees)",
        "one-hot with dropped categories + extra trees",
        prescriptions_extra_trees,
    ),
    Specimen("loans-xgboost", "Loan default", "one-hot + XGBoost classifier", loans_xgboost),
    Specimen(
        "accents-linear",
        "Calories",
        "scaler and one-hot on accented names + linear regression",
        accents_linear,
    ),
    Specimen(
        "diabetes-forest", "Diabetes (forest)", "bare random forest regressor", forest_regressor
    ),
    Specimen(
        "readings-hgb",
        "Rain",
        "bare HistGradientBoosting classifier taking NaN itself (missing values, no imputer)",
        readings_hist_gradient_boosting,
    ),
]


def export_zoo(out: Path, ids: list[str] | None = None) -> list[Path]:
    """Export the zoo (no cross-validation: the browser test is about parity) into out/<id>/."""
    import formcast

    directories = []
    for specimen in ZOO:
        if ids and specimen.id not in ids:
            continue
        model, X, _y = specimen.build()
        card = {"description": specimen.what, **specimen.card}
        formcast.export(
            model, X, id=specimen.id, out=out / specimen.id, title=specimen.title, card=card
        )
        directories.append(out / specimen.id)
    return directories


if __name__ == "__main__":
    import warnings

    import formcast

    warnings.simplefilter("ignore")  # the fits' convergence chatter; the exports raise, not warn
    root = Path(sys.argv[1])
    exported = export_zoo(root / "models")
    formcast.build_site(exported, root / "site")
    print(f"Wrote {root / 'site'} with {len(exported)} zoo models")
