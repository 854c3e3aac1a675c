"""Placeholder text ↔ engine text, with every protected element accounted for.

A msgid in placeholder syntax (``{fn1}``, ``{em1}…{/em1}``, see :mod:`polyglot.inline`)
becomes the engine text of :mod:`polyglot.engines.base`: standalone elements and
do-not-translate glossary terms are ``<x id="N"/>``, spans ``<g id="N">…</g>``,
``& < >`` escaped. Glossary terms with a required translation cross the engines the
same way and come back as that translation (:class:`TermRule`). :func:`restore` maps an engine's output back and reports
every tag the engine dropped, duplicated, invented or unbalanced; a dropped
standalone element is re-appended (never silently lost) and reported, so the
entry can be flagged for review.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from .inline import Placeholder, escape, kind_of, tokenize
from .model import Element

_WS = " \t\n\u00a0\u202f"
# Tolerant tag patterns: engines sometimes add spaces or change the quotes.
_TAG = re.compile(
    r"""<\s*x\s+id\s*=\s*["']?(?P<x>\d+)["']?\s*/\s*>"""
    r"""|<\s*g\s+id\s*=\s*["']?(?P<g>\d+)["']?\s*>"""
    r"""|<\s*/\s*g\s*>"""
)
_FINAL = re.compile(r"[\s.!?…:;]*$")


@dataclass(frozen=True)
class Tag:
    """One protected thing in engine text.

    ``name`` is the placeholder name (``fn1``) or, for a do-not-translate term,
    empty with ``term`` set. ``space_before``/``space_after`` record whether the
    source had whitespace there, so restore can mirror the source's spacing.
    """

    id: int
    name: str
    span: bool = False
    term: str = ""
    glossary: bool = False
    space_before: bool = True
    space_after: bool = True
    space_before_close: bool = False

    @property
    def text(self) -> str:
        """What the opening tag stands for in placeholder text."""
        return escape(self.term) if self.term else str(Placeholder(self.name))

    @property
    def label(self) -> str:
        return repr(self.term) if self.term else "{" + self.name + "}"


@dataclass(frozen=True)
class Protected:
    """The engine text of one msgid and the tags it uses, in order."""

    source: str
    text: str
    tags: tuple[Tag, ...] = ()
    inline_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Restored:
    """Placeholder text rebuilt from engine output; ``problems`` is empty when all tags came back."""

    text: str
    problems: tuple[str, ...] = ()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    terms = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")


def _same(matched: str) -> str:
    return matched


@dataclass(frozen=True)
class TermRule:
    """Terms that cross the engines as tags: what matches them, and what each match comes back as.

    ``target`` maps the matched source text to the text restored in the translation
    (itself for a do-not-translate term; see :meth:`polyglot.glossary.Glossary.engine_terms`).
    With ``inline``, a term whose target is spelled differently from the matched text
    crosses the engine as that target text instead of a tag: an engine keeps a word
    it does not know in place, so the words around it keep their order (Apertium
    moves tags to blanks, which reorders a sentence). :func:`restore` checks that it
    came back.
    """

    pattern: re.Pattern[str] | None
    target: Callable[[str], str] = field(default=_same)
    translated: bool = False
    inline: bool = False

    @classmethod
    def keep(cls, terms: Sequence[str]) -> TermRule:
        """Do-not-translate terms: matched whole-word and case-sensitively, restored unchanged."""
        return cls(_term_pattern(terms))


def protect(
    text: str, elements: Sequence[Element] = (), dnt_terms: Sequence[str] | TermRule = ()
) -> Protected:
    """Engine text for a msgid: elements and protected terms become tags.

    ``dnt_terms`` are do-not-translate terms (matched whole-word, case-sensitively) or
    a :class:`TermRule`; terms match in the literal text only.
    """
    kinds = {e.name: e.kind for e in elements}
    rule = dnt_terms if isinstance(dnt_terms, TermRule) else TermRule.keep(dnt_terms)
    terms = rule.pattern
    tokens = tokenize(text)
    inline: list[str] = []
    # Flatten into literal runs and placeholder/term items so spacing can be read off neighbours.
    items: list[str | Placeholder | tuple[str, bool]] = []
    for tok in tokens:
        if isinstance(tok, Placeholder) or terms is None:
            items.append(tok)
            continue
        pos = 0
        for m in terms.finditer(tok):
            items.append(tok[pos : m.start()])
            target = rule.target(m.group(0))
            if rule.inline and target != m.group(0):
                inline.append(target)
                items.append(target)
            else:
                items.append((target, target != m.group(0) or rule.translated))
            pos = m.end()
        items.append(tok[pos:])
    items = [i for i in items if i != ""]

    def spaced(i: int, step: int) -> bool:
        j = i + step
        if j < 0 or j >= len(items):
            return True
        nb = items[j]
        if isinstance(nb, str):
            return (nb[-1] if step < 0 else nb[0]) in _WS
        return False

    out: list[str] = []
    tags: list[Tag] = []
    open_ids: dict[str, int] = {}
    for i, item in enumerate(items):
        if isinstance(item, str):
            out.append(_xml(item))
            continue
        before, after = spaced(i, -1), spaced(i, 1)
        if isinstance(item, tuple):
            tag = Tag(len(tags) + 1, "", term=item[0], glossary=item[1], space_before=before, space_after=after)
            tags.append(tag)
            out.append(f'<x id="{tag.id}"/>')
            continue
        kind = kinds.get(item.name) or kind_of(item.name)
        if kind is not None and kind.is_span:
            if item.closing:
                tid = open_ids.pop(item.name, None)
                if tid is not None:
                    tags[tid - 1] = replace(tags[tid - 1], space_before_close=before)
                    out.append("</g>")
                continue
            tag = Tag(len(tags) + 1, item.name, span=True, space_before=before, space_after=after)
            tags.append(tag)
            open_ids[item.name] = tag.id
            out.append(f'<g id="{tag.id}">')
            continue
        tag = Tag(len(tags) + 1, item.name, space_before=before, space_after=after)
        tags.append(tag)
        out.append(f'<x id="{tag.id}"/>')
    # A span opened but never closed in the source: close it at the end so the XML is balanced.
    out.extend("</g>" for _ in open_ids)
    return Protected(text, "".join(out), tuple(tags), tuple(inline))


