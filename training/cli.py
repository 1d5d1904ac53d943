"""Command line.

python -m training train [--model ID]   retrain, verify and write public/models/<id>/ for every
                                        model (or one) and update public/models/index.json
python -m training rank-house           rank all house features by measured importance and
                                        write training/models/house.md
"""

import argparse
import sys
import time
from pathlib import Path

import formcast
from formcast.site.model_index import update_index
from training import config, models
from training.build import Built, build
from training.importance import column_descriptions, rank_columns, ranking_markdown
from training.models import house


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m training",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "train",
        help="retrain, verify against onnxruntime and write public/models/<id>/ + index.json",
    )
    run.add_argument(
        "--model",
        choices=models.IDS,
        help="train only this model (default: all, in index order)",
    )
    run.add_argument("--data", type=Path, help="raw CSV to train on (with --model only)")
    run.add_argument(
        "--models-dir",
        type=Path,
        default=config.MODELS_DIR,
        help="where index.json and the models' <id>/ directories go",
    )
    run.add_argument(
        "--version",
        help="semantic version written to the manifest (with --model only; default: the "
        "model module's VERSION, to bump when you ship a new model)",
    )
    rank = commands.add_parser(
        "rank-house", help="measure every house feature's importance and write house.md"
    )
    rank.add_argument("--out", type=Path, default=house.RANKING_FILE, help="Markdown file")
    return parser


def _report(built: Built, seconds: float) -> None:
    spec, result = built.spec, built.result
    manifest, cv = result.manifest, result.cross_validation
    print(f"── {spec.id}: {spec.title} ({spec.task}), {seconds:.1f} s")
    if cv is not None:
        labels = {m.name: m.label for m in spec.metrics}
        primary = cv.primary
        print(
            f"Cross-validation ({cv.folds}-fold {cv.method}, shuffled, seed {cv.seed}): "
            f"{labels[primary.metric.name]} {primary.mean:.4f} ± {primary.std:.4f} "
            f"(folds {', '.join(f'{s:.4f}' for s in primary.scores)})"
        )
        for other in cv.others:
            print(
                f"  {labels[other.metric.name]} {other.mean:.4f} ± {other.std:.4f} "
                f"(folds {', '.join(f'{s:.4f}' for s in other.scores)})"
            )
        if cv.interval is not None:
            interval = cv.interval
            print(
                f"Interval: [value × {interval.lower:.4f}, value × {interval.upper:.4f}] held "
                f"{interval.coverage:.1%} of out-of-fold predictions"
            )
    tree = manifest["training"].get("tree")
    if tree is not None:
        splits = ", ".join(f"{t['input']} <= {t['value']:.6g}" for t in tree["thresholds"])
        print(f"Tree: depth {tree['depth']}, {tree['leaves']} leaves; splits: {splits}")
        print(
            f"Float32 thresholds: {built.thresholds_snapped} of {len(tree['thresholds'])} "
            "would round up as float32; moved down to the largest float32 below (no "
            "prediction changes)"
        )
    if result.thresholds_snapped:
        print(
            f"Float32 thresholds: {result.thresholds_snapped} LightGBM splits would round up as "
            "float32; moved down to the largest float32 below them in the ONNX graph"
        )
    tolerance = manifest["golden"]["tolerance"]
    for what, parity in (("onnxruntime", result.parity), ("numeric", result.numeric_parity)):
        if parity is None:
            continue
        kinds = ", ".join(f"{kind} {count}" for kind, count in parity.rows_by_kind.items())
        if parity.labels_equal is not None:
            print(
                f"Parity, {what} vs scikit-learn on {parity.rows} golden rows ({kinds}): "
                f"labels equal {parity.labels_equal}/{parity.rows}, probabilities within "
                f"{tolerance:g} {parity.within_tolerance}/{parity.rows} "
                f"(max |difference| {parity.max_abs_difference:g})"
            )
        else:
            print(
                f"Parity, {what} vs scikit-learn on {parity.rows} golden rows ({kinds}): "
                f"within relative {tolerance:g} {parity.within_tolerance}/{parity.rows} "
                f"(max relative difference {parity.max_relative_difference:g}, max |difference| "
                f"{parity.max_abs_difference:g})"
            )
    libraries = manifest["training"]["libraries"]
    print("Libraries: " + ", ".join(f"{name} {version}" for name, version in libraries.items()))
    model = manifest["model"]
    numeric = model.get("numeric", {})
    print(
        f"Model: {model['bytes']} bytes, numeric {numeric.get('bytes', 0)} bytes, sha256 "
        f"{model['sha256']}, opset {model['opset']}"
    )
    print(f"Wrote {result.directory}/{{{','.join(result.files)}}}")


def run_train(
    model_ids: list[str],
    models_dir: Path,
    *,
    data_csv: Path | None = None,
    version: str | None = None,
) -> list[Built]:
    built = []
    for model_id in model_ids:
        spec = models.get(model_id)
        started = time.perf_counter()
        one = build(spec, models_dir / spec.id, data_csv=data_csv, version=version)
        _report(one, time.perf_counter() - started)
        built.append(one)
    index = update_index(models_dir, [b.result.manifest for b in built], list(models.IDS))
    print(f"Wrote {index}")
    return built


def run_rank_house(out: Path) -> None:
    spec = house.SPEC
    ranking = rank_columns(spec.data.file, spec.target, house.ranking_model)
    descriptions = column_descriptions(house.DESCRIPTION_FILE)
    text = ranking_markdown(
        ranking, house.PICKED, house.SKIPPED, descriptions, house.RANKING_HEADER
    )
    out.write_text(text, encoding="utf-8")
    for r in ranking[:25]:
        mark = "*" if r.column in house.PICKED else " "
        print(f"{mark} {r.rank:2d} {r.column:14s} {r.importance:.5f} ± {r.std:.5f}")
    print(f"Wrote {out}")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "rank-house":
        run_rank_house(args.out)
        return 0
    if args.model is None and (args.data is not None or args.version is not None):
        parser.error("--data and --version apply to one model: add --model ID")
    model_ids = [args.model] if args.model else list(models.IDS)
    try:
        run_train(model_ids, args.models_dir, data_csv=args.data, version=args.version)
    except formcast.FormcastError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
