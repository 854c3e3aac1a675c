"""TMX export: valid against the TMX 1.4b DTD, read back by translate-toolkit into the PO entries.

translate-toolkit ships no ``tmx2po`` command (only ``po2tmx``); the read-back uses
its TMX storage class and writes a PO file with its PO storage class, which is
what such a converter does, then reads that PO back with polyglot's own reader.
"""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest
import render_samples as s

from polyglot.catalog import Catalog, Message
from polyglot.pofile import read_po
from polyglot.model import Element, ElementKind
from polyglot.render import to_tmx
from polyglot.render.tmx import seg

ROOT = Path(__file__).resolve().parent.parent
# The TMX 1.4b DTD (LISA OSCAR), kept with the tests so validation never depends on the machine.
DTD = ROOT / "tests" / "data" / "tmx14.dtd"


@pytest.fixture(scope="module")
def dtd():
    return lxml.etree.DTD(str(DTD))


def tmx(doc=None, catalog=None, target="en") -> bytes:
    return to_tmx(doc or s.document(), catalog if catalog is not None else s.catalog(s.EN), "fr", target, s.DATE)


def expected_units(entries: dict) -> list[tuple[str, str, str]]:
    return [(s.msgid(k), text, state) for k, (text, state) in entries.items() if k in s.SOURCE]


def test_valid_against_dtd(dtd):
    for data in (tmx(), tmx(catalog=s.catalog(s.ES), target="es"), tmx(catalog=Catalog()), tmx(*s.hostile())):
        tree = lxml.etree.fromstring(data)
        assert dtd.validate(tree), dtd.error_log.filter_from_errors()


def test_units_states_and_inline_codes():
    tree = lxml.etree.fromstring(tmx())
    header = tree.find("header")
    assert (header.get("srclang"), header.get("creationdate")) == ("fr", "20250917T000000Z")
    units = tree.findall("body/tu")
    states = [u.findtext("prop[@type='x-polyglot-state']") for u in units]
    # English: 10 translated entries (7 reviewed, 3 machine); the 2 untranslated are left out.
    assert states.count("reviewed") == 7 and states.count("machine") == 3 and len(units) == 10
    langs = [[tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in u.findall("tuv")] for u in units]
    assert all(pair == ["fr", "en"] for pair in langs)
    p3 = units[3].findall("tuv/seg")[1]
    assert [(c.tag, c.get("i"), c.get("type"), c.text) for c in p3] == [
        ("bpt", "1", "italic", "{em1}"),
        ("ept", "1", None, "{/em1}"),
    ]
    fn = units[2].findall("tuv/seg")[0]
    assert [(c.tag, c.get("type"), c.text) for c in fn] == [("ph", "fnote", "{fn1}")]


def test_unbalanced_spans_become_placeholders(dtd):
    els = (Element("em1", ElementKind.EMPHASIS), Element("link1", ElementKind.LINK, "https://e.org"))
    out = seg("{/em1}a {em1}b {link1}c{/em1} d{/link1} {em1}", els)
    assert out == (
        '<ph type="x-em">{/em1}</ph>a <bpt i="1" type="italic">{em1}</bpt>b '
        '<bpt i="2" type="link">{link1}</bpt>c<ept i="1">{/em1}</ept> d<ept i="2">{/link1}</ept> '
        '<ph type="x-em">{em1}</ph>'
    )
    assert seg("a < b & {{c}} \x01", ()) == "a &lt; b &amp; {{c}} "


def test_read_back_by_translate_toolkit(tmp_path: Path):
    from translate.storage import po
    from translate.storage import tmx as ttk_tmx

    store = ttk_tmx.tmxfile.parsestring(tmx())
    out = po.pofile()
    for unit in store.units:
        out.addsourceunit(unit.source).target = unit.target
    path = tmp_path / "back.po"
    path.write_bytes(bytes(out))
    back = [(m.msgid, m.msgstr) for m in read_po(path.read_text(encoding="utf-8")).messages if m.msgid]
    want = [(m, t) for m, t, _ in expected_units(s.EN)]
    assert back == [w for w in want if w[1]]
    assert ("Le rapport est {em1}très{/em1} détaillé.", "The report is {em1}very{/em1} detailed.") in back


def test_hostile_text_round_trips(dtd):
    doc, cat = s.hostile()
    tree = lxml.etree.fromstring(tmx(doc, cat))
    assert dtd.validate(tree)
    sources = ["".join(x.itertext()) for x in tree.iterfind("body/tu/tuv[1]/seg")]
    assert sources == [m.msgid for m in cat.messages]


def test_duplicate_segments_once():
    doc = s.document()
    twice = type(doc)(doc.name, doc.path, doc.language, doc.blocks + doc.blocks)
    assert tmx(twice) == tmx(doc)
    assert tmx(catalog=Catalog(messages=(Message(s.msgid("p1"), "x", flags=("fuzzy",)),))).count(b"<tu ") == 1


def test_outdated_units_are_marked_with_their_previous_source(dtd):
    from dataclasses import replace

    cat = s.catalog(s.EN)
    messages = tuple(
        replace(m, flags=("fuzzy",), previous_msgid="Le rapport est détaillé.") if m.msgid == s.msgid("p3") else m
        for m in cat.messages
    )
    tree = lxml.etree.fromstring(tmx(catalog=replace(cat, messages=messages)))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    outdated = [u for u in tree.findall("body/tu") if u.findtext("prop[@type='x-polyglot-state']") == "outdated"]
    assert len(outdated) == 1
    assert outdated[0].findtext("prop[@type='x-polyglot-previous-source']") == "Le rapport est détaillé."
