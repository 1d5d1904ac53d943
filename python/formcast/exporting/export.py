"""`formcast.export`: a fitted model and its training frame in, a verified model directory out.

Nothing is written until the ONNX model (and its numeric variant) match the fitted model on
every golden row, tree.json (single trees) leads every golden row to its label, and the manifest
validates against the schema; then the directory appears in one rename.
"""

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import pandas as pd
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

from formcast.constants import (
    GOLDEN_FILE,
    MANIFEST_FILE,
    MODEL_FILE,
    NUMERIC_MODEL_FILE,
    SEED,
    TREE_FILE,
)
from formcast.errors import CardError, DataError, FormcastError, UnsupportedModelError
from formcast.exporting import card as cards
from formcast.exporting.converters import register
from formcast.exporting.cross_validation import (
    CrossValidation,
    CrossValidationResult,
    check_bar,
    cross_validate,
)
from formcast.exporting.golden_rows import (
    CLASS_TOLERANCE,
    VALUE_TOLERANCE,
    Golden,
    GoldenContext,
    automatic_edge_rows,
    build_golden,
    golden_json,
)
from formcast.exporting.inputs import Input, check_columns, frame_of, infer_inputs
from formcast.exporting.manifest import ManifestParts, build_manifest, primary_label
from formcast.exporting.numeric_variant import (
    NoNumericVariantError,
    NumericVariant,
    build_numeric,
    check_numeric_parity,
    missing_values,
    same_outputs,
    without_missing_tracks,
)
from formcast.exporting.onnx_graph import Column, convert_model, signature
from formcast.exporting.parity import ParityReport, check_parity
from formcast.exporting.pipeline_steps import check_steps, column_roles
from formcast.exporting.task import ClassOutputs, model_task
from formcast.exporting.tree_json import NoTreeError, check_tree_paths, tree_from_onnx, tree_json
from formcast.exporting.versions import check_version
from formcast.model_directory.write import json_bytes, read_existing, write_directory

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class ExportResult:
    """What `export` wrote and measured."""

    directory: Path
    manifest: dict
    # The inputs as inferred (one per column) and each one's tensor name in model.onnx.
    inputs: list[Input]
    tensors: dict[str, str]
    parity: ParityReport
    numeric_parity: ParityReport | None
    tree: dict | None
    cross_validation: CrossValidationResult | None
    # Sentences on what was skipped and why (no numeric variant, no tree.json...).
    notes: list[str] = field(default_factory=list)
    # LightGBM thresholds moved to the float32 below them (see formcast.exporting.converters).
    thresholds_snapped: int = 0

    @property
    def files(self) -> list[str]:
        return sorted(p.name for p in self.directory.iterdir())


def _target(y: Any, frame: pd.DataFrame) -> pd.Series | None:
    if y is None:
        return None
    target = y if isinstance(y, pd.Series) else pd.Series(np.asarray(y).ravel(), name=None)
    if len(target) != len(frame):
        raise DataError(f"y has {len(target)} values for {len(frame)} rows of X")
    if target.isna().any():
        raise DataError(f"y has {int(target.isna().sum())} missing values")
    return target.reset_index(drop=True)


def _unanswerable(inputs: Sequence[Input], error: ValueError) -> DataError:
    """Why the fitted model could not answer its golden rows, as the user can fix it."""
    native = [spec.name for spec in inputs if spec.optional and spec.missing is None]
    if native and "NaN" in str(error):
        return DataError(
            f"column(s) {', '.join(map(repr, native))} have missing values that no imputer "
            f"fills, and the model cannot take them ({error}). Put a SimpleImputer in front of "
            "the model, or drop those rows."
        )
    return DataError(f"the fitted model could not answer its golden rows: {error}")


def _check_signature(
    model: onnx.ModelProto, inputs: Sequence[Input], tensors: dict, outputs: ClassOutputs | None
) -> None:
    got_inputs, got_outputs = signature(model)
    wanted = [(tensors[s.name], "float32" if s.is_number else "string") for s in inputs]
    if got_inputs != wanted:
        raise UnsupportedModelError(f"unexpected ONNX inputs {got_inputs}; expected {wanted}")
    expected = (
        [("label", outputs.label_dtype), ("probabilities", "float32")]
        if outputs is not None
        else [("value", "float32")]
    )
    if got_outputs != expected:
        raise UnsupportedModelError(f"unexpected ONNX outputs {got_outputs}; expected {expected}")


