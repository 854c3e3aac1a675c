"""Plural-Forms of a new catalog: what GNU msginit writes, checked against the real msginit."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from gettext_tools import msgfmt_check, msginit
from weblate_language_data.aliases import ALIASES
from weblate_language_data.languages import LANGUAGES

from polyglot.cli import cli
from polyglot.pofile import read_po
from polyglot.plurals import GETTEXT, plural_forms, weblate

POT = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr ""\n'
# Languages msginit knows, with regional variants (which msginit resolves to the language,
# pt_BR apart), and languages it does not know (it then writes no Plural-Forms).
KNOWN = [*GETTEXT, "pt_PT", "pt_AO", "es_MX", "fr_CA", "de_AT", "en_GB", "sr_Latn", "nl_BE", "it_CH"]
UNKNOWN = ["ar", "ca", "zh", "oc", "cy", "gl", "eu", "id", "th", "is", "mk", "fa", "hi", "br", "sq"]


@pytest.fixture(scope="module")
def gnu(tmp_path_factory) -> dict[str, str | None]:
    """Each language's Plural-Forms as msginit writes it (None: msginit wrote none)."""
    folder = tmp_path_factory.mktemp("msginit")
    pot = folder / "t.pot"
    pot.write_text(POT, encoding="utf-8")
    found: dict[str, str | None] = {}
    for code in KNOWN + UNKNOWN:
        found[code] = read_po(msginit(pot, code, folder / f"{code}.po")).header("Plural-Forms")
    return found


def test_msginit_agrees_for_every_language_it_knows(gnu):
    known = {code: value for code, value in gnu.items() if value is not None}
    assert set(known) == set(KNOWN), "msginit's table changed: update plurals.GETTEXT"
    assert len({c.split("_")[0] for c in known}) >= 30
    assert {code: plural_forms(code) for code in known} == known


@pytest.mark.parametrize("code", UNKNOWN)
def test_languages_msginit_lacks_take_weblates_formula(gnu, code, tmp_path):
    assert gnu[code] is None
    (n, formula), = [(n, f) for c, _, n, f in LANGUAGES if c in (code, ALIASES.get(code))]
    value = plural_forms(code)
    assert value.startswith(f"nplurals={n}; ") and formula in value
    # msgfmt parses the formula and checks a plural entry has exactly nplurals forms.
    forms = "".join(f'msgstr[{i}] "x{i}"\n' for i in range(n))
    po = tmp_path / "p.po"
    po.write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: {value}\\n"\n\n'
        f'msgid "one"\nmsgid_plural "many"\n{forms}',
        encoding="utf-8",
    )
    msgfmt_check(po)


def test_issue_examples_whatever_babel_says():
    assert plural_forms("es") == "nplurals=2; plural=(n != 1);"
    assert plural_forms("fr") == "nplurals=2; plural=(n > 1);"
    assert plural_forms("pt-BR") == plural_forms("pt_BR") == "nplurals=2; plural=(n > 1);"
    assert [int(re.match(r"nplurals=(\d)", plural_forms(c)).group(1)) for c in ("ru", "ar", "ja")] == [3, 6, 1]


def test_every_weblate_formula_is_one_msgfmt_accepts(tmp_path):
    values = sorted(set(weblate().values()))
    assert len(values) > 20
    for i, value in enumerate(values):
        po = tmp_path / f"{i}.po"
        po.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: {value}\\n"\n')
        msgfmt_check(po)


def test_update_never_changes_an_existing_catalogs_plural_forms(seed_project):
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(seed_project), "update"]).exit_code == 0
    po = seed_project / "locales" / "es" / "LC_MESSAGES" / "zapad-2025.po"
    # A catalog made elsewhere with CLDR 46's three forms: polyglot keeps what is there.
    babel_style = "nplurals=3; plural=((n == 1) ? 0 : ((n != 0 && n % 1000000 == 0) ? 1 : 2));"
    text = po.read_text(encoding="utf-8").replace("nplurals=2; plural=(n != 1);", babel_style)
    po.write_text(text, encoding="utf-8")
    seed = seed_project / "seeds" / "zapad-2025.fr.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    result = runner.invoke(cli, ["-C", str(seed_project), "update", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["languages"]["es"]["zapad-2025"]["added"]
    assert read_po(po.read_bytes()).header("Plural-Forms") == babel_style


def test_new_catalog_in_a_project_gets_msginits_formula(seed_project):
    toml = seed_project / "polyglot.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('["en", "es", "ca"]', '["pt", "ru", "ar"]'))
    assert CliRunner().invoke(cli, ["-C", str(seed_project), "update"]).exit_code == 0
    for lang in ("pt", "ru", "ar"):
        po = seed_project / "locales" / lang / "LC_MESSAGES" / "zapad-2025.po"
        assert read_po(po.read_bytes()).header("Plural-Forms") == plural_forms(lang)
        msgfmt_check(po)
