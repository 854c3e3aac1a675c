"""A Markdown article with front matter and footnotes, built end to end (pseudo engine).

Titles and metadata reach the template, the pages' heads and the index; footnotes
get their own entries, link both ways in every view, and stay valid Markdown in
every language's export.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import lxml.html
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from polyglot.pofile import read_po
from test_browser import Page, browser  # noqa: F401  (browser: the Chromium fixture)
from test_cli import run

ARTICLE = Path(__file__).parent / "data" / "articles" / "notes.fr.md"
CONFIG = """\
[project]
source_language = "fr"
target_languages = ["en", "es"]
[translate]
engine = "pseudo"
[publish]
threshold = 50
base_url = "https://example.org/site"
[[documents]]
name = "article"
path = "seeds/article.fr.md"
author = "Marie Dupont (config)"
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("article")
    (project / "seeds").mkdir()
    shutil.copy(ARTICLE, project / "seeds" / "article.fr.md")
    (project / "polyglot.toml").write_text(CONFIG, encoding="utf-8")
    code, out, err = run(project, "run")
    assert code == 0, err
    return project


def page(project: Path, rel: str):
    return lxml.html.fromstring((project / "build" / rel).read_bytes())


def test_title_and_notes_are_entries_with_comments(built):
    pot = read_po((built / "locales" / "article.pot").read_text(encoding="utf-8"))
    first, second = pot.active[:2]
    assert (first.msgid, first.auto_comments, first.locations) == (
        "Zapad 2025 : <le bilan>", ("title",), ("seeds/article.fr.md:2",)
    )
    assert second.auto_comments == ("subtitle",)
    notes = [m for m in pot.active if m.auto_comments[0].startswith("footnote")]
    assert [m.auto_comments[0] for m in notes] == [
        "footnote 1 [^bilan], paragraph 1, sentence 1 of 2",
        "footnote 1 [^bilan], paragraph 1, sentence 2 of 2",
        "footnote 1 [^bilan], paragraph 2",
        "footnote 2 [^chiffres], paragraph 1",
    ]


@pytest.mark.parametrize("rel", ["article/en.html", "article/en.mono.html", "article/fr.mono.html", "article/es.html"])
def test_note_links_go_both_ways(built, rel):
    doc = page(built, rel)
    ids = {e.get("id") for e in doc.iter() if e.get("id")}
    refs = doc.xpath("//sup[@class='fn']/a[@role='doc-noteref']")
    backs = doc.xpath("//a[@role='doc-backlink']")
    columns = 2 if rel.endswith("/en.html") or rel.endswith("/es.html") else 1
    assert len(refs) == 3 * columns and len(backs) == 2 * columns
    for a in refs + backs:
        assert a.get("href").startswith("#") and a.get("href")[1:] in ids, a.get("href")
    assert [a.text for a in refs[:3]] == ["1", "2", "1"]  # numbers, whatever the labels
    section = doc.xpath("//section[@role='doc-endnotes']")
    assert len(section) == 1


def test_head_metadata(built):
    doc = page(built, "article/en.html")
    assert doc.get("lang") == "en"
    assert doc.findtext(".//title") == "ZAPAD 2025: <LE BILAN> · Zapad 2025 : <le bilan>"
    assert doc.xpath("//link[@rel='canonical']/@href") == ["https://example.org/site/article/en.html"]
    alternates = dict(zip(doc.xpath("//link[@rel='alternate']/@hreflang"), doc.xpath("//link[@rel='alternate']/@href")))
    assert alternates["fr"] == "https://example.org/site/article/fr.mono.html"
    meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.xpath("//meta[@content]")}
    assert meta["og:type"] == "article" and meta["og:locale"] == "en"
    assert meta["author"] == "Marie Dupont (config)"  # polyglot.toml wins over the front matter
    assert "bilan" not in meta["description"].lower()  # footnote labels are not text
    data = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["@type"] == "Article" and data["datePublished"] == "2025-09-17"
    assert data["license"] == "CC BY 4.0" and data["isBasedOn"] == "https://example.org/zapad"
    assert data["translationOfWork"]["headline"] == "Zapad 2025 : <le bilan>"