def export(
    model: Any,
    X: Any,
    y: Any = None,
    *,
    id: str,  # noqa: A002 - the manifest's own word for it
    out: str | os.PathLike,
    title: str | None = None,
    card: Mapping[str, Any] | str | os.PathLike | None = None,
    description: str | None = None,
    version: str | None = None,
    intended_use: str | None = None,
    limitations: Sequence[str] | None = None,
    inputs: Mapping[str, Mapping[str, Any]] | None = None,
    class_labels: Mapping[str, str] | None = None,
    headline: str | None = None,
    value: Mapping[str, Any] | None = None,
    data: Mapping[str, str] | None = None,
    metrics: Mapping[str, Mapping[str, Any]] | None = None,
    cross_validation: CrossValidation | bool = True,
    golden: Golden | None = None,
) -> ExportResult:
    """Export a fitted scikit-learn model or Pipeline (LightGBM and XGBoost models included) to
    a Formcast model directory `out`: model.onnx, model.numeric.onnx where possible,
    manifest.json, golden.json and, for one decision tree, tree.json.

    `X` is the training frame (or a representative sample); with `y`, the model is
    cross-validated (`cross_validation`, default 5 folds; False skips it) and the card shows the
    metrics. Card fields (`title`, `description`, `version`, `intended_use`, `limitations`,
    `inputs`, `class_labels`, `headline`, `value`, `data`, `metrics`) override what is inferred;
    `card` is the same as a dict or a JSON file (keyword arguments win). `golden` chooses the
    golden rows. Raises a FormcastError subclass, writing nothing, when the model cannot be
    exported faithfully.
    """
    register()
    if not isinstance(id, str) or not ID_PATTERN.match(id):
        raise CardError(
            f"id {id!r} must be lower-case letters, digits and dashes, starting with a letter or "
            "digit (it names the model's URL: ?model=<id>)"
        )
    details = cards.load_card(
        card,
        title=title,
        description=description,
        version=version,
        intended_use=intended_use,
        limitations=limitations,
        inputs=inputs,
        class_labels=class_labels,
        headline=headline,
        value=value,
        data=data,
        metrics=metrics,
    )
    golden_options = golden or Golden()
    try:
        check_is_fitted(model)
    except (NotFittedError, TypeError) as error:
        raise UnsupportedModelError(f"the model is not fitted: {error}") from error
    frame = frame_of(X, model)
    check_columns(frame, model)
    target = _target(y, frame)
    check_steps(model)
    out = Path(out)
    existing = read_existing(out, id)

    task, outputs = model_task(model)
    classifier = outputs is not None
    names = [str(c) for c in frame.columns]
    model_inputs = infer_inputs(frame, column_roles(model, names), details.get("inputs", {}))

    result = None
    options = cross_validation if isinstance(cross_validation, CrossValidation) else None
    if target is not None and cross_validation is not False:
        options = options or CrossValidation()
        result = cross_validate(model, frame, target, task, options)
        check_bar(result, options, primary_label(result, details.get("metrics", {})), id)

    columns = [Column(spec.name, spec.is_number) for spec in model_inputs]
    converted = convert_model(model, columns, classifier=classifier)
    _check_signature(converted.model, model_inputs, converted.tensors, outputs)
    model_bytes = converted.model.SerializeToString()

    notes: list[str] = []
    numeric: NumericVariant | None = None
    if converted.matrix_model is not None and all(s.is_number for s in model_inputs):
        layout = [{"input": s.name} for s in model_inputs]
        numeric = NumericVariant(converted.matrix_model.SerializeToString(), layout)
    else:
        try:
            numeric = build_numeric(model, frame, classifier)
        except NoNumericVariantError as reason:
            notes.append(f"No numeric variant: {reason}; the browser runs model.onnx.")
    if numeric is not None and all(not s.optional or s.missing is not None for s in model_inputs):
        # No feature of the numeric model can be NaN (see without_missing_tracks).
        numeric = NumericVariant(without_missing_tracks(numeric.model_bytes), numeric.layout)
    if numeric is not None and not same_outputs(numeric.model_bytes, converted.model):
        raise UnsupportedModelError("the numeric variant's outputs differ from model.onnx's")

    tree = None
    try:
        if any(s.optional and s.missing is None for s in model_inputs):
            raise NoTreeError("an input the model takes as missing has no branch in tree.json")
        tree = tree_from_onnx(model_bytes, converted.tensors, numeric.layout if numeric else None)
    except NoTreeError as reason:
        notes.append(f"No tree.json: {reason}.")

    tolerance = golden_options.tolerance
    if tolerance is None:
        tolerance = CLASS_TOLERANCE if classifier else VALUE_TOLERANCE
    context = GoldenContext(
        model=model,
        features=frame,
        target=target,
        inputs=model_inputs,
        classifier=classifier,
        tolerance=tolerance,
        training_rows=golden_options.training_rows,
        layout=numeric.layout if numeric else None,
        tree=tree,
    )
    version_text = details.get("version", cards.DEFAULT_VERSION)
    try:
        if golden_options.edge_rows is not None:
            edge = golden_options.edge_rows(context)
        else:
            edge = automatic_edge_rows(context, golden_options.out_of_range)
        golden_rows = build_golden(context, edge, id, version_text, task)
    except ValueError as error:
        raise _unanswerable(model_inputs, error) from error

    parity = check_parity(model_bytes, model_inputs, converted.tensors, golden_rows)
    if tree is not None:
        check_tree_paths(tree, golden_rows)
    numeric_parity = None
    if numeric is not None:
        numeric_parity = check_numeric_parity(
            numeric.model_bytes, golden_rows, numeric.layout, missing_values(model_inputs)
        )
    model_sha256 = hashlib.sha256(model_bytes).hexdigest()
    check_version(existing, out, version_text, model_sha256, model, model_inputs, classifier)

    manifest = build_manifest(
        ManifestParts(
            model_id=id,
            card=details,
            task=task,
            version=version_text,
            model=model,
            frame=frame,
            target=target,
            inputs=model_inputs,
            tensors=converted.tensors,
            outputs=outputs,
            cross_validation=result,
            seed=options.seed if options is not None else SEED,
            model_bytes=model_bytes,
            numeric=numeric,
            tree=tree,
            golden=golden_rows,
        )
    )

    files = {MODEL_FILE: model_bytes}
    if numeric is not None:
        files[NUMERIC_MODEL_FILE] = numeric.model_bytes
    files[GOLDEN_FILE] = golden_json(golden_rows).encode("utf-8")
    if tree is not None:
        files[TREE_FILE] = tree_json(tree).encode("utf-8")
    files[MANIFEST_FILE] = json_bytes(manifest)
    write_directory(out, files)
    return ExportResult(
        directory=out,
        manifest=manifest,
        inputs=model_inputs,
        tensors=converted.tensors,
        parity=parity,
        numeric_parity=numeric_parity,
        tree=tree,
        cross_validation=result,
        notes=notes,
        thresholds_snapped=converted.thresholds_snapped,
    )


__all__ = ["ExportResult", "FormcastError", "export"]
