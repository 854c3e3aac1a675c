"""The library type-checks: mypy, with the settings of ``[tool.mypy]`` in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

pytest.importorskip("mypy")


def test_mypy_passes_on_the_library():
    done = subprocess.run(  # (its cache, .mypy_cache/, makes later runs fast)
        [sys.executable, "-m", "mypy", "src/polyglot"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Success" in done.stdout
