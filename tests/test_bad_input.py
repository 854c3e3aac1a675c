"""Bad input, case by case from tests/bad_inputs/: a one-line error naming the file, its exit code, nothing written.

Each case folder holds ``files/`` (laid over a copy of the seed project) and
``expect.toml`` (the command, exit code and a regex for stderr); MANIFEST.toml
lists the cases and says what each is. A case may name a known bug
as a strict xfail: ``xfail = "reason"`` for any failure, ``xfail_writes = "reason"``
for a bug that only writes files (the exit code and message are still checked).
A case whose files are all PO files (or marked ``isolated = "why"``) stops only its own
language or document: the others are processed and written, the bad file itself must be
left as it is.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hostile import put

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "bad_inputs"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LC_ALL": "C.UTF-8"}
#: What a refused command may leave behind: the lock file (and its folder).
MAY_APPEAR = {".polyglot", ".polyglot/lock"}
#: Laid next to the project, as ``../outside``: the targets of the ``links`` a case makes.
OUTSIDE = {"secret.txt": "root:x:0:0:outside-secret\n", "folder/kept.txt": "outside-folder-file\n"}
#: Peak memory allowed to a run refusing a too-large source (the source itself is 64 MiB).
MAX_RSS_BYTES = 60 * 2**20
#: Runs the CLI and writes its peak resident memory (VmHWM, KiB) to the file named first.
MEASURED = (
    "import atexit, re, sys\n"
    "out = sys.argv.pop(1)\n"
    "def hwm():\n"
    "    status = open('/proc/self/status').read()\n"
    "    open(out, 'w').write(re.search(r'VmHWM:\\s+(\\d+)', status).group(1))\n"
    "atexit.register(hwm)\n"
    "from polyglot.console import main\n"
    "main(sys.argv[1:])\n"
)


class WroteFiles(AssertionError):
    """A refused command changed the project tree."""


def _manifest() -> dict[str, dict]:
    return tomllib.loads((CASES / "MANIFEST.toml").read_text(encoding="utf-8"))


def _params() -> list:
    params = []
    for name in sorted(_manifest()):
        expect = tomllib.loads((CASES / name / "expect.toml").read_text(encoding="utf-8"))
        marks = []
        if "xfail" in expect:
            marks.append(pytest.mark.xfail(strict=True, reason=expect["xfail"]))
        elif "xfail_writes" in expect:
            marks.append(pytest.mark.xfail(strict=True, raises=WroteFiles, reason=expect["xfail_writes"]))
        params.append(pytest.param(name, expect, id=name, marks=marks))
    return params


def tree(root: Path) -> dict[str, object]:
    """Every path under ``root``: file bytes (size and mtime for big files), None for folders."""
    out: dict[str, object] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_symlink():
            out[rel] = os.readlink(p)
        elif p.is_dir():
            out[rel] = None
        else:
            st = p.stat()
            out[rel] = (st.st_size, st.st_mtime_ns) if st.st_size > 2**20 else p.read_bytes()
    return out


def _run(
    project: Path, args: list[str], logs: Path, measure: bool = False, env: dict[str, str] | None = None
) -> tuple[int, str, str, int]:
    """Run the CLI from the project folder; exit code, stdout, stderr, peak memory in bytes (when measured)."""
    hwm = logs / "hwm"
    argv = [sys.executable, "-c", MEASURED, str(hwm)] if measure else [sys.executable, "-m", "polyglot"]
    done = subprocess.run(
        [*argv, "-C", str(project), *args], cwd=project, env={**ENV, **(env or {})}, capture_output=True, text=True,
        timeout=120,
    )
    rss = int(hwm.read_text()) * 1024 if measure else 0
    return done.returncode, done.stdout, done.stderr, rss


def _make_project(name: str, expect: dict, base: Path) -> Path:
    project = base / "project"
    if expect.get("seed", True):
        (project / "seeds").mkdir(parents=True)
        shutil.copy(ROOT / "seeds" / "zapad-2025.fr.txt", project / "seeds")
        shutil.copy(ROOT / "polyglot.toml", project)
        shutil.copy(ROOT / "glossary.csv", project)
    else:
        project.mkdir()
    files = CASES / name / "files"
    if files.is_dir():
        shutil.copytree(files, project, dirs_exist_ok=True)
    for rel, text in OUTSIDE.items():
        (base / "outside" / rel).parent.mkdir(parents=True, exist_ok=True)
        (base / "outside" / rel).write_text(text, encoding="utf-8")
    if "sparse" in expect:
        path = project / expect["sparse"]["path"]
        with open(path, "wb") as f:
            f.truncate(expect["sparse"]["size"])
    for command in expect.get("before", []):
        done = subprocess.run(
            [sys.executable, "-m", "polyglot", "-C", str(project), *command], env=ENV, capture_output=True, text=True
        )
        assert done.returncode == 0, f"setup {command} failed: {done.stderr}"
    for rel, target in expect.get("links", {}).items():
        put(project / rel, link=target)
    return project


def test_manifest_lists_every_case_folder() -> None:
    folders = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert folders == set(_manifest())
    assert len(folders) >= 30
    for name in folders:
        expect = tomllib.loads((CASES / name / "expect.toml").read_text(encoding="utf-8"))
        keys = {"command", "exit", "stderr", "before", "sparse", "seed", "links", "env", "xfail", "xfail_writes",
                "isolated"}
        assert set(expect) <= keys, name
        assert expect["exit"] in (2, 3), name
        re.compile(expect["stderr"])


@pytest.mark.parametrize("name, expect", _params())
def test_bad_input_is_refused_cleanly(name: str, expect: dict, tmp_path: Path) -> None:
    project = _make_project(name, expect, tmp_path)
    before, outside = tree(project), tree(tmp_path / "outside")
    logs = tmp_path / "logs"
    logs.mkdir()
    code, out, err, rss = _run(project, expect["command"], logs, measure="sparse" in expect, env=expect.get("env"))
    assert code == expect["exit"], f"exit {code}, stderr: {err}"
    assert err.count("\n") == 1 and err.endswith("\n"), f"not one line: {err!r}"
    assert "Traceback" not in err
    assert re.search(expect["stderr"], err), f"stderr {err!r} does not match {expect['stderr']!r}"
    assert tree(tmp_path / "outside") == outside, "a file outside the project was changed"
    assert not any(text.strip() in out + err for text in OUTSIDE.values()), "a file outside the project was echoed"
    if "sparse" in expect:
        assert rss < MAX_RSS_BYTES, f"peak memory {rss / 2**20:.0f} MiB while refusing a large file"
    after = tree(project)
    lock = project / ".polyglot" / "lock"
    if not lock.is_symlink():
        assert not after.get(".polyglot/lock"), f"the lock file still names a holder: {after['.polyglot/lock']!r}"
    files = [p for p in (CASES / name / "files").rglob("*") if p.is_file()]
    if "isolated" in expect or (files and all(p.suffix == ".po" for p in files)):
        # a bad PO file stops its own language only: it is left as it is, the others go on
        bad = [p.relative_to(CASES / name / "files").as_posix() for p in files]
        assert all(after.get(p) == before[p] for p in bad), "the bad file was changed"
        return
    appeared = sorted(set(after) - set(before) - MAY_APPEAR)
    removed = sorted(set(before) - set(after))
    changed = sorted(p for p in set(before) & set(after) if before[p] != after[p])
    if appeared or removed or changed:
        raise WroteFiles(f"written: {appeared}, removed: {removed}, changed: {changed}")
