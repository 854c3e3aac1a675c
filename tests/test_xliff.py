"""XLIFF 1.2 and 2.1: exports valid against the OASIS schemas, read back by translate-toolkit,
and returned files merged into the PO files (round trip byte-exact, CAT edits taken, local edits kept).

The schemas under tests/data/xliff are the OASIS files as Debian's php-symfony-translation
ships them (XLIFF 2.1 shares the 2.0 core namespace and schema).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from polyglot.catalog import Catalog, Message
from polyglot.interchange import merge_returned, read_returned
from polyglot.pofile import read_po
from polyglot.render.xliff import NS_12, NS_20, to_xliff
from test_cli import run

DATA = Path(__file__).parent / "data"
SCHEMAS = {"1.2": DATA / "xliff" / "xliff-core-1.2-strict.xsd", "2.1": DATA / "xliff" / "xliff-core-2.0.xsd"}
ARTICLE = DATA / "articles" / "notes.fr.md"
MT = "polyglot: machine translation, pseudo:upper (1)"

CATALOG = Catalog(
    headers=(("Language", "en"),),
    messages=(
        Message("Un titre.", "A title.", auto_comments=("title",), locations=("a.md:2",)),
        Message("Voir {link1}le {em1}site{/em1}{/link1} et {url1}{fn1}.", "See {link1}the {em1}site{/em1}{/link1} and {url1}{fn1}.",
                flags=("fuzzy",), comments=(MT,)),
        Message("Croisés {em1}a {link1}b{/em1} c{/link1}.", "Crossed {em1}a {link1}b{/em1} c{/link1}."),
        Message("Ouvert {em1}seul.", "Open {em1}alone and {fn2} twice {fn2}."),
        Message("Accolades {{x}} < & >.", ""),
        Message("Modifiée.", "Changed.", flags=("fuzzy",), previous_msgid="Ancienne.", comments=("a translator note",)),
        Message("Disparue.", "Gone.", obsolete=True),
    ),
)


def schema(version: str) -> etree.XMLSchema:
    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):
            if url.endswith("xml.xsd"):
                return self.resolve_filename(str(DATA / "xliff" / "xml.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS[version]), parser))


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_export_is_valid_against_the_schema(version):
    data = to_xliff("doc", CATALOG, "fr", "en", version)
    doc = etree.fromstring(data)
    xsd = schema(version)
    assert xsd.validate(doc), xsd.error_log
    # placeholders are inline codes, never text
    texts = [t for e in doc.iter() if etree.QName(e).localname in ("source", "target") for t in e.itertext()]
    assert not any("{fn" in t or "{em" in t or "{link" in t or "{url" in t for t in texts)


def test_schema_rejects_what_it_should():
    # The check can fail: an unknown state is refused by the 1.2 schema.
    data = to_xliff("doc", CATALOG, "fr", "en", "1.2").replace(b'state="translated"', b'state="done"')
    assert not schema("1.2").validate(etree.fromstring(data))


def test_states_and_codes_1_2():
    doc = etree.fromstring(to_xliff("doc", CATALOG, "fr", "en", "1.2"))
    ns = {"x": NS_12}
    units = doc.findall(".//x:trans-unit", ns)
    assert len(units) == 6  # obsolete entries are not exported
    states = [(u.get("approved"), u.find("x:target", ns).get("state"), u.find("x:target", ns).get("state-qualifier")) for u in units]
    assert states == [
        ("yes", "translated", None),
        (None, "needs-review-translation", "mt-suggestion"),
        ("yes", "translated", None),
        ("yes", "translated", None),
        (None, "new", None),
        (None, "needs-review-translation", "fuzzy-match"),
    ]
    src = units[1].find("x:source", ns)
    assert [(etree.QName(c).localname, c.get("id")) for c in src.iter() if c is not src] == [
        ("g", "link1"), ("g", "em1"), ("x", "url1"), ("x", "fn1")]
    crossed = units[2].find("x:source", ns)
    assert [etree.QName(c).localname for c in crossed] == ["bx", "bx", "ex", "ex"]
    notes = [n.text for n in units[5].findall("x:note", ns)]
    assert notes == ["a translator note", "previous source: Ancienne."]


def test_states_and_codes_2_1():
    doc = etree.fromstring(to_xliff("doc", CATALOG, "fr", "en", "2.1"))
    ns = {"x": NS_20}
    assert [s.get("state") for s in doc.findall(".//x:segment", ns)] == [
        "final", "translated", "final", "final", "initial", "translated"]
    target = doc.findall(".//x:target", ns)[3]
    assert [(etree.QName(c).localname, c.get("id"), c.get("isolated")) for c in target] == [
        ("sc", "em1", "yes"), ("ph", "fn2", None), ("ph", "fn2-2", None)]  # ids unique per unit


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_translate_toolkit_reads_the_exports(version):
    from translate.storage import xliff, xliff2

    data = to_xliff("doc", CATALOG, "fr", "en", version)
    store = xliff.xlifffile.parsestring(data) if version == "1.2" else xliff2.Xliff2File.parsestring(data)
    units = store.getunits()
    assert [u.source for u in units][0] == "Un titre."
    assert units[4].source == "Accolades {x} < & >."  # a literal brace is a brace
    if version == "1.2":
        assert [u.isapproved() for u in units] == [True, False, True, True, False, False]
        assert [u.isfuzzy() for u in units][:2] == [False, True]
        assert "fn1" not in units[1].source  # the code is no text


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_returned_file_maps_back_exactly(version):
    returned = read_returned(to_xliff("doc", CATALOG, "fr", "en", version), "doc.xlf")
    assert returned.document == "doc" and returned.target_language == "en"
    merged, report = merge_returned(CATALOG, returned)
    assert merged == CATALOG and not report.taken and not report.conflicts
    assert report.unchanged == 5 and report.empty == 1


def _edit(data: bytes, version: str, index: int, text: str, final: bool = True) -> bytes:
    """What a CAT tool does: a target's text replaced (its codes kept), the state set to final."""
    doc = etree.fromstring(data)
    ns = NS_12 if version == "1.2" else NS_20
    target = list(doc.iter(f"{{{ns}}}target"))[index]
    target.text = text
    for child in target:
        child.tail = None
    if version == "1.2":
        target.set("state", "final")
    else:
        target.getparent().set("state", "final")
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "seeds").mkdir()
    shutil.copy(ARTICLE, tmp_path / "seeds" / "article.fr.md")
    (tmp_path / "polyglot.toml").write_text(
        '[project]\nsource_language = "fr"\ntarget_languages = ["en", "es"]\n[translate]\nengine = "pseudo"\n'
        '[[documents]]\nname = "article"\npath = "seeds/article.fr.md"\n',
        encoding="utf-8",
    )
    code, _, err = run(tmp_path, "update")
    assert code == 0, err
    code, _, err = run(tmp_path, "translate", "--to", "en")
    assert code == 0, err
    return tmp_path


