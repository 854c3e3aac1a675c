"""Quality checks on translated catalogs, written for a French source.

Each check is a small function over a :class:`Pair` (one source text and its
translation) that yields ``(code, message)``; :data:`CODES` says what each code
means and how severe it is, :data:`CHECKS` lists the checks in the order they
run. :func:`check_catalog` runs them over the active entries of a catalog and
returns :class:`Finding` objects located at ``path:lineno`` of each entry.

The checks compare what must survive translation (placeholders, numbers,
quotes, brackets, end punctuation, glossary terms) while accepting the
target's own conventions: ``« »`` → ``“ ”``, ``Pourquoi ?`` → ``Why?``,
``100 000`` → ``100,000``, ``3,5 %`` → ``3.5%``, ``12 septembre`` → ``September 12``.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Literal, Sequence


from .catalog import Catalog, Message
from .glossary import Glossary
from .inline import Placeholder, placeholders, tokenize, unknown
from .lang import Lang
from .provenance import MEMORY, PREFIX, from_memory, ignored
from .model import ElementKind
from .typography import QUOTES, symbols

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Code:
    """A finding code: its name, severity and a one-line description."""

    code: str
    severity: Severity
    description: str


CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("untranslated", "warning", "the entry has no translation"),
        Code("outdated", "warning", "the source changed since this was translated (fuzzy, previous source in #|)"),
        Code("fuzzy", "warning", "machine translation not reviewed (fuzzy)"),
        Code("fuzzy-memory", "warning", "translation-memory match not reviewed (fuzzy)"),
        Code("placeholder-missing", "error", "a footnote marker or protected element of the source is missing"),
        Code("placeholder-extra", "error", "a footnote marker or protected element is duplicated or unknown"),
        Code("placeholder-span", "error", "a span placeholder closes before it opens"),
        Code("placeholder-unknown", "error", "something written like a placeholder is none (``{/link}`` for ``{/link1}``)"),
        Code("number-missing", "error", "a number of the source is missing from the translation"),
        Code("number-extra", "warning", "the translation has a number the source does not have"),
        Code("quotes-unbalanced", "warning", "quotation marks are balanced differently from the source"),
        Code("brackets-unbalanced", "warning", "brackets are balanced differently from the source"),
        Code("end-punctuation", "warning", "the translation ends with different punctuation"),
        Code("punctuation-spacing", "warning", "French spacing before ? ! : ; or inside « » kept in the target"),
        Code("quote-style", "warning", "quotation marks the target language does not use"),
        Code("glossary-term", "warning", "a glossary term is not translated as the glossary requires"),
        Code("glossary-dnt", "warning", "a do-not-translate term is not kept unchanged"),
        Code("source-copied", "warning", "the translation is the source copied unchanged"),
        Code("length-ratio", "warning", "the translation is suspiciously short or long"),
    )
}

MIN_RATIO_LENGTH = 20
LENGTH_RATIO: dict[str, tuple[float, float]] = {
    "": (0.5, 2.0),
    "ja": (0.15, 1.2),
    "ko": (0.15, 1.2),
    "zh": (0.1, 1.0),
}
_OBJ = "\ufffc"  # stands for a placeholder in plain text: not a space, not a word character
_SPACES = " \t\u00a0\u202f\u2009"


@dataclass(frozen=True)
class Finding:
    """One problem found in a catalog entry, located at ``path:line``, in a target ``language``."""

    code: str
    severity: Severity
    message: str
    path: str
    line: int
    msgid: str
    language: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Pair:
    """One text and its translation, in placeholder text, with what the checks need to know."""

    source: str
    target: str
    source_lang: str = "fr"
    target_lang: str = "en"
    fuzzy: bool = False
    glossary: Glossary | None = None
    previous: str | None = None  # the source an outdated translation was made for


Check = Callable[[Pair], Iterable[tuple[str, str]]]

_BRACE = re.compile(r"[{}]")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1024)  # each check of a pair asks again for the same two texts
def _plain(text: str) -> str:
    """Literal text with each placeholder replaced by one neutral character."""
    return "".join(_OBJ if isinstance(t, Placeholder) else t for t in tokenize(text))



# --- state -----------------------------------------------------------------------------------


def check_state(pair: Pair) -> Iterator[tuple[str, str]]:
    """Untranslated, outdated (source changed since) and fuzzy (machine, not reviewed) entries."""
    if not pair.target:
        yield "untranslated", "no translation yet"
    elif pair.fuzzy and pair.previous is not None:
        yield "outdated", f"the source changed since this was translated (was: {_excerpt(pair.previous)!r})"
    elif pair.fuzzy:
        yield "fuzzy", "machine translation not reviewed"


# --- placeholders ----------------------------------------------------------------------------


def _describe(name: str) -> str:
    bare = name.lstrip("/")
    m = re.fullmatch(r"([a-z]+)([0-9]+)", bare)
    if m and m.group(1) == ElementKind.FOOTNOTE.value:
        return f"footnote marker {{{name}}}"
    return f"placeholder {{{name}}}"


def check_placeholders(pair: Pair) -> Iterator[tuple[str, str]]:
    """Every placeholder of the source exactly once in the translation; spans open before they close."""
    if not _BRACE.search(pair.source) and not _BRACE.search(pair.target):
        return  # no placeholder and nothing written like one on either side
    src, tgt = Counter(placeholders(pair.source)), Counter(placeholders(pair.target))
    for name in sorted(src):
        if tgt[name] < src[name]:
            yield "placeholder-missing", f"{_describe(name)} is missing"
    for name in sorted(tgt):
        if tgt[name] > src[name]:
            what = "duplicated" if src[name] else "not in the source"
            yield "placeholder-extra", f"{_describe(name)} is {what}"
    for raw in unknown(pair.target):
        near = difflib.get_close_matches(raw, [f"{{{n}}}" for n in src], n=1, cutoff=0.6)
        hint = f" (the source has {near[0]})" if near else ""
        yield "placeholder-unknown", f"{raw} is not a placeholder{hint}"
    opened: set[str] = set()
    for name in placeholders(pair.target):
        if name.startswith("/"):
            if name[1:] not in opened and src[name[1:]]:
                yield "placeholder-span", f"{{{name}}} comes before {{{name[1:]}}}"
        else:
            opened.add(name)


# --- numbers ---------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _number_re(lang: str) -> tuple[re.Pattern[str], str, str]:
    """A number pattern for a language: its decimal symbol, any plausible group separator."""
    group, decimal = symbols(Lang.of(lang).posix)
    # A group separator is followed by exactly three digits; besides the locale's own,
    # spaces, dots, commas and apostrophes are accepted unless they are the decimal sign.
    groups = "".join(sorted((set(_SPACES + ".,'’") | {group}) - {decimal}))
    g, d = "[" + re.escape(groups) + "]", re.escape(decimal)
    # (?=\d) first: the engine skips a non-digit at once instead of trying both branches
    pattern = re.compile(rf"(?=\d)(?<!\d)(?:\d{{1,3}}(?:{g}\d{{3}}(?!\d))+|\d+)(?:{d}\d+)?")
    return pattern, groups, decimal


def numbers(text: str, lang: str) -> list[tuple[Decimal, str]]:
    """The numbers of a text read with a language's conventions: (value, as written)."""
    if not _DIGIT.search(text):
        return []
    pattern, groups, decimal = _number_re(lang)
    out = []
    for m in pattern.finditer(_plain(text)):
        raw = m.group(0)
        digits = "".join(c for c in raw if c not in groups).replace(decimal, ".")
        try:
            out.append((Decimal(digits), raw))
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            continue
    return out


