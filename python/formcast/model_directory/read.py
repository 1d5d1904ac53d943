"""A model directory as the browser loads it: the manifest checked against the schema, each
model file against the sha256 the manifest records. Scoring loads one; a site checks every
file of each directory it copies. Failures carry the browser's codes (ModelLoadError)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formcast.constants import MANIFEST_FILE
from formcast.errors import ModelLoadError
from formcast.model_directory.schema import error_place, number_format_problems, schema_error


@dataclass(frozen=True)
class ModelDir:
    """What scoring needs from a model directory."""

    path: Path
    manifest: dict[str, Any]
    #: The ONNX file scoring runs: the numeric variant when the manifest lists one, as in the
    #: browser ("numeric"), else the full pipeline ("full").
    variant: str
    model_bytes: bytes
    sha256: str

    @property
    def inputs(self) -> list[dict[str, Any]]:
        return self.manifest["inputs"]

    @property
    def is_regression(self) -> bool:
        return self.manifest["task"] == "regression"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(directory: Path) -> dict[str, Any]:
    """`directory/manifest.json`, parsed, valid against the schema, its number formats usable."""
    path = directory / MANIFEST_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ModelLoadError(
            "MANIFEST_FETCH_FAILED",
            f"{directory} is not a model directory: it has no {MANIFEST_FILE}",
        ) from error
    except (OSError, UnicodeDecodeError) as error:
        raise ModelLoadError(
            "MANIFEST_FETCH_FAILED", f"{path} cannot be read as UTF-8 text ({error})."
        ) from error
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as error:
        raise ModelLoadError("MANIFEST_INVALID", f"{path} is not JSON: {error}") from error
    problem = schema_error(manifest)
    if problem is not None:
        raise ModelLoadError(
            "MANIFEST_INVALID",
            f"{path} does not match the manifest schema at {error_place(problem)}: "
            f"{problem.message}",
        )
    inconsistent = number_format_problems(manifest)
    if inconsistent:
        raise ModelLoadError(
            "MANIFEST_INVALID", f"{path} is inconsistent: {'; '.join(inconsistent)}"
        )
    return manifest


def read_model_file(directory: Path, entry: dict[str, Any]) -> bytes:
    """The bytes of a model file the manifest lists (`model`, or its `numeric` variant),
    refused unless they have the sha256 the manifest records."""
    path = directory / entry["file"]
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ModelLoadError(
            "MODEL_FETCH_FAILED",
            f"The model file {path} named by the manifest cannot be read ({error.strerror}).",
        ) from error
    digest = sha256_bytes(data)
    if digest != entry["sha256"]:
        raise ModelLoadError(
            "MODEL_INTEGRITY",
            f"{path} does not match its manifest: sha256 {digest}, expected "
            f"{entry['sha256']}. The directory is corrupt or mixes files of two exports.",
        )
    return data


def load_model_dir(path: str | Path, *, variant: str = "browser") -> ModelDir:
    """Reads `manifest.json` and the model file it names, refusing what the browser refuses.

    `variant` "browser" picks what the browser runs (the numeric file when there is one);
    "full" forces `model.onnx`, whose encoders are inside the graph.
    """
    directory = Path(path)
    manifest = read_manifest(directory)
    numeric = manifest["model"].get("numeric")
    entry = numeric if numeric and variant == "browser" else manifest["model"]
    data = read_model_file(directory, entry)
    kind = "numeric" if entry is numeric else "full"
    return ModelDir(directory, manifest, kind, data, entry["sha256"])


def check_model_directory(path: str | Path) -> dict[str, Any]:
    """The manifest of a complete, intact model directory: every model file it lists has the
    recorded hash, and its golden rows are there."""
    directory = Path(path)
    manifest = read_manifest(directory)
    numeric = manifest["model"].get("numeric")
    for entry in [manifest["model"], *([numeric] if numeric else [])]:
        read_model_file(directory, entry)
    golden = directory / manifest["golden"]["file"]
    if not golden.is_file():
        raise ModelLoadError("MANIFEST_INVALID", f"{golden} is missing (the manifest lists it)")
    return manifest
