"""Scenario "export" (run by bench/export.mjs): `formcast export` as a data scientist runs it.

Two models fitted the way a notebook would, pickled with joblib next to their training CSV:
a 100-tree LightGBM on the 14,999-row HR data, and a decision tree on the 200-row drug data.
Each is exported by the `formcast` command in a fresh process (Python start-up and imports
included), without --target (no cross-validation) and with it (5-fold), and, as the peer in the
same run, converted by plain skl2onnx (load, to_onnx, write model.onnx: what a tutorial does,
with no check of any kind) in a fresh process too. Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import joblib
import lightgbm
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.tree import DecisionTreeClassifier

REPO = Path(__file__).resolve().parents[1]
TIMES = ("plain", "cv", "peer", "plainInside", "cvInside")

PEER = """
import sys, joblib, lightgbm, numpy as np
from skl2onnx import to_onnx, update_registered_converter
from skl2onnx.common.shape_calculator import calculate_linear_classifier_output_shapes
from onnxmltools.convert.lightgbm.operator_converters.LightGbm import convert_lightgbm
import pandas as pd
update_registered_converter(lightgbm.LGBMClassifier, "LightGbmLGBMClassifier",
    calculate_linear_classifier_output_shapes, convert_lightgbm,
    options={"nocl": [True, False], "zipmap": [True, False, "columns"]})
model = joblib.load(sys.argv[1])
X = pd.read_csv(sys.argv[2]).drop(columns=[sys.argv[3]])
onx = to_onnx(model, X[:1], options={id(model.steps[-1][1]): {"zipmap": False}},
              target_opset={"": 17, "ai.onnx.ml": 3})
open(sys.argv[4], "wb").write(onx.SerializeToString())
"""


def prepare(work: Path) -> dict[str, dict]:
    """The two models and their CSVs, as a notebook would leave them."""
    hr = pd.read_csv(REPO / "data" / "HR_comma_sep.csv")
    features = ColumnTransformer(
        [("text", OneHotEncoder(), ["sales", "salary"])], remainder="passthrough"
    )
    booster = lightgbm.LGBMClassifier(
        n_estimators=100, num_leaves=15, random_state=42, n_jobs=1, verbose=-1
    )
    hr_model = make_pipeline(features, booster).fit(hr.drop(columns="left"), hr["left"])
    drug = pd.read_csv(REPO / "data" / "drug200.csv")
    one_hot = ColumnTransformer(
        [("text", OneHotEncoder(), ["Sex", "BP", "Cholesterol"])], remainder="passthrough"
    )
    drug_model = make_pipeline(one_hot, DecisionTreeClassifier(random_state=42))
    drug_model.fit(drug.drop(columns="Drug"), drug["Drug"])
    cases = {}
    for name, model, frame, target in (
        ("hr", hr_model, hr, "left"),
        ("drug", drug_model, drug, "Drug"),
    ):
        joblib.dump(model, work / f"{name}.joblib")
        frame.to_csv(work / f"{name}.csv", index=False)
        # Without --target the command takes the model's columns only.
        frame.drop(columns=target).to_csv(work / f"{name}-features.csv", index=False)
        cases[name] = {"rows": len(frame), "target": target}
    return cases


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    command: list[str], inside: list[float] | None = None, cpu: list[float] | None = None
) -> float:
    """Wall-clock seconds of the command; `inside` gets the export's own time as the command
    reports it (after Python started and imported its libraries), `cpu` the CPU seconds the
    process used: on a shared machine the figure that holds when the wall time does not."""
    started, cpu_before = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if cpu is not None:
        cpu.append(_children_cpu() - cpu_before)
    reported = re.search(
        r"inputs, ([0-9.]+) s$", done.stdout.splitlines()[0] if done.stdout else ""
    )
    if inside is not None and reported:
        inside.append(float(reported.group(1)))
    return seconds


def summary(seconds: list[float]) -> dict:
    return {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="formcast-export-bench-"))
    try:
        cases = prepare(work)
        results = {}
        for name, case in cases.items():
            model, data = str(work / f"{name}.joblib"), str(work / f"{name}.csv")
            features = str(work / f"{name}-features.csv")
            command = [sys.executable, "-m", "formcast", "export", model, "--id", name]
            peer = [sys.executable, "-c", PEER, model, data, case["target"]]
            measured: dict[str, list[float]] = {
                key: [] for key in (*TIMES, *(f"{t}Cpu" for t in ("plain", "cv", "peer")))
            }
            for run in range(runs):
                out = work / f"{name}-{run}"
                measured["plain"].append(
                    timed(
                        [*command, "--data", features, "--out", str(out / "plain")],
                        measured["plainInside"],
                        measured["plainCpu"],
                    )
                )
                cv = ["--data", data, "--target", case["target"], "--out", str(out / "cv")]
                measured["cv"].append(
                    timed([*command, *cv], measured["cvInside"], measured["cvCpu"])
                )
                out.mkdir(exist_ok=True)
                peer_file = str(out / "peer.onnx")
                measured["peer"].append(timed([*peer, peer_file], cpu=measured["peerCpu"]))
            manifest = json.loads((work / f"{name}-0" / "cv" / "manifest.json").read_text())
            results[name] = {
                "rows": case["rows"],
                "columns": len(manifest["inputs"]),
                "goldenRows": manifest["golden"]["rows"],
                "folds": manifest["metrics"]["crossValidation"]["folds"],
                "modelBytes": manifest["model"]["bytes"],
                **{key: summary(values) for key, values in measured.items()},
            }
        print(json.dumps({"runs": runs, "models": results}))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
