"""Write one model directory: model.onnx, model.numeric.onnx, golden.json, [tree.json,]
manifest.json, all verified first; and index.json, the list of model directories.

Nothing is written until both ONNX models match scikit-learn on every golden row, the tree read
back from the ONNX graph (single-tree models) leads every golden row to its label, and the
manifest validates against schema/manifest.schema.json: a half-right model directory in public/
would be served to browsers as if it were right.
"""

import hashlib
import json
import os
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import jsonschema
import numpy as np
import onnx
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.pipeline import Pipeline

from training import config
from training.converters import convert
from training.evaluate import ParityReport, check_parity
from training.features import feature_names, fitted_missing_values
from training.golden import build_golden
from training.numeric import INPUT_NAME, check_numeric_parity, convert_numeric, feature_layout
from training.spec import InputSpec, ModelSpec
from training.train import TrainedModel
from training.tree import check_tree_paths, tree_from_onnx, tree_json, tree_summary

LIBRARIES = ("scikit-learn", "skl2onnx", "onnx", "onnxruntime", "numpy", "pandas")
TREE_FILE = config.TREE_FILE

_DTYPES = {
    onnx.TensorProto.FLOAT: "float32",
    onnx.TensorProto.INT64: "int64",
    onnx.TensorProto.STRING: "string",
}


class ExportError(RuntimeError):
    """The exported model does not look the way the manifest says it does."""


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    model_sha256: str
    model_bytes: int
    numeric_bytes: int
    opset: dict[str, int]
    parity: ParityReport
    numeric_parity: ParityReport
    manifest: dict
    tree: dict | None
    # LightGBM thresholds moved to the float32 below them (see training.converters).
    thresholds_snapped: int = 0

    @property
    def written(self) -> list[str]:
        files = [config.MODEL_FILE, config.NUMERIC_MODEL_FILE, config.GOLDEN_FILE]
        files += [TREE_FILE] if self.tree is not None else []
        return [*files, config.MANIFEST_FILE]


def initial_types(spec: ModelSpec) -> list:
    # One [N, 1] tensor per raw column, named after it: the browser sends values untransformed
    # and the encoders (and imputers) run inside the model.
    return [
        (s.name, FloatTensorType([None, 1]) if s.is_number else StringTensorType([None, 1]))
        for s in spec.inputs
    ]


def _output_dtypes(spec: ModelSpec) -> list[tuple[str, str]]:
    if spec.is_classifier:
        assert spec.classes is not None
        return [("label", spec.classes.label_dtype), ("probabilities", "float32")]
    return [("value", "float32")]


def signature(model: onnx.ModelProto) -> tuple[list, list]:
    """The graph's inputs and outputs as (name, dtype) pairs."""

    def pairs(values) -> list[tuple[str, str]]:
        return [(v.name, _DTYPES.get(v.type.tensor_type.elem_type, "?")) for v in values]

    return pairs(model.graph.input), pairs(model.graph.output)


def convert_to_onnx(spec: ModelSpec, pipeline: Pipeline, *, snap: bool = True) -> bytes:
    model, _ = _convert(spec, pipeline, snap=snap)
    return model.SerializeToString()


def _convert(spec: ModelSpec, pipeline: Pipeline, *, snap: bool = True) -> tuple:
    model, moved = convert(
        pipeline,
        initial_types(spec),
        classifier=spec.is_classifier,
        target_opset=config.TARGET_OPSET,
        snap=snap,
    )
    inputs, outputs = signature(model)
    expected_inputs = [(s.name, "float32" if s.is_number else "string") for s in spec.inputs]
    if inputs != expected_inputs:
        raise ExportError(f"unexpected ONNX inputs {inputs}; expected {expected_inputs}")
    if outputs != _output_dtypes(spec):
        raise ExportError(f"unexpected ONNX outputs {outputs}; expected {_output_dtypes(spec)}")
    return model, moved


def model_opsets(model_bytes: bytes) -> dict[str, int]:
    """The opsets the model really imports (skl2onnx may use less than the target)."""
    model = onnx.load_from_string(model_bytes)
    return {entry.domain: int(entry.version) for entry in model.opset_import}


