"""The Apertium engine, run for real (fake commands only for the failure modes)."""

from __future__ import annotations

import re
import stat
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from babel.numbers import format_decimal

from polyglot.engines.apertium import ApertiumEngine, strip_marks
from polyglot.engines.base import Route
from polyglot.errors import EngineError, EngineUnavailable
from polyglot.model import Element, ElementKind
from polyglot.protect import protect, restore
from polyglot.typography import adapt, quotes

# The test set-up installs Apertium (make test): a missing engine must fail, not skip.
pytestmark = [pytest.mark.apertium]


@pytest.fixture(scope="module")
def engine() -> ApertiumEngine:
    return ApertiumEngine()


def reference(text: str, *modes: str, marks: bool = False) -> str:
    """What the ``apertium`` command itself writes for ``text`` through ``modes``.

    Tests compare the engine with this, never with a sentence typed in: Apertium's
    dictionaries change between releases.
    """
    for mode in modes:
        argv = ["apertium", mode] if marks else ["apertium", "-u", mode]
        text = subprocess.run(argv, input=text, capture_output=True, text=True, check=True).stdout.rstrip("\n")
    return text


def _script(path: Path, body: str) -> str:
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_routes_are_data_with_package_versions(engine):
    es = engine.route("fr", "es")
    assert es is not None and es.steps == ("fr-es",)
    assert "apertium-fr-es=" in es.version and "=unknown" not in es.version
    en = engine.route("fr", "en")
    assert en is not None and en.steps == ("fra-cat", "cat-eng")
    assert "apertium-fra-cat=" in en.version and "apertium-eng-cat=" in en.version
    assert engine.route("fr", "it").steps == ("fr-es", "spa-ita")
    assert engine.route("fr", "pt").steps == ("fr-es", "es-pt")
    assert engine.route("fr", "ca").steps == ("fra-cat",)
    assert engine.route("fr", "oc").steps == ("fra-oci",)
    assert engine.route("fr", "eo").steps == ("fr-eo",)
    assert engine.route("fr", "ja") is None


def test_known_sentence(engine):
    text = "Le chat mange une pomme."
    [es] = engine.translate([text], engine.require("fr", "es"))
    assert es.text == reference(text, "fr-es") and es.text != text and es.unknown == ()
    [en] = engine.translate([text], engine.require("fr", "en"))
    assert en.text == reference(text, "fra-cat", "cat-eng") and en.text not in (text, es.text)


def test_unknown_words_are_unmarked_and_recorded(engine):
    texts = ["Le Xyzzyq de Loukachenko.", "Un *astérisque, #MeToo et @moi."]
    out = engine.translate(texts, engine.require("fr", "es"))
    assert out[0].text == reference(texts[0], "fr-es")
    marked = tuple(re.findall(r"\*(\w+)", reference(texts[0], "fr-es", marks=True)))
    assert "Xyzzyq" in marked and out[0].unknown == marked
    # literal marks in the source are text, not unknown-word marks
    assert out[1].text.count("*") == 1 and "#MeToo" in out[1].text and "@" in out[1].text
    assert "MeToo" in out[1].unknown
    assert strip_marks("el *Xyzzyq y #100 #000") == ("el Xyzzyq y 100 000", ("Xyzzyq",))


def test_pivot_route_reports_source_words_only(engine):
    route = engine.require("fr", "en")
    assert len(route.steps) == 2
    source = "Le Xyzzyq de Loukachenko a débuté hier, mardi, près de la frontière biélorusse."
    [out] = engine.translate([source], route)
    assert "Xyzzyq" in out.unknown
    words = set(source.replace(",", " ").replace(".", " ").split())
    assert set(out.unknown) <= words, out.unknown
    # the first step alone reports the same words
    [first] = engine.translate([source], type(route)(route.engine, "fr", "ca", route.steps[:1]))
    assert out.unknown == first.unknown


EDGE = {
    0: "",
    1: "*",
    2: "!",
    3: "…",
    4: 'Il a remercié le ministre pour l’invitation<x id="1"/>.',
    5: "Les &lt;balises&gt; &amp; les esperluettes.",
    6: "Première ligne.\n\nDeuxième ligne après une ligne vide.",
    7: "   ",
    10: '<hr id="pg-3"/> un faux marqueur',
    8: '<g id="1">Le chat</g> dort',
    9: "« Viendrez-vous ? » a demandé le ministre",
}


