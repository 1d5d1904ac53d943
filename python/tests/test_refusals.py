"""Everything formcast refuses: a typed exception with a code from the API, a message naming
what is wrong, a non-zero exit from the CLI, and never a partial directory."""

import json

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from formcast import (
    CardError,
    CrossValidation,
    DataError,
    Golden,
    OutputError,
    ParityError,
    QualityError,
    UnsupportedModelError,
    VersionError,
    export,
)
from formcast.cli import main

from .zoo import engines_svr, prescriptions, prescriptions_tree


def _nothing_written(parent, name):
    """No output directory and no staging leftovers next to it."""
    assert not (parent / name).exists()
    assert [p.name for p in parent.iterdir() if "formcast" in p.name] == []


def _refused(expected, code, model, X, out, **options):
    """export() raises `expected` with `code` and leaves nothing behind; returns its message."""
    with pytest.raises(expected) as error:
        export(model, X, out=out, **options)
    assert error.value.code == code
    _nothing_written(out.parent, out.name)
    return str(error.value)


def _frame():
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"x": rng.normal(size=60), "kind": rng.choice(["a", "b"], 60)})
    y = (X["x"] > 0).astype(int)
    return X, y


def test_a_function_transformer_names_its_step_and_what_is_supported(tmp_path):
    X, y = _frame()
    X["x"] = X["x"].abs()
    features = ColumnTransformer(
        [("numbers", make_pipeline(FunctionTransformer(np.log1p), StandardScaler()), ["x"]),
         ("kind", OneHotEncoder(), ["kind"])]
    )  # fmt: skip
    model = Pipeline([("features", features), ("model", LogisticRegression())]).fit(X, y)
    message = _refused(
        UnsupportedModelError, "UNSUPPORTED_MODEL", model, X, tmp_path / "logs", id="logs"
    )
    assert "'features › numbers › functiontransformer'" in message
    assert "log1p()" in message
    assert "Supported: scikit-learn's scalers" in message


class Doubler(BaseEstimator, RegressorMixin):
    def fit(self, X, y):
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        return np.asarray(X)[:, 0] * 2


def test_a_custom_class_names_its_step(tmp_path):
    X = pd.DataFrame({"x": np.arange(10.0)})
    model = make_pipeline(StandardScaler(), Doubler()).fit(X, X["x"])
    with pytest.raises(UnsupportedModelError, match=r"step 'doubler' is a Doubler \(from "):
        export(model, X, id="custom", out=tmp_path / "custom")
    _nothing_written(tmp_path, "custom")


def test_a_frame_with_other_columns_names_them(tmp_path):
    X, _ = prescriptions()
    model, *_ = prescriptions_tree()
    renamed = X.rename(columns={"blood pressure": "BP"}).assign(extra=1)
    message = _refused(DataError, "DATA_INVALID", model, renamed, tmp_path / "tree", id="tree")
    assert "missing 'blood pressure'" in message
    assert "not used by the model 'BP', 'extra'" in message


def test_an_output_directory_of_another_model_is_refused(tmp_path):
    model, X, _ = engines_svr()
    export(model, X, id="engines", out=tmp_path / "engines")
    before = sorted((tmp_path / "engines").iterdir())
    with pytest.raises(
        OutputError, match='holds the files of another model, "engines", not "fuel"'
    ):
        export(model, X, id="fuel", out=tmp_path / "engines")
    assert sorted((tmp_path / "engines").iterdir()) == before


def test_an_output_directory_with_other_files_is_refused(tmp_path):
    model, X, _ = engines_svr()
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match=r"not empty and holds no model \(notes.txt\)"):
        export(model, X, id="engines", out=tmp_path / "site")
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["notes.txt"]


def test_a_parity_failure_names_the_row_and_the_difference(tmp_path):
    model, X, _ = engines_svr()
    message = _refused(
        ParityError, "PARITY_FAILED", model, X, tmp_path / "svr",
        id="svr", golden=Golden(tolerance=1e-15),
    )  # fmt: skip
    assert "ONNX differs from the fitted model on" in message
    assert "row 0 (training row 1; Hubraum (l)=" in message
    assert "relative difference" in message


def test_changed_predictions_under_the_same_version_are_refused(tmp_path):
    X = pd.DataFrame({"x": np.arange(20.0)})
    first = LinearRegression().fit(X, X["x"] * 2)
    second = LinearRegression().fit(X, X["x"] * 3)
    export(first, X, id="line", out=tmp_path / "line")
    with pytest.raises(VersionError) as error:
        export(second, X, id="line", out=tmp_path / "line")
    assert 'version="1.0.1"' in str(error.value)
    assert error.value.code == "VERSION_NOT_BUMPED"
    manifest = json.loads((tmp_path / "line" / "manifest.json").read_text())
    assert manifest["version"] == "1.0.0"
    # The same predictions again are fine; a bumped version too.
    export(first, X, id="line", out=tmp_path / "line")
    export(second, X, id="line", out=tmp_path / "line", version="1.0.1")
    manifest = json.loads((tmp_path / "line" / "manifest.json").read_text())
    assert manifest["version"] == "1.0.1"
    _nothing_written(tmp_path, "nothing")