def po(project: Path, lang: str = "en") -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / "article.po"


@pytest.mark.parametrize("fmt,version", [("xliff", "1.2"), ("xliff2", "2.1")])
def test_cli_round_trip_changes_no_byte(project, fmt, version):
    code, _, err = run(project, "export", "--format", fmt)
    assert code == 0, err
    before = {lang: po(project, lang).read_bytes() for lang in ("en", "es")}
    for lang in ("en", "es"):
        exported = project / "build" / "exports" / fmt / f"article.{lang}.xlf"
        assert schema(version).validate(etree.parse(str(exported)))
        code, out, err = run(project, "import", str(exported))
        assert code == 0, err
    assert {lang: po(project, lang).read_bytes() for lang in ("en", "es")} == before


@pytest.mark.parametrize("fmt,version", [("xliff", "1.2"), ("xliff2", "2.1")])
def test_cat_edit_imports_as_reviewed(project, fmt, version):
    run(project, "export", "--format", fmt, "--to", "en")
    exported = project / "build" / "exports" / fmt / "article.en.xlf"
    returned = project / "returned.xlf"
    returned.write_bytes(_edit(exported.read_bytes(), version, 1, "American observers"))
    code, out, err = run(project, "import", "--json", str(returned))
    assert code == 0, err
    cat = read_po(po(project).read_text(encoding="utf-8"))
    entry = cat.get("Des observateurs américains")
    assert entry.msgstr == "American observers" and entry.reviewed
    assert not any(c.startswith("polyglot: machine") for c in entry.comments)
    assert sum(m.reviewed for m in cat.active) == 1  # nothing else changed state


