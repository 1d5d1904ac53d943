"""Writing one model directory: all files at once or none, and never over something else.

The files are written into a fresh sibling directory, which then replaces the output directory
in one rename (the previous one, if any, is renamed away first and removed after): a reader
never sees a half-written model, and a failed export leaves no partial directory behind.
"""

import json
import shutil
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from formcast.constants import GOLDEN_FILE, MANIFEST_FILE, MODEL_FILE, NUMERIC_MODEL_FILE, TREE_FILE
from formcast.errors import OutputError

MODEL_FILES = (MODEL_FILE, NUMERIC_MODEL_FILE, MANIFEST_FILE, GOLDEN_FILE, TREE_FILE)


def read_existing(out: Path, model_id: str) -> dict | None:
    """The manifest of the model already in `out` (None when `out` is new or empty); refuses a
    directory holding anything but an earlier export of this same model."""
    if not out.exists():
        return None
    if not out.is_dir():
        raise OutputError(f"{out} exists and is not a directory")
    present = sorted(p.name for p in out.iterdir())
    if not present:
        return None
    manifest_path = out / MANIFEST_FILE
    if not manifest_path.is_file():
        raise OutputError(
            f"{out} is not empty and holds no model ({', '.join(present[:5])}"
            f"{'...' if len(present) > 5 else ''}): export into a new or empty directory"
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        other_id = manifest["id"]
    except (ValueError, KeyError, TypeError) as error:
        raise OutputError(
            f"{manifest_path} is not a readable Formcast manifest: {error}"
        ) from error
    if other_id != model_id:
        raise OutputError(
            f'{out} holds the files of another model, "{other_id}", not "{model_id}": export '
            "into a new directory, or remove it first"
        )
    foreign = [name for name in present if name not in MODEL_FILES]
    if foreign:
        raise OutputError(
            f"{out} holds files that are not part of a model directory ({', '.join(foreign)}); "
            "exporting would delete them: move them elsewhere first"
        )
    return manifest


def read_golden(out: Path) -> dict | None:
    path = out / GOLDEN_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _staging_directory(out: Path) -> Path:
    """A fresh, empty sibling of `out` to assemble its next content in."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.formcast-{uuid.uuid4().hex[:10]}"
    staging.mkdir()  # mode from the umask, like any directory the user makes
    return staging


def _swap_in(staging: Path, out: Path) -> None:
    """Make `staging` the new `out` in one rename; an earlier `out` is renamed away first and
    removed after, and put back if the rename fails."""
    if not out.exists():
        staging.rename(out)
        return
    retired = staging.with_name(f"{staging.name}-old")
    out.rename(retired)
    try:
        staging.rename(out)
    except BaseException:
        retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """A fresh directory beside `out` to fill; when the block ends without an error it becomes
    `out` in one rename, else it is removed and `out` stays as it was (never half-written)."""
    staging = _staging_directory(out)
    try:
        yield staging
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_directory(out: Path, files: Mapping[str, bytes]) -> None:
    """Replace `out` by a directory holding exactly `files`, in one rename."""
    with replacing(out) as staging:
        for name, data in files.items():
            (staging / name).write_bytes(data)


def json_bytes(value: dict) -> bytes:
    """A JSON file of the directory (manifest.json, index.json): indented, UTF-8, a final LF."""
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_file_atomically(path: Path, data: bytes) -> None:
    # A reader (a dev server, a test) never sees a half-written file.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
