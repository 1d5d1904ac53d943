import pandas as pd
import pytest

from training import config
from training.dataset import DatasetError, file_sha256, load_dataset


def _write_variant(tmp_path, change) -> object:
    frame = pd.read_csv(config.DATA_CSV)
    path = tmp_path / "drug.csv"
    change(frame).to_csv(path, index=False)
    return path


def test_raw_data_is_the_documented_file():
    assert file_sha256(config.DATA_CSV) == config.DATA_SHA256


def test_loads_the_raw_data_with_its_documented_shape():
    frame = load_dataset(config.DATA_CSV)
    assert list(frame.columns) == [*config.INPUT_COLUMNS, config.TARGET]
    assert len(frame) == 200
    assert frame[config.TARGET].value_counts().to_dict() == {
        "DrugY": 91,
        "drugX": 54,
        "drugA": 23,
        "drugB": 16,
        "drugC": 16,
    }


def test_rejects_a_missing_column(tmp_path):
    path = _write_variant(tmp_path, lambda f: f.drop(columns=["BP"]))
    with pytest.raises(DatasetError, match=r"Missing: \['BP'\]"):
        load_dataset(path)


def test_rejects_an_unexpected_column(tmp_path):
    path = _write_variant(tmp_path, lambda f: f.assign(Weight=70))
    with pytest.raises(DatasetError, match=r"unexpected: \['Weight'\]"):
        load_dataset(path)


def test_rejects_an_unknown_class(tmp_path):
    path = _write_variant(tmp_path, lambda f: f.replace({"Drug": {"drugC": "drugZ"}}))
    with pytest.raises(DatasetError, match=r"unknown value\(s\) \['drugZ'\] in column 'Drug'"):
        load_dataset(path)


def test_rejects_an_unknown_category(tmp_path):
    path = _write_variant(tmp_path, lambda f: f.replace({"BP": {"LOW": "VERY LOW"}}))
    with pytest.raises(DatasetError, match=r"'VERY LOW'.*Should be one of: HIGH, LOW, NORMAL"):
        load_dataset(path)


def test_rejects_missing_values(tmp_path):
    def blank_ratio(frame):
        frame.loc[3, "Na_to_K"] = None
        return frame

    path = _write_variant(tmp_path, blank_ratio)
    with pytest.raises(DatasetError, match=r"missing values per column: \{'Na_to_K': 1\}"):
        load_dataset(path)


def test_rejects_text_in_a_number_column(tmp_path):
    path = _write_variant(
        tmp_path, lambda f: f.astype({"Age": str}).replace({"Age": {"23": "old"}})
    )
    with pytest.raises(DatasetError, match="'Age' must hold whole numbers"):
        load_dataset(path)


def test_rejects_a_missing_file(tmp_path):
    with pytest.raises(DatasetError, match="file not found"):
        load_dataset(tmp_path / "nope.csv")
