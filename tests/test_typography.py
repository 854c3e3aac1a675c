"""Target-locale typography: quotes, French spaces, numbers (CLDR via babel)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from polyglot.typography import QUOTES, adapt, quotes

NB, NNB = "\u00a0", "\u202f"
# Typical engine output: French typography carried over from the source.
QUOTED = f"il veut «{NB}normaliser les relations{NB}»{{fn2}}."
NUMBERS = f"plus de 100{NB}000 militaires, 13 000 annoncés, 3,5{NB}% et 1{NNB}234,50 euros"
PUNCT = f"trois membres de l’OTAN{NB}: les États-Unis{NB}! Pourquoi ?"
NOT_NUMBERS = "le 9 au 10 septembre 2025, à 14:30, le 12.09.2025, en 2017-2018, 1, 2, 3"

TARGETS = ("en", "es", "ca", "it", "pt", "oc", "eo")


def number_sentence(target: str) -> str:
    """NUMBERS as the target writes it, asked of babel at run time (CLDR changes between releases)."""
    whole = [format_decimal(v, locale=target) for v in (100000, 13000, 1234)]
    pct = format_percent(Decimal("0.035"), locale=target, decimal_quantization=False)
    cents = whole[2] + get_decimal_symbol(target) + "50"
    return f"plus de {whole[0]} militaires, {whole[1]} annoncés, {pct} et {cents} euros"


def en(value: int) -> str:
    return format_decimal(value, locale="en")


def quoted_sentence(target: str) -> str:
    start, end = quotes(target)[:2]
    return f"il veut {start}normaliser les relations{end}{{fn2}}."


CASES = [
    # target, text, expected
    *[(t, QUOTED, quoted_sentence(t)) for t in TARGETS],
    *[(t, NUMBERS, number_sentence(t)) for t in TARGETS],
    *[(t, PUNCT, "trois membres de l’OTAN: les États-Unis! Pourquoi?") for t in TARGETS],
    *[(t, NOT_NUMBERS, NOT_NUMBERS) for t in TARGETS],
]


@pytest.mark.parametrize("target, text, expected", CASES)
def test_adapt(target, text, expected):
    assert adapt(text, "fr", target) == expected


def test_quotation_marks_come_from_cldr_table():
    assert quotes("es") == QUOTES["es"]
    assert quotes("pt_BR") == QUOTES["pt"]  # falls back to the language
    assert quotes("pt-PT") == QUOTES["pt_PT"]
    assert quotes("xx") == QUOTES["root"]
    assert all(len(set(marks[:2])) == 2 for marks in QUOTES.values())


@pytest.mark.parametrize("target", TARGETS)
def test_numbers_keep_their_digits_and_take_the_target_symbols(target):
    out = adapt(NUMBERS, "fr", target)
    assert [d for d in out if d.isdigit()] == [d for d in NUMBERS if d.isdigit()]
    assert out.count(get_group_symbol(target)) >= 3


def test_nested_quotes_use_alternate_marks():
    text = "« Il a dit “ non ” hier »"
    assert adapt(text, "fr", "en") == "“Il a dit ‘non’ hier”"
    assert adapt("« Il a dit « non » hier »", "fr", "es") == "«Il a dit “non” hier»"


def test_placeholders_are_never_touched():
    text = "{url1} : {{100 000}} {em1}« 3,5 % »{/em1}{fn1} ?"
    start, end = quotes("en")[:2]
    pct = format_percent(Decimal("0.035"), locale="en", decimal_quantization=False)
    assert adapt(text, "fr", "en") == f"{{url1}}: {{{{{en(100000)}}}}} {{em1}}{start}{pct}{end}{{/em1}}{{fn1}}?"


def test_double_spaces_collapse_and_french_target_is_left_alone():
    assert adapt("deux  espaces   ici ", "fr", "en") == "deux espaces ici"
    text = f"«{NB}oui{NB}»{NB}: 3,5{NB}%"
    assert adapt(text, "fr", "fr") == text


def test_only_real_thousand_groups_are_regrouped():
    # 1–3 digits then groups of exactly three; anything else is left as it is
    assert adapt("10 00 et 1 0000 et 12 345 678", "fr", "en") == f"10 00 et 1 0000 et {en(12345678)}"
    assert adapt("Zapad 2025 a réuni 100 000 hommes", "fr", "en") == f"Zapad 2025 a réuni {en(100000)} hommes"
    assert adapt("2025 100 000", "fr", "en") == "2025 100 000"  # ambiguous: kept
