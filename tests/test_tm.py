"""Fuzzy matching: the index agrees with a full scan, carries numbers and placeholders over."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from polyglot.tm import FuzzyIndex, Unit, carry_over, normalize, similarity

SENT = "L’armée américaine a participé à un exercice militaire sur le sol biélorusse."


def test_near_identical_sentence_matches_with_its_score() -> None:
    index = FuzzyIndex([Unit(SENT, "The US army took part in a military exercise on Belarusian soil.", "doc-a")])
    query = SENT.replace("américaine", "russe")
    match = index.best(query)
    assert match is not None and match.unit.origin == "doc-a"
    assert match.score == similarity(SENT, query) and 75 <= match.score < 100
    assert "doc-a" in match.comment() and f"{int(match.score)}%" in match.comment()


def test_below_threshold_is_no_match() -> None:
    index = FuzzyIndex([Unit(SENT, "T.", "a")])
    assert index.best("Le président américain n’a pas condamné l’attaque.") is None
    assert index.best(SENT.replace("américaine", "russe"), min_score=99) is None


def test_number_only_difference_gets_the_new_number() -> None:
    src = "Des représentants de 17 pays ont assisté aux exercices en 2025."
    index = FuzzyIndex([Unit(src, "Representatives of 17 countries attended the exercises in 2025.", "a")])
    match = index.best("Des représentants de 23 pays ont assisté aux exercices en 2025.")
    assert match is not None and match.carried
    assert match.target == "Representatives of 23 countries attended the exercises in 2025."


def test_number_written_with_target_separators_is_replaced() -> None:
    assert carry_over("Plus de 100 000 militaires.", "More than 100,000 soldiers.", "Plus de 120 000 militaires.") == (
        "More than 120,000 soldiers."
    )
    assert carry_over("Taux de 3,5 %.", "A rate of 3.5%.", "Taux de 4,2 %.") == "A rate of 4.2%."


def test_placeholders_are_renamed() -> None:
    out = carry_over("Voir {em1}ici{/em1}{fn2}.", "See {em1}here{/em1}{fn2}.", "Voir {em1}ici{/em1}{fn7}.")
    assert out == "See {em1}here{/em1}{fn7}."


def test_other_differences_or_ambiguous_numbers_are_not_carried() -> None:
    assert carry_over("Il a 12 ans.", "He is 12.", "Elle a 12 ans.") is None
    assert carry_over("De 5 à 5.", "From 5 to 5.", "De 5 à 6.") is None  # which 5?
    assert carry_over("Il a 12 ans.", "He is twelve.", "Il a 13 ans.") is None


def test_duplicates_are_indexed_once() -> None:
    index = FuzzyIndex([Unit("A b c.", "X.", "one"), Unit("A b c.", "X.", "two"), Unit("A b c.", "Y.", "two")])
    assert len(index) == 2 and index.units[0].origin == "one"


WORDS = "le la les de du un une armée russe exercice militaire pays président soldats Minsk Moscou sol".split()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=4, max_size=14), min_size=5, max_size=40), st.randoms())
def test_index_finds_the_full_scan_best_score(sentences, rnd: random.Random) -> None:
    units = [Unit(" ".join(s), f"t{i}", "p") for i, s in enumerate(sentences)]
    index = FuzzyIndex(units)
    words = rnd.choice(sentences)[:]
    words[rnd.randrange(len(words))] = rnd.choice(WORDS)
    query = " ".join(words)
    brute = process.extractOne(query, [normalize(u.source) for u in index.units], scorer=fuzz.ratio,
                               processor=None, score_cutoff=75)
    mine = index.best(query)
    # The index may only miss matches that share none of the query's rarest words,
    # which a one-word edit of an indexed sentence cannot produce.
    assert (mine is None) == (brute is None)
    if mine is not None:
        assert mine.score == brute[1]
