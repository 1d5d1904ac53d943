"""The `formcast` command as a data scientist runs it: a pickled model and a CSV in, a model
directory and a site out."""

import hashlib
import json
import pickle
import subprocess
import sys

import joblib

from formcast.cli import main

from .zoo import titanic_gradient_boosting


def test_export_with_a_target_cross_validates_and_reports(tmp_path, capsys):
    model, X, y = titanic_gradient_boosting()
    joblib.dump(model, tmp_path / "model.joblib")
    X.assign(outcome=y).to_csv(tmp_path / "passengers.csv", index=False)
    card = {"title": "Survival", "inputs": {"age": {"unit": "years"}}}
    (tmp_path / "card.json").write_text(json.dumps(card))
    code = main([
        "export", str(tmp_path / "model.joblib"), "--data", str(tmp_path / "passengers.csv"),
        "--target", "outcome", "--id", "titanic", "--out", str(tmp_path / "titanic"),
        "--card", str(tmp_path / "card.json"), "--folds", "3",
    ])  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    manifest = json.loads((tmp_path / "titanic" / "manifest.json").read_text())
    cv = manifest["metrics"]["crossValidation"]
    assert f"ROC AUC: {cv['mean']:.4f} ± {cv['std']:.4f} (3-fold StratifiedKFold)" in printed
    rows = manifest["golden"]["rows"]
    assert f"parity, model.onnx: {rows}/{rows} golden rows agree" in printed
    assert manifest["title"] == "Survival"
    assert next(i for i in manifest["inputs"] if i["name"] == "age")["unit"] == "years"
    data = manifest["training"]["data"]
    digest = hashlib.sha256((tmp_path / "passengers.csv").read_bytes()).hexdigest()
    assert (data["file"], data["sha256"], data["rows"]) == ("passengers.csv", digest, len(X))
    assert [i["name"] for i in manifest["inputs"]] == list(X.columns)


def test_export_reads_a_plain_pickle_and_site_writes_the_site(tmp_path, capsys):
    model, X, _ = titanic_gradient_boosting()
    with (tmp_path / "model.pkl").open("wb") as handle:
        pickle.dump(model, handle)
    X.to_csv(tmp_path / "train.csv", index=False)
    arguments = ["--data", str(tmp_path / "train.csv"), "--id", "t", "--out", str(tmp_path / "t")]
    assert main(["export", str(tmp_path / "model.pkl"), *arguments]) == 0
    assert "no cross-validation (no --target)" in capsys.readouterr().out
    assert main(["site", str(tmp_path / "t"), "--out", str(tmp_path / "site")]) == 0
    assert "serve it with: formcast serve" in capsys.readouterr().out
    assert (tmp_path / "site" / "models" / "t" / "model.onnx").is_file()


def test_python_dash_m_formcast_explains_the_pickle_risk():
    shown = subprocess.run(
        [sys.executable, "-m", "formcast", "export", "--help"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Loading it runs" in shown and "only load models you trust" in shown
    assert "--target" in shown and "--folds" in shown