def _literal(engine_text: str) -> str:
    return escape(html.unescape(engine_text))


def restore(engine_output: str, protected: Protected) -> Restored:
    """Placeholder text from an engine's output, with a list of what went wrong with the tags."""
    by_id = {t.id: t for t in protected.tags}
    problems: list[str] = []
    seen: set[int] = set()
    closed: set[int] = set()
    stack: list[Tag] = []
    # parts: literal strings, or (Tag, closing) pairs; spacing is fixed once all are known.
    parts: list[str | tuple[Tag, bool]] = []
    pos = 0
    for m in _TAG.finditer(engine_output):
        parts.append(_literal(engine_output[pos : m.start()]))
        pos = m.end()
        raw = m.group(0)
        if m.group("x") is None and m.group("g") is None:  # </g>
            if stack:
                tag = stack.pop()
                closed.add(tag.id)
                parts.append((tag, True))
            else:
                problems.append("unbalanced closing tag removed")
            continue
        tid = int(m.group("x") or m.group("g"))
        found = by_id.get(tid)
        is_span = m.group("g") is not None
        if found is None or found.span != is_span:
            problems.append(f"unknown tag {raw} removed")
            if is_span:
                stack.append(Tag(0, "", span=True))  # swallow its closing tag
            continue
        if tid in seen:
            problems.append(f"{found.label} duplicated; extra copy removed")
            if is_span:
                stack.append(Tag(0, "", span=True))
            continue
        seen.add(tid)
        parts.append((found, False))
        if is_span:
            stack.append(found)
    parts.append(_literal(engine_output[pos:]))
    # Drop the placeholders pushed for unknown/duplicate spans.
    parts = [p for p in parts if isinstance(p, str) or p[0].id != 0]

    tail: list[tuple[Tag, bool]] = []
    for tag in stack:
        if tag.id:
            problems.append(f"{tag.label} not closed; closed at the end")
            tail.append((tag, True))
    for tag in protected.tags:
        if tag.id in seen:
            continue
        if tag.span:
            problems.append(f"{tag.label}…{{/{tag.name}}} dropped by the engine")
        elif tag.term:
            what = "glossary term" if tag.glossary else "do-not-translate term"
            problems.append(f"{what} {tag.label} dropped by the engine")
        else:
            problems.append(f"{tag.label} dropped by the engine; re-appended at the end")
            tail.append((tag, False))

    text = _assemble(parts)
    plain = html.unescape(_TAG.sub(" ", engine_output))
    for term in dict.fromkeys(protected.inline_terms):
        if not re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", plain, re.IGNORECASE):
            problems.append(f"glossary term {term!r} changed by the engine")
    if tail:
        at = len(text) if (end := _FINAL.search(text)) is None else end.start()
        head, final = text[:at], text[at:].lstrip()
        extra = "".join(
            ("{/" + t.name + "}") if closing else (" " if t.space_before and head else "") + t.text
            for t, closing in tail
        )
        text = head + extra + final
    return Restored(text, tuple(problems))


def _assemble(parts: list[str | tuple[Tag, bool]]) -> str:
    """Join literal runs and tags, mirroring the source's spacing around standalone tags.

    Engines glue tags to words or pad them with spaces; a footnote marker follows
    its word directly in the source (``invitation{fn1}.``), so whitespace the
    source did not have is removed, and a space it had but the engine ate is put back.
    """
    out: list[str] = []
    n = len(parts)
    for i, part in enumerate(parts):
        if isinstance(part, str):
            out.append(part)
            continue
        tag, closing = part
        if tag.span:
            # Spaces the source did not have inside a span go outside it: "<g> text</g>" → " {em1}text{/em1}".
            if not closing:
                nxt = parts[i + 1] if i + 1 < n else None
                if not tag.space_after and isinstance(nxt, str) and nxt[:1] in (" ", "\u00a0"):
                    out.append(nxt[0])
                    parts[i + 1] = nxt[1:]
                out.append(str(Placeholder(tag.name)))
            else:
                lead = out[-1] if out and not tag.space_before_close else ""
                trail = lead[len(lead.rstrip(" ")) :]
                if trail:
                    out[-1] = lead.rstrip(" ")
                out.append(str(Placeholder(tag.name, True)) + trail)
            continue
        prev = "".join(out)
        if not tag.space_before:
            stripped = prev.rstrip(_WS)
            out = [stripped]
            if tag.term and stripped[-1:].isalnum():
                # An elision the engine expanded: "l’<term>" came back as "del<term>".
                out.append(" ")
        elif prev and prev[-1] not in _WS and (prev[-1].isalnum() or prev[-1] in ".,;:!?»”)"):
            out.append(" ")
        out.append(tag.text)
        nxt = parts[i + 1] if i + 1 < n else None
        if isinstance(nxt, str):
            if not tag.space_after:
                rest = nxt.lstrip(_WS)
                if rest[:1] in tuple(".,;:!?…)»”") or not rest:
                    parts[i + 1] = rest
            elif nxt[:1].isalnum():
                parts[i + 1] = " " + nxt
    return "".join(out)
