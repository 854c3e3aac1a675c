"""Translations coming back from elsewhere: a returned XLIFF (1.2 or 2.x) or PO file, merged into a catalog.

:func:`read_returned` parses the file into :class:`Returned` units (placeholder
text, a polyglot state, the fingerprint the unit was exported with, if any);
:func:`merge_returned` is pure: it takes what the translator changed into a
catalog and reports the rest.

- Only units whose source is still an active entry are taken (others: *stale*).
- A unit equal to the entry (same text, same state) changes nothing, byte for byte.
- A unit whose entry was edited locally since the export (its fingerprint no
  longer matches) is refused as a *conflict* and listed. Without a fingerprint
  (a PO file, a foreign XLIFF) a reviewed entry is never overwritten: a
  different text is a conflict too.
- An empty target never clears a translation.

States map back: 1.2 ``translated``/``signed-off``/``final`` or ``approved="yes"``,
2.x ``reviewed``/``final`` → reviewed; any other state with a text → fuzzy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .catalog import Catalog, Message
from .errors import InputError
from .inline import Placeholder, escape, tokenize
from .render.xliff import NS_12, NS_20, NS_PG, fingerprint

_REVIEWED_12 = {"translated", "signed-off", "final"}
_REVIEWED_20 = {"reviewed", "final"}
_NAME = re.compile(r"[a-z]+[0-9]+")


@dataclass(frozen=True)
class Unit:
    """One returned translation: source and target as placeholder text, its state, its export fingerprint."""

    id: str
    source: str
    target: str
    state: str  # reviewed | fuzzy | untranslated
    msgctxt: str | None = None
    base: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Returned:
    """A returned file: the document and languages it names (when it does) and its units."""

    format: str  # xliff-1.2, xliff-2.x, po
    document: str | None
    source_language: str | None
    target_language: str | None
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Conflict:
    """A unit refused because the entry changed locally since the export (or is reviewed)."""

    unit: str
    msgid: str
    local: str
    incoming: str
    incoming_state: str

    def as_dict(self) -> dict:
        return {"unit": self.unit, "msgid": self.msgid, "local": self.local, "incoming": self.incoming,
                "incoming_state": self.incoming_state}


@dataclass(frozen=True)
class ImportReport:
    """What an import took (msgids), left unchanged, found stale, and refused."""

    taken: tuple[str, ...] = ()
    unchanged: int = 0
    empty: int = 0
    stale: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    def as_dict(self) -> dict:
        return {"taken": list(self.taken), "unchanged": self.unchanged, "empty": self.empty,
                "stale": list(self.stale), "conflicts": [c.as_dict() for c in self.conflicts]}


# --- reading ------------------------------------------------------------------------------------


def read_returned(data: bytes, path: str) -> Returned:
    """Parse a returned XLIFF or PO file (chosen by content)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head.startswith(b"<"):
        return _read_xliff(data, path)
    from .pofile import read_po

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8", path=path, line=data[: exc.start].count(b"\n") + 1) from None
    catalog = read_po(text, path)
    units = []
    for m in catalog.active:
        if not m.msgid or m.msgid_plural is not None:
            continue
        state = "reviewed" if m.reviewed else "fuzzy" if m.translated else "untranslated"
        units.append(Unit(str(m.lineno), m.msgid, m.msgstr, state, m.msgctxt, None, m.lineno))
    language = catalog.header("Language") or None
    return Returned("po", catalog.header("Project-Id-Version") or None, None, language, tuple(units))


def _read_xliff(data: bytes, path: str) -> Returned:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno or None) from None
    if etree.QName(root).localname != "xliff":
        raise InputError("not an XLIFF file (the root element is not <xliff>)", path=path, line=root.sourceline)
    ns = etree.QName(root).namespace
    if ns == NS_12:
        return _read_12(root, path)
    if ns == NS_20:
        return _read_20(root, path)
    raise InputError(f"unsupported XLIFF namespace {ns!r} (1.2 and 2.x are read)", path=path, line=root.sourceline)


def _read_12(root, path: str) -> Returned:
    files = root.findall(f"{{{NS_12}}}file")
    if len(files) != 1:
        raise InputError(f"expected one <file>, found {len(files)}", path=path, line=root.sourceline)
    f = files[0]
    units = []
    for tu in f.iter(f"{{{NS_12}}}trans-unit"):
        src = tu.find(f"{{{NS_12}}}source")
        tgt = tu.find(f"{{{NS_12}}}target")
        if src is None:
            raise InputError("trans-unit without <source>", path=path, line=tu.sourceline)
        target = _content(tgt, path) if tgt is not None else ""
        state = tgt.get("state", "") if tgt is not None else ""
        reviewed = tu.get("approved") == "yes" or state in _REVIEWED_12
        extra = tu.get("extradata", "")
        base = extra.removeprefix("polyglot-base:") if extra.startswith("polyglot-base:") else None
        units.append(
            Unit(tu.get("id", ""), _content(src, path), target, _state(target, reviewed), tu.get("resname"), base, tu.sourceline)
        )
    return Returned("xliff-1.2", f.get("original"), f.get("source-language"), f.get("target-language"), tuple(units))


