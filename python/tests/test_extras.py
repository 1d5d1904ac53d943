"""The engines are optional extras: without them, a message naming the pip command."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("module", "call", "extra"),
    [
        ("duckdb", "from formcast.duckdb import register; register(None, 'm')", "duckdb"),
        ("pyspark", "from formcast.spark import score; score(None, 'm')", "spark"),
        ("pyarrow", "from formcast.spark import score; score(None, 'm')", "spark"),
        (
            "duckdb",
            "from formcast.cli import main; sys.exit(main(['score', 'm', 'a', '--out', 'b']))",
            "duckdb",
        ),
    ],
)
def test_a_missing_extra_names_the_pip_command(module: str, call: str, extra: str) -> None:
    # A None entry in sys.modules makes `import module` fail as if it were not installed.
    script = f"import sys\nsys.modules[{module!r}] = None\n{call}\n"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert f"pip install 'formcast[{extra}]'" in result.stdout + result.stderr
    assert result.returncode != 0
