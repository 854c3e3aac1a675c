"""Sentence segmentation: split block text into sentences, with rules as data per language.

Rules and abbreviations live in ``rules/<language>.toml`` (``rules/default.toml``
for languages without a file), so adding a language means adding a file.

A boundary can only fall in a run of whitespace, so segments never start or end
with whitespace, placeholders (which contain none) are never cut, and the
segments with the whitespace between them rebuild the text exactly. A run is a
boundary when the text before it ends with a stop (``.``, ``?``, ``!``, ``…``),
possibly followed by closers (``»``, ``)``, footnote placeholders…), and what
follows can start a sentence. The decision per run looks at a bounded window,
so segmentation is linear in the length of the text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from . import inline
from .errors import ConfigError
from .inline import TOKEN
from .lang import Lang, valid
from .model import Block, Document, ElementKind, Segment, normalize_space

__all__ = ["Rules", "load_rules", "parse_rules", "split", "segment"]

_STOPS = ".?!…"
# After a closer or a stop, these can never start a new sentence.
_NEVER_BEFORE = ",;:.?!…%"
# How far back (characters) a decision looks; bounds the work per whitespace run.
_LOOKBACK = 80
# The placeholder grammar of polyglot.inline: doubled braces are literal braces.
_KINDS = {k.value: k for k in ElementKind}
_WS_RUN = re.compile(r"\s+")
_INITIALS_SEP = re.compile(r"\.-?")
_ROMAN = re.compile(r"[IVXLC]+")

_UPPER, _LOWER, _DIGIT, _OTHER, _CLOSER = range(5)


@dataclass(frozen=True)
class Rules:
    """Segmentation rules of one language.

    Abbreviations are stored without their final dot. ``never_final`` ones
    (``M.``, ``p.``, ``cf.``) never end a sentence; ``may_end`` ones (``etc.``)
    end one only when a capital letter follows. ``phrases`` maps the last word
    ``phrases`` holds multi-word abbreviations (``av. J.-C.``) as (last word,
    preceding words, never-final).
    """

    language: str
    never_final: frozenset[str]
    may_end: frozenset[str]
    phrases: tuple[tuple[str, tuple[str, ...], bool], ...]
    closers: frozenset[str]
    openers: frozenset[str]


def parse_rules(data: str, source: str = "<rules>") -> Rules:
    """Build :class:`Rules` from the text of a rules TOML file."""
    try:
        raw = tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid segmentation rules: {exc}", path=source) from None
    abbr = raw.get("abbreviations", {})
    lists = {}
    for key in ("never_final", "may_end"):
        value = abbr.get(key, []) if isinstance(abbr, dict) else None
        if not isinstance(value, list) or not all(isinstance(v, str) and v.endswith(".") for v in value):
            raise ConfigError(
                f"abbreviations.{key} must be a list of strings ending with a dot", path=source
            )
        lists[key] = value
    for key in ("language", "closers", "openers"):
        if not isinstance(raw.get(key, ""), str):
            raise ConfigError(f"{key} must be a string", path=source)
    single: dict[str, set[str]] = {"never_final": set(), "may_end": set()}
    phrases: list[tuple[str, tuple[str, ...], bool]] = []
    for key, values in lists.items():
        for value in values:
            words = value[:-1].split()
            if len(words) == 1:
                single[key].add(words[0])
            elif words:
                phrases.append((words[-1], tuple(words[:-1]), key == "never_final"))
    return Rules(
        language=raw.get("language", "default"),
        never_final=frozenset(single["never_final"]),
        may_end=frozenset(single["may_end"]),
        phrases=tuple(sorted(phrases, key=lambda p: -len(p[1]))),
        closers=frozenset(raw.get("closers", "")),
        openers=frozenset(raw.get("openers", "")),
    )


_CACHE: dict[str, Rules] = {}


def load_rules(language: str) -> Rules:
    """Rules for a language (``fr``, ``fr-CA``, ``fr_FR``), else the generic default rules."""
    lang = Lang.of(language.lower())
    names = [lang.bcp47, lang.base, "default"] if valid(lang.posix) else ["default"]
    folder = resources.files("polyglot") / "rules"
    for name in names:
        if name in _CACHE:
            return _CACHE[name]
        resource = folder / f"{name}.toml"
        if resource.is_file():
            rules = parse_rules(resource.read_text(encoding="utf-8"), f"rules/{name}.toml")
            _CACHE[name] = rules
            return rules
    raise ConfigError("no segmentation rules found", path="rules/default.toml")


@dataclass(frozen=True)
class _Placeholders:
    """Where the placeholders of a text are, found once per text."""

    trailing: dict[int, int]  # end → start of footnote and closing-span placeholders
    trailing_starts: frozenset[int]  # their starts: a sentence never begins there
    opening: dict[int, int]  # start → end of opening-span placeholders
    events: list[tuple[int, int]]  # (position, +1/-1): entering or leaving a matched span

    @classmethod
    def scan(cls, text: str) -> _Placeholders:
        trailing: dict[int, int] = {}
        opening: dict[int, int] = {}
        open_at: dict[str, list[int]] = {}
        events: list[tuple[int, int]] = []
        for m in TOKEN.finditer(text):
            kind = _KINDS.get(m.group(2) or "")
            if kind is None:
                continue
            name = m.group(2) + m.group(3)
            if kind.is_span and not m.group(1):
                opening[m.start()] = m.end()
                open_at.setdefault(name, []).append(m.end())
            elif kind.is_span:
                trailing[m.end()] = m.start()
                if open_at.get(name):
                    events.append((open_at[name].pop(), 1))
                    events.append((m.start(), -1))
            elif kind is ElementKind.FOOTNOTE:
                trailing[m.end()] = m.start()
        events.sort()
        return cls(trailing, frozenset(trailing.values()), opening, events)


_NO_PLACEHOLDERS = _Placeholders({}, frozenset(), {}, [])


@lru_cache(maxsize=32)
def _runs(candidates: frozenset[str]) -> re.Pattern[str]:
    """The whitespace runs that may end a sentence: after a candidate character, or
    holding a paragraph break (every other run of :data:`_WS_RUN` is no boundary)."""
    chars = "".join(re.escape(c) for c in sorted(candidates))
    return re.compile(rf"(?:(?<=[{chars}])|(?=\s*(?:\n\s*\n|\u2029)))(?<!\s)\s+")


def split(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of placeholder text; whitespace-only text has none.

    >>> split("« Viendrez-vous ? » a demandé M. Dupont. Il est parti.", load_rules("fr"))
    [(0, 40), (41, 54)]
    """
    n = len(text)
    first = _WS_RUN.match(text)
    seg_start = first.end() if first else 0
    if seg_start >= n:
        return []
    marks = _Placeholders.scan(text) if "{" in text else _NO_PLACEHOLDERS
    candidates = rules.closers | frozenset(_STOPS) | {"}"}
    spans: list[tuple[int, int]] = []
    depth, event = 0, 0
    for m in _runs(candidates).finditer(text, seg_start):
        g, h = m.span()
        if h >= n:
            break
        while event < len(marks.events) and marks.events[event][0] <= g:
            depth += marks.events[event][1]
            event += 1
        if depth > 0:
            continue
        run = m.group()
        if run.count("\n") >= 2 or "\u2029" in run:
            boundary = True
        elif text[g - 1] in candidates:
            boundary = _is_boundary(text, g, h, seg_start, rules, marks)
        else:
            boundary = False
        if boundary:
            spans.append((seg_start, g))
            seg_start = h
    end = len(text.rstrip())
    spans.append((seg_start, end))
    return spans


