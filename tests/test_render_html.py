"""The site as files: layout, bilingual and monolingual page structure, index, threshold, escaping, writing."""

from __future__ import annotations

import json

import os
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
import render_samples as s
from babel import Locale
from babel.dates import format_date
from render_samples import select as CSS

from polyglot.errors import InputError
from polyglot.inline import escape
from polyglot.model import Element, ElementKind
from polyglot.render import render_site, write_site
from polyglot.render.inline_html import safe_href, to_html


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    return render_site([s.document()], s.catalogs(), s.config(), date=s.DATE)


def page(files: dict[str, bytes], path: str):
    return lxml.html.fromstring(files[path])


def test_layout_and_determinism(site):
    expected = {
        "index.html", "index.en.html", "index.es.html", "index.ar.html",
        "zapad/fr.mono.html", "assets/polyglot.css", "assets/polyglot.js",
        "exports/zapad.fr.md", "exports/zapad.fr.txt",
    }
    for lang in ("en", "es", "ar"):
        expected |= {
            f"zapad/{lang}.html", f"zapad/{lang}.mono.html", f"exports/zapad.fr-{lang}.tmx",
            f"exports/zapad.{lang}.md", f"exports/zapad.{lang}.txt", f"exports/zapad.fr-{lang}.epub",
        }
    assert set(site) == expected
    again = render_site([s.document()], s.catalogs(), s.config(), date=s.DATE)
    assert again == site
    assert list(again) == sorted(again)


def test_bilingual_pairs_share_ids_and_carry_lang(site):
    doc = page(site, "zapad/en.html")
    assert doc.get("lang") == "en"
    src = CSS(doc, ".cell.src .seg")
    tgt = CSS(doc, ".cell.tgt .seg")
    assert [e.get("data-seg") for e in src] == [e.get("data-seg") for e in tgt]
    assert len(src) == sum(len(b.segments) for b in s.document().blocks) == 12
    assert all(e.get("tabindex") == "0" for e in src + tgt)
    assert {e.get("lang") for e in src} == {"fr"}
    for cell in CSS(doc, ".cell"):
        assert cell.get("lang") in ("fr", "en")
    by_id = {e.get("data-seg"): e for e in tgt}
    # p2 is machine, li3b and the last paragraph untranslated (source shown, in French).
    assert "machine" in by_id["b2s2"].classes
    assert by_id["b6s2"].get("lang") == "fr" and "untranslated" in by_id["b6s2"].classes
    assert by_id["b6s2"].text_content() == "Il a deux phrases."
    assert not ({"machine", "untranslated"} & set(by_id["b2s1"].classes))
    # Structure kept: headings, paragraphs, lists (ordered with numbers), footnote as <sup>.
    assert [h.tag for h in CSS(doc, ".cell.tgt") if h.tag.startswith("h")] == ["h1", "h2"]
    assert [li.get("value") for li in CSS(doc, "ol.cell.tgt > li")] == ["1", "2"]
    assert len(CSS(doc, "ul.cell.tgt > li")) == 3
    assert CSS(by_id["b2s2"], "sup.fn")[0].text == "1"
    assert CSS(by_id["b4s1"], "a.link")[0].get("href") == "https://example.org/a?b=1&c=2"
    assert CSS(doc, "body")[0].get("class").split() == ["bilingual", "layout-side", "marks"]
    legend = CSS(doc, ".legend li")
    assert [li.text_content() for li in legend] == [
        "Machine translation, not yet reviewed",
        "Not yet translated: the original is shown",
    ]


def test_rtl_target_and_language_links(site):
    doc = page(site, "zapad/ar.html")
    cell = CSS(doc, ".cell.tgt")[0]
    assert (cell.get("lang"), cell.get("dir")) == ("ar", "rtl")
    fallback = CSS(doc, '.cell.tgt .seg[data-seg="b2s2"]')[0]
    assert (fallback.get("lang"), fallback.get("dir")) == ("fr", "ltr")
    links = CSS(doc, ".langs a")
    assert [(a.get("hreflang"), a.get("href"), a.text) for a in links] == [
        ("fr", "fr.mono.html", cldr_name("fr", "fr")),
        ("en", "en.html", cldr_name("en", "en")),
        ("es", "es.html", cldr_name("es", "es")),
        ("ar", "ar.html", cldr_name("ar", "ar")),
    ]
    assert CSS(doc, '.langs a[aria-current="page"]')[0].get("hreflang") == "ar"


