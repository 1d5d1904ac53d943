import json

import pytest

from formcast.constants import INDEX_FILE, MANIFEST_FILE, MODEL_FILE, NUMERIC_MODEL_FILE
from training.cli import main


def test_train_one_model_writes_its_directory_and_keeps_the_index_in_order(tmp_path, capsys):
    (tmp_path / INDEX_FILE).write_text(
        json.dumps(
            {
                "models": [
                    {"id": "mine", "title": "Mine", "path": "mine/", "version": "0.1.0"},
                    {"id": "house", "title": "Old", "path": "house/", "version": "0.1.0"},
                ]
            }
        )
    )
    assert main(["train", "--model", "drug", "--models-dir", str(tmp_path)]) == 0

    printed = capsys.readouterr().out
    manifest = json.loads((tmp_path / "drug" / MANIFEST_FILE).read_text())
    cv = manifest["metrics"]["crossValidation"]
    rows = manifest["golden"]["rows"]
    assert f"Accuracy {cv['mean']:.4f} ± {cv['std']:.4f}" in printed
    assert f"labels equal {rows}/{rows}" in printed
    assert f"scikit-learn {manifest['training']['libraries']['scikit-learn']}" in printed
    for name in (MODEL_FILE, NUMERIC_MODEL_FILE, MANIFEST_FILE):
        assert (tmp_path / "drug" / name).is_file()
    assert not (tmp_path / "hr").exists()
    index = json.loads((tmp_path / INDEX_FILE).read_text())
    # Known models in registry order (an untouched entry stays as it was), then unknown ones.
    assert [m["id"] for m in index["models"]] == ["drug", "house", "mine"]
    assert index["models"][1]["title"] == "Old"


def test_train_house_reports_its_regression_figures(tmp_path, capsys):
    assert main(["train", "--model", "house", "--models-dir", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    manifest = json.loads((tmp_path / "house" / MANIFEST_FILE).read_text())
    cv = manifest["metrics"]["crossValidation"]
    assert f"RMSE of log price {cv['mean']:.4f} ± {cv['std']:.4f}" in printed
    assert "Interval: [value × " in printed
    assert printed.count("within relative 1e-05") == 2  # model.onnx and model.numeric.onnx


def test_train_command_fails_cleanly_on_bad_data(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("Age,Sex\n23,F\n")
    args = ["train", "--model", "drug", "--data", str(bad), "--models-dir", str(tmp_path)]
    assert main(args) == 1
    assert "error:" in capsys.readouterr().err
    assert not (tmp_path / "drug").exists()


def test_data_and_version_need_a_model(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--version", "2.0.0", "--models-dir", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "add --model ID" in capsys.readouterr().err


def test_an_unknown_model_is_refused_with_the_known_ones(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["train", "--model", "cars", "--models-dir", str(tmp_path)])
    assert "'drug', 'hr', 'house'" in capsys.readouterr().err
