"""The browser's input rules for one value: `src/inputs/validate-inputs.ts`, line by line.

Both implementations run the same table of cases (`tests/fixtures/input-rules.json`, in Vitest and
in pytest), so the parsed values and the messages cannot drift apart. Column-at-a-time scoring
(`column_rules.py`) applies these functions once per distinct value of a column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any, Literal

from formcast.scoring.browser_text import js_number, js_string, js_trim, quote_value

IssueCode = Literal[
    "missing", "not-a-number", "not-finite", "too-large", "unknown-category", "unknown-field"
]

# The smallest magnitude float32 rounds to infinity (2**128 - 2**103): the model's number tensors
# are float32, so such a value is refused rather than fed to the model as Infinity.
FLOAT32_OVERFLOW = 3.4028235677973366e38

# Plain decimal or scientific notation, as the browser accepts it. Written so that no two parts
# can match the same digits, which keeps a long run of digits linear for a backtracking engine.
DECIMAL_PATTERN = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_DECIMAL = re.compile(DECIMAL_PATTERN)
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
#: A decimal comma (`14,5`): a number in `;` files, a hint in the message elsewhere.
DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+")


@dataclass(frozen=True)
class Issue:
    """One problem with one value, as `InputIssue` in src/errors.ts."""

    field: str
    code: IssueCode
    message: str


@dataclass(frozen=True)
class RangeWarning:
    """A valid value the model never saw in training (not written to scored outputs)."""

    field: str
    code: Literal["out-of-range"]
    message: str


@dataclass(frozen=True)
class Checked:
    """A value ready for the model: a float for a number input, the canonical category else."""

    value: float | str
    warning: RangeWarning | None = None


def is_blank(raw: object) -> bool:
    """Empty as the browser sees it: absent, null, or text of spaces only."""
    return raw is None or (isinstance(raw, str) and js_trim(raw) == "")


def check_number(spec: Mapping[str, Any], raw: object) -> Checked | Issue:
    """A number input's value: text by the browser's grammar, or a number from code."""
    field = spec["name"]
    if is_blank(raw):
        return Issue(field, "missing", f"{field}: missing")
    if _is_foreign(raw):
        return Issue(field, "not-a-number", f"{field}: {_describe_foreign(raw)} is not a number")
    if isinstance(raw, str):
        text = js_trim(raw)
        if _NON_FINITE.fullmatch(text):
            return Issue(field, "not-finite", f"{field}: {quote_value(raw)} is not a finite number")
        if not _DECIMAL.fullmatch(text):
            hint = " (use a dot as the decimal separator)" if DECIMAL_COMMA.fullmatch(text) else ""
            message = f"{field}: {quote_value(raw)} is not a number{hint}"
            return Issue(field, "not-a-number", message)
        value = float(text)
        shown = quote_value(raw)
    else:
        value = float(raw)  # type: ignore[arg-type]
        if not math.isfinite(value):
            return Issue(field, "not-finite", f"{field}: {js_number(value)} is not a finite number")
        shown = js_number(value)
    if abs(value) >= FLOAT32_OVERFLOW:
        return too_large(field, shown)
    return Checked(value, _range_warning(spec, value))


def too_large(field: str, shown: str) -> Issue:
    """A number float32 cannot hold (±3.4e38): the model would receive Infinity."""
    return Issue(
        field,
        "too-large",
        f"{field}: {shown} is outside the range of numbers the model can take (±3.4e38)",
    )


def _range_warning(spec: Mapping[str, Any], value: float) -> RangeWarning | None:
    low, high = spec["min"], spec["max"]
    if low <= value <= high:
        return None
    unit = f" {spec['unit']}" if spec.get("unit") else ""
    return RangeWarning(
        spec["name"],
        "out-of-range",
        f"{spec['name']}: {js_number(value)} is outside the training range "
        f"{js_number(low)}–{js_number(high)}{unit}; the prediction is an extrapolation",
    )


def canonical_category(categories: Sequence[str], text: str) -> str | None:
    """The category `text` names: itself, or the only one equal to it ignoring case and spaces."""
    trimmed = js_trim(text)
    if trimmed in categories:
        return trimmed
    folded = [c for c in categories if c.lower() == trimmed.lower()]
    return folded[0] if len(folded) == 1 else None


def check_category(spec: Mapping[str, Any], raw: object) -> Checked | Issue:
    """A category input's value, matched exactly or case-insensitively when that is unambiguous."""
    field = spec["name"]
    if is_blank(raw):
        return Issue(field, "missing", f"{field}: missing")
    categories = ", ".join(spec["categories"])
    if _is_foreign(raw):
        return Issue(
            field,
            "unknown-category",
            f"{field}: {_describe_foreign(raw)} is not one of {categories}",
        )
    text = js_string(raw)
    canonical = canonical_category(spec["categories"], text)
    if canonical is not None:
        return Checked(canonical)
    message = f"{field}: {quote_value(text)} is not one of {categories}"
    return Issue(field, "unknown-category", message)


