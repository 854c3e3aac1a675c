"""XLIFF export for CAT tools (OmegaT, memoQ, Trados): 1.2 and 2.1, one file per document and language.

Each active PO entry is a unit, in PO order. States: untranslated → ``new``
(1.2) / ``initial`` (2.1); machine or outdated (fuzzy) → ``needs-review-translation``
/ ``translated``; reviewed → ``translated`` and ``approved="yes"`` / ``final``.
Extracted comments, translator comments and the previous source become notes,
references a location context. Placeholders are inline codes, never text:
``{fn1}`` → ``<x id="fn1"/>`` / ``<ph id="fn1"/>``, ``{em1}…{/em1}`` →
``<g id="em1">…</g>`` / ``<pc id="em1">…</pc>`` (crossed or unpaired spans:
``<bx/>``/``<ex/>``, ``<sc/>``/``<ec/>``). A repeated placeholder gets ``-2``,
``-3`` appended to its id in 2.1, where ids are unique per unit.

Each unit carries a fingerprint of the entry as exported (``extradata`` in 1.2,
``pg:base`` in 2.1), so :mod:`polyglot.interchange` can tell a local edit made
since the export from the translator's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from ..catalog import Catalog, Message
from ..inline import Placeholder, kind_of, tokenize
from ..model import ElementKind
from ..stats import state as state_of
from .tmx import xml_text
from .ui import bcp47

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_PG = "urn:x-polyglot:xliff"
VERSIONS = ("1.2", "2.1")
_G_TYPES = {ElementKind.EMPHASIS: "italic", ElementKind.STRONG: "bold", ElementKind.LINK: "link"}


def fingerprint(message: Message | None) -> str:
    """A short digest of an entry's translation and state, as exported."""
    if message is None:
        return "none"
    state = "reviewed" if message.reviewed else "fuzzy" if message.translated else "untranslated"
    return hashlib.sha256(f"{message.msgstr}\0{state}".encode()).hexdigest()[:16]


def _nested(tokens: list[str | Placeholder]) -> bool:
    """Whether every span opens and closes once, properly nested (then ``<g>``/``<pc>`` fit)."""
    stack: list[str] = []
    seen: set[str] = set()
    for tok in tokens:
        if isinstance(tok, str) or not _is_span(tok.name):
            continue
        if not tok.closing:
            if tok.name in seen:
                return False
            seen.add(tok.name)
            stack.append(tok.name)
        elif not stack or stack.pop() != tok.name:
            return False
    return not stack


def _is_span(name: str) -> bool:
    kind = kind_of(name)
    return kind is not None and kind.is_span


def inline(text: str, version: str) -> str:
    """Placeholder text as XLIFF content: literal text escaped, placeholders as inline codes."""
    tokens = tokenize(text)
    nested = _nested(tokens)
    opened = {t.name for t in tokens if isinstance(t, Placeholder) and not t.closing}
    closed = {t.name for t in tokens if isinstance(t, Placeholder) and t.closing}
    counts: dict[str, int] = {}
    out = []
    for tok in tokens:
        if isinstance(tok, str):
            out.append(xml_text(tok))
            continue
        kind = kind_of(tok.name)
        if kind is None:  # not a placeholder polyglot knows: keep it as text
            out.append(xml_text(str(tok)))
            continue
        counts[str(tok)] = n = counts.get(str(tok), 0) + 1
        uid = tok.name if version == "1.2" or n == 1 else f"{tok.name}-{n}"
        equiv = xml_text(str(tok))
        if not kind.is_span:
            tag = "x" if version == "1.2" else "ph"
            ctype = f' ctype="x-{kind.value}"' if version == "1.2" else ""
            out.append(f'<{tag} id="{uid}"{ctype} {"equiv-text" if version == "1.2" else "equiv"}="{equiv}"/>')
        elif nested:
            if version == "1.2":
                out.append(f'<g id="{uid}" ctype="{_G_TYPES[kind]}">' if not tok.closing else "</g>")
            else:
                out.append(f'<pc id="{uid}" type="fmt">' if not tok.closing else "</pc>")
        elif version == "1.2":
            tag = "ex" if tok.closing else "bx"
            out.append(f'<{tag} id="{uid}" rid="{tok.name}" equiv-text="{equiv}"/>')
        elif not tok.closing:
            isolated = ' isolated="yes"' if tok.name not in closed else ""
            out.append(f'<sc id="{uid}"{isolated} type="fmt" equiv="{equiv}"/>')
        elif tok.name in opened:
            out.append(f'<ec startRef="{tok.name}" type="fmt" equiv="{equiv}"/>')
        else:
            out.append(f'<ec id="{tok.name}-end" isolated="yes" type="fmt" equiv="{equiv}"/>')
    return "".join(out)


