"""manifest.json: the model card the browser builds its form from, written from what the export
inferred and measured, plus what the card adds; validated against the JSON Schema the
TypeScript loader also uses, so the two sides cannot drift."""

import hashlib
import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from typing import Any

import numpy as np
import onnx
import pandas as pd

from formcast.constants import GOLDEN_FILE, MODEL_FILE, NUMERIC_INPUT, NUMERIC_MODEL_FILE, TREE_FILE
from formcast.errors import CardError
from formcast.exporting.card import check_names
from formcast.exporting.cross_validation import CrossValidationResult, MetricScores
from formcast.exporting.inputs import Input
from formcast.exporting.numeric_variant import NumericVariant
from formcast.exporting.pipeline_steps import final_estimator, iter_steps
from formcast.exporting.task import ClassOutputs
from formcast.exporting.tree_json import tree_summary
from formcast.model_directory.read import sha256_bytes
from formcast.model_directory.schema import error_place, number_format_problems, schema_error

LIBRARIES = ("scikit-learn", "skl2onnx", "onnx", "onnxruntime", "numpy", "pandas")
# Distributions whose versions shaped an artifact when a model of theirs is in it; xgboost is
# installed as xgboost or xgboost-cpu, so it is read from the module.
CONVERTER_LIBRARIES = ("onnxmltools", "onnxconverter-common")

NOT_MEASURED = (
    "No metric was measured: the model was exported without the target column, so it was not "
    "cross-validated. Its quality is unknown here."
)


def model_opsets(model_bytes: bytes) -> dict[str, int]:
    """The opsets the model really imports (skl2onnx may use less than the target)."""
    model = onnx.load_from_string(model_bytes)
    return {entry.domain: int(entry.version) for entry in model.opset_import}


