"""Command line: `python -m training train` retrains and re-exports the drug model."""

import argparse
import sys
from pathlib import Path

import jsonschema

from training import config
from training.dataset import DatasetError
from training.evaluate import ParityError
from training.export import TREE_FILE, ExportError, export_model, write_index
from training.train import TrainingError, train


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "train",
        help="retrain, verify against onnxruntime and write public/models/drug/ + index.json",
    )
    run.add_argument("--data", type=Path, default=config.DATA_CSV, help="raw CSV to train on")
    run.add_argument(
        "--models-dir",
        type=Path,
        default=config.MODELS_DIR,
        help="where index.json and the model's <id>/ directory go",
    )
    run.add_argument("--schema", type=Path, default=config.SCHEMA_PATH, help="manifest schema")
    run.add_argument(
        "--version",
        default=config.MODEL_VERSION,
        help="semantic version written to the manifest (bump it when you ship a new model)",
    )
    return parser


def run_train(
    data_csv: Path, models_dir: Path, schema_path: Path, version: str = config.MODEL_VERSION
) -> None:
    trained = train(data_csv)
    result = export_model(trained, models_dir / config.MODEL_ID, schema_path, version)
    index = write_index(models_dir, result.manifest)

    cv = trained.cross_validation
    tree = result.manifest["training"]["tree"]
    parity = result.parity
    libraries = result.manifest["training"]["libraries"]
    splits = ", ".join(f"{t['input']} <= {t['value']:.6g}" for t in tree["thresholds"])
    kinds = ", ".join(f"{kind} {count}" for kind, count in parity.rows_by_kind.items())
    print(
        f"Cross-validation ({cv.folds}-fold stratified, shuffled, seed {cv.seed}): "
        f"accuracy {cv.mean:.4f} ± {cv.std:.4f}"
    )
    print(f"Tree: depth {tree['depth']}, {tree['leaves']} leaves; splits: {splits}")
    print(
        f"Float32 thresholds: {trained.thresholds_snapped} of {len(tree['thresholds'])} would "
        "round up as float32; moved down to the largest float32 below (no prediction changes)"
    )
    print(
        f"Parity, onnxruntime vs scikit-learn on {parity.rows} golden rows ({kinds}): "
        f"labels equal {parity.labels_equal}/{parity.rows}, probabilities within "
        f"{config.GOLDEN_TOLERANCE:g} {parity.probabilities_within_tolerance}/{parity.rows} "
        f"(max |difference| {parity.max_abs_difference:g})"
    )
    print("Libraries: " + ", ".join(f"{name} {version}" for name, version in libraries.items()))
    print(f"Model: {result.model_bytes} bytes, sha256 {result.model_sha256}, opset {result.opset}")
    written = [config.MODEL_FILE, config.NUMERIC_MODEL_FILE, config.GOLDEN_FILE]
    written += [TREE_FILE] if result.tree is not None else []
    written.append(config.MANIFEST_FILE)
    print(f"Wrote {result.directory}/{{{','.join(written)}}} and {index}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        run_train(args.data, args.models_dir, args.schema, args.version)
    except (DatasetError, TrainingError, ParityError, ExportError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        print(
            f"error: manifest does not match the schema at {where}: {error.message}",
            file=sys.stderr,
        )
        return 1
    return 0
