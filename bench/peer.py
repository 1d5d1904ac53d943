"""The batch benchmark's peer: what a data scientist runs without Formcast. pandas reads the CSV,
the model's own Python library predicts (scikit-learn for a decision tree, LightGBM for the
boosted models, behind the same scikit-learn pipeline the ONNX file was exported from), and
pandas writes the scored CSV with the columns Formcast writes. Timed end to end, file to file.

    bash scripts/python.sh bench/peer.py MODEL_ID INPUT.csv --runs 5

Prints one JSON line: {"model": id, "rows": n, "ms": [...], "cpu_ms": [...], "fit_ms": f,
"threads": t}; cpu_ms is the process's CPU time over each run (every thread), which a busy machine
does not inflate as it does the wall time. Fitting
(on the model's own training data, as training/ does) is not timed: a deployed model is fitted
once. LightGBM predicts on every core (num_threads 0: OpenMP's default), since Formcast uses
every core too.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from training import models  # noqa: E402
from training.build import fit  # noqa: E402


def _manifest(model_id: str) -> dict:
    path = (
        Path(__file__).resolve().parents[1]
        / "public"
        / "models"
        / model_id
        / "manifest.json"
    )
    return json.loads(path.read_text())


def score(pipeline, manifest: dict, source: Path, out: Path) -> int:
    """Read → check → predict → write, as a server's batch job would; returns the rows read.

    Numbers are coerced (a cell that is not one becomes NaN), categories checked against the
    model's list, and only the rows the model can take are predicted: the others keep empty
    predictions, as Formcast's do. An optional input may be empty (NaN / ""), which the
    pipeline's imputers fill.
    """
    inputs = manifest["inputs"]
    categories = [i["name"] for i in inputs if i["type"] == "category"]
    frame = pd.read_csv(
        source,
        dtype=dict.fromkeys(categories, str),
        keep_default_na=False,
        low_memory=False,
    )
    valid = np.ones(len(frame), dtype=bool)
    features = {}
    for spec in inputs:
        name = spec["name"]
        if spec["type"] == "number":
            values = pd.to_numeric(frame[name], errors="coerce")
            ok = np.isfinite(values)
            features[name] = values
        else:
            values = frame[name]
            ok = values.isin(spec["categories"])
            features[name] = values
        if spec.get("optional"):
            ok |= frame[name].astype(str) == ""
        valid &= ok.to_numpy()
    good = pd.DataFrame(features).loc[valid]
    outputs = manifest["outputs"]

    def column(values: np.ndarray) -> np.ndarray:
        # Rows left unscored get an empty cell (NaN writes as one).
        full = np.full(len(frame), np.nan, dtype=np.float32)
        full[valid] = values
        return full

    if manifest["task"] == "regression":
        value = pipeline.predict(good).astype(np.float32)
        frame["predicted_value"] = column(value)
        interval = outputs.get("interval")
        if interval:
            frame["range_low"] = column(value * interval["lower"])
            frame["range_high"] = column(value * interval["upper"])
    else:
        probabilities = pipeline.predict_proba(good).astype(np.float32)
        labels = np.full(len(frame), "", dtype=object)
        labels[valid] = pipeline.classes_[probabilities.argmax(axis=1)].astype(str)
        frame["predicted_label"] = labels
        for k, name in enumerate(outputs["classes"]):
            frame[f"p_{name}"] = column(probabilities[:, k])
    frame["error"] = np.where(valid, "", "not scored")
    frame.to_csv(out, index=False, lineterminator="\r\n")
    return len(frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model")
    parser.add_argument("csv", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    _, _, pipeline, _ = fit(models.get(args.model))
    fit_ms = (time.perf_counter() - started) * 1000
    estimator = pipeline.steps[-1][1]
    booster = getattr(estimator, "regressor_", estimator)
    if hasattr(booster, "set_params") and "n_jobs" in booster.get_params():
        booster.set_params(n_jobs=0)  # LightGBM: 0 = OpenMP's default, every core
    manifest = _manifest(args.model)
    times = []
    cpu_times = []
    rows = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scored.csv"
        for _ in range(args.runs):
            started = time.perf_counter()
            cpu_started = time.process_time()
            rows = score(pipeline, manifest, args.csv, out)
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
    print(
        json.dumps(
            {
                "model": args.model,
                "rows": rows,
                "ms": times,
                "cpu_ms": cpu_times,
                "fit_ms": fit_ms,
                "threads": os.cpu_count(),
                "versions": {"pandas": pd.__version__},
            }
        )
    )


if __name__ == "__main__":
    main()