def check_numbers(pair: Pair) -> Iterator[tuple[str, str]]:
    """The same numbers on both sides, each read with its own language's conventions."""
    src = numbers(pair.source, pair.source_lang)
    tgt = numbers(pair.target, pair.target_lang)
    if [v for v, _ in src] == [v for v, _ in tgt]:
        return  # the same numbers in the same order
    src_count = Counter(v for v, _ in src)
    tgt_count = Counter(v for v, _ in tgt)
    missing = src_count - tgt_count
    extra = tgt_count - src_count
    for value, raw in src:
        if missing[value]:
            missing[value] = 0
            yield "number-missing", f"number {raw.strip()!r} of the source is missing"
    for value, raw in tgt:
        if extra[value]:
            extra[value] = 0
            yield "number-extra", f"number {raw.strip()!r} is not in the source"


# --- quotes and brackets ---------------------------------------------------------------------


@lru_cache(maxsize=64)
def _quote_roles(lang: str) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Opening and closing double marks, then single marks, as the language uses them."""
    opens, closes = set("«“„"), set("»”")
    sopens, scloses = set("‹‘‚"), set("›’")
    marks = QUOTES.get(Lang.of(lang).posix) or QUOTES.get(Lang.of(lang).base) or QUOTES["root"]
    # German-style marks reuse “ and ‘ as closing quotes.
    for o, c in (marks[0:2], marks[2:4]):
        op, cl = (sopens, scloses) if o in "‹‘‚’›" else (opens, closes)
        op.discard(c)
        cl.discard(o)
        op.add(o)
        cl.add(c)
    return frozenset(opens), frozenset(closes), frozenset(sopens), frozenset(scloses)


def _quote_nets(text: str, lang: str) -> tuple[set[int], set[int] | None]:
    """Possible nets (opened − closed) of double and single quotes; ASCII quotes go either way."""
    opens, closes, sopens, scloses = _quote_roles(lang)
    plain = _plain(text)
    net = sum(plain.count(c) for c in opens) - sum(plain.count(c) for c in closes)
    doubles = {net - 1, net + 1} if plain.count('"') % 2 else {net}
    singles = None
    if any(c in plain for c in sopens):
        # ’ between letters (or before one) is an apostrophe, not a closing quote.
        closing = sum(1 for i, c in enumerate(plain) if c in scloses and not plain[i + 1 : i + 2].isalpha())
        singles = {sum(plain.count(c) for c in sopens) - closing}
    return doubles, singles


def _has_quotes(text: str, lang: str) -> bool:
    opens, closes, _, _ = _quote_roles(lang)
    plain = _plain(text)
    return '"' in plain or any(c in plain for c in opens) or any(c in plain for c in closes)


def check_quotes(pair: Pair) -> Iterator[tuple[str, str]]:
    """Quotation marks and brackets left open or closed exactly as in the source."""
    src_d, src_s = _quote_nets(pair.source, pair.source_lang)
    tgt_d, tgt_s = _quote_nets(pair.target, pair.target_lang)
    if not src_d & tgt_d:
        yield "quotes-unbalanced", "quotation marks are not balanced as in the source"
    elif _has_quotes(pair.source, pair.source_lang) and not _has_quotes(pair.target, pair.target_lang):
        yield "quotes-unbalanced", "the quotation marks of the source are missing"
    elif (src_s is not None or tgt_s is not None) and not (src_s or {0}) & (tgt_s or {0}):
        yield "quotes-unbalanced", "single quotation marks are not balanced as in the source"
    src, tgt = _plain(pair.source), _plain(pair.target)
    for o, c in ("()", "[]"):
        if src.count(o) - src.count(c) != tgt.count(o) - tgt.count(c):
            yield "brackets-unbalanced", f"brackets {o}{c} are not balanced as in the source"


# --- end punctuation -------------------------------------------------------------------------

_END_CLASS = {".": ".", "。": ".", "?": "?", "？": "?", "؟": "?", "!": "!", "！": "!", ":": ":", "：": ":", ";": ";", "…": "…"}
_CLOSERS = _SPACES + _OBJ + "»”“’‘›\"')]"


def end_punctuation(text: str, lang: str) -> str:
    """The class of a text's final punctuation ('.', '?', '!', '…', ':', ';' or ''), closers ignored."""
    plain = _plain(text).rstrip(_CLOSERS)
    if plain.endswith("..."):
        return "…"
    end = _END_CLASS.get(plain[-1:], "")
    if end == ";" and Lang.of(lang).base == "el":  # the Greek question mark
        return "?"
    return end


