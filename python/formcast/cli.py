"""The `formcast` command (also `python -m formcast`).

  formcast export MODEL.joblib --data TRAIN.csv [--target COL] --id ID --out DIR
  formcast site MODEL_DIR... --out SITE_DIR
  formcast serve SITE_DIR [--port N]
  formcast score MODEL_DIR INPUT.csv|.parquet --out OUTPUT.csv|.parquet

Errors print one line, `error: …`, and exit with status 1; nothing is left half-written.
Each command imports what it needs when it runs: `formcast score` never loads scikit-learn.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from formcast import __version__
from formcast.errors import FormcastError, MissingExtraError, require

if TYPE_CHECKING:
    from formcast.exporting.export import ExportResult

EXPORT_HELP = """\
Export a fitted model to a Formcast model directory, after checking that its ONNX version gives
the same answers as the model on every golden row.

MODEL is a file written by joblib.dump (.joblib) or pickle.dump (.pkl, .pickle). Loading it runs
the code inside it: only load models you trust.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="formcast",
        description="Ship a fitted scikit-learn model as a static site that predicts in the "
        "browser: export it, build the site, preview it.",
    )
    parser.add_argument("--version", action="version", version=f"formcast {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "export",
        help="model file + training data → a verified model directory",
        description=EXPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "model", type=Path, help="the fitted model (.joblib, .pkl); loading runs its code"
    )
    run.add_argument("--data", type=Path, required=True, help="training data (.csv or .parquet)")
    run.add_argument(
        "--target",
        help="the column of the data the model predicts: dropped from the inputs and used to "
        "cross-validate (without it, the card says no metric was measured)",
    )
    run.add_argument("--id", required=True, help="model id: lower-case letters, digits, dashes")
    run.add_argument("--out", type=Path, required=True, help="the model directory to write")
    run.add_argument("--title", help="title on the page (default: the id)")
    run.add_argument("--card", type=Path, help="JSON file with the card's fields (see docs)")
    run.add_argument(
        "--folds",
        type=int,
        default=5,
        help="cross-validation folds with --target (default 5; 0 skips cross-validation)",
    )

    site = commands.add_parser(
        "site",
        help="model directories → a complete static site (no Node.js needed)",
        description="Write a static site: the prebuilt Formcast app, the model directories "
        "under models/<id>/ (the first one opens first) and models/index.json.",
    )
    site.add_argument("model_dirs", type=Path, nargs="+", metavar="MODEL_DIR")
    site.add_argument("--out", type=Path, required=True, help="the site directory to write")

    preview = commands.add_parser(
        "serve",
        help="preview a site locally with the headers a host should send",
        description="Serve SITE_DIR on http://127.0.0.1:PORT/ with application/wasm, no-cache "
        "and immutable caching as a real host should; stop with Ctrl+C.",
    )
    preview.add_argument("site", type=Path, metavar="SITE_DIR")
    preview.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any)")
    preview.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")

    score = commands.add_parser(
        "score",
        help="score a CSV or Parquet file of any size with a model directory (DuckDB)",
        description=SCORE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument("model_dir", type=Path, metavar="MODEL_DIR", help="the model directory")
    score.add_argument("input", type=Path, metavar="INPUT", help="a .csv or .parquet file")
    score.add_argument(
        "--out", type=Path, required=True, metavar="OUTPUT", help="the .csv or .parquet to write"
    )
    score.add_argument(
        "--keep-formulas",
        action="store_true",
        help="write cells starting with =, +, -, @ as they came (by default a CSV output "
        "escapes them with a leading ' so a spreadsheet shows them instead of running them)",
    )
    score.add_argument("--quiet", action="store_true", help="print nothing when it succeeds")
    return parser


SCORE_HELP = """\
Score every row of INPUT with the model in MODEL_DIR, with the browser's input rules, and write
the input's columns plus the browser's prediction columns to OUTPUT: predicted_label and one
p_<class> per class (or predicted_value, range_low, range_high), and error. A row that breaks a
rule keeps its place, with empty predictions and the browser's message in error. A CSV output
is written exactly as the browser's scored CSV; a Parquet output keeps the input's types.

DuckDB reads the file in parallel and streams it in batches of 100,000 rows, so files larger than
memory work. Needs the duckdb extra: pip install 'formcast[duckdb]'.
"""


def report_export(result: ExportResult, seconds: float) -> None:
    manifest = result.manifest
    print(
        f"{manifest['id']} {manifest['version']}: {manifest['title']} ({manifest['task']}), "
        f"{len(manifest['inputs'])} inputs, {seconds:.2f} s"
    )
    cv = result.cross_validation
    if cv is not None:
        for scores in (cv.primary, *cv.others):
            print(
                f"  {scores.metric.label}: {scores.mean:.4f} ± {scores.std:.4f} "
                f"({cv.folds}-fold {cv.method})"
            )
    else:
        print("  no cross-validation (no --target)")
    for what, parity in (
        ("model.onnx", result.parity),
        ("model.numeric.onnx", result.numeric_parity),
    ):
        if parity is None:
            continue
        tolerance = manifest["golden"]["tolerance"]
        if parity.labels_equal is not None:
            print(
                f"  parity, {what}: {parity.labels_equal}/{parity.rows} golden rows agree, "
                f"largest difference {parity.max_abs_difference:.3g} (tolerance {tolerance:g})"
            )
        else:
            print(
                f"  parity, {what}: {parity.within_tolerance}/{parity.rows} golden rows agree, "
                f"largest relative difference {parity.max_relative_difference:.3g} "
                f"(tolerance {tolerance:g})"
            )
    for note in result.notes:
        print(f"  {note}")
    print(f"Wrote {result.directory}/ ({', '.join(result.files)})")


def run_export(args: argparse.Namespace) -> ExportResult:
    from formcast.exporting.from_files import export_files

    return export_files(
        args.model,
        args.data,
        target=args.target,
        folds=args.folds,
        id=args.id,
        out=args.out,
        title=args.title,
        card=args.card,
    )


def run_site(args: argparse.Namespace) -> None:
    from formcast.site.build import build_site

    site = build_site(args.model_dirs, args.out)
    ids = ", ".join(m["id"] for m in site.models)
    count = f"{len(site.models)} model{'s' if len(site.models) != 1 else ''}"
    where = site.directory
    print(f"Wrote {where}/ with {count} ({ids}); serve it with: formcast serve {where}")


def run_score(args: argparse.Namespace) -> None:
    require("duckdb", "duckdb", "formcast score")
    require("pyarrow", "duckdb", "formcast score")
    from formcast.batch.score_file import report as score_report
    from formcast.batch.score_file import score_file
    from formcast.scoring.scorer import Scorer

    scorer = Scorer(args.model_dir)
    formulas = "keep" if args.keep_formulas else "escape"
    summary = score_file(scorer, args.input, args.out, formulas=formulas)
    if not args.quiet:
        print(score_report(summary, scorer, args.input, args.out), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    try:
        if args.command == "export":
            result = run_export(args)
            report_export(result, time.perf_counter() - started)
        elif args.command == "site":
            run_site(args)
        elif args.command == "score":
            run_score(args)
        else:
            from formcast.site.serve import serve

            serve(args.site, args.port, args.host)
    except (FormcastError, MissingExtraError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
