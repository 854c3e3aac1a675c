"""Placeholder text ↔ engine text: every protected element restored or reported."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot.inline import placeholders
from polyglot.model import Element, ElementKind
from polyglot.protect import Restored, protect, restore

FN1 = Element("fn1", ElementKind.FOOTNOTE, "1")
FN2 = Element("fn2", ElementKind.FOOTNOTE, "2")
URL1 = Element("url1", ElementKind.URL, "https://example.org/a?b=1&c=2")
EM1 = Element("em1", ElementKind.EMPHASIS)
ELEMENTS = (FN1, FN2, URL1, EM1)


def test_engine_text_uses_tags_and_escapes_text():
    p = protect("Voir {url1} & {em1}les <notes>{/em1}{fn1}.", ELEMENTS)
    assert p.text == 'Voir <x id="1"/> &amp; <g id="2">les &lt;notes&gt;</g><x id="3"/>.'
    assert [t.name for t in p.tags] == ["url1", "em1", "fn1"]


def test_doubled_braces_are_literal_text():
    p = protect("Un {{ensemble}} et {fn1}", ELEMENTS)
    assert p.text == 'Un {ensemble} et <x id="1"/>'
    assert restore(p.text, p).text == "Un {{ensemble}} et {fn1}"


def test_dnt_terms_whole_word_case_sensitive():
    p = protect("Belavia et belavia, Belaviation et Truth Social.", (), ["Belavia", "Truth Social"])
    assert p.text == '<x id="1"/> et belavia, Belaviation et <x id="2"/>.'
    assert restore('<x id="1"/> and belavia, Belaviation and <x id="2"/>.', p).text == (
        "Belavia and belavia, Belaviation and Truth Social."
    )


def test_identity_round_trip():
    text = "remercier le ministre Viktor Khrenin pour l’invitation{fn1}. Voir {url1} et {em1}ceci{/em1}."
    p = protect(text, ELEMENTS, ["Viktor Khrenin"])
    r = restore(p.text, p)
    assert r.text == text and r.problems == ()


@pytest.mark.parametrize(
    "source, engine_output, expected",
    [
        # the engine pads the footnote tag with spaces: the source had none
        ("pour l’invitation{fn1}.", 'for the invitation <x id="1"/> .', "for the invitation{fn1}."),
        # the engine glues the tag to both words where the source had spaces
        ("voir {url1} maintenant", 'see<x id="1"/>now', "see {url1} now"),
        # spaces inside span tags that the source did not have move outside
        ("a {em1}mot{/em1} b", 'a<g id="1"> word </g>b', "a {em1}word{/em1} b"),
    ],
)
def test_spacing_follows_the_source(source, engine_output, expected):
    p = protect(source, ELEMENTS)
    assert restore(engine_output, p) == Restored(expected, ())


def test_dropped_footnote_is_reappended_before_final_punctuation_and_reported():
    p = protect("relations bilatérales »{fn2}.", ELEMENTS)
    r = restore("relaciones bilaterales ».", p)
    assert r.text == "relaciones bilaterales »{fn2}."
    assert r.problems and "fn2" in r.problems[0] and "dropped" in r.problems[0]


def test_duplicated_and_unknown_tags_are_removed_and_reported():
    p = protect("A{fn1} b.", ELEMENTS)
    r = restore('A<x id="1"/> b<x id="1"/> <x id="7"/>.', p)
    assert placeholders(r.text) == ["fn1"]
    assert any("duplicated" in x for x in r.problems)
    assert any("unknown" in x for x in r.problems)


def test_unbalanced_span_is_closed_and_reported():
    p = protect("{em1}très{/em1} bien.", ELEMENTS)
    r = restore('<g id="1">very well.', p)
    assert placeholders(r.text) == ["em1", "/em1"]
    assert any("not closed" in x for x in r.problems)
    r = restore("very</g> well.", p)
    assert placeholders(r.text) == []
    assert len(r.problems) == 2  # stray closing tag, and the span itself dropped


def test_dropped_dnt_term_is_reported():
    p = protect("Belavia vole.", (), ["Belavia"])
    r = restore("Belavi flies.", p)
    assert r.text == "Belavi flies."
    assert r.problems == ("do-not-translate term 'Belavia' dropped by the engine",)


def test_engine_may_mangle_tag_syntax():
    p = protect("x{fn1} y {em1}z{/em1}", ELEMENTS)
    r = restore("x< x id = '1' / > y < g id=\"2\" >z< / g >", p)
    assert r.text == "x{fn1} y {em1}z{/em1}" and r.problems == ()


_words = st.text(alphabet=st.sampled_from(list(" \u00a0\na.é&<>»")) | st.characters(blacklist_categories=("Cs",), blacklist_characters="{}"), max_size=8)


@st.composite
def _texts(draw):
    """Placeholder text with each standalone element at most once and an optional span."""
    names = draw(st.lists(st.sampled_from(["{fn1}", "{fn2}", "{url1}"]), unique=True))
    parts = [draw(_words)]
    for name in names:
        parts += [name, draw(_words)]
    if draw(st.booleans()):
        i = draw(st.integers(0, len(parts)))
        j = draw(st.integers(i, len(parts)))
        parts = parts[:i] + ["{em1}"] + parts[i:j] + ["{/em1}"] + parts[j:]
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(_texts(), st.data())
def test_every_element_restored_or_flagged(text, data):
    """Whatever the engine does to the tags, no standalone element is lost, and damage is reported."""
    p = protect(text, ELEMENTS)
    tags = re.findall(r"<[^<>]*>", p.text)
    literal = re.sub(r"<[^<>]*>", "", p.text)
    # the engine drops, duplicates or shuffles tags (here: all moved to the end)
    kept = data.draw(st.lists(st.sampled_from(tags), max_size=len(tags) + 2)) if tags else []
    r = restore(literal + "".join(kept), p)
    got = placeholders(r.text)
    for tag in p.tags:
        if not tag.span:
            assert got.count(tag.name) == 1, (text, r)
    if sorted(kept) != sorted(tags):
        assert r.problems, (text, kept, r)
    if kept == tags:
        assert r.problems == ()
    assert restore(p.text, p) == Restored(text, ())
