"""Property tests across stages, complementing the per-module ones.

Already elsewhere, not repeated here: the segmenter's rebuild invariant on any text
(test_segment), the PO write→read identity and msgcat fixed points (test_pofile),
restore after tags are dropped or duplicated and moved to the end (test_protect).

Here: any source text that is accepted becomes a template that survives the PO
writer and reader; damaged PO text fails only with a CatalogError carrying a
plausible line; merging never loses a reviewed translation and is stable when
repeated; restore survives any engine output (tags shuffled in place, mangled,
invented, text rewritten) and still accounts for every element.
"""

from __future__ import annotations

import re

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglot.catalog import Catalog, Message, extract, merge
from polyglot.errors import CatalogError, InputError
from polyglot.inline import Placeholder, placeholders, tokenize
from polyglot.model import Element, ElementKind
from polyglot.pofile import read_po, write_po
from polyglot.protect import protect, restore
from polyglot.readers import read_document
from polyglot.segment import load_rules, segment

FR = load_rules("fr")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- source → template → PO -------------------------------------------------------------

_PIECES = [
    "Il est parti.", "M. Dupont", "« Non ? »", " ", "\n", "\n\n", "1.", "- ", "* ", "# ", "> ", "[1]", "[^1]",
    "*gras*", "_it_", "`code`", "https://exemple.fr/a.", "a@b.fr", "{", "}", "{fn1}", "\\", '"', "\t", "…",
    "\u00a0", "\u202f", "ß", "é", "😀", "\u0301", "Zapad 2025", "etc.", "J.-C.", "  • ", "|", "<b>", "&amp;",
]
_source = st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=40).map("".join)


@FAST
@given(_source, st.sampled_from(["a.txt", "a.md"]))
def test_any_accepted_source_gives_a_template_that_round_trips(text: str, path: str) -> None:
    try:
        doc = read_document(text.encode("utf-8"), name="a", path=path, language="fr")
    except InputError:
        return  # refused with a clear error: fine
    template = extract(segment(doc, FR))
    assert len({m.key for m in template.messages}) == len(template.messages)  # no duplicate entries
    assert all(m.msgid and m.msgid == m.msgid.strip() for m in template.messages)
    po = write_po(template)
    assert read_po(po, "a.pot") == template
    assert write_po(read_po(po)) == po


def test_repeated_sentence_on_one_line_has_one_reference() -> None:
    doc = read_document("Il est parti.\tIl est parti.".encode(), name="a", path="a.txt", language="fr")
    (m,) = extract(segment(doc, FR)).messages
    assert m.locations == ("a.txt:1",)


# --- damaged PO text ----------------------------------------------------------------------

_PO = write_po(
    Catalog(
        headers=(("Content-Type", "text/plain; charset=UTF-8"), ("Language", "en")),
        messages=(
            Message("Un chat{fn1}.", "A cat{fn1}.", locations=("a.txt:1",), comments=("relu",)),
            Message("Deux « chiens ».", "Two “dogs”.", flags=("fuzzy",), previous_msgid="Deux chiens."),
            Message("Trois\nlignes\\", "", auto_comments=("paragraph 2",)),
            Message("Vieux.", "Old.", obsolete=True),
        ),
    )
)
_NOISE = st.sampled_from(['"', "\\", "\n", "msgid ", "msgstr ", "msgstr[0] ", "#~ ", "#| ", "#, ", '""', "\\x", "\x00", "é", " "])


@FAST
@given(st.lists(st.tuples(st.integers(0, len(_PO)), st.integers(0, 6), _NOISE | st.text(max_size=3)), min_size=1, max_size=4))
def test_damaged_po_fails_only_with_a_located_catalog_error(edits: list[tuple[int, int, str]]) -> None:
    text = _PO
    for pos, cut, insert in edits:
        text = text[:pos] + insert + text[pos + cut :]
    try:
        cat = read_po(text, "x.po")
    except CatalogError as exc:
        assert exc.path == "x.po"
        assert exc.line is None or 1 <= exc.line <= text.count("\n") + 1, (exc.line, text)
        return
    assert read_po(write_po(cat)) == cat  # what was accepted is kept exactly


@pytest.mark.parametrize("escape", [r"\x", r"\xzz", r"\x110000", r"\xd800"])
def test_bad_hex_escape_is_a_catalog_error(escape: str) -> None:
    text = f'msgid ""\nmsgstr "Language: en\\n"\n\nmsgid "a"\nmsgstr "b{escape}"\n'
    with pytest.raises(CatalogError) as exc:
        read_po(text, "x.po")
    assert exc.value.line == 5


# --- merge never loses a reviewed translation ------------------------------------------------

_ids = st.sampled_from(["Un.", "Deux.", "Trois chats.", "Trois chiens.", "Quatre.", "Cinq mots ici.", "Six."])


