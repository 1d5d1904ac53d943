"""Measured importance of every column of a regression data set, to choose a model's inputs.

`python -m training rank-house` ranks all 79 house features and writes training/models/house.md,
which the house model's card cites. The measure is permutation importance on held-out folds:
LightGBM is fitted on log(target) with every column (categories natively, `NA` as its own
category "None", since in this data it means "none" far more often than "unknown"), and each
column of the held-out fold is shuffled in turn; how much the RMSE of log price grows is that
column's importance. LightGBM's split gain is listed beside it as a second opinion.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lightgbm
import numpy as np
from sklearn.inspection import permutation_importance
from sklearn.model_selection import KFold

from training import config
from training.dataset import read_raw

FOLDS = 5
REPEATS = 5


@dataclass(frozen=True)
class Ranked:
    rank: int
    column: str
    importance: float  # mean over folds of the RMSE-of-log increase when shuffled
    std: float  # spread of that mean over the folds
    gain_share: float  # LightGBM split gain, share of the total, summed over the folds


def all_columns(csv_path: Path, target: str, drop: tuple[str, ...]) -> tuple:
    frame = read_raw(csv_path)
    log_target = np.log(frame.pop(target).astype(np.float64))
    frame = frame.drop(columns=list(drop))
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].fillna("None").astype("category")
    return frame, log_target


def rank_columns(
    csv_path: Path,
    target: str,
    make_model: Callable[[], lightgbm.LGBMRegressor],
    drop: tuple[str, ...] = ("Id",),
) -> list[Ranked]:
    """Every column of the file ranked by permutation importance, with `make_model()` (a
    regressor of the log target) refitted per fold."""
    features, log_target = all_columns(csv_path, target, drop)
    folds = KFold(n_splits=FOLDS, shuffle=True, random_state=config.SEED)
    importances, gains = [], np.zeros(features.shape[1])
    for train_rows, test_rows in folds.split(features):
        model = make_model().fit(features.iloc[train_rows], log_target.iloc[train_rows])
        result = permutation_importance(
            model,
            features.iloc[test_rows],
            log_target.iloc[test_rows],
            scoring="neg_root_mean_squared_error",
            n_repeats=REPEATS,
            random_state=config.SEED,
            n_jobs=1,
        )
        importances.append(result.importances_mean)
        gains += model.booster_.feature_importance(importance_type="gain")
    per_fold = np.array(importances)
    mean, std = per_fold.mean(axis=0), per_fold.std(axis=0)
    shares = gains / gains.sum()
    order = sorted(range(features.shape[1]), key=lambda i: (-mean[i], features.columns[i]))
    return [
        Ranked(
            rank=position + 1,
            column=str(features.columns[i]),
            importance=float(mean[i]),
            std=float(std[i]),
            gain_share=float(shares[i]),
        )
        for position, i in enumerate(order)
    ]


def column_descriptions(description_file: Path) -> dict[str, str]:
    """`Column: what it is` lines of the data set's description file."""
    descriptions = {}
    for line in Path(description_file).read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and ":" in line:
            name, text = line.split(":", 1)
            descriptions[name.strip()] = text.strip()
    return descriptions


def ranking_markdown(
    ranking: list[Ranked],
    picked: dict[str, str],
    skipped: dict[str, str],
    descriptions: dict[str, str],
    header: str,
) -> str:
    """The ranking as a Markdown page: picks first, then every column.

    Every column ranked above the lowest pick must have a reason in `skipped`: a more important
    column left out is a choice to explain, not an accident.
    """
    ranks = {r.column: r for r in ranking}
    unknown = sorted(set(picked) - set(ranks))
    if unknown:
        raise ValueError(f"picked columns not in the data: {unknown}")
    lowest = max(ranks[column].rank for column in picked)
    unexplained = [
        r.column
        for r in ranking
        if r.rank < lowest and r.column not in picked and r.column not in skipped
    ]
    if unexplained:
        raise ValueError(f"columns ranked above a pick need a reason to be left out: {unexplained}")

    def figure(r: Ranked) -> str:
        return f"{r.importance:.4f} ± {r.std:.4f}"

    lines = [header.rstrip(), "", "## Inputs the model uses", ""]
    lines += ["| rank | column | importance | gain share | why it is in |", "|---|---|---|---|---|"]
    for r in ranking:
        if r.column in picked:
            lines.append(
                f"| {r.rank} | `{r.column}` | {figure(r)} | {r.gain_share:.1%} | "
                f"{picked[r.column]} |"
            )
    lines += ["", "## Every column", ""]
    lines += [
        "| rank | column | what it is | importance | gain share | used | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in ranking:
        used = "yes" if r.column in picked else ""
        note = skipped.get(r.column, "")
        lines.append(
            f"| {r.rank} | `{r.column}` | {descriptions.get(r.column, '')} | {figure(r)} | "
            f"{r.gain_share:.1%} | {used} | {note} |"
        )
    return "\n".join(lines) + "\n"
