"""Plain-text reader: blocks, lists, footnote markers, URLs and e-mails, and the way back to text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot.inline import placeholders
from polyglot.model import BlockKind, ElementKind
from polyglot.readers import read_document
from polyglot.readers.scan import Footnotes, find_inline, trim_url
from polyglot.readers.text import parse_text, plain_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "zapad-2025.fr.txt"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def seed():
    data = SEED.read_bytes()
    return data.decode("utf-8"), read_document(data, name="zapad-2025", path="seeds/zapad-2025.fr.txt", language="fr")


def test_seed_blocks_kinds_lines_and_lists(seed):
    _, doc = seed
    assert doc.path == "seeds/zapad-2025.fr.txt" and doc.name == "zapad-2025" and doc.language == "fr"
    layout = [(b.kind, b.line, b.list_id, b.level) for b in doc.blocks]
    P, L = BlockKind.PARAGRAPH, BlockKind.LIST_ITEM
    assert layout == [
        (P, 1, None, 0), (P, 3, None, 0),
        (L, 5, 1, 1), (L, 6, 1, 1),
        (L, 8, 2, 1),  # a blank line ends a list: "consecutive items form one list"
        (P, 10, None, 0),
        (L, 12, 3, 1), (L, 13, 3, 1),
        (P, 15, None, 0),
        (L, 17, 4, 1), (L, 18, 4, 1),
        (P, 20, None, 0),
        (L, 22, 5, 1), (L, 23, 5, 1),
    ]
    assert all(b.segments == () for b in doc.blocks)
    assert not any(b.ordered for b in doc.blocks)


def test_seed_footnotes_numbered_1_to_4_where_expected(seed):
    _, doc = seed
    found = [(b.line, e.name, e.value) for b in doc.blocks for e in b.elements]
    assert found == [(6, "fn1", "1"), (12, "fn2", "2"), (17, "fn3", "3"), (18, "fn4", "4")]
    by_line = {b.line: b.text for b in doc.blocks}
    assert by_line[6].endswith("pour l’invitation{fn1}.")
    assert by_line[12].endswith(f"«{NBSP}normaliser les relations bilatérales{NBSP}»{{fn2}}.")
    assert by_line[17].endswith("sans préciser de date{fn3}.")
    assert by_line[18].endswith(f"à l’avenir{NBSP}»{{fn4}}.")
    # The date "mardi 16." and the number "100 000" stay text.
    assert "hier, mardi 16. Selon" in by_line[1] and "plus de 100 000 militaires" in by_line[1]
    assert not any(placeholders(b.text) for b in doc.blocks if b.line not in (6, 12, 17, 18))


def test_seed_plain_text_reproduces_every_source_block(seed):
    source, doc = seed
    lines = source.split("\n")
    for block in doc.blocks:
        expected = lines[block.line - 1]
        if block.kind is BlockKind.LIST_ITEM:
            assert expected.startswith("  • ")
            expected = expected[4:]
        assert plain_text(block.text, block.elements) == expected
    # Nothing else in the source: every non-blank line is one block.
    assert sum(1 for line in lines if line.strip()) == len(doc.blocks) == 14


def test_paragraph_lines_kept_and_layout_spaces_dropped():
    blocks = parse_text("  First line, \nsecond line.\t\n\n\nNext.  ")
    assert [(b.text, b.line) for b in blocks] == [("First line,\nsecond line.", 1), ("Next.", 5)]


def test_bullets_markers_continuation_and_nesting():
    text = (
        "Intro:\n"
        "- one\n"
        "  continued\n"
        "* two\n"
        "    • nested a\n"
        "    • nested b\n"
        "• three\n"
        "Not indented: a paragraph.\n"
    )
    blocks = parse_text(text)
    got = [(b.kind.value, b.text, b.line, b.level, b.list_id) for b in blocks]
    assert got == [
        ("paragraph", "Intro:", 1, 0, None),
        ("list-item", "one\ncontinued", 2, 1, 1),
        ("list-item", "two", 4, 1, 1),
        ("list-item", "nested a", 5, 2, 2),
        ("list-item", "nested b", 6, 2, 2),
        ("list-item", "three", 7, 1, 1),
        ("paragraph", "Not indented: a paragraph.", 8, 0, None),
    ]


def test_ordered_items_only_at_block_start_or_after_items():
    blocks = parse_text("1. Un\n2) Deux\n- puce\n\nLe chiffre\n2. ne commence pas une liste ici.")
    assert [(b.kind, b.ordered, b.list_id) for b in blocks] == [
        (BlockKind.LIST_ITEM, True, 1),
        (BlockKind.LIST_ITEM, True, 1),
        (BlockKind.LIST_ITEM, False, 2),
        (BlockKind.PARAGRAPH, False, None),
    ]
    assert blocks[-1].text == "Le chiffre\n2. ne commence pas une liste ici."


def test_marker_without_space_is_text():
    assert [b.kind for b in parse_text("-5 degrés.\n*important*")] == [BlockKind.PARAGRAPH]


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"fin de phrase{NBSP}1.", ["1"]),
        (f"fin{NBSP}»{NBSP}1.", ["1"]),
        (f"fin{NBSP}1", ["1"]),
        (f"fin (voir note{NBSP}1)", ["1"]),
        ("le mardi 1.", []),  # ordinary space
        (f"plus de 100{NBSP}000 soldats.", []),  # thousands separator
        (f"{NBSP}1.", []),  # nothing before it
        (f"Zapad{NBSP}2025.", []),  # not the next footnote number
        (f"fin{NBSP}2.", []),  # out of sequence
        (f"article{NBSP}1 du code", []),  # not at a sentence end
        (f"un{NBSP}1. deux{NBSP}2. trois{NBSP}2.", ["1", "2"]),
    ],
)
def test_footnote_marker_rules(text, expected):
    found = [m.value for m in find_inline(text, Footnotes()) if m.kind is ElementKind.FOOTNOTE]
    assert found == expected


@pytest.mark.parametrize(
    "raw, url",
    [
        ("https://example.org/a.", "https://example.org/a"),
        ("https://example.org/a?b=1&c=2,", "https://example.org/a?b=1&c=2"),
        ("https://fr.wikipedia.org/wiki/Zapad_(exercice))", "https://fr.wikipedia.org/wiki/Zapad_(exercice)"),
        ("www.example.org/»", "www.example.org/"),
        ("http://x.org/path…", "http://x.org/path"),
    ],
)
def test_trim_url(raw, url):
    assert trim_url(raw) == url


def test_urls_emails_and_braces_in_a_block():
    text = "Voir https://example.org/a_(b) (ou www.ex.fr), écrire à jean.dupont+zapad@exemple.gouv.fr. {x}"
    (block,) = parse_text(text)
    assert block.text == "Voir {url1} (ou {url2}), écrire à {email1}. {{x}}"
    assert [(e.name, e.value) for e in block.elements] == [
        ("url1", "https://example.org/a_(b)"),
        ("url2", "www.ex.fr"),
        ("email1", "jean.dupont+zapad@exemple.gouv.fr"),
    ]
    assert plain_text(block.text, block.elements) == text


def test_footnote_numbering_runs_across_blocks():
    blocks = parse_text(f"Un{NBSP}1.\n\n- Deux{NBSP}2.\n- Un autre{NBSP}1.\n\nTrois{NBSP}3.")
    assert [[e.name for e in b.elements] for b in blocks] == [["fn1"], ["fn2"], [], ["fn3"]]


_LINE = st.text(alphabet="aéZ ,.:/@-{}«»’()0129" + NBSP, min_size=1, max_size=30).map(lambda s: s.strip(" \t"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_LINE, min_size=1, max_size=3), min_size=1, max_size=4))
def test_plain_text_rebuilds_paragraphs(paragraphs):
    paragraphs = [[ln for ln in p if ln.strip() and not _looks_like_item(ln)] for p in paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return
    source = "\n\n".join("\n".join(p) for p in paragraphs)
    blocks = parse_text(source)
    assert [plain_text(b.text, b.elements) for b in blocks] == ["\n".join(p) for p in paragraphs]


def _looks_like_item(line: str) -> bool:
    import re

    return re.match(r"[•*-][ \t]+\S|[0-9]{1,3}[.)][ \t]+\S", line) is not None
