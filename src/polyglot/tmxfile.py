"""TMX 1.4b translation memories in and out: streamed reading, memory export.

:func:`read_tmx` reads a TMX file as OmegaT, Trados, memoQ or Okapi write it, one
``<tu>`` at a time (lxml ``iterparse``; each unit is dropped once read, so a
file of any size runs in constant memory). Every pair of a source-language
``<tuv>`` and another language's ``<tuv>`` is a unit; language variants are kept
as written (``fr-FR``, ``en-GB``). Inline codes become polyglot placeholders when
their content is one (what polyglot exports: ``<ph>{fn1}</ph>``); other codes
(``<bpt>&lt;b0&gt;</bpt>``, ``<ph>``, ``<it>``) are stripped, ``<hi>`` keeps its
text, and the unit is counted in :attr:`TmxStats.stripped`. A malformed file
raises InputError naming file and line.

:func:`write_tmx` writes memory units as TMX 1.4b, placeholders as inline codes
(:func:`polyglot.render.tmx.seg`), origin and kind as ``<prop>``.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from .errors import InputError
from .inline import TOKEN, escape
from .tm import Unit

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODES = {"bpt", "ept", "ph", "it"}


@dataclass(frozen=True)
class TmxUnit:
    """One unit read from a TMX file: languages as written, texts in placeholder syntax."""

    source_lang: str
    target_lang: str
    source: str
    target: str


@dataclass
class TmxStats:
    """What reading a TMX file found (filled while :func:`read_tmx` is consumed)."""

    tool: str = ""
    srclang: str = ""
    tus: int = 0
    units: int = 0
    stripped: int = 0
    skipped: int = 0
    pairs: Counter = field(default_factory=Counter)

    @property
    def origin(self) -> str:
        return self.tool or "TMX"


def _seg_text(seg, stats_flag: list[bool], literal=escape) -> str:
    """A ``<seg>`` as placeholder text; inline codes mapped or stripped (``stats_flag[0]`` set).

    ``literal`` turns text nodes into placeholder text: braces doubled, except in
    polyglot's own files, whose text nodes are placeholder text already.
    """
    out: list[str] = [literal(seg.text or "")]
    for child in seg:
        tag = child.tag if isinstance(child.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1]
        if tag in _CODES:
            code = "".join(child.itertext())
            if TOKEN.fullmatch(code) and code not in ("{{", "}}"):
                out.append(code)
            else:
                stats_flag[0] = True
        elif tag == "hi":
            stats_flag[0] = True
            out.append(_seg_text(child, stats_flag, literal))
        else:
            stats_flag[0] = True
        out.append(literal(child.tail or ""))
    return "".join(out)


def _same(text: str) -> str:
    return text


def _same_language(a: str, b: str) -> bool:
    return a.replace("_", "-").lower().split("-")[0] == b.replace("_", "-").lower().split("-")[0]


def read_tmx(file: BinaryIO, filename: str, source_lang: str, stats: TmxStats | None = None) -> Iterator[TmxUnit]:
    """Units of a TMX file whose source side is in ``source_lang`` (any variant), streamed.

    The source side of a ``<tu>`` is its ``<tuv>`` in ``source_lang`` (the header's
    ``srclang`` says which when several match). InputError (file and line) on
    malformed XML or a file that is not TMX.
    """
    from lxml import etree

    stats = stats if stats is not None else TmxStats()
    context = etree.iterparse(
        file, events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    root_seen = False
    try:
        for event, elem in context:
            tag = elem.tag.rsplit("}", 1)[-1] if isinstance(elem.tag, str) else ""
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if tag != "tmx":
                        raise InputError(f"not a TMX file: root element <{tag}>", path=filename,
                                         line=elem.sourceline)
                continue
            if tag == "header":
                stats.srclang = elem.get("srclang", "")
                tool = " ".join(v for v in (elem.get("creationtool"), elem.get("creationtoolversion")) if v)
                stats.tool = tool
            elif tag == "tu":
                yield from _units(elem, source_lang, stats)
                elem.clear()
                parent = elem.getparent()
                while parent is not None and elem.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        message = exc.msg.split(", line")[0] if exc.msg else "malformed XML"
        raise InputError(f"malformed TMX: {message}", path=filename, line=line) from None
    if not root_seen:
        raise InputError("empty TMX file", path=filename)


def _units(tu, source_lang: str, stats: TmxStats) -> Iterator[TmxUnit]:
    stats.tus += 1
    tuvs: list[tuple[str, str, bool]] = []
    for tuv in tu:
        if not isinstance(tuv.tag, str) or tuv.tag.rsplit("}", 1)[-1] != "tuv":
            continue
        lang = tuv.get(_XML_LANG) or tuv.get("lang") or ""
        seg = next((c for c in tuv if isinstance(c.tag, str) and c.tag.rsplit("}", 1)[-1] == "seg"), None)
        if not lang or seg is None:
            continue
        flag = [False]
        literal = _same if stats.tool.startswith("polyglot") else escape
        text = " ".join(_seg_text(seg, flag, literal).split())
        if text:
            tuvs.append((lang, text, flag[0]))
    sources = [t for t in tuvs if _same_language(t[0], source_lang)]
    if len(sources) > 1 and stats.srclang:
        sources = [t for t in sources if t[0].lower() == stats.srclang.lower()] or sources[:1]
    if not sources:
        stats.skipped += 1
        return
    src_lang, src, src_flag = sources[0]
    found = False
    for lang, text, stripped in tuvs:
        if _same_language(lang, source_lang):
            continue
        found = True
        stats.units += 1
        stats.stripped += src_flag or stripped
        stats.pairs[(src_lang, lang)] += 1
        yield TmxUnit(src_lang, lang, src, text)
    if not found:
        stats.skipped += 1


def write_tmx(
    units: Iterable[tuple[str, str, Unit]], source_lang: str, date: datetime.date | None = None
) -> bytes:
    """TMX 1.4b bytes for ``(source_lang, target_lang, unit)`` triples, one ``<tu>`` per unit."""
    from .render.tmx import head, tu
    from .translate import elements_of

    lines = head(source_lang, date or datetime.date(1970, 1, 1), "polyglot")
    for src_lang, tgt_lang, unit in units:
        props = [("x-polyglot-origin", unit.origin), ("x-polyglot-kind", unit.kind)]
        lines += tu(props, (src_lang, tgt_lang), (unit.source, unit.target), elements_of(unit.source + unit.target))
    lines += ["</body>", "</tmx>", ""]
    return "\n".join(lines).encode("utf-8")
