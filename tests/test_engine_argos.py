"""The Argos engine on tiny real packages: routes, pivot, batching, protected tags, failures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from argos_fixture import tiny_argos_setup

from polyglot.config import ArgosConfig, Config, EnginesConfig
from polyglot.engines import create
from polyglot.engines.argos import ArgosEngine, split_tags
from polyglot.engines.base import Route
from polyglot.errors import EngineError

TAG = re.compile(r'<x id="\d+"/>|<g id="\d+">|</g>')

TEXTS = [
    'Le président a reçu la délégation au palais mardi soir<x id="1"/>.',
    'Voir <g id="2">le site officiel</g> ou écrire à <x id="3"/> avant lundi.',
    "Selon l'agence, 100 000 soldats participent &amp; c'est 3,5 % de plus<x id=\"4\"/>.",
    "« Viendrez-vous ? » a demandé le ministre.",
    "100 000",
    "",
    '<x id="5"/>',
]


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tiny fr→en and en→de packages, installed in a temporary Argos folder."""
    return tiny_argos_setup(tmp_path, monkeypatch)


class CountingTranslator:
    """Wraps a CTranslate2 translator and counts translate_batch calls."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.calls: list[int] = []

    def translate_batch(self, tokens, **options):
        self.calls.append(len(tokens))
        return self.inner.translate_batch(tokens, **options)


def test_routes(packages: Path) -> None:
    engine = ArgosEngine(packages)
    assert engine.available()
    direct = engine.route("fr", "en")
    assert direct == Route("argos", "fr", "en", ("fr-en",), "fr-en:1.0")
    pivot = engine.route("fr", "de")
    assert pivot is not None and pivot.steps == ("fr-en", "en-de")
    assert pivot.version == "fr-en:1.0+en-de:1.0"
    assert engine.route("de", "fr") is None
    assert engine.route("en", "fr") is None
    assert engine.route("fr", "es") is None


def test_translate_batch_keeps_count_order_and_tags(packages: Path) -> None:
    engine = ArgosEngine(packages, beam_size=1)
    out = engine.translate(TEXTS, engine.route("fr", "en"))
    assert len(out) == len(TEXTS)
    for source, result in zip(TEXTS, out):
        assert TAG.findall(result.text) == TAG.findall(source)
        rest = TAG.sub("", result.text)  # model output comes back escaped like the input
        assert re.fullmatch(r"(?:[^&<>]|&(?:amp|lt|gt);)*", rest), rest
    assert out[0].text.endswith('<x id="1"/>.') and out[0].text != TEXTS[0]
    assert out[4].text == "100 000"  # no letters: never sent to the model
    assert out[5].text == ""
    assert out[6].text == '<x id="5"/>'
    assert all(r.text for r in out[:4])
    # deterministic: a fresh engine gives the same bytes
    assert ArgosEngine(packages, beam_size=1).translate(TEXTS, engine.route("fr", "en")) == out


def test_one_translate_batch_call_per_route_step(packages: Path) -> None:
    engine = ArgosEngine(packages, batch_size=2)
    route = engine.route("fr", "de")
    engine.prepare(route)  # loads both packages (a random model may turn a text letterless, skipping step 2)
    counters = {}
    for path, (translator, sp) in list(engine._loaded.items()):
        counters[path.name] = CountingTranslator(translator)
        engine._loaded[path] = (counters[path.name], sp)
    engine.translate(TEXTS * 10, route)
    runs = sum(1 for t in TEXTS for i, p in enumerate(split_tags(t)) if i % 2 == 0 and re.search(r"[^\W\d_]", p))
    first, second = counters["translate-fr_en-1_0"].calls, counters["translate-en_de-1_0"].calls
    assert first == [runs * 10]  # every text run of every text, in one call
    assert len(second) == 1 and 0 < second[0] <= runs * 10  # letterless English runs skip step 2


def test_pivot_equals_two_steps(packages: Path) -> None:
    engine = ArgosEngine(packages)
    english = engine.translate(TEXTS, engine.route("fr", "en"))
    direct_en_de = Route("argos", "en", "de", ("en-de",), "en-de:1.0")
    two_steps = engine.translate([t.text for t in english], direct_en_de)
    pivot = engine.translate(TEXTS, engine.route("fr", "de"))
    assert pivot == two_steps
    assert [t.text for t in pivot] != [t.text for t in english]


def test_split_tags() -> None:
    assert split_tags('a<x id="1"/>b<g id="2">c</g>') == ["a", '<x id="1"/>', "b", '<g id="2">', "c", "</g>", ""]
    assert split_tags("no tags") == ["no tags"]


def test_unavailable_without_packages(tmp_path: Path) -> None:
    engine = ArgosEngine(tmp_path / "empty")
    assert not engine.available()
    assert engine.route("fr", "en") is None


def test_missing_package_in_route(packages: Path) -> None:
    engine = ArgosEngine(packages)
    with pytest.raises(EngineError, match="fr-es is not installed"):
        engine.translate(["Bonjour."], Route("argos", "fr", "es", ("fr-es",), "fr-es:1.0"))


def test_corrupt_model_is_an_engine_error(packages: Path) -> None:
    (packages / "translate-fr_en-1_0" / "model" / "model.bin").write_bytes(b"\0" * 64)
    engine = ArgosEngine(packages)
    with pytest.raises(EngineError, match="cannot load Argos package fr-en"):
        engine.translate(["Bonjour."], engine.route("fr", "en"))


def test_empty_batch(packages: Path) -> None:
    engine = ArgosEngine(packages)
    assert engine.translate([], engine.route("fr", "de")) == []
    assert engine._loaded == {}  # nothing to translate, nothing loaded


def test_created_from_project_config(packages: Path, tmp_path: Path) -> None:
    argos = ArgosConfig(packages_dir=str(packages), beam_size=1, threads=1)
    config = Config(root=tmp_path, engines=EnginesConfig(argos=argos))
    engine = create("argos", config)
    assert isinstance(engine, ArgosEngine)
    assert engine.packages_dir == packages and engine.beam_size == 1
    assert engine.route("fr", "de") is not None
