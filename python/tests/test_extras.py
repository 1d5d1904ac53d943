"""The engines are optional extras: without them, a message naming the pip command."""

from __future__ import annotations

import json
import subprocess
import sys

# Each call runs with one module made unimportable (a None entry in sys.modules makes `import`
# fail as if it were not installed). One Python process for all: starting one costs seconds.
CASES = [
    ("duckdb", "from formcast.duckdb import register; register(None, 'm')", "duckdb"),
    ("pyspark", "from formcast.spark import score; score(None, 'm')", "spark"),
    ("pyarrow", "from formcast.spark import score; score(None, 'm')", "spark"),
    (
        "duckdb",
        "from formcast.cli import main; raise SystemExit(main(['score', 'm', 'a', '--out', 'b']))",
        "duckdb",
    ),
]

SCRIPT = """
import contextlib, io, json, sys
out = []
for module, call, _ in json.loads(sys.argv[1]):
    saved = {k: v for k, v in sys.modules.items() if k == module or k.startswith(module + ".")}
    for k in saved:
        del sys.modules[k]
    sys.modules[module] = None
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            exec(call)
        out.append(["returned", err.getvalue()])
    except SystemExit as stop:
        out.append([f"exit {stop.code}", err.getvalue()])
    except ImportError as error:
        out.append(["ImportError", str(error)])
    finally:
        del sys.modules[module]
        sys.modules.update(saved)
print(json.dumps(out))
"""


def test_a_missing_extra_names_the_pip_command() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(CASES)],
        capture_output=True,
        text=True,
        check=True,
    )
    outcomes = json.loads(result.stdout.strip().splitlines()[-1])
    for (module, _, extra), (how, message) in zip(CASES, outcomes, strict=True):
        assert how in ("ImportError", "exit 1"), (module, how)
        assert f"pip install 'formcast[{extra}]'" in message, (module, message)