def test_batch_of_200_is_aligned_in_one_process(tmp_path):
    count = tmp_path / "count"
    cmd = _script(tmp_path / "apertium", f'case " $* " in *" -f "*) echo run >> "{count}";; esac\nexec apertium "$@"\n')
    engine = ApertiumEngine(command=cmd)
    texts = [EDGE.get(i % 20, f"Le soldat numéro {i} mange une pomme.") for i in range(200)]
    out = engine.translate(texts, engine.require("fr", "es"))
    assert count.read_text().count("run") == 1
    assert len(out) == 200
    sentence = reference("Le soldat numéro 987 mange une pomme.", "fr-es")
    assert sentence.count("987") == 1
    for i, tr in enumerate(out):
        if i % 20 not in EDGE:
            assert tr.text == sentence.replace("987", str(i)), i
    assert out[0].text == "" and out[20].text == ""
    assert out[1].text == "*" and out[2].text == "!" and out[3].text == "…"
    assert out[4].text.endswith('<x id="1"/>.') and out[4].text.count("<x") == 1
    assert "&lt;" in out[5].text and "&gt;" in out[5].text and "&amp;" in out[5].text
    lines = EDGE[6].split("\n\n")
    assert out[6].text == "\n\n".join(reference(line, "fr-es") for line in lines)
    assert out[7].text.strip() == ""
    assert out[8].text.startswith(f'<g id="1">{reference("Le chat", "fr-es")}</g>')
    assert out[10].text.startswith('&lt;hr id="pg-3"/&gt;')


def test_two_step_route_runs_one_process_per_step(tmp_path):
    count = tmp_path / "count"
    cmd = _script(tmp_path / "apertium", f'case " $* " in *" -f "*) echo "$*" >> "{count}";; esac\nexec apertium "$@"\n')
    engine = ApertiumEngine(command=cmd)
    texts = [f"Le soldat numéro {i} mange une pomme." for i in range(30)] + ["", "*"]
    out = engine.translate(texts, engine.require("fr", "en"))
    runs = count.read_text().splitlines()
    assert [r.split()[-1] for r in runs] == ["fra-cat", "cat-eng"]
    sentence = reference("Le soldat numéro 987 mange une pomme.", "fra-cat", "cat-eng")
    assert [t.text for t in out[:30]] == [sentence.replace("987", str(i)) for i in range(30)]
    assert out[30].text == "" and out[31].text == "*"


def test_empty_batch_runs_nothing(tmp_path):
    engine = ApertiumEngine(command=_script(tmp_path / "apertium", "exit 1\n"))
    assert engine.translate([], Route("apertium", "fr", "es", ("fr-es",))) == []


def test_missing_pair_names_the_package(tmp_path):
    engine = ApertiumEngine(data_dir=str(tmp_path))  # a data folder without any pair
    assert engine.available() and engine.route("fr", "ca") is None
    with pytest.raises(EngineUnavailable, match="apt-get install apertium-fra-cat"):
        engine.require("fr", "ca")
    with pytest.raises(EngineUnavailable, match="apertium-eng-cat"):
        engine.require("fr", "en")
    with pytest.raises(EngineUnavailable, match="apertium-fra-cat"):
        engine.translate(["x"], Route("apertium", "fr", "ca", ("fra-cat",)))
    with pytest.raises(EngineUnavailable, match="no route"):
        engine.require("fr", "ja")
    assert not ApertiumEngine(command="no-such-apertium-command").available()


def _fake(tmp_path: Path, translate_body: str) -> ApertiumEngine:
    body = f'if [ "$1" = "-l" ]; then echo "  fr-es"; exit 0; fi\n{translate_body}'
    return ApertiumEngine(command=_script(tmp_path / "fake-apertium", body), timeout=1.0)


def test_crash_reports_last_stderr_line(tmp_path):
    engine = _fake(tmp_path, 'echo "loading" >&2; echo "Error: fr-es.automorf.bin is corrupt" >&2; exit 3\n')
    with pytest.raises(EngineError, match=r"exit 3\): Error: fr-es.automorf.bin is corrupt"):
        engine.translate(["Bonjour."], engine.require("fr", "es"))