def check_end_punctuation(pair: Pair) -> Iterator[tuple[str, str]]:
    """The translation ends like the source: statement, question, exclamation, ellipsis, colon."""
    src = end_punctuation(pair.source, pair.source_lang)
    tgt = end_punctuation(pair.target, pair.target_lang)
    if src != tgt:
        what = lambda e: repr(e) if e else "no punctuation"  # noqa: E731
        yield "end-punctuation", f"ends with {what(tgt)}, the source with {what(src)}"


# --- typography ------------------------------------------------------------------------------

_FRENCH_SPACING = re.compile(rf"[{_SPACES}]+[?!;:](?![\w/])|«[{_SPACES}]|[{_SPACES}]»")


def check_typography(pair: Pair) -> Iterator[tuple[str, str]]:
    """French spacing and quotation marks left in a target language that uses neither."""
    lang = Lang.of(pair.target_lang).base
    if lang == "fr":
        return
    plain = _plain(pair.target)
    m = _FRENCH_SPACING.search(plain)
    if m:
        mark = m.group(0).strip(_SPACES)
        where = "after" if mark == "«" else "before"
        yield "punctuation-spacing", f"space {where} {mark!r} (French spacing)"
    marks = QUOTES.get(Lang.of(pair.target_lang).posix) or QUOTES.get(lang)
    if marks is None:
        return
    allowed = set(marks) | ({"“", "”"} if "«" in marks else set())
    if lang == "pt":  # European Portuguese uses « », Brazilian “ ”
        allowed |= set(QUOTES["pt_PT"])
    foreign = sorted({c for c in plain if c in "«»„“”‹›" and c not in allowed})
    if foreign:
        yield "quote-style", f"quotation marks {' '.join(foreign)} are not used in {pair.target_lang}"


