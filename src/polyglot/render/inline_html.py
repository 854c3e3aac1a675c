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

from ..inline import render, render_balanced
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

    With ``notes``, a reference to a note it lists links to the note. Nothing inside a link
    becomes a link itself.
    """

    if "{" not in text and "}" not in text:  # no placeholder: the text, escaped
        return escape(text)

    def atom(el: Element, inside: tuple[str, ...]) -> str:
        linked = "</a>" in inside
        if el.kind is ElementKind.FOOTNOTE:
            return _footnote(el, None if linked else notes)
        return _atom(el, linked)

    return Markup(render_balanced(text, elements, lambda s: str(escape(s)), atom, _span))


def _span(el: Element, inside: tuple[str, ...]) -> tuple[str, str]:
    if el.kind is ElementKind.LINK:
        href = None if "</a>" in inside else safe_href(el.value)
        return _anchor(href, "link"), "</span>" if href is None else "</a>"
    tag = _SPAN_TAGS[el.kind]
    return f"<{tag}>", f"</{tag}>"


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

    def element(el: Element, closing: bool) -> str:
        shown = not el.kind.is_span and (footnotes or el.kind is not ElementKind.FOOTNOTE)
        return el.value if shown else ""

    return render(text, elements, lambda s: s, element)
