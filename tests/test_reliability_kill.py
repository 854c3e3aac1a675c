"""Kill at random: ``update``, ``translate`` and ``build`` SIGKILLed (and Ctrl-C'd) at seeded random moments.

After every kill: each file is as it was or as it would have been (never half-written;
only our temporary files may be left), every PO file parses and passes
``msgfmt --check``, no reviewed entry is lost, and the SQLite memory passes
``PRAGMA integrity_check``. Then the next run completes, cleans the temporary files,
writes exactly what an uninterrupted run writes, and sends the engine only what the
cache does not already hold.

Kill delays are fractions of the measured duration of an uninterrupted run, so the
kills land mid-run whatever the machine's speed. The runs see a slow disk (each
``fsync`` of a file and each ``syncfs`` sleeps a little), which widens the write phase.
Chance alone does not decide whether a kill lands between a temporary file's creation
and its rename: one more trial per command holds the run at its first flush of a
temporary file and kills it there.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from polyglot.fsutil import is_temp_name
from polyglot.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
SEED = 20251123
TRIALS = {"update": 8, "translate": 8, "build": 8}
#: Trials per command that send SIGINT (Ctrl-C) instead of SIGKILL: the run must stop with exit
#: code 130 and one line on stderr, leaving no temporary file and no engine process behind.
INT_TRIALS = {"update": 4, "translate": 4, "build": 4}
ENV = {**os.environ, "PYTHONPATH": str(SRC), "SOURCE_DATE_EPOCH": "1763900000", "LC_ALL": "C.UTF-8"}
COMMANDS = {
    "update": ("update",),
    "translate": ("translate", "--engine", "apertium", "--json"),
    "build": ("build",),
}
#: Reviewed entries written before the trials: the first of these source sentences, per language.
REVIEWED_LANGS = ("en", "es")
REVIEWED_COUNT = 4
#: Seconds each fsync takes in the runs under test (a slow disk).
SLOW_FSYNC = 0.04
#: Set in a run's environment: the run writes this file at its first flush of a temporary
#: file, then waits there (to be killed).
HOLD = "POLYGLOT_TEST_HOLD_AT_FLUSH"
LAUNCHER = f"""
import os, stat, sys, time
from polyglot import fsutil
_fsync, _libc = os.fsync, fsutil._libc()
def flushing(temps):
    hold = os.environ.get({HOLD!r})
    if hold and temps:
        open(hold, "w").close()
        time.sleep(600)
    time.sleep({SLOW_FSYNC})
def slow_fsync(fd):
    if stat.S_ISREG(os.fstat(fd).st_mode):  # a file's data, not a folder's entries
        name = os.readlink(f"/proc/self/fd/{{fd}}")
        flushing(fsutil.is_temp_name(os.path.basename(name)) and "/.polyglot/" not in name)
    _fsync(fd)
class SlowDisk:
    def syncfs(self, fd):  # the build's pages: temporary files written, not yet renamed
        folder = os.readlink(f"/proc/self/fd/{{fd}}")
        flushing(any(fsutil.is_temp_name(n) for n in os.listdir(folder)))
        return _libc.syncfs(fd)
os.fsync = slow_fsync
if _libc is not None and hasattr(_libc, "syncfs"):
    fsutil._libc = SlowDisk
