"""The ``Plural-Forms`` header a new catalog gets: what GNU gettext's ``msginit`` writes.

``msginit`` (without ``GETTEXTCLDRDIR`` set) takes the formula from its built-in
table, ``gettext-tools/src/plural-table.c``; :data:`GETTEXT` is that table, written
exactly as msginit writes it, and a test compares it with the installed msginit.
For a language msginit does not know (Arabic, Catalan, Chinese…) it writes no
formula; the maintained table of ``weblate-language-data`` (what Weblate and Poedit
use) fills the gap, as ``nplurals=N; plural=(FORMULA);``.

Babel's CLDR-derived value is never used: CLDR 46 gives Spanish, French, Italian,
Portuguese and Catalan a third "many" form that no gettext tool or existing catalog has.
Where msginit and Weblate disagree (pt: ``n != 1`` vs ``n > 1``; he, ga, lt, lv),
msginit wins, as an existing catalog of those languages almost always came from it.
"""

from __future__ import annotations

from functools import lru_cache

from .lang import Lang

# gettext 0.21 plural-table.c: (language or language_TERRITORY) → Plural-Forms.
GETTEXT: dict[str, str] = {
    "ja": "nplurals=1; plural=0;",
    "vi": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "en": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "sv": "nplurals=2; plural=(n != 1);",
    "da": "nplurals=2; plural=(n != 1);",
    "no": "nplurals=2; plural=(n != 1);",
    "nb": "nplurals=2; plural=(n != 1);",
    "nn": "nplurals=2; plural=(n != 1);",
    "fo": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "pt": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "bg": "nplurals=2; plural=(n != 1);",
    "el": "nplurals=2; plural=(n != 1);",
    "fi": "nplurals=2; plural=(n != 1);",
    "et": "nplurals=2; plural=(n != 1);",
    "he": "nplurals=2; plural=(n != 1);",
    "eo": "nplurals=2; plural=(n != 1);",
    "hu": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "be": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "hr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}

DEFAULT = "nplurals=2; plural=(n != 1);"


@lru_cache(maxsize=1)
def weblate() -> dict[str, str]:
    """weblate-language-data's default formulas as Plural-Forms values, its aliases (``zh``) included."""
    from weblate_language_data.aliases import ALIASES
    from weblate_language_data.languages import LANGUAGES

    table: dict[str, str] = {}
    for code, _name, nplurals, formula in LANGUAGES:
        body = formula if formula == "0" else f"({formula})"
        table[code] = f"nplurals={nplurals}; plural={body};"
    for alias, code in ALIASES.items():
        if code in table:
            table.setdefault(alias, table[code])
    return table


def plural_forms(language: str) -> str:
    """The Plural-Forms msginit writes for ``language`` (``pt_BR`` or ``pt-BR``), else Weblate's.

    Like msginit, the full code is tried before the bare language.
    """
    lang = Lang.of(language)
    code, language_only = lang.posix, lang.base
    for table, candidates in (
        (GETTEXT, (code, language_only)),
        (weblate(), (code, code.lower(), language_only)),
    ):
        for c in candidates:
            if c in table:
                return table[c]
    return DEFAULT
