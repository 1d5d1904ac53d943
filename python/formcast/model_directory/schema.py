"""The manifest's JSON Schema (schema/manifest.schema.json, the one the browser's loader checks
too): one validator for whoever writes a manifest (export) or reads one (scoring, a site); and
the rules a schema cannot say that the browser's loader adds (src/manifest/parse-manifest.ts),
proven equal by the cases of tests/fixtures/manifest-rules.json that both test suites run."""

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


def number_format_places(manifest: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every number format of the manifest with its place (a JSON pointer), in the browser's
    order: inputs, the regression output, the cross-validated metric, the other metrics."""
    found = [
        (f"/inputs/{i}/format", spec["format"])
        for i, spec in enumerate(manifest.get("inputs", []))
        if spec.get("type") == "number" and "format" in spec
    ]
    outputs = manifest.get("outputs", {})
    if manifest.get("task") == "regression" and "format" in outputs:
        found.append(("/outputs/format", outputs["format"]))
    metrics = manifest.get("metrics", {})
    if "format" in metrics.get("crossValidation", {}):
        found.append(("/metrics/crossValidation/format", metrics["crossValidation"]["format"]))
    for i, metric in enumerate(metrics.get("others", [])):
        if "format" in metric:
            found.append((f"/metrics/others/{i}/format", metric["format"]))
    return found


def number_format_problems(manifest: dict[str, Any]) -> list[str]:
    """Formats the schema accepts but the browser's Intl.NumberFormat refuses (a minimum of
    fraction digits above the maximum), with the browser's words: `/outputs/format:
    minimumFractionDigits 4 is greater than maximumFractionDigits 2`."""
    problems = []
    for place, number_format in number_format_places(manifest):
        low = number_format.get("minimumFractionDigits")
        high = number_format.get("maximumFractionDigits")
        if low is not None and high is not None and low > high:
            problems.append(
                f"{place}: minimumFractionDigits {low} is greater than maximumFractionDigits {high}"
            )
    return problems