def _is_boundary(text: str, g: int, h: int, seg_start: int, rules: Rules, marks: _Placeholders) -> bool:
    """Whether the whitespace run ``text[g:h]`` ends the sentence that began at ``seg_start``."""
    lo = max(seg_start, g - _LOOKBACK)
    # Walk back over closers, whitespace (French puts a space before ? ! ») and
    # footnote or closing placeholders, to the stop.
    i = g
    while i > lo:
        c = text[i - 1]
        if c in rules.closers or c.isspace():
            i -= 1
        elif c == "}" and i in marks.trailing:
            i = marks.trailing[i]
        else:
            break
    k = i
    while k > lo and text[k - 1] in _STOPS:
        k -= 1
    stop = text[k:i]
    if not stop:
        return False
    start = _start_kind(text, h, rules, marks)
    if start == _CLOSER:
        return False
    if "?" in stop or "!" in stop:
        return start != _LOWER
    if "…" in stop or len(stop) > 1:
        # An ellipsis ends a sentence only before a capital; "[…]" and "(...)" mark a cut.
        return start == _UPPER and not (k > 0 and text[k - 1] in "([")
    return _period_ends(text, k, lo, seg_start, start, rules, marks)


def _period_ends(
    text: str, k: int, lo: int, seg_start: int, start: int, rules: Rules, marks: _Placeholders
) -> bool:
    """Whether the period at ``text[k]`` ends a sentence, given how the next one starts."""
    if start == _LOWER:
        return False
    w_end = k
    while w_end > lo and text[w_end - 1] == "}" and w_end in marks.trailing:
        w_end = marks.trailing[w_end]
    w_start = w_end
    while w_start > lo and not text[w_start - 1].isspace():
        w_start -= 1
    word = text[w_start:w_end].lstrip("".join(rules.openers))
    word = word.rsplit("’", 1)[-1].rsplit("'", 1)[-1]  # elision: l’art. → art
    kind = _abbreviation(text, word, w_start, lo, rules)
    if kind == "never":
        return False
    if kind == "may":
        return start == _UPPER
    if word and _is_initials(word):
        return False
    if w_start == seg_start and (word.isdigit() and len(word) <= 3 or _ROMAN.fullmatch(word)):
        return False  # list numbering: "1. Le premier point"
    return True


