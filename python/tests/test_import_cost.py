"""Scoring never imports the export's libraries: `import formcast` is cheap, and score(), the
DuckDB function, Spark's executor side and `formcast score` load neither scikit-learn nor the
ONNX converters. A Spark Python worker imports formcast before its first row; these libraries
cost it ≈ 2 s of CPU each time one starts."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import MODELS, REPO

EXPORT_LIBRARIES = ("sklearn", "skl2onnx", "onnx", "onnxmltools", "onnxconverter_common", "scipy")

# One fresh interpreter: each step's newly imported top-level packages, in order.
SCRIPT = """
import json, sys
from pathlib import Path

def loaded():
    return {name.split(".")[0] for name in sys.modules}

steps = {}
before = loaded()
import formcast
steps["import formcast"] = sorted(
    m for m in loaded() - before if m not in sys.stdlib_module_names and not m.startswith("_")
)

models, fixtures = Path(sys.argv[1]), Path(sys.argv[2])
import pandas as pd
frame = pd.read_csv(fixtures / "drug-cells.csv", dtype=str, keep_default_na=False)
scored = formcast.score(frame, models / "drug")
assert scored["predicted_label"].notna().sum() > 20, scored

import duckdb, formcast.duckdb
con = duckdb.connect()
formcast.duckdb.register(con, models / "drug", name="predict_drug")
got = con.sql("SELECT predict_drug('47', 'F', 'HIGH', 'HIGH', '14.5').predicted_label").fetchall()
assert got == [("drugA",)], got

import formcast.spark, pyarrow as pa
from formcast.model_directory.read import load_model_dir
model = load_model_dir(models / "drug")
payload = (str(model.path), model.manifest, model.variant, model.model_bytes, model.sha256)
executor = formcast.spark._executor_scorer(payload)
row = [pa.array([v]) for v in ["47", "F", "HIGH", "HIGH", "14.5"]]
assert not executor.predict(row).failed.any()

from formcast.cli import main
assert main(["score", str(models / "drug"), str(fixtures / "drug-cells.csv"),
             "--out", sys.argv[3], "--quiet"]) == 0
print(json.dumps({"modules": sorted(loaded()), "import formcast": steps["import formcast"]}))
"""


def test_scoring_never_imports_the_export_libraries(tmp_path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            str(MODELS),
            str(REPO / "tests" / "fixtures" / "scored"),
            str(tmp_path / "scored.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert [m for m in EXPORT_LIBRARIES if m in seen["modules"]] == []
    # `import formcast` alone brings no third-party library at all.
    assert seen["import formcast"] == ["formcast"]
    assert (tmp_path / "scored.csv").stat().st_size > 0