def library_versions(spec: ModelSpec) -> dict[str, str]:
    return {"python": platform.python_version()} | {
        name: metadata.version(name) for name in (*LIBRARIES, *spec.libraries)
    }


def _created_at() -> str:
    # SOURCE_DATE_EPOCH (reproducible-builds convention) lets a rebuild reproduce the manifest.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _repo_relative(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(config.REPO_ROOT).as_posix()
    except ValueError:
        return Path(path).name


def _number(spec: InputSpec, value) -> int | float:
    return int(value) if spec.integer and float(value).is_integer() else float(value)


def _missing_entry(spec: InputSpec, value: int | float | str) -> dict:
    if spec.is_number:
        unit = f" {spec.unit}" if spec.unit else ""
        return {
            "value": value,
            "strategy": "median",
            "description": f"Left empty, the model uses {value:,g}{unit}, the median in training.",
        }
    label = (spec.categories or {}).get(str(value), str(value))
    return {
        "value": value,
        "strategy": "most_frequent",
        "description": (
            f"Left empty, the model uses “{label}”, the most frequent value in training."
        ),
    }


def _input_entries(trained: TrainedModel, missing: dict) -> list[dict]:
    features = trained.features
    entries = []
    for spec in trained.spec.inputs:
        entry: dict = {"name": spec.name, "label": spec.label, "description": spec.description}
        if spec.is_number:
            entry |= {
                "type": "number",
                "min": _number(spec, features[spec.name].min()),
                "max": _number(spec, features[spec.name].max()),
                "step": spec.step,
            }
            entry |= {"unit": spec.unit} if spec.unit else {}
            entry |= {"format": spec.format} if spec.format else {}
            entry |= {
                "example": spec.example,
                "tensor": {"name": spec.name, "dtype": "float32"},
            }
        else:
            categories = list(spec.categories or {})
            entry |= {
                "type": "category",
                "categories": categories,
                "categoryLabels": dict(spec.categories or {}),
                "example": spec.example,
                "tensor": {"name": spec.name, "dtype": "string"},
            }
        if spec.optional:
            entry |= {"optional": True, "missing": _missing_entry(spec, missing[spec.name])}
        entries.append(entry)
    return entries


def _fitted_categories(pipeline: Pipeline) -> dict[str, list[str]]:
    """Each category input's values in the fitted encoder's order, from the numeric layout."""
    categories: dict[str, list[str]] = {}
    for feature in feature_layout(pipeline):
        if "equals" in feature:
            categories.setdefault(feature["input"], []).append(feature["equals"])
    return categories


def _metric_entry(scores) -> dict:
    entry = {
        "metric": scores.spec.name,
        "label": scores.spec.label,
        "mean": scores.mean,
        "std": scores.std,
        "scores": list(scores.scores),
    }
    entry |= {"format": scores.spec.format} if scores.spec.format else {}
    entry |= {"description": scores.spec.description} if scores.spec.description else {}
    return entry


def _metrics(trained: TrainedModel) -> dict:
    cv = trained.cross_validation
    primary = {
        "method": cv.method,
        "folds": cv.folds,
        "shuffle": cv.shuffle,
        "seed": cv.seed,
        "metric": cv.primary.spec.name,
        "mean": cv.mean,
        "std": cv.std,
        "scores": list(cv.scores),
        "label": cv.primary.spec.label,
    }
    primary |= {"format": cv.primary.spec.format} if cv.primary.spec.format else {}
    metrics: dict = {"crossValidation": primary}
    spec = trained.spec
    if spec.is_classifier:
        assert spec.classes is not None
        counts = trained.target.astype(str).value_counts()
        metrics["classCounts"] = {c: int(counts.get(c, 0)) for c in spec.classes.classes}
    if cv.others:
        metrics["others"] = [_metric_entry(scores) for scores in cv.others]
    if not spec.is_classifier:
        target = trained.target.to_numpy(dtype=np.float64)
        metrics["target"] = {
            "min": float(target.min()),
            "median": float(np.median(target)),
            "max": float(target.max()),
        }
    return metrics


