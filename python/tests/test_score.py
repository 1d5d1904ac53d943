"""formcast.score() on pandas and Arrow tables: parity with the golden rows, the browser's
messages for bad rows, and what happens to the table's own columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import formcast
from formcast import FormcastError
from formcast.scoring.scorer import Scorer

from .conftest import MODELS, as_text, assert_matches_golden, golden


def _golden_frame(model_id: str, text: bool) -> pd.DataFrame:
    rows = [r["inputs"] for r in golden(model_id)["rows"]]
    frame = pd.DataFrame(rows)
    return frame.map(as_text) if text else frame


@pytest.mark.parametrize("text", [False, True], ids=["typed", "text"])
def test_golden_rows_pandas(model_id: str, text: bool) -> None:
    out = formcast.score(_golden_frame(model_id, text), MODELS / model_id)
    assert_matches_golden(model_id, {c: out[c].tolist() for c in out.columns})


def test_golden_rows_full_model_and_arrow(model_id: str) -> None:
    """model.onnx (encoders in the graph, string tensors) agrees too, read from Arrow text."""
    from formcast.model_directory.read import load_model_dir

    table = pa.Table.from_pandas(_golden_frame(model_id, text=True), preserve_index=False)
    scorer = Scorer(load_model_dir(MODELS / model_id, variant="full"))
    assert scorer.model.variant == "full"
    out = formcast.score(table, scorer)
    assert isinstance(out, pa.Table)
    assert_matches_golden(model_id, {c: out.column(c).to_pylist() for c in out.column_names})


def test_bad_rows_get_the_browsers_messages_and_keep_their_place() -> None:
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e", "f"],
            "Age": [" 47 ", "abc", None, "60", "1e400", "NaN"],
            "Sex": ["f", "M", "X", "F", "F", "F"],
            "BP": ["high", "LOW", "LOW", "LOW", "LOW", "LOW"],
            "Cholesterol": ["HIGH", "HIGH", "HIGH", "HIGH", "", "HIGH"],
            "Na_to_K": ["14", "20,5", "10", "inf", "3", "20"],
        }
    )
    out = formcast.score(frame, MODELS / "drug")
    assert out["id"].tolist() == list("abcdef")
    assert out["error"].tolist() == [
        None,
        'Age: "abc" is not a number; '
        'Na_to_K: "20,5" is not a number (use a dot as the decimal separator)',
        'Age: missing; Sex: "X" is not one of F, M',
        'Na_to_K: "inf" is not a finite number',
        'Age: "1e400" is outside the range of numbers the model can take (±3.4e38); '
        "Cholesterol: missing",
        'Age: "NaN" is not a finite number',
    ]
    assert out["predicted_label"].tolist() == ["drugA", None, None, None, None, None]
    assert out["p_drugA"].tolist()[0] == 1.0
    assert out.loc[1:, "p_drugA"].isna().all()


def test_typed_columns_nan_is_an_empty_cell_and_infinity_is_refused() -> None:
    frame = pd.DataFrame(
        {
            "Age": [47.0, np.nan, np.inf, 47],
            "Sex": ["F"] * 4,
            "BP": ["HIGH"] * 4,
            "Cholesterol": ["HIGH"] * 4,
            "Na_to_K": [14.0, 14.0, 14.0, -np.inf],
        }
    )
    out = formcast.score(frame, MODELS / "drug")
    assert out["error"].tolist() == [
        None,
        "Age: missing",
        "Age: Infinity is not a finite number",
        "Na_to_K: -Infinity is not a finite number",
    ]


def test_empty_optional_inputs_are_imputed_like_the_browser() -> None:
    """house: NaN, None and "" in optional columns give the golden rows' answers for null."""
    g = golden("house")
    rows = [r for r in g["rows"] if any(v is None for v in r["inputs"].values())]
    assert len(rows) >= 5
    frame = pd.DataFrame([r["inputs"] for r in rows])
    as_strings = frame.map(as_text)  # "" where the golden row has null
    for table in (frame, as_strings):
        out = formcast.score(table, MODELS / "house")
        assert out["error"].isna().all()
        np.testing.assert_allclose(
            out["predicted_value"].to_numpy(np.float64), [r["value"] for r in rows], rtol=1e-5
        )


def test_category_numbers_are_read_as_javascript_writes_them() -> None:
    """hr's 0/1 categories given as integers or floats (Parquet, pandas) match "0"/"1"."""
    rows = [r["inputs"] for r in golden("hr")["rows"][:20]]
    frame = pd.DataFrame(rows)
    for kind in ("int64", "float64"):
        typed = frame.astype({"Work_accident": kind, "promotion_last_5years": kind})
        out = formcast.score(typed, MODELS / "hr")
        assert out["error"].isna().all()
        assert out["predicted_label"].tolist() == [r["label"] for r in golden("hr")["rows"][:20]]


def test_regression_range_is_the_manifests_interval_in_float64() -> None:
    import json

    manifest = json.loads((MODELS / "house" / "manifest.json").read_text())
    interval = manifest["outputs"]["interval"]
    out = formcast.score(_golden_frame("house", text=False).head(5), MODELS / "house")
    assert out.columns[-4:].tolist() == ["predicted_value", "range_low", "range_high", "error"]
    value = out["predicted_value"].to_numpy(np.float64)
    assert out["predicted_value"].dtype == np.float32
    np.testing.assert_array_equal(out["range_low"], value * interval["lower"])
    np.testing.assert_array_equal(out["range_high"], value * interval["upper"])


def test_columns_pass_through_and_a_scored_table_can_be_scored_again() -> None:
    frame = _golden_frame("drug", text=False).head(4)
    frame.insert(0, "patient id", ["p1", "p2", "p3", "p4"])
    frame.index = [10, 11, 12, 13]
    once = formcast.score(frame, MODELS / "drug")
    assert once.columns.tolist()[:6] == frame.columns.tolist()
    assert once.index.tolist() == [10, 11, 12, 13]
    twice = formcast.score(once, MODELS / "drug")
    assert twice.columns.tolist() == once.columns.tolist()
    pd.testing.assert_frame_equal(twice, once)


def test_a_missing_input_column_is_refused_with_the_browsers_message() -> None:
    frame = _golden_frame("drug", text=False).rename(columns={"Na_to_K": "Na_to_k"})
    with pytest.raises(FormcastError) as caught:
        formcast.score(frame, MODELS / "drug")
    assert caught.value.code == "CSV_INVALID"
    assert 'Missing column "Na_to_K": the file has "Na_to_k"' in str(caught.value)


def test_refuses_what_is_not_a_table() -> None:
    with pytest.raises(TypeError, match="pandas DataFrame or a pyarrow Table"):
        formcast.score([{"Age": 1}], MODELS / "drug")  # type: ignore[type-var]