from polyglot.console import main
main(sys.argv[1:])
"""
#: Outcomes of the trials, for the final summary test.
OUTCOMES: dict[str, list[dict]] = {name: [] for name in TRIALS}

@pytest.fixture(autouse=True)
def _needs_apertium() -> None:
    # like the other Apertium tests: fail, never skip, when the engine is missing
    assert shutil.which("apertium"), "needs apertium: apt-get install apertium apertium-fr-es apertium-fra-cat apertium-eng-cat"


def _argv(project: Path, *args: str) -> list[str]:
    """polyglot, through the launcher (a slow disk), in ``project``."""
    return [sys.executable, "-c", LAUNCHER, "-C", str(project), *args]


def _cli(project: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_argv(project, *args), env=ENV, capture_output=True, text=True, timeout=timeout)


def _ok(project: Path, *args: str) -> tuple[str, float]:
    started = time.monotonic()
    done = _cli(project, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout, time.monotonic() - started


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project but the state folder (lock, memory), by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".polyglot" not in p.relative_to(root).parts
    }


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


def _review(project: Path) -> dict[tuple[str, str], str]:
    """Mark a few entries reviewed (translated, not fuzzy), as a translator would; what was written."""
    reviewed = {}
    for lang in REVIEWED_LANGS:
        path = project / "locales" / lang / "LC_MESSAGES" / "zapad-2025.po"
        cat = read_po(path.read_text(encoding="utf-8"), str(path))
        messages = list(cat.messages)
        for i, m in enumerate(messages[:REVIEWED_COUNT]):
            text = f"[{lang}] relu n° {i}"
            messages[i] = replace(m, msgstr=text).with_flag("fuzzy", False)
            reviewed[(lang, m.msgid)] = text
        path.write_text(write_po(replace(cat, messages=tuple(messages))), encoding="utf-8")
    return reviewed


def _edit_source(project: Path) -> None:
    """Change one sentence and add a paragraph, so that update rewrites every catalog."""
    src = project / "seeds" / "zapad-2025.fr.txt"
    text = src.read_text(encoding="utf-8")
    assert "quelques heures avant" in text
    text = text.replace("quelques heures avant", "peu avant") + "\nUne phrase ajoutée pour l’essai.\n"
    src.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Starting projects and the trees uninterrupted runs produce from them, with their durations."""
    tmp = tmp_path_factory.mktemp("kill")
    base = tmp / "base"
    base.mkdir()
    (base / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / "zapad-2025.fr.txt", base / "seeds")
    shutil.copy(ROOT / "polyglot.toml", base)
    if (ROOT / "glossary.csv").exists():
        shutil.copy(ROOT / "glossary.csv", base)
    _ok(base, "update")
    reviewed = _review(base)
    _ok(base, "build")  # an older site, so that build trials overwrite existing files
    w = {"reviewed": reviewed, "start": {}, "end": {}, "seconds": {}}

    w["start"]["translate"] = base
    done = _copy(base, tmp / "translated")
    _, w["seconds"]["translate"] = _ok(done, *COMMANDS["translate"])
    w["end"]["translate"] = snapshot(done)

    w["start"]["build"] = done
    built = _copy(done, tmp / "built")
    _, w["seconds"]["build"] = _ok(built, "build")
    w["end"]["build"] = snapshot(built)

    edited = _copy(base, tmp / "edited")
    _edit_source(edited)
    w["start"]["update"] = edited
    updated = _copy(edited, tmp / "updated")
    _, w["seconds"]["update"] = _ok(updated, "update")
    w["end"]["update"] = snapshot(updated)
    return w