def test_a_model_below_the_callers_bar_is_refused(tmp_path):
    model, X, y = prescriptions_tree()
    with pytest.raises(QualityError, match=r"tree: cross-validated Accuracy 0\.\d+ ± .* below"):
        export(
            model, X, y, id="tree", out=tmp_path / "tree",
            cross_validation=CrossValidation(folds=3, minimum=1.01),
        )  # fmt: skip
    _nothing_written(tmp_path, "tree")


@pytest.mark.parametrize(
    ("card", "message"),
    [
        ({"inputs": {"Age": {"label": "Age"}}}, 'input "Age" is not one of the model\'s: age'),
        ({"classLabels": {"drug Z": "Z"}}, 'class "drug Z" is not one of'),
        ({"version": "1.0"}, r"card: version: '1.0' does not match"),
        ({"colour": "red"}, "Additional properties are not allowed"),
        ({"inputs": {"age": {"format": {"style": "money"}}}}, "manifest does not match the schema"),
        (
            {
                "inputs": {
                    "age": {"format": {"minimumFractionDigits": 3, "maximumFractionDigits": 1}}
                }
            },
            r"card: a number format the browser cannot display \(its minimum of fraction digits "
            r'must not exceed its maximum\): /inputs/\d+/format \(input "age"\): '
            "minimumFractionDigits 3 is greater than maximumFractionDigits 1",
        ),
    ],
)
def test_a_bad_card_is_refused_before_anything_is_written(tmp_path, card, message):
    model, X, _ = prescriptions_tree()
    with pytest.raises(CardError, match=message):
        export(model, X, id="tree", out=tmp_path / "tree", card=card)
    _nothing_written(tmp_path, "tree")


def test_an_id_that_cannot_be_a_url_is_refused(tmp_path):
    model, X, _ = engines_svr()
    with pytest.raises(CardError, match="lower-case letters, digits and dashes"):
        export(model, X, id="My Model", out=tmp_path / "m")


def test_missing_values_a_model_cannot_take_are_refused(tmp_path):
    X = pd.DataFrame({"x": [1.0, np.nan, 3.0, 4.0]})
    model = LinearRegression().fit(X.fillna(0), [1, 2, 3, 4])
    cannot = r"column\(s\) 'x' have missing values that no imputer fills, and the model cannot"
    with pytest.raises(DataError, match=cannot):
        export(model, X, id="holes", out=tmp_path / "holes")
    _nothing_written(tmp_path, "holes")
    text = pd.DataFrame({"kind": ["a", None, "b", "a"]})
    encoder = make_pipeline(OneHotEncoder(handle_unknown="ignore"), LinearRegression())
    encoder.fit(text.fillna("a"), [1, 2, 3, 4])
    with pytest.raises(DataError, match=r"no imputer of the pipeline fills them: .*empty category"):
        export(encoder, text, id="holes", out=tmp_path / "holes")


def test_an_unfitted_model_is_refused(tmp_path):
    X = pd.DataFrame({"x": [1.0, 2.0]})
    with pytest.raises(UnsupportedModelError, match="not fitted"):
        export(LinearRegression(), X, id="raw", out=tmp_path / "raw")


@pytest.fixture
def files(tmp_path):
    """A fitted model and its training data as files, the way the CLI takes them."""
    model, X, y = prescriptions_tree()
    joblib.dump(model, tmp_path / "model.joblib")
    X.assign(drug=y).to_csv(tmp_path / "train.csv", index=False)
    return tmp_path


def _cli(files, *extra):
    return main(["export", str(files / "model.joblib"), "--data", str(files / "train.csv"), *extra])


def test_the_cli_refuses_a_target_that_is_not_there(files, capsys):
    code = _cli(files, "--target", "Drug", "--id", "drug", "--out", str(files / "out"))
    assert code == 1
    error = capsys.readouterr().err
    assert "error: " in error and 'has no column "Drug" (did you mean "drug"?)' in error
    _nothing_written(files, "out")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            [],
            'a column the model was not fitted on, "drug": if it is what the model predicts, '
            "name it with --target drug",
        ),
        (["--target", "drug", "--card", "nope.json"], "card file nope.json not found"),
        (["--target", "drug", "--folds", "1"], "--folds must be 0"),
    ],
)
def test_the_cli_exits_1_with_the_message(files, capsys, monkeypatch, extra, message):
    monkeypatch.chdir(files)
    code = _cli(files, *extra, "--id", "drug", "--out", str(files / "out"))
    assert code == 1
    assert message in capsys.readouterr().err
    _nothing_written(files, "out")


def test_the_cli_refuses_a_file_that_is_no_model(files, capsys):
    (files / "broken.pkl").write_bytes(b"not a pickle")
    code = main(["export", str(files / "broken.pkl"), "--data", str(files / "train.csv"),
                 "--id", "x", "--out", str(files / "out")])  # fmt: skip
    assert code == 1
    assert "not a model file joblib or pickle can read" in capsys.readouterr().err
