"""Glossary suggestions: phrases, names and unknown words the glossary lacks, ready to paste."""

from __future__ import annotations

import csv
import io
import json
import shutil

from conftest import ROOT
from test_tm_project import run

from polyglot.glossary import read_glossary
from polyglot.terms import suggest, to_csv, unknown_words

SENTENCES = [
    "Le conseil municipal a voté le budget.",
    "Selon le conseil municipal, la taxe foncière baisse.",
    "La taxe foncière augmente à Lyon, dit Marie Curie.",
    "Le maire {em1}Jean Dupont{/em1} préside le conseil municipal.",
    "Lyon accueille le sommet.",
]


def terms(found):
    return {(c.term, c.kind): c.count for c in found}


def test_phrases_names_and_counts() -> None:
    found = terms(suggest(SENTENCES))
    assert found[("conseil municipal", "phrase")] == 3
    assert found[("taxe foncière", "phrase")] == 2
    assert found[("Marie Curie", "name")] == 1 and found[("Jean Dupont", "name")] == 1
    # One word, capitalized once mid-sentence (the other time sentence-initial): below min_count.
    assert ("Lyon", "name") not in found
    assert terms(suggest(SENTENCES, min_count=1))[("Lyon", "name")] == 1
    assert not any(k[0].startswith(("le ", "la ")) or k[0].endswith((" le", " la")) for k in found)


def test_longer_phrase_with_the_same_count_wins() -> None:
    found = terms(suggest(["La taxe foncière bâtie monte.", "Une taxe foncière bâtie."]))
    assert ("taxe foncière bâtie", "phrase") in found and ("taxe foncière", "phrase") not in found


def test_glossary_terms_are_left_out() -> None:
    g = read_glossary("source,target:en\nconseil municipal,city council\nMarie Curie,Marie Curie\n", "g.csv")
    found = terms(suggest(SENTENCES, g))
    assert ("conseil municipal", "phrase") not in found and ("Marie Curie", "name") not in found
    assert ("taxe foncière", "phrase") in found


def test_unknown_words_only_when_in_the_source() -> None:
    found = suggest(SENTENCES, unknown={"en": ["foncière", "budgeto"], "es": ["foncière"]})
    unk = [c for c in found if c.kind == "unknown"]
    assert [(c.term, c.languages, c.count) for c in unk] == [("foncière", ("en", "es"), 2)]
    assert unknown_words(["polyglot: unknown words: a, b", "other"]) == ["a", "b"]


def test_csv_rows_paste_into_a_glossary() -> None:
    header = "source,note,do_not_translate,target:en\nLyon,,yes,\n"
    rows = to_csv(suggest(SENTENCES), ["en"]).split("\n", 1)[1]
    g = read_glossary(header + rows, "g.csv")
    assert {t.source for t in g.terms} >= {"Lyon", "conseil municipal", "taxe foncière"}


def test_cli_on_the_seed(seed_project) -> None:
    shutil.copytree(ROOT / "locales", seed_project / "locales")
    code, out, err = run(seed_project, "terms", "suggest", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert found and all(c["count"] >= 1 and c["examples"] for c in found)
    glossary = read_glossary((seed_project / "glossary.csv").read_text(encoding="utf-8"), "glossary.csv")
    assert not any(glossary.find(c["term"]) for c in found)
    assert any(c["kind"] == "phrase" and c["count"] >= 2 for c in found)
    code, out, err = run(seed_project, "terms", "suggest", "--csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["source", "note", "do_not_translate"] and len(rows) == len(found) + 1
    merged = (seed_project / "glossary.csv").read_text(encoding="utf-8") + out.split("\n", 1)[1]
    assert len(read_glossary(merged, "glossary.csv").terms) == len(glossary.terms) + len(found)
