"""Pair a document's segments with a catalog's translations: the data every renderer shares.

A segment's target is its reviewed or machine translation (``msgstr``, same
placeholders as the ``msgid``), or, when untranslated, the source itself, marked.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..catalog import Catalog
from ..model import Block, BlockKind, Document, Segment
from ..stats import Stats, tally


class State(str, enum.Enum):
    """How far a segment's translation got."""

    REVIEWED = "reviewed"
    MACHINE = "machine"
    UNTRANSLATED = "untranslated"


@dataclass(frozen=True)
class Pair:
    """One segment and its translation; ``target`` is placeholder text (the source when untranslated)."""

    id: str
    segment: Segment
    target: str
    state: State

    @property
    def fallback(self) -> bool:
        return self.state is State.UNTRANSLATED


@dataclass(frozen=True)
class BiBlock:
    """A block with its segment pairs; ``number`` is the list item number (ordered lists)."""

    id: str
    block: Block
    pairs: tuple[Pair, ...]
    number: int = 0


def translation(segment: Segment, catalog: Catalog | None) -> tuple[str, State]:
    """The target placeholder text of a segment and its state."""
    message = catalog.get(segment.msgid) if catalog is not None else None
    if message is None or not message.translated or message.msgid_plural is not None:
        return segment.msgid, State.UNTRANSLATED
    return message.msgstr, State.REVIEWED if message.reviewed else State.MACHINE


def align(document: Document, catalog: Catalog | None) -> tuple[BiBlock, ...]:
    """Every block of a document with its pairs; ids ``b<block>s<segment>`` count from 1."""
    out: list[BiBlock] = []
    counters: dict[tuple[int | None, int], int] = {}
    for bi, block in enumerate(document.blocks, 1):
        pairs = []
        for si, seg in enumerate(block.segments, 1):
            target, state = translation(seg, catalog)
            pairs.append(Pair(f"b{bi}s{si}", seg, target, state))
        number = 0
        if block.kind is BlockKind.LIST_ITEM:
            # Numbering restarts when a deeper item is followed by a shallower one.
            for key in [k for k in counters if k[0] == block.list_id and k[1] > block.level]:
                del counters[key]
            key = (block.list_id, block.level)
            counters[key] = number = counters.get(key, 0) + 1
        out.append(BiBlock(f"b{bi}", block, tuple(pairs), number))
    return tuple(out)


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
    """Progress over (msgid, state) entries, each a distinct segment."""
    return tally((msgid, state.value) for msgid, state in entries)


def states(document: Document, catalog: Catalog | None) -> dict[str, State]:
    """The state of each distinct msgid of a document."""
    return {seg.msgid: translation(seg, catalog)[1] for _, seg in document.segments}
