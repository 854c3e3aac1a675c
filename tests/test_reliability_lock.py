"""Concurrent CLI runs on one project: the lock makes them take turns, names its holder, survives kills.

The first run translates through a held-back Apertium (a wrapper script that waits for
the test to open a gate file, then runs the real one), so it holds the project lock until
the test lets it go, however long a second run takes to start on a loaded machine.
"""

from __future__ import annotations

import os
import re
import signal
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from polyglot.errors import EXIT_LOCKED
from polyglot.lock import read_holder
from polyglot.pofile import read_po
from conftest import SEED_ENTRIES

SRC = Path(__file__).resolve().parent.parent / "src"
ENV = {**os.environ, "PYTHONPATH": str(SRC), "LC_ALL": "C.UTF-8"}
SLOW = """#!/bin/sh
# Apertium, held back: listing modes is quick, each translation waits for the gate first
# (at most 60 s, so a failing test never hangs).
case "$1" in -l) exec apertium "$@";; esac
i=0
while [ ! -e {gate} ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
exec apertium "$@"
"""

@pytest.fixture(autouse=True)
def _needs_apertium() -> None:
    # like the other Apertium tests: fail, never skip, when the engine is missing
    assert shutil.which("apertium"), "needs apertium: apt-get install apertium apertium-fr-es apertium-fra-cat apertium-eng-cat"


def _cli(project: Path, *args: str, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "polyglot", "-C", str(project), *args], env=ENV, capture_output=True, text=True, **kw
    )


def _start(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "polyglot", "-C", str(project), *args],
        env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _slow_engine(project: Path) -> None:
    """Point the project's Apertium command at a wrapper that waits for :func:`_open_gate` before each translation."""
    script = project / "slow-apertium"
    script.write_text(SLOW.format(gate=shlex.quote(str(_gate(project)))))
    script.chmod(0o755)
    toml = project / "polyglot.toml"
    text = toml.read_text(encoding="utf-8")
    assert "[engines.apertium]\n" in text
    toml.write_text(text.replace("[engines.apertium]\n", f'[engines.apertium]\ncommand = "{script}"\n'), encoding="utf-8")


def _gate(project: Path) -> Path:
    return project / "gate"


def _open_gate(project: Path) -> None:
    """Let the held-back engine translate (and so the run holding the lock finish)."""
    _gate(project).touch()


def _wait_for_holder(project: Path, proc: subprocess.Popen[str], timeout: float = 20) -> None:
    """Wait until ``proc`` holds the project lock (its record is in the lock file)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        holder = read_holder(project / ".polyglot")
        if holder is not None and holder.pid == proc.pid:
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    raise AssertionError("the first run never took the lock")


@pytest.fixture
def project(seed_project: Path) -> Path:
    done = _cli(seed_project, "update", "--to", "es")
    assert done.returncode == 0, done.stderr
    _slow_engine(seed_project)
    return seed_project


def test_second_run_waits_then_exits_4_naming_the_holder(project: Path) -> None:
    first = _start(project, "translate", "--to", "es", "--engine", "apertium")
    try:
        _wait_for_holder(project, first)
        started = time.monotonic()
        second = _cli(project, "--wait", "0.5", "update", "--to", "es", timeout=30)
        waited = time.monotonic() - started
        assert second.returncode == EXIT_LOCKED, second.stderr
        assert waited >= 0.5
        assert first.poll() is None  # it gave up while the holder still ran (the gate is shut)
        assert second.stderr.count("\n") == 1 and second.stderr.startswith("polyglot: error: ")
        assert f"pid {first.pid}," in second.stderr, second.stderr
        assert re.search(r"'polyglot (-C \S+ )?translate --to es --engine apertium'", second.stderr), second.stderr
        assert ".polyglot/lock" in second.stderr and "waited 0.5 s" in second.stderr
        assert second.stdout == ""
    finally:
        _open_gate(project)
        out, err = first.communicate(timeout=60)
    assert first.returncode == 0, err


def test_waiting_run_goes_after_the_holder_and_both_writes_survive(project: Path) -> None:
    """Without the lock, update's new entry would be overwritten by translate's stale catalog."""
    first = _start(project, "translate", "--to", "es", "--engine", "apertium")
    _wait_for_holder(project, first)
    source = project / "seeds" / "zapad-2025.fr.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nUne phrase ajoutée pendant la traduction.\n", encoding="utf-8")
    second = _start(project, "--wait", "60", "update", "--to", "es")
    _open_gate(project)
    out1, err1 = first.communicate(timeout=60)
    first_done = time.monotonic()
    out2, err2 = second.communicate(timeout=60)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert "1 new" in out2  # the update merged after the translation, not before
    po = project / "locales" / "es" / "LC_MESSAGES" / "zapad-2025.po"
    cat = read_po(po.read_text(encoding="utf-8"), str(po))
    assert cat.get("Une phrase ajoutée pendant la traduction.") is not None
    machine = [m for m in cat.active if m.translated]
    assert len(machine) == SEED_ENTRIES and all(m.fuzzy for m in machine)
    assert read_holder(project / ".polyglot") is None  # released and emptied
    assert time.monotonic() >= first_done


def test_lock_of_a_killed_run_is_cleared_and_the_next_run_proceeds(project: Path) -> None:
    first = _start(project, "translate", "--to", "es", "--engine", "apertium")
    _wait_for_holder(project, first)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    holder = read_holder(project / ".polyglot")
    assert holder is not None and holder.pid == first.pid and holder.alive() is False  # the record of a dead run
    started = time.monotonic()
    done = _cli(project, "--wait", "0", "update", "--to", "es", timeout=30)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 10
    assert read_holder(project / ".polyglot") is None
    # and a translate after it gets the lock too, with the held-back engine, and completes
    _open_gate(project)
    done = _cli(project, "--wait", "0", "translate", "--to", "es", "--engine", "apertium", "--json", timeout=60)
    assert done.returncode == 0, done.stderr
    assert re.search(rf'"sent": {SEED_ENTRIES}\b', done.stdout)