def _read_20(root, path: str) -> Returned:
    units = []
    files = root.findall(f"{{{NS_20}}}file")
    if len(files) != 1:
        raise InputError(f"expected one <file>, found {len(files)}", path=path, line=root.sourceline)
    for unit in files[0].iter(f"{{{NS_20}}}unit"):
        segments = unit.findall(f"{{{NS_20}}}segment")
        if len(segments) != 1:
            raise InputError("polyglot units have exactly one <segment>", path=path, line=unit.sourceline)
        seg = segments[0]
        src, tgt = seg.find(f"{{{NS_20}}}source"), seg.find(f"{{{NS_20}}}target")
        if src is None:
            raise InputError("segment without <source>", path=path, line=seg.sourceline)
        target = _content(tgt, path) if tgt is not None else ""
        reviewed = seg.get("state", "initial") in _REVIEWED_20
        units.append(
            Unit(unit.get("id", ""), _content(src, path), target, _state(target, reviewed), unit.get("name"),
                 unit.get(f"{{{NS_PG}}}base"), unit.sourceline)
        )
    return Returned("xliff-2.x", files[0].get("original"), root.get("srcLang"), root.get("trgLang"), tuple(units))


def _state(target: str, reviewed: bool) -> str:
    if not target:
        return "untranslated"
    return "reviewed" if reviewed else "fuzzy"


def _name(code, path: str) -> str:
    """The placeholder an inline code stands for: its id (``fn1``, ``fn1-2``) or its start reference."""
    ident = code.get("startRef") or code.get("rid") or code.get("id") or ""
    m = _NAME.match(ident)
    if m is None:
        raise InputError(f"inline code id {ident!r} names no polyglot placeholder", path=path, line=code.sourceline)
    return m.group()


def _content(el, path: str) -> str:
    """The placeholder text of an XLIFF <source> or <target>, inline codes back to placeholders."""
    from lxml import etree

    out = [escape(el.text or "")]
    for child in el:
        tag = etree.QName(child).localname
        if tag in ("x", "ph", "bx", "sc"):
            out.append(str(Placeholder(_name(child, path))))
        elif tag in ("ex", "ec"):
            out.append(str(Placeholder(_name(child, path), closing=True)))
        elif tag in ("g", "pc"):
            name = _name(child, path)
            out += [str(Placeholder(name)), _content(child, path), str(Placeholder(name, closing=True))]
        elif tag in ("mrk", "sm", "em"):  # annotations a CAT tool added: keep their text
            out.append(_content(child, path) if tag == "mrk" else "")
        else:
            raise InputError(f"unexpected <{tag}> in a segment", path=path, line=child.sourceline)
        out.append(escape(child.tail or ""))
    return "".join(out)


# --- merging ------------------------------------------------------------------------------------


def _same(a: str, b: str) -> bool:
    """Equal as placeholder text (``{{`` and a lone ``{`` read the same)."""
    return tokenize(a) == tokenize(b)


def _local_state(m: Message) -> str:
    return "reviewed" if m.reviewed else "fuzzy" if m.translated else "untranslated"


def merge_returned(catalog: Catalog, returned: Returned) -> tuple[Catalog, ImportReport]:
    """The catalog with what the returned units changed, and a report of every unit."""
    index = {m.key: i for i, m in enumerate(catalog.messages) if not m.obsolete}
    messages = list(catalog.messages)
    taken, stale, conflicts = [], [], []
    unchanged = empty = 0
    for unit in returned.units:
        i = index.get((unit.msgctxt, unit.source))
        if i is None:
            stale.append(unit.source)
            continue
        local = messages[i]
        if unit.state == "untranslated":
            empty += 1
            continue
        if _same(unit.target, local.msgstr) and unit.state == _local_state(local):
            unchanged += 1
            continue
        edited_here = unit.base is not None and unit.base != fingerprint(local)
        unguarded_review = unit.base is None and local.reviewed and not _same(unit.target, local.msgstr)
        if edited_here or unguarded_review:
            conflicts.append(Conflict(unit.id, unit.source, local.msgstr, unit.target, unit.state))
            continue
        messages[i] = _taken(local, unit)
        taken.append(unit.source)
    report = ImportReport(tuple(taken), unchanged, empty, tuple(stale), tuple(conflicts))
    return replace(catalog, messages=tuple(messages)), report


def _taken(local: Message, unit: Unit) -> Message:
    """The entry with the unit's translation and state; a reviewed one loses polyglot's machine notes."""
    msg = replace(local, msgstr=unit.target).with_flag("fuzzy", unit.state != "reviewed")
    if unit.state == "reviewed":
        comments = tuple(c for c in msg.comments if not c.startswith("polyglot:"))
        msg = replace(msg, comments=comments, previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None)
    return msg
