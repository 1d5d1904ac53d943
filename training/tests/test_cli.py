import json

from training import config
from training.cli import main


def test_train_command_writes_a_model_directory_and_reports(tmp_path, capsys):
    (tmp_path / config.INDEX_FILE).write_text(
        json.dumps({"models": [{"id": "hr", "title": "HR", "path": "hr/", "version": "0.1.0"}]})
    )
    assert main(["train", "--models-dir", str(tmp_path)]) == 0

    printed = capsys.readouterr().out
    manifest = json.loads((tmp_path / "drug" / config.MANIFEST_FILE).read_text())
    cv = manifest["metrics"]["crossValidation"]
    rows = manifest["golden"]["rows"]
    assert f"accuracy {cv['mean']:.4f} ± {cv['std']:.4f}" in printed
    assert f"labels equal {rows}/{rows}" in printed
    assert f"scikit-learn {manifest['training']['libraries']['scikit-learn']}" in printed
    for name in (config.MODEL_FILE, config.MANIFEST_FILE, config.GOLDEN_FILE):
        assert (tmp_path / "drug" / name).is_file()
    index = json.loads((tmp_path / config.INDEX_FILE).read_text())
    assert [m["id"] for m in index["models"]] == ["hr", "drug"]


def test_train_command_fails_cleanly_on_bad_data(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("Age,Sex\n23,F\n")
    assert main(["train", "--data", str(bad), "--models-dir", str(tmp_path)]) == 1
    assert "error:" in capsys.readouterr().err
    assert not (tmp_path / "drug").exists()