# --- glossary --------------------------------------------------------------------------------


def check_glossary(pair: Pair) -> Iterator[tuple[str, str]]:
    """Required target terms present; do-not-translate terms unchanged."""
    if pair.glossary is None:
        return
    target = _plain(pair.target)
    for term in pair.glossary.find(_plain(pair.source)):
        if term.satisfied_in(target, pair.target_lang):
            continue
        if term.do_not_translate:
            yield "glossary-dnt", f"{term.source!r} must stay unchanged"
        else:
            want = " or ".join(repr(f) for f in term.required(pair.target_lang))
            yield "glossary-term", f"{term.source!r} should be translated as {want}"


# --- copies and length -----------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
_NOT_ALNUM = re.compile(r"[\W_]")  # what str.isalnum refuses


def _translatable(text: str, glossary: Glossary | None) -> bool:
    """Whether a text has words to translate: not only names, numbers and do-not-translate terms."""
    plain = _plain(text)
    for term in glossary.dnt_terms() if glossary else ():
        plain = plain.replace(term, " ")
    words = _WORD.findall(plain)
    return len(words) >= 2 and any(w[0].islower() for w in words)


def check_copied(pair: Pair) -> Iterator[tuple[str, str]]:
    """The source copied unchanged (letters and digits compared), unless it holds only names and numbers."""
    key = lambda s: _NOT_ALNUM.sub("", _plain(s).casefold())  # noqa: E731
    if key(pair.source) == key(pair.target) and _translatable(pair.source, pair.glossary):
        yield "source-copied", "the translation is the source text unchanged"


def check_length(pair: Pair) -> Iterator[tuple[str, str]]:
    """Target/source length ratio outside the expected range, for sentences long enough to judge."""
    src = " ".join(_plain(pair.source).replace(_OBJ, "").split())
    tgt = " ".join(_plain(pair.target).replace(_OBJ, "").split())
    if len(src) < MIN_RATIO_LENGTH:
        return
    low, high = LENGTH_RATIO.get(Lang.of(pair.target_lang).base, LENGTH_RATIO[""])
    ratio = len(tgt) / len(src)
    if not low <= ratio <= high:
        yield "length-ratio", f"the translation is {ratio:.2f}× the source length (expected {low}–{high})"


CHECKS: dict[str, Check] = {
    "state": check_state,
    "placeholders": check_placeholders,
    "numbers": check_numbers,
    "quotes": check_quotes,
    "end-punctuation": check_end_punctuation,
    "typography": check_typography,
    "glossary": check_glossary,
    "copied": check_copied,
    "length": check_length,
}


#: The checks that can report an error (the rest warn or note): what the publication gate runs.
ERROR_CHECKS = ("placeholders", "numbers")


