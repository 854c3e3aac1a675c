"""The engine registry: engines by name, created once per run, or injected by the caller."""

from __future__ import annotations

import pytest

import polyglot
from polyglot import engines
from polyglot.engines.base import EngineRecipe, Route, Translation
from polyglot.engines.pseudo import PseudoEngine


class Reversed:
    """A fake engine from a test: each text reversed, tags and all."""

    name = "reversed"

    def available(self) -> bool:
        return True

    def route(self, source: str, target: str) -> Route | None:
        return Route(self.name, source, target, ("rev",), "1") if target != "ca" else None

    def translate(self, texts, route):
        return [Translation(t[::-1]) for t in texts]


def test_each_engine_is_created_once_per_run(seed_project, monkeypatch):
    created = []
    real = engines.create
    monkeypatch.setattr(engines, "create", lambda name, config: created.append(name) or real(name, config))
    result = polyglot.Project.open(seed_project).run(engine="pseudo")
    assert [r.language for r in result.translate.reports if r.sent] == ["en", "es", "ca"]
    assert created == ["pseudo"]


def test_an_injected_engine_translates_and_unknown_pairs_are_refused(seed_project):
    project = polyglot.Project.open(seed_project)
    project.update()
    engine = PseudoEngine()
    result = project.translate(["en", "es"], engine=engine)
    assert engine.calls == 2 and all(r.route == "pseudo:upper" for r in result.reports)
    # a language without a route fails alone: the others are done, then Incomplete (exit 3)
    with pytest.raises(polyglot.Incomplete, match="reversed.*fr→ca") as exc:
        project.translate(["ca"], engine=Reversed())
    assert exc.value.exit_code == 3 and [f.language for f in exc.value.failures] == ["ca"]


def test_registered_engine_is_found_by_name(seed_project, monkeypatch):
    monkeypatch.setitem(engines.REGISTRY, "reversed", lambda config: EngineRecipe(__name__, "Reversed"))
    project = polyglot.Project.open(seed_project)
    project.update(["es"])
    report, = project.translate(["es"], engine="reversed").reports
    assert report.route == "reversed:rev" and report.sent == report.entries > 0
    with pytest.raises(polyglot.EngineUnavailable, match="unknown engine 'nope'.*reversed"):
        engines.create("nope", project.config)
