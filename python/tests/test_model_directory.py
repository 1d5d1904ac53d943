"""A model directory is read as the browser reads it: each broken one is refused with the
browser's code, by scoring and by `formcast site` alike."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import formcast
from formcast import ModelLoadError, SiteError

from .conftest import MODELS


def _no_manifest(d: Path) -> None:
    (d / "manifest.json").unlink()


def _not_json(d: Path) -> None:
    (d / "manifest.json").write_text("{ not json")


def _off_schema(d: Path) -> None:
    manifest = json.loads((d / "manifest.json").read_text())
    manifest["inputs"][0]["type"] = "text"
    (d / "manifest.json").write_text(json.dumps(manifest))


def _tampered(d: Path) -> None:
    path = d / "model.numeric.onnx"
    path.write_bytes(path.read_bytes() + b"\0")


def _model_gone(d: Path) -> None:
    (d / "model.numeric.onnx").unlink()


CASES = [
    (_no_manifest, "MANIFEST_FETCH_FAILED", "is not a model directory: it has no manifest.json"),
    (_not_json, "MANIFEST_INVALID", "manifest.json is not JSON"),
    (_off_schema, "MANIFEST_INVALID", "does not match the manifest schema at inputs/0"),
    (_tampered, "MODEL_INTEGRITY", "model.numeric.onnx does not match its manifest: sha256"),
    (_model_gone, "MODEL_FETCH_FAILED", "model.numeric.onnx named by the manifest cannot be read"),
]


@pytest.mark.parametrize(("breaks", "code", "message"), CASES)
def test_a_broken_directory_is_refused_with_the_browsers_code(
    breaks: Callable[[Path], None], code: str, message: str, tmp_path: Path
) -> None:
    model = tmp_path / "drug"
    shutil.copytree(MODELS / "drug", model)
    breaks(model)
    frame = pd.DataFrame({"Age": ["47"], "Sex": ["F"], "BP": ["HIGH"], "Cholesterol": ["HIGH"],
                          "Na_to_K": ["14.5"]})  # fmt: skip
    with pytest.raises(ModelLoadError, match=message) as refused:
        formcast.score(frame, model)
    assert refused.value.code == code
    with pytest.raises(SiteError, match=message):
        formcast.build_site([model], tmp_path / "site")
    assert not (tmp_path / "site").exists()
