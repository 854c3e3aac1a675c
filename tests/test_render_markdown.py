"""Markdown and plain-text exports: block structure kept, literal text never turns into markup."""

from __future__ import annotations

import lxml.html
import pytest
import render_samples as s
from markdown_it import MarkdownIt

from polyglot.inline import escape
from polyglot.model import BlockKind
from polyglot.render import to_markdown, to_text
from polyglot.render.bitext import align
from polyglot.render.markdown import inline_md

EXPECTED_EN_MD = """\
# Zapad 2025: an exercise reviewed

The Zapad 2025 military exercise ended yesterday. According to the Kremlin, more than 100,000 troops took part\u00a01. The report is *very* detailed.

## Foreign observers

- See [the statement](<https://example.org/a?b=1&c=2>) and <https://example.org/zapad>.
- The command `a < b && c` was quoted.
    - A nested item. Il a deux phrases.

1. First point.
2. Second point.

Fin de l’article.
"""


def blocks(entries=s.EN, doc=None):
    return align(doc or s.document(), s.catalog(entries) if entries is not None else None)


def test_markdown_golden():
    assert to_markdown(blocks(), "tgt", "en") == EXPECTED_EN_MD


def test_markdown_parses_back_to_the_structure():
    html = MarkdownIt("commonmark").render(to_markdown(blocks(), "tgt", "en"))
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    assert [h.text_content() for h in tree.xpath("//h1|//h2")] == [
        "Zapad 2025: an exercise reviewed", "Foreign observers",
    ]
    assert [li.text for li in tree.xpath("//ol/li")] == ["First point.", "Second point."]
    assert tree.xpath("//ul/li/ul/li")[0].text == "A nested item. Il a deux phrases."
    assert tree.xpath("//a")[0].get("href") == "https://example.org/a?b=1&c=2"
    assert tree.xpath("//code")[0].text == "a < b && c"
    assert tree.xpath("//em")[0].text == "very"


def test_plain_text_golden():
    text = to_text(blocks(), "tgt", "en")
    assert text.startswith("Zapad 2025: an exercise reviewed\n================================\n\n")
    assert "took part[1]." in text
    assert "- See the statement (https://example.org/a?b=1&c=2) and https://example.org/zapad." in text
    assert "\n    - A nested item. Il a deux phrases.\n" in text
    assert "\n1. First point.\n2. Second point.\n" in text
    assert "Foreign observers\n-----------------\n" in text


def test_source_side():
    md = to_markdown(blocks(None), "src", "fr")
    assert md.startswith("# Zapad 2025 : bilan d’un exercice\n")
    # A marker without a note keeps its plain-text form, not a dangling [^1].
    assert "pris part\u00a01." in md and "[^" not in md and "Le rapport est *très* détaillé." in md


@pytest.mark.parametrize(
    "literal",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "{{ 7*7 }}",
        "*not emphasis* and _this_ [not](a link) `code` &amp; # ~~x~~ | a \\ b",
        "- not a list",
        "1. not a list",
        "+ neither",
        "=== not a rule",
    ],
)
def test_literals_stay_text(literal):
    doc = s.Document("d", "d.txt", "fr", (s.block(BlockKind.PARAGRAPH, escape(literal)),))
    md = to_markdown(align(doc, None), "src", "fr")
    html = MarkdownIt("commonmark").render(md)
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    assert [e.tag for e in tree.iter()] == ["div", "p"], html
    assert tree.text_content().strip() == literal
    assert to_text(align(doc, None), "src", "fr") == literal + "\n"


def test_code_with_backticks_and_unbalanced_spans():
    el = s.Element("code1", s.ElementKind.CODE, "a `b` c")
    assert inline_md("x {code1} y", (el,)) == "x ``a `b` c`` y"
    em = s.Element("em1", s.ElementKind.EMPHASIS)
    assert inline_md("{/em1}a {em1}b", (em,)) == "{/em1}a *b*"
    bad = s.Element("link1", s.ElementKind.LINK, "javascript:alert(1)")
    assert inline_md("{link1}x{/link1}", (bad,)) == "x"


def test_draft_exports_say_so_at_the_top():
    from polyglot.render import render_site

    files = render_site([s.document()], s.catalogs(), s.config(threshold=90), date=s.DATE)
    md, txt = files["exports/zapad.en.md"].decode(), files["exports/zapad.en.txt"].decode()
    assert md.startswith("> Draft: ") and txt.startswith("Draft: ")
    assert files["exports/zapad.es.md"].startswith(b"# ")  # all reviewed: no notice
