"""The manifest rules the schema cannot say, as the browser's loader applies them: the cases of
tests/fixtures/manifest-rules.json, which tests/unit/hostile-manifest.test.ts runs too."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from formcast import ModelLoadError
from formcast.model_directory.read import read_manifest

from .conftest import MODELS, REPO

RULES = json.loads((REPO / "tests" / "fixtures" / "manifest-rules.json").read_text("utf-8"))


def _with_values(manifest: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The manifest with each value set at its JSON pointer (the last key is created)."""
    changed = copy.deepcopy(manifest)
    for pointer, value in values.items():
        *keys, last = pointer.split("/")[1:]
        node: Any = changed
        for key in keys:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[last] = value
    return changed


@pytest.mark.parametrize("case", RULES["cases"], ids=[c["name"] for c in RULES["cases"]])
def test_a_model_directory_is_read_with_the_browsers_rules(
    case: dict[str, Any], tmp_path: Path
) -> None:
    manifest = json.loads((MODELS / case["model"] / "manifest.json").read_text("utf-8"))
    (tmp_path / "manifest.json").write_text(json.dumps(_with_values(manifest, case["set"])))
    if not case["problems"]:
        read_manifest(tmp_path)
        return
    with pytest.raises(ModelLoadError) as refused:
        read_manifest(tmp_path)
    assert refused.value.code == "MANIFEST_INVALID"
    assert str(refused.value).endswith(f"is inconsistent: {'; '.join(case['problems'])}")
