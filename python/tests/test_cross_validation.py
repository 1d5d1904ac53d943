"""With y, the card's metrics are a real cross-validation of a clone: the figures match
scikit-learn's own on the same folds, and a regression gets the range the page shows."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict, cross_validate

from formcast import CrossValidation, export

from .zoo import engines_svr, moons_svc, prescriptions_tree


def test_a_multiclass_model_reports_accuracy_and_f1_per_fold(tmp_path):
    model, X, y = prescriptions_tree()
    result = export(model, X, y, id="tree", out=tmp_path / "tree")
    metrics = result.manifest["metrics"]
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    fresh = cross_validate(clone(model), X, y, cv=folds, scoring=["accuracy", "f1_macro"])
    primary = metrics["crossValidation"]
    assert (primary["metric"], primary["label"], primary["folds"]) == ("accuracy", "Accuracy", 5)
    assert primary["method"] == "StratifiedKFold"
    assert primary["scores"] == pytest.approx(fresh["test_accuracy"].tolist())
    assert primary["std"] == pytest.approx(np.std(fresh["test_accuracy"]))
    (f1,) = metrics["others"]
    assert f1["scores"] == pytest.approx(fresh["test_f1_macro"].tolist())
    assert metrics["classCounts"] == {
        str(k): int(v) for k, v in y.value_counts().sort_index().items()
    }
    assert "notMeasured" not in metrics


def test_a_binary_model_is_accepted_on_roc_auc(tmp_path):
    model, X, y = moons_svc()
    result = export(
        model, X, y, id="moons", out=tmp_path / "moons", cross_validation=CrossValidation(folds=3)
    )
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=42)
    fresh = cross_validate(clone(model), X, y, cv=folds, scoring=["roc_auc", "accuracy"])
    primary = result.manifest["metrics"]["crossValidation"]
    assert primary["metric"] == "roc_auc"
    assert primary["scores"] == pytest.approx(fresh["test_roc_auc"].tolist())


def test_a_regression_gets_its_metrics_and_an_out_of_fold_range(tmp_path):
    model, X, y = engines_svr()
    result = export(model, X, y, id="fuel", out=tmp_path / "fuel", value={"unit": "l/100 km"})
    manifest = result.manifest
    folds = KFold(n_splits=5, shuffle=True, random_state=42)
    predicted = cross_val_predict(clone(model), X, y, cv=folds)
    truth = y.to_numpy()
    per_fold = [test for _, test in folds.split(X)]
    rmse = [np.sqrt(np.mean((truth[t] - predicted[t]) ** 2)) for t in per_fold]
    assert manifest["metrics"]["crossValidation"]["scores"] == pytest.approx(rmse)
    assert [m["metric"] for m in manifest["metrics"]["others"]] == ["mae", "r2"]
    assert manifest["metrics"]["target"]["median"] == pytest.approx(np.median(truth))
    interval = manifest["outputs"]["interval"]
    lower, upper = np.quantile(truth - predicted, [0.1, 0.9])
    assert interval["kind"] == "offset"
    assert (interval["lower"], interval["upper"]) == pytest.approx((lower, upper))
    inside = (truth >= predicted + lower) & (truth <= predicted + upper)
    assert interval["coverage"] == pytest.approx(inside.mean())
    assert "actual − predicted value" in interval["method"]
    assert manifest["outputs"]["label"] == "Verbrauch (l/100 km)"
    assert manifest["outputs"]["unit"] == "l/100 km"


def test_cross_validation_can_be_skipped_even_with_y(tmp_path):
    model, X, y = engines_svr()
    result = export(model, X, y, id="fuel", out=tmp_path / "fuel", cross_validation=False)
    assert "notMeasured" in result.manifest["metrics"]
    assert result.cross_validation is None
