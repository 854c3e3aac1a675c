"""fill_language(s): memory, cache and engine, on model objects with fake engines."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from polyglot.catalog import Catalog, Message
from polyglot.engines.base import Route, Translation
from polyglot.engines.pseudo import PseudoEngine
from polyglot.errors import EngineError
from polyglot.memory import Memory
from polyglot.translate import elements_of, fill_language, fill_languages, filling


@pytest.fixture
def memory(tmp_path: Path):
    with Memory.open(tmp_path / "memory.sqlite3") as m:
        yield m


def cat(*messages: Message) -> Catalog:
    return Catalog(headers=(("Language", "en"),), messages=messages)


class Counting:
    """Wraps an engine and records each batch it is sent."""

    def __init__(self, engine=None, fail_on_call: int | None = None, drop: bool = False):
        self.engine = engine or PseudoEngine()
        self.batches: list[list[str]] = []
        self.fail_on_call = fail_on_call
        self.drop = drop

    def translate(self, texts, route):
        self.batches.append(list(texts))
        if self.fail_on_call == len(self.batches):
            raise EngineError("engine crashed")
        out = self.engine.translate(texts, route)
        return out[:-1] if self.drop else out


def fill(catalogs, memory, engine, **kw):
    route = Route("pseudo", "fr", "en", ("upper",), "1")
    called = []

    def resolve():
        called.append(1)
        return engine, route

    out, report = fill_language(catalogs, source="fr", target="en", resolve=resolve, memory=memory, **kw)
    return out, report, called


def test_fills_untranslated_fuzzy_with_provenance_and_keeps_reviewed(memory):
    c = cat(Message("Un chat{fn1}.", ""), Message("Déjà revu.", "Already reviewed."), Message("Flou.", "Fuzzy.", flags=("fuzzy",)))
    out, rep, _ = fill({"d": c}, memory, Counting())
    msgs = out["d"].messages
    assert msgs[0].msgstr == "UN CHAT{fn1}." and msgs[0].fuzzy
    assert any(c.startswith("polyglot: machine translation, pseudo:upper") for c in msgs[0].comments)
    assert msgs[1] == c.messages[1] and msgs[2] == c.messages[2]
    assert rep.entries == 1 and rep.sent == 1 and rep.engine_calls == 1


def test_identical_segments_go_to_the_engine_once(memory):
    engine = Counting()
    docs = {"a": cat(Message("Même phrase."), Message("Autre.")), "b": cat(Message("Même phrase."))}
    out, rep, _ = fill(docs, memory, engine)
    assert engine.batches == [["Même phrase.", "Autre."]]
    assert out["b"].messages[0].msgstr == "MÊME PHRASE."


def test_rerun_with_nothing_new_starts_no_engine(memory):
    c = cat(Message("Une phrase."))
    out, rep, called = fill({"d": c}, memory, Counting())
    assert called and rep.engine_calls == 1
    # second run: same untranslated input (PO reverted), served from the cache without an engine
    engine = Counting()
    out2, rep2, called2 = fill({"d": c}, memory, engine)
    assert rep2.cache_hits == 1 and rep2.engine_calls == 0 and engine.batches == []
    assert out2["d"].messages[0].msgstr == "UNE PHRASE."
    # third run on the filled catalog: nothing to do, resolve is not even called
    _, rep3, called3 = fill(out2, memory, Counting())
    assert rep3.entries == 0 and called3 == []


def test_reviewed_memory_from_another_document_is_reused_fuzzy(memory):
    memory.add_reviewed("fr", "en", [("Bonjour.", "Hello.")], "other-doc")
    out, rep, called = fill({"d": cat(Message("Bonjour."))}, memory, Counting())
    m = out["d"].messages[0]
    assert m.msgstr == "Hello." and m.fuzzy and "translation memory" in m.comments[0]
    assert rep.memory_hits == 1 and called == []


def test_failing_chunk_keeps_completed_ones(memory):
    c = cat(*[Message(f"Phrase {i}.") for i in range(7)])
    engine = Counting(fail_on_call=2)
    out, rep, _ = fill({"d": c}, memory, engine, chunk_size=3)
    done = [m for m in out["d"].messages if m.translated]
    assert [m.msgid for m in done] == ["Phrase 0.", "Phrase 1.", "Phrase 2."]
    assert rep.failed == ("Phrase 3.", "Phrase 4.", "Phrase 5.", "Phrase 6.") and "crashed" in rep.error
    # the retry sends only what is missing
    engine2 = Counting()
    out2, rep2, _ = fill(out, memory, engine2, chunk_size=3)
    assert sum(len(b) for b in engine2.batches) == 4 and rep2.failed == ()


def test_misaligned_engine_output_is_an_error_not_a_shift(memory):
    out, rep, _ = fill({"d": cat(Message("A un."), Message("B deux."))}, memory, Counting(drop=True))
    assert rep.error and "returned 1 translations for 2" in rep.error
    assert not any(m.translated for m in out["d"].messages)


def test_dropped_placeholder_is_flagged_for_review(memory):
    class Dropper:
        def translate(self, texts, route):
            return [Translation(t.replace('<x id="1"/>', "")) for t in texts]

    out, rep, _ = fill({"d": cat(Message("Merci pour l’invitation{fn1}."))}, memory, Dropper())
    m = out["d"].messages[0]
    assert "{fn1}" in m.msgstr and m.fuzzy
    assert any(c.startswith("polyglot: review:") for c in m.comments)
    assert rep.flagged == ("Merci pour l’invitation{fn1}.",)


def test_elements_of_reads_kinds_from_names():
    els = elements_of("Voir {link1}ici{/link1} et {url2}{fn3}.")
    assert [(e.name, e.kind.value) for e in els] == [("link1", "link"), ("url2", "url"), ("fn3", "fn")]


def test_outdated_machine_draft_is_translated_again(memory):
    draft = Message(
        "Il est parti hier soir.", "He left.", flags=("fuzzy",), previous_msgid="Il est parti.",
        comments=("Ana: à revoir", "polyglot: machine translation, old:route (0)", "polyglot: ignore length-ratio"),
    )
    out, rep, _ = fill({"d": cat(draft)}, memory, Counting())
    [m] = out["d"].messages
    assert m.msgstr == "IL EST PARTI HIER SOIR." and m.fuzzy and m.previous_msgid is None
    assert m.comments[:2] == ("Ana: à revoir", "polyglot: ignore length-ratio")
    assert m.comments[2].startswith("polyglot: machine translation, pseudo:upper")
    assert (rep.retranslated, rep.suggested, rep.entries) == (1, 0, 1)


def test_outdated_reviewed_entry_keeps_its_text_and_gets_a_suggestion(memory):
    from polyglot.provenance import suggestion

    human = Message(
        "Il est parti hier soir.", "He went away.", flags=("fuzzy",), previous_msgid="Il est parti.",
        comments=("polyglot: reviewed; draft was machine translation, old:route (0)",),
    )
    out, rep, _ = fill({"d": cat(human)}, memory, Counting())
    [m] = out["d"].messages
    assert (m.msgstr, m.fuzzy, m.previous_msgid) == ("He went away.", True, "Il est parti.")
    assert suggestion(m) == "IL EST PARTI HIER SOIR."
    assert (rep.retranslated, rep.suggested) == (0, 1)
    # a second run asks nothing more
    engine = Counting()
    again, rep2, called = fill(out, memory, engine)
    assert again["d"] is out["d"] and rep2.entries == 0 and called == []


def test_progress_counts_per_language_and_never_100_while_work_remains(memory):
    from polyglot.translate import Step

    steps: list[Step] = []
    c = cat(*(Message(f"Phrase {i}.", "") for i in range(12)))
    fill({"d": c}, memory, Counting(), progress=steps.append, chunk_size=5)
    assert [(s.language, s.done, s.total) for s in steps] == [("en", 0, 12), ("en", 5, 12), ("en", 10, 12), ("en", 12, 12)]
    assert [s.percent for s in steps] == [0, 41, 83, 100]
    assert steps[0].eta is None and steps[-1].eta == 0.0
    assert Step("en", 999, 1000, 10.0).percent == 99 and "999/1000 segments (99 %)" in str(Step("en", 999, 1000, 10.0))


class SideBySide(Counting):
    """An engine that allows two calls at once and records how many ran together."""

    concurrency = 2

    def __init__(self, **kw):
        super().__init__(**kw)
        self.lock = threading.Lock()
        self.now = self.most = 0
        self.threads: set[str] = set()

    def translate(self, texts, route):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
            self.threads.add(threading.current_thread().name)
        try:
            time.sleep(0.05)  # long enough for the other language's call to start meanwhile
            with self.lock:
                return super().translate(texts, route)
        finally:
            with self.lock:
                self.now -= 1


def _languages(memory, engine, targets, chunk_size=3):
    def one(lang):
        route = Route("pseudo", "fr", lang, ("upper",), "1")
        c = cat(*(Message(f"Phrase {lang} {i}.", "") for i in range(7)))
        return filling({"d": c}, source="fr", target=lang, resolve=lambda: (engine, route), memory=memory,
                       chunk_size=chunk_size)

    return fill_languages([one(lang) for lang in targets])


def test_languages_run_side_by_side_with_the_output_of_one_at_a_time(tmp_path):
    with Memory.open(tmp_path / "a.sqlite3") as m1, Memory.open(tmp_path / "b.sqlite3") as m2:
        alone = _languages(m1, Counting(), ["en", "es", "ca"])
        engine = SideBySide()
        together = _languages(m2, engine, ["en", "es", "ca"])
    timeless = lambda results: [(out, replace(r, seconds=0)) for out, r in results]  # noqa: E731
    assert timeless(together) == timeless(alone) and [r.language for _, r in together] == ["en", "es", "ca"]
    assert engine.most == 2 and threading.current_thread().name not in engine.threads
    assert all(r.engine_calls == 3 and r.sent == 7 for _, r in together)


def test_a_failing_language_stops_alone_while_the_others_are_filled(memory):
    engine = SideBySide(fail_on_call=2)  # the 2nd call, whichever language it is
    (out_en, en), (out_es, es) = _languages(memory, engine, ["en", "es"])
    failed = [r for r in (en, es) if r.error]
    assert len(failed) == 1 and "engine crashed" in failed[0].error
    assert len(failed[0].failed) == 7 - 3 * failed[0].engine_calls
    ok = es if failed[0] is en else en
    assert ok.error is None and ok.sent == 7 and not ok.failed


def test_an_engine_without_concurrency_is_called_here_in_turn(memory):
    engine = Counting()
    results = _languages(memory, engine, ["en", "es"])
    assert [len(b) for b in engine.batches] == [3, 3, 1, 3, 3, 1]
    assert all(r.sent == 7 for _, r in results)


def test_one_language_s_chunks_run_side_by_side_with_the_output_of_one_at_a_time(tmp_path):
    """Chunks, not languages, are what the workers share: a single language uses them all."""
    with Memory.open(tmp_path / "a.sqlite3") as m1, Memory.open(tmp_path / "b.sqlite3") as m2:
        alone = _languages(m1, Counting(), ["en"], chunk_size=2)
        engine = SideBySide()
        together = _languages(m2, engine, ["en"], chunk_size=2)
    timeless = lambda results: [(out, replace(r, seconds=0)) for out, r in results]  # noqa: E731
    assert timeless(together) == timeless(alone)
    assert engine.most == 2 and together[0][1].engine_calls == 4
