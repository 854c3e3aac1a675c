"""Race a translator: ``polyglot translate`` runs while a simulated editor saves the PO file.

The editor does what Poedit does: reads the whole catalog, reviews a few entries
(sets their translation, clears ``fuzzy``) and saves the whole file (a new file
renamed over the old one). It saves at a seeded random moment of the run, so some
saves land before polyglot reads the file, some between its read and its write,
some after. Whatever the moment, every edit of the person must be in the file at
the end (polyglot merged around it, or refused the file when both changed the same
entry), the file passes ``msgfmt --check``, and polyglot exits 0 (merged) or 2
(refused, with one line naming the file).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from gettext_tools import msgfmt_check

from polyglot.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SEED = 20251201
RACES = 24
EDITS = 3
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SOURCE_DATE_EPOCH": "1763900000", "LC_ALL": "C.UTF-8"}
PO = Path("locales", "es", "LC_MESSAGES", "zapad-2025.po")
COMMAND = ("translate", "--to", "es", "--engine", "apertium")
#: Each fsync of a file sleeps a little, as on a slow disk, to widen polyglot's write phase.
LAUNCHER = """
import os, stat, sys, time
_fsync = os.fsync
def slow_fsync(fd):
    if stat.S_ISREG(os.fstat(fd).st_mode):
        time.sleep(0.05)
    _fsync(fd)
os.fsync = slow_fsync
from polyglot.console import main
main(sys.argv[1:])
"""
OUTCOMES: list[dict] = []


@pytest.fixture(autouse=True)
def _needs_apertium() -> None:
    assert shutil.which("apertium"), "needs apertium: apt-get install apertium apertium-fr-es"


def _polyglot(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, "-C", str(project), *args],
        env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    """A project with its catalogs, and how long an undisturbed translate takes."""
    base = tmp_path_factory.mktemp("editor") / "base"
    (base / "seeds").mkdir(parents=True)
    shutil.copy(ROOT / "seeds" / "zapad-2025.fr.txt", base / "seeds")
    shutil.copy(ROOT / "polyglot.toml", base)
    shutil.copy(ROOT / "glossary.csv", base)
    proc = _polyglot(base, "update")
    assert proc.wait(120) == 0, proc.stderr.read()  # type: ignore[union-attr]
    timing = base.parent / "timing"
    shutil.copytree(base, timing)
    started = time.monotonic()
    proc = _polyglot(timing, *COMMAND)
    assert proc.wait(300) == 0, proc.stderr.read()  # type: ignore[union-attr]
    return {"base": base, "seconds": time.monotonic() - started}


def _edit(path: Path, rng: random.Random, label: str) -> dict[str, str]:
    """Review a few random entries the way an editor saves: whole file, new file renamed over."""
    cat = read_po(path.read_text(encoding="utf-8"), str(path))
    messages = list(cat.messages)
    active = [i for i, m in enumerate(messages) if m.msgid and not m.obsolete]
    edits = {}
    for n, i in enumerate(rng.sample(active, EDITS)):
        text = f"Revisado a mano {label}-{n}."
        messages[i] = replace(messages[i], msgstr=text).with_flag("fuzzy", False)
        edits[messages[i].msgid] = text
    tmp = path.with_name(f".{path.name}.editor")
    tmp.write_text(write_po(replace(cat, messages=tuple(messages))), encoding="utf-8")
    os.replace(tmp, path)
    return edits


@pytest.mark.parametrize("race", range(RACES))
def test_a_translator_saving_during_a_run_loses_nothing(world, tmp_path: Path, race: int) -> None:
    rng = random.Random(f"{SEED}-{race}")
    project = tmp_path / "p"
    shutil.copytree(world["base"], project)
    delay = rng.uniform(0.0, 1.1) * world["seconds"]
    edits: dict[str, str] = {}
    editor = threading.Timer(delay, lambda: edits.update(_edit(project / PO, rng, f"{race}")))
    proc = _polyglot(project, *COMMAND)
    editor.start()
    _, err = proc.communicate(timeout=300)
    editor.join()
    assert proc.returncode in (0, 2), err
    if proc.returncode == 2:  # refused: both changed one entry; the person's file is kept
        assert err.count("\n") == 1 and str(PO) in err, err
    final = read_po((project / PO).read_text(encoding="utf-8"), str(PO))
    for msgid, text in edits.items():
        m = final.get(msgid)
        assert m is not None and m.msgstr == text and not m.fuzzy, f"race {race}: the edit of {msgid[:40]!r} was lost"
    msgfmt_check(project / PO)
    OUTCOMES.append({"delay": round(delay, 2), "exit": proc.returncode})


def test_races_landed_at_every_phase() -> None:
    """The summary: some runs merged around an edit, some refused a conflict, delays spread over the run."""
    if len(OUTCOMES) < RACES:
        pytest.skip("runs only after all the races")
    assert any(o["exit"] == 0 for o in OUTCOMES) and any(o["exit"] == 2 for o in OUTCOMES), OUTCOMES
    delays = sorted(o["delay"] for o in OUTCOMES)
    assert delays[0] < delays[-1] / 4, OUTCOMES
