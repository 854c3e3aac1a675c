"""Review statistics of a catalog: entries and source words by state.

States agree with ``msgfmt --statistics``: *reviewed* = translated and not fuzzy;
fuzzy with a translation splits into *outdated* (the source changed since it was
translated: a ``#|`` previous msgid) and *machine* (the rest); *untranslated* = the
rest. The header and obsolete entries are not counted. *memory* counts the machine
entries that came from the translation memory rather than an engine (a subset of
*machine*).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Iterable

from .catalog import Catalog, Message
from .inline import unescape
from .provenance import from_memory


def words(text: str) -> int:
    """Words of a source segment (placeholders not counted)."""
    return len(unescape(text).split())


STATES = ("reviewed", "outdated", "machine", "untranslated")


def outdated(message: Message) -> bool:
    """Fuzzy with a translation made for another source text (a ``#|`` previous msgid)."""
    return message.translated and message.fuzzy and message.previous_msgid is not None


def state(message: Message) -> str:
    """One of :data:`STATES`."""
    if message.reviewed:
        return "reviewed"
    if outdated(message):
        return "outdated"
    if message.translated:
        return "machine"
    return "untranslated"


@dataclass(frozen=True)
class Stats:
    """Counts for one catalog."""

    entries: int = 0
    words: int = 0
    reviewed: int = 0
    reviewed_words: int = 0
    outdated: int = 0
    outdated_words: int = 0
    machine: int = 0
    machine_words: int = 0
    untranslated: int = 0
    untranslated_words: int = 0
    memory: int = 0
    memory_words: int = 0

    @property
    def percent_reviewed(self) -> float:
        """Share of source words reviewed, in percent (100 for an empty catalog)."""
        if not self.words:
            return 100.0 if not self.entries else round(100.0 * self.reviewed / self.entries, 1)
        return round(100.0 * self.reviewed_words / self.words, 1)

    def as_dict(self) -> dict:
        return {**asdict(self), "percent_reviewed": self.percent_reviewed}


def tally(entries: Iterable[tuple[str, str]]) -> Stats:
    """Stats over (source text, state) pairs, each pair one entry."""
    counts = {s: [0, 0] for s in STATES}
    for msgid, st in entries:
        c = counts[st]
        c[0] += 1
        c[1] += words(msgid)
    return Stats(
        entries=sum(c[0] for c in counts.values()),
        words=sum(c[1] for c in counts.values()),
        reviewed=counts["reviewed"][0],
        reviewed_words=counts["reviewed"][1],
        outdated=counts["outdated"][0],
        outdated_words=counts["outdated"][1],
        machine=counts["machine"][0],
        machine_words=counts["machine"][1],
        untranslated=counts["untranslated"][0],
        untranslated_words=counts["untranslated"][1],
    )


def catalog_stats(catalog: Catalog) -> Stats:
    """Stats of a catalog's active entries (the header excluded)."""
    entries = [m for m in catalog.active if m.msgid]
    memory = [m for m in entries if state(m) == "machine" and from_memory(m)]
    return replace(
        tally((m.msgid, state(m)) for m in entries),
        memory=len(memory),
        memory_words=sum(words(m.msgid) for m in memory),
    )
