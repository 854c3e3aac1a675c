"""The bilingual EPUB 3: valid under epubcheck, notes as EPUB notes, metadata, draft marking, same bytes twice."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, SEED
from test_cli import run

ARTICLE = Path(__file__).parent / "data" / "articles" / "notes.fr.md"
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck package
XHTML = {"h": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The seed (titled in polyglot.toml) and the Markdown article, pseudo-translated, English a draft."""
    project = tmp_path_factory.mktemp("books")
    (project / "seeds").mkdir()
    shutil.copy(SEED, project / "seeds" / SEED.name)
    shutil.copy(ARTICLE, project / "seeds" / "article.fr.md")
    config = (ROOT / "polyglot.toml").read_text(encoding="utf-8").replace('glossary = "glossary.csv"', "")
    config = config.replace('engine = "auto"', 'engine = "pseudo"').replace("threshold = 80", "threshold = 50")
    config += '\n[[documents]]\nname = "article"\npath = "seeds/article.fr.md"\n'
    (project / "polyglot.toml").write_text(config, encoding="utf-8")
    assert run(project, "update")[0] == 0
    assert run(project, "translate", "--to", "en")[0] == 0
    assert run(project, "translate", "--to", "es")[0] == 0
    for es in (project / "locales" / "es" / "LC_MESSAGES").glob("*.po"):  # Spanish: all reviewed
        es.write_text(es.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    code, _, err = run(project, "build")
    assert code == 0, err
    return project


def books(project: Path) -> list[Path]:
    return sorted((project / "build" / "exports").glob("*.epub"))


def read(book: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(book) as z:
        return etree.fromstring(z.read(name))


def test_one_book_per_document_and_language(built):
    assert [b.name for b in books(built)] == [
        "article.fr-ca.epub", "article.fr-en.epub", "article.fr-es.epub",
        "zapad-2025.fr-ca.epub", "zapad-2025.fr-en.epub", "zapad-2025.fr-es.epub",
    ]


def test_epubcheck_passes_on_every_book(built):
    java = shutil.which("java")
    if java is None or not EPUBCHECK.is_file():
        pytest.skip("epubcheck (Debian package) or Java is not installed")
    for book in books(built):
        proc = subprocess.run([java, "-jar", str(EPUBCHECK), str(book)], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, f"{book.name}:\n{proc.stdout}\n{proc.stderr}"
        assert "0 fatals / 0 errors / 0 warnings" in proc.stdout, proc.stdout


def test_footnotes_are_epub_notes_in_each_language(built):
    text = read(built / "build" / "exports" / "article.fr-es.epub", "EPUB/text.xhtml")
    asides = text.xpath("//h:aside[@epub:type='footnote']", namespaces=XHTML)
    assert [(a.get("id"), a.get("lang")) for a in asides] == [
        ("src-fn1", "fr"), ("src-fn2", "fr"), ("tgt-fn1", "es"), ("tgt-fn2", "es")]
    refs = text.xpath("//h:a[@epub:type='noteref']/@href", namespaces=XHTML)
    assert sorted(set(refs)) == ["#src-fn1", "#src-fn2", "#tgt-fn1", "#tgt-fn2"] and len(refs) == 6
    # paragraph by paragraph: each source paragraph is followed by its translation
    paragraphs = text.xpath("//h:body/h:p[@class='src' or @class='tgt']", namespaces=XHTML)
    assert [p.get("lang") for p in paragraphs[:4]] == ["fr", "es", "fr", "es"]


def test_metadata_and_draft_marking(built):
    opf = read(built / "build" / "exports" / "article.fr-en.epub", "EPUB/content.opf")
    dc = {e.tag.split("}")[1]: e.text for e in opf.xpath("//opf:metadata/dc:*", namespaces=OPF)}
    assert dc["title"] == "ZAPAD 2025: <LE BILAN> · Zapad 2025 : <le bilan>"
    assert dc["creator"] == "Marie Dupont" and dc["date"] == "2025-09-17" and dc["rights"] == "CC BY 4.0"
    assert [e.text for e in opf.xpath("//dc:language", namespaces=OPF)] == ["en", "fr"]
    draft = read(built / "build" / "exports" / "article.fr-en.epub", "EPUB/text.xhtml")
    assert draft.xpath("//h:p[@class='draft']", namespaces=XHTML)
    assert draft.xpath("//h:span[@class='machine']", namespaces=XHTML)
    reviewed = read(built / "build" / "exports" / "article.fr-es.epub", "EPUB/text.xhtml")
    assert not reviewed.xpath("//h:p[@class='draft'] | //h:span[@class='machine']", namespaces=XHTML)
    seed = read(built / "build" / "exports" / "zapad-2025.fr-es.epub", "EPUB/content.opf")
    assert "Zapad 2025 : des soldats américains" in seed.xpath("//dc:title", namespaces=OPF)[0].text


def test_books_are_reproducible(built):
    before = {b.name: b.read_bytes() for b in books(built)}
    for b in books(built):
        b.unlink()
    code, _, err = run(built, "export", "--format", "epub")
    assert code == 0, err
    assert {b.name: b.read_bytes() for b in books(built)} == before
