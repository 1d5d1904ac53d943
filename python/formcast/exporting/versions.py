"""Re-exporting over an earlier export of the same model and version is allowed only when the
predictions did not change: browsers cache a model by its version, so changed answers under an
old version would never reach them."""

from collections.abc import Sequence
from pathlib import Path

from formcast.errors import ParityError, VersionError
from formcast.exporting.inputs import Input
from formcast.exporting.parity import compare_outputs, model_answers
from formcast.model_directory.write import read_golden


def next_patch(version: str) -> str:
    major, minor, patch = version.split(".")
    return f"{major}.{minor}.{int(patch) + 1}"


def check_version(
    existing: dict | None,
    out: Path,
    version: str,
    model_sha256: str,
    model: object,
    inputs: Sequence[Input],
    classifier: bool,
) -> None:
    """Raise VersionError when `out` holds this version with other predictions: the new model is
    run on the earlier export's golden rows, which it must answer within their tolerance."""
    if existing is None or existing.get("version") != version:
        return
    if existing.get("model", {}).get("sha256") == model_sha256:
        return
    old = read_golden(out)
    names = [spec.name for spec in inputs]
    advice = (
        f'export it as a new version (e.g. version="{next_patch(version)}", or "version" in '
        "the card)"
    )
    if old is None or any(list(row["inputs"]) != names for row in old["rows"]):
        raise VersionError(
            f"{out} holds version {version} of this model with other inputs; {advice}"
        )
    answers = model_answers(model, inputs, [row["inputs"] for row in old["rows"]], classifier)
    try:
        compare_outputs(list(answers) if classifier else [answers[0]], old, "this model")
    except ParityError as error:
        raise VersionError(
            f"{out} holds version {version} of this model, and this model's predictions differ "
            f"from it; {advice}. {error}"
        ) from error
