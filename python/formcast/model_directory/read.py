"""A model directory as the browser loads it: manifest validated, model bytes checked by sha256."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from formcast.constants import MANIFEST_FILE
from formcast.errors import ModelLoadError
from formcast.resources import schema_path


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


def load_model_dir(path: str | Path, *, variant: str = "browser") -> ModelDir:
    """Reads `manifest.json` and the model file it names, refusing what the browser refuses.

    `variant` "browser" picks what the browser runs (the numeric file when there is one);
    "full" forces `model.onnx`, whose encoders are inside the graph.
    """
    directory = Path(path)
    manifest_path = directory / MANIFEST_FILE
    try:
        text = manifest_path.read_text(encoding="utf-8")
    except OSError as error:
        raise ModelLoadError(
            "MANIFEST_FETCH_FAILED",
            f"{directory} is not a model directory: {manifest_path} cannot be read "
            f"({error.strerror}).",
        ) from error
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as error:
        raise ModelLoadError("MANIFEST_INVALID", f"{manifest_path} is not JSON: {error}") from error
    _validate(manifest, manifest_path)

    numeric = manifest["model"].get("numeric")
    entry = numeric if numeric and variant == "browser" else manifest["model"]
    model_path = directory / entry["file"]
    try:
        data = model_path.read_bytes()
    except OSError as error:
        raise ModelLoadError(
            "MODEL_FETCH_FAILED",
            f"The model file {model_path} named by the manifest cannot be read ({error.strerror}).",
        ) from error
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry["sha256"]:
        raise ModelLoadError(
            "MODEL_INTEGRITY",
            f"{model_path} does not match its manifest: sha256 {digest}, expected "
            f"{entry['sha256']}. The directory is corrupt or mixes files of two exports.",
        )
    return ModelDir(directory, manifest, "numeric" if entry is numeric else "full", data, digest)


def _validate(manifest: object, where: Path) -> None:
    errors = sorted(_validator().iter_errors(manifest), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        at = "/".join(str(p) for p in first.absolute_path) or "(top level)"
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise ModelLoadError(
            "MANIFEST_INVALID",
            f"{where} does not match the manifest schema at {at}: {first.message}{more}",
        )


@cache
def _validator() -> Any:
    # Not formcast.exporting.manifest's validator: that module brings scikit-learn and onnx,
    # which a Spark worker or a DuckDB session scoring rows never needs.
    import jsonschema

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)
