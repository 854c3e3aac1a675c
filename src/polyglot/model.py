"""The document model: Document → Block → Segment, with protected inline Elements.

Text inside blocks and segments is *placeholder text*: protected inline elements
(footnote markers, URLs, e-mails, code, emphasis and link spans) appear as
``{name}`` placeholders (see :mod:`polyglot.inline`), and a literal brace is
doubled. Readers produce blocks without segments; :func:`polyglot.segment.segment`
returns a new document whose blocks carry their segments.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Any


class BlockKind(str, enum.Enum):
    """Structural kind of a block."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    NOTE = "note"


class ElementKind(str, enum.Enum):
    """Kind of a protected inline element; spans have an opening and a closing placeholder."""

    FOOTNOTE = "fn"
    URL = "url"
    EMAIL = "email"
    CODE = "code"
    EMPHASIS = "em"
    STRONG = "strong"
    LINK = "link"

    @property
    def is_span(self) -> bool:
        return self in (ElementKind.EMPHASIS, ElementKind.STRONG, ElementKind.LINK)


@dataclass(frozen=True)
class Element:
    """A protected inline element, written ``{name}`` (spans: ``{name}…{/name}``).

    ``value`` is what the placeholder stands for: the footnote number, the URL,
    the address, the code text, or a link's target (empty for emphasis).
    """

    name: str
    kind: ElementKind
    value: str = ""


@dataclass(frozen=True)
class Segment:
    """One sentence of a block.

    ``text`` is the exact slice ``block.text[start:start + len(text)]``; ``msgid``
    is the form translators see: whitespace runs collapsed and placeholders
    renumbered within the segment (footnotes keep their number).
    """

    text: str
    start: int
    line: int
    msgid: str
    elements: tuple[Element, ...] = ()

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Block:
    """A title, heading, paragraph, list item or footnote paragraph, in source order.

    ``list_id`` numbers the lists of a document (consecutive items share one);
    ``level`` is the heading level, the list nesting depth, 1 for a title and 2
    for a subtitle (0 for paragraphs). A NOTE block is one paragraph of the
    footnote whose reference element is ``note`` (``fn2``, valued by its label).
    """

    kind: BlockKind
    text: str
    line: int
    elements: tuple[Element, ...] = ()
    level: int = 0
    list_id: int | None = None
    ordered: bool = False
    segments: tuple[Segment, ...] = ()
    note: Element | None = None

    def gaps(self) -> list[str]:
        """The text between segments: before the first, between each, after the last."""
        out, pos = [], 0
        for seg in self.segments:
            out.append(self.text[pos : seg.start])
            pos = seg.end
        out.append(self.text[pos:])
        return out


@dataclass(frozen=True)
class Metadata:
    """What a document says about itself besides its text; never translated.

    (Its title and subtitle are translatable, so they are TITLE blocks.)
    """

    author: str = ""
    date: str = ""
    source_url: str = ""
    licence: str = ""


@dataclass(frozen=True)
class Document:
    """A source document: its project-relative path, name, language, blocks and metadata."""

    name: str
    path: str
    language: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    meta: Metadata = field(default_factory=Metadata)

    @property
    def notes(self) -> dict[str, tuple[Block, ...]]:
        """The footnote paragraphs of the document, by reference name (``fn1``)."""
        out: dict[str, tuple[Block, ...]] = {}
        for b in self.blocks:
            if b.kind is BlockKind.NOTE and b.note is not None:
                out[b.note.name] = out.get(b.note.name, ()) + (b,)
        return out

    @property
    def segments(self) -> list[tuple[Block, Segment]]:
        return [(b, s) for b in self.blocks for s in b.segments]

    def as_dict(self) -> dict[str, Any]:
        """The blocks and sentences, as ``polyglot segment --json`` prints them."""
        return {
            "document": self.path,
            "blocks": [
                {
                    "kind": b.kind.value, "line": b.line, "level": b.level, "list": b.list_id,
                    "segments": [
                        {"line": s.line, "text": s.msgid,
                         "elements": [{"name": e.name, "kind": e.kind.value, "value": e.value} for e in s.elements]}
                        for s in b.segments
                    ],
                }
                for b in self.blocks
            ],
        }


_WS = re.compile(r"[ \t\r\n]+")


def normalize_space(text: str) -> str:
    """Collapse runs of ASCII whitespace to one space and strip the ends; no-break spaces stay."""
    return _WS.sub(" ", text).strip(" ")
