"""models/index.json: the list of model directories a site offers (the first one opens first)."""

import json
from collections.abc import Sequence
from pathlib import Path

from formcast.constants import INDEX_FILE
from formcast.model_directory.write import json_bytes, write_file_atomically


def index_entry(manifest: dict) -> dict:
    return {
        "id": manifest["id"],
        "title": manifest["title"],
        "path": f"{manifest['id']}/",
        "version": manifest["version"],
        "task": manifest["task"],
        "description": manifest["description"],
    }


def index_bytes(manifests: Sequence[dict]) -> bytes:
    return json_bytes({"models": [index_entry(m) for m in manifests]})


def update_index(models_dir: Path, manifests: Sequence[dict], order: Sequence[str]) -> Path:
    """Add or update these models' entries in models_dir/index.json.

    Entries are sorted by `order` (the site shows the first one), then come entries of other
    models (a directory someone dropped in), as they were.
    """
    path = Path(models_dir) / INDEX_FILE
    models = json.loads(path.read_text(encoding="utf-8"))["models"] if path.is_file() else []
    entries = {model.get("id"): model for model in models}
    entries |= {manifest["id"]: index_entry(manifest) for manifest in manifests}
    known = [entries[model_id] for model_id in order if model_id in entries]
    unknown = [model for model in models if model.get("id") not in order]
    write_file_atomically(path, json_bytes({"models": known + unknown}))
    return path
