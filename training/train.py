"""Fit a model's pipeline (features → estimator) and measure it with shuffled k-fold
cross-validation: stratified for classifiers; for regressors also the out-of-fold residuals
that give the prediction's range."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.tree import DecisionTreeClassifier

from training import config
from training.dataset import file_sha256, load_dataset, split_features_target
from training.features import build_feature_transformer
from training.spec import MetricSpec, ModelSpec


class TrainingError(RuntimeError):
    """The model is not good enough to ship."""


@dataclass(frozen=True)
class FoldPrediction:
    """One fold's held-out truth and the model's answers (probabilities: classifiers only)."""

    truth: pd.Series
    predicted: np.ndarray
    probabilities: np.ndarray | None
    classes: np.ndarray | None


def _accuracy(fold: FoldPrediction) -> float:
    return float(accuracy_score(fold.truth, fold.predicted))


def _roc_auc(fold: FoldPrediction) -> float:
    # The probability of the last class: for a 0/1 target, of 1.
    assert fold.probabilities is not None
    return float(roc_auc_score(fold.truth, fold.probabilities[:, -1]))


def _rmse_log(fold: FoldPrediction) -> float:
    residuals = np.log(fold.truth.to_numpy(dtype=np.float64)) - np.log(fold.predicted)
    return float(np.sqrt(np.mean(residuals**2)))


def _median_absolute_error(fold: FoldPrediction) -> float:
    return float(np.median(np.abs(fold.truth.to_numpy(dtype=np.float64) - fold.predicted)))


# Metric name (as in the manifest) → score of one fold.
METRICS: dict[str, Callable[[FoldPrediction], float]] = {
    "accuracy": _accuracy,
    "roc_auc": _roc_auc,
    "rmse_log": _rmse_log,
    "median_absolute_error": _median_absolute_error,
}


@dataclass(frozen=True)
class MetricScores:
    spec: MetricSpec
    scores: tuple[float, ...]

    @property
    def mean(self) -> float:
        return float(np.mean(self.scores))

    @property
    def std(self) -> float:
        # Population std (ddof=0), as scikit-learn's examples and the reference figures use.
        return float(np.std(self.scores))


@dataclass(frozen=True)
class CrossValidation:
    method: str
    folds: int
    seed: int
    shuffle: bool
    primary: MetricScores
    others: tuple[MetricScores, ...] = ()

    @property
    def scores(self) -> tuple[float, ...]:
        return self.primary.scores

    @property
    def mean(self) -> float:
        return self.primary.mean

    @property
    def std(self) -> float:
        return self.primary.std


@dataclass(frozen=True)
class Interval:
    """[prediction × lower, prediction × upper] held `coverage` of the out-of-fold truths."""

    lower: float
    upper: float
    nominal: float
    coverage: float


@dataclass(frozen=True)
class TrainedModel:
    spec: ModelSpec
    pipeline: Pipeline
    cross_validation: CrossValidation
    features: pd.DataFrame
    target: pd.Series
    data_file: Path
    data_sha256: str
    thresholds_snapped: int = 0
    interval: Interval | None = None

    @property
    def estimator(self):
        return self.pipeline.steps[-1][1]

    @property
    def classifier(self) -> DecisionTreeClassifier:
        return self.pipeline.named_steps["classifier"]


def estimator_step(spec: ModelSpec) -> str:
    return "classifier" if spec.is_classifier else "regressor"


def build_pipeline(spec: ModelSpec) -> Pipeline:
    return Pipeline(
        steps=[
            ("features", build_feature_transformer(spec)),
            (estimator_step(spec), spec.build_estimator()),
        ]
    )


def _folds(spec: ModelSpec):
    # Shuffled: a CSV's row order is rarely random, and unshuffled folds would measure that.
    splitter = StratifiedKFold if spec.is_classifier else KFold
    return splitter(n_splits=spec.cross_validation.folds, shuffle=True, random_state=config.SEED)


def cross_validate(
    spec: ModelSpec, features: pd.DataFrame, target: pd.Series
) -> tuple[CrossValidation, np.ndarray]:
    """Every metric of the spec on the same folds, and the out-of-fold predictions."""
    folds = _folds(spec)
    out_of_fold = np.zeros(len(target), dtype=np.float64)
    per_metric: dict[str, list[float]] = {}
    metrics = (spec.cross_validation.primary, *spec.cross_validation.others)
    template = build_pipeline(spec)
    for train_rows, test_rows in folds.split(features, target):
        model = clone(template).fit(features.iloc[train_rows], target.iloc[train_rows])
        held_out = features.iloc[test_rows]
        predicted = model.predict(held_out)
        fold = FoldPrediction(
            truth=target.iloc[test_rows],
            predicted=predicted,
            probabilities=model.predict_proba(held_out) if spec.is_classifier else None,
            classes=model.classes_ if spec.is_classifier else None,
        )
        if not spec.is_classifier:
            out_of_fold[test_rows] = predicted
        for metric in metrics:
            per_metric.setdefault(metric.name, []).append(METRICS[metric.name](fold))
    scores = {name: tuple(values) for name, values in per_metric.items()}
    cross_validation = CrossValidation(
        method=type(folds).__name__,
        folds=spec.cross_validation.folds,
        seed=config.SEED,
        shuffle=True,
        primary=MetricScores(metrics[0], scores[metrics[0].name]),
        others=tuple(MetricScores(m, scores[m.name]) for m in metrics[1:]),
    )
    return cross_validation, out_of_fold


def ratio_interval(target: pd.Series, out_of_fold: np.ndarray, coverage: float) -> Interval:
    """The truth/prediction ratios' central `coverage` range, from out-of-fold predictions.

    exp(log truth − log prediction) is the factor that would have turned each prediction into
    the true value; its (1 − coverage)/2 and (1 + coverage)/2 quantiles bound the central share.
    """
    ratios = target.to_numpy(dtype=np.float64) / out_of_fold
    lower, upper = np.quantile(ratios, [(1 - coverage) / 2, (1 + coverage) / 2])
    truth = target.to_numpy(dtype=np.float64)
    inside = (truth >= out_of_fold * lower) & (truth <= out_of_fold * upper)
    return Interval(
        lower=float(lower), upper=float(upper), nominal=coverage, coverage=float(inside.mean())
    )


def snap_thresholds_to_float32(classifier: DecisionTreeClassifier) -> int:
    """Replace each split threshold by the largest float32 not above it; return how many moved.

    scikit-learn casts inputs to float32 and compares `x32 <= threshold64`; ONNX (and so the
    browser) compares against float32 thresholds. Rounding a float64 threshold to the nearest
    float32 can round it *up*, and an input equal to that rounded value then goes left in ONNX
    but right in scikit-learn. With t32 = the largest float32 <= t64, `x32 <= t64` and
    `x32 <= t32` agree for every float32 x32 (no float32 lies in (t32, t64]), so this changes
    no scikit-learn prediction while making the thresholds exactly representable in ONNX. The
    manifest then reports the thresholds the browser really uses. skl2onnx 1.20 applies the
    same rule while converting; doing it here keeps parity independent of converter details.
    """
    tree = classifier.tree_
    thresholds = tree.threshold  # a view into the fitted tree: writes change the model
    is_split = tree.children_left != -1
    as_float32 = thresholds.astype(np.float32)
    rounded_up = as_float32.astype(np.float64) > thresholds
    as_float32[rounded_up] = np.nextafter(as_float32[rounded_up], np.float32(-np.inf))
    snapped = as_float32.astype(np.float64)
    moved = is_split & (snapped != thresholds)
    thresholds[is_split] = snapped[is_split]
    if not np.array_equal(tree.threshold[is_split], snapped[is_split]):
        raise TrainingError("could not write the float32 thresholds back into the fitted tree")
    return int(moved.sum())


def round_imputed_numbers_to_float32(pipeline: Pipeline) -> None:
    """Make each fitted median a float32 value: the ONNX Imputer and the browser's float32
    tensor hold it as one, so scikit-learn must impute exactly that number too."""
    features = pipeline.named_steps["features"]
    for _name, transformer, _columns in features.transformers_:
        if isinstance(transformer, SimpleImputer) and transformer.statistics_.dtype.kind == "f":
            transformer.statistics_ = transformer.statistics_.astype(np.float32).astype(np.float64)


def _refuse_if_weak(spec: ModelSpec, cv: CrossValidation, minimum, maximum) -> None:
    label = cv.primary.spec.label
    figure = f"cross-validated {label} {cv.mean:.4f} ± {cv.std:.4f}"
    if minimum is not None and cv.mean < minimum:
        raise TrainingError(
            f"{spec.id}: {figure} is below the required {minimum}; refusing to export this model"
        )
    if maximum is not None and cv.mean > maximum:
        raise TrainingError(
            f"{spec.id}: {figure} is above the allowed {maximum}; refusing to export this model"
        )


def train(
    spec: ModelSpec,
    data_csv: Path | None = None,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> TrainedModel:
    """Load, cross-validate, refuse a weak model, then fit on all rows.

    `minimum`/`maximum` override the spec's bar on the primary metric (tests use them to prove
    the bar is enforced).
    """
    data_csv = Path(data_csv if data_csv is not None else spec.data.file)
    frame = load_dataset(spec, data_csv)
    features, target = split_features_target(spec, frame)

    cross_validation, out_of_fold = cross_validate(spec, features, target)
    _refuse_if_weak(
        spec,
        cross_validation,
        spec.cross_validation.minimum if minimum is None else minimum,
        spec.cross_validation.maximum if maximum is None else maximum,
    )
    interval = None
    if spec.regression is not None and spec.regression.interval_coverage is not None:
        interval = ratio_interval(target, out_of_fold, spec.regression.interval_coverage)

    pipeline = build_pipeline(spec).fit(features, target)
    round_imputed_numbers_to_float32(pipeline)
    snapped = spec.after_fit(pipeline) if spec.after_fit is not None else 0
    return TrainedModel(
        spec=spec,
        pipeline=pipeline,
        cross_validation=cross_validation,
        features=features,
        target=target,
        data_file=data_csv,
        data_sha256=file_sha256(data_csv),
        thresholds_snapped=snapped,
        interval=interval,
    )
