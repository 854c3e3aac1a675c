"""Every command against every hostile project: one line on stderr, a documented exit code, no traceback.

Each hostile setup damages a copy of the seed project one way (tests/bad_inputs/
holds the finer cases, command by command); then every CLI command runs on it
with the arguments a user would type. Commands run in one process per setup
(through :func:`polyglot.cli.main`, as the console script does), except
``review``, which serves until stopped and runs in its own process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import click
import pytest
from hostile import put

from polyglot.cli import cli

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LC_ALL": "C.UTF-8"}
SOURCE = "seeds/zapad-2025.fr.txt"
PO = "locales/en/LC_MESSAGES/zapad-2025.po"
#: What each command gets: the arguments that make it do its real work on the project.
ARGS = {
    "init": ["--force", SOURCE],
    "segment": [SOURCE],
    "extract": [],
    "update": [],
    "translate": ["--engine", "pseudo"],
    "status": ["--json"],
    "check": [],
    "build": [],
    "run": ["--engine", "pseudo", "--json"],
    "export": ["--format", "xliff"],
    "import": ["review.xlf"],
    "review": ["zapad-2025", "--to", "en", "--no-open", "--port", "0"],
    "tm import": ["review.xlf"],
    "tm export": ["--to", "en", "-o", "memory.tmx"],
    "tm search": ["Zapad"],
    "tm stats": ["--json"],
    "terms suggest": ["--json"],
    "models list": ["--json"],
    "models install": ["model.argosmodel"],
}
#: Exit codes the CLI documents (its epilog), Ctrl-C aside.
DOCUMENTED = {0, 1, 2, 3, 4}


def _config(project: Path, old: str, new: str) -> None:
    path = project / "polyglot.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


#: name → how it damages a project that has its catalogs (``update`` has run).
HOSTILE = {
    "config-binary": lambda p: put(p / "polyglot.toml", b"\x00\xff\xfe[project]\x00"),
    "config-bad-type": lambda p: _config(p, 'locales_dir = "locales"', "locales_dir = 42"),
    "source-png": lambda p: put(p / SOURCE, b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
    "source-outside": lambda p: put(p / SOURCE, link="/etc/passwd"),
    "po-garbage": lambda p: put(p / PO, b'msgid "x\nmsgstr \x00\xff\n'),
    "po-outside": lambda p: put(p / PO, link="../../../../outside.txt"),
    "po-folder": lambda p: (put(p / PO), (p / PO).unlink(), (p / PO).mkdir()),
    "lock-outside": lambda p: put(p / ".polyglot/lock", link="../../outside.txt"),
    "state-is-a-file": lambda p: put(p / ".polyglot", b"not a folder"),
    "locales-is-a-file": lambda p: put(p / "locales", b"not a folder"),
    "memory-garbage": lambda p: put(p / ".polyglot/memory.sqlite3", b"not a database\n" * 100),
    "glossary-open-quote": lambda p: put(p / "glossary.csv", b'source,note\nZapad,"never closed\nOTAN,x\n'),
    "output-is-project": lambda p: _config(p, 'output_dir = "build"', 'output_dir = "."'),
    "model-garbage": lambda p: put(p / "model.argosmodel", b"PK\x03\x04" + b"\x00" * 64),
}
#: Runs each command through polyglot.cli.main in this one process; prints one record per command.
DRIVER = """
import io, json, sys, traceback
from polyglot.cli import main
for argv in json.loads(sys.argv[1]):
    err = io.StringIO()
    sys.stderr, code = err, 0
    try:
        main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        err.write(traceback.format_exc())
        code = -1
    finally:
        sys.stderr = sys.__stderr__
    print(json.dumps({"argv": argv, "code": code, "stderr": err.getvalue()}))
"""


def _commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[str]:
    out = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            out += _commands(command, (*prefix, name))
        else:
            out.append(" ".join((*prefix, name)))
    return sorted(out)


def test_every_command_is_covered() -> None:
    assert sorted(ARGS) == _commands()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """A seed project with its catalogs, made once and copied for each setup."""
    project = tmp_path_factory.mktemp("prepared") / "project"
    (project / "seeds").mkdir(parents=True)
    shutil.copy(ROOT / SOURCE, project / SOURCE)
    shutil.copy(ROOT / "polyglot.toml", project)
    shutil.copy(ROOT / "glossary.csv", project)
    (project / "review.xlf").write_text('<?xml version="1.0"?>\n<xliff version="1.2"><file', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "polyglot", "-C", str(project), "update"],
                          env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return project


def _check(name: str, command: str, code: int, stderr: str) -> None:
    where = f"{name}: polyglot {command}"
    assert "Traceback" not in stderr, f"{where} printed a traceback:\n{stderr}"
    assert code in DOCUMENTED, f"{where} exited {code}: {stderr}"
    if code not in (0, 1):
        lines = stderr.splitlines()
        if lines and lines[0].startswith("Usage: "):  # click's usage errors: usage, hint, then the error
            lines = lines[-1:]
        assert len(lines) == 1 and lines[0].startswith(("polyglot: error: ", "Error: ")), f"{where}: {stderr!r}"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_no_command_prints_a_traceback(name: str, prepared: Path, tmp_path: Path) -> None:
    import json

    (tmp_path / "outside.txt").write_text("outside-secret\n", encoding="utf-8")
    project = tmp_path / "project"
    shutil.copytree(prepared, project, symlinks=True)
    HOSTILE[name](project)
    runs = [["-C", str(project), *command.split(), *ARGS[command]] for command in ARGS if command != "review"]
    done = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(runs)], env=ENV, cwd=project,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines() if line.startswith('{"argv"')]
    assert len(records) == len(runs), done.stdout
    failed = 0
    for command, record in zip([c for c in ARGS if c != "review"], records):
        _check(name, command, record["code"], record["stderr"])
        failed += record["code"] >= 2
        assert "outside-secret" not in record["stderr"]
    assert failed, f"{name}: every command succeeded, the setup is not hostile"
    assert (tmp_path / "outside.txt").read_text(encoding="utf-8") == "outside-secret\n"

    review = subprocess.Popen([sys.executable, "-m", "polyglot", "-C", str(project), "review", *ARGS["review"]],
                              env=ENV, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    guard = threading.Timer(120, review.kill)
    guard.start()
    try:
        started = review.stdout.readline().startswith("polyglot review: http")  # type: ignore[union-attr]
        if started:  # it serves: this setup does not concern the review (its pages report it)
            time.sleep(1)  # long enough for its background reads to fail, if they do
            review.terminate()
        _, stderr = review.communicate()
    finally:
        guard.cancel()
    if started:
        assert "Traceback" not in stderr, stderr
    else:
        _check(name, "review", review.returncode, stderr)