def _outputs(trained: TrainedModel) -> dict:
    spec = trained.spec
    if spec.is_classifier:
        assert spec.classes is not None
        classes = [str(label) for label in trained.estimator.classes_]
        if tuple(classes) != spec.classes.classes:
            raise ExportError(f"the model's classes {classes} are not {spec.classes.classes}")
        outputs = {
            "label": {"name": "label", "dtype": spec.classes.label_dtype},
            "probabilities": {"name": "probabilities", "dtype": "float32"},
            "classes": classes,
            "classLabels": {c: spec.classes.class_labels.get(c, c) for c in classes},
        }
        outputs |= {"positive": spec.classes.positive} if spec.classes.positive else {}
        outputs |= {"headline": spec.classes.headline} if spec.classes.headline else {}
        return outputs
    assert spec.regression is not None
    outputs = {"value": {"name": "value", "dtype": "float32"}, "label": spec.regression.label}
    outputs |= {"unit": spec.regression.unit} if spec.regression.unit else {}
    outputs |= {"format": spec.regression.format} if spec.regression.format else {}
    interval = trained.interval
    if interval is not None:
        low, high = round(50 * (1 - interval.nominal)), round(50 * (1 + interval.nominal))
        cv = trained.cross_validation
        outputs["interval"] = {
            "kind": "ratio",
            "lower": interval.lower,
            "upper": interval.upper,
            "coverage": interval.coverage,
            "method": (
                f"The {low}th and {high}th percentiles of actual ÷ predicted value over the "
                f"out-of-fold predictions of the {cv.folds}-fold cross-validation (shuffled, "
                f"seed {cv.seed}); that range held {interval.coverage:.1%} of the "
                f"{len(trained.target)} training rows."
            ),
        }
    return outputs


def build_manifest(
    trained: TrainedModel,
    model_bytes: bytes,
    golden: dict,
    created_at: str,
    version: str | None = None,
    tree_file: str | None = None,
    numeric: dict | None = None,
) -> dict:
    spec = trained.spec
    missing = fitted_missing_values(trained.pipeline, spec)
    inputs = _input_entries(trained, missing)
    fitted = _fitted_categories(trained.pipeline)
    for entry in inputs:
        if entry["type"] == "category" and entry["categories"] != fitted.get(entry["name"]):
            raise ExportError(
                f"{entry['name']}: manifest categories {entry['categories']} are not the fitted "
                f"encoder's {fitted.get(entry['name'])}"
            )
    training = {
        "data": {
            "file": _repo_relative(trained.data_file),
            "sha256": trained.data_sha256,
            "rows": len(trained.features),
            "source": spec.data.source,
            "licence": spec.data.licence,
        },
        "estimator": str(trained.pipeline),
        "seed": config.SEED,
        "libraries": library_versions(spec),
    }
    if tree_file:
        training["tree"] = {"file": tree_file} | tree_summary(trained.pipeline)
    return {
        "schemaVersion": 1,
        "id": spec.id,
        "title": spec.title,
        "description": spec.description,
        "task": spec.task,
        "version": version or spec.version,
        "createdAt": created_at,
        "model": {
            "file": config.MODEL_FILE,
            "sha256": _sha256_bytes(model_bytes),
            "bytes": len(model_bytes),
            "opset": model_opsets(model_bytes),
            **({"numeric": numeric} if numeric else {}),
        },
        "inputs": inputs,
        "outputs": _outputs(trained),
        "metrics": _metrics(trained),
        "training": training,
        "intendedUse": spec.intended_use,
        "limitations": list(spec.limitations),
        "golden": {
            "file": config.GOLDEN_FILE,
            "rows": len(golden["rows"]),
            "tolerance": golden["tolerance"],
        },
    }


