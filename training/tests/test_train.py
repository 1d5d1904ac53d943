import numpy as np
import pytest
from sklearn.model_selection import StratifiedKFold, cross_val_score

from training import config
from training.dataset import load_dataset, split_features_target
from training.evaluate import sklearn_predict
from training.train import TrainingError, build_pipeline, snap_thresholds_to_float32, train


def test_cross_validated_accuracy_is_at_least_the_bar(exported):
    assert exported.trained.cross_validation.mean >= config.MIN_CV_ACCURACY


def test_reported_cross_validation_matches_a_fresh_one(exported):
    features, target = split_features_target(load_dataset(config.DATA_CSV))
    folds = StratifiedKFold(n_splits=10, shuffle=True, random_state=42)
    scores = cross_val_score(build_pipeline(), features, target, cv=folds, scoring="accuracy")
    reported = exported.result.manifest["metrics"]["crossValidation"]
    assert reported["scores"] == pytest.approx(scores.tolist())
    assert reported["mean"] == pytest.approx(scores.mean())
    assert reported["std"] == pytest.approx(scores.std())
    assert (reported["folds"], reported["shuffle"], reported["seed"]) == (10, True, 42)


def test_refuses_a_model_below_the_bar():
    with pytest.raises(TrainingError, match=r"below the required 1\.01; refusing"):
        train(config.DATA_CSV, min_accuracy=1.01)


def test_thresholds_are_float32_values(exported):
    tree = exported.trained.classifier.tree_
    splits = tree.threshold[tree.children_left != -1]
    assert np.array_equal(splits.astype(np.float32).astype(np.float64), splits)


def test_snapping_thresholds_changes_no_prediction():
    """Inputs on and one float32 ulp around every original threshold, before and after."""
    features, target = split_features_target(load_dataset(config.DATA_CSV))
    original = build_pipeline().fit(features, target)
    snapped = build_pipeline().fit(features, target)
    tree = original.named_steps["classifier"].tree_
    moved = snap_thresholds_to_float32(snapped.named_steps["classifier"])

    probes = []
    for node in np.flatnonzero(tree.children_left != -1):
        name = original[:-1].get_feature_names_out()[tree.feature[node]]
        if name not in config.NUMERIC_COLUMNS:
            continue
        centre = np.float32(tree.threshold[node])
        for steps in range(-3, 4):
            value = centre
            for _ in range(abs(steps)):
                value = np.nextafter(value, np.float32(np.sign(steps) * np.inf))
            for row in features.to_dict(orient="records"):
                probes.append({**row, name: float(value)})

    before_labels, before_probabilities = sklearn_predict(original, probes)
    after_labels, after_probabilities = sklearn_predict(snapped, probes)
    assert moved >= 1  # the root's Na_to_K threshold rounds *up* to float32: the trap is real
    assert np.array_equal(before_labels, after_labels)
    assert np.array_equal(before_probabilities, after_probabilities)
