"""The project glossary: a CSV file translators edit in LibreOffice or any spreadsheet.

Format (UTF-8, comma-separated, first row is the header, column order free)::

    source,note,do_not_translate,target:en,target:es,target:ca
    Loukachenko,Président du Bélarus,no,Lukashenko,Lukashenko,Lukaixenko
    Zapad,Exercice militaire,yes,,,

``source``
    the French term (required). Alternative forms or inflections are separated by
    ``|`` (``biélorusse|biélorusses``); the first one names the term.
``note``
    free text for translators (optional).
``do_not_translate``
    ``yes``/``no`` (also ``true``/``false``, ``1``/``0``, ``x``/empty): the term
    crosses the engines untouched and must appear unchanged in every translation.
``target:<lang>``
    the required translation in that language, alternatives separated by ``|``
    with the preferred one first (``bielorruso|bielorrusa``); empty means none is
    required. A do-not-translate term needs no target column.

Rows whose cells are all empty are skipped. Source terms match whole words,
case- and accent-insensitively, with ``’`` and ``'`` treated alike, so
``l’OTAN`` and ``ETATS-UNIS`` find ``OTAN`` and ``États-Unis``.

Machine translation applies the glossary (:meth:`Glossary.engine_terms`): each
source form crosses the engine protected and comes back as the target form listed
in the same position (``biélorusse|biélorusses`` → ``Belarusian|Belarusians``);
when a language lists a multiple of the source forms, each source form owns an
equal group, its first the preferred (``bielorruso|bielorrusa|bielorrusos|bielorrusas``:
singular → ``bielorruso``, plural → ``bielorrusos``); otherwise the first target
form is used. A capital the source has and the target form lacks is kept
(sentence-initial ``Biélorusse`` → ``Bielorruso``).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Mapping

from .errors import GlossaryError
from .lang import valid

TARGET_PREFIX = "target:"
COLUMNS = ("source", "note", "do_not_translate")
_TRUE = {"yes", "true", "1", "x", "oui"}
_FALSE = {"no", "false", "0", "", "non"}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u2011": "-", "\u2010": "-"})


def fold(text: str, *, accents: bool = False) -> str:
    """A matching key: case-folded, apostrophes and spaces unified, accents dropped unless ``accents``."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    if not accents:
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", " ".join(text.casefold().split()))


def _word_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted(set(forms), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in alts) + r")(?!\w)")


@dataclass(frozen=True)
class Term:
    """One glossary entry: the source forms, accepted target forms per language, note, flag."""

    source: str
    targets: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    note: str = ""
    do_not_translate: bool = False
    forms: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "targets", MappingProxyType(dict(self.targets)))
        if not self.forms:
            object.__setattr__(self, "forms", (self.source,))

    @cached_property
    def _source_re(self) -> re.Pattern[str]:
        return _word_pattern(tuple(fold(f) for f in self.forms))

    def occurs_in(self, text: str) -> bool:
        """Whether a source form occurs in (French) text: whole word, case- and accent-insensitive."""
        return self._source_re.search(fold(text)) is not None

    def required(self, lang: str) -> tuple[str, ...]:
        """The forms a translation into ``lang`` must contain one of (empty: none required)."""
        if self.do_not_translate:
            return self.forms
        return self.targets.get(lang, ())

    def satisfied_in(self, text: str, lang: str) -> bool:
        """Whether a translation contains a required form: whole word, accents kept.

        Case is ignored except for acronyms (``US`` is not the pronoun ``us``).
        """
        forms = self.required(lang)
        if not forms:
            return True
        acronyms = tuple(f for f in forms if f.isupper())
        words = tuple(fold(f, accents=True) for f in forms if not f.isupper())
        if acronyms and _word_pattern(acronyms).search(" ".join(text.split())):
            return True
        return bool(words) and _word_pattern(words).search(fold(text, accents=True)) is not None


@dataclass(frozen=True)
class Glossary:
    """The terms of a project glossary, in file order, and the languages it has columns for."""

    terms: tuple[Term, ...] = ()
    languages: tuple[str, ...] = ()

    def dnt_terms(self) -> list[str]:
        """Every form of every do-not-translate term, longest first (for the engines' protection)."""
        forms = {f for t in self.terms if t.do_not_translate for f in t.forms}
        return sorted(forms, key=lambda f: (-len(f), f))

    def find(self, text: str) -> list[Term]:
        """The terms whose source occurs in a French text, in glossary order."""
        return [t for t in self.terms if t.occurs_in(text)]

    def target(self, term: Term | str, lang: str) -> str | None:
        """The preferred translation of a term (itself if do-not-translate), or None."""
        if isinstance(term, str):
            found = self.get(term)
            if found is None:
                return None
            term = found
        forms = term.required(lang)
        return forms[0] if forms else None

    def engine_terms(self, lang: str):
        """The :class:`~polyglot.protect.TermRule` that makes engines apply this glossary for ``lang``.

        Do-not-translate terms come back as written; terms with a target in ``lang``
        come back as the target form that corresponds to the matched source form
        (crossing the engine as that text when it differs from the source, see
        :class:`~polyglot.protect.TermRule`).
        Terms without a target in ``lang`` are left to the engine.
        """
        from .protect import TermRule

        table: dict[str, tuple[Term, int]] = {}
        for term in self.terms:
            if term.required(lang):
                for i, form in enumerate(term.forms):
                    table.setdefault(fold(form), (term, i))
        if not table:
            return TermRule(None)
        forms = sorted({f for t, _ in table.values() for f in t.forms if fold(f) in table}, key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(_loose(f) for f in forms) + r")(?!\w)")

        def target(matched: str) -> str:
            term, i = table[fold(matched)]
            if term.do_not_translate:
                return matched
            return _cased(_target_form(term, i, lang), matched)

        return TermRule(pattern, target, translated=True, inline=True)

    def get(self, source: str) -> Term | None:
        """The term one of whose source forms is ``source`` (case- and accent-insensitive)."""
        key = fold(source)
        for t in self.terms:
            if any(fold(f) == key for f in t.forms):
                return t
        return None


