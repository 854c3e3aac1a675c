"""Glossary terms applied through the engines: which target form comes back, with which capital."""

from __future__ import annotations

from polyglot.glossary import read_glossary
from polyglot.protect import protect, restore

CSV = """\
source,do_not_translate,target:en,target:es
biélorusse|biélorusses,no,Belarusian|Belarusians,bielorruso|bielorrusa|bielorrusos|bielorrusas
Bélarus|Biélorussie,no,Belarus,Bielorrusia|Belarús
OTAN,no,NATO,OTAN
États-Unis,no,United States|US,Estados Unidos
Zapad,yes,,
Moscou,no,,Moscú
"""
G = read_glossary(CSV, "g.csv")


def through(text: str, lang: str) -> str:
    """The text after protection and restoration by an engine that changes nothing."""
    p = protect(text, (), G.engine_terms(lang))
    restored = restore(p.text, p)
    assert restored.problems == ()
    return restored.text


def test_parallel_forms_map_position_to_position() -> None:
    assert through("Un biélorusse, deux biélorusses.", "en") == "Un Belarusian, deux Belarusians."


def test_grouped_forms_take_each_groups_first() -> None:
    assert through("Un biélorusse, deux biélorusses.", "es") == "Un bielorruso, deux bielorrusos."


def test_case_accents_and_apostrophes_match_and_capitals_are_kept() -> None:
    assert through("Biélorusse de naissance, il vit au BELARUS.", "en") == "Belarusian de naissance, il vit au BELARUS."
    assert through("Biélorusse de naissance.", "es") == "Bielorruso de naissance."
    assert through("Les membres de l'OTAN et de l’OTAN.", "en") == "Les membres de l'NATO et de l’NATO."
    assert through("Les ETATS-UNIS.", "en") == "Les UNITED STATES."


def test_terms_without_a_target_in_the_language_are_left_to_the_engine() -> None:
    assert through("Moscou et Zapad.", "en") == "Moscou et Zapad."
    assert through("Moscou et Zapad.", "es") == "Moscú et Zapad."


def test_translated_terms_cross_as_text_identical_ones_as_tags() -> None:
    p = protect("Les membres de l’OTAN et Zapad.", (), G.engine_terms("en"))
    assert p.text == 'Les membres de l’NATO et <x id="1"/>.' and p.inline_terms == ("NATO",)
    p = protect("Trois membres de l’OTAN.", (), G.engine_terms("es"))  # OTAN is OTAN in Spanish
    assert p.text == 'Trois membres de l’<x id="1"/>.'
    assert restore('Tres miembros del<x id="1"/>.', p).text == "Tres miembros del OTAN."
    assert restore("Tres miembros.", p).problems == ("glossary term 'OTAN' dropped by the engine",)


def test_a_term_the_engine_changed_is_flagged() -> None:
    p = protect("Le président Loukachenko.", (), _lukashenko())
    assert restore("The president Lukaixenka.", p).problems == ("glossary term 'Lukashenko' changed by the engine",)
    assert restore("The president Lukashenko.", p).problems == ()


def _lukashenko():
    return read_glossary("source,target:en\nLoukachenko,Lukashenko\n", "g.csv").engine_terms("en")


def test_whole_words_only() -> None:
    assert through("La biélorussité de Bélarusien.", "en") == "La biélorussité de Bélarusien."
