"""The committed public/models/ files must be what a fresh training run produces."""

import json

import pytest

from training import config
from training.export import TREE_FILE, _sha256_bytes, validate_manifest


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


STALE = "public/models/drug/ is stale: run `bash scripts/python.sh -m training train` and commit"


def test_committed_model_is_what_training_produces(exported):
    committed = (config.MODEL_DIR / config.MODEL_FILE).read_bytes()
    assert _sha256_bytes(committed) == exported.result.model_sha256, STALE


def test_committed_golden_rows_are_what_training_produces(exported):
    committed = _read_json(config.MODEL_DIR / config.GOLDEN_FILE)
    fresh = _read_json(exported.directory / config.GOLDEN_FILE)
    assert [r["label"] for r in committed["rows"]] == [r["label"] for r in fresh["rows"]], STALE
    assert committed == fresh, STALE


def test_committed_manifest_is_what_training_produces(exported):
    committed = _read_json(config.MODEL_DIR / config.MANIFEST_FILE)
    validate_manifest(committed, config.SCHEMA_PATH)
    committed_model = (config.MODEL_DIR / config.MODEL_FILE).read_bytes()
    assert committed["model"]["sha256"] == _sha256_bytes(committed_model)
    assert committed["model"]["bytes"] == len(committed_model)
    # The timestamp and the interpreter's patch level do not change the model.
    volatile = (("createdAt",), ("training", "libraries", "python"))
    assert _without(committed, *volatile) == _without(exported.result.manifest, *volatile), STALE


def test_committed_tree_is_what_training_produces(exported):
    committed = (config.MODEL_DIR / TREE_FILE).read_bytes()
    assert committed == (exported.directory / TREE_FILE).read_bytes(), STALE


def test_index_lists_the_model():
    index = _read_json(config.MODELS_DIR / config.INDEX_FILE)
    entries = [m for m in index["models"] if m["id"] == config.MODEL_ID]
    assert entries == [
        {
            "id": "drug",
            "title": config.MODEL_TITLE,
            "path": "drug/",
            "version": config.MODEL_VERSION,
        }
    ]


@pytest.mark.parametrize(
    "name", [config.MODEL_FILE, config.MANIFEST_FILE, config.GOLDEN_FILE, TREE_FILE]
)
def test_model_directory_is_complete(name):
    assert (config.MODEL_DIR / name).is_file()