def test_timeout_kills_the_pipeline(tmp_path):
    engine = _fake(tmp_path, "sleep 30 | cat\n")
    start = time.monotonic()
    with pytest.raises(EngineError, match="timed out after 1 s"):
        engine.translate(["Bonjour."], engine.require("fr", "es"))
    assert time.monotonic() - start < 10


def test_misaligned_output_is_an_error(tmp_path):
    engine = _fake(tmp_path, "sed 's/<hr id=\"pg-1\"\\/>//'\n")
    with pytest.raises(EngineError, match="misaligned"):
        engine.translate(["Un.", "Deux.", "Trois."], engine.require("fr", "es"))


FN = lambda n: Element(f"fn{n}", ElementKind.FOOTNOTE, str(n))  # noqa: E731
SEED = [
    ("Dans une vidéo mise en scène et publiée par le ministère de la Défense biélorusse, on peut voir "
     "les deux soldats américains remercier le ministre Viktor Khrenin pour l’invitation{fn1}.", (FN(1),)),
    ("La semaine dernière, l’envoyé du président américain, John Coale, a déclaré lors d’un déplacement "
     "à Minsk que les États-Unis souhaitaient rouvrir leur ambassade dans le pays et "
     "«\u00a0normaliser les relations bilatérales\u00a0»{fn2}.", (FN(2),)),
    ("Trump avait déclaré sur Truth Social qu’il se «\u00a0réjouissait de rencontrer le président "
     "Loukachenko à l’avenir\u00a0»{fn4}.", (FN(4),)),
    ("Selon le Kremlin, plus de 100 000 militaires — soit un nombre largement supérieur aux 13 000 "
     "initialement annoncés — auraient pris part aux manœuvres.", ()),
]


@pytest.mark.parametrize("target", ["es", "ca", "en"])
def test_seed_segments_end_to_end(engine, target):
    protected = [protect(t, els, ["Truth Social"]) for t, els in SEED]
    out = engine.translate([p.text for p in protected], engine.require("fr", target))
    final = []
    for p, tr in zip(protected, out):
        r = restore(tr.text, p)
        assert r.problems == ()
        final.append(adapt(r.text, "fr", target))
    assert final[0].endswith("{fn1}.") and " {fn1}" not in final[0]
    assert "{fn2}." in final[1] and "{fn4}." in final[2] and "Truth Social" in final[2]
    assert format_decimal(100000, locale=target) in final[3] and format_decimal(13000, locale=target) in final[3]
    start, end = quotes(target)[:2]
    assert f"{end}{{fn2}}." in final[1] and final[1].count(start) == 1
    assert "Khrenin" in final[0] and "«\u00a0" not in "".join(final)


def test_a_batch_is_one_pipeline_and_calls_in_two_threads_give_its_output(tmp_path):
    """However large, a batch crosses one pipeline; two halves sent from two threads side by side match it."""
    count = tmp_path / "count"
    cmd = _script(tmp_path / "apertium", f'case " $* " in *" -f "*) echo run >> "{count}";; esac\nexec apertium "$@"\n')
    texts = [f"Le soldat numéro {i} mange une pomme{' *' if i % 7 == 0 else ''}." for i in range(450)]
    engine = ApertiumEngine(command=cmd, workers=2)
    assert engine.concurrency == 2 and ApertiumEngine(workers=1).concurrency == 1
    route = engine.require("fr", "es")
    serial = engine.translate(texts, route)
    assert count.read_text().count("run") == 1
    with ThreadPoolExecutor(2) as pool:
        halves = list(pool.map(lambda part: engine.translate(part, route), [texts[:225], texts[225:]]))
    assert halves[0] + halves[1] == serial
    assert count.read_text().count("run") == 3 and not engine._live


def test_stop_kills_the_pipelines_of_calls_in_other_threads(tmp_path):
    engine = _fake(tmp_path, "sleep 30 | cat\n")
    engine.timeout = 60.0
    route = engine.require("fr", "es")
    start = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        calls = [pool.submit(engine.translate, ["Un."], route) for _ in range(2)]
        while len(engine._live) < 2:
            assert time.monotonic() - start < 10, "the pipelines never started"
            time.sleep(0.02)
        engine.stop()
        for call in calls:
            with pytest.raises(EngineError, match="failed"):
                call.result(timeout=10)
    assert time.monotonic() - start < 10 and not engine._live
