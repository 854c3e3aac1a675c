"""Placeholder text → safe HTML: literals escaped, elements as tags, spans always balanced.

A translation may mangle its placeholders (a closing one missing, spans crossed);
whatever comes in, the output is well-formed HTML: an unmatched placeholder is
shown as literal text, spans left open are closed at the end, and a link is never
nested in a link. Link targets outside http(s), mailto, ftp and relative URLs
(``javascript:``, ``data:`` …) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..inline import Placeholder, tokenize
from ..model import Element, ElementKind

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto", "ftp"}
_SPAN_TAGS = {ElementKind.EMPHASIS: "em", ElementKind.STRONG: "strong", ElementKind.LINK: "a"}


def safe_href(url: str) -> str | None:
    """The URL if a browser following it runs no code, else None."""
    # Browsers drop ASCII whitespace and control characters anywhere in a scheme.
    probe = "".join(ch for ch in url if ord(ch) > 0x20)
    m = _SCHEME.match(probe)
    if m and m.group(1).lower() not in _SAFE_SCHEMES:
        return None
    return url.strip()


def _anchor(href: str | None, cls: str) -> str:
    if href is None:
        return f'<span class="{cls}">'
    return f'<a class="{cls}" href="{escape(href)}">'


@dataclass
class NoteLinks:
    """The footnote links of one column of a page (ids prefixed per column, so a
    bilingual page holds both); counts references so a repeated one gets its own id."""

    prefix: str
    notes: frozenset[str] = frozenset()
    refs: dict[str, int] = field(default_factory=dict)
    ref_attrs: str = ""  # more attributes for the reference links (EPUB: epub:type="noteref")

    def note_id(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def next_ref(self, name: str) -> str:
        """The id of a new reference to note ``name`` (``src-ref-fn1``, then ``src-ref-fn1-2``)."""
        k = self.refs[name] = self.refs.get(name, 0) + 1
        return f"{self.prefix}ref-{name}" + (f"-{k}" if k > 1 else "")

    def first_ref(self, name: str) -> str | None:
        """The id of the first reference to note ``name`` rendered so far, if any."""
        return f"{self.prefix}ref-{name}" if name in self.refs else None


def note_number(el: Element) -> str:
    """The number a footnote reference shows (``fn3`` → ``3``, whatever its Markdown label)."""
    return el.name.removeprefix(ElementKind.FOOTNOTE.value)


def to_html(text: str, elements: Iterable[Element], notes: NoteLinks | None = None) -> Markup:
    """Render placeholder text as HTML (a :class:`Markup`, safe to put in a template).

    With ``notes``, a reference to a note it lists links to the note.
    """
    by_name = {e.name: e for e in elements}
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # (placeholder name, closing tag)

    def in_link() -> bool:
        return any(close == "</a>" for _, close in stack)

    for tok in tokenize(text):
        if isinstance(tok, str):
            out.append(str(escape(tok)))
            continue
        el = by_name.get(tok.name)
        if el is None:
            out.append(str(escape(str(tok))))
        elif el.kind.is_span:
            out.append(_span(el, tok, stack, in_link()))
        elif el.kind is ElementKind.FOOTNOTE:
            out.append(_footnote(el, None if in_link() else notes))
        else:
            out.append(_atom(el, in_link()))
    while stack:
        out.append(stack.pop()[1])
    return Markup("".join(out))


def _span(el: Element, tok: Placeholder, stack: list[tuple[str, str]], linked: bool) -> str:
    if tok.closing:
        if stack and stack[-1][0] == el.name:
            return stack.pop()[1]
        return str(escape(str(tok)))
    if any(name == el.name for name, _ in stack):
        return str(escape(str(tok)))
    if el.kind is ElementKind.LINK:
        href = None if linked else safe_href(el.value)
        opening = _anchor(href, "link")
        closing = "</span>" if href is None else "</a>"
    else:
        tag = _SPAN_TAGS[el.kind]
        opening, closing = f"<{tag}>", f"</{tag}>"
    stack.append((el.name, closing))
    return opening


def _footnote(el: Element, notes: NoteLinks | None) -> str:
    number = escape(note_number(el))
    if notes is None or el.name not in notes.notes:
        return f'<sup class="fn">{number}</sup>'
    ref, target = escape(notes.next_ref(el.name)), escape(notes.note_id(el.name))
    return f'<sup class="fn" id="{ref}"><a href="#{target}" role="doc-noteref"{notes.ref_attrs}>{number}</a></sup>'


def _atom(el: Element, linked: bool) -> str:
    value = str(escape(el.value))
    if el.kind is ElementKind.CODE:
        return f"<code>{value}</code>"
    if el.kind is ElementKind.EMAIL:
        href = None if linked else "mailto:" + el.value
        return _anchor(href, "email") + value + ("</span>" if href is None else "</a>")
    href = None if linked else safe_href(el.value)
    return _anchor(href, "url") + value + ("</span>" if href is None else "</a>")


def to_plain(text: str, elements: Iterable[Element], footnotes: bool = True) -> str:
    """Plain text of placeholder text: atoms by their value, span markers dropped
    (footnote references too, unless ``footnotes``)."""
    by_name = {e.name: e for e in elements}
    out = []
    for tok in tokenize(text):
        if isinstance(tok, str):
            out.append(tok)
        elif tok.name in by_name:
            el = by_name[tok.name]
            if not el.kind.is_span and (footnotes or el.kind is not ElementKind.FOOTNOTE):
                out.append(el.value)
        else:
            out.append(str(tok))
    return "".join(out)
