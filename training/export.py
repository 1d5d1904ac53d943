"""Write one model directory: model.onnx, golden.json and manifest.json, verified first.

Nothing is written until the ONNX model matches scikit-learn on every golden row and the
manifest validates against schema/manifest.schema.json: a half-right model directory in
public/ would be served to browsers as if it were right.
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
import onnx
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.pipeline import Pipeline

from training import config
from training.evaluate import ParityReport, build_golden, check_parity, tree_summary
from training.train import TrainedModel

LIBRARIES = ("scikit-learn", "skl2onnx", "onnx", "onnxruntime", "numpy", "pandas")


class ExportError(RuntimeError):
    """The exported model does not look the way the manifest says it does."""


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    model_sha256: str
    model_bytes: int
    opset: dict[str, int]
    parity: ParityReport
    manifest: dict


def initial_types() -> list:
    # One [N, 1] tensor per raw column, named after it: the browser sends values untransformed
    # and the encoders run inside the model.
    return [
        (
            column,
            FloatTensorType([None, 1])
            if column in config.NUMERIC_COLUMNS
            else StringTensorType([None, 1]),
        )
        for column in config.INPUT_COLUMNS
    ]


def convert_to_onnx(pipeline: Pipeline) -> bytes:
    classifier = pipeline.named_steps["classifier"]
    model = to_onnx(
        pipeline,
        initial_types=initial_types(),
        # ZipMap outputs (a sequence of maps) cannot be read from onnxruntime-web.
        options={id(classifier): {"zipmap": False}},
        target_opset=config.TARGET_OPSET,
    )
    _sort_opset_imports(model)
    onnx.checker.check_model(model)
    _check_signature(model)
    return model.SerializeToString()


def _sort_opset_imports(model: onnx.ModelProto) -> None:
    # skl2onnx gathers the domains in a set, so their order follows Python's per-process string
    # hashing (PYTHONHASHSEED): about one run in five wrote different bytes. Sorted, it doesn't.
    ordered = [onnx.helper.make_opsetid(o.domain, o.version) for o in model.opset_import]
    ordered.sort(key=lambda opset: opset.domain)
    del model.opset_import[:]
    model.opset_import.extend(ordered)


def _check_signature(model: onnx.ModelProto) -> None:
    string, float32 = onnx.TensorProto.STRING, onnx.TensorProto.FLOAT
    expected_inputs = [
        (column, float32 if column in config.NUMERIC_COLUMNS else string)
        for column in config.INPUT_COLUMNS
    ]
    inputs = [(i.name, i.type.tensor_type.elem_type) for i in model.graph.input]
    outputs = [(o.name, o.type.tensor_type.elem_type) for o in model.graph.output]
    if inputs != expected_inputs:
        raise ExportError(f"unexpected ONNX inputs {inputs}; expected {expected_inputs}")
    if outputs != [("label", string), ("probabilities", float32)]:
        raise ExportError(f"unexpected ONNX outputs {outputs}; expected label and probabilities")


def model_opsets(model_bytes: bytes) -> dict[str, int]:
    """The opsets the model really imports (skl2onnx may use less than the target)."""
    model = onnx.load_from_string(model_bytes)
    return {entry.domain: int(entry.version) for entry in model.opset_import}


def library_versions() -> dict[str, str]:
    return {"python": platform.python_version()} | {
        name: metadata.version(name) for name in LIBRARIES
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


def _input_entries(trained: TrainedModel) -> list[dict]:
    features = trained.features
    encoder = trained.pipeline.named_steps["features"].named_transformers_["category"]
    fitted_categories = {
        column: [str(value) for value in values]
        for column, values in zip(encoder.feature_names_in_, encoder.categories_, strict=True)
    }
    entries = []
    for column in config.INPUT_COLUMNS:
        entry = {
            "name": column,
            "label": config.INPUT_LABELS[column],
            "description": config.INPUT_DESCRIPTIONS[column],
        }
        if column in config.NUMERIC_COLUMNS:
            low, high = features[column].min(), features[column].max()
            as_number = int if column == "Age" else float
            entry |= {
                "type": "number",
                "min": as_number(low),
                "max": as_number(high),
                "step": config.INPUT_STEPS[column],
                "unit": config.INPUT_UNITS[column],
                "example": config.INPUT_EXAMPLE[column],
                "tensor": {"name": column, "dtype": "float32"},
            }
        else:
            categories = fitted_categories[column]
            entry |= {
                "type": "category",
                "categories": categories,
                "categoryLabels": {c: config.CATEGORY_LABELS[column][c] for c in categories},
                "example": config.INPUT_EXAMPLE[column],
                "tensor": {"name": column, "dtype": "string"},
            }
        entries.append(entry)
    return entries


def build_manifest(
    trained: TrainedModel,
    model_bytes: bytes,
    golden: dict,
    created_at: str,
    version: str = config.MODEL_VERSION,
) -> dict:
    classes = [str(label) for label in trained.classifier.classes_]
    cv = trained.cross_validation
    class_counts = trained.target.value_counts()
    return {
        "schemaVersion": 1,
        "id": config.MODEL_ID,
        "title": config.MODEL_TITLE,
        "description": config.MODEL_DESCRIPTION,
        "task": "classification",
        "version": version,
        "createdAt": created_at,
        "model": {
            "file": config.MODEL_FILE,
            "sha256": _sha256_bytes(model_bytes),
            "bytes": len(model_bytes),
            "opset": model_opsets(model_bytes),
        },
        "inputs": _input_entries(trained),
        "outputs": {
            "label": {"name": "label", "dtype": "string"},
            "probabilities": {"name": "probabilities", "dtype": "float32"},
            "classes": classes,
            "classLabels": {c: config.CLASS_LABELS.get(c, c) for c in classes},
        },
        "metrics": {
            "crossValidation": {
                "method": "StratifiedKFold",
                "folds": cv.folds,
                "shuffle": cv.shuffle,
                "seed": cv.seed,
                "metric": "accuracy",
                "mean": cv.mean,
                "std": cv.std,
                "scores": list(cv.scores),
            },
            "classCounts": {c: int(class_counts.get(c, 0)) for c in classes},
        },
        "training": {
            "data": {
                "file": _repo_relative(trained.data_file),
                "sha256": trained.data_sha256,
                "rows": len(trained.features),
                "source": config.DATA_SOURCE,
                "licence": config.DATA_LICENCE,
            },
            "estimator": str(trained.pipeline),
            "seed": config.SEED,
            "libraries": library_versions(),
            "tree": tree_summary(trained.pipeline),
        },
        "intendedUse": config.INTENDED_USE,
        "limitations": list(config.LIMITATIONS),
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
    schema_path: Path,
    version: str = config.MODEL_VERSION,
) -> ExportResult:
    """Convert, verify and write model.onnx, golden.json and manifest.json into out_dir."""
    out_dir = Path(out_dir)
    model_bytes = convert_to_onnx(trained.pipeline)
    golden = build_golden(trained.pipeline, trained.features, version)
    parity = check_parity(model_bytes, golden)
    manifest = build_manifest(trained, model_bytes, golden, _created_at(), version)
    validate_manifest(manifest, schema_path)

    golden_text = golden_json(golden)
    if json.loads(golden_text) != golden:
        raise ExportError("golden.json does not read back as written")

    out_dir.mkdir(parents=True, exist_ok=True)
    _write_atomically(out_dir / config.MODEL_FILE, model_bytes)
    _write_atomically(out_dir / config.GOLDEN_FILE, golden_text.encode("utf-8"))
    # The manifest goes last: it vouches for the files written before it.
    _write_atomically(out_dir / config.MANIFEST_FILE, _json_bytes(manifest))
    return ExportResult(
        directory=out_dir,
        model_sha256=manifest["model"]["sha256"],
        model_bytes=len(model_bytes),
        opset=manifest["model"]["opset"],
        parity=parity,
        manifest=manifest,
    )


def write_index(models_dir: Path, manifest: dict) -> Path:
    """Add or update this model's entry in index.json, keeping entries of other models."""
    path = Path(models_dir) / config.INDEX_FILE
    models = json.loads(path.read_text(encoding="utf-8"))["models"] if path.is_file() else []
    entry = {
        "id": manifest["id"],
        "title": manifest["title"],
        "path": f"{manifest['id']}/",
        "version": manifest["version"],
    }
    others = [model for model in models if model.get("id") != entry["id"]]
    position = next((i for i, m in enumerate(models) if m.get("id") == entry["id"]), len(others))
    others.insert(position, entry)
    _write_atomically(path, _json_bytes({"models": others}))
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