def cldr_name(code: str, reader: str) -> str:
    """A language's name as CLDR (babel, at run time) gives it, capitalised for a label."""
    name = Locale.parse(code).get_display_name(Locale.parse(reader))
    return name[:1].upper() + name[1:]


def test_reader_language_names_and_dates(site):
    es = page(site, "zapad/es.html")
    assert es.get("lang") == "es"
    assert format_date(s.DATE, "long", locale="es") in CSS(es, ".built")[0].text
    assert [b.text for b in CSS(es, "[data-layout]")] == [
        "En paralelo", "Interlineal", f"Solo {cldr_name('fr', 'es')}", f"Solo {cldr_name('es', 'es')}",
    ]
    fr_index = page(site, "index.html")
    assert fr_index.get("lang") == "fr"
    assert [th.text for th in CSS(fr_index, "thead th")] == ["Document", *(cldr_name(c, "fr") for c in ("en", "es", "ar"))]
    assert format_date(s.DATE, "long", locale="fr") in CSS(fr_index, ".built")[0].text


def test_index_shares_reviewed(site):
    doc = page(site, "index.en.html")
    cells = CSS(doc, "tbody td")
    meters = [CSS(td, "meter")[0].get("value") for td in cells]
    assert meters[1] == "100.0"  # Spanish: everything reviewed
    assert 0 < float(meters[0]) < 100 and float(meters[2]) < float(meters[0])
    assert CSS(cells[0], "a.pct")[0].get("href") == "zapad/en.html"
    assert CSS(cells[0], "a.pct")[0].get("hreflang") == "en"
    # Each index lists the titles in its own language, linking to that language's page.
    assert CSS(doc, "tbody th a")[0].text == "Zapad 2025: an exercise reviewed"
    assert CSS(doc, "tbody th a")[0].get("href") == "zapad/en.html"
    assert CSS(page(site, "index.html"), "tbody th a")[0].text == "Zapad 2025 : bilan d’un exercice"


def test_monolingual_pages(site):
    doc = page(site, "zapad/en.mono.html")
    article = CSS(doc, "article")[0]
    assert article.get("lang") == "en"
    assert CSS(doc, "article h1")[0].text_content() == "Zapad 2025: an exercise reviewed"
    assert len(CSS(doc, "article ul > li")) == 3
    assert "untranslated" in CSS(CSS(doc, "article p")[-1], ".seg")[0].classes
    assert not CSS(doc, "[tabindex]")
    fr = page(site, "zapad/fr.mono.html")
    assert fr.get("lang") == "fr" and not CSS(fr, ".legend")
    assert "Fin de l’article." in fr.text_content()


def test_threshold_omit_and_mark():
    cfg = s.config(threshold=50, below="omit")
    files = render_site([s.document()], s.catalogs(), cfg, date=s.DATE)
    assert "zapad/ar.html" not in files and "exports/zapad.fr-ar.tmx" not in files
    assert "zapad/es.html" in files and "zapad/en.html" in files
    index = page(files, "index.html")
    assert "Pas encore publié" in CSS(index, "tbody td")[2].text_content()
    assert "ar.html" not in files["zapad/en.html"].decode()

    files = render_site([s.document()], s.catalogs(), s.config(threshold=50, below="mark"), date=s.DATE)
    banner = CSS(page(files, "zapad/ar.html"), ".banner")
    assert banner and "Draft" in banner[0].text
    assert not CSS(page(files, "zapad/es.html"), ".banner")


def test_hostile_text_is_escaped():
    doc, cat = s.hostile()
    files = render_site([doc], {("hostile", "en"): cat}, s.config(targets=("en",)), date=s.DATE)
    for path in ("hostile/en.html", "hostile/en.mono.html", "hostile/fr.mono.html", "index.html"):
        html = files[path].decode()
        tree = lxml.html.fromstring(files[path])
        scripts = CSS(tree, "script")
        assert [sc.get("src") for sc in scripts if sc.get("src")] == ["../assets/polyglot.js" if "/" in path else "assets/polyglot.js"]
        for data in (sc for sc in scripts if not sc.get("src")):  # the JSON-LD: data, never code
            assert data.get("type") == "application/ld+json"
            assert json.loads(data.text)["@type"] == "Article"
            assert "<" not in data.text and ">" not in data.text
        assert not CSS(tree, "img") and not CSS(tree, "b")
        assert "javascript:" not in html
        assert not [e for e in tree.iter() if any(a.startswith("on") for a in e.attrib)]
        assert "49" not in html
    text = lxml.html.fromstring(files["hostile/en.html"]).text_content()
    for payload in s.PAYLOADS:
        assert payload in text
    assert '<b onmouseover="alert(2)">x</b>' in text


