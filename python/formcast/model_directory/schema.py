"""The manifest's JSON Schema (schema/manifest.schema.json, the one the browser's loader checks
too): one validator for whoever writes a manifest (export) or reads one (scoring, a site)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from formcast.resources import schema_path


@cache
def _validator(path: Path) -> Any:
    # jsonschema is imported here, not at the top: reading a manifest is the only use.
    import jsonschema

    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def schema_error(manifest: object, schema: Path | None = None) -> Any:
    """The most relevant jsonschema.ValidationError of `manifest`, or None when it is valid."""
    import jsonschema

    validator = _validator(Path(schema) if schema is not None else schema_path())
    return jsonschema.exceptions.best_match(validator.iter_errors(manifest))


def validate_manifest(manifest: object, schema: Path | None = None) -> None:
    """Raises the most relevant jsonschema.ValidationError when the manifest breaks the schema."""
    error = schema_error(manifest, schema)
    if error is not None:
        raise error


def error_place(error: Any) -> str:
    """Where in the manifest a ValidationError is: `inputs/0/min`, or `(root)`."""
    return "/".join(str(part) for part in error.absolute_path) or "(root)"
