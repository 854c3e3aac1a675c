"""Glossary candidates the glossary lacks: repeated noun phrases, proper names, engines' unknown words.

Like Translate Toolkit's ``poterminology``: word n-grams (2–4 words) that occur at
least ``min_count`` times, do not start or end with a function word and do not
cross punctuation; sequences of capitalized words that are not merely
sentence-initial (proper names, kept from one occurrence when they span several
words); and the words the engines reported unknown (``# polyglot: unknown words:``
comments). A phrase contained in a longer one with the same count is dropped, as is
anything a glossary term already covers. Each candidate carries its count and
example sentences; :func:`to_csv` writes rows ready to paste into ``glossary.csv``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .provenance import PREFIX
from .glossary import Glossary, fold
from .inline import unescape

#: French function words: a term candidate neither starts nor ends with one.
STOPWORDS = frozenset(
    """à au aux avec ce ces cet cette d dans de des du elle en et il ils je l la le les leur leurs lui
    ma mais me mes moi mon ne ni nos notre nous on ont ou où par pas plus pour qu que qui sa se ses son
    sur ta te tes toi ton tu un une vos votre vous y est sont été être avoir a ai as avait avaient sera
    seront si sans sous entre vers chez depuis dont lors selon tandis afin ainsi alors aussi donc or car
    comme très tout tous toute toutes autre autres même mêmes quel quelle quels quelles cela ça ceci
    celui celle ceux celles lequel laquelle lesquels lesquelles auxquels auxquelles duquel""".split()
)
_TOKEN = re.compile(r"[^\W\d_][\w’'-]*|\d[\d\s,.]*|[^\w\s]", re.UNICODE)
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
MAX_EXAMPLES = 2


@dataclass(frozen=True)
class Candidate:
    """A suggested glossary term: the text, why (``phrase``, ``name``, ``unknown``), count, examples."""

    term: str
    kind: str
    count: int
    examples: tuple[str, ...] = ()
    languages: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        return {"term": self.term, "kind": self.kind, "count": self.count, "examples": list(self.examples),
                "languages": list(self.languages)}


def _words(sentence: str) -> list[str | None]:
    """Words of a sentence, elided articles dropped (``l’armée`` → ``armée``); None marks punctuation."""
    out: list[str | None] = []
    for tok in _TOKEN.findall(sentence):
        if tok[0].isalpha():
            out.append(_ELISION.sub("", tok) or None)
        else:
            out.append(None)
    return out


def _covered(term: str, glossary: Glossary | None) -> bool:
    return glossary is not None and bool(glossary.find(term))


def suggest(
    sentences: Iterable[str],
    glossary: Glossary | None = None,
    unknown: Mapping[str, Iterable[str]] | None = None,
    min_count: int = 2,
) -> list[Candidate]:
    """Candidates from source sentences (placeholder text) and engines' unknown words by language.

    Sorted by count, then text; deterministic.
    """
    phrases: Counter[str] = Counter()
    names: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = {}
    examples: dict[str, list[str]] = {}
    texts = [" ".join(unescape(s).split()) for s in sentences]

    def seen(key: str, form: str, sentence: str) -> None:
        surface.setdefault(key, Counter())[form] += 1
        ex = examples.setdefault(key, [])
        if len(ex) < MAX_EXAMPLES and sentence not in ex:
            ex.append(sentence)

    for sentence in texts:
        words = _words(sentence)
        # Proper names: runs of capitalized words; a lone sentence-initial one is ordinary capitalization.
        run: list[str] = []
        for i, w in enumerate([*words, None]):
            if w is not None and w[0].isupper() and fold(w) not in STOPWORDS:
                run.append(w)
                continue
            if run and not (len(run) == 1 and i - 1 == 0):
                name = " ".join(run)
                names[fold(name)] += 1
                seen(fold(name), name, sentence)
            run = []
        # Noun phrases: 2–4 word n-grams within punctuation, no function word at either end.
        for n in (2, 3, 4):
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                if any(g is None for g in gram):
                    continue
                first, last = fold(gram[0]), fold(gram[-1])  # type: ignore[arg-type]
                if first in STOPWORDS or last in STOPWORDS or any(g[0].isupper() for g in gram[1:]):  # type: ignore[index]
                    continue
                phrase = " ".join(gram)  # type: ignore[arg-type]
                key = fold(phrase)
                phrases[key] += 1
                seen(key, phrase if i else phrase[0].lower() + phrase[1:], sentence)

    def form(key: str) -> str:
        return surface[key].most_common(1)[0][0]

    out: list[Candidate] = []
    kept_phrases = {k: c for k, c in phrases.items() if c >= min_count and k not in names}
    for key, count in kept_phrases.items():
        longer = [k for k, c in kept_phrases.items() if c == count and len(k) > len(key) and f" {key} " in f" {k} "]
        if not longer and not _covered(form(key), glossary):
            out.append(Candidate(form(key), "phrase", count, tuple(examples[key])))
    for key, count in names.items():
        if (count >= min_count or " " in key) and not _covered(form(key), glossary):
            out.append(Candidate(form(key), "name", count, tuple(examples[key])))
    by_word: dict[str, set[str]] = {}
    for lang, listed_words in (unknown or {}).items():
        for w in listed_words:
            by_word.setdefault(w, set()).add(lang)
    listed = {fold(c.term) for c in out}
    for word, langs in by_word.items():
        key = fold(word)
        found = [s for s in texts if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", s)]
        if key in listed or not found or _covered(word, glossary):
            continue  # an inflected target-side word, or one the glossary covers
        out.append(Candidate(word, "unknown", len(found), tuple(found[:MAX_EXAMPLES]), tuple(sorted(langs))))
    out.sort(key=lambda c: (-c.count, c.kind, fold(c.term)))
    return out


def to_csv(candidates: Iterable[Candidate], languages: Iterable[str]) -> str:
    """Rows in the glossary's CSV format (with a header), targets left empty, the evidence as the note."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    langs = list(languages)
    writer.writerow(["source", "note", "do_not_translate", *(f"target:{lang}" for lang in langs)])
    for c in candidates:
        note = f"suggested: {c.kind}, {c.count}×" + (f", unknown to the {'/'.join(c.languages)} engine"
                                                      if c.languages else "")
        writer.writerow([c.term, note, "no", *("" for _ in langs)])
    return buf.getvalue()


def unknown_words(comments: Iterable[str]) -> list[str]:
    """Words listed in ``polyglot: unknown words:`` comments."""
    prefix = f"{PREFIX} unknown words:"
    out: list[str] = []
    for c in comments:
        if c.startswith(prefix):
            out += [w.strip() for w in c[len(prefix) :].split(",") if w.strip()]
    return out
