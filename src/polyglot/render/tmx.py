"""TMX 1.4b export: one translation unit per distinct translated segment of a document.

Reviewed, machine and outdated translations are exported; each ``<tu>`` carries
``<prop type="x-polyglot-state">`` (``reviewed``, ``machine``, ``memory`` — an unreviewed translation-memory match — or ``outdated``), so
a consumer can keep only reviewed units. An outdated unit (a translation of an
earlier source) also carries that source as ``<prop type="x-polyglot-previous-source">``
and is never a good pair; entries the publication gate held back are left out. Placeholders become inline codes whose content is
the placeholder itself: ``<ph>{fn1}</ph>``, ``<bpt i="1">{em1}</bpt>…<ept
i="1">{/em1}</ept>``; a tool that flattens a ``<seg>`` to text (translate-toolkit's
``tmx2po``) gets back exactly the PO ``msgid`` and ``msgstr``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..catalog import Catalog
from ..inline import TOKEN
from ..model import Document, Element, ElementKind
from .bitext import BiBlock, State, align
from .ui import bcp47

# Characters XML 1.0 forbids, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PH_TYPES = {
    ElementKind.FOOTNOTE: "fnote",
    ElementKind.URL: "x-url",
    ElementKind.EMAIL: "x-email",
    ElementKind.CODE: "x-code",
}
_BPT_TYPES = {ElementKind.EMPHASIS: "italic", ElementKind.STRONG: "bold", ElementKind.LINK: "link"}


def xml_text(text: str) -> str:
    """Text escaped for XML content and attribute values; forbidden characters dropped."""
    text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def seg(text: str, elements: Iterable[Element]) -> str:
    """The content of a ``<seg>``: placeholder text with its placeholders as inline codes."""
    if "{" not in text and "}" not in text:
        return xml_text(text)
    by_name = {e.name: e for e in elements}
    tokens = list(TOKEN.finditer(text))
    closers = [m.group(2) + m.group(3) for m in tokens if m.group(1)]
    ids: dict[str, int] = {}
    out, pos = [], 0
    for m in tokens:
        out.append(xml_text(text[pos : m.start()]))
        pos = m.end()
        raw = m.group(0)
        el = by_name.get(m.group(2) + m.group(3)) if m.group(2) else None
        if el is None:
            out.append(xml_text(raw))
        elif el.kind.is_span and not m.group(1) and el.name in closers and el.name not in ids:
            ids[el.name] = i = len(ids) + 1
            out.append(f'<bpt i="{i}" type="{_BPT_TYPES[el.kind]}">{xml_text(raw)}</bpt>')
        elif el.kind.is_span and m.group(1) and el.name in ids:
            out.append(f'<ept i="{ids.pop(el.name)}">{xml_text(raw)}</ept>')
        else:
            kind = _PH_TYPES.get(el.kind, "x-" + el.kind.value)
            out.append(f'<ph type="{kind}">{xml_text(raw)}</ph>')
        if m.group(1) and el is not None and el.name in closers:
            closers.remove(el.name)
    out.append(xml_text(text[pos:]))
    return "".join(out)


def head(source: str, date: datetime.date, tmf: str, props: Iterable[tuple[str, str]] = ()) -> list[str]:
    """The lines of a TMX 1.4b file up to ``<body>``: declaration, header (with ``props``)."""
    from .. import __version__

    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        '<tmx version="1.4">',
        (
            f'<header creationtool="polyglot" creationtoolversion="{xml_text(__version__)}"'
            f' segtype="sentence" o-tmf="{xml_text(tmf)}" adminlang="en" srclang="{xml_text(bcp47(source))}"'
            f' datatype="plaintext" creationdate="{date:%Y%m%d}T000000Z">'
        ),
        *(f'<prop type="{xml_text(k)}">{xml_text(v)}</prop>' for k, v in props),
        "</header>",
        "<body>",
    ]


@lru_cache(maxsize=64)
def _tuv(lang: str) -> str:
    return f'<tuv xml:lang="{xml_text(bcp47(lang))}">'


def tu(
    props: Iterable[tuple[str, str]],
    langs: tuple[str, str],
    texts: tuple[str, str],
    elements: Iterable[Element],
    tuid: str | None = None,
) -> list[str]:
    """The lines of one ``<tu>``: its ``<prop>``s, then a source and a target ``<tuv>`` (languages as BCP 47)."""
    elements = tuple(elements)
    opening = f'<tu tuid="{xml_text(tuid)}">' if tuid else "<tu>"
    return [
        opening,
        *(f'<prop type="{xml_text(k)}">{xml_text(v)}</prop>' for k, v in props),
        *(f'{_tuv(lang)}<seg>{seg(text, elements)}</seg></tuv>' for lang, text in zip(langs, texts)),
        "</tu>",
    ]


def to_tmx(
    document: Document,
    catalog: Catalog | None,
    source: str,
    target: str,
    date: datetime.date,
    *,
    blocks: Sequence[BiBlock] | None = None,
) -> bytes:
    """The TMX file of one document and language pair (UTF-8 bytes).

    ``blocks`` is ``align(document, catalog)`` when the caller has it already.
    """
    lines = head(source, date, "PO", [("x-polyglot-document", document.name)])
    seen: set[str] = set()
    n = 0
    for b in align(document, catalog) if blocks is None else blocks:
        for pair in b.pairs:
            segment = pair.segment
            if segment.msgid in seen:
                continue
            seen.add(segment.msgid)
            if pair.state in (State.UNTRANSLATED, State.WITHHELD):
                continue
            n += 1
            props = [("x-polyglot-state", pair.state.value)]
            if pair.previous is not None:
                props.append(("x-polyglot-previous-source", pair.previous))
            lines += tu(props, (source, target), (segment.msgid, pair.target), segment.elements, str(n))
    lines += ["</body>", "</tmx>", ""]
    return "\n".join(lines).encode("utf-8")
