"""The committed public/models/ files must be what a fresh training run produces."""

import json
import math

import pytest

from formcast.constants import (
    GOLDEN_FILE,
    INDEX_FILE,
    MANIFEST_FILE,
    MODEL_FILE,
    NUMERIC_MODEL_FILE,
    TREE_FILE,
)
from formcast.model_directory.read import sha256_bytes
from formcast.model_directory.schema import validate_manifest
from formcast.site.model_index import index_entry
from training import config, models

IDS = list(models.IDS)


def _read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _without(manifest, *paths):
    manifest = json.loads(json.dumps(manifest))
    for path in paths:
        *parents, leaf = path
        node = manifest
        for key in parents:
            node = node[key]
        node.pop(leaf, None)
    return manifest


def _stale(model_id):
    return (
        f"public/models/{model_id}/ is stale: run `bash scripts/python.sh -m training train` "
        "and commit"
    )


def _committed(model_id):
    return config.MODELS_DIR / model_id


@pytest.mark.parametrize("model_id", IDS)
def test_committed_models_are_what_training_produces(exported_models, model_id):
    fresh = exported_models[model_id].directory
    for name in (MODEL_FILE, NUMERIC_MODEL_FILE):
        committed = (_committed(model_id) / name).read_bytes()
        assert committed == (fresh / name).read_bytes(), f"{name}: {_stale(model_id)}"


def _same_up_to_float64_rounding(a, b) -> bool:
    """Equal structures whose floats may differ in the last bits of a float64.

    scikit-learn's answers go through numpy's vectorised exp/log, whose last bit depends on the
    CPU's instruction set (seen here: house golden values 66647.68672404617 on one machine,
    …616 on another, the same model.onnx bytes). 1e-12 relative is ~4,500 float64 ulps and
    a million times tighter than the golden tolerances, so a real change still fails.
    """
    if isinstance(a, float) or isinstance(b, float):
        return (
            isinstance(a, int | float)
            and isinstance(b, int | float)
            and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)
        )
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_up_to_float64_rounding(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same_up_to_float64_rounding, a, b))
    return type(a) is type(b) and a == b


def test_float64_rounding_comparison_still_sees_real_changes():
    assert _same_up_to_float64_rounding({"v": [66647.68672404617]}, {"v": [66647.68672404616]})
    assert not _same_up_to_float64_rounding({"v": [66647.6867240]}, {"v": [66647.6867241]})
    assert not _same_up_to_float64_rounding({"label": "drugA"}, {"label": "drugB"})
    assert not _same_up_to_float64_rounding([1.0, 2.0], [1.0])


@pytest.mark.parametrize("model_id", IDS)
def test_committed_golden_rows_are_what_training_produces(exported_models, model_id):
    committed = _read_json(_committed(model_id) / GOLDEN_FILE)
    fresh = _read_json(exported_models[model_id].directory / GOLDEN_FILE)
    assert _same_up_to_float64_rounding(committed, fresh), _stale(model_id)


@pytest.mark.parametrize("model_id", IDS)
def test_committed_manifest_is_what_training_produces(exported_models, model_id):
    committed = _read_json(_committed(model_id) / MANIFEST_FILE)
    validate_manifest(committed, config.SCHEMA_PATH)
    for entry in (committed["model"], committed["model"]["numeric"]):
        model_bytes = (_committed(model_id) / entry["file"]).read_bytes()
        assert entry["sha256"] == sha256_bytes(model_bytes)
        assert entry["bytes"] == len(model_bytes)
    # The timestamp and the interpreter's patch level do not change the model.
    volatile = (("createdAt",), ("training", "libraries", "python"))
    fresh = exported_models[model_id].result.manifest
    assert _without(committed, *volatile) == _without(fresh, *volatile), _stale(model_id)


def test_committed_tree_is_what_training_produces(exported):
    committed = (_committed("drug") / TREE_FILE).read_bytes()
    assert committed == (exported.directory / TREE_FILE).read_bytes(), _stale("drug")


def test_index_lists_the_three_models_drug_first(exported_models):
    index = _read_json(config.MODELS_DIR / INDEX_FILE)
    assert [m["id"] for m in index["models"]] == ["drug", "hr", "house"]
    for entry in index["models"]:
        manifest = _read_json(config.MODELS_DIR / entry["path"] / MANIFEST_FILE)
        assert entry == index_entry(manifest)
        assert set(entry) == {"id", "title", "path", "version", "task", "description"}
        assert entry == index_entry(exported_models[entry["id"]].result.manifest)


@pytest.mark.parametrize("model_id", IDS)
def test_model_directory_is_complete(model_id):
    names = [MODEL_FILE, NUMERIC_MODEL_FILE, MANIFEST_FILE, GOLDEN_FILE]
    names += [TREE_FILE] if model_id == "drug" else []
    present = sorted(p.name for p in _committed(model_id).iterdir())
    assert present == sorted(names)
