"""Engines that crash, hang or misalign: exit 3, completed work kept, nothing half-written, retries minimal.

Fake engines are shell scripts set as ``[engines.apertium] command``: they speak
Apertium's command line (``-l`` lists modes; ``-f html MODE`` reads stdin, writes
stdout), and break in one way each, mostly by wrapping the real ``apertium``.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import polyglot.pipeline
import polyglot.translate
from polyglot.cli import main
from polyglot.errors import EXIT_ENGINE
from polyglot.fsutil import is_temp_name
from polyglot.pofile import read_po
from conftest import SEED_ENTRIES

SRC = Path(__file__).resolve().parent.parent / "src"
ENV = {**os.environ, "PYTHONPATH": str(SRC), "LC_ALL": "C.UTF-8"}
DOC = "zapad-2025"
HEAD = '#!/bin/sh\ncase "$1" in -l) exec apertium "$@";; esac\n'
ENGINES = {
    "crash": HEAD + 'echo "lt-proc: error: corrupt transducer" >&2\nexit 1\n',
    "hang": HEAD + 'echo $$ > "$0.pid"\nexec sleep 60\n',
    # drops the separator before the 4th segment: one segment fewer comes back
    "misalign": HEAD + 'apertium "$@" | sed \'s|<hr id="pg-3"/>||\'\n',
    # only the Catalan step (fr→ca, and fr→en through Catalan) is broken
    "catalan": HEAD + 'if [ "$3" = fra-cat ]; then echo "fra-cat: killed by signal 11" >&2; exit 139; fi\nexec apertium "$@"\n',
    # crashes on its 3rd translation call only
    "third": HEAD
    + 'n=$(cat "$0.count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$0.count"\n'
    + 'if [ "$n" -eq 3 ]; then echo "out of memory" >&2; exit 2; fi\nexec apertium "$@"\n',
    # hostile output, rewritten by a Python filter over the real engine's reply (EDIT below)
    "control": HEAD + 'apertium "$@" | "$0.py" control\n',
    "empty": HEAD + 'apertium "$@" | "$0.py" empty\n',
    "bloated": HEAD + 'apertium "$@" | "$0.py" bloated\n',
    "flood": HEAD + 'apertium "$@" >/dev/null; printf \'<hr id="pg-0"/>\'; exec yes flood\n',
    # Ctrl-C: a pipeline whose processes all record their pid, then wait
    "slow": HEAD + 'echo $$ >> "$0.pids"; sleep 60 & echo $! >> "$0.pids"; (sleep 60; true) & echo $! >> "$0.pids"; wait\n',
}
#: Controls an engine may emit: NUL, BEL, BS, VT, FF, CR, ESC (a colour sequence), DEL, C1 NEL and CSI.
CONTROLS = "\x00\x07\x08\x0b\x0c\r\x1b[31m\x7f\x85\x9b"
EDIT = f"""#!{sys.executable}
import re, sys
kind, text = sys.argv[1], sys.stdin.read()
parts = re.split(r'(<hr id="pg-\\d+"/>)', text)
for i in range(2, len(parts) - 1, 2):
    if kind == "control":
        parts[i] = parts[i].replace(" ", " " + {CONTROLS!r} + " ", 1) + "\\x00"
    elif kind == "empty":
        parts[i] = ""
    elif kind == "bloated" and i in (2, 6):
        parts[i] = parts[i] * 200