def test_index_lists_titles_and_dates_not_slugs(built):
    index = page(built, "index.html")
    row = index.xpath("//tbody/tr/th")[0]
    assert row.xpath("a")[0].text == "Zapad 2025 : <le bilan>"
    assert "17 septembre 2025" in row.text_content() and "Marie Dupont" in row.text_content()
    assert "article" not in row.xpath("a")[0].text
    assert index.xpath("//meter")  # review progress per language


@pytest.mark.parametrize("lang", ["fr", "en", "es"])
def test_markdown_exports_keep_notes_valid(built, lang):
    text = (built / "build" / "exports" / f"article.{lang}.md").read_text(encoding="utf-8")
    md = MarkdownIt("commonmark").use(footnote_plugin)
    env: dict = {}
    tokens = md.parse(text, env)
    refs = [t for tok in tokens if tok.children for t in tok.children if t.type == "footnote_ref"]
    assert len(refs) == 3
    assert sorted(env["footnotes"]["refs"]) == [":bilan", ":chiffres"]  # every reference has its note
    html = lxml.html.fromstring(md.render(text))
    assert len(html.xpath("//section[contains(@class, 'footnotes')]//li")) == 2
    if lang == "en":
        assert text.startswith("> Draft: ")  # below the threshold: the export says so


def test_pages_pass_the_nu_checker(built):
    from test_html_validity import nu_errors

    pages = sorted(str(p) for p in (built / "build").rglob("*.html"))
    assert len(pages) == 3 + 5
    errors = nu_errors(pages)
    assert errors == [], json.dumps(errors, indent=1, ensure_ascii=False)[:4000]


@pytest.mark.browser
@pytest.mark.parametrize("layout", ["side", "inter", "tgt"])
def test_notes_work_in_chromium(browser, built, layout):
    """Reference → note → back in every view of the bilingual page; notes aligned side by side."""
    p = Page(browser, (built / "build" / "article" / "en.html").as_uri(), 1280)
    p.page.click(f"[data-layout={layout}]")
    side = "src" if layout == "side" else "tgt"
    p.page.click(f".cell.{side} #{side}-ref-fn2 a")
    assert p.page.evaluate("location.hash") == f"#{side}-fn2"
    note = p.page.locator(f"#{side}-fn2")
    assert note.is_visible() and note.evaluate("e => e.matches(':target')")
    assert 0 <= note.bounding_box()["y"] < 900  # scrolled into view
    if layout == "side":  # a note's translation starts level with its source
        src, tgt = p.page.locator("#src-fn2").bounding_box(), p.page.locator("#tgt-fn2").bounding_box()
        assert abs(src["y"] - tgt["y"]) <= 3 and tgt["x"] > src["x"] + 400
    p.page.click(f".cell.{side} a.fn-back[href='#{side}-ref-fn2']")
    assert p.page.evaluate("location.hash") == f"#{side}-ref-fn2"
    assert p.page.locator(f"#{side}-ref-fn2").is_visible()
    p.shot(f"article-notes-{layout}.png")
    # Printing keeps the draft banner (English is a draft here).
    p.page.emulate_media(media="print")
    assert p.page.locator(".banner").is_visible()
    p.close()


def test_every_link_of_the_site_leads_to_a_file(built):
    """Pages, downloads (TMX, Markdown, text, EPUB) and language switches: no dangling link."""
    out = built / "build"
    for html in out.rglob("*.html"):
        doc = page(built, str(html.relative_to(out)))
        for href in doc.xpath("//a/@href | //link[@rel='stylesheet']/@href | //script/@src"):
            if href.startswith(("#", "http")):
                continue
            assert (html.parent / href.split("#")[0]).resolve().is_file(), (html.name, href)
