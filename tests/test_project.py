"""The library session: Project.open(...) holds the lock and cleans up like the CLI did."""

from __future__ import annotations

import json

import pytest

import polyglot
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