sys.stdout.write("".join(parts))
"""

@pytest.fixture(autouse=True)
def _needs_apertium() -> None:
    # like the other Apertium tests: fail, never skip, when the engine is missing
    assert shutil.which("apertium"), "needs apertium: apt-get install apertium apertium-fr-es apertium-fra-cat apertium-eng-cat"


def _cli(project: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "polyglot", "-C", str(project), *args],
        env=ENV, capture_output=True, text=True, timeout=timeout,
    )


def use_engine(project: Path, kind: str | None, timeout: float = 60) -> Path | None:
    """Set the project's Apertium command to a fake engine (None: the real one)."""
    toml = project / "polyglot.toml"
    text = toml.read_text(encoding="utf-8").split("[engines.apertium]\n")
    tail = text[1].split("\n[", 1)
    settings = f"timeout = {timeout}\n"
    script = None
    if kind is not None:
        script = project / f"fake-{kind}"
        script.write_text(ENGINES[kind])
        script.chmod(0o755)
        Path(f"{script}.py").write_text(EDIT)
        Path(f"{script}.py").chmod(0o755)
        settings = f'command = "{script}"\n' + settings
    toml.write_text(text[0] + "[engines.apertium]\n" + settings + "\n[" + tail[1], encoding="utf-8")
    return script


def po_files(project: Path) -> dict[str, bytes]:
    return {p.parts[-3]: p.read_bytes() for p in sorted(project.glob("locales/*/LC_MESSAGES/*.po"))}


def assert_clean(project: Path) -> None:
    """No temporary file left; every PO parses and passes msgfmt --check."""
    assert not [p for p in project.rglob("*") if is_temp_name(p.name)]
    for path in project.glob("locales/*/LC_MESSAGES/*.po"):
        read_po(path.read_text(encoding="utf-8"), str(path))
        done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("polyglot: error: "), err
    return err


@pytest.fixture
def project(seed_project: Path) -> Path:
    done = _cli(seed_project, "update")
    assert done.returncode == 0, done.stderr
    return seed_project


def test_crash_exits_3_naming_the_failure_and_writes_nothing(project: Path) -> None:
    use_engine(project, "crash")
    before = po_files(project)
    done = _cli(project, "translate", "--to", "es", "--engine", "apertium")
    assert done.returncode == EXIT_ENGINE, done.stderr
    err = one_line(done.stderr)
    assert f"es: {SEED_ENTRIES} segments failed" in err and "exit 1" in err and "corrupt transducer" in err
    assert po_files(project) == before
    assert_clean(project)


def test_hang_is_killed_at_the_timeout(project: Path) -> None:
    script = use_engine(project, "hang", timeout=1)
    before = po_files(project)
    started = time.monotonic()
    done = _cli(project, "translate", "--to", "es", "--engine", "apertium", timeout=30)
    took = time.monotonic() - started
    assert done.returncode == EXIT_ENGINE, done.stderr
    assert "timed out after 1 s" in one_line(done.stderr)
    assert took < 1 + 6, took  # the timeout plus start-up, never the 60 s of the hang
    pid = int(Path(f"{script}.pid").read_text())
    with pytest.raises(ProcessLookupError):  # the hung engine was killed, not left behind
        os.kill(pid, 0)
    assert po_files(project) == before
    assert_clean(project)


def test_wrong_number_of_segments_is_an_error_not_a_shift(project: Path) -> None:
    use_engine(project, "misalign")
    before = po_files(project)
    done = _cli(project, "translate", "--to", "es", "--engine", "apertium")
    assert done.returncode == EXIT_ENGINE, done.stderr
    assert "misaligned" in one_line(done.stderr)
    assert po_files(project) == before
    assert_clean(project)


def test_failing_language_keeps_the_others_and_the_rerun_sends_only_the_rest(project: Path) -> None:
    use_engine(project, "catalan")
    before = po_files(project)
    done = _cli(project, "translate", "--engine", "apertium", "--json")
    assert done.returncode == EXIT_ENGINE
    err = one_line(done.stderr)
    assert f"en: {SEED_ENTRIES} segments failed" in err and f"ca: {SEED_ENTRIES} segments failed" in err and "signal 11" in err
    report = {r["language"]: r for r in json.loads(done.stdout)["languages"]}
    assert report["es"]["sent"] == SEED_ENTRIES and report["es"]["failed"] == []
    assert len(report["en"]["failed"]) == SEED_ENTRIES and len(report["ca"]["failed"]) == SEED_ENTRIES
    after = po_files(project)
    assert after["en"] == before["en"] and after["ca"] == before["ca"] and after["es"] != before["es"]
    assert_clean(project)

    use_engine(project, None)
    done = _cli(project, "translate", "--engine", "apertium", "--json")
    assert done.returncode == 0, done.stderr
    report = {r["language"]: r for r in json.loads(done.stdout)["languages"]}
    assert report["es"]["entries"] == 0 and report["es"]["engine_calls"] == 0
    assert report["en"]["sent"] == SEED_ENTRIES and report["ca"]["sent"] == SEED_ENTRIES
    assert po_files(project)["es"] == after["es"]


