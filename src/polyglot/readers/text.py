"""Plain-text articles: paragraphs separated by blank lines, and bullet lists.

A line starting (after optional indentation) with ``•``, ``-`` or ``*`` and a
space is a list item; ``1.`` or ``1)`` and a space starts an ordered item at
the start of a block or right after another item. Items on consecutive lines
form one list; a blank line ends it. A line indented deeper than its item's
marker continues the item; an item indented deeper than the previous one opens
a nested list. Indentation and trailing spaces are layout and are dropped;
each block keeps its internal line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from ..inline import render
from ..model import Block, BlockKind, Element, ElementKind
from .scan import NBSP, BlockBuilder, Footnotes

_BULLET = re.compile(r"([ \t]*)([•*-])[ \t]+(?=\S)")
_ORDERED = re.compile(r"([ \t]*)([0-9]{1,3})[.)][ \t]+(?=\S)")


def parse_text(text: str) -> tuple[Block, ...]:
    """The blocks of a plain-text article (LF line ends), without segments."""
    parser = _Parser()
    for number, line in enumerate(text.split("\n"), start=1):
        parser.feed(line, number)
    parser.flush()
    footnotes = Footnotes()
    blocks = []
    for raw in parser.blocks:
        builder = BlockBuilder(footnotes)
        builder.text("\n".join(raw.lines))
        body, elements = builder.build()
        blocks.append(
            Block(raw.kind, body, raw.line, elements, level=raw.level, list_id=raw.list_id, ordered=raw.ordered)
        )
    return tuple(blocks)


def plain_text(text: str, elements: Iterable[Element]) -> str:
    """Render placeholder text back to its plain-text source form.

    Footnotes become ``\u00a0N``, URLs, e-mails and code their value; span
    markup is dropped and its content kept.
    """

    def element(el: Element, closing: bool) -> str:
        if el.kind.is_span:
            return ""
        if el.kind is ElementKind.FOOTNOTE:
            return NBSP + el.value
        return el.value

    return render(text, elements, lambda s: s, element)


@dataclass
class _RawBlock:
    kind: BlockKind
    line: int
    lines: list[str]
    indent: int = 0
    level: int = 0
    list_id: int | None = None
    ordered: bool = False


@dataclass
class _Parser:
    """Line-by-line state machine grouping lines into blocks and items into lists."""

    blocks: list[_RawBlock] = field(default_factory=list)
    current: _RawBlock | None = None
    # Open lists, outermost first: (marker indentation, list id, ordered).
    lists: list[tuple[int, int, bool]] = field(default_factory=list)
    next_list: int = 1

    def feed(self, line: str, number: int) -> None:
        if not line.strip():
            self.flush()
            self.lists.clear()
            return
        indent = _indent(line)
        item = _BULLET.match(line)
        ordered = False
        if item is None and (self.current is None or self.current.kind is BlockKind.LIST_ITEM):
            item = _ORDERED.match(line)
            ordered = item is not None
        if item is not None:
            self.flush()
            self._item(number, indent, ordered, line[item.end() :].rstrip(" \t"))
        elif self.current is not None and (
            self.current.kind is BlockKind.PARAGRAPH or indent > self.current.indent
        ):
            self.current.lines.append(line.strip(" \t"))
        else:
            self.flush()
            self.lists.clear()
            self.current = _RawBlock(BlockKind.PARAGRAPH, number, [line.strip(" \t")])

    def flush(self) -> None:
        if self.current is not None:
            self.blocks.append(self.current)
            self.current = None

    def _item(self, number: int, indent: int, ordered: bool, content: str) -> None:
        while self.lists and self.lists[-1][0] > indent:
            self.lists.pop()
        if self.lists and self.lists[-1][0] == indent and self.lists[-1][2] != ordered:
            self.lists.pop()
        if not self.lists or self.lists[-1][0] < indent:
            self.lists.append((indent, self.next_list, ordered))
            self.next_list += 1
        list_id = self.lists[-1][1]
        self.current = _RawBlock(
            BlockKind.LIST_ITEM, number, [content], indent, len(self.lists), list_id, ordered
        )


def _indent(line: str) -> int:
    """Indentation width in columns, a tab counting as four."""
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4
        else:
            break
    return width
