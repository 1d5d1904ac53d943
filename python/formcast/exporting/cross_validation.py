"""Cross-validation of a clone of the model: shuffled k-fold with a fixed seed, stratified for
classifiers; every metric on the same folds, with its spread; for regressors the out-of-fold
predictions that give the range the page shows around a prediction."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import (
    accuracy_score,
    f1_score,
    mean_absolute_error,
    r2_score,
    roc_auc_score,
)
from sklearn.model_selection import KFold, StratifiedKFold

from formcast.constants import SEED
from formcast.errors import DataError, QualityError


@dataclass(frozen=True)
class FoldPrediction:
    """One fold's held-out truth and the model's answers (probabilities: classifiers only)."""

    truth: pd.Series
    predicted: np.ndarray
    probabilities: np.ndarray | None


@dataclass(frozen=True)
class Metric:
    """A measure of one fold, with how the card names and formats it by default."""

    name: str
    label: str
    score: Callable[[FoldPrediction], float]
    format: dict | None = None
    # Regression metrics on the log scale need positive truths and predictions.
    needs_positive: bool = False


def _probability_of_last_class(fold: FoldPrediction) -> np.ndarray:
    assert fold.probabilities is not None
    return fold.probabilities[:, -1]


def _rmse(fold: FoldPrediction) -> float:
    residuals = fold.truth.to_numpy(dtype=np.float64) - fold.predicted
    return float(np.sqrt(np.mean(residuals**2)))


def _rmse_log(fold: FoldPrediction) -> float:
    residuals = np.log(fold.truth.to_numpy(dtype=np.float64)) - np.log(fold.predicted)
    return float(np.sqrt(np.mean(residuals**2)))


def _median_absolute_error(fold: FoldPrediction) -> float:
    return float(np.median(np.abs(fold.truth.to_numpy(dtype=np.float64) - fold.predicted)))


PERCENT = {"style": "percent", "maximumFractionDigits": 1}
THREE_DECIMALS = {"style": "decimal", "maximumFractionDigits": 3}

METRICS: dict[str, Metric] = {
    metric.name: metric
    for metric in (
        Metric(
            "accuracy",
            "Accuracy",
            lambda f: float(accuracy_score(f.truth, f.predicted)),
            PERCENT,
        ),
        Metric(
            # The probability of the last class: for a 0/1 target, of 1.
            "roc_auc",
            "ROC AUC",
            lambda f: float(roc_auc_score(f.truth, _probability_of_last_class(f))),
            THREE_DECIMALS,
        ),
        Metric(
            "f1_macro",
            "F1 score (macro average)",
            lambda f: float(f1_score(f.truth, f.predicted, average="macro")),
            THREE_DECIMALS,
        ),
        Metric("rmse", "RMSE", _rmse),
        Metric(
            "mae", "Mean absolute error", lambda f: float(mean_absolute_error(f.truth, f.predicted))
        ),
        Metric("r2", "R²", lambda f: float(r2_score(f.truth, f.predicted)), THREE_DECIMALS),
        Metric("rmse_log", "RMSE of log target", _rmse_log, THREE_DECIMALS, needs_positive=True),
        Metric("median_absolute_error", "Median absolute error", _median_absolute_error),
    )
}
DEFAULT_METRICS = {
    "binary": ("roc_auc", "accuracy"),
    "classification": ("accuracy", "f1_macro"),
    "regression": ("rmse", "mae", "r2"),
}
CLASS_METRICS = {"accuracy", "roc_auc", "f1_macro"}


@dataclass(frozen=True)
class CrossValidation:
    """How to cross-validate. `metrics[0]` is the primary one; `minimum`/`maximum` refuse the
    export when its mean is below (higher is better) or above (lower is better) the bar.
    `interval` is the share of out-of-fold truths a regression range should hold (None: no
    range); `interval_kind` is "offset" ([value + lower, value + upper]) or "ratio"
    ([value × lower, value × upper], for positive targets fitted on a log scale)."""

    folds: int = 5
    metrics: Sequence[str] | None = None
    seed: int = SEED
    minimum: float | None = None
    maximum: float | None = None
    interval: float | None = 0.8
    interval_kind: str = "offset"


@dataclass(frozen=True)
class MetricScores:
    metric: Metric
    scores: tuple[float, ...]

    @property
    def mean(self) -> float:
        return float(np.mean(self.scores))

    @property
    def std(self) -> float:
        # Population std (ddof=0), as scikit-learn's examples and the reference figures use.
        return float(np.std(self.scores))


@dataclass(frozen=True)
class Interval:
    """The range around a prediction that held `coverage` of the out-of-fold truths."""

    kind: str
    lower: float
    upper: float
    nominal: float
    coverage: float


@dataclass(frozen=True)
class CrossValidationResult:
    method: str
    folds: int
    seed: int
    shuffle: bool
    primary: MetricScores
    others: tuple[MetricScores, ...]
    interval: Interval | None = None


def metric_names(options: CrossValidation, task: str) -> tuple[str, ...]:
    names = tuple(options.metrics) if options.metrics else DEFAULT_METRICS[task]
    for name in names:
        if name not in METRICS:
            raise DataError(f'unknown metric "{name}". Should be one of: {", ".join(METRICS)}.')
        if (name in CLASS_METRICS) != (task != "regression"):
            raise DataError(f'metric "{name}" does not apply to a {task} model')
        if name == "roc_auc" and task != "binary":
            raise DataError('metric "roc_auc" needs two classes')
    return names


def _interval(kind: str, truth: np.ndarray, predicted: np.ndarray, nominal: float) -> Interval:
    """The central `nominal` share of truth/prediction (ratio) or truth − prediction (offset)."""
    if kind == "ratio":
        if np.any(truth <= 0) or np.any(predicted <= 0):
            raise DataError("a ratio range needs positive targets and predictions")
        spread = truth / predicted
    elif kind == "offset":
        spread = truth - predicted
    else:
        raise DataError(f'unknown interval kind "{kind}". Should be one of: offset, ratio.')
    lower, upper = np.quantile(spread, [(1 - nominal) / 2, (1 + nominal) / 2])
    if kind == "ratio":
        inside = (truth >= predicted * lower) & (truth <= predicted * upper)
    else:
        inside = (truth >= predicted + lower) & (truth <= predicted + upper)
    return Interval(kind, float(lower), float(upper), nominal, float(inside.mean()))


def cross_validate(
    model: object, features: pd.DataFrame, target: pd.Series, task: str, options: CrossValidation
) -> CrossValidationResult:
    """Every metric on the same folds of a clone of `model`."""
    names = metric_names(options, task)
    metrics = [METRICS[name] for name in names]
    classifier = task != "regression"
    if options.folds < 2:
        raise DataError(f"cross-validation needs at least 2 folds, got {options.folds}")
    if any(m.needs_positive for m in metrics) and (target <= 0).any():
        raise DataError("a log-scale metric needs a positive target")
    # Shuffled: a file's row order is rarely random, and unshuffled folds would measure that.
    splitter = StratifiedKFold if classifier else KFold
    folds = splitter(n_splits=options.folds, shuffle=True, random_state=options.seed)
    out_of_fold = np.zeros(len(target), dtype=np.float64)
    per_metric: dict[str, list[float]] = {name: [] for name in names}
    try:
        splits = list(folds.split(features, target))
    except ValueError as error:
        raise DataError(f"cannot make {options.folds} folds of this data: {error}") from error
    for train_rows, test_rows in splits:
        fitted = clone(model).fit(features.iloc[train_rows], target.iloc[train_rows])
        held_out = features.iloc[test_rows]
        predicted = fitted.predict(held_out)  # type: ignore[attr-defined]
        fold = FoldPrediction(
            truth=target.iloc[test_rows],
            predicted=predicted,
            probabilities=fitted.predict_proba(held_out) if classifier else None,  # type: ignore[attr-defined]
        )
        if not classifier:
            out_of_fold[test_rows] = np.asarray(predicted, dtype=np.float64).ravel()
        for metric in metrics:
            per_metric[metric.name].append(metric.score(fold))
    scores = [MetricScores(m, tuple(per_metric[m.name])) for m in metrics]
    interval = None
    if not classifier and options.interval is not None:
        truth = target.to_numpy(dtype=np.float64)
        interval = _interval(options.interval_kind, truth, out_of_fold, options.interval)
    result = CrossValidationResult(
        method=type(folds).__name__,
        folds=options.folds,
        seed=options.seed,
        shuffle=True,
        primary=scores[0],
        others=tuple(scores[1:]),
        interval=interval,
    )
    return result


def check_bar(
    result: CrossValidationResult, options: CrossValidation, label: str, model_id: str
) -> None:
    """Raise QualityError when the primary metric misses the caller's bar."""
    primary = result.primary
    figure = f"{model_id}: cross-validated {label} {primary.mean:.4f} ± {primary.std:.4f}"
    if options.minimum is not None and primary.mean < options.minimum:
        raise QualityError(
            f"{figure} is below the required {options.minimum}; refusing to export this model"
        )
    if options.maximum is not None and primary.mean > options.maximum:
        raise QualityError(
            f"{figure} is above the allowed {options.maximum}; refusing to export this model"
        )