def created_at(epoch: str | None) -> str:
    # SOURCE_DATE_EPOCH (reproducible-builds convention) lets a rebuild reproduce the manifest.
    moment = (
        datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def library_versions(model: object) -> dict[str, str]:
    """Python and every library whose version shaped the artifact."""
    versions = {"python": platform.python_version()}
    versions |= {name: metadata.version(name) for name in LIBRARIES}
    modules = {type(step).__module__.split(".")[0] for step in _all_objects(model)}
    if "lightgbm" in modules:
        versions["lightgbm"] = metadata.version("lightgbm")
    if "xgboost" in modules:
        import xgboost

        versions["xgboost"] = str(xgboost.__version__)
    if modules & {"lightgbm", "xgboost"}:
        versions |= {name: metadata.version(name) for name in CONVERTER_LIBRARIES}
    return versions


def _all_objects(model: object) -> list[object]:
    return [step.estimator for step in iter_steps(model)]


def _missing_entry(spec: Input) -> dict:
    value = spec.missing
    if value is None:
        return {
            "value": None,
            "strategy": spec.strategy,
            "description": "Left empty, the model takes it as missing, as it learned to in "
            "training, where this input was missing too.",
        }
    how = {
        "median": "the median in training",
        "mean": "the mean in training",
        "most_frequent": "the most frequent value in training",
        "constant": "a constant set in the pipeline",
    }.get(spec.strategy or "", f"the {spec.strategy} in training")
    if spec.is_number:
        unit = f" {spec.unit}" if spec.unit else ""
        text = f"Left empty, the model uses {value:,g}{unit}, {how}."
    else:
        label = spec.category_labels.get(str(value), str(value))
        text = f"Left empty, the model uses “{label}”, {how}."
    return {"value": value, "strategy": spec.strategy, "description": text}


def input_entries(inputs: Sequence[Input], tensors: dict[str, str]) -> list[dict]:
    entries = []
    for spec in inputs:
        entry: dict = {"name": spec.name, "label": spec.label, "description": spec.description}
        if spec.is_number:
            entry |= {"type": "number", "min": spec.minimum, "max": spec.maximum, "step": spec.step}
            entry |= {"unit": spec.unit} if spec.unit else {}
            entry |= {"format": spec.format} if spec.format else {}
            entry |= {
                "example": spec.example,
                "tensor": {"name": tensors[spec.name], "dtype": "float32"},
            }
        else:
            entry |= {"type": "category", "categories": list(spec.categories)}
            entry |= {"categoryLabels": spec.category_labels} if spec.category_labels else {}
            entry |= {
                "example": spec.example,
                "tensor": {"name": tensors[spec.name], "dtype": "string"},
            }
        if spec.optional:
            entry |= {"optional": True, "missing": _missing_entry(spec)}
        entries.append(entry)
    return entries


def _metric_display(scores: MetricScores, card: dict) -> tuple[str, dict | None, str | None]:
    overrides = card.get(scores.metric.name, {})
    return (
        overrides.get("label", scores.metric.label),
        overrides.get("format", scores.metric.format),
        overrides.get("description"),
    )


def primary_label(result: CrossValidationResult, card_metrics: dict) -> str:
    return _metric_display(result.primary, card_metrics)[0]


def _other_metric(scores: MetricScores, card: dict) -> dict:
    label, number_format, description = _metric_display(scores, card)
    entry: dict = {
        "metric": scores.metric.name,
        "label": label,
        "mean": scores.mean,
        "std": scores.std,
        "scores": list(scores.scores),
    }
    entry |= {"format": number_format} if number_format else {}
    entry |= {"description": description} if description else {}
    return entry


def metrics_entry(
    result: CrossValidationResult | None,
    target: pd.Series | None,
    classes: Sequence[str] | None,
    card_metrics: dict,
) -> dict:
    if result is None:
        return {"notMeasured": NOT_MEASURED}
    known = [m.name for m in (result.primary.metric, *(o.metric for o in result.others))]
    check_names("metric", card_metrics, known)
    label, number_format, _ = _metric_display(result.primary, card_metrics)
    primary = {
        "method": result.method,
        "folds": result.folds,
        "shuffle": result.shuffle,
        "seed": result.seed,
        "metric": result.primary.metric.name,
        "mean": result.primary.mean,
        "std": result.primary.std,
        "scores": list(result.primary.scores),
        "label": label,
    }
    primary |= {"format": number_format} if number_format else {}
    metrics: dict = {"crossValidation": primary}
    assert target is not None
    if classes is not None:
        counts = target.map(_class_text).value_counts()
        metrics["classCounts"] = {c: int(counts.get(c, 0)) for c in classes}
    if result.others:
        metrics["others"] = [_other_metric(scores, card_metrics) for scores in result.others]
    if classes is None:
        values = target.to_numpy(dtype=np.float64)
        metrics["target"] = {
            "min": float(values.min()),
            "median": float(np.median(values)),
            "max": float(values.max()),
        }
    return metrics


def _class_text(label: Any) -> str:
    return str(label)


def class_outputs(
    task: str, outputs: ClassOutputs, card: dict, positive_default: str | None
) -> dict:
    labels = card.get("classLabels", {})
    check_names("class", labels, outputs.classes)
    entry: dict = {
        "label": {"name": "label", "dtype": outputs.label_dtype},
        "probabilities": {"name": "probabilities", "dtype": "float32"},
        "classes": outputs.classes,
    }
    if labels:
        entry["classLabels"] = {c: labels.get(c, c) for c in outputs.classes}
    if task == "binary":
        assert positive_default is not None
        shown = labels.get(positive_default, positive_default)
        entry["positive"] = positive_default
        entry["headline"] = card.get("headline", f"Probability of “{shown}”")
    elif "headline" in card:
        raise CardError("card: headline applies to binary models (two classes) only")
    return entry


def regression_outputs(
    result: CrossValidationResult | None, card: dict, target_name: str, rows: int
) -> dict:
    value = card.get("value", {})
    entry: dict = {
        "value": {"name": "value", "dtype": "float32"},
        "label": value.get("label", target_name),
    }
    entry |= {"unit": value["unit"]} if "unit" in value else {}
    entry |= {"format": value["format"]} if "format" in value else {}
    interval = result.interval if result is not None else None
    if interval is not None and result is not None:
        low, high = round(50 * (1 - interval.nominal)), round(50 * (1 + interval.nominal))
        compared = (
            "actual ÷ predicted value" if interval.kind == "ratio" else ("actual − predicted value")
        )
        entry["interval"] = {
            "kind": interval.kind,
            "lower": interval.lower,
            "upper": interval.upper,
            "coverage": interval.coverage,
            "method": (
                f"The {low}th and {high}th percentiles of {compared} over the out-of-fold "
                f"predictions of the {result.folds}-fold cross-validation (shuffled, seed "
                f"{result.seed}); that range held {interval.coverage:.1%} of the {rows} "
                "training rows."
            ),
        }
    return entry


def numeric_entry(numeric_bytes: bytes, layout: list[dict]) -> dict:
    return {
        "file": NUMERIC_MODEL_FILE,
        "sha256": sha256_bytes(numeric_bytes),
        "bytes": len(numeric_bytes),
        "opset": model_opsets(numeric_bytes),
        "input": {"name": NUMERIC_INPUT, "dtype": "float32"},
        "features": layout,
    }


def model_entry(model_bytes: bytes, numeric: dict | None) -> dict:
    return {
        "file": MODEL_FILE,
        "sha256": sha256_bytes(model_bytes),
        "bytes": len(model_bytes),
        "opset": model_opsets(model_bytes),
        **({"numeric": numeric} if numeric else {}),
    }


def golden_entry(golden: dict) -> dict:
    return {"file": GOLDEN_FILE, "rows": len(golden["rows"]), "tolerance": golden["tolerance"]}


NOT_STATED = "Not stated"
DEFAULT_LIMITATIONS = (
    "The model's author stated no limitations.",
    "Inputs outside the ranges seen in training (the min and max of each number) are "
    "extrapolation: the model answers, but nothing in its data supports the answer.",
)


def frame_sha256(frame: pd.DataFrame, target: pd.Series | None) -> str:
    """A hash of the data's content (pandas' row hashes), for data passed as a frame."""
    digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    if target is not None:
        digest.update(pd.util.hash_pandas_object(target, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def describe(model: object, task: str, inputs: Sequence[Input], rows: int) -> str:
    """The default description: what the model is, in one sentence."""
    kind = {"binary": "two classes", "classification": "classes", "regression": "a number"}[task]
    estimator = type(final_estimator(model)).__name__
    return (
        f"Predicts {kind} from {len(inputs)} inputs with a {estimator}, fitted on {rows} rows "
        "and exported by formcast."
    )


@dataclass(frozen=True)
class ManifestParts:
    """Everything the export inferred, measured and wrote, and the card laid over it."""

    model_id: str
    card: dict
    task: str
    version: str
    model: object
    frame: pd.DataFrame
    target: pd.Series | None
    inputs: list[Input]
    tensors: dict[str, str]
    outputs: ClassOutputs | None
    cross_validation: CrossValidationResult | None
    seed: int
    model_bytes: bytes
    numeric: NumericVariant | None
    tree: dict | None
    golden: dict


def _training(parts: ManifestParts) -> dict:
    data = parts.card.get("data", {})
    training: dict = {
        "data": {
            "file": data.get("file", "(a pandas DataFrame passed to formcast.export)"),
            "sha256": data.get("sha256", frame_sha256(parts.frame, parts.target)),
            "rows": len(parts.frame),
            "source": data.get("source", NOT_STATED),
            "licence": data.get("licence", NOT_STATED),
        },
        "estimator": str(parts.model),
        "seed": parts.seed,
        "libraries": library_versions(parts.model),
    }
    if parts.tree is not None:
        summary = tree_summary(parts.tree, final_estimator(parts.model))
        training["tree"] = {"file": TREE_FILE} | summary
    return training


def _outputs(parts: ManifestParts) -> dict:
    if parts.outputs is not None:
        positive = parts.outputs.classes[1] if parts.task == "binary" else None
        return class_outputs(parts.task, parts.outputs, parts.card, positive)
    target = parts.target
    name = str(target.name) if target is not None and target.name is not None else "Prediction"
    return regression_outputs(parts.cross_validation, parts.card, name, len(parts.frame))


def build_manifest(parts: ManifestParts) -> dict:
    """manifest.json's content, validated against the schema (CardError when it breaks it: what
    is not inferred comes from the card)."""
    card = parts.card
    numeric = parts.numeric
    manifest = {
        "schemaVersion": 1,
        "id": parts.model_id,
        "title": card.get("title", parts.model_id),
        "description": card.get(
            "description", describe(parts.model, parts.task, parts.inputs, len(parts.frame))
        ),
        "task": parts.task,
        "version": parts.version,
        "createdAt": created_at(os.environ.get("SOURCE_DATE_EPOCH")),
        "model": model_entry(
            parts.model_bytes,
            numeric_entry(numeric.model_bytes, numeric.layout) if numeric else None,
        ),
        "inputs": input_entries(parts.inputs, parts.tensors),
        "outputs": _outputs(parts),
        "metrics": metrics_entry(
            parts.cross_validation,
            parts.target,
            parts.outputs.classes if parts.outputs else None,
            card.get("metrics", {}),
        ),
        "training": _training(parts),
        "intendedUse": card.get("intendedUse", f"{NOT_STATED} by the model's author."),
        "limitations": list(card.get("limitations", DEFAULT_LIMITATIONS)),
        "golden": golden_entry(parts.golden),
    }
    error = schema_error(manifest)
    if error is not None:
        raise CardError(
            f"manifest does not match the schema at {error_place(error)}: {error.message}"
        )
    refused = number_format_problems(manifest)
    if refused:
        named = "; ".join(_with_input_name(problem, manifest["inputs"]) for problem in refused)
        raise CardError(
            "card: a number format the browser cannot display (its minimum of fraction digits "
            f"must not exceed its maximum): {named}"
        )
    return manifest


def _with_input_name(problem: str, inputs: list[dict]) -> str:
    """`/inputs/0/format: …` → `/inputs/0/format (input "Age"): …`: the card names inputs."""
    place, _, rest = problem.partition(": ")
    parts = place.split("/")
    if len(parts) == 4 and parts[1] == "inputs":
        place += f' (input "{inputs[int(parts[2])]["name"]}")'
    return f"{place}: {rest}"