def manifest_validator(schema_path: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def validate_manifest(manifest: dict, schema_path: Path) -> None:
    """Raise the most relevant jsonschema.ValidationError if the manifest breaks the schema."""
    error = jsonschema.exceptions.best_match(manifest_validator(schema_path).iter_errors(manifest))
    if error is not None:
        raise error


def golden_json(golden: dict) -> str:
    """golden.json with one row per line: readable, and a changed row is a one-line diff."""
    parts = [
        f"  {json.dumps(key)}: {json.dumps(value)}"
        for key, value in golden.items()
        if key != "rows"
    ]
    rows = ",\n".join(f"    {json.dumps(row, ensure_ascii=False)}" for row in golden["rows"])
    parts.append(f'  "rows": [\n{rows}\n  ]')
    return "{\n" + ",\n".join(parts) + "\n}\n"


def export_model(
    trained: TrainedModel,
    out_dir: Path,
    schema_path: Path = config.SCHEMA_PATH,
    version: str | None = None,
) -> ExportResult:
    """Convert, verify and write the model directory."""
    spec = trained.spec
    out_dir = Path(out_dir)
    model, snapped = _convert(spec, trained.pipeline)
    model_bytes = model.SerializeToString()
    golden = build_golden(trained, version)
    parity = check_parity(spec, model_bytes, golden)
    tree = tree_from_onnx(model_bytes, feature_names(trained.pipeline))
    if tree is not None:
        check_tree_paths(tree, golden)
    tree_file = TREE_FILE if tree is not None else None

    numeric_bytes = convert_numeric(spec, trained.pipeline)
    numeric_outputs = signature(onnx.load_from_string(numeric_bytes))[1]
    if numeric_outputs != signature(model)[1]:
        raise ExportError(f"numeric model outputs {numeric_outputs} differ from model.onnx's")
    layout = feature_layout(trained.pipeline)
    missing = fitted_missing_values(trained.pipeline, spec)
    numeric_parity = check_numeric_parity(spec, numeric_bytes, golden, layout, missing)
    numeric = {
        "file": config.NUMERIC_MODEL_FILE,
        "sha256": _sha256_bytes(numeric_bytes),
        "bytes": len(numeric_bytes),
        "opset": model_opsets(numeric_bytes),
        "input": {"name": INPUT_NAME, "dtype": "float32"},
        "features": layout,
    }
    manifest = build_manifest(
        trained, model_bytes, golden, _created_at(), version, tree_file, numeric
    )
    validate_manifest(manifest, schema_path)

    golden_text = golden_json(golden)
    if json.loads(golden_text) != golden:
        raise ExportError("golden.json does not read back as written")
    tree_text = tree_json(tree) if tree is not None else None
    if tree_text is not None and json.loads(tree_text) != tree:
        raise ExportError("tree.json does not read back as written")

    out_dir.mkdir(parents=True, exist_ok=True)
    _write_atomically(out_dir / config.MODEL_FILE, model_bytes)
    _write_atomically(out_dir / config.NUMERIC_MODEL_FILE, numeric_bytes)
    _write_atomically(out_dir / config.GOLDEN_FILE, golden_text.encode("utf-8"))
    if tree_text is not None:
        _write_atomically(out_dir / TREE_FILE, tree_text.encode("utf-8"))
    # The manifest goes last: it vouches for the files written before it.
    _write_atomically(out_dir / config.MANIFEST_FILE, _json_bytes(manifest))
    return ExportResult(
        directory=out_dir,
        model_sha256=manifest["model"]["sha256"],
        model_bytes=len(model_bytes),
        numeric_bytes=len(numeric_bytes),
        opset=manifest["model"]["opset"],
        parity=parity,
        numeric_parity=numeric_parity,
        manifest=manifest,
        tree=tree,
        thresholds_snapped=snapped,
    )


def index_entry(manifest: dict) -> dict:
    return {
        "id": manifest["id"],
        "title": manifest["title"],
        "path": f"{manifest['id']}/",
        "version": manifest["version"],
        "task": manifest["task"],
        "description": manifest["description"],
    }


def write_index(models_dir: Path, manifests: list[dict], order: list[str]) -> Path:
    """Add or update these models' entries in index.json.

    Entries are sorted by `order` (the registry's: the site shows the first one), then come
    entries of models this package does not know (a directory someone dropped in), as they were.
    """
    path = Path(models_dir) / config.INDEX_FILE
    models = json.loads(path.read_text(encoding="utf-8"))["models"] if path.is_file() else []
    entries = {model.get("id"): model for model in models}
    entries |= {manifest["id"]: index_entry(manifest) for manifest in manifests}
    known = [entries[model_id] for model_id in order if model_id in entries]
    unknown = [model for model in models if model.get("id") not in order]
    _write_atomically(path, _json_bytes({"models": known + unknown}))
    return path


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json_bytes(value: dict) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _write_atomically(path: Path, data: bytes) -> None:
    # A reader (the dev server, a test) never sees a half-written file.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
