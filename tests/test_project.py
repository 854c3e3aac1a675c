"""The library session: Project.open(...) holds the lock and cleans up like the CLI did."""

from __future__ import annotations

import collections
import json
import shutil
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT

import polyglot
from polyglot import pofile, readers
from polyglot.cli import cli
from polyglot.fsutil import temp_name
from polyglot.lock import ProjectLock


def test_session_holds_the_lock_and_removes_a_killed_runs_temp_files(seed_project):
    stale = seed_project / "locales" / "es" / "LC_MESSAGES" / temp_name("zapad-2025.po")
    stale.parent.mkdir(parents=True)
    stale.write_text("half", encoding="utf-8")
    project = polyglot.Project.open(seed_project / "seeds")  # found from a subfolder
    assert project.root == seed_project and not project.locked
    with project:
        assert project.locked and not stale.exists()
        with pytest.raises(polyglot.LockError):
            ProjectLock(seed_project / ".polyglot").acquire()
    assert not project.locked
    with ProjectLock(seed_project / ".polyglot"):  # released again
        pass


def test_an_operation_outside_with_takes_the_lock_itself(seed_project):
    with ProjectLock(seed_project / ".polyglot", command="polyglot build"):
        with pytest.raises(polyglot.LockError, match="polyglot build"):
            polyglot.Project.open(seed_project, wait=0).update()
    assert not (seed_project / "locales").exists()  # nothing written while refused
    result = polyglot.Project.open(seed_project).update(["es"])
    assert list(result.reports) == ["es"]
    assert "locales/es/LC_MESSAGES/zapad-2025.po" in result.written.changed


def test_results_are_json_ready(seed_project):
    with polyglot.Project.open(seed_project) as project:
        results = [project.update(), project.translate(engine="pseudo"), project.check(), project.status(), project.build()]
    for result in results:
        json.dumps(result.as_dict())
    assert all(row.stats.untranslated == 0 for row in results[3].rows)
    assert (seed_project / results[4].index).is_file()


def test_errors_are_polyglot_errors(tmp_path):
    with pytest.raises(polyglot.ConfigError):
        polyglot.Project.open(tmp_path)


def _count_calls(monkeypatch, module, name: str) -> collections.Counter:
    """Count the outermost calls of ``module.name`` by their first argument, wherever polyglot imported it."""
    real, counts, depth = getattr(module, name), collections.Counter(), [0]

    def counting(first, *args, **kwargs):
        if depth[0] == 0:
            counts[str(args[0] if name == "read_po" and args else first)] += 1
        depth[0] += 1
        try:
            return real(first, *args, **kwargs)
        finally:
            depth[0] -= 1

    for mod in list(sys.modules.values()):
        if getattr(mod, "__name__", "").startswith("polyglot") and getattr(mod, name, None) is real:
            monkeypatch.setattr(mod, name, counting)
    return counts


def test_run_parses_each_po_file_and_reads_each_source_once(seed_project, monkeypatch):
    shutil.copytree(ROOT / "locales", seed_project / "locales")
    (seed_project / "locales" / "ca").rename(seed_project / "ca-old")  # one language to translate afresh
    parsed = _count_calls(monkeypatch, pofile, "read_po")
    sources = _count_calls(monkeypatch, readers, "read_file")
    result = CliRunner().invoke(cli, ["-C", str(seed_project), "run", "--engine", "pseudo", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["build"]["written"]
    po_files = sorted(p.relative_to(seed_project).as_posix() for p in (seed_project / "locales").rglob("*.po"))
    assert len(po_files) == 3
    # en and es existed: parsed once each; ca was created by this run: never parsed
    assert parsed == {p: 1 for p in po_files if "/ca/" not in p}
    assert list(sources.values()) == [1]
