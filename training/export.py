"""Write one model directory: model.onnx, golden.json, tree.json and manifest.json, verified first.

Nothing is written until the ONNX model matches scikit-learn on every golden row, the tree read
back from the ONNX graph leads every golden row to its label, and the manifest validates against
schema/manifest.schema.json: a half-right model directory in public/ would be served to browsers
as if it were right.
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
from training.evaluate import (
    ParityReport,
    build_golden,
    check_parity,
    check_tree_paths,
    feature_names,
    tree_summary,
)
from training.numeric import INPUT_NAME, check_numeric_parity, convert_numeric, feature_layout
from training.train import TrainedModel

LIBRARIES = ("scikit-learn", "skl2onnx", "onnx", "onnxruntime", "numpy", "pandas")

# The decision tree's structure, for the browser's "why this prediction?" path. Written only when
# the model is a single tree; the manifest names it in training.tree.file.
TREE_FILE = "tree.json"

# ONNX TreeEnsemble branch modes, as the short comparison names tree.json uses.
BRANCH_MODES = {
    "BRANCH_LEQ": "LEQ",
    "BRANCH_LT": "LT",
    "BRANCH_GTE": "GTE",
    "BRANCH_GT": "GT",
    "BRANCH_EQ": "EQ",
    "BRANCH_NEQ": "NEQ",
}


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
    tree: dict | None


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


def _attributes(node: onnx.NodeProto) -> dict:
    values = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    # ai.onnx.ml 3 may store the floats as tensors instead of lists; read either.
    for name in ("nodes_values", "class_weights"):
        tensor = values.pop(f"{name}_as_tensor", None)
        if tensor is not None:
            values[name] = [float(v) for v in onnx.numpy_helper.to_array(tensor).ravel()]
    return values


def _feature_columns(graph: onnx.GraphProto, tensor: str) -> list[dict]:
    """What each column of `tensor` is, traced back to the graph's inputs.

    A number input is its own column; a one-hot encoder gives one column per category, 1.0 when
    the input equals it. Only the operators skl2onnx uses to assemble the tree's feature matrix
    are followed; anything else means the tree's features cannot be named, and export stops.
    """
    if tensor in {i.name for i in graph.input}:
        return [{"name": tensor, "input": tensor}]
    producer = next((n for n in graph.node if tensor in n.output), None)
    if producer is None:
        raise ExportError(f"no node produces the tensor {tensor!r}")
    if producer.op_type == "OneHotEncoder":
        source = producer.input[0]
        if source not in {i.name for i in graph.input}:
            raise ExportError(f"the one-hot encoder of {tensor!r} does not read a model input")
        attributes = _attributes(producer)
        categories = attributes.get("cats_strings") or attributes.get("cats_int64s") or []
        return [
            {
                "name": f"{source}_{_text(category)}",
                "input": source,
                "category": _text(category),
            }
            for category in categories
        ]
    if producer.op_type == "Concat":
        return [column for part in producer.input for column in _feature_columns(graph, part)]
    if producer.op_type in ("Reshape", "Identity", "Cast"):
        return _feature_columns(graph, producer.input[0])
    raise ExportError(
        f"cannot tell which input feeds {tensor!r}: it comes from a {producer.op_type} node"
    )


def _text(value: bytes | str | int) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def tree_from_onnx(model_bytes: bytes, expected_features: list[str]) -> dict | None:
    """tree.json's content, read from the exported graph's TreeEnsembleClassifier.

    The thresholds are the float32 values onnxruntime-web compares against, not scikit-learn's
    float64 ones, so the path the browser shows is the path the browser's model takes. Returns
    None when the model is not one tree (an ensemble has no single path to show).
    `expected_features` are scikit-learn's names for the tree's columns, a cross-check of the
    tracing through the graph.
    """
    model = onnx.load_from_string(model_bytes)
    trees = [n for n in model.graph.node if n.op_type == "TreeEnsembleClassifier"]
    if len(trees) != 1:
        return None
    node = trees[0]
    a = _attributes(node)
    if set(a["nodes_treeids"]) != {0} or _text(a.get("post_transform", b"NONE")) != "NONE":
        return None
    features = _feature_columns(model.graph, node.input[0])
    if [f["name"] for f in features] != expected_features:
        raise ExportError(
            f"the tree's columns traced through the ONNX graph, {[f['name'] for f in features]},"
            f" are not scikit-learn's {expected_features}"
        )
    classes = [_text(label) for label in a["classlabels_strings"]]
    weights: dict[int, list[float]] = {}
    for node_id, class_id, weight in zip(
        a["class_nodeids"], a["class_ids"], a["class_weights"], strict=True
    ):
        weights.setdefault(node_id, [0.0] * len(classes))[class_id] += float(weight)

    nodes = []
    for position, node_id in enumerate(a["nodes_nodeids"]):
        mode = _text(a["nodes_modes"][position])
        if mode == "LEAF":
            probabilities = weights.get(node_id)
            if probabilities is None:
                raise ExportError(f"leaf {node_id} of the ONNX tree has no class weights")
            best = max(range(len(classes)), key=lambda i: (probabilities[i], -i))
            nodes.append({"id": node_id, "label": classes[best], "probabilities": probabilities})
        elif mode in BRANCH_MODES:
            nodes.append(
                {
                    "id": node_id,
                    "feature": int(a["nodes_featureids"][position]),
                    "mode": BRANCH_MODES[mode],
                    "value": float(a["nodes_values"][position]),
                    "true": int(a["nodes_truenodeids"][position]),
                    "false": int(a["nodes_falsenodeids"][position]),
                }
            )
        else:
            raise ExportError(f"node {node_id} of the ONNX tree has an unknown mode {mode!r}")
    children = {n[side] for n in nodes if "feature" in n for side in ("true", "false")}
    roots = [n["id"] for n in nodes if n["id"] not in children]
    if len(roots) != 1:
        raise ExportError(f"the ONNX tree has {len(roots)} roots, not one")
    return {
        "modelSha256": _sha256_bytes(model_bytes),
        "classes": classes,
        "features": features,
        "root": roots[0],
        "nodes": nodes,
    }


def tree_json(tree: dict) -> str:
    """tree.json with one node per line, like golden.json: a changed split is a one-line diff."""
    parts = [
        f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in tree.items()
        if key not in ("features", "nodes")
    ]
    for key in ("features", "nodes"):
        items = ",\n".join(f"    {json.dumps(item, ensure_ascii=False)}" for item in tree[key])
        parts.append(f'  "{key}": [\n{items}\n  ]')
    return "{\n" + ",\n".join(parts) + "\n}\n"


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
    tree_file: str | None = None,
    numeric: dict | None = None,
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
            **({"numeric": numeric} if numeric else {}),
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
            "tree": ({"file": tree_file} if tree_file else {}) | tree_summary(trained.pipeline),
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
    """Convert, verify and write model.onnx, golden.json, tree.json and manifest.json."""
    out_dir = Path(out_dir)
    model_bytes = convert_to_onnx(trained.pipeline)
    golden = build_golden(trained.pipeline, trained.features, version)
    parity = check_parity(model_bytes, golden)
    tree = tree_from_onnx(model_bytes, feature_names(trained.pipeline))
    if tree is not None:
        check_tree_paths(tree, golden)
    tree_file = TREE_FILE if tree is not None else None
    numeric_bytes = convert_numeric(trained.pipeline)
    layout = feature_layout(trained.pipeline)
    check_numeric_parity(numeric_bytes, golden, layout)
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
        opset=manifest["model"]["opset"],
        parity=parity,
        manifest=manifest,
        tree=tree,
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
