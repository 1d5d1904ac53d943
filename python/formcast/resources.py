"""Where the package finds the files it ships: the manifest schema and the prebuilt web app.

An installed wheel carries both inside the package (`formcast/manifest.schema.json`,
`formcast/app/`). Run from a checkout of the repository instead, the same files are the
repository's own `schema/manifest.schema.json` and the `dist/` that `npm run build` writes.
"""

from pathlib import Path

from formcast.errors import SiteError

PACKAGE_DIR = Path(__file__).resolve().parent
# python/formcast/ → the repository root, when running from a checkout.
REPOSITORY_ROOT = PACKAGE_DIR.parent.parent

SCHEMA_NAME = "manifest.schema.json"


def schema_path() -> Path:
    packaged = PACKAGE_DIR / SCHEMA_NAME
    if packaged.is_file():
        return packaged
    return REPOSITORY_ROOT / "schema" / SCHEMA_NAME


def app_dir() -> Path:
    """The built app (index.html, sw.js, assets/...), without any models."""
    packaged = PACKAGE_DIR / "app"
    if (packaged / "index.html").is_file():
        return packaged
    built = REPOSITORY_ROOT / "dist"
    if (built / "index.html").is_file() and (REPOSITORY_ROOT / "package.json").is_file():
        return built
    raise SiteError(
        "this formcast installation has no prebuilt app: install the wheel that "
        "`npm run package` builds, or run `npm run build` in the repository first"
    )
