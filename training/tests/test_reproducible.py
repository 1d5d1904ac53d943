"""A retrain in another process writes the same bytes: no hash order or clock leaks in."""

import os
import subprocess
import sys

from formcast.constants import INDEX_FILE, MANIFEST_FILE, MODEL_FILE
from training import config, models

# Seeds that, before opset imports were sorted, gave different model.onnx bytes on Python 3.11.
HASH_SEEDS = ("1", "4")


def test_separate_processes_write_identical_files(tmp_path):
    runs = []
    for seed in HASH_SEEDS:
        environment = os.environ | {
            "PYTHONHASHSEED": seed,
            "SOURCE_DATE_EPOCH": "1700000000",
            "PYTHONPATH": f"{config.REPO_ROOT}:{config.REPO_ROOT / 'python'}",
        }
        command = [sys.executable, "-m", "training", "train", "--models-dir", str(tmp_path / seed)]
        runs.append(
            subprocess.Popen(
                command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        )
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr

    first, *others = (tmp_path / seed for seed in HASH_SEEDS)
    for model_id in models.IDS:
        names = sorted(p.name for p in (first / model_id).iterdir())
        assert MODEL_FILE in names and MANIFEST_FILE in names
        for name in names:
            written = (first / model_id / name).read_bytes()
            for other in others:
                assert (other / model_id / name).read_bytes() == written, f"{model_id}/{name}"
    for other in others:
        assert (other / INDEX_FILE).read_bytes() == (first / INDEX_FILE).read_bytes()
