import dataclasses

import numpy as np
import pytest
from sklearn.model_selection import (
    KFold,
    StratifiedKFold,
    cross_val_predict,
    cross_val_score,
    cross_validate,
)

import formcast
from formcast.exporting.parity import model_answers
from training import config, models
from training.build import build
from training.dataset import load_dataset, split_features_target
from training.models import drug, house, hr
from training.pipelines import build_pipeline, snap_thresholds_to_float32


def formcast_inputs(pipeline, features):
    """The inputs formcast infers for this pipeline and frame (no card)."""
    from formcast.exporting.inputs import infer_inputs
    from formcast.exporting.pipeline_steps import column_roles

    return infer_inputs(features, column_roles(pipeline, list(features.columns)), {})


def _data(spec):
    return split_features_target(spec, load_dataset(spec))


def test_every_model_meets_its_bar(exported_models):
    for model_id, exported in exported_models.items():
        bar = exported.trained.spec.cross_validation
        cv = exported.result.cross_validation
        assert bar.minimum is None or cv.primary.mean >= bar.minimum, model_id
        assert bar.maximum is None or cv.primary.mean <= bar.maximum, model_id


def test_reported_drug_cross_validation_matches_a_fresh_one(exported):
    features, target = _data(drug.SPEC)
    folds = StratifiedKFold(n_splits=10, shuffle=True, random_state=42)
    scores = cross_val_score(
        build_pipeline(drug.SPEC), features, target, cv=folds, scoring="accuracy"
    )
    reported = exported.result.manifest["metrics"]["crossValidation"]
    assert reported["scores"] == pytest.approx(scores.tolist())
    assert reported["mean"] == pytest.approx(scores.mean())
    assert reported["std"] == pytest.approx(scores.std())
    assert (reported["folds"], reported["shuffle"], reported["seed"]) == (10, True, 42)
    assert reported["label"] == "Accuracy"


def test_reported_hr_cross_validation_matches_scikit_learns(hr):
    features, target = _data(hr.trained.spec)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    fresh = cross_validate(
        build_pipeline(hr.trained.spec),
        features,
        target,
        cv=folds,
        scoring=["roc_auc", "accuracy"],
    )
    metrics = hr.result.manifest["metrics"]
    assert metrics["crossValidation"]["metric"] == "roc_auc"
    assert metrics["crossValidation"]["label"] == "ROC AUC"
    assert metrics["crossValidation"]["scores"] == pytest.approx(fresh["test_roc_auc"].tolist())
    (accuracy,) = metrics["others"]
    assert accuracy["metric"] == "accuracy"
    assert accuracy["scores"] == pytest.approx(fresh["test_accuracy"].tolist())
    assert metrics["classCounts"] == {"0": 11428, "1": 3571}


def test_hr_limitation_quotes_the_deduplicated_cross_validation():
    frame = load_dataset(hr.SPEC).drop_duplicates()
    features, target = split_features_target(hr.SPEC, frame)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    scores = cross_val_score(build_pipeline(hr.SPEC), features, target, cv=folds, scoring="roc_auc")
    assert len(frame) == 14999 - 3008
    assert round(scores.mean(), 3) == hr.DEDUPLICATED_ROC_AUC


def _house_out_of_fold():
    features, target = _data(house.SPEC)
    folds = KFold(n_splits=5, shuffle=True, random_state=42)
    predicted = cross_val_predict(build_pipeline(house.SPEC), features, target, cv=folds)
    return target.to_numpy(dtype=np.float64), predicted, folds, features


def test_reported_house_metrics_and_range_match_a_fresh_cross_validation(house):
    truth, predicted, folds, features = _house_out_of_fold()
    per_fold = [test for _, test in folds.split(features)]
    rmse = [np.sqrt(np.mean((np.log(truth[t]) - np.log(predicted[t])) ** 2)) for t in per_fold]
    median_error = [np.median(np.abs(truth[t] - predicted[t])) for t in per_fold]
    metrics = house.result.manifest["metrics"]
    assert metrics["crossValidation"]["metric"] == "rmse_log"
    assert metrics["crossValidation"]["label"] == "RMSE of log price"
    assert metrics["crossValidation"]["scores"] == pytest.approx(rmse)
    assert metrics["crossValidation"]["method"] == "KFold"
    (others,) = metrics["others"]
    assert others["scores"] == pytest.approx(median_error)
    assert others["format"] == {"style": "currency", "currency": "USD", "maximumFractionDigits": 0}
    assert metrics["target"] == {"min": 34900.0, "median": 163000.0, "max": 755000.0}

    interval = house.result.manifest["outputs"]["interval"]
    lower, upper = np.quantile(truth / predicted, [0.1, 0.9])
    assert (interval["lower"], interval["upper"]) == pytest.approx((lower, upper))
    inside = (truth >= predicted * lower) & (truth <= predicted * upper)
    assert interval["coverage"] == pytest.approx(inside.mean())


