"""`formcast site`: a complete static site from model directories, without Node.js.

The prebuilt app shipped in the package, each model directory under `models/<id>/` (checked
first: a valid manifest whose files have the hashes it records), `models/index.json` in the order
given, and a service worker whose precache list names exactly these models' files. Written like
a model directory: into a fresh sibling directory that replaces the output in one rename.
"""

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from formcast.constants import INDEX_FILE
from formcast.errors import ModelLoadError, SiteError
from formcast.model_directory.read import check_model_directory
from formcast.model_directory.write import MODEL_FILES, replacing
from formcast.resources import app_dir
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
    try:
        return check_model_directory(directory)
    except ModelLoadError as error:
        raise SiteError(str(error)) from error


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
    with replacing(out) as scratch:
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
    return SiteResult(directory=out, models=manifests, precached=precached)


__all__ = ["SiteResult", "build_site", "read_model_directory"]