def _target_form(term: Term, index: int, lang: str) -> str:
    """The target form corresponding to source form ``index`` (see the module docstring)."""
    targets = term.required(lang)
    group, extra = divmod(len(targets), len(term.forms))
    return targets[index * group] if group and not extra else targets[0]


def _cased(target: str, matched: str) -> str:
    """``target`` with the capitals of ``matched`` kept: an initial capital, or all capitals."""
    if len(matched) > 1 and matched.isupper() and not target.isupper():
        return target.upper()
    if matched[:1].isupper() and target[:1].islower():
        return target[:1].upper() + target[1:]
    return target


def _letter_classes() -> dict[str, str]:
    """For each folded letter, the characters (cases, accents) that fold to it."""
    groups: dict[str, set[str]] = {}
    for cp in range(0x20, 0x250):
        c = chr(cp)
        if c.isalpha():
            key = fold(c)
            if len(key) == 1:
                groups.setdefault(key, set()).add(c)
    return {k: "[" + "".join(sorted(re.escape(c) for c in v | {k, k.upper()})) + "]" for k, v in groups.items()}


_CLASSES: dict[str, str] = {}
_LOOSE_PUNCT = {"'": "['’‘ʼ]", "-": "[-\u2010\u2011]"}


def _loose(form: str) -> str:
    """A regex for a form matching as :func:`fold` does: any case, any accents, any apostrophe and spaces."""
    if not _CLASSES:
        _CLASSES.update(_letter_classes())
    out = []
    for c in fold(form):
        if c.isspace():
            out.append(r"\s+")
        else:
            out.append(_LOOSE_PUNCT.get(c) or _CLASSES.get(c) or re.escape(c))
    return "".join(out)


def _forms(cell: str) -> tuple[str, ...]:
    return tuple(f for f in (" ".join(p.split()) for p in cell.split("|")) if f)


def _header(row: list[str], filename: str, line: int) -> dict[str, int]:
    names = [c.strip().lstrip("\ufeff").strip() for c in row]
    columns: dict[str, int] = {}
    for i, name in enumerate(names):
        key = name.lower()
        if key.startswith(TARGET_PREFIX):
            lang = name[len(TARGET_PREFIX) :].strip()
            if not valid(lang):
                raise GlossaryError(f"bad language code in column {name!r}", path=filename, line=line)
            key = TARGET_PREFIX + lang
        elif key not in COLUMNS:
            raise GlossaryError(
                f"unknown column {name!r}",
                path=filename,
                line=line,
                hint="columns are source, note, do_not_translate and target:<lang>",
            )
        if key in columns:
            raise GlossaryError(f"duplicate column {name!r}", path=filename, line=line)
        columns[key] = i
    if "source" not in columns:
        raise GlossaryError("the header has no 'source' column", path=filename, line=line)
    return columns


def read_glossary(text: str, filename: str) -> Glossary:
    """Parse a glossary CSV; raises GlossaryError naming the file and line of the first problem."""
    # strict: a stray quote is an error, never a cell that swallows the following rows
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
    start = 1
    try:
        rows = []
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as e:
        # named by the line where the row starts: a quote opened there is the usual cause
        if "unexpected end of data" in str(e):
            raise GlossaryError(
                "unterminated quote: the quoted cell starting on this line never ends", path=filename, line=start
            ) from None
        spans = f" (the row runs to line {reader.line_num}: a quote is probably not closed)"
        raise GlossaryError(
            f"malformed CSV: {e}{spans if reader.line_num > start else ''}", path=filename, line=start
        ) from None
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    if not rows:
        raise GlossaryError("empty glossary: no header row", path=filename, line=1)
    columns = _header(rows[0][1], filename, rows[0][0])
    langs = tuple(k[len(TARGET_PREFIX) :] for k in columns if k.startswith(TARGET_PREFIX))
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for line, row in rows[1:]:
        if len(row) > len(rows[0][1]):
            extra = row[len(rows[0][1]) :]
            if any(c.strip() for c in extra):
                raise GlossaryError(
                    f"{len(row)} fields, the header has {len(rows[0][1])}", path=filename, line=line
                )
        cell = {k: (row[i].strip() if i < len(row) else "") for k, i in columns.items()}
        forms = _forms(cell["source"])
        if not forms:
            raise GlossaryError("missing source term", path=filename, line=line)
        flag = cell.get("do_not_translate", "").lower()
        if flag not in _TRUE | _FALSE:
            raise GlossaryError(
                f"bad do_not_translate value {cell['do_not_translate']!r}",
                path=filename,
                line=line,
                hint="use yes or no",
            )
        dnt = flag in _TRUE
        targets = {lang: _forms(cell[TARGET_PREFIX + lang]) for lang in langs}
        targets = {lang: f for lang, f in targets.items() if f}
        if dnt:
            for lang, f in targets.items():
                if set(f) - set(forms):
                    raise GlossaryError(
                        f"do-not-translate term {forms[0]!r} has a different target:{lang} {f[0]!r}",
                        path=filename,
                        line=line,
                    )
        for form in forms:
            key = fold(form)
            if seen.get(key, line) != line:
                raise GlossaryError(
                    f"duplicate term {form!r} (first defined on line {seen[key]})", path=filename, line=line
                )
            seen[key] = line
        terms.append(Term(forms[0], targets, cell.get("note", ""), dnt, forms, line))
    return Glossary(tuple(terms), langs)
