import numpy as np
import pandas as pd
import pytest

from training import models
from training.dataset import DatasetError, file_sha256, load_dataset
from training.models import drug, house, hr


def _write_variant(tmp_path, spec, change) -> object:
    frame = pd.read_csv(spec.data.file, keep_default_na=False, na_values=["", "NA"])
    path = tmp_path / spec.data.file.name
    change(frame).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("spec", models.MODELS, ids=models.IDS)
def test_raw_data_is_the_documented_file(spec):
    assert file_sha256(spec.data.file) == spec.data.sha256


def test_loads_the_drug_data_with_its_documented_shape():
    frame = load_dataset(drug.SPEC)
    assert list(frame.columns) == [*drug.SPEC.input_names, drug.SPEC.target]
    assert len(frame) == 200
    assert frame[drug.SPEC.target].value_counts().to_dict() == {
        "DrugY": 91,
        "drugX": 54,
        "drugA": 23,
        "drugB": 16,
        "drugC": 16,
    }


def test_loads_the_hr_data_with_0_1_columns_as_categories():
    frame = load_dataset(hr.SPEC)
    assert len(frame) == 14999
    assert frame["left"].value_counts().to_dict() == {0: 11428, 1: 3571}
    assert frame["Work_accident"].value_counts().to_dict() == {"0": 12830, "1": 2169}
    assert frame["promotion_last_5years"].value_counts().to_dict() == {"0": 14680, "1": 319}


def test_loads_the_house_data_with_na_as_none_where_it_means_none():
    frame = load_dataset(house.SPEC)
    assert list(frame.columns) == [*house.SPEC.input_names, "SalePrice"]
    assert len(frame) == 1460
    # The description file: NA = "No Fireplace", "No Garage".
    assert (frame["FireplaceQu"] == "None").sum() == 690
    assert (frame["GarageFinish"] == "None").sum() == 81
    assert ((frame["GarageFinish"] == "None") == (frame["GarageCars"] == 0)).all()
    assert not frame.isna().any().any()


def test_an_empty_optional_field_in_the_file_stays_empty(tmp_path):
    def blank(frame):
        frame.loc[3, "LotArea"] = None
        frame.loc[4, "KitchenQual"] = None
        return frame

    frame = load_dataset(house.SPEC, _write_variant(tmp_path, house.SPEC, blank))
    assert np.isnan(frame.loc[3, "LotArea"])
    assert frame.loc[4, "KitchenQual"] == ""


def test_an_empty_required_field_is_refused(tmp_path):
    def blank(frame):
        frame.loc[3, "GrLivArea"] = None
        return frame

    path = _write_variant(tmp_path, house.SPEC, blank)
    with pytest.raises(DatasetError, match=r"missing values per column: \{'GrLivArea': 1\}"):
        load_dataset(house.SPEC, path)


def test_a_category_without_rows_is_refused(tmp_path):
    path = _write_variant(tmp_path, hr.SPEC, lambda f: f.replace({"salary": {"high": "medium"}}))
    with pytest.raises(DatasetError, match=r"no rows with 'salary' = \['high'\]"):
        load_dataset(hr.SPEC, path)


def test_rejects_a_missing_column(tmp_path):
    path = _write_variant(tmp_path, drug.SPEC, lambda f: f.drop(columns=["BP"]))
    with pytest.raises(DatasetError, match=r"Missing: \['BP'\]"):
        load_dataset(drug.SPEC, path)


def test_rejects_an_unexpected_column(tmp_path):
    path = _write_variant(tmp_path, drug.SPEC, lambda f: f.assign(Weight=70))
    with pytest.raises(DatasetError, match=r"unexpected: \['Weight'\]"):
        load_dataset(drug.SPEC, path)


def test_the_house_file_may_have_columns_the_model_does_not_use():
    assert load_dataset(house.SPEC).shape[1] == len(house.SPEC.inputs) + 1


def test_rejects_an_unknown_class(tmp_path):
    path = _write_variant(tmp_path, drug.SPEC, lambda f: f.replace({"Drug": {"drugC": "drugZ"}}))
    with pytest.raises(DatasetError, match=r"unknown value\(s\) \['drugZ'\] in column 'Drug'"):
        load_dataset(drug.SPEC, path)


def test_rejects_an_unknown_category(tmp_path):
    path = _write_variant(tmp_path, drug.SPEC, lambda f: f.replace({"BP": {"LOW": "VERY LOW"}}))
    with pytest.raises(DatasetError, match=r"'VERY LOW'.*Should be one of: HIGH, LOW, NORMAL"):
        load_dataset(drug.SPEC, path)


def test_rejects_missing_values(tmp_path):
    def blank_ratio(frame):
        frame.loc[3, "Na_to_K"] = None
        return frame

    path = _write_variant(tmp_path, drug.SPEC, blank_ratio)
    with pytest.raises(DatasetError, match=r"missing values per column: \{'Na_to_K': 1\}"):
        load_dataset(drug.SPEC, path)


def test_rejects_text_in_a_number_column(tmp_path):
    path = _write_variant(
        tmp_path, drug.SPEC, lambda f: f.astype({"Age": str}).replace({"Age": {"23": "old"}})
    )
    with pytest.raises(DatasetError, match="'Age' must hold whole numbers"):
        load_dataset(drug.SPEC, path)


def test_rejects_a_non_positive_regression_target(tmp_path):
    def free_house(frame):
        frame.loc[0, "SalePrice"] = 0
        return frame

    path = _write_variant(tmp_path, house.SPEC, free_house)
    with pytest.raises(DatasetError, match="must be positive"):
        load_dataset(house.SPEC, path)


def test_rejects_a_missing_file(tmp_path):
    with pytest.raises(DatasetError, match="file not found"):
        load_dataset(drug.SPEC, tmp_path / "nope.csv")
