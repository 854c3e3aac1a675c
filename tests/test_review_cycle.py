"""The review cycle end to end (issue 10): translate, review with a mistake, edit the source, run again.

A Markdown article (headings, lists, a footnote, a link, 45 sentences) is translated by
Apertium into English, Spanish and Catalan; German has no engine here. A reviewer then
accepts ten English entries and breaks one placeholder; the author edits three sentences,
deletes a paragraph, adds one and moves one; ``polyglot run`` again. Nothing broken is
published, outdated entries are counted and marked, machine entries of edited sentences
are translated again, reviewed ones keep their text, German stops nobody, and ``run``
exits non-zero.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from polyglot.pofile import read_po, write_po
from polyglot.provenance import MACHINE, suggestion
from test_cli import run

pytestmark = pytest.mark.apertium

ARTICLE = Path(__file__).parent / "data" / "articles" / "cycle.fr.md"
SOURCE = Path("seeds/article.fr.md")
# Author's edits: one reviewed sentence (A) and two machine ones (B, C).
EDITS = {
    "Le boulanger vend du pain frais et des croissants.": "Le boulanger vend du pain frais, des brioches et des croissants.",
    "Le fromager propose trente fromages différents.": "Le fromager propose quarante fromages différents.",
    "Les touristes découvrent le marché en été.": "Les touristes découvrent souvent le marché en été.",
}
A, B, C = EDITS
DELETED = "Autrefois, les paysans venaient à pied. Ils portaient leurs paniers sur le dos. Le voyage durait parfois trois heures."
ADDED = "Un nouveau stand de fleurs a ouvert cette année. Il attire beaucoup de monde."
MOVED_START = "Madame Martin vient chaque semaine"
REVIEWED = (
    "Le marché du village",
    "Le marché ouvre chaque samedi à huit heures.",
    A,
    "Les légumes viennent des fermes voisines.",
    "Le marché existe depuis 1850.",
    "Autrefois, les paysans venaient à pied.",
    "Le conseil municipal veut agrandir la place.",
    "Le marché reste le cœur du village.",
    "Elle achète toujours les mêmes pommes.",
)
# Anything written like a placeholder, valid or not.
PLACEHOLDER = re.compile(r"\{/?[a-z]+[0-9]*\}")


def po_path(project: Path, lang: str) -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / "article.po"


def read(project: Path, lang: str):
    return read_po(po_path(project, lang).read_text(encoding="utf-8"))


def review(project: Path) -> tuple[str, str]:
    """Ten English entries accepted (text prefixed ``R:``), the link one with ``{/link}`` for ``{/link1}``."""
    path = po_path(project, "en")
    cat = read_po(path.read_text(encoding="utf-8"))
    link = next(m for m in cat.active if "{link1}" in m.msgid)
    out = []
    for m in cat.messages:
        if m.msgid in REVIEWED:
            m = replace(m, msgstr="R: " + m.msgstr).with_flag("fuzzy", False)
        elif m.msgid == link.msgid:
            assert "{/link1}" in m.msgstr
            m = replace(m, msgstr=m.msgstr.replace("{/link1}", "{/link}")).with_flag("fuzzy", False)
        out.append(m)
    path.write_text(write_po(replace(cat, messages=tuple(out))), encoding="utf-8")
    return link.msgid, link.msgstr


def author_edits(project: Path) -> None:
    text = (project / SOURCE).read_text(encoding="utf-8")
    for old, new in EDITS.items():
        assert old in text
        text = text.replace(old, new)
    assert DELETED in text
    text = text.replace(DELETED + "\n\n", "")
    paragraphs = text.split("\n\n")
    moved = next(p for p in paragraphs if p.startswith(MOVED_START))
    paragraphs.remove(moved)
    at = next(i for i, p in enumerate(paragraphs) if p.startswith("Les touristes"))
    paragraphs.insert(at + 1, moved)
    at = next(i for i, p in enumerate(paragraphs) if p.startswith("Les commerçants"))
    paragraphs.insert(at + 1, ADDED)
    (project / SOURCE).write_text("\n\n".join(paragraphs), encoding="utf-8")


@pytest.fixture(scope="module")
def cycle(tmp_path_factory) -> dict:
    project = tmp_path_factory.mktemp("cycle")
    (project / "seeds").mkdir()
    shutil.copy(ARTICLE, project / SOURCE)
    code, out, err = run(project, "init", "--to", "en,es,ca,de", str(SOURCE))
    assert code == 0, err
    config = project / "polyglot.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('engine = "auto"', 'engine = "apertium"'))

    first = run(project, "run")
    machine = {lang: {m.msgid: m.msgstr for m in read(project, lang).active} for lang in ("en", "es")}
    link, link_machine = review(project)
    author_edits(project)
    second = run(project, "run", "--json")
    return {"project": project, "first": first, "second": second, "machine": machine,
            "link": link, "link_machine": link_machine}


def test_an_unsupported_language_stops_nobody_and_run_exits_non_zero(cycle):
    project = cycle["project"]
    for code, out, err in (cycle["first"], cycle["second"]):
        assert code == 3, err
        assert "fr→de" in err and err.count("\n") == 1
    for lang in ("en", "es", "ca"):
        assert (project / "build" / "article" / f"{lang}.html").is_file()
        assert all(m.translated for m in read(project, lang).active if m.msgid)
    summary = json.loads(cycle["second"][1])
    assert [f["language"] for f in summary["failures"]] == ["de"]
    assert summary["check"]["errors"] >= 1


def test_merge_summary_names_the_edits(cycle):
    summary = json.loads(cycle["second"][1])
    en = summary["update"]["en"]["article"]
    assert sorted(c["new"] for c in en["changed"]) == sorted(EDITS.values())
    assert len(en["added"]) == 2
    # the deleted sentences, and the reviewed one that seeded its edit, kept as obsolete
    assert sorted(en["obsoleted"]) == sorted([A, *(s if s.endswith(".") else s + "." for s in DELETED.split(". "))])
    code, out, err = cycle["first"]
    assert "en article: 0 kept, 0 changed (outdated), 45 new" in out


def test_machine_entries_of_edited_sentences_are_translated_again(cycle):
    project = cycle["project"]
    for lang in ("en", "es"):
        cat = read(project, lang)
        for old in ([B, C] if lang == "en" else [A, B, C]):
            m = cat.get(EDITS[old])
            assert m.fuzzy and m.previous_msgid is None, (lang, old)
            assert any(c.startswith(MACHINE) for c in m.comments)
            assert m.msgstr != cycle["machine"][lang][old]
    assert sum(1 for m in read(project, "es").active if m.previous_msgid) == 0


def test_reviewed_entries_keep_their_text(cycle):
    project = cycle["project"]
    cat = read(project, "en")
    for msgid in REVIEWED:
        if msgid in (A, "Autrefois, les paysans venaient à pied."):
            continue
        m = cat.get(msgid)
        assert m.reviewed and m.msgstr == "R: " + cycle["machine"]["en"][msgid], msgid
        assert not any(c.startswith(MACHINE) for c in m.comments)  # provenance now in the past tense
    deleted = next(m for m in cat.messages if m.obsolete and m.msgid == "Autrefois, les paysans venaient à pied.")
    assert deleted.reviewed and deleted.msgstr.startswith("R: ")
    # The edited reviewed sentence: the person's text, fuzzy, the new machine translation beside it.
    a = cat.get(EDITS[A])
    assert a.fuzzy and a.msgstr == "R: " + cycle["machine"]["en"][A] and a.previous_msgid == A
    assert suggestion(a) and suggestion(a) != a.msgstr


def test_outdated_is_counted_and_marked(cycle):
    project = cycle["project"]
    code, out, err = run(project, "status", "--json")
    rows = {r["language"]: r for r in json.loads(out)}
    assert (rows["en"]["outdated"], rows["es"]["outdated"], rows["de"]["outdated"]) == (1, 0, 0)
    code, out, err = run(project, "check", "--to", "en", "--code", "outdated", "--format", "json")
    assert [f["msgid"] for f in json.loads(out)] == [EDITS[A]]
    page = lxml.html.fromstring((project / "build" / "article" / "en.html").read_bytes())
    [cell] = page.xpath("//*[contains(@class,'tgt')]//*[contains(concat(' ', @class, ' '), ' outdated ')]")
    assert A in cell.get("title") and cell.get("tabindex") == "0"
    tmx = (project / "build" / "exports" / "article.fr-en.tmx").read_text(encoding="utf-8")
    assert tmx.count('<prop type="x-polyglot-state">outdated</prop>') == 1


def test_nothing_broken_is_published(cycle):
    project = cycle["project"]
    out = project / "build"
    for path in [*out.rglob("*.html"), *out.rglob("*.md"), *out.rglob("*.txt")]:
        text = lxml.html.fromstring(path.read_bytes()).text_content() if path.suffix == ".html" else path.read_text()
        assert not PLACEHOLDER.search(text), path
    assert "{/link}" not in (out / "exports" / "article.fr-en.tmx").read_text(encoding="utf-8")
    page = lxml.html.fromstring((out / "article" / "en.html").read_bytes())
    [held] = page.xpath("//*[contains(@class,'tgt')]//*[contains(concat(' ', @class, ' '), ' withheld ')]")
    # its last good state: the machine translation published by the first run, link and all
    assert held.xpath(".//a[@href='https://example.org/marche']")
    published = json.loads((project / ".polyglot" / "published.json").read_text(encoding="utf-8"))
    assert published["en"]["article"][cycle["link"]] == cycle["link_machine"]
    code, out_, err = run(project, "check", "--to", "en", "--severity", "error")
    assert code == 1 and "placeholder-unknown" in out_ and "{/link1}" in out_


def test_the_book_export_goes_through_the_gate_too(cycle):
    import zipfile

    project = cycle["project"]
    code, out, err = run(project, "export", "--format", "epub", "--to", "en")
    assert code == 0, err
    with zipfile.ZipFile(project / "build" / "exports" / "article.fr-en.epub") as book:
        pages = [n for n in book.namelist() if n.endswith((".xhtml", ".html"))]
        assert pages
        for name in pages:
            text = lxml.html.fromstring(book.read(name)).text_content()
            assert not PLACEHOLDER.search(text), name