def check_pair(pair: Pair, only: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """Every check (or those named in ``only``) on one pair, in :data:`CHECKS` order; an
    untranslated pair gets only its state."""
    if not pair.target:
        return list(check_state(pair))
    checks = CHECKS.values() if only is None else [c for name, c in CHECKS.items() if name in only]
    return [issue for check in checks for issue in check(pair)]


def _pairs(m: Message) -> Iterator[tuple[str, str]]:
    if m.msgid_plural is None:
        yield m.msgid, m.msgstr
        return
    for i, form in enumerate(m.msgstr_plural):
        yield (m.msgid if i == 0 else m.msgid_plural), form


def check_catalog(
    catalog: Catalog,
    *,
    path: str,
    source_lang: str,
    target_lang: str,
    glossary: Glossary | None = None,
    only: Iterable[str] | None = None,
) -> list[Finding]:
    """Findings for every active (non-obsolete) entry of a catalog, in entry order.

    ``only`` names the checks to run (default: all of :data:`CHECKS`). Codes silenced on
    an entry (:func:`ignored`) are not reported.
    """
    findings: list[Finding] = []
    for m in catalog.active:
        if not m.msgid:
            continue
        issues: list[tuple[str, str]] = []
        if not m.translated:
            issues = list(check_state(Pair(m.msgid, "", source_lang, target_lang)))
        else:
            for source, target in _pairs(m):
                pair = Pair(source, target, source_lang, target_lang, m.fuzzy, glossary, m.previous_msgid)
                issues += [i for i in check_pair(pair, only) if i not in issues]
        if from_memory(m):
            origin = next(c for c in m.comments if c.startswith(MEMORY))
            issues = [("fuzzy-memory", origin.removeprefix(PREFIX).strip() + ", not reviewed")
                      if code == "fuzzy" else (code, message) for code, message in issues]
        silenced = ignored(m)
        for code, message in issues:
            if code in silenced:
                continue
            findings.append(Finding(code, CODES[code].severity, message, path, m.lineno, m.msgid, target_lang))
    return findings


def _order(f: Finding) -> tuple:
    codes = list(CODES)
    rank = SEVERITIES.index(f.severity) if f.severity in SEVERITIES else len(SEVERITIES)
    return (f.path, f.line, f.msgid, rank, codes.index(f.code) if f.code in codes else len(codes), f.message)


def _excerpt(msgid: str, width: int = 50) -> str:
    text = " ".join(msgid.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# Notices that a fresh run has by the hundred: one line per language unless asked in detail.
AGGREGATED = ("fuzzy", "untranslated")


def select(
    findings: Iterable[Finding],
    *,
    severity: Severity | None = None,
    codes: Iterable[str] = (),
    languages: Iterable[str] = (),
) -> list[Finding]:
    """The findings at least as severe as ``severity``, of the ``codes`` and ``languages`` given (all if empty)."""
    wanted, langs = set(codes), set(languages)
    unknown = wanted - set(CODES)
    if unknown:
        raise ValueError(f"unknown check code {', '.join(sorted(unknown))} (codes: {', '.join(CODES)})")
    top = SEVERITIES.index(severity) if severity else len(SEVERITIES) - 1
    return [
        f for f in findings
        if SEVERITIES.index(f.severity) <= top
        and (not wanted or f.code in wanted)
        and (not langs or f.language in langs)
    ]


def summary(findings: Sequence[Finding]) -> str:
    """One line: errors, warnings and notes, in how many entries and catalogs."""
    count = Counter(f.severity for f in findings)
    entries = len({(f.path, f.line) for f in findings})
    files = len({f.path for f in findings})
    return (
        f"{count['error']} errors, {count['warning']} warnings, {count['info']} notes "
        f"in {entries} entries of {files} catalogs"
    )


def format_findings(findings: Iterable[Finding], fmt: str = "text", verbose: bool = True) -> str:
    """Findings as text lines (``path:line: severity code: message [msgid]``) or a JSON list.

    Sorted by file, line, then errors before warnings before notes, so the output is stable.
    Unless ``verbose``, the :data:`AGGREGATED` notices of a language make one line each.
    """
    ordered = sorted(findings, key=_order)
    if fmt == "json":
        return json.dumps([f.as_dict() for f in ordered], ensure_ascii=False, indent=2)
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}")
    lines = [
        f"{f.path}:{f.line}: {f.severity} {f.code}: {f.message} [{_excerpt(f.msgid)}]"
        for f in ordered
        if verbose or f.code not in AGGREGATED
    ]
    if not verbose:
        groups = Counter((f.language, f.code) for f in ordered if f.code in AGGREGATED)
        for (lang, code), n in sorted(groups.items()):
            lines.append(f"{lang or '?'}: {CODES[code].severity} {code}: {n} entries, {CODES[code].description} "
                         "(--verbose lists them)")
    return "\n".join(lines)
