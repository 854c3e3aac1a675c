"""Placeholder syntax for protected inline elements.

In segment text and PO entries an element appears as ``{fn1}``, ``{url2}``,
``{email1}``, ``{code1}``; spans wrap translatable text: ``{em1}…{/em1}``,
``{strong1}…{/strong1}``, ``{link1}…{/link1}``. A literal brace is doubled
(``{{``, ``}}``), so any text round-trips through :func:`escape` and
:func:`unescape`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .model import Element, ElementKind

# The one definition of the syntax: an escaped brace, or a placeholder (closing slash, kind, number).
TOKEN = re.compile(r"\{\{|\}\}|\{(/?)([a-z]+)([0-9]+)\}")
# Anything written like a placeholder: an escaped brace, a brace-delimited word, a lone brace.
_LOOSE = re.compile(r"\{\{|\}\}|\{/?[^{}\s]{1,40}\}|[{}]")
_KINDS = {k.value: k for k in ElementKind}


@dataclass(frozen=True)
class Placeholder:
    """A placeholder occurrence: the element name, and whether it closes a span."""

    name: str
    closing: bool = False

    def __str__(self) -> str:
        return "{" + ("/" if self.closing else "") + self.name + "}"


def escape(text: str) -> str:
    """Make plain text safe to embed in placeholder text (double the braces)."""
    return text.replace("{", "{{").replace("}", "}}")


def tokenize(text: str) -> list[str | Placeholder]:
    """Split placeholder text into literal strings (unescaped) and placeholders."""
    if "{" not in text and "}" not in text:  # most text holds no placeholder: nothing to split
        return [text] if text else []
    out: list[str | Placeholder] = []
    buf: list[str] = []
    pos = 0
    for m in TOKEN.finditer(text):
        if m.group(2) is not None and m.group(2) not in _KINDS:
            continue
        buf.append(text[pos : m.start()])
        tok = m.group(0)
        if tok in ("{{", "}}"):
            buf.append(tok[0])
        else:
            if buf:
                out.append("".join(buf))
                buf = []
            out.append(Placeholder(m.group(2) + m.group(3), bool(m.group(1))))
        pos = m.end()
    buf.append(text[pos:])
    literal = "".join(buf)
    if literal:
        out.append(literal)
    return [t for t in out if t != ""]


def unescape(text: str) -> str:
    """Plain text of placeholder text, placeholders dropped."""
    return "".join(t for t in tokenize(text) if isinstance(t, str))


def placeholders(text: str) -> list[str]:
    """The placeholders of a text in order, as written (``fn1``, ``em1``, ``/em1``)."""
    return [("/" if t.closing else "") + t.name for t in tokenize(text) if isinstance(t, Placeholder)]


def _valid(raw: str) -> re.Match[str] | None:
    m = TOKEN.fullmatch(raw)
    return m if m and m.group(2) in _KINDS else None


def unknown(text: str) -> list[str]:
    """Fragments written like placeholders that are none: ``{/link}``, ``{lien1}``, a lone ``{``."""
    return [m.group(0) for m in _LOOSE.finditer(text) if m.group(0) not in ("{{", "}}") and not _valid(m.group(0))]


def sanitize(text: str, names: Iterable[str]) -> str:
    """Placeholder text reduced to what renders cleanly: only the ``names`` given, spans nested.

    Unknown or foreign placeholders, lone braces and closings without their opening are
    dropped; spans left open are closed at the end. Text that is already clean is returned
    unchanged.
    """
    allowed = set(names)
    out: list[str] = []
    opened: list[str] = []
    pos = 0
    for m in _LOOSE.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        raw = m.group(0)
        if raw in ("{{", "}}"):
            out.append(raw)
            continue
        tok = _valid(raw)
        name = tok.group(2) + tok.group(3) if tok else None
        if tok is None or name is None or name not in allowed:
            continue
        if tok.group(1):
            if opened and opened[-1] == name:
                opened.pop()
                out.append(raw)
        elif not _KINDS[tok.group(2)].is_span:
            out.append(raw)
        elif name not in opened:
            opened.append(name)
            out.append(raw)
    out.append(text[pos:])
    out += [str(Placeholder(name, True)) for name in reversed(opened)]
    return "".join(out)


def kind_of(name: str) -> ElementKind | None:
    """The element kind a placeholder name stands for (``url2`` → URL)."""
    m = re.fullmatch(r"([a-z]+)[0-9]+", name)
    return _KINDS.get(m.group(1)) if m else None


def renumber(text: str, elements: Iterable[Element]) -> tuple[str, tuple[Element, ...]]:
    """Number a segment's placeholders from 1 per kind, in order; footnotes keep their number.

    Returns the new text and the elements it uses, renamed, in order of first use.
    """
    if "{" not in text and "}" not in text:
        return text, ()
    by_name = {e.name: e for e in elements}
    mapping: dict[str, str] = {}
    counters: dict[ElementKind, int] = {}
    used: list[Element] = []
    parts: list[str] = []
    for tok in tokenize(text):
        if isinstance(tok, str):
            parts.append(escape(tok))
            continue
        el = by_name.get(tok.name)
        if el is None:
            parts.append(str(tok))
            continue
        if tok.name not in mapping:
            if el.kind is ElementKind.FOOTNOTE:
                new = tok.name
            else:
                counters[el.kind] = counters.get(el.kind, 0) + 1
                new = f"{el.kind.value}{counters[el.kind]}"
            mapping[tok.name] = new
            used.append(Element(new, el.kind, el.value))
        parts.append(str(Placeholder(mapping[tok.name], tok.closing)))
    return "".join(parts), tuple(used)


def render(
    text: str,
    elements: Iterable[Element],
    literal: Callable[[str], str],
    element: Callable[[Element, bool], str],
) -> str:
    """Render placeholder text: ``literal`` maps plain runs, ``element(el, closing)`` placeholders.

    Unknown placeholders are rendered as literal text, so nothing is dropped silently.
    """
    if "{" not in text and "}" not in text:
        return literal(text) if text else ""
    by_name = {e.name: e for e in elements}
    out = []
    for tok in tokenize(text):
        if isinstance(tok, str):
            out.append(literal(tok))
        elif tok.name in by_name:
            out.append(element(by_name[tok.name], tok.closing))
        else:
            out.append(literal(str(tok)))
    return "".join(out)


def render_balanced(
    text: str,
    elements: Iterable[Element],
    literal: Callable[[str], str],
    atom: Callable[[Element, tuple[str, ...]], str],
    span: Callable[[Element, tuple[str, ...]], tuple[str, str]],
) -> str:
    """Render placeholder text into a format whose spans nest (HTML, Markdown).

    ``literal`` maps plain runs, and placeholders that cannot be rendered; ``atom(el, inside)``
    renders a standalone element and ``span(el, inside)`` returns the opening and closing of a
    span, ``inside`` being the closings of the spans open around it. A closing without its
    opening, or a span opened again inside itself, is literal text; spans left open are closed
    at the end.
    """
    if "{" not in text and "}" not in text:
        return literal(text) if text else ""
    by_name = {e.name: e for e in elements}
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # (name, closing) of the open spans
    for tok in tokenize(text):
        if isinstance(tok, str):
            out.append(literal(tok))
            continue
        el = by_name.get(tok.name)
        inside = tuple(closing for _, closing in stack)
        if el is None:
            out.append(literal(str(tok)))
        elif not el.kind.is_span:
            out.append(atom(el, inside))
        elif tok.closing:
            out.append(stack.pop()[1] if stack and stack[-1][0] == el.name else literal(str(tok)))
        elif any(name == el.name for name, _ in stack):
            out.append(literal(str(tok)))
        else:
            opening, closing = span(el, inside)
            stack.append((el.name, closing))
            out.append(opening)
    out += [closing for _, closing in reversed(stack)]
    return "".join(out)
