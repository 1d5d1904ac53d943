"""`formcast site`: a complete static site from model directories, without Node.js.

The prebuilt app shipped in the package, each model directory under `models/<id>/` (checked
first: a valid manifest whose files have the hashes it records), `models/index.json` in the order
given, and a service worker whose precache list names exactly these models' files. Written like
a model directory: into a fresh sibling directory that replaces the output in one rename.
"""

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from formcast.constants import INDEX_FILE, MANIFEST_FILE
from formcast.errors import SiteError
from formcast.exporting.manifest import sha256_bytes, validate_manifest
from formcast.model_directory.write import MODEL_FILES, staging_directory, swap_in
from formcast.resources import app_dir, schema_path
from formcast.site.model_index import index_bytes
from formcast.site.precache import rewrite_service_worker

# What the repository's dist/ holds besides the app: its own models and the built packages.
NOT_APP = {"models", "packages"}


@dataclass(frozen=True)
class SiteResult:
    directory: Path
    models: list[dict]
    precached: list[str]


def read_model_directory(directory: Path) -> dict:
    """The directory's manifest, after checking it is a complete, intact model directory."""
    manifest_path = directory / MANIFEST_FILE
    if not manifest_path.is_file():
        raise SiteError(f"{directory} is not a model directory: it has no {MANIFEST_FILE}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        validate_manifest(manifest, schema_path())
    except ValueError as error:
        raise SiteError(f"{manifest_path} is not valid JSON: {error}") from error
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        raise SiteError(
            f"{manifest_path} does not match the schema at {where}: {error.message}"
        ) from error
    numeric = manifest["model"].get("numeric")
    for entry in [manifest["model"], *([numeric] if numeric else [])]:
        path = directory / entry["file"]
        if not path.is_file():
            raise SiteError(f"{path} is missing (the manifest lists it)")
        if sha256_bytes(path.read_bytes()) != entry["sha256"]:
            raise SiteError(f"{path} does not have the sha256 its manifest records: re-export it")
    golden = directory / manifest["golden"]["file"]
    if not golden.is_file():
        raise SiteError(f"{golden} is missing (the manifest lists it)")
    return manifest


def _looks_like_site(out: Path) -> bool:
    return (out / "index.html").is_file() and (out / "models" / INDEX_FILE).is_file()


def _copy_app(app: Path, staging: Path) -> None:
    for entry in app.iterdir():
        if entry.name in NOT_APP:
            continue
        target = staging / entry.name
        if entry.is_dir():
            shutil.copytree(entry, target)
        else:
            shutil.copy2(entry, target)


def build_site(model_dirs: Sequence[str | Path], out: str | Path) -> SiteResult:
    """Write a static site at `out` offering these model directories, the first one first."""
    if not model_dirs:
        raise SiteError("give at least one model directory")
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not _looks_like_site(out))):
        raise SiteError(
            f"{out} exists and is not a Formcast site: write the site into a new or empty directory"
        )
    manifests: list[dict] = []
    sources: list[Path] = []
    for given in model_dirs:
        directory = Path(given)
        manifest = read_model_directory(directory)
        clash = next((m for m in manifests if m["id"] == manifest["id"]), None)
        if clash is not None:
            raise SiteError(f'two model directories have the id "{manifest["id"]}": {given}')
        manifests.append(manifest)
        sources.append(directory)

    app = app_dir()
    scratch = staging_directory(out)
    try:
        _copy_app(app, scratch)
        models = scratch / "models"
        models.mkdir()
        for manifest, source in zip(manifests, sources, strict=True):
            target = models / manifest["id"]
            target.mkdir()
            for name in MODEL_FILES:
                if (source / name).is_file():
                    shutil.copy2(source / name, target / name)
        (models / INDEX_FILE).write_bytes(index_bytes(manifests))
        precached = rewrite_service_worker(scratch)
        swap_in(scratch, out)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return SiteResult(directory=out, models=manifests, precached=precached)


__all__ = ["SiteResult", "build_site", "read_model_directory"]
