"""The batch benchmark's peer: what a data scientist runs without Formcast. pandas reads the CSV,
the model's own Python library predicts (scikit-learn for a decision tree, LightGBM for the
boosted models, behind the same scikit-learn pipeline the ONNX file was exported from), and
pandas writes the scored CSV with the columns Formcast writes. Timed end to end, file to file.

    bash scripts/python.sh bench/peer.py MODEL_ID INPUT.csv --runs 5

Prints one JSON line: {"model": id, "rows": n, "ms": [...], "fit_ms": f, "threads": t}. Fitting
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
    path = Path(__file__).resolve().parents[1] / "public" / "models" / model_id / "manifest.json"
    return json.loads(path.read_text())


def score(pipeline, manifest: dict, source: Path, out: Path) -> int:
    """Read → predict → write, as one would with pandas; returns the rows scored."""
    categories = [i["name"] for i in manifest["inputs"] if i["type"] == "category"]
    # Category codes such as "0"/"1" stay text, an empty cell is "" (what the pipeline's
    # imputers expect) and only an empty number cell is missing.
    frame = pd.read_csv(
        source,
        dtype=dict.fromkeys(categories, str),
        keep_default_na=False,
        na_values={i["name"]: [""] for i in manifest["inputs"] if i["type"] == "number"},
    )
    features = frame[[i["name"] for i in manifest["inputs"]]]
    outputs = manifest["outputs"]
    if manifest["task"] == "regression":
        value = pipeline.predict(features).astype(np.float32)
        frame["predicted_value"] = value
        interval = outputs.get("interval")
        if interval:
            frame["range_low"] = value * interval["lower"]
            frame["range_high"] = value * interval["upper"]
    else:
        probabilities = pipeline.predict_proba(features).astype(np.float32)
        classes = pipeline.classes_
        frame["predicted_label"] = classes[probabilities.argmax(axis=1)]
        for k, name in enumerate(outputs["classes"]):
            frame[f"p_{name}"] = probabilities[:, k]
    frame["error"] = ""
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
    rows = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scored.csv"
        for _ in range(args.runs):
            started = time.perf_counter()
            rows = score(pipeline, manifest, args.csv, out)
            times.append((time.perf_counter() - started) * 1000)
    print(
        json.dumps(
            {
                "model": args.model,
                "rows": rows,
                "ms": times,
                "fit_ms": fit_ms,
                "threads": os.cpu_count(),
                "versions": {"pandas": pd.__version__},
            }
        )
    )


if __name__ == "__main__":
    main()
