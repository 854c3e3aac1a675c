"""Scenario projects (tests/scenarios/<case>/, as Sphinx's tests/roots): run, then compared byte for byte.

Each case's ``project/`` is copied to a temporary folder and the commands of its
``case.toml`` run there (default: ``run --engine pseudo``) with a fixed
``SOURCE_DATE_EPOCH``. Every file the commands create or change must equal the one
under ``expected/``, and ``expected/`` holds nothing else (with ``stdout = true``,
``expected/STDOUT`` is what the last command printed); running the last command
again must change nothing. ``POLYGLOT_REGEN=1`` rewrites ``expected/`` instead
(see tests/scenarios/README.md).
"""

from __future__ import annotations

import difflib
import os
import shutil
import tomllib
from pathlib import Path

import pytest

from test_cli import run

SCENARIOS = Path(__file__).parent / "scenarios"
CASES = sorted(p.name for p in SCENARIOS.iterdir() if p.is_dir())
#: Not compared: polyglot's state, and the site's static assets (package data, the same in every case).
IGNORED = (".polyglot/", "build/assets/")
EPOCH = "1704067200"  # 2024-01-01T00:00:00Z
DEFAULT_COMMANDS = [["run", "--engine", "pseudo"]]


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by POSIX relative path, the ignored ones left out."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and not rel.startswith(IGNORED):
            out[rel] = p.read_bytes()
    return out


def run_case(name: str, project: Path) -> dict[str, bytes]:
    """Run the case's commands in ``project``; the files they created or changed."""
    spec = tomllib.loads((SCENARIOS / name / "case.toml").read_text(encoding="utf-8"))
    before = files(project)
    for command in spec.get("commands", DEFAULT_COMMANDS):
        code, out, err = run(project, *command)
        assert code == spec.get("exit", 0), f"{command}: exit {code}\n{out}{err}"
    after = files(project)
    printed = {"STDOUT": out.encode()} if spec.get("stdout") else {}
    settled = {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()}
    code, _, err = run(project, *spec.get("commands", DEFAULT_COMMANDS)[-1])
    assert code == spec.get("exit", 0), err
    assert files(project) == after, "running the last command again changed files"
    rewritten = [p for p, t in settled.items() if p.exists() and p.stat().st_mtime_ns != t]
    assert not [p for p in rewritten if not p.relative_to(project).as_posix().startswith(IGNORED)]
    return {rel: data for rel, data in after.items() if before.get(rel) != data} | printed


def _diff(rel: str, want: bytes, got: bytes) -> str:
    lines = difflib.unified_diff(
        want.decode(errors="replace").splitlines(), got.decode(errors="replace").splitlines(),
        f"expected/{rel}", f"got/{rel}", lineterm="", n=1,
    )
    return "\n".join(list(lines)[:40])


@pytest.mark.parametrize("name", CASES)
def test_scenario(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = tmp_path / "project"
    shutil.copytree(SCENARIOS / name / "project", project)
    got = run_case(name, project)
    expected = SCENARIOS / name / "expected"
    if os.environ.get("POLYGLOT_REGEN"):
        shutil.rmtree(expected, ignore_errors=True)
        for rel, data in got.items():
            (expected / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected / rel).write_bytes(data)
        return
    want = files(expected)
    assert sorted(got) == sorted(want), "files created or changed differ from expected/ (POLYGLOT_REGEN=1 rewrites it)"
    stale = [_diff(rel, want[rel], got[rel]) for rel in want if got[rel] != want[rel]]
    assert not stale, "\n\n".join(stale)


def test_every_case_is_described_and_has_expectations():
    assert len(CASES) >= 4
    for name in CASES:
        spec = tomllib.loads((SCENARIOS / name / "case.toml").read_text(encoding="utf-8"))
        assert spec["description"] and set(spec) <= {"description", "commands", "exit", "stdout"}, name
        assert (SCENARIOS / name / "project" / "polyglot.toml").is_file(), name
        assert files(SCENARIOS / name / "expected"), f"{name}: run with POLYGLOT_REGEN=1 to create expected/"
