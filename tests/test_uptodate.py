"""A run with nothing changed does nothing; any change to what a run reads or wrote redoes it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from polyglot import Project, TranslationIncomplete
from polyglot.engines.pseudo import PseudoEngine
from polyglot.errors import EngineError


@pytest.fixture
def project(seed_project: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return seed_project


def files(root: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in root.rglob("*")
        if p.is_file() and ".polyglot" not in p.parts
    }


def test_second_run_does_nothing_and_reports_the_same_findings(project):
    engine = PseudoEngine()
    first = Project.open(project).run(engine=engine)
    assert not first.unchanged and engine.calls > 0
    before, calls = files(project), engine.calls
    second = Project.open(project).run(engine=engine)
    assert second.unchanged and engine.calls == calls
    assert files(project) == before  # not even rewritten with the same bytes
    assert second.check.findings == first.check.findings
    assert second.as_dict()["unchanged"] is True


@pytest.mark.parametrize(
    "change",
    [
        "source", "po", "glossary", "config", "page deleted", "date",
    ],
)  # fmt: skip
def test_any_change_redoes_the_run(project, monkeypatch, change):
    engine = PseudoEngine()
    Project.open(project).run(engine=engine)
    po = project / "locales" / "en" / "LC_MESSAGES" / "zapad-2025.po"
    if change == "source":
        seed = next((project / "seeds").iterdir())
        seed.write_text(seed.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    elif change == "po":  # a translator accepts an entry
        text = po.read_text(encoding="utf-8")
        po.write_text(text.replace("#, fuzzy\n", "", 1), encoding="utf-8")
    elif change == "glossary":
        with (project / "glossary.csv").open("a", encoding="utf-8") as f:
            f.write("Grodno,city,no,Grodno,Grodno,Grodno\n")
    elif change == "config":
        with (project / "polyglot.toml").open("a", encoding="utf-8") as f:
            f.write("\n# a comment\n")
    elif change == "page deleted":
        next((project / "build").rglob("*.html")).unlink()
    elif change == "date":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    again = Project.open(project).run(engine=engine)
    assert not again.unchanged
    assert Project.open(project).run(engine=engine).unchanged  # and then it is up to date again


def test_force_runs_every_stage(project):
    engine = PseudoEngine()
    Project.open(project).run(engine=engine)
    assert not Project.open(project).run(engine=engine, force=True).unchanged


class Failing(PseudoEngine):
    def translate(self, texts, route):
        raise EngineError("engine down")


def test_an_incomplete_run_is_not_remembered(project):
    with pytest.raises(TranslationIncomplete):
        Project.open(project).run(engine=Failing())
    with pytest.raises(TranslationIncomplete):  # tried again, not skipped
        Project.open(project).run(engine=Failing())
    assert not Project.open(project).run(engine=PseudoEngine()).unchanged


def test_a_damaged_state_file_just_runs(project):
    Project.open(project).run(engine=PseudoEngine())
    (project / ".polyglot" / "uptodate.json").write_text("{not json", encoding="utf-8")
    assert not Project.open(project).run(engine=PseudoEngine()).unchanged
    assert os.path.exists(project / ".polyglot" / "uptodate.json")
