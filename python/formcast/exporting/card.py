"""The model card: what a person adds to what formcast infers (titles, labels, units, intended
use...). Given as keyword arguments, as a JSON file, or both (keyword arguments win), and checked
against card.schema.json before anything else runs."""

import difflib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jsonschema

from formcast.errors import CardError

CARD_SCHEMA = Path(__file__).resolve().parent / "card.schema.json"

# Python keyword → card key.
KEYWORDS = {
    "title": "title",
    "description": "description",
    "version": "version",
    "intended_use": "intendedUse",
    "limitations": "limitations",
    "inputs": "inputs",
    "class_labels": "classLabels",
    "headline": "headline",
    "value": "value",
    "data": "data",
    "metrics": "metrics",
}
DEFAULT_VERSION = "1.0.0"


def _read(card: Mapping[str, Any] | str | Path | None) -> dict[str, Any]:
    if card is None:
        return {}
    if isinstance(card, Mapping):
        return json.loads(json.dumps(card))  # a plain, JSON-clean copy
    path = Path(card)
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CardError(f"card file {path} not found") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CardError(f"card file {path} is not valid JSON: {error}") from error
    if not isinstance(loaded, dict):
        raise CardError(f"card file {path} must hold a JSON object, not {type(loaded).__name__}")
    return loaded


def load_card(card: Mapping[str, Any] | str | Path | None, **keywords: Any) -> dict[str, Any]:
    """The card file (or dict) with the keyword arguments laid over it, validated."""
    merged = _read(card)
    for keyword, value in keywords.items():
        if value is not None:
            merged[KEYWORDS[keyword]] = json.loads(json.dumps(value))
    validator = jsonschema.Draft202012Validator(json.loads(CARD_SCHEMA.read_text("utf-8")))
    error = jsonschema.exceptions.best_match(validator.iter_errors(merged))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(the card)"
        raise CardError(f"card: {where}: {error.message}")
    return merged


def check_names(what: str, given: Iterable[str], known: Iterable[str]) -> None:
    """Refuse card entries for names the model does not have, suggesting the closest."""
    known = list(known)
    for name in given:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise CardError(
                f'card: {what} "{name}" is not one of the model\'s: {", ".join(known)}{hint}'
            )
