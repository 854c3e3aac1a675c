"""check_output: every engine output is cleaned or refused before it is cached or used."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot.catalog import Catalog, Message
from polyglot.engines.base import MAX_EXTRA, MAX_GROWTH, Route, Translation, check_output, reply_limit
from polyglot.errors import EngineError
from polyglot.memory import Memory
from polyglot.translate import fill_language

ROUTE = Route("fake", "fr", "en", ("fake",), "1")
#: Every C0 control but tab and newline, DEL, and the C1 controls.
CONTROLS = [chr(c) for c in (*range(0, 9), *range(11, 32), 127, *range(0x80, 0xA0))]


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_control_characters_are_removed(control: str) -> None:
    out = check_output("Un chat.", Translation(f"A {control}cat.{control}", (f"ch{control}at",)))
    assert out.text == "A cat." and out.unknown == ("chat",)


def test_tab_and_newline_are_kept_but_not_in_unknown_words() -> None:
    out = check_output("Un\tchat\nnoir.", Translation("A\tblack\ncat.", ("noir\n", "\t", "x\ty")))
    assert out.text == "A\tblack\ncat." and out.unknown == ("noir", "xy")


def test_a_clean_output_is_returned_as_is() -> None:
    out = Translation("A cat.", ("chat",))
    assert check_output("Un chat.", out) is out


@pytest.mark.parametrize("text", ["", " ", "\n\t ", "\x00", "\x1b[0m"[:1] + "\x07"])
def test_empty_output_for_a_non_empty_source_is_refused(text: str) -> None:
    with pytest.raises(EngineError, match="empty translation"):
        check_output("Un chat.", Translation(text), ROUTE)


def test_empty_output_for_an_empty_source_is_fine() -> None:
    assert check_output(" ", Translation("")).text == ""


@pytest.mark.parametrize("size", [1, 10, 100, 5000])
def test_output_longer_than_the_limit_is_refused(size: int) -> None:
    source = "x" * size
    limit = MAX_GROWTH * size + MAX_EXTRA
    assert check_output(source, Translation("y" * limit)).text == "y" * limit
    with pytest.raises(EngineError, match=f"{limit + 1} characters for a {size}-character segment"):
        check_output(source, Translation("y" * (limit + 1)), ROUTE)


def test_reply_limit_has_an_absolute_cap() -> None:
    assert reply_limit(100) == MAX_GROWTH * 100 + MAX_EXTRA * 1024
    assert reply_limit(10**12) == reply_limit(10**11)


class Scripted:
    """A fake engine answering each text through a function."""

    name = "fake"

    def __init__(self, answer) -> None:
        self.answer = answer
        self.sent: list[str] = []

    def translate(self, texts, route):
        self.sent += texts
        return [Translation(self.answer(t)) for t in texts]


def _fill(memory: Memory, engine: Scripted, *msgids: str):
    catalog = Catalog(headers=(("Language", "en"),), messages=tuple(Message(m, "") for m in msgids))
    return fill_language({"d": catalog}, source="fr", target="en", resolve=lambda: (engine, ROUTE), memory=memory)


def test_refused_outputs_fail_those_segments_only_and_are_never_cached(tmp_path: Path) -> None:
    with Memory.open(tmp_path / "m.sqlite3") as memory:
        engine = Scripted(lambda t: "" if t.startswith("Vide") else t.upper() + "\x00")
        out, report = _fill(memory, engine, "Vide un.", "Plein.", "Vide deux.")
        assert sorted(report.failed) == ["Vide deux.", "Vide un."]
        assert "empty translation" in report.error
        assert [m.msgstr for m in out["d"].messages] == ["", "PLEIN.", ""]
        assert len(memory.lookup_many("fake", str(ROUTE), "1", "fr", "en", ["Vide un.", "Plein.", "Vide deux."])) == 1

        engine = Scripted(str.upper)  # a working engine gets exactly the refused ones
        out, report = _fill(memory, engine, "Vide un.", "Plein.", "Vide deux.")
        assert sorted(engine.sent) == ["Vide deux.", "Vide un."] and not report.failed
        assert [m.msgstr for m in out["d"].messages] == ["VIDE UN.", "PLEIN.", "VIDE DEUX."]


def test_cached_outputs_are_checked_like_fresh_ones(tmp_path: Path) -> None:
    with Memory.open(tmp_path / "m.sqlite3") as memory:
        key = ("fake", str(ROUTE), "1", "fr", "en")
        memory.store_many(*key, [("Vide.", Translation("")), ("Sale.", Translation("DIRTY\x1b."))])
        engine = Scripted(str.upper)
        out, report = _fill(memory, engine, "Vide.", "Sale.")
        assert engine.sent == ["Vide."] and report.cache_hits == 1
        assert [m.msgstr for m in out["d"].messages] == ["VIDE.", "DIRTY."]