def check_files(project: Path, before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """Each file as it was or as it would have been; the temporary files left over."""
    temps = []
    for rel, data in snapshot(project).items():
        name = rel.rsplit("/", 1)[-1]
        if is_temp_name(name):
            assert rel.startswith(("locales/", "build/")), f"temporary file outside the written folders: {rel}"
            temps.append(rel)
            continue
        assert rel in before or rel in after, f"unexpected file {rel}"
        assert data in (before.get(rel), after.get(rel)), f"{rel} is neither the old nor the new version"
    return temps


def check_catalogs(project: Path, reviewed: dict[tuple[str, str], str]) -> None:
    """Every PO file parses and passes msgfmt --check; every reviewed entry is still there, reviewed."""
    catalogs = {}
    for path in sorted(project.glob("locales/*/LC_MESSAGES/*.po")):
        catalogs[path.parts[-3]] = read_po(path.read_text(encoding="utf-8"), str(path))
        done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, f"msgfmt --check {path}: {done.stderr}"
    for (lang, msgid), text in reviewed.items():
        m = catalogs[lang].get(msgid)
        assert m is not None and m.msgstr == text and m.reviewed, f"reviewed entry lost in {lang}: {msgid[:40]}"


def check_memory(project: Path) -> dict[str, int]:
    """The memory passes integrity_check; its cached engine outputs per target language."""
    path = project / ".polyglot" / "memory.sqlite3"
    if not path.exists():
        return {}
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "cache" not in tables:
            return {}
        return dict(db.execute("SELECT target_lang, count(*) FROM cache GROUP BY target_lang").fetchall())
    finally:
        db.close()


def _trials() -> list[tuple[str, str, int]]:
    kills = [(name, "KILL", i) for name, n in TRIALS.items() for i in range(n)]
    return kills + [(name, "INT", i) for name, n in INT_TRIALS.items() for i in range(n)]


@pytest.mark.parametrize(
    "command, sig, index", _trials(), ids=[f"{c}-{s}-{i:02d}" if s != "KILL" else f"{c}-{i:02d}" for c, s, i in _trials()]
)
def test_killed_run_loses_nothing_and_next_run_resumes(world, tmp_path, command, sig, index):
    rng = random.Random(f"{SEED}-{command}-{index}" + ("" if sig == "KILL" else f"-{sig}"))
    project = _copy(world["start"][command], tmp_path / "p")
    before = snapshot(project)
    # (up to 0.85 of the reference time: a later run on a less busy machine may be quicker)
    delay = rng.uniform(0.05, 0.85) * world["seconds"][command]
    proc = _start(project, command)
    time.sleep(delay)
    outcome = _stop_and_resume(world, project, command, before, proc, sig)
    OUTCOMES[command].append({"delay": round(delay, 2), **outcome})


@pytest.mark.parametrize("command", list(COMMANDS))
def test_kill_between_a_temporary_file_and_its_rename_loses_nothing(world, tmp_path, command):
    """Held at its first flush of a temporary file (``fsync``, or ``syncfs`` for a build's pages), then killed."""
    project = _copy(world["start"][command], tmp_path / "p")
    before = snapshot(project)
    marker = tmp_path / "holding"
    proc = _start(project, command, {HOLD: str(marker)})
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, f"{command} ended without flushing a temporary file: {proc.stderr.read()!r}"
        assert time.monotonic() < deadline, f"{command} did not reach a flush in 60 s"
        time.sleep(0.01)
    outcome = _stop_and_resume(world, project, command, before, proc, "KILL")
    assert outcome["killed"] and outcome["temps"], outcome


def _start(project: Path, command: str, extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        _argv(project, *COMMANDS[command]),
        env={**ENV, **(extra_env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )


def _stop_and_resume(world, project: Path, command: str, before: dict[str, bytes], proc: subprocess.Popen[bytes], sig: str) -> dict:
    """Signal a run; check what it left; run again to the end; what happened."""
    after = world["end"][command]
    proc.send_signal(getattr(signal, f"SIG{sig}"))
    _, err = proc.communicate(timeout=60)
    stderr = err.decode(errors="replace")
    if sig == "KILL":
        killed = proc.returncode == -signal.SIGKILL
        assert killed or proc.returncode == 0, stderr
    else:
        # 130: polyglot stopped cleanly; -SIGINT: the signal came before Python could handle it
        killed = proc.returncode in (130, -signal.SIGINT)
        assert killed or proc.returncode == 0, stderr
        if proc.returncode == 130:
            assert stderr == "polyglot: interrupted; completed work was kept\n", stderr

    temps = check_files(project, before, after)
    if sig == "INT" and proc.returncode == 130:
        assert temps == [], "an interrupted run removes its temporary files"
    check_catalogs(project, world["reviewed"])
    cached = check_memory(project)
    po_before = {
        rel.split("/")[1] for rel, data in snapshot(project).items()
        if rel.endswith(".po") and data == before.get(rel)
    }

    out, _ = _ok(project, *COMMANDS[command])
    assert snapshot(project) == after, "the next run must write what an uninterrupted run writes"
    check_catalogs(project, world["reviewed"])
    check_memory(project)
    outcome = {"killed": killed, "temps": len(temps), "reused": 0, "sent": 0, "signal": sig}
    if command == "translate":
        for r in json.loads(out)["languages"]:
            lang = r["language"]
            assert r["entries"] == r["memory_hits"] + r["tm_hits"] + r["cache_hits"] + r["sent"], r
            if lang in po_before:  # its catalog was not written: every cached output is reused
                assert r["cache_hits"] == cached.get(lang, 0), (r, cached)
            else:  # written already: nothing left to do, no engine
                assert r["entries"] == 0 and r["engine_calls"] == 0, r
            assert r["engine_calls"] == (1 if r["sent"] else 0), r
            outcome["reused"] += r["cache_hits"]
            outcome["sent"] += r["sent"]
    return outcome


def test_trials_landed_mid_run():
    """The summary: enough kills hit a running process, and some translate kills left a partial cache."""
    if any(len(OUTCOMES[c]) < n + INT_TRIALS[c] for c, n in TRIALS.items()):
        pytest.skip("runs only after all the kill trials")
    for command, outcomes in OUTCOMES.items():
        for sig in ("KILL", "INT"):
            these = [o for o in outcomes if o["signal"] == sig]
            assert sum(o["killed"] for o in these) >= len(these) // 3, (command, sig, these)
    partial = [o for o in OUTCOMES["translate"] if o["reused"] and o["sent"]]
    assert partial, ("no translate kill left a partially filled cache", OUTCOMES["translate"])