@pytest.mark.parametrize(
    "msgstr",
    [
        "{em1}open only",
        "close only{/em1}",
        "{em1}crossed {link1}spans{/em1} here{/link1}",
        "{link1}a {link1}twice{/link1}",
        "{url1} inside {link1}link {url1}{/link1} {unknown3} {{ }}",
    ],
)
def test_mangled_placeholders_stay_well_formed(msgstr):
    elements = (
        Element("em1", ElementKind.EMPHASIS),
        Element("link1", ElementKind.LINK, "https://e.org/?a=1&b=2"),
        Element("url1", ElementKind.URL, "https://e.org"),
    )
    html = to_html(msgstr, elements)
    root = lxml.etree.fromstring(f"<div>{html}</div>".encode())
    assert not root.xpath(".//a//a")
    assert "{unknown3}" not in msgstr or "{unknown3}" in root.xpath("string()")


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://e.org", True), ("mailto:a@b.c", True), ("page.html#x", True), ("#top", True),
        ("javascript:alert(1)", False), (" JaVa\tScRiPt:alert(1)", False), ("data:text/html,x", False),
        ("vbscript:x", False),
    ],
)
def test_safe_href(url, safe):
    assert (safe_href(url) is not None) is safe


def test_write_site(tmp_path: Path):
    files = {"a/b/c.html": b"1", "index.html": b"2"}
    out = tmp_path / "build"
    assert write_site(files, out) == ["a/b/c.html", "index.html"]
    assert (out / "a/b/c.html").read_bytes() == b"1"
    before = (out / "index.html").stat().st_mtime_ns
    os.utime(out / "index.html", ns=(before - 10**9, before - 10**9))
    assert write_site(files, out) == []
    assert (out / "index.html").stat().st_mtime_ns == before - 10**9
    assert write_site({**files, "index.html": b"3"}, out) == ["index.html"]
    assert sorted(p.name for p in out.iterdir()) == ["a", "index.html"]  # no temporary file left


@pytest.mark.parametrize("bad", ["../x.html", "/etc/x", "a/../../x", "link/x.html"])
def test_write_site_refuses_escapes(tmp_path: Path, bad):
    out = tmp_path / "build"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(InputError):
        write_site({"ok.html": b"x", bad: b"x"}, out)
    assert not (out / "ok.html").exists()  # nothing written when one path is bad
    assert not list((tmp_path / "elsewhere").iterdir())


def test_document_name_must_be_a_folder_name():
    doc = s.document("../evil")
    with pytest.raises(InputError):
        render_site([doc], {}, s.config(), date=s.DATE)


def test_braces_round_trip_in_html():
    html = to_html(escape("{{ 7*7 }} {fn1}"), ())
    assert html == "{{ 7*7 }} {fn1}"


def test_outdated_is_marked_apart_with_the_previous_source_escaped():
    from dataclasses import replace as _replace

    cat = s.catalog(s.EN)
    previous = "Le rapport est <b>très</b> détaillé & \"complet\"."
    messages = tuple(
        _replace(m, flags=("fuzzy",), previous_msgid=escape(previous)) if m.msgid == s.msgid("p3") else m
        for m in cat.messages
    )
    files = render_site([s.document()], {("zapad", "en"): _replace(cat, messages=messages)}, s.config(("en",)), date=s.DATE)
    tree = page(files, "zapad/en.html")
    old = CSS(tree, ".tgt .seg.outdated")
    assert len(old) == 1 and "machine" not in old[0].get("class")
    assert old[0].get("tabindex") == "0" and previous in old[0].get("title")
    assert b"<b>tr" not in files["zapad/en.html"]
    assert CSS(tree, ".legend .swatch.outdated")
    css = files["assets/polyglot.css"].decode()
    assert ".seg.outdated[title]:focus::after" in css and "attr(title)" in css


def test_site_bytes_do_not_depend_on_the_number_of_workers():
    """Documents rendered by two processes give exactly the files one process gives."""
    docs = [s.document("zapad"), s.document("second")]
    cats = {**s.catalogs("zapad"), **s.catalogs("second")}
    one = render_site(docs, cats, s.config(), date=s.DATE, workers=1)
    two = render_site(docs, cats, s.config(), date=s.DATE, workers=2)
    assert one == two and any(p.startswith("second/") for p in two)
