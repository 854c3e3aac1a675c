"""Markdown and plain-text exports of one side of a document, block structure kept.

Headings become ``#`` lines, list items ``- `` or ``1. `` (nested by indentation),
paragraphs are separated by a blank line; footnote references are ``[^label]`` in
Markdown and ``[1]`` in plain text, their notes follow the text (``[^label]: …``,
further paragraphs indented); a marker without a note keeps its plain-text form
(a no-break space and the number). Literal text is backslash-escaped so that no
character of the source turns into Markdown syntax (or raw HTML). A ``notice``
(a draft's warning) opens the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..inline import render, render_balanced
from ..model import BlockKind, Element, ElementKind
from .bitext import BiBlock, footnotes, group_lists
from .html import joiner
from .inline_html import safe_href

_SPECIAL = re.compile(r"([\\`*_\[\]<>&#~|])")
_LIST_START = re.compile(r"^(\d+)([.)])")


def md_escape(text: str) -> str:
    """Literal text made inert in CommonMark."""
    return _SPECIAL.sub(r"\\\1", text)


def _block_start(text: str) -> str:
    """Escape what would open a list or a setext rule at the start of a block's text."""
    if text[:1] in ("-", "+", "="):
        return "\\" + text
    return _LIST_START.sub(r"\1\\\2", text)


def _code(value: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _autolink(value: str, prefix: str = "") -> str:
    if re.search(r"[\s<>]", value) or safe_href(prefix + value) is None:
        return md_escape(value)
    return f"<{prefix}{value}>"


def inline_md(text: str, elements: Sequence[Element], notes: frozenset[str] = frozenset()) -> str:
    """Placeholder text → Markdown inline text, spans balanced; ``notes``: references that have a note."""

    def atom(el: Element, inside: tuple[str, ...]) -> str:
        if el.kind is ElementKind.FOOTNOTE:
            return f"[^{md_escape(el.value)}]" if el.name in notes else "\u00a0" + md_escape(el.value)
        if el.kind is ElementKind.CODE:
            return _code(el.value)
        if el.kind is ElementKind.EMAIL:
            return _autolink(el.value, "mailto:").replace("<mailto:", "<", 1)
        return _autolink(el.value)

    def span(el: Element, inside: tuple[str, ...]) -> tuple[str, str]:
        if el.kind is ElementKind.LINK:
            href = safe_href(el.value)
            return ("[", "](<" + href.replace(">", "%3E") + ">)") if href else ("", "")
        mark = "*" if el.kind is ElementKind.EMPHASIS else "**"
        return mark, mark

    return render_balanced(text, elements, md_escape, atom, span)


def inline_text(text: str, elements: Sequence[Element], notes: frozenset[str] = frozenset()) -> str:
    """Placeholder text → plain text: footnotes ``[1]``, links ``text (href)``."""

    def element(el: Element, closing: bool) -> str:
        if el.kind is ElementKind.FOOTNOTE:
            return f"[{el.value}]"
        if el.kind is ElementKind.LINK:
            return f" ({el.value})" if closing and el.value else ""
        return "" if el.kind.is_span else el.value

    return render(text, elements, lambda s: s, element)


def _export(blocks: Sequence[BiBlock], side: str, markdown: bool, sep: str, notice: str) -> str:
    names = frozenset(b.block.note.name for b in blocks if b.block.note is not None)

    def render(text: str, elements: Sequence[Element]) -> str:
        return (inline_md if markdown else inline_text)(text, elements, names)

    chunks: list[str] = []
    if notice:
        chunks.append("> " + md_escape(notice) if markdown else notice)
    body = [b for b in blocks if b.block.note is None]
    for group in group_lists(body):
        first = group[0].block
        if first.kind is BlockKind.LIST_ITEM:
            lines = []
            for b in group:
                marker = f"{b.number}." if b.block.ordered else "-"
                indent = "    " * max(0, b.block.level - 1)
                text = _line(b, side, render, sep)
                lines.append(f"{indent}{marker} {_block_start(text) if markdown else text}")
            chunks.append("\n".join(lines))
            continue
        text = _line(group[0], side, render, sep)
        if first.kind in (BlockKind.HEADING, BlockKind.TITLE):
            level = min(max(first.level, 1), 6) if first.kind is BlockKind.HEADING else 1
            if first.kind is BlockKind.TITLE and first.level > 1:
                chunks.append(f"*{text}*" if markdown else text)
            elif markdown:
                chunks.append("#" * level + " " + text)
            else:
                rule = "=" if level == 1 else "-"
                chunks.append(text + ("\n" + rule * max(3, len(text)) if level <= 2 else ""))
        else:
            chunks.append(_block_start(text) if markdown else text)
    chunks += _notes(blocks, side, markdown, render, sep)
    return "\n\n".join(chunks) + "\n" if chunks else ""


def _notes(blocks: Sequence[BiBlock], side: str, markdown: bool, render, sep: str) -> list[str]:
    """The footnotes: ``[^label]: text`` (Markdown, later paragraphs indented) or ``[1] text``."""
    out: list[str] = []
    for note, paragraphs in footnotes(blocks):
        texts = [_line(b, side, render, sep).replace("\n", "\n    ") for b in paragraphs]
        label = f"[^{md_escape(note.value)}]:" if markdown else f"[{note.name.removeprefix('fn')}]"
        out.append(f"{label} {texts[0]}")
        out += ["    " + t for t in texts[1:]]
    return out


def _line(b: BiBlock, side: str, render, sep: str) -> str:
    texts = [render(p.segment.msgid if side == "src" else p.target, p.segment.elements) for p in b.pairs]
    return sep.join(t.strip() for t in texts if t.strip())


def to_markdown(blocks: Sequence[BiBlock], side: str, language: str = "", notice: str = "") -> str:
    """One side (``src`` or ``tgt``) of aligned blocks as Markdown, ``notice`` (if any) first."""
    return _export(blocks, side, True, joiner(language) if language else " ", notice)


def to_text(blocks: Sequence[BiBlock], side: str, language: str = "", notice: str = "") -> str:
    """One side of aligned blocks as plain text, ``notice`` (if any) first."""
    return _export(blocks, side, False, joiner(language) if language else " ", notice)