def test_local_edit_since_export_is_refused_and_kept(project):
    run(project, "export", "--format", "xliff", "--to", "en")
    exported = project / "build" / "exports" / "xliff" / "article.en.xlf"
    # Locally, someone edits the same entry after the export.
    text = po(project).read_text(encoding="utf-8")
    po(project).write_text(text.replace('msgstr "DES OBSERVATEURS AMÉRICAINS"', 'msgstr "Local edit"'), encoding="utf-8")
    returned = project / "returned.xlf"
    returned.write_bytes(_edit(exported.read_bytes(), "1.2", 1, "Their edit"))
    before = po(project).read_bytes()
    code, out, err = run(project, "import", str(returned))
    assert code == 1, err
    assert "refused unit 2" in out and "Their edit" in out
    assert po(project).read_bytes() == before


def test_stale_units_are_listed_not_taken(project):
    run(project, "export", "--format", "xliff2", "--to", "en")
    data = (project / "build" / "exports" / "xliff2" / "article.en.xlf").read_bytes()
    data = data.replace("Des observateurs américains".encode(), "Une phrase disparue".encode())
    returned = project / "returned.xlf"
    returned.write_bytes(data)
    before = po(project).read_bytes()
    code, out, err = run(project, "import", "--json", str(returned))
    assert code == 0, err
    assert '"stale": [\n    "Une phrase disparue"\n  ]' in out
    assert po(project).read_bytes() == before


def test_po_edited_elsewhere_imports(project):
    copy = project / "article.en.po"
    text = po(project).read_text(encoding="utf-8")
    edited = text.replace('#, fuzzy\nmsgid "Des observateurs américains"', 'msgid "Des observateurs américains"')
    copy.write_text(edited.replace('msgstr "DES OBSERVATEURS AMÉRICAINS"', 'msgstr "American observers"'), encoding="utf-8")
    code, out, err = run(project, "import", str(copy))
    assert code == 0, err
    entry = read_po(po(project).read_text(encoding="utf-8")).get("Des observateurs américains")
    assert entry.msgstr == "American observers" and entry.reviewed
    # the same file again: a reviewed entry with a different text is not overwritten without a fingerprint
    copy.write_text(edited.replace('msgstr "DES OBSERVATEURS AMÉRICAINS"', 'msgstr "Other"'), encoding="utf-8")
    code, out, err = run(project, "import", str(copy))
    assert code == 1 and "refused" in out


@pytest.mark.parametrize(
    "data,message",
    [
        (b"<xliff", "not well-formed XML"),
        (b'<xliff xmlns="urn:other" version="1.0"/>', "unsupported XLIFF namespace"),
        (b'<other/>', "not an XLIFF file"),
    ],
)
def test_bad_returned_files_are_refused_with_a_line(project, data, message):
    bad = project / "bad.xlf"
    bad.write_bytes(data)
    code, out, err = run(project, "import", "--language", "en", "--document", "article", str(bad))
    assert code == 2 and message in err and "bad.xlf" in err


def test_exports_are_listed_in_the_build_manifest_and_survive_a_build(project):
    import hashlib
    import json

    code, _, err = run(project, "export", "--format", "xliff2")
    assert code == 0, err
    manifest = json.loads((project / ".polyglot" / "build-manifest.json").read_text(encoding="utf-8"))
    listed = manifest["build#export-xliff2"]
    assert sorted(listed) == ["exports/xliff2/article.en.xlf", "exports/xliff2/article.es.xlf"]
    for rel, digest in listed.items():
        assert hashlib.sha256((project / "build" / rel).read_bytes()).hexdigest() == digest
    code, _, err = run(project, "build")
    assert code == 0, err
    manifest = json.loads((project / ".polyglot" / "build-manifest.json").read_text(encoding="utf-8"))
    assert "exports/article.fr-en.epub" in manifest["build"]  # the build's own exports are listed too
    assert all((project / "build" / rel).is_file() for rel in listed)  # a build does not prune exports
