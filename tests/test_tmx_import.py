"""TMX in and out: polyglot's export valid and read back, OmegaT-style files imported, bad files refused."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import lxml.etree
import pytest
from conftest import ROOT
from test_tm_project import run

DTD = ROOT / "tests" / "data" / "tmx14.dtd"

#: A TMX as OmegaT writes it: upper-case variants, OmegaT's <bpt>/<ept>/<ph> tags, notes and props.
OMEGAT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="6.0.0_0_1bf1729c" segtype="sentence" srclang="FR-FR"/>
  <body>
    <tu>
      <tuv xml:lang="FR-FR"><seg>Les journalistes n’ont pas été autorisés à assister aux <bpt i="1" x="1">&lt;b0&gt;</bpt>manœuvres<ept i="1">&lt;/b0&gt;</ept>.</seg></tuv>
      <tuv xml:lang="EN-GB" changeid="anna" changedate="20250918T101010Z" creationid="anna" creationdate="20250918T101010Z"><seg>Journalists were not allowed to attend the <bpt i="1" x="1">&lt;b0&gt;</bpt>manoeuvres<ept i="1">&lt;/b0&gt;</ept>.</seg></tuv>
    </tu>
    <tu>
      <note>Checked against the ministry's statement.</note>
      <tuv xml:lang="FR-FR"><seg>Le ministre a visité une usine de tracteurs<ph x="2">&lt;x2/&gt;</ph> près de Minsk.</seg></tuv>
      <tuv xml:lang="EN-GB"><seg>The minister visited a tractor factory<ph x="2">&lt;x2/&gt;</ph> near Minsk.</seg></tuv>
      <tuv xml:lang="ES-ES"><seg>El ministro visitó una fábrica de tractores cerca de Minsk.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="FR-FR"><seg>Un texte sans traduction.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="FR-FR"><seg>Les journalistes n’ont pas été autorisés à assister aux <bpt i="1" x="1">&lt;b0&gt;</bpt>manœuvres<ept i="1">&lt;/b0&gt;</ept>.</seg></tuv>
      <tuv xml:lang="EN-GB"><seg>Journalists were not allowed to attend the <bpt i="1" x="1">&lt;b0&gt;</bpt>manoeuvres<ept i="1">&lt;/b0&gt;</ept>.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


@pytest.fixture
def project(seed_project: Path) -> Path:
    shutil.copytree(ROOT / "locales", seed_project / "locales")
    return seed_project


def reviewed_en(project: Path) -> set[tuple[str, str]]:
    from polyglot.pofile import read_po

    path = project / "locales" / "en" / "LC_MESSAGES" / "zapad-2025.po"
    return {(m.msgid, m.msgstr) for m in read_po(path.read_text(encoding="utf-8"), str(path)).active if m.reviewed}


def units_in(project: Path) -> int:
    db = sqlite3.connect(project / ".polyglot" / "memory.sqlite3")
    try:
        return db.execute("SELECT count(*) FROM units").fetchone()[0]
    finally:
        db.close()


def test_omegat_tmx_imports_with_tags_stripped_and_duplicates_once(project: Path) -> None:
    (project / "omegat.tmx").write_text(OMEGAT, encoding="utf-8")
    code, out, err = run(project, "tm", "import", str(project / "omegat.tmx"), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["tus"] == 4 and report["units"] == 4 and report["added"] == 3 and report["duplicates"] == 1
    assert report["stripped"] == 4 and report["skipped"] == 1  # units whose source or target lost codes
    assert report["origin"].startswith("omegat.tmx (OmegaT 6.0.0")
    assert {(p["source"], p["target"]): p["units"] for p in report["pairs"]} == {
        ("FR-FR", "EN-GB"): 3, ("FR-FR", "ES-ES"): 1}
    code, out, _ = run(project, "tm", "search", "tracteurs", "--to", "en", "--json")
    found = json.loads(out)
    assert [(u["target_lang"], u["target"]) for u in found] == [
        ("EN-GB", "The minister visited a tractor factory near Minsk.")]
    assert found[0]["kind"] == "tmx" and found[0]["origin"] == report["origin"]
    # Importing again adds nothing.
    code, out, err = run(project, "tm", "import", str(project / "omegat.tmx"), "--json")
    assert code == 0 and json.loads(out)["added"] == 0 and units_in(project) == 3


def test_imported_units_fill_a_document_before_the_engine(project: Path) -> None:
    (project / "omegat.tmx").write_text(OMEGAT, encoding="utf-8")
    assert run(project, "tm", "import", str(project / "omegat.tmx"))[0] == 0
    (project / "seeds" / "b.fr.txt").write_text("Le ministre a visité une usine de tracteurs près de Brest.\n",
                                                encoding="utf-8")
    with open(project / "polyglot.toml", "a", encoding="utf-8") as f:
        f.write('\n[[documents]]\nname = "b"\npath = "seeds/b.fr.txt"\n')
    assert run(project, "update", "--to", "en")[0] == 0
    code, out, err = run(project, "translate", "--to", "en", "--engine", "pseudo", "--json")
    assert code == 0, err
    assert json.loads(out)["languages"][0]["tm_hits"] == 1
    po = (project / "locales" / "en" / "LC_MESSAGES" / "b.po").read_text(encoding="utf-8")
    assert "tractor factory near Minsk" in po and "imported from omegat.tmx (OmegaT" in po


def test_export_is_valid_tmx_read_back_by_translate_toolkit_and_reimported(project: Path, tmp_path_factory) -> None:
    from translate.storage import tmx as ttk_tmx

    code, _, err = run(project, "tm", "export", "--to", "en", "-o", str(project / "memory.tmx"))
    assert code == 0, err
    data = (project / "memory.tmx").read_bytes()
    tree = lxml.etree.fromstring(data)
    dtd = lxml.etree.DTD(str(DTD))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    store = ttk_tmx.tmxfile.parsestring(data)
    pairs = {(u.source, u.target) for u in store.units}
    assert pairs == reviewed_en(project) and len(pairs) >= 15  # the seed's English catalog is reviewed
    assert any("{fn1}" in s and "{fn1}" in t for s, t in pairs)

    other = tmp_path_factory.mktemp("other")
    shutil.copy(project / "polyglot.toml", other / "polyglot.toml")
    shutil.copy(project / "memory.tmx", other / "memory.tmx")
    code, out, err = run(other, "tm", "import", str(other / "memory.tmx"), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["added"] == len(pairs) and report["stripped"] == 0
    code, out, _ = run(other, "tm", "search", "{fn1}", "--json")
    assert any("{fn1}" in u["target"] for u in json.loads(out))
    code, out, _ = run(other, "tm", "stats", "--json")
    st = json.loads(out)[".polyglot/memory.sqlite3"]
    assert st["units"] == len(pairs) and st["by_origin"][0]["kind"] == "tmx"


@pytest.mark.parametrize("text", [
    OMEGAT[: OMEGAT.index("<note>") + 30],  # cut in the middle of a unit, after a complete one
    OMEGAT.replace("</seg></tuv>\n    </tu>\n    <tu>\n      <note>", "</tuv>\n    </tu>\n    <tu>\n      <note>"),
    "<xliff version='1.2'/>",
])
def test_malformed_tmx_is_one_line_error_and_nothing_imported(project: Path, text: str) -> None:
    (project / "omegat.tmx").write_text(OMEGAT, encoding="utf-8")
    assert run(project, "tm", "import", str(project / "omegat.tmx"))[0] == 0
    before = units_in(project)
    (project / "bad.tmx").write_text(text, encoding="utf-8")
    code, out, err = run(project, "tm", "import", str(project / "bad.tmx"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "bad.tmx" in err, err
    assert re.search(r"bad\.tmx:\d+: ", err), err
    assert units_in(project) == before


def test_missing_tmx_file(project: Path) -> None:
    code, _, err = run(project, "tm", "import", str(project / "nowhere.tmx"))
    assert code == 2 and "nowhere.tmx" in err and len(err.strip().splitlines()) == 1
