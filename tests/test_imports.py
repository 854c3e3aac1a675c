"""Commands that translate nothing never import the heavy neural stack (checked with -X importtime)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = {"torch", "argostranslate", "ctranslate2", "sentencepiece", "stanza", "spacy", "minisbd"}


def imported_modules(stderr: str) -> set[str]:
    """Top-level module names from ``-X importtime`` lines (``import time: self | cumulative | name``)."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name.split(".")[0])
    return names


def test_parser_sees_imports() -> None:
    stderr = "import time: self [us] | cumulative | imported package\nimport time:  120 |  300 |   torch.nn\n"
    assert imported_modules(stderr) == {"torch"}


@pytest.mark.parametrize("args", [["--help"], ["status"]], ids=["help", "status"])
def test_light_commands_do_not_import_engines(tmp_path: Path, args: list[str]) -> None:
    shutil.copy(ROOT / "polyglot.toml", tmp_path / "polyglot.toml")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "polyglot", *args],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    modules = imported_modules(done.stderr)
    assert "polyglot" in modules  # the check itself works
    assert not modules & HEAVY, sorted(modules & HEAVY)
