"""Fuzzy translation-memory matching: an index over memory units, best match per sentence.

Similarity is rapidfuzz's normalized Indel similarity (``fuzz.ratio``, 0–100) over the
placeholder text, whitespace collapsed. Comparing a query with every unit would cost
O(units) per lookup, so candidates come from an inverted index over words: a unit
that scores ≥ 75 shares most of its words with the query, so it shares at least one
of the query's rarer words. Only units posted under the query's rarest words, within
the length band the threshold allows (``2·min(a, b)/(a + b)`` bounds the ratio), are
scored, with ``score_cutoff`` so rapidfuzz stops early.

A match that differs from the sentence only in its numbers or placeholders is carried
over: the target gets the sentence's numbers and placeholder names
(:func:`carry_over`), so a memory unit for "In 2024, 12 states…" fills "In 2025, 14 states…".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .inline import TOKEN

#: The default minimum similarity (percent) of a usable match.
MIN_SIMILARITY = 75.0
#: Query words used to gather candidates, rarest first.
PROBE_WORDS = 4
#: Candidates scored per lookup, those sharing most probe words first.
MAX_CANDIDATES = 64

# Words that do not start with a digit: numbers change between near-identical sentences.
_WORD = re.compile(r"[^\W\d]\w*")
# A number as French, English or Catalan write it: 2025, 3,5, 100 000, 1.234,5.
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")


@dataclass(frozen=True)
class Unit:
    """One memory unit: a source sentence, its translation, where it came from and how.

    ``kind`` is ``reviewed`` (a reviewed PO entry), ``previous`` (a translation of an
    earlier version of a sentence, ``#|``), ``obsolete`` (a removed sentence's reviewed
    translation) or ``tmx`` (imported); ``origin`` names the document or file.
    """

    source: str
    target: str
    origin: str
    kind: str = "reviewed"


@dataclass(frozen=True)
class Match:
    """A fuzzy match: the unit, its similarity (0–100), and the target to use.

    ``target`` is the unit's target with the query's numbers and placeholders
    carried over when the unit differs only in those (``carried`` then true).
    """

    unit: Unit
    score: float
    target: str
    carried: bool = False

    def comment(self) -> str:
        """The provenance text written into the PO entry."""
        what = {"reviewed": "reviewed in", "previous": "earlier version in", "obsolete": "removed sentence in",
                "tmx": "imported from"}.get(self.unit.kind, self.unit.kind)
        extra = ", numbers and placeholders carried over" if self.carried else ""
        # Floored, so only an identical source reads 100%.
        return f"translation memory, {int(self.score)}% match, {what} {self.unit.origin}{extra}"


def normalize(text: str) -> str:
    """The text similarity is computed on: whitespace collapsed."""
    return " ".join(text.split())


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def similarity(a: str, b: str) -> float:
    """Similarity of two texts in percent (rapidfuzz ``fuzz.ratio`` on normalized text)."""
    return fuzz.ratio(normalize(a), normalize(b))


class FuzzyIndex:
    """An in-memory index over memory units for one language pair.

    Build it once per run (``O(n)`` over the units' words); each :meth:`best` then
    scores at most :data:`MAX_CANDIDATES` units.
    """

    def __init__(self, units: Iterable[Unit]) -> None:
        self.units: list[Unit] = []
        self._texts: list[str] = []
        self._postings: defaultdict[str, list[int]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        for unit in units:
            if not unit.source or not unit.target or (unit.source, unit.target) in seen:
                continue
            seen.add((unit.source, unit.target))
            i = len(self.units)
            self.units.append(unit)
            text = normalize(unit.source)
            self._texts.append(text)
            for w in _words(text):
                self._postings[w].append(i)

    def __len__(self) -> int:
        return len(self.units)

    def _candidates(self, text: str) -> list[int]:
        postings = self._postings
        words = sorted((w for w in _words(text) if w in postings), key=lambda w: (len(postings[w]), w))
        probes = words[:PROBE_WORDS]
        if not probes:
            return []
        hits: Counter[int] = Counter()
        for w in probes:
            hits.update(self._postings[w])
        return [i for i, _ in hits.most_common(MAX_CANDIDATES)]

    def matches(self, text: str, min_score: float = MIN_SIMILARITY, limit: int = 5) -> list[Match]:
        """The best matches for a sentence at or above ``min_score``, best first."""
        query = normalize(text)
        # ratio ≤ 2·min(a, b)/(a + b): units outside this length band cannot reach min_score.
        low = len(query) * min_score / (200 - min_score)
        high = len(query) * (200 - min_score) / max(min_score, 1e-9)
        ids = [i for i in self._candidates(query) if low <= len(self._texts[i]) <= high]
        found = process.extract(
            query,
            {i: self._texts[i] for i in ids},
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=min_score,
            limit=limit,
        )
        out = []
        for _, score, i in found:
            unit = self.units[i]
            carried = carry_over(unit.source, unit.target, text)
            out.append(Match(unit, score, carried or unit.target, carried is not None and carried != unit.target))
        out.sort(key=lambda m: (-m.score, -m.carried, m.unit.kind != "reviewed"))
        return out

    def best(self, text: str, min_score: float = MIN_SIMILARITY) -> Match | None:
        """The best match for a sentence at or above ``min_score``, or None."""
        found = self.matches(text, min_score, limit=3)
        return found[0] if found else None


def _variables(text: str) -> tuple[str, list[str]]:
    """A text with its numbers and placeholders masked, and those values in order."""
    values: list[str] = []

    def mask(m: re.Match[str]) -> str:
        values.append(m.group(0))
        return "\x00"

    pattern = re.compile(f"{TOKEN.pattern}|{_NUMBER.pattern}")
    masked = pattern.sub(lambda m: m.group(0) if m.group(0) in ("{{", "}}") else mask(m), text)
    return masked, values


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def carry_over(source: str, target: str, query: str) -> str | None:
    """``target`` adapted to ``query`` when ``source`` differs from it only in numbers and placeholders.

    Whitespace differences (a no-break space before ``:``) do not count. Each differing value is replaced in the target where it occurs once (a number is
    also found written with other separators: ``3,5`` as ``3.5``). None when the
    texts differ otherwise or a value cannot be located unambiguously.

    >>> carry_over("En 2024, 12 pays.", "In 2024, 12 countries.", "En 2025, 14 pays.")
    'In 2025, 14 countries.'
    """
    masked_src, old = _variables(normalize(source))
    masked_query, new = _variables(normalize(query))
    if masked_src != masked_query:
        return None
    out = target
    for a, b in zip(old, new):
        if a == b:
            continue
        if a.startswith("{"):
            if out.count(a) != 1 or (a[1] == "/") != (b[1] == "/"):
                return None
            out = out.replace(a, b)
            continue
        spots = [m for m in _NUMBER.finditer(out) if _digits(m.group(0)) == _digits(a)]
        if len(spots) != 1:
            return None
        m = spots[0]
        written = m.group(0)
        # Keep the target's own separators when the digit groups line up (3,5 → 3.5 style).
        replacement = b if len(_digits(b)) != len(_digits(a)) or _digits(a) == written else _regroup(written, b)
        out = out[: m.start()] + replacement + out[m.end() :]
    return out


def _regroup(template: str, number: str) -> str:
    """``number``'s digits written with ``template``'s separators (same digit count)."""
    digits = iter(_digits(number))
    return "".join(next(digits) if c.isdigit() else c for c in template)


def units_from(pairs: Sequence[tuple[str, str]], origin: str, kind: str = "reviewed") -> list[Unit]:
    """Units for ``(source, target)`` pairs from one origin."""
    return [Unit(s, t, origin, kind) for s, t in pairs if s and t]