def _notes(message: Message) -> list[tuple[str, str]]:
    """(author, text) notes of an entry: extracted comments, translator comments, previous source."""
    notes = [("developer", c) for c in message.auto_comments]
    notes += [("translator", c) for c in message.comments]
    if message.previous_msgid is not None:
        notes.append(("polyglot", f"previous source: {message.previous_msgid}"))
    return notes


def _locations(message: Message) -> Iterable[tuple[str, str]]:
    for ref in message.locations:
        path, _, line = ref.rpartition(":")
        yield (path, line) if path and line.isdigit() else (ref, "")


def to_xliff(document: str, catalog: Catalog, source: str, target: str, version: str = "1.2") -> bytes:
    """The XLIFF file (``version`` 1.2 or 2.1) of one document's catalog in one language."""
    from .. import __version__

    if version not in VERSIONS:
        raise ValueError(f"XLIFF version {version!r}: expected one of {', '.join(VERSIONS)}")
    src, tgt, doc = xml_text(bcp47(source)), xml_text(bcp47(target)), xml_text(document)
    units = [m for m in catalog.active if m.msgid and m.msgid_plural is None]
    if version == "1.2":
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<xliff version="1.2" xmlns="{NS_12}">',
            f'<file original="{doc}" source-language="{src}" target-language="{tgt}" datatype="plaintext" tool-id="polyglot">',
            "<header>",
            f'<tool tool-id="polyglot" tool-name="polyglot" tool-version="{xml_text(__version__)}"/>',
            "</header>",
            "<body>",
        ]
        for i, m in enumerate(units, 1):
            lines += _unit_12(i, m)
        lines += ["</body>", "</file>", "</xliff>", ""]
    else:
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<xliff version="2.1" xmlns="{NS_20}" xmlns:pg="{NS_PG}" srcLang="{src}" trgLang="{tgt}">',
            f'<file id="f1" original="{doc}">',
        ]
        for i, m in enumerate(units, 1):
            lines += _unit_21(i, m)
        lines += ["</file>", "</xliff>", ""]
    return "\n".join(lines).encode("utf-8")


_STATES_12 = {
    "untranslated": ' state="new"',
    "machine": ' state="needs-review-translation" state-qualifier="mt-suggestion"',
    "outdated": ' state="needs-review-translation" state-qualifier="fuzzy-match"',
    "reviewed": ' state="translated"',
}
_STATES_21 = {"untranslated": "initial", "machine": "translated", "outdated": "translated", "reviewed": "final"}


def _unit_12(i: int, m: Message) -> list[str]:
    state = state_of(m)
    approved = ' approved="yes"' if state == "reviewed" else ""
    ctx = f' resname="{xml_text(m.msgctxt)}"' if m.msgctxt is not None else ""
    out = [
        f'<trans-unit id="{i}"{ctx}{approved} xml:space="preserve" extradata="polyglot-base:{fingerprint(m)}">',
        f"<source>{inline(m.msgid, '1.2')}</source>",
        f"<target{_STATES_12[state]}>{inline(m.msgstr, '1.2') if m.translated else ''}</target>",
    ]
    for path, line in _locations(m):
        out.append('<context-group purpose="location">')
        out.append(f'<context context-type="sourcefile">{xml_text(path)}</context>')
        if line:
            out.append(f'<context context-type="linenumber">{line}</context>')
        out.append("</context-group>")
    if m.msgctxt is not None:
        out.append(f'<context-group name="msgctxt"><context context-type="x-msgctxt">{xml_text(m.msgctxt)}</context></context-group>')
    for author, text in _notes(m):
        out.append(f'<note from="{author}">{xml_text(text)}</note>')
    out.append("</trans-unit>")
    return out


def _unit_21(i: int, m: Message) -> list[str]:
    state = state_of(m)
    ctx = f' name="{xml_text(m.msgctxt)}"' if m.msgctxt is not None else ""
    out = [f'<unit id="u{i}"{ctx} pg:base="{fingerprint(m)}" pg:state="{state}">']
    notes = [("location", ref) for ref in m.locations] + _notes(m)
    if m.msgctxt is not None:
        notes.append(("msgctxt", m.msgctxt))
    if notes:
        out.append("<notes>")
        out += [f'<note category="{cat}">{xml_text(text)}</note>' for cat, text in notes]
        out.append("</notes>")
    out.append(f'<segment state="{_STATES_21[state]}">')
    out.append(f'<source xml:space="preserve">{inline(m.msgid, "2.1")}</source>')
    if m.translated:
        out.append(f'<target xml:space="preserve">{inline(m.msgstr, "2.1")}</target>')
    out += ["</segment>", "</unit>"]
    return out
