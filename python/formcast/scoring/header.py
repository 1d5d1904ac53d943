"""Which columns scoring reads and which it writes: the browser's header mapping and names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from formcast.errors import TableError
from formcast.scoring.input_rules import closest_name

_MAX_LISTED = 20


def output_columns(manifest: Mapping[str, Any]) -> list[str]:
    """The columns appended to every scored row (src/csv/write-csv.ts predictionColumns)."""
    outputs = manifest["outputs"]
    if manifest["task"] == "regression":
        ends = ["range_low", "range_high"] if outputs.get("interval") else []
        return ["predicted_value", *ends, "error"]
    return ["predicted_label", *(f"p_{c}" for c in outputs["classes"]), "error"]


def find_inputs(header: Sequence[str], specs: Sequence[Mapping[str, Any]]) -> list[int]:
    """For each input, in manifest order, the position of its column, found by exact name.

    Refuses, as the browser's mapHeader does and in its words, a header where an input is missing
    (naming the closest column the header has) or where two columns share a name.
    """
    problems: list[str] = []
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        positions.setdefault(name, []).append(i)
    for name, at in positions.items():
        if len(at) < 2:
            continue
        what = "columns without a name" if name == "" else f'columns named "{name}"'
        where = ", ".join(str(i + 1) for i in at)
        problems.append(
            f"The header has {len(at)} {what} (columns {where}); each column needs its own name."
        )
    required = [s["name"] for s in specs]
    unclaimed = [name for name in header if name not in required]
    for name in required:
        if name in positions:
            continue
        near = closest_name(name, unclaimed)
        problems.append(
            f'Missing column "{name}".'
            if near is None
            else f'Missing column "{name}": the file has "{near}" — rename it to "{name}" '
            "(column names must match exactly)."
        )
    if problems:
        raise TableError(
            f"{' '.join(problems)} Required columns: {', '.join(required)}; "
            f"the file's columns: {_list_columns(header)}.",
        )
    return [positions[name][0] for name in required]


def _list_columns(header: Sequence[str]) -> str:
    shown = ["(no name)" if h == "" else h for h in header[:_MAX_LISTED]]
    more = len(header) - len(shown)
    return f"{', '.join(shown)} and {more} more" if more > 0 else ", ".join(shown)
