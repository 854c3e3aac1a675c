"""Quality checks for a French source: each check on cases that must and must not be reported."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import format_decimal

from polyglot.catalog import Catalog, Message
from polyglot.glossary import read_glossary
from polyglot.qa import (
    CHECKS,
    CODES,
    Finding,
    Pair,
    check_catalog,
    check_copied,
    check_end_punctuation,
    check_glossary,
    check_length,
    check_numbers,
    check_pair,
    check_placeholders,
    check_quotes,
    check_state,
    check_typography,
    format_findings,
    numbers,
    select,
    summary,
)

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = read_glossary((ROOT / "glossary.csv").read_text(encoding="utf-8"), "glossary.csv")
NB = "\u00a0"


def codes(check, source: str, target: str, lang: str = "en", fuzzy: bool = False) -> list[str]:
    return [code for code, _ in check(Pair(source, target, "fr", lang, fuzzy, GLOSSARY))]


def test_codes_table_is_complete():
    assert set(CHECKS) == {"state", "placeholders", "numbers", "quotes", "end-punctuation", "typography",
                           "glossary", "copied", "length"}
    for code in CODES.values():
        assert code.severity in ("error", "warning", "info")
        assert code.description and "\n" not in code.description
    assert {c for c, v in CODES.items() if v.severity == "error"} == {
        "placeholder-missing", "placeholder-extra", "placeholder-span", "placeholder-unknown", "number-missing"}


CASES = [
    # state
    (check_state, "Bonjour.", "", "en", False, ["untranslated"]),
    (check_state, "Bonjour.", "Hello.", "en", True, ["fuzzy"]),
    (check_state, "Bonjour.", "Hello.", "en", False, []),
    # placeholders: footnotes and spans exactly once, spans in order
    (check_placeholders, "pour l’invitation{fn1}.", "for the invitation{fn1}.", "en", False, []),
    (check_placeholders, "pour l’invitation{fn1}.", "for the invitation.", "en", False, ["placeholder-missing"]),
    (check_placeholders, "pour l’invitation{fn1}.", "for{fn1} the invitation{fn1}.", "en", False, ["placeholder-extra"]),
    (check_placeholders, "voir {url1}", "see {url2}", "en", False, ["placeholder-missing", "placeholder-extra"]),
    (check_placeholders, "un {em1}mot{/em1} et {fn2}", "a {em1}word{/em1} and {fn2}", "en", False, []),
    (check_placeholders, "un {em1}mot{/em1}", "a {/em1}word{em1}", "en", False, ["placeholder-span"]),
    (check_placeholders, "un {em1}mot{/em1}", "a {em1}word", "en", False, ["placeholder-missing"]),
    (check_placeholders, "des {{accolades}}", "some {{braces}}", "en", False, []),
    (check_placeholders, "voir {link1}le site{/link1}", "see {link1}the site{/link}", "en", False,
     ["placeholder-missing", "placeholder-unknown"]),
    (check_placeholders, "la note{fn1}", "the note{fn1} {", "en", False, ["placeholder-unknown"]),
    (check_placeholders, "{fn1} puis {fn2}", "{fn2} then {fn1}", "en", False, []),  # order may change
    # numbers, each side read with its own conventions
    (check_numbers, "plus de 100 000 militaires", "more than 100,000 troops", "en", False, []),
    (check_numbers, "plus de 100 000 militaires", "más de 100.000 militares", "es", False, []),
    (check_numbers, f"plus de 100{NB}000 militaires", "more than 100 000 troops", "en", False, []),
    (check_numbers, "3,5 % des voix", "3.5% of the vote", "en", False, []),
    (check_numbers, "3,5 % des voix", "el 3,5 % de los votos", "es", False, []),
    (check_numbers, "Zapad 2025", "Zapad 2025", "en", False, []),
    (check_numbers, "vendredi 12 septembre", "Friday, September 12", "en", False, []),
    (check_numbers, "hier, mardi 16.", "yesterday, Tuesday the 16th.", "en", False, []),
    (check_numbers, "depuis 2017, que", "since 2017, that", "en", False, []),
    (check_numbers, "le 12 septembre 2025", "on September 12, 2025", "en", False, []),
    (check_numbers, "pour l’invitation{fn1}.", "for the invitation{fn1}.", "en", False, []),
    (check_numbers, "plus de 100 000 militaires", "more than 100 troops", "en", False, ["number-missing", "number-extra"]),
    (check_numbers, "3,5 % des voix", "3,5% of the vote", "en", False, ["number-missing", "number-extra", "number-extra"]),
    (check_numbers, "plus de 100 000 militaires", "more than 100.000 troops", "en", False, ["number-missing", "number-extra"]),
    (check_numbers, "52 prisonniers", "political prisoners", "en", False, ["number-missing"]),
    (check_numbers, "des prisonniers", "52 prisoners", "en", False, ["number-extra"]),
    (check_numbers, "du 9 au 10 septembre", "from 9 to 10 September", "en", False, []),
    # quotes and brackets: balanced as in the source, whatever marks the target uses
    (check_quotes, f"«{NB}normaliser{NB}»", "“normalize”", "en", False, []),
    (check_quotes, f"«{NB}normaliser{NB}»", "«normalizar»", "es", False, []),
    (check_quotes, f"«{NB}normaliser{NB}»", '"normalize"', "en", False, []),
    (check_quotes, f"«{NB}normaliser{NB}»", "„normalisieren“", "de", False, []),
    (check_quotes, f"«{NB}normaliser{NB}»", "“normalize", "en", False, ["quotes-unbalanced"]),
    (check_quotes, f"«{NB}normaliser{NB}»", "normalize", "en", False, ["quotes-unbalanced"]),
    (check_quotes, f"«{NB}normaliser{NB}»", "„normalisieren", "de", False, ["quotes-unbalanced"]),
    (check_quotes, f"il a dit{NB}: «{NB}Il s’agit", "he said: “It is", "en", False, []),  # a quote spanning sentences
    (check_quotes, "l’armée s’est dit", "the army’s men said it’s", "en", False, []),  # apostrophes are no quotes
    (check_quotes, "le mot ‘armée’", "the word ‘army", "en", False, ["quotes-unbalanced"]),
    (check_quotes, "le mot ‘armée’", "the word ‘army’", "en", False, []),
    (check_quotes, "(en comptant la Russie)", "(including Russia)", "en", False, []),
    (check_quotes, "(en comptant la Russie)", "(including Russia", "en", False, ["brackets-unbalanced"]),
    (check_quotes, "[sic]", "sic]", "en", False, ["brackets-unbalanced"]),
    # end punctuation: same kind, French spacing and closing quotes ignored
    (check_end_punctuation, f"Pourquoi{NB}?", "Why?", "en", False, []),
    (check_end_punctuation, f"Vraiment{NB}!", "¡De verdad!", "es", False, []),
    (check_end_punctuation, "à cette affaire\u00a0».", "with this affair.”", "en", False, []),
    (check_end_punctuation, f"relations bilatérales{NB}»{{fn2}}.", "bilateral relations”{fn2}.", "en", False, []),
    (check_end_punctuation, "sans préciser de date{fn3}.", "without giving a date.{fn3}", "en", False, []),
    (check_end_punctuation, "Et puis…", "And then...", "en", False, []),
    (check_end_punctuation, f"trois membres{NB}:", "three members:", "en", False, []),
    (check_end_punctuation, "Zapad 2025", "Zapad 2025", "en", False, []),
    (check_end_punctuation, "Pourquoi ?", "Γιατί;", "el", False, []),
    (check_end_punctuation, f"Pourquoi{NB}?", "Why.", "en", False, ["end-punctuation"]),
    (check_end_punctuation, "Il est parti.", "He left", "en", False, ["end-punctuation"]),
    (check_end_punctuation, "Zapad 2025", "Zapad 2025.", "en", False, ["end-punctuation"]),
    # typography: French spacing and guillemets where the target uses neither
    (check_typography, f"Pourquoi{NB}?", "Why?", "en", False, []),
    (check_typography, f"«{NB}normaliser{NB}»", "“normalize”", "en", False, []),
    (check_typography, f"«{NB}normaliser{NB}»", "«normalizar»", "es", False, []),
    (check_typography, f"«{NB}normaliser{NB}»", "«normalitzar»", "ca", False, []),
    (check_typography, f"Pourquoi{NB}?", f"Why{NB}?", "en", False, ["punctuation-spacing"]),
    (check_typography, f"membres{NB}:", "members :", "en", False, ["punctuation-spacing"]),
    (check_typography, f"«{NB}normaliser{NB}»", f"«{NB}normalizar{NB}»", "es", False, ["punctuation-spacing"]),
    (check_typography, f"«{NB}normaliser{NB}»", "«normalize»", "en", False, ["quote-style"]),
    (check_typography, f"«{NB}normaliser{NB}»", f"«{NB}normalize{NB}»", "en", False, ["punctuation-spacing", "quote-style"]),
    (check_typography, "voir {url1} : ici", "see {url1}: here", "en", False, []),
    # glossary: required target terms, do-not-translate terms unchanged
    (check_glossary, "le président Loukachenko", "President Lukashenko", "en", False, []),
    (check_glossary, "le président Loukachenko", "el presidente Lukashenko", "es", False, []),
    (check_glossary, "le président Loukachenko", "el president Lukaixenko", "ca", False, []),
    (check_glossary, "le président Loukachenko", "President Loukachenko", "en", False, ["glossary-term"]),
    (check_glossary, "au Bélarus", "in Belarus", "en", False, []),
    (check_glossary, "au Bélarus", "en Bielorrusia", "es", False, []),
    (check_glossary, "au Bélarus", "a Bielorússia", "ca", False, []),
    (check_glossary, "au Bélarus", "in Byelorussia", "en", False, ["glossary-term"]),
    (check_glossary, "le sol biélorusse", "Belarusian soil", "en", False, []),
    (check_glossary, "le régime biélorusse", "el régimen bielorruso", "es", False, []),
    (check_glossary, "membres de l’OTAN", "NATO members", "en", False, []),
    (check_glossary, "membres de l’OTAN", "miembros de la OTAN", "es", False, []),
    (check_glossary, "membres de l’OTAN", "OTAN members", "en", False, ["glossary-term"]),
    (check_glossary, "l’exercice Zapad 2025", "the Zapad 2025 exercise", "en", False, []),
    (check_glossary, "l’exercice Zapad 2025", "the West 2025 exercise", "en", False, ["glossary-dnt"]),
    (check_glossary, "sur Truth Social", "on Truth Social", "en", False, []),
    (check_glossary, "sur Truth Social", "on Social Truth", "en", False, ["glossary-dnt"]),
    (check_glossary, "avec Moscou", "with Moscow", "en", False, []),
    (check_glossary, "avec Moscou", "con Moscú", "es", False, []),
    (check_glossary, "avec Moscou", "amb Moscou", "ca", False, []),
    (check_glossary, "avec Moscou", "con Moscou", "es", False, ["glossary-term"]),
    (check_glossary, "les États-Unis", "the US", "en", False, []),
    (check_glossary, "les États-Unis", "tell us", "en", False, ["glossary-term"]),
    (check_glossary, "rien à signaler", "nothing to report", "en", False, []),
    # source copied unchanged
    (check_copied, "Le président américain n’a pas condamné l’attaque.", "Le président américain n’a pas condamné l’attaque.", "en", False, ["source-copied"]),
    (check_copied, f"Pourquoi{NB}?", "Pourquoi ?", "en", True, []),  # one word: cannot tell
    (check_copied, "Zapad 2025", "Zapad 2025", "en", False, []),  # a name and a number
    (check_copied, "Viktor Khrenin, Minsk", "Viktor Khrenin, Minsk", "en", False, []),
    (check_copied, "Le président américain.", "The American president.", "en", False, []),
    # length ratio, for sentences long enough to judge
    (check_length, "Le président américain n’a pas condamné l’attaque.", "The US president did not condemn the attack.", "en", False, []),
    (check_length, "Le président américain n’a pas condamné l’attaque.", "The attack.", "en", False, ["length-ratio"]),
    (check_length, "Le président américain n’a pas condamné l’attaque.", "The American president " * 6, "en", False, ["length-ratio"]),
    (check_length, "Oui.", "Yes, indeed, absolutely.", "en", False, []),  # too short to judge
    (check_length, "pour l’invitation{fn1}{url1}{url2}.", "for the invitation{fn1}{url1}{url2}.", "en", False, []),
]


@pytest.mark.parametrize("check, source, target, lang, fuzzy, expected", CASES)
def test_check(check, source, target, lang, fuzzy, expected):
    assert codes(check, source, target, lang, fuzzy) == expected


@pytest.mark.parametrize("check", [c for c in CHECKS.values()])
def test_every_check_has_cases_both_ways(check):
    found = [expected for c, *_, expected in CASES if c is check]
    assert any(found) and any(not e for e in found)


def test_numbers_reads_locale_conventions():
    assert [v for v, _ in numbers("100 000 et 3,5 % et 2017, 12", "fr")] == [
        Decimal(100000), Decimal("3.5"), Decimal(2017), Decimal(12)]
    assert [v for v, _ in numbers("100,000 and 3.5% on September 12, 2025", "en")] == [
        Decimal(100000), Decimal("3.5"), Decimal(12), Decimal(2025)]
    for code in ("es", "de_CH", "eo", "ar"):  # each written as CLDR (through babel) writes it today
        text = f"{format_decimal(100000, locale=code)} y {format_decimal(Decimal('3.5'), locale=code)}"
        assert [v for v, _ in numbers(text, code)] == [Decimal(100000), Decimal("3.5")], (code, text)
    assert [v for v, _ in numbers("{fn12} et {url3}", "fr")] == []


def test_untranslated_pair_gets_only_its_state():
    assert check_pair(Pair("Plus de 100 000 militaires.", "", "fr", "en")) == [("untranslated", "no translation yet")]


# --- whole catalogs --------------------------------------------------------------------------

FN1 = ("Dans une vidéo mise en scène et publiée par le ministère de la Défense biélorusse, on peut voir les deux "
       "soldats américains remercier le ministre Viktor Khrenin pour l’invitation{fn1}.")
SEED = [
    (
        "L’exercice militaire russo-biélorusse Zapad 2025, qui a débuté vendredi 12 septembre, s’est achevé hier, mardi 16.",
        "The Russian-Belarusian military exercise Zapad 2025, which began on Friday, September 12, ended yesterday, "
        "Tuesday the 16th.",
    ),
    (
        "Selon le Kremlin, plus de 100 000 militaires — soit un nombre largement supérieur aux 13 000 initialement "
        "annoncés — des armées russe, biélorusse mais également du Bangladesh, de l’Inde, du Burkina Faso, de la "
        "République démocratique du Congo, du Mali et de l’Iran auraient pris part aux manœuvres.",
        "According to the Kremlin, more than 100,000 troops — far more than the 13,000 initially announced — from the "
        "Russian and Belarusian armies, but also from Bangladesh, India, Burkina Faso, the Democratic Republic of the "
        "Congo, Mali and Iran reportedly took part in the manoeuvres.",
    ),
    (
        f"En addition, des représentants de 17 pays (en comptant la Russie) ont assisté aux exercices en tant "
        f"qu’observateurs au Bélarus, parmi lesquels trois membres de l’OTAN{NB}: les États-Unis, la Hongrie et la Turquie.",
        "In addition, representatives of 17 countries (including Russia) attended the exercises as observers in "
        "Belarus, among them three NATO members: the United States, Hungary and Turkey.",
    ),
    (
        FN1,
        "In a video staged and published by the Belarusian Ministry of Defence, the two American soldiers can be seen "
        "thanking Minister Viktor Khrenin for the invitation{fn1}.",
    ),
    (
        f"La semaine dernière, l’envoyé du président américain, John Coale, a déclaré lors d’un déplacement à Minsk que "
        f"les États-Unis souhaitaient rouvrir leur ambassade dans le pays et «{NB}normaliser les relations "
        f"bilatérales{NB}»{{fn2}}.",
        "Last week, the US president’s envoy, John Coale, said during a visit to Minsk that the United States wanted "
        "to reopen its embassy in the country and to “normalize bilateral relations”{fn2}.",
    ),
    (
        f"Trump avait déclaré sur Truth Social qu’il se «{NB}réjouissait de rencontrer le président Loukachenko à "
        f"l’avenir{NB}»{{fn4}}.",
        "Trump had said on Truth Social that he was “looking forward to meeting President Lukashenko in the "
        "future”{fn4}.",
    ),
]

# What an engine might make of the same sentences, one problem or more each.
MACHINE = [
    ("L’exercice militaire russo-biélorusse Zapad 2025, qui a débuté vendredi 12 septembre, s’est achevé hier, mardi 16.",
     "The exercise military Russian-Belarusian West 2025, that began Friday 12 September, finished yesterday, Tuesday 16.",
     {"fuzzy", "glossary-dnt"}),
    (SEED[1][0],
     "According to the Kremlin, more than 100 military — far more than the 13,000 initially announced — took part.",
     {"fuzzy", "number-missing", "number-extra", "length-ratio", "glossary-term"}),
    (FN1,
     "In a video of the Belarusian ministry, two American soldiers thank the minister Viktor Khrenin for the invitation.",
     {"fuzzy", "placeholder-missing"}),
    (SEED[4][0],
     f"Last week, the envoy of the American president, John Coale, declared during a trip in Minsk that the United "
     f"States wished to reopen their embassy in the country and « normalise the bilateral relations{NB}» {{fn2}}{{fn2}}",
     {"fuzzy", "placeholder-extra", "end-punctuation", "punctuation-spacing", "quote-style"}),
    (SEED[5][0],
     "Trump had declared on Truth Social that it « was delighted to meet the president Loukachenko in the future "
     "{fn4}.",
     {"fuzzy", "quotes-unbalanced", "glossary-term", "punctuation-spacing", "quote-style"}),
    (SEED[2][0], SEED[2][0], {"fuzzy", "source-copied", "glossary-term", "punctuation-spacing"}),
]


def catalog(pairs, fuzzy: bool) -> Catalog:
    header = Message(msgid="", msgstr="Language: en\n", lineno=1)
    messages = [header]
    for i, (src, tgt, *_) in enumerate(pairs):
        messages.append(Message(msgid=src, msgstr=tgt, flags=("fuzzy",) if fuzzy else (), lineno=20 + 10 * i))
    messages.append(Message(msgid="Phrase disparue.", msgstr="Why ?", obsolete=True, lineno=500))
    return Catalog(headers=(("Language", "en"),), messages=tuple(messages))


def test_reviewed_english_has_no_findings():
    cat = catalog(SEED, fuzzy=False)
    findings = check_catalog(cat, path="locales/en/LC_MESSAGES/zapad-2025.po", source_lang="fr",
                             target_lang="en", glossary=GLOSSARY)
    assert findings == []


def test_machine_like_translation_yields_the_expected_codes():
    cat = catalog(MACHINE, fuzzy=True)
    findings = check_catalog(cat, path="x.po", source_lang="fr", target_lang="en", glossary=GLOSSARY)
    for i, (src, _, expected) in enumerate(MACHINE):
        got = {f.code for f in findings if f.line == 20 + 10 * i}
        assert got == expected, src
        assert all(f.msgid == src and f.path == "x.po" for f in findings if f.line == 20 + 10 * i)
    assert any(f.severity == "error" for f in findings)
    assert all(f.severity == CODES[f.code].severity for f in findings)


def test_catalog_skips_header_and_obsolete_and_reports_untranslated():
    cat = Catalog(messages=(
        Message(msgid="", msgstr="Language: en\n", lineno=1),
        Message(msgid="Il est parti.", lineno=7),
        Message(msgid="Bonjour.", msgstr="Hello", obsolete=True, lineno=9),
    ))
    findings = check_catalog(cat, path="p.po", source_lang="fr", target_lang="en")
    assert findings == [Finding("untranslated", "warning", "no translation yet", "p.po", 7, "Il est parti.", "en")]
    assert all(f.severity != "error" for f in findings)


def test_plural_forms_are_each_checked():
    msg = Message(msgid="{fn1} pays", msgid_plural="{fn1} pays", msgstr_plural=("{fn1} country", "countries"), lineno=3)
    findings = check_catalog(Catalog(messages=(msg,)), path="p.po", source_lang="fr", target_lang="en")
    assert [f.code for f in findings] == ["placeholder-missing"]


def test_format_text_and_json_are_sorted_and_stable():
    f1 = Finding("fuzzy", "warning", "machine translation not reviewed", "b.po", 5, "Bonjour.")
    f2 = Finding("number-missing", "error", "number '100 000' of the source is missing", "a.po", 30,
                 "Selon le Kremlin, plus de 100 000 militaires — soit un nombre largement supérieur")
    f3 = Finding("placeholder-missing", "error", "footnote marker {fn1} is missing", "b.po", 5, "Bonjour.")
    text = format_findings([f1, f2, f3])
    assert text.splitlines() == [
        "a.po:30: error number-missing: number '100 000' of the source is missing "
        "[Selon le Kremlin, plus de 100 000 militaires — so…]",
        "b.po:5: error placeholder-missing: footnote marker {fn1} is missing [Bonjour.]",
        "b.po:5: warning fuzzy: machine translation not reviewed [Bonjour.]",
    ]
    data = json.loads(format_findings([f3, f2, f1], "json"))
    assert [d["path"] + ":" + d["code"] for d in data] == ["a.po:number-missing", "b.po:placeholder-missing", "b.po:fuzzy"]
    assert data[0] == {"code": "number-missing", "severity": "error", "message": f2.message, "path": "a.po",
                       "line": 30, "msgid": f2.msgid, "language": ""}
    assert format_findings([f3, f2, f1], "json") == format_findings([f1, f2, f3], "json")
    assert format_findings([]) == "" and format_findings([], "json") == "[]"
    with pytest.raises(ValueError):
        format_findings([f1], "xml")


def test_unknown_placeholder_is_named_with_the_one_meant():
    issues = check_placeholders(Pair("voir {link1}le site{/link1}", "see {link1}the site{/link}", "fr", "en"))
    messages = [m for c, m in issues if c == "placeholder-unknown"]
    assert messages == ["{/link} is not a placeholder (the source has {/link1})"]


def test_outdated_entry_is_its_own_state_naming_the_previous_source():
    pair = Pair("Il est parti hier.", "He left.", "fr", "en", True, None, "Il est parti.")
    assert [c for c, _ in check_state(pair)] == ["outdated"]
    assert "Il est parti." in list(check_state(pair))[0][1]
    assert CODES["outdated"].severity == "warning"


def test_ignore_comment_silences_the_named_codes_only():
    base = Message(msgid="52 prisonniers{fn1}.", msgstr="Prisoners.", lineno=4)
    found = {f.code for f in check_catalog(Catalog(messages=(base,)), path="p.po", source_lang="fr", target_lang="en")}
    assert {"number-missing", "placeholder-missing"} <= found
    quiet = replace(base, comments=("polyglot: ignore number-missing, length-ratio",))
    left = {f.code for f in check_catalog(Catalog(messages=(quiet,)), path="p.po", source_lang="fr", target_lang="en")}
    assert left == found - {"number-missing", "length-ratio"}


def test_only_the_error_checks_report_errors():
    """The publication gate runs ERROR_CHECKS alone: no other check may ever report an error."""
    from polyglot.qa import ERROR_CHECKS

    for name, check in CHECKS.items():
        found = {code for c, source, target, lang, fuzzy, _ in CASES for code in codes(check, source, target, lang, fuzzy)}
        errors = {code for code in found if CODES[code].severity == "error"}
        assert bool(errors) == (name in ERROR_CHECKS), (name, errors)
    cat = Catalog(messages=(Message("Le {em1}chat{/em1} a 3 ans.", "The {em1}cat is 4."),))
    full = [f for f in check_catalog(cat, path="x.po", source_lang="fr", target_lang="en") if f.severity == "error"]
    gated = check_catalog(cat, path="x.po", source_lang="fr", target_lang="en", only=ERROR_CHECKS)
    assert full and full == [f for f in gated if f.severity == "error"]


def test_select_filters_and_summary_counts():
    fs = [
        Finding("fuzzy", "warning", "m", "en.po", 5, "A.", "en"),
        Finding("fuzzy", "warning", "m", "en.po", 6, "B.", "en"),
        Finding("number-missing", "error", "n", "en.po", 6, "B.", "en"),
        Finding("fuzzy", "warning", "m", "es.po", 5, "A.", "es"),
    ]
    assert [f.line for f in select(fs, severity="error")] == [6]
    assert len(select(fs, codes=["fuzzy"], languages=["en"])) == 2
    assert select(fs, severity="info") == fs
    with pytest.raises(ValueError):
        select(fs, codes=["no-such-code"])
    assert summary(fs) == "1 errors, 3 warnings, 0 notes in 3 entries of 2 catalogs"
    # machine-translation notices: one line per language unless verbose
    short = format_findings(fs, verbose=False).splitlines()
    assert len(short) == 3 and short[0].startswith("en.po:6: error number-missing")
    assert short[1].startswith("en: warning fuzzy: 2 entries") and short[2].startswith("es: warning fuzzy: 1 entries")
    assert len(format_findings(fs).splitlines()) == 4
