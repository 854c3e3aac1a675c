"""The review's pure parts: entry states and changes, the word diff, chips and embedded JSON."""

from __future__ import annotations

import json

import pytest

from polyglot.catalog import Message
from polyglot.errors import InputError
from polyglot.model import Element, ElementKind
from polyglot.review import entries
from polyglot.review.diff import word_diff
from polyglot.review.page import chips, script_json

MACHINE = Message(
    "Le {em1}chat{/em1} dort{fn1}.", "The {em1}cat{/em1} sleeps{fn1}.", flags=("fuzzy",),
    comments=("polyglot: machine translation, apertium:fra-cat+cat-eng (apertium=3.8)",
              "polyglot: unknown words: dort, chat", "Note d’une traductrice"),
)


def test_states():
    assert entries.state(Message("Bonjour.")) == "untranslated"
    assert entries.state(MACHINE) == "machine"
    assert entries.state(Message("A.", "B.")) == "reviewed"
    assert entries.state(Message("A.", "B.", flags=("fuzzy",), previous_msgid="Z.")) == "outdated"
    assert entries.state(entries.needs_work(Message("A.", "B."), "B.")) == "needs-work"


def test_provenance_from_comments():
    p = entries.provenance(MACHINE)
    assert (p.engine, p.route, p.versions) == ("apertium", "fra-cat+cat-eng", "apertium=3.8")
    assert p.unknown == ("dort", "chat")


def test_accept_unfuzzies_and_drops_previous_source_and_marks():
    m = entries.needs_work(MACHINE, MACHINE.msgstr)
    m = Message(**{**m.__dict__, "previous_msgid": "Le chat dormait."})
    out = entries.accept(m, "The {em1}cat{/em1} is asleep{fn1}.")
    assert out.msgstr == "The {em1}cat{/em1} is asleep{fn1}." and not out.fuzzy
    assert out.previous_msgid is None and entries.NEEDS_WORK not in out.comments
    assert "Note d’une traductrice" in out.comments
    assert not any(c.startswith("polyglot: machine translation") for c in out.comments)
    assert entries.version(out) != entries.version(m)


@pytest.mark.parametrize("text", ["The cat sleeps.", "The {em1}cat sleeps{fn1}.", "The {/em1}cat{em1} sleeps{fn1}.", ""])
def test_accept_refuses_broken_placeholders_and_empty_text(text):
    with pytest.raises(InputError):
        entries.accept(MACHINE, text)


def test_edit_and_revert_keep_it_unreviewed():
    typed = entries.edit(Message("Bonjour."), "Hello.")
    assert typed.msgstr == "Hello." and typed.fuzzy  # a first translation waits for acceptance
    assert not entries.edit(Message("A.", "B."), "C.").fuzzy  # a reviewed one stays reviewed
    back = entries.revert(entries.needs_work(MACHINE, "x"), MACHINE.msgstr)
    assert back.fuzzy and back.msgstr == MACHINE.msgstr and entries.NEEDS_WORK not in back.comments


def test_clean_bounds_text():
    assert entries.clean("a\nb\x07c ", "x") == "a bc"
    with pytest.raises(InputError):
        entries.clean("x" * (entries.MAX_TEXT + 1), "x")
    with pytest.raises(InputError):
        entries.clean(["not", "text"], "x")


def test_findings_leave_states_out():
    found = entries.findings("Il y a 12 chats.", "There are cats.", "fr", "en", None)
    assert [f.code for f in found] == ["number-missing"]
    assert entries.worst(found) == "error"
    assert entries.findings("Il y a 12 chats.", "There are cats.", "fr", "en", None, frozenset({"number-missing"})) == []


def test_word_diff_rebuilds_both_texts():
    old, new = "Le chat noir dort, dit-on.", "Le chien noir dormait, dit-on !"
    runs = word_diff(old, new)
    assert "".join(t for op, t in runs if op != "+") == old
    assert "".join(t for op, t in runs if op != "-") == new
    assert ("-", "chat") in runs and ("+", "chien") in runs


def test_chips_escape_text_and_make_placeholders_atomic():
    html = chips("<b>x</b> {{a}} {fn1}", (Element("fn1", ElementKind.FOOTNOTE, '1"><script>'),))
    assert "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert 'contenteditable="false" data-ph="{fn1}"' in html
    assert "<script>" not in html and "{a}" in html


def test_script_json_cannot_close_the_script():
    data = {"x": "</script><script>alert(1)</script>&\u2028"}
    text = str(script_json(data))
    assert "</" not in text and "<" not in text and "&" not in text
    assert json.loads(text) == data