def test_crash_midway_through_chunks_keeps_completed_chunks(project: Path, monkeypatch, capsys) -> None:
    """Chunks of 5 (the real CHUNK_SIZE is 1000): the 3rd engine call crashes; two chunks are kept.

    One worker, so that the 3rd call is the 3rd chunk (with more, chunks run side by side
    and the 3rd to start may be the 4th: tests/test_translate.py covers that case).
    """
    monkeypatch.setattr(
        polyglot.pipeline, "filling", functools.partial(polyglot.translate.filling, chunk_size=5)
    )
    toml = project / "polyglot.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("[translate]\n", "[translate]\nworkers = 1\n", 1),
                    encoding="utf-8")
    use_engine(project, "third")
    before = po_files(project)
    with pytest.raises(SystemExit) as exit_:
        main(["-C", str(project), "translate", "--to", "es", "--engine", "apertium", "--json"])
    out, err = capsys.readouterr()
    assert exit_.value.code == EXIT_ENGINE
    rest = SEED_ENTRIES - 10
    assert f"es: {rest} segments failed" in one_line(err) and "out of memory" in err
    (report,) = json.loads(out)["languages"]
    assert report["sent"] == 10 and report["engine_calls"] == 2 and len(report["failed"]) == rest

    po = project / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    cat = read_po(po.read_text(encoding="utf-8"), str(po))
    done = [m for m in cat.active if m.translated]
    assert len(done) == 10 and all(m.fuzzy for m in done)
    assert sorted(m.msgid for m in cat.active if not m.translated) == sorted(report["failed"])
    assert po_files(project)["en"] == before["en"]
    assert_clean(project)
    assert _cached(project, "es") == 10

    Path(project / "fake-third.count").write_text("3")  # no more crashes
    with pytest.raises(SystemExit) as exit_:
        main(["-C", str(project), "translate", "--to", "es", "--engine", "apertium", "--json"])
    out, err = capsys.readouterr()
    assert exit_.value.code == 0, err
    (report,) = json.loads(out)["languages"]
    assert report["entries"] == rest and report["sent"] == rest and report["engine_calls"] == -(-rest // 5)
    assert _cached(project, "es") == SEED_ENTRIES
    cat = read_po(po.read_text(encoding="utf-8"), str(po))
    assert all(m.translated and m.fuzzy for m in cat.active)


def _cached(project: Path, language: str) -> int:
    import sqlite3

    db = sqlite3.connect(project / ".polyglot" / "memory.sqlite3")
    try:
        return db.execute("SELECT count(*) FROM cache WHERE target_lang=?", (language,)).fetchone()[0]
    finally:
        db.close()


def running(pid: int) -> bool:
    """Whether a process runs (a killed orphan may linger as a zombie until init reaps it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def _entries(project: Path) -> int:
    """The number of entries of the Spanish catalog."""
    return len(_catalog(project, "es").active)


def _catalog(project: Path, language: str):
    po = project / "locales" / language / "LC_MESSAGES" / f"{DOC}.po"
    return read_po(po.read_text(encoding="utf-8"), str(po))


def test_control_characters_from_an_engine_never_reach_po_or_html(project: Path) -> None:
    use_engine(project, "control")
    done = _cli(project, "translate", "--to", "es", "--engine", "apertium")
    assert done.returncode == 0, done.stderr
    assert_clean(project)  # msgfmt --check: msgcat would cut a string at a NUL
    translated = [m.msgstr for m in _catalog(project, "es").active if m.translated]
    assert len(translated) == _entries(project)
    for text in translated:
        assert not set(text) & set(CONTROLS.replace("[31m", "")), repr(text)
    assert _cli(project, "build").returncode == 0
    page = (project / "build" / DOC / "es.html").read_text(encoding="utf-8")
    assert not set(page) & set(CONTROLS.replace("[31m", "")) - {"\r"}


def test_empty_output_is_a_failure_and_never_cached(project: Path) -> None:
    use_engine(project, "empty")
    before, n = po_files(project), _entries(project)
    done = _cli(project, "translate", "--to", "es", "--engine", "apertium")
    assert done.returncode == EXIT_ENGINE, done.stderr
    assert f"es: {n} segments failed" in one_line(done.stderr) and "empty translation" in done.stderr
    assert po_files(project) == before and _cached(project, "es") == 0
    use_engine(project, None)  # a working engine is sent everything again
    done = _cli(project, "translate", "--to", "es", "--engine", "apertium", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["languages"][0]["sent"] == n
    assert all(m.translated for m in _catalog(project, "es").active)


def test_empty_outputs_cached_by_an_older_run_are_not_used(project: Path) -> None:
    import sqlite3

    assert _cli(project, "translate", "--to", "es", "--engine", "apertium").returncode == 0
    (project / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po").unlink()
    assert _cli(project, "update").returncode == 0
    db = sqlite3.connect(project / ".polyglot" / "memory.sqlite3")
    with db:
        db.execute("UPDATE cache SET target = '' WHERE source IN (SELECT source FROM cache ORDER BY source LIMIT 4)")
        db.execute("UPDATE cache SET target = target || char(0) WHERE target != ''")
    db.close()
    done = _cli(project, "translate", "--to", "es", "--engine", "apertium", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)["languages"][0]
    assert report["cache_hits"] == _entries(project) - 4 and report["sent"] == 4
    assert all(m.translated and "\0" not in m.msgstr for m in _catalog(project, "es").active)
    assert_clean(project)


def test_a_segment_grown_beyond_the_limit_is_refused(project: Path) -> None:
    use_engine(project, "bloated")
    done = _cli(project, "translate", "--to", "es", "--engine", "apertium", "--json")
    assert done.returncode == EXIT_ENGINE, done.stderr
    assert "es: 2 segments failed" in one_line(done.stderr) and "characters for a" in done.stderr
    report = json.loads(done.stdout)["languages"][0]
    assert len(report["failed"]) == 2 and _cached(project, "es") == _entries(project) - 2
    assert_clean(project)


def test_a_flood_of_output_is_cut_off_and_the_engine_killed(project: Path) -> None:
    use_engine(project, "flood")
    before = po_files(project)
    started = time.monotonic()
    done = _cli(project, "translate", "--to", "es", "--engine", "apertium", timeout=60)
    assert done.returncode == EXIT_ENGINE, done.stderr
    assert "answered more than" in one_line(done.stderr)
    assert time.monotonic() - started < 30
    assert po_files(project) == before
    assert_clean(project)


@pytest.mark.parametrize("command", [("translate", "--to", "es", "--engine", "apertium"), ("run", "--engine", "apertium")])
def test_ctrl_c_kills_the_engine_pipeline_and_exits_130(project: Path, command: tuple[str, ...]) -> None:
    script = use_engine(project, "slow")
    before = po_files(project)
    proc = subprocess.Popen(
        [sys.executable, "-m", "polyglot", "-C", str(project), *command],
        env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    pids_file = Path(f"{script}.pids")
    deadline = time.monotonic() + 60
    while not (pids_file.exists() and len(pids_file.read_text().split()) >= 3):
        assert time.monotonic() < deadline and proc.poll() is None, "the engine never started"
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.count("\n") == 1
    time.sleep(0.2)
    pids = list(map(int, pids_file.read_text().split()))
    assert not [pid for pid in pids if running(pid)]  # the shell and both of its children are gone
    assert po_files(project) == before
    assert_clean(project)
