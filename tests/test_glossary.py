"""The glossary CSV: parsing, errors with line numbers, matching French text, the seed glossary."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot.errors import GlossaryError
from polyglot.glossary import Glossary, Term, read_glossary

DATA = Path(__file__).parent / "data" / "glossary"
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "zapad-2025.fr.txt"


def load(name: str) -> Glossary:
    return read_glossary((DATA / name).read_text(encoding="utf-8"), name)


def test_sample_parses_every_field():
    g = load("sample.csv")
    assert g.languages == ("en", "es")
    assert [t.source for t in g.terms] == ["Loukachenko", "biélorusse", "Zapad", "Côte d’Ivoire", "Truth Social", "OTAN"]
    adj = g.terms[1]
    assert adj.forms == ("biélorusse", "biélorusses")
    assert adj.targets["es"] == ("bielorruso", "bielorrusa")
    assert adj.note == "Adjectif, accorder"
    assert g.terms[4].note == "Réseau de Trump,\nsur deux lignes"
    assert [t.do_not_translate for t in g.terms] == [False, False, True, False, True, False]
    assert "es" not in g.terms[2].targets
    # Line numbers count physical lines: the blank line 5 is skipped, the quoted note spans 7–8.
    assert [t.line for t in g.terms] == [2, 3, 4, 6, 7, 9]


def test_terms_are_frozen_and_hashable():
    t = load("sample.csv").terms[0]
    with pytest.raises(AttributeError):
        t.source = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        t.targets["en"] = ("x",)  # type: ignore[index]
    twin = Term(t.source, dict(t.targets), t.note, t.do_not_translate, t.forms, line=99)
    assert twin == t and hash(twin) == hash(t)
    assert Term("Loukachenko").forms == ("Loukachenko",)


def test_bom_and_crlf_are_accepted():
    g = load("bom-crlf.csv")
    assert g.target("Moscou", "en") == "Moscow"


def test_dnt_terms_longest_first():
    assert load("sample.csv").dnt_terms() == ["Truth Social", "Zapad"]


@pytest.mark.parametrize(
    "text, found",
    [
        ("Le président Loukachenko a parlé.", ["Loukachenko"]),
        ("LOUKACHENKO", ["Loukachenko"]),
        ("l’armée biélorusse et les Biélorusses", ["biélorusse"]),
        ("l’exercice russo-biélorusse", ["biélorusse"]),
        ("la Biélorusse", ["biélorusse"]),
        ("la bielorusse sans accent", ["biélorusse"]),
        ("membres de l’OTAN\u00a0: la Turquie", ["OTAN"]),
        ("membres de l'OTAN", ["OTAN"]),
        ("la Côte d'Ivoire et la Côte d’Ivoire", ["Côte d’Ivoire"]),
        ("la Côte\u00a0d’Ivoire", ["Côte d’Ivoire"]),
        ("Zapad 2025 et Truth Social", ["Zapad", "Truth Social"]),
        # Whole words only.
        ("Zapadnaïa, biélorussement, OTANIEN, Truth Socialist", []),
        ("Truth ou Social", []),
    ],
)
def test_find_matches_whole_words_case_and_accent_insensitively(text, found):
    assert [t.source for t in load("sample.csv").find(text)] == found


@pytest.mark.parametrize(
    "source, lang, text, ok",
    [
        ("Loukachenko", "en", "President Lukashenko said", True),
        ("Loukachenko", "en", "President LUKASHENKO said", True),
        ("Loukachenko", "en", "President Loukachenko said", False),
        ("Loukachenko", "en", "Lukashenkos", False),
        ("biélorusse", "es", "el ejército bielorruso", True),
        ("biélorusse", "es", "la compañía bielorrusa", True),
        ("biélorusse", "en", "the Russian-Belarusian exercise", True),
        ("biélorusse", "en", "the Belarus army", False),
        ("Zapad", "es", "el ejercicio Zapad 2025", True),
        ("Zapad", "en", "the West exercise", False),
        ("Truth Social", "en", "on Truth\u00a0Social", True),
        ("OTAN", "en", "three NATO members", True),
        ("OTAN", "en", "three nato members", False),  # acronyms keep their case
        ("Côte d’Ivoire", "en", "Côte d'Ivoire", True),
        ("Zapad", "de", "Zapad", True),  # no column for the language: the dnt term still counts
        ("Loukachenko", "de", "anything", True),  # no target required in a language without a column
    ],
)
def test_satisfied_in_target(source, lang, text, ok):
    g = load("sample.csv")
    term = g.get(source)
    assert term is not None
    assert term.satisfied_in(text, lang) is ok


def test_target_lookup():
    g = load("sample.csv")
    assert g.target("Loukachenko", "en") == "Lukashenko"
    assert g.target("biélorusses", "en") == "Belarusian"
    assert g.target(g.terms[2], "es") == "Zapad"  # do-not-translate: itself
    assert g.target("Loukachenko", "de") is None
    assert g.target("Paris", "en") is None


@pytest.mark.parametrize(
    "name, line, fragment",
    [
        ("bad-column.csv", 1, "unknown column 'notes'"),
        ("bad-no-source.csv", 1, "unknown column 'term'"),
        ("bad-language.csv", 1, "bad language code"),
        ("bad-duplicate-column.csv", 1, "duplicate column"),
        ("bad-missing-source.csv", 3, "missing source term"),
        ("bad-boolean.csv", 3, "bad do_not_translate value 'peut-être'"),
        ("bad-duplicate-term.csv", 6, "duplicate term 'moscou' (first defined on line 2)"),
        ("bad-extra-field.csv", 2, "3 fields, the header has 2"),
        ("bad-dnt-target.csv", 2, "different target:en 'West'"),
        ("bad-empty.csv", 1, "empty glossary"),
    ],
)
def test_errors_name_file_and_line(name, line, fragment):
    with pytest.raises(GlossaryError) as info:
        load(name)
    err = info.value
    assert err.path == name
    assert err.line == line
    assert fragment in err.message
    assert str(err).startswith(f"{name}:{line}: ")


def test_header_without_source_column():
    with pytest.raises(GlossaryError, match="no 'source' column"):
        read_glossary("note,target:en\nx,y\n", "g.csv")


def test_seed_glossary_loads_and_covers_the_article():
    g = read_glossary((ROOT / "glossary.csv").read_text(encoding="utf-8"), "glossary.csv")
    assert {"en", "es", "ca"} <= set(g.languages)
    found = {t.source for t in g.find(SEED.read_text(encoding="utf-8"))}
    assert {"Loukachenko", "Bélarus", "biélorusse", "Zapad", "Belavia", "Truth Social", "Intervision",
            "Eurovision", "Kremlin", "OTAN", "Viktor Khrenin", "John Coale", "Minsk", "Poutine", "Moscou"} <= found
    assert g.target("Loukachenko", "en") == "Lukashenko"
    assert g.target("Loukachenko", "ca") == "Lukaixenko"
    assert g.target("Biélorussie", "es") == "Bielorrusia"
    assert g.target("OTAN", "en") == "NATO"
    assert g.target("Moscou", "es") == "Moscú"
    assert g.target("Poutine", "en") == "Putin"
    assert {"Zapad", "Belavia", "Truth Social", "John Coale"} <= set(g.dnt_terms())
    # Every target form is written without stray spaces, and no dnt term has a target.
    for t in g.terms:
        for forms in t.targets.values():
            assert all(f == f.strip() and f for f in forms)
        assert not (t.do_not_translate and t.targets)


GOOD = "source,note,do_not_translate,target:en\n" + "".join(f"terme{i},note {i},no,term{i}\n" for i in range(2, 12))


@pytest.mark.parametrize("row", [2, 5, 11])
@pytest.mark.parametrize("column", [0, 1, 3])
def test_a_quote_never_closed_is_an_error_naming_its_line(row: int, column: int) -> None:
    lines = GOOD.splitlines(keepends=True)
    cells = lines[row - 1].split(",")
    cells[column] = '"' + cells[column]
    lines[row - 1] = ",".join(cells)
    with pytest.raises(GlossaryError) as info:
        read_glossary("".join(lines), "g.csv")
    assert info.value.line == row and info.value.path == "g.csv"
    assert "quote" in str(info.value)
