"""Inline elements found in running text, and the builder of a block's placeholder text.

Both readers use these rules on the literal text they find: URLs, e-mail
addresses and footnote reference markers become protected elements; the rest
is escaped (see :mod:`polyglot.inline`).

Footnote markers follow French press usage: a small number attached to the
last word of a sentence by a no-break space (``l’invitation\u00a01.``,
``bilatérales\u00a0»\u00a02.``). A number is only taken for a marker when it
follows a letter or a closing quote/bracket, comes before sentence punctuation
or the end of the text, and is the next footnote number of the document: this
keeps ``100\u00a0000``, ``Zapad\u00a02025.`` and ``mardi 16.`` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..inline import escape
from ..model import Element, ElementKind

NBSP = "\u00a0"

_FOOTNOTE = re.compile(r"(?<=[^\W\d_]|[»”\"’)\]])\u00a0([1-9][0-9]{0,2})(?=[.!?…;:,)]|[ \t]*(?:\n|$))")
_URL = re.compile(r"(?<![\w@/.-])(?:https?://|www\.)[^\s<>\"«»{}|\\^`]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_TRAILING = ".,;:!?'\"’”»…"
_PAIRS = {")": "(", "]": "["}


def trim_url(url: str) -> str:
    """Drop trailing punctuation that belongs to the sentence, and unbalanced closing brackets."""
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last in _PAIRS and url.count(last) > url.count(_PAIRS[last]):
            url = url[:-1]
        else:
            break
    return url


@dataclass
class Footnotes:
    """The document's footnote numbering: the number the next marker must carry.

    Markdown ``[^label]`` references share the numbering; ``labels`` maps each
    label to its number so a repeated reference keeps it.
    """

    next: int = 1
    labels: dict[str, int] = field(default_factory=dict)

    def number(self, label: str) -> int:
        if label not in self.labels:
            self.labels[label] = self.next
            self.next += 1
        return self.labels[label]


@dataclass(frozen=True)
class InlineMatch:
    """A URL, e-mail or footnote marker found at text[start:end]."""

    start: int
    end: int
    kind: ElementKind
    value: str


def find_inline(text: str, footnotes: Footnotes, before: str = "") -> list[InlineMatch]:
    """URLs, e-mails and footnote markers of a literal text, in order, without overlaps.

    ``before`` is the literal character preceding ``text`` in the block, if any
    (a footnote marker may directly follow an emphasis span). Footnote numbers
    are taken in document order, so ``footnotes`` advances.
    """
    found: list[InlineMatch] = []
    shift = len(before)
    text = before + text
    # each pattern needs a character the usual paragraph lacks: skip the scans that cannot match
    for m in _URL.finditer(text) if "://" in text or "www." in text.lower() else ():
        url = trim_url(m.group())
        if len(url) > 4 and not url.lower().endswith("www."):
            found.append(InlineMatch(m.start(), m.start() + len(url), ElementKind.URL, url))
    for m in _EMAIL.finditer(text) if "@" in text else ():
        found.append(InlineMatch(m.start(), m.end(), ElementKind.EMAIL, m.group()))
    for m in _FOOTNOTE.finditer(text) if "\u00a0" in text else ():
        found.append(InlineMatch(m.start(), m.end(), ElementKind.FOOTNOTE, m.group(1)))
    found.sort(key=lambda x: (x.start, -x.end))
    out: list[InlineMatch] = []
    for match in found:
        if match.start < shift or (out and match.start < out[-1].end + shift):
            continue
        if match.kind is ElementKind.FOOTNOTE:
            if int(match.value) != footnotes.next:
                continue
            footnotes.next += 1
        out.append(InlineMatch(match.start - shift, match.end - shift, match.kind, match.value))
    return out


@dataclass
class BlockBuilder:
    """Accumulates one block's placeholder text and elements; names are unique per block.

    Footnotes are named after their document number (``fn3``); other kinds are
    numbered from 1 in the block (``url1``, ``em2``).
    """

    footnotes: Footnotes
    parts: list[str] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    _counts: dict[ElementKind, int] = field(default_factory=dict)
    _last: str = ""  # the last literal character, context for footnote markers

    def text(self, literal: str, *, scan: bool = True) -> None:
        """Add literal text, turning URLs, e-mails and footnote markers into elements."""
        pos = 0
        for m in find_inline(literal, self.footnotes, self._last) if scan else []:
            self.parts.append(escape(literal[pos : m.start]))
            self.element(m.kind, m.value)
            pos = m.end
        self.parts.append(escape(literal[pos:]))
        if literal:
            self._last = "" if pos == len(literal) else literal[-1]

    def element(self, kind: ElementKind, value: str) -> str:
        """Add a standalone element (``{url1}``); returns its name."""
        name = self._new(kind, value)
        self.parts.append("{" + name + "}")
        if not kind.is_span:
            self._last = ""
        return name

    def open(self, kind: ElementKind, value: str = "") -> str:
        """Open a span (``{em1}``); returns the name to pass to :meth:`close`."""
        return self.element(kind, value)

    def close(self, name: str) -> None:
        self.parts.append("{/" + name + "}")

    def footnote(self, label: str) -> None:
        """Add a Markdown ``[^label]`` reference, numbered in the document's sequence."""
        name = f"{ElementKind.FOOTNOTE.value}{self.footnotes.number(label)}"
        if all(e.name != name for e in self.elements):
            self.elements.append(Element(name, ElementKind.FOOTNOTE, label))
        self.parts.append("{" + name + "}")
        self._last = ""

    def build(self) -> tuple[str, tuple[Element, ...]]:
        return "".join(self.parts), tuple(self.elements)

    def _new(self, kind: ElementKind, value: str) -> str:
        if kind is ElementKind.FOOTNOTE:
            name = f"{kind.value}{value}"
        else:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            name = f"{kind.value}{self._counts[kind]}"
        self.elements.append(Element(name, kind, value))
        return name