def _is_foreign(raw: object) -> bool:
    """Neither text nor a number: never turned into text that might happen to name a category."""
    return _is_boolean(raw) or not isinstance(raw, str | int | float | Real)


def _is_boolean(raw: object) -> bool:
    return isinstance(raw, bool) or type(raw).__name__ == "bool_"  # NumPy's


def _describe_foreign(raw: object) -> str:
    if _is_boolean(raw):
        return f"{js_string(raw)} (a boolean)"
    return "an object"


def check_value(spec: Mapping[str, Any], raw: object) -> Checked | Issue | None:
    """One input's value; None for an optional input left empty (the model imputes it)."""
    if spec.get("optional") and is_blank(raw):
        return None
    return check_number(spec, raw) if spec["type"] == "number" else check_category(spec, raw)


@dataclass(frozen=True)
class Validation:
    """validateInputs()'s answer for one row given as a mapping of input names to values."""

    values: dict[str, float | str | None] | None
    issues: list[Issue]
    warnings: list[RangeWarning]


def validate_inputs(specs: Sequence[Mapping[str, Any]], raw: Mapping[str, object]) -> Validation:
    """A whole row by name, as the form, URL and API give it: unknown names are errors too."""
    issues: list[Issue] = []
    warnings: list[RangeWarning] = []
    values: dict[str, float | str | None] = {}
    known = [s["name"] for s in specs]
    for name in raw:
        if name in known:
            continue
        suggestion = closest_name(name, known)
        hint = f' (did you mean "{suggestion}"?)' if suggestion else ""
        issues.append(
            Issue(
                name,
                "unknown-field",
                f"Unknown input {quote_value(name)}{hint}. Expected: {', '.join(known)}",
            )
        )
    for spec in specs:
        result = check_value(spec, raw.get(spec["name"]))
        if isinstance(result, Issue):
            issues.append(result)
            continue
        values[spec["name"]] = None if result is None else result.value
        if result is not None and result.warning:
            warnings.append(result.warning)
    return Validation(None if issues else values, issues, warnings)


def closest_name(name: str, candidates: Sequence[str]) -> str | None:
    """The candidate a mistyped `name` most likely means (src/inputs/closest-name.ts)."""
    lower = name.lower()
    for candidate in candidates:
        if candidate.lower() == lower:
            return candidate
    best, best_distance = None, math.inf
    limit = max(1, len(name) // 3)
    for candidate in candidates:
        # The distance is at least the difference in length: no table for a far longer name.
        if abs(len(candidate) - len(name)) > limit:
            continue
        d = _edit_distance(lower, candidate.lower())
        if d < best_distance:
            best, best_distance = candidate, d
    return best if best_distance <= limit else None


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        previous = current
    return previous[len(b)]
