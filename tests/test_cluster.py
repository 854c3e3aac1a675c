"""The Ray executor on a real local Ray cluster: same output as local engines, lost workers retried."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from polyglot.cluster import ClusterOptions, EngineRecipe, RayEngine
from polyglot.engines.argos import ArgosEngine
from polyglot.engines.pseudo import PseudoEngine

ray = pytest.importorskip("ray", reason="the cluster extra (polyglot[cluster]) is part of the test set-up")
pytestmark = pytest.mark.slow

TESTS = Path(__file__).resolve().parent
TEXTS = [f"Phrase numéro {i} <x id=\"1\"/> avec du texte." for i in range(50)]


@pytest.fixture(scope="module")
def cluster():
    """A local two-CPU Ray cluster whose workers can import the tests' engines."""
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(TESTS), old) if p)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()
    if old is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = old


def pseudo_recipe() -> EngineRecipe:
    return EngineRecipe("polyglot.engines.pseudo", "PseudoEngine")


def test_batches_come_back_in_order(cluster):
    engine = RayEngine(pseudo_recipe(), ClusterOptions(workers=2, batch_size=7))
    route = engine.route("fr", "en")
    local = PseudoEngine()
    assert engine.translate(TEXTS, route) == local.translate(TEXTS, local.route("fr", "en"))
    assert engine.batches_sent == 8  # ceil(50 / 7), spread over both actors
    engine.close()


def test_lost_worker_is_replaced_and_its_batch_retried(cluster, tmp_path):
    recipe = EngineRecipe("cluster_engines", "DiesOnce", {"marker": str(tmp_path / "died")})
    engine = RayEngine(recipe, ClusterOptions(workers=2, batch_size=10, retries=2))
    route = engine.route("fr", "en")
    out = engine.translate(TEXTS, route)
    local = PseudoEngine()
    assert out == local.translate(TEXTS, local.route("fr", "en"))
    assert (tmp_path / "died").exists() and engine.retried >= 1
    engine.close()


def test_engine_errors_are_not_retried(cluster):
    from polyglot.engines.base import Route
    from polyglot.errors import EngineError

    recipe = EngineRecipe("polyglot.engines.apertium", "ApertiumEngine", {"command": "/nonexistent/apertium"})
    engine = RayEngine(recipe, ClusterOptions(workers=1))
    with pytest.raises(EngineError):
        engine.translate(["Bonjour."], Route("apertium", "fr", "es", ("fr-es",)))
    assert engine.retried == 0
    engine.close()


def test_tiny_argos_model_translates_as_locally(cluster, tmp_path, monkeypatch):
    from argos_fixture import tiny_argos_setup

    packages = tiny_argos_setup(tmp_path, monkeypatch)
    options = {"packages_dir": str(packages), "beam_size": 1}
    engine = RayEngine(EngineRecipe("polyglot.engines.argos", "ArgosEngine", options), ClusterOptions(workers=2, batch_size=16))
    route = engine.route("fr", "en")
    assert route is not None and route.engine == "argos"
    local = ArgosEngine(**options)
    texts = [t.replace(' <x id="1"/>', "") for t in TEXTS]
    assert engine.translate(texts, route) == local.translate(texts, local.route("fr", "en"))
    engine.close()


def test_translate_executor_ray_writes_what_a_local_run_writes(cluster, seed_project, monkeypatch):
    """``polyglot translate --executor ray`` on the seed: same PO files as the local run, batches on Ray."""
    import shutil

    from polyglot.cli import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    local = seed_project.parent / "local"
    shutil.copytree(seed_project, local)
    with (seed_project / "polyglot.toml").open("a", encoding="utf-8") as f:
        f.write('\n[translate.ray]\nworkers = 2\nbatch_size = 4\n')  # appended after the last table
    for project, extra in ((local, []), (seed_project, ["--executor", "ray"])):
        for args in (["update"], ["translate", "--engine", "pseudo", *extra]):
            with pytest.raises(SystemExit) as done:
                main(["-C", str(project), *args])
            assert done.value.code == 0
    for po in sorted(local.glob("locales/*/LC_MESSAGES/*.po")):
        assert (seed_project / po.relative_to(local)).read_bytes() == po.read_bytes()