@st.composite
def _po_and_template(draw) -> tuple[Catalog, Catalog]:
    ids = draw(st.lists(_ids, unique=True, max_size=6))
    messages = []
    for i, msgid in enumerate(ids):
        state = draw(st.sampled_from(["empty", "fuzzy", "reviewed", "obsolete-reviewed", "obsolete-fuzzy"]))
        msgstr = "" if state == "empty" else f"T{i} {msgid.upper()}"
        m = Message(msgid, msgstr, obsolete=state.startswith("obsolete"))
        messages.append(m.with_flag("fuzzy") if "fuzzy" in state else m)
    po = Catalog(headers=(("Language", "en"),), messages=tuple(messages))
    new = draw(st.lists(_ids, unique=True, max_size=6))
    template = Catalog(headers=(("Project-Id-Version", "a"),), messages=tuple(Message(t) for t in new))
    return po, template


@FAST
@given(_po_and_template())
def test_merge_keeps_every_reviewed_translation_and_is_stable(case: tuple[Catalog, Catalog]) -> None:
    po, template = case
    merged, _ = merge(template, po, "en")
    wanted = {m.msgid for m in template.messages}
    assert [m.msgid for m in merged.messages if not m.obsolete] == [m.msgid for m in template.messages]
    for old in po.messages:
        if not old.reviewed:
            continue
        same = [m for m in merged.messages if m.msgid == old.msgid]
        assert len(same) == 1, (old, merged)
        new = same[0]
        assert new.msgstr == old.msgstr and new.reviewed, (old, new)
        assert new.obsolete == (old.msgid not in wanted), (old, new)
    again, _ = merge(template, merged, "en")
    assert again == merged  # a second update changes nothing
    assert read_po(write_po(merged)) == merged


# --- restore survives any engine output ---------------------------------------------------------

ELEMENTS = (
    Element("fn1", ElementKind.FOOTNOTE, "1"),
    Element("url1", ElementKind.URL, "https://exemple.fr"),
    Element("code1", ElementKind.CODE, "x = 1"),
    Element("em1", ElementKind.EMPHASIS),
    Element("link1", ElementKind.LINK, "https://exemple.fr"),
)
_word = st.sampled_from(["chat", "l’été", "a & b", "x < y", "{{", "}}", "»", " ", ".", "Zapad", "é\u0301"])


@st.composite
def _source_text(draw) -> str:
    """Placeholder text using each standalone element at most once, spans properly nested."""
    names = draw(st.lists(st.sampled_from(["{fn1}", "{url1}", "{code1}"]), unique=True))
    parts = [draw(_word) for _ in range(draw(st.integers(0, 3)))]
    for name in names:
        parts.insert(draw(st.integers(0, len(parts))), name)
    for span in draw(st.lists(st.sampled_from(["em1", "link1"]), unique=True)):
        i = draw(st.integers(0, len(parts)))
        j = draw(st.integers(i, len(parts)))
        parts = parts[:i] + ["{" + span + "}"] + parts[i:j] + ["{/" + span + "}"] + parts[j:]
    return "".join(parts)


# Tags as an engine may mangle them (quotes, spaces), read as what they are: x1, g2, /g.
_TAG = re.compile(r"""<\s*([xg])\s+id\s*=\s*["']?(\d+)["']?\s*/?\s*>|<\s*/\s*g\s*>""")


def _tags(engine_text: str) -> list[str]:
    return sorted(m.group(1) + m.group(2) if m.group(1) else "/g" for m in _TAG.finditer(engine_text))
_MANGLE = [
    lambda t: t,
    lambda t: t.replace('"', "'"),
    lambda t: t.replace("<", "< ").replace("/>", " />"),
    lambda t: t.replace(' id="', " id="),
    lambda t: "",
    lambda t: t + t,
    lambda t: t.replace('id="1"', 'id="9"'),
]


@settings(max_examples=200, deadline=None)
@given(_source_text(), st.data())
def test_restore_accounts_for_every_element_whatever_the_engine_does(text: str, data) -> None:
    p = protect(text, ELEMENTS, ("Zapad",))
    pieces = re.split(r"(<[^<>]*>)", p.text)  # protect writes tags exactly: <x id="1"/>, <g id="2">, </g>
    # the engine rewrites words, mangles some tags, and shuffles the pieces in place
    out = []
    for piece in pieces:
        if piece.startswith("<"):
            out.append(data.draw(st.sampled_from(_MANGLE))(piece))
        else:
            out.append(data.draw(st.sampled_from([piece, piece.upper(), "", piece + " ", "&lt;b&gt;"])))
    out = data.draw(st.permutations(out)) if data.draw(st.booleans()) else out
    extra = data.draw(st.sampled_from(["", '<x id="7"/>', "</g>", '<g id="2">', "<br/>", "&amp;"]))
    engine_output = "".join(out) + extra

    r = restore(engine_output, p)
    tokens = tokenize(r.text)  # well-formed placeholder text
    got = placeholders(r.text)
    for tag in p.tags:
        if tag.span:
            assert got.count(tag.name) <= 1 and got.count(tag.name) == got.count("/" + tag.name), (engine_output, r)
            if tag.name in got:
                assert got.index(tag.name) < got.index("/" + tag.name)
        elif not tag.term:
            assert got.count(tag.name) == 1, (engine_output, r)  # never lost, never doubled
    assert set(got) <= {n for n in placeholders(text)}, (engine_output, r)  # nothing invented
    if _tags(engine_output) != _tags(p.text):
        assert r.problems, (engine_output, r)  # any tag damage is reported for review
    assert all(isinstance(t, (str, Placeholder)) for t in tokens)
