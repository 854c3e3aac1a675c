"""Markdown reader: blocks from markdown-it-py tokens, inline markup as protected elements."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot.errors import InputError
from polyglot.model import BlockKind, ElementKind
from polyglot.readers import read_document
from polyglot.readers.markdown import parse_markdown
from polyglot.readers.text import plain_text

SAMPLE = Path(__file__).parent / "data" / "sources" / "ok" / "sample.md"
NBSP = "\u00a0"
H, P, L = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM
T, N = BlockKind.TITLE, BlockKind.NOTE


@pytest.fixture(scope="module")
def sample():
    pytest.importorskip("mdit_py_plugins")
    return read_document(SAMPLE.read_bytes(), name="sample", path="docs/sample.md", language="fr")


def test_sample_block_structure(sample):
    got = [(b.kind, b.line, b.level, b.list_id, b.ordered) for b in sample.blocks]
    assert got == [
        (T, 2, 1, None, False),  # the front matter's title
        (H, 5, 1, None, False),
        (P, 7, 0, None, False),
        (P, 10, 0, None, False),
        (H, 15, 2, None, False),
        (L, 17, 1, 1, False),
        (L, 18, 1, 1, False),
        (L, 19, 2, 2, False),
        (L, 20, 2, 2, False),
        (L, 21, 1, 1, False),
        (L, 23, 1, 3, True),
        (L, 24, 1, 3, True),
        (P, 26, 1, 3, True),  # second paragraph of an item: keeps the item's list
        (P, 28, 0, None, False),  # block quote
        (N, 40, 0, None, False),  # footnote definition
    ]
    texts = [b.text for b in sample.blocks]
    # Code blocks, fences, HTML blocks and thematic breaks are not translatable.
    assert not any("echo" in t or "code indenté" in t or "bloc HTML" in t for t in texts)


def test_sample_inline_elements(sample):
    heading, para, links = sample.blocks[1:4]
    assert heading.text == "Zapad 2025 : {em1}bilan{/em1}"
    assert para.text == (
        f"L’exercice s’est achevé hier, mardi 16. Selon le Kremlin, plus de 100{NBSP}000 militaires\n"
        "ont participé aux {strong1}manœuvres{/strong1}{fn1}."
    )
    assert links.text == (
        "Voir {link1}le communiqué{/link1} et {url1},\n"
        "ou écrire à {email1} ou à {email2}.\n"
        "Le code {code1} et l’image {code2} restent tels quels, comme {code3}OTAN{code4}\n"
        "et les accolades {{littérales}} (voir {url2})."
    )
    assert [(e.name, e.kind, e.value) for e in links.elements] == [
        ("link1", ElementKind.LINK, "https://example.org/zapad_(2025)"),
        ("url1", ElementKind.URL, "https://www.example.org/a?b=c"),
        ("email1", ElementKind.EMAIL, "presse@example.org"),
        ("email2", ElementKind.EMAIL, "contact@example.fr"),
        ("code1", ElementKind.CODE, "{x}"),
        ("code2", ElementKind.CODE, '![carte](carte.png "Carte")'),
        ("code3", ElementKind.CODE, "<abbr>"),
        ("code4", ElementKind.CODE, "</abbr>"),
        ("url2", ElementKind.URL, "https://fr.wikipedia.org/wiki/Zapad_(exercice)"),
    ]


def test_sample_footnotes_share_one_numbering(sample):
    notes = [(b.line, e.name, e.value) for b in sample.blocks for e in b.elements if e.kind is ElementKind.FOOTNOTE]
    # no-break-space marker, then [^obs], then a marker that must be number 3
    assert notes == [(7, "fn1", "1"), (18, "fn2", "obs"), (28, "fn3", "3")]
    assert sample.blocks[6].text == "Bélarus, avec une note{fn2}."
    assert sample.blocks[-1].text == "Des observateurs de {em1}17 pays{/em1}."


def test_plain_text_drops_markup_keeps_values(sample):
    links = sample.blocks[3]
    assert plain_text(links.text, links.elements).startswith(
        "Voir le communiqué et https://www.example.org/a?b=c,\nou écrire à presse@example.org"
    )
    assert "les accolades {littérales} (voir https://fr.wikipedia.org/wiki/Zapad_(exercice))." in plain_text(
        links.text, links.elements
    )


def test_setext_heading_escapes_entities_and_crlf():
    md = "Titre\r\n=====\r\n\r\nUn \\*astérisque\\* &amp; *un {mot}*.\r\n"
    doc = read_document(md.encode(), name="d", path="d.md", language="fr")
    assert [(b.kind, b.level, b.line, b.text) for b in doc.blocks] == [
        (H, 1, 1, "Titre"),
        (P, 0, 4, "Un *astérisque* & {em1}un {{mot}}{/em1}."),
    ]


def test_nested_spans_and_hard_break():
    (block,) = parse_markdown("**Gras et *italique* [lien](http://a.fr)**\\\nfin")
    assert block.text == "{strong1}Gras et {em1}italique{/em1} {link1}lien{/link1}{/strong1}\nfin"
    assert [e.name for e in block.elements] == ["strong1", "em1", "link1"]


def test_tight_and_loose_lists_and_ordered_restart():
    blocks = parse_markdown("- a\n- b\n\ntexte\n\n3. c\n\n4. d\n\n- e\n")
    assert [(b.kind, b.text, b.list_id, b.ordered) for b in blocks] == [
        (L, "a", 1, False),
        (L, "b", 1, False),
        (P, "texte", None, False),
        (L, "c", 2, True),
        (L, "d", 2, True),
        (L, "e", 3, False),
    ]


def test_blank_document_is_an_input_error():
    from polyglot.errors import InputError

    with pytest.raises(InputError, match=r"^d\.md: no translatable text found$"):
        read_document(b"<!-- comment -->\n", name="d", path="d.md", language="fr")


def test_footnote_reference_syntax():
    pytest.importorskip("mdit_py_plugins")
    blocks = parse_markdown("Un[^a] deux[^b] encore[^a].\n\n[^a]: Note A.\n[^b]: Note B.\n")
    assert blocks[0].text == "Un{fn1} deux{fn2} encore{fn1}."
    assert [(e.name, e.value) for e in blocks[0].elements] == [("fn1", "a"), ("fn2", "b")]
    assert [b.text for b in blocks[1:]] == ["Note A.", "Note B."]


@pytest.mark.parametrize("depth", [10, 12, 20, 28])
@pytest.mark.parametrize("indent", ["  ", "    "])
def test_deeply_nested_list_keeps_its_deepest_item(depth: int, indent: str) -> None:
    text = "".join(f"{indent * i}- item {i}\n" for i in range(depth))
    blocks = parse_markdown(text)
    assert [b.text for b in blocks] == [f"item {i}" for i in range(depth)]
    assert blocks[-1].level == depth


@pytest.mark.parametrize(
    "text, line",
    [
        ("".join(f"{'  ' * i}- item {i}\n" for i in range(40)), 29),
        ("Intro.\n\n" + "> " * 80 + "deep\n", 3),
    ],
)
def test_nesting_beyond_the_limit_is_refused_never_dropped(text: str, line: int) -> None:
    with pytest.raises(InputError, match="nested too deeply") as info:
        parse_markdown(text)
    assert info.value.line is not None and info.value.line >= line - 1
