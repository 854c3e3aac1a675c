"""The whole seed translated offline through the CLI with the real Apertium engine."""

from __future__ import annotations

import json

import pytest
from babel.numbers import format_decimal

from gettext_tools import msgfmt_check
from polyglot.pofile import read_po
from polyglot.typography import quotes
from test_cli import run
from conftest import SEED_ENTRIES

pytestmark = pytest.mark.apertium


@pytest.fixture(scope="module")
def translated(tmp_path_factory):
    import shutil

    from conftest import ROOT, SEED

    project = tmp_path_factory.mktemp("seed")
    (project / "seeds").mkdir()
    shutil.copy(SEED, project / "seeds" / SEED.name)
    shutil.copy(ROOT / "polyglot.toml", project / "polyglot.toml")
    shutil.copy(ROOT / "glossary.csv", project / "glossary.csv")
    assert run(project, "update")[0] == 0
    code, out, err = run(project, "translate", "--to", "en,es,ca", "--engine", "apertium", "--json")
    assert code == 0, err
    return project, json.loads(out)


def catalog(project, lang):
    path = project / "locales" / lang / "LC_MESSAGES" / "zapad-2025.po"
    return path, read_po(path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize("lang, step", [("en", "fra-cat+cat-eng"), ("es", "fr-es"), ("ca", "fra-cat")])
def test_every_entry_filled_fuzzy_with_provenance(translated, lang, step):
    project, summary = translated
    path, cat = catalog(project, lang)
    msgfmt_check(path)
    entries = cat.active
    assert len(entries) == SEED_ENTRIES
    for m in entries:
        assert m.msgstr and m.fuzzy, m.msgid
        assert any(c.startswith(f"polyglot: machine translation, apertium:{step}") for c in m.comments)
    report = {r["language"]: r for r in summary["languages"]}[lang]
    assert report["sent"] == SEED_ENTRIES and report["engine_calls"] == 1


@pytest.mark.parametrize("lang", ["en", "es", "ca"])
def test_footnote_markers_survive(translated, lang):
    project, _ = translated
    _, cat = catalog(project, lang)
    text = "".join(m.msgstr for m in cat.active)
    for n in range(1, 5):
        assert text.count(f"{{fn{n}}}") == 1


def test_english_numbers_and_quotes(translated):
    project, _ = translated
    _, cat = catalog(project, "en")
    text = "\n".join(m.msgstr for m in cat.active)
    assert format_decimal(100000, locale="en") in text and format_decimal(13000, locale="en") in text
    assert "«" not in text and "»" not in text and quotes("en")[0] in text


def test_spanish_output_is_apertiums(translated):
    from test_engine_apertium import reference

    from polyglot.glossary import read_glossary
    from polyglot.typography import adapt

    project, _ = translated
    _, cat = catalog(project, "es")
    glossary = read_glossary((project / "glossary.csv").read_text(encoding="utf-8"), "glossary.csv")
    # Sentences without a glossary term or placeholder go through Apertium untouched (terms are
    # enforced, so those sentences differ from the raw engine on purpose).
    plain = [m for m in cat.active if m.msgid and "{" not in m.msgid and not glossary.find(m.msgid)]
    assert plain
    for m in plain:
        # The typographic apostrophe goes to the engine as it is, so the reference sees the same
        # text; the result then gets Spanish typography (no French spaces before : and inside « »).
        assert m.msgstr == adapt(reference(m.msgid, "fr-es"), "fr", "es") != m.msgid
    assert format_decimal(100000, locale="es") in "".join(x.msgstr for x in cat.active)


def test_second_run_calls_no_engine(translated):
    project, _ = translated
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    code, out, err = run(project, "translate", "--to", "en,es,ca", "--engine", "apertium", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert all(r["engine_calls"] == 0 and r["sent"] == 0 for r in summary["languages"])
    assert summary["written"] == []
    assert {p: p.read_bytes() for p in before} == before


@pytest.mark.parametrize("lang", ["en", "es", "ca"])
def test_glossary_terms_enforced_in_machine_output(translated, lang):
    """Every glossary term of the seed comes back as its target form: check finds nothing to say."""
    from conftest import ROOT

    from polyglot.glossary import read_glossary
    from polyglot.typography import adapt
    from polyglot.qa import check_catalog

    project, _ = translated
    path, cat = catalog(project, lang)
    glossary = read_glossary((ROOT / "glossary.csv").read_text(encoding="utf-8"), "glossary.csv")
    findings = check_catalog(cat, path=str(path), source_lang="fr", target_lang=lang, glossary=glossary)
    assert [f for f in findings if f.code.startswith("glossary")] == []
    used = [t for m in cat.active for t in glossary.find(m.msgid) if t.required(lang) and not t.do_not_translate]
    assert len(used) >= 20  # the seed exercises the glossary, so the assertion above means something
    assert not any(c.startswith("polyglot: review:") for m in cat.active for c in m.comments)