def test_the_house_range_is_sane(house):
    interval = house.result.cross_validation.interval
    assert interval.kind == "ratio"
    assert 0.5 < interval.lower < 1 < interval.upper < 2
    assert interval.coverage == pytest.approx(0.8, abs=0.01)
    assert interval.nominal == 0.8


@pytest.mark.parametrize(
    ("spec", "bar", "message"),
    [
        (drug.SPEC, {"minimum": 1.01}, r"below the required 1\.01; refusing"),
        (hr.SPEC, {"minimum": 0.999}, r"hr: cross-validated ROC AUC 0\.99\d+ ± .* below"),
        (house.SPEC, {"maximum": 0.1}, r"RMSE of log price 0\.1\d+ ± .* above the allowed 0\.1;"),
    ],
    ids=models.IDS,
)
def test_refuses_a_model_that_misses_its_bar(spec, bar, message, tmp_path):
    stricter = dataclasses.replace(spec.cross_validation, **bar)
    with pytest.raises(formcast.QualityError, match=message):
        build(spec, tmp_path / spec.id, cross_validation=stricter)
    assert not (tmp_path / spec.id).exists()


def test_the_spec_bars_are_the_documented_ones():
    assert drug.SPEC.cross_validation.minimum == 0.98
    assert hr.SPEC.cross_validation.minimum == 0.98
    assert house.SPEC.cross_validation.maximum == 0.16


def test_imputed_medians_are_float32_values(house):
    imputer = house.trained.pipeline.named_steps["features"].named_transformers_["optional_number"]
    statistics = imputer.statistics_
    assert np.array_equal(statistics.astype(np.float32).astype(np.float64), statistics)


def test_lightgbm_models_are_small_and_deterministic_by_construction():
    for spec in (hr.SPEC, house.SPEC):
        estimator = spec.build_estimator()
        params = estimator.get_params()
        assert params.get("deterministic") or params.get("regressor__deterministic"), spec.id
        assert config.SEED in params.values()


def test_thresholds_are_float32_values(exported):
    tree = exported.trained.estimator.tree_
    splits = tree.threshold[tree.children_left != -1]
    assert np.array_equal(splits.astype(np.float32).astype(np.float64), splits)


def test_snapping_thresholds_changes_no_prediction():
    """Inputs on and one float32 ulp around every original threshold, before and after."""
    spec = drug.SPEC
    features, target = _data(spec)
    original = build_pipeline(spec).fit(features, target)
    snapped = build_pipeline(spec).fit(features, target)
    tree = original.named_steps["classifier"].tree_
    moved = snap_thresholds_to_float32(snapped.named_steps["classifier"])
    numbers = {s.name for s in spec.number_inputs}

    probes = []
    for node in np.flatnonzero(tree.children_left != -1):
        name = original[:-1].get_feature_names_out()[tree.feature[node]]
        if name not in numbers:
            continue
        centre = np.float32(tree.threshold[node])
        for steps in range(-3, 4):
            value = centre
            for _ in range(abs(steps)):
                value = np.nextafter(value, np.float32(np.sign(steps) * np.inf))
            for row in features.to_dict(orient="records"):
                probes.append({**row, name: float(value)})

    inputs = formcast_inputs(original, features)
    before_labels, before_probabilities = model_answers(original, inputs, probes, True)
    after_labels, after_probabilities = model_answers(snapped, inputs, probes, True)
    assert moved >= 1  # the root's Na_to_K threshold rounds *up* to float32: the trap is real
    assert np.array_equal(before_labels, after_labels)
    assert np.array_equal(before_probabilities, after_probabilities)
