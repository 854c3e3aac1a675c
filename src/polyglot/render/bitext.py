"""Pair a document's segments with a catalog's translations: the data every renderer shares.

A segment's target is its reviewed, outdated or machine translation (``msgstr``,
same placeholders as the ``msgid``), or, when untranslated, the source itself,
marked. An entry the publication gate held back (:mod:`polyglot.gate`) shows its
last good translation, or the source, marked *withheld*.
An unreviewed translation taken from the translation memory is *memory*: still
machine-made as far as review goes, but told apart on the pages.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..catalog import Catalog
from ..model import Block, BlockKind, Document, Element, Segment
from ..provenance import from_memory
from ..stats import Stats, state as stats_state, tally


class State(str, enum.Enum):
    """How far a segment's translation got."""

    REVIEWED = "reviewed"
    OUTDATED = "outdated"
    MACHINE = "machine"
    MEMORY = "memory"
    UNTRANSLATED = "untranslated"
    WITHHELD = "withheld"


@dataclass(frozen=True)
class Pair:
    """One segment and its translation; ``target`` is placeholder text (the source when untranslated).

    ``previous`` is the source an outdated translation was made for.
    """

    id: str
    segment: Segment
    target: str
    state: State
    previous: str | None = None

    @property
    def fallback(self) -> bool:
        """Whether the target shows the source text itself."""
        return self.target == self.segment.msgid and self.state in (State.UNTRANSLATED, State.WITHHELD)


@dataclass(frozen=True)
class BiBlock:
    """A block with its segment pairs; ``number`` is the list item number (ordered lists)."""

    id: str
    block: Block
    pairs: tuple[Pair, ...]
    number: int = 0


def translation(segment: Segment, catalog: Catalog | None) -> tuple[str, State]:
    """The target placeholder text of a segment and its state."""
    text, state, _ = lookup(segment, catalog)
    return text, state


def lookup(segment: Segment, catalog: Catalog | None) -> tuple[str, State, str | None]:
    """The target placeholder text of a segment, its state and the source an outdated one was made for."""
    from ..gate import WITHHELD_FLAG

    message = catalog.get(segment.msgid) if catalog is not None else None
    if message is not None and WITHHELD_FLAG in message.flags:
        return message.msgstr or segment.msgid, State.WITHHELD, None
    if message is None or not message.translated or message.msgid_plural is not None:
        return segment.msgid, State.UNTRANSLATED, None
    state = State(stats_state(message))
    if state is State.MACHINE and from_memory(message):
        state = State.MEMORY
    return message.msgstr, state, message.previous_msgid


def align(document: Document, catalog: Catalog | None) -> tuple[BiBlock, ...]:
    """Every block of a document with its pairs; ids ``b<block>s<segment>`` count from 1."""
    out: list[BiBlock] = []
    counters: dict[tuple[int | None, int], int] = {}
    for bi, block in enumerate(document.blocks, 1):
        pairs = []
        for si, seg in enumerate(block.segments, 1):
            target, state, previous = lookup(seg, catalog)
            pairs.append(Pair(f"b{bi}s{si}", seg, target, state, previous))
        number = 0
        if block.kind is BlockKind.LIST_ITEM:
            # Numbering restarts when a deeper item is followed by a shallower one.
            for key in [k for k in counters if k[0] == block.list_id and k[1] > block.level]:
                del counters[key]
            key = (block.list_id, block.level)
            counters[key] = number = counters.get(key, 0) + 1
        out.append(BiBlock(f"b{bi}", block, tuple(pairs), number))
    return tuple(out)


def footnotes(blocks: Sequence[BiBlock]) -> list[tuple[Element, list[BiBlock]]]:
    """The notes of aligned blocks in order: each note's reference element and its paragraphs."""
    out: list[tuple[Element, list[BiBlock]]] = []
    for b in blocks:
        note = b.block.note
        if note is None:
            continue
        if out and out[-1][0] == note:
            out[-1][1].append(b)
        else:
            out.append((note, [b]))
    return out


def group_lists(blocks: Sequence[BiBlock]) -> list[list[BiBlock]]:
    """Blocks grouped for rendering: consecutive items of one list together, other blocks alone."""
    groups: list[list[BiBlock]] = []
    for b in blocks:
        prev = groups[-1][-1].block if groups else None
        if (
            b.block.kind is BlockKind.LIST_ITEM
            and prev is not None
            and prev.kind is BlockKind.LIST_ITEM
            and prev.list_id == b.block.list_id
        ):
            groups[-1].append(b)
        else:
            groups.append([b])
    return groups


Progress = Stats  # reviewed share of a publication: polyglot.stats over its distinct segments


def progress(entries: Iterable[tuple[str, State]]) -> Progress:
    """Progress over (msgid, state) entries, each a distinct segment (withheld and memory count as machine)."""
    machine = (State.WITHHELD, State.MEMORY)
    return tally((msgid, "machine" if state in machine else state.value) for msgid, state in entries)


def states(document: Document, catalog: Catalog | None) -> dict[str, State]:
    """The state of each distinct msgid of a document."""
    return {seg.msgid: translation(seg, catalog)[1] for _, seg in document.segments}


def block_states(blocks: Sequence[BiBlock]) -> dict[str, State]:
    """:func:`states` of aligned blocks (``states(d, c) == block_states(align(d, c))``)."""
    return {p.segment.msgid: p.state for b in blocks for p in b.pairs}