def _abbreviation(text: str, word: str, w_start: int, lo: int, rules: Rules) -> str | None:
    """``"never"``, ``"may"`` or ``None``: whether ``word`` (before a period) is an abbreviation."""
    variants = (word, word[:1].lower() + word[1:])  # "Cf. p. 3" opens a sentence
    for last, before, never in rules.phrases:
        if last in variants:
            tail = text[lo:w_start].split()[-len(before) :]
            if len(tail) == len(before) and before in (tuple(tail), _lower_first(tail)):
                return "never" if never else "may"
    for w in variants:
        if w in rules.never_final:
            return "never"
        if w in rules.may_end:
            return "may"
    return None


def _lower_first(words: list[str]) -> tuple[str, ...]:
    return (words[0][:1].lower() + words[0][1:], *words[1:])


def _is_initials(word: str) -> bool:
    """``M``, ``J.-P``, ``J.R.R``: single capitals joined by dots (the final dot excluded)."""
    parts = _INITIALS_SEP.split(word)
    return all(len(p) == 1 and p.isupper() for p in parts)


def _start_kind(text: str, h: int, rules: Rules, marks: _Placeholders) -> int:
    """How the text at ``h`` (after a whitespace run) starts: capital, lowercase, digit, closer…"""
    c = text[h]
    if c in _NEVER_BEFORE or (c in rules.closers and c not in rules.openers):
        return _CLOSER
    if h in marks.trailing_starts:
        return _CLOSER  # a footnote marker stays with the sentence before it
    q, n, steps = h, len(text), 0
    while q < n and steps < 12:
        c = text[q]
        if c in rules.openers or c.isspace():  # "« Bonjour", "— Non"
            q += 1
        elif q in marks.opening:
            q = marks.opening[q]
        else:
            break
        steps += 1
    if q >= n:
        return _OTHER
    c = text[q]
    if c.isupper() or c.istitle():
        return _UPPER
    if c.islower():
        return _LOWER
    if c.isdigit():
        return _DIGIT
    return _OTHER


def segment(doc: Document, rules: Rules | None = None) -> Document:
    """A new document whose blocks carry their sentences as segments."""
    rules = rules if rules is not None else load_rules(doc.language)
    return replace(doc, blocks=tuple(_segment_block(b, rules) for b in doc.blocks))


def _segment_block(block: Block, rules: Rules) -> Block:
    segments = []
    line, counted = block.line, 0  # newlines counted once, left to right: linear in the block
    for s, e in split(block.text, rules):
        text = block.text[s:e]
        msgid, elements = inline.renumber(normalize_space(text), block.elements)
        line += block.text.count("\n", counted, s)
        counted = s
        segments.append(Segment(text=text, start=s, line=line, msgid=msgid, elements=elements))
    return replace(block, segments=tuple(segments))
