"""Target-locale typography: quotes, French spaces, numbers (CLDR via babel)."""

from __future__ import annotations

import pytest

from polyglot.typography import adapt, pre_engine, quotes

NB, NNB = "\u00a0", "\u202f"
# Typical engine output: French typography carried over from the source.
QUOTED = f"il veut «{NB}normaliser les relations{NB}»{{fn2}}."
NUMBERS = f"plus de 100{NB}000 militaires, 13 000 annoncés, 3,5{NB}% et 1{NNB}234,50 euros"
PUNCT = f"trois membres de l’OTAN{NB}: les États-Unis{NB}! Pourquoi ?"
NOT_NUMBERS = "le 9 au 10 septembre 2025, à 14:30, le 12.09.2025, en 2017-2018, 1, 2, 3"

CASES = [
    # target, text, expected
    ("en", QUOTED, "il veut “normaliser les relations”{fn2}."),
    ("es", QUOTED, "il veut «normaliser les relations»{fn2}."),
    ("ca", QUOTED, "il veut «normaliser les relations»{fn2}."),
    ("it", QUOTED, "il veut «normaliser les relations»{fn2}."),
    ("pt", QUOTED, "il veut “normaliser les relations”{fn2}."),
    ("oc", QUOTED, "il veut «normaliser les relations»{fn2}."),
    ("eo", QUOTED, "il veut “normaliser les relations”{fn2}."),
    ("en", NUMBERS, "plus de 100,000 militaires, 13,000 annoncés, 3.5% et 1,234.50 euros"),
    ("es", NUMBERS, f"plus de 100.000 militaires, 13.000 annoncés, 3,5{NB}% et 1.234,50 euros"),
    ("ca", NUMBERS, f"plus de 100.000 militaires, 13.000 annoncés, 3,5{NB}% et 1.234,50 euros"),
    ("it", NUMBERS, "plus de 100.000 militaires, 13.000 annoncés, 3,5% et 1.234,50 euros"),
    ("pt", NUMBERS, "plus de 100.000 militaires, 13.000 annoncés, 3,5% et 1.234,50 euros"),
    # babel 2.18's CLDR data for Occitan has root number symbols
    ("oc", NUMBERS, f"plus de 100,000 militaires, 13,000 annoncés, 3.5{NNB}% et 1,234.50 euros"),
    ("eo", NUMBERS, f"plus de 100{NB}000 militaires, 13{NB}000 annoncés, 3,5% et 1{NB}234,50 euros"),
    ("en", PUNCT, "trois membres de l’OTAN: les États-Unis! Pourquoi?"),
    ("es", PUNCT, "trois membres de l’OTAN: les États-Unis! Pourquoi?"),
    ("ca", PUNCT, "trois membres de l’OTAN: les États-Unis! Pourquoi?"),
    ("it", PUNCT, "trois membres de l’OTAN: les États-Unis! Pourquoi?"),
    ("pt", PUNCT, "trois membres de l’OTAN: les États-Unis! Pourquoi?"),
    ("oc", PUNCT, "trois membres de l’OTAN: les États-Unis! Pourquoi?"),
    ("eo", PUNCT, "trois membres de l’OTAN: les États-Unis! Pourquoi?"),
    *[(t, NOT_NUMBERS, NOT_NUMBERS) for t in ("en", "es", "ca", "it", "pt", "oc", "eo")],
]


@pytest.mark.parametrize("target, text, expected", CASES)
def test_adapt(target, text, expected):
    assert adapt(text, "fr", target) == expected


def test_quotation_marks_come_from_cldr_table():
    assert quotes("en")[:2] == ("“", "”")
    assert quotes("es")[:2] == ("«", "»")
    assert quotes("pt_BR")[:2] == ("“", "”")  # falls back to the language
    assert quotes("pt-PT")[:2] == ("«", "»")
    assert quotes("xx")[:2] == ("“", "”")  # CLDR root


def test_nested_quotes_use_alternate_marks():
    text = "« Il a dit “ non ” hier »"
    assert adapt(text, "fr", "en") == "“Il a dit ‘non’ hier”"
    assert adapt("« Il a dit « non » hier »", "fr", "es") == "«Il a dit “non” hier»"


def test_placeholders_are_never_touched():
    text = "{url1} : {{100 000}} {em1}« 3,5 % »{/em1}{fn1} ?"
    assert adapt(text, "fr", "en") == "{url1}: {{100,000}} {em1}“3.5%”{/em1}{fn1}?"


def test_double_spaces_collapse_and_french_target_is_left_alone():
    assert adapt("deux  espaces   ici ", "fr", "en") == "deux espaces ici"
    text = f"«{NB}oui{NB}»{NB}: 3,5{NB}%"
    assert adapt(text, "fr", "fr") == text


def test_only_real_thousand_groups_are_regrouped():
    # 1–3 digits then groups of exactly three; anything else is left as it is
    assert adapt("10 00 et 1 0000 et 12 345 678", "fr", "en") == "10 00 et 1 0000 et 12,345,678"
    assert adapt("Zapad 2025 a réuni 100 000 hommes", "fr", "en") == "Zapad 2025 a réuni 100,000 hommes"
    assert adapt("2025 100 000", "fr", "en") == "2025 100 000"  # ambiguous: kept


def test_pre_engine_keeps_numbers_together_and_unifies_apostrophes():
    assert pre_engine("l'armée de 100 000  hommes {fn1}", "fr") == f"l’armée de 100{NB}000 hommes {{fn1}}"
    assert pre_engine("plain 100 000", "en") == "plain 100 000"
