"""PO/POT files: text → :class:`Catalog` and back, byte-identical to GNU ``msgcat`` output.

One reader, one writer. The reader accepts the syntax GNU gettext accepts (it cuts lines
into tokens as GNU's lexer does) in any charset GNU knows, and keeps every field a
translator's editor may set (``#|`` previous strings, ``#~`` obsolete entries, flags,
header order, ``X-`` fields, header comments, ``domain`` directives, empty-msgid entries);
it refuses what would lose data (duplicates, NUL). :func:`dump_po` encodes in the declared
charset. docs/po-compat.md lists the few differences from ``msgcat``, all on purpose.
The writer reproduces GNU gettext's layout, so that ``msgcat`` of a written file changes
no byte: comment order, canonical flag order, ``#:`` wrapping, and string wrapping at
79 columns where GNU breaks lines, i.e. at Unicode line break opportunities (UAX #14, as
implemented by libunistring 1.0, which gettext 0.21 uses) computed on the *escaped* text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TextIO

from .catalog import Catalog, Message
from .errors import CatalogError
from . import pocharset
from .linebreak import break_opportunities, fit, widths as char_widths
from .parallel import pmap
from .pocharset import charset

__all__ = ["charset", "dump_po", "read_po", "write_po"]

# --- reading ---------------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\", '"': '"'}
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$')
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$")
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.)")
_RANK = {"msgctxt": 0, "msgid": 1, "msgid_plural": 2, "msgstr": 3}


def _unescape(body: str, path: str, lineno: int, codec: str) -> str:
    """A string's text. Numeric escapes (``\\351``, ``\\xe9``) are bytes in the file's charset,
    as for GNU: a run of them is decoded together (``\\303\\251`` is é in UTF-8)."""
    if "\\" not in body:
        return body
    out: list[str] = []
    pending = bytearray()

    def flush() -> None:
        if pending:
            try:
                out.append(pending.decode(codec))
            except UnicodeDecodeError:
                raise CatalogError("invalid multibyte sequence in escapes", path=path, line=lineno) from None
            pending.clear()

    pos = 0
    for m in _ESCAPE.finditer(body):
        if m.start() > pos:
            flush()
            out.append(body[pos : m.start()])
        pos, e = m.end(), m.group(1)
        if e in _ESCAPES:
            flush()
            out.append(_ESCAPES[e])
            continue
        code = int(e[1:], 16) if e[0] == "x" and len(e) > 1 else int(e, 8) if e[0] in "01234567" else None
        if code == 0:
            raise CatalogError(_NUL, path=path, line=lineno)
        if code is None or code > 0xFF:
            raise CatalogError(f"invalid escape sequence \\{e}", path=path, line=lineno)
        pending.append(code)
    flush()
    out.append(body[pos:])
    return "".join(out)


class _Entry:
    """Fields of the entry being read, in the order they appear."""

    def __init__(self, lineno: int, domain: str | None = None) -> None:
        self.lineno = lineno
        self.domain = domain
        self.comments: list[str] = []
        self.auto: list[str] = []
        self.refs: list[str] = []
        self.flags: list[str] = []
        self.fields: dict[str, list[str]] = {}  # "msgid", "msgstr[0]", "prev msgid", ...
        self.last: str | None = None  # field a continuation string belongs to
        self.obsolete: bool | None = None
        self.rank: dict[str, int] = {}  # of the last keyword (msgctxt < msgid < msgid_plural < msgstr)
        self.has_msgstr = False  # a msgstr or msgstr[N] field was read
        self.main_started = False  # a field other than a #| previous one was read

    def text(self, key: str) -> str | None:
        parts = self.fields.get(key)
        return None if parts is None else "".join(parts)


def read_po(source: str | bytes | TextIO, filename: str = "<string>") -> Catalog:
    """Parse a PO/POT file; errors carry ``filename`` and the line number.

    Bytes are decoded in the charset the header's Content-Type declares (UTF-8 when none).
    """
    if hasattr(source, "read"):
        source = source.read()
    if isinstance(source, bytes):
        return _read_bytes(source, filename)
    try:  # text already decoded: the charset only says how to decode numeric escapes
        codec = pocharset.codec(pocharset.declared(source)[0])
    except CatalogError:
        codec = "utf-8"
    return _parse(source, filename, codec)


def _parse(source: str, filename: str, codec: str) -> Catalog:
    """Parse decoded PO text; ``codec`` decodes numeric escapes."""
    text = source.removeprefix("\ufeff")
    if "\x00" in text:
        raise CatalogError(_NUL, path=filename, line=text[: text.index("\x00")].count("\n") + 1)
    entries: list[_Entry] = []
    entry: _Entry | None = None
    domain: str | None = None

    lines = _LINE_END.split(text) if "\r" in text else text.split("\n")
    for lineno, raw in enumerate(lines, 1):
        raw = raw.lstrip()
        if raw[:1] == '"' and entry is not None and entry.obsolete is False and entry.last is not None:
            m = _STRING.match(raw)
            if m:  # the usual continuation line: one more string for the field being read
                entry.fields[entry.last].append(_unescape(m.group(1), filename, lineno, codec))
                continue
        is_line_comment = raw.startswith("#") and not raw.startswith(("#~", "#|"))
        for line in [raw] if is_line_comment else _pieces(raw, filename, lineno):
            if line.startswith("domain") and not is_line_comment:
                domain = _domain(line, filename, lineno, codec)
                entry = None
                continue
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].lstrip()
            prev = line.startswith("|") if obsolete else line.startswith("#|")
            is_comment = line.startswith("#") and not obsolete and not prev
            # A comment, or a new msgctxt/msgid after a msgstr, starts a new entry.
            if entry is None or (entry.has_msgstr and (is_comment or prev or _starts_message(line))):
                entries.append(_Entry(lineno, domain))
                entry = entries[-1]
            if is_comment:
                _comment(entry, line)
                continue
            if entry.obsolete is None:
                entry.obsolete = obsolete
            elif entry.obsolete != obsolete:
                raise CatalogError("inconsistent use of #~ within one entry", path=filename, line=lineno)
            if prev:
                _field(entry, line.lstrip("#|").lstrip(), "prev ", filename, lineno, codec)
            else:
                _field(entry, line, "", filename, lineno, codec)
    return _build(entries, filename)


def _read_bytes(data: bytes, filename: str) -> Catalog:
    declared, line = pocharset.declared(data)
    for _ in range(2):
        try:
            codec = pocharset.codec(declared)
        except CatalogError as exc:
            raise CatalogError(exc.message, path=filename, line=line, hint=exc.hint) from None
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise CatalogError(
                f"not valid {declared} (the charset the header declares)", path=filename, line=line
            ) from None
        catalog = _parse(text, filename, codec)
        if pocharset.codec(charset(catalog)) == codec:
            return catalog
        declared, line = charset(catalog), None
    raise CatalogError("the header's charset cannot be determined", path=filename)


# Lines end with LF, CRLF or (old Mac editors, and files mixing them) CR alone; a CR inside
# a line (before anything else than what starts a line) is a blank, as GNU reads it.
_LINE_END = re.compile(r'\r?\n|\r(?=[ \t]*(?:[\r\n#"]|msg|domain|\Z))')
_NUL = "NUL character in a string (GNU gettext would cut the string there)"
_TOKEN_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_WORD = re.compile(r'[^ \t\f\v"#]+')  # GNU's blanks only: U+00A0 is no blank
_BLANKS = " \t\f\v"
# A line _pieces returns as it is: a keyword (no blank, quote or #) and one space, then a string.
_SIMPLE = re.compile(r'(?:[^ \t\f\v"#\[]+(?:\[[0-9]+\])? )?"(?:[^"\\]|\\.)*"')


def _pieces(line: str, path: str, lineno: int) -> list[str]:
    """A physical line cut into one-keyword-one-string pieces, each with the line's #~ / #| mark.

    GNU's lexer reads tokens, not lines: ``msgid "a" msgstr "b"`` on one line, ``msgstr""``
    and a comment after a string (it belongs to the next entry) are all valid.
    """
    if _SIMPLE.fullmatch(line):  # the usual line: one string, or one keyword and its string
        return [line]
    prefix, rest = "", line
    if rest.startswith("#~"):
        prefix, rest = "#~ ", rest[2:].lstrip(_BLANKS)
        if rest.startswith(("|", "#|")):
            prefix, rest = "#~| ", rest.lstrip("#|").lstrip(_BLANKS)
    elif rest.startswith("#|"):
        prefix, rest = "#| ", rest[2:].lstrip(_BLANKS)
    out: list[str] = []
    keyword = ""
    i, n = 0, len(rest)
    while i < n:
        c = rest[i]
        if c in _BLANKS:
            i += 1
        elif c == '"':
            m = _TOKEN_STRING.match(rest, i)
            if m is None:
                raise CatalogError("syntax error: end-of-line within string", path=path, line=lineno)
            out.append(f"{prefix}{keyword} {m.group(0)}" if keyword else prefix + m.group(0))
            keyword, i = "", m.end()
        elif c == "#":
            if keyword:
                out.append(prefix + keyword)
                keyword = ""
            out.append(rest[i:])
            break
        else:
            m = _WORD.match(rest, i)  # never None: rest[i] is no blank, quote or #
            word = m.group(0) if m else rest[i]
            if keyword and word.startswith("["):  # msgstr [0]
                keyword += word
            else:
                if keyword:
                    out.append(prefix + keyword)
                keyword = word
            i += len(word)
    if keyword:
        out.append(prefix + keyword)
    return out


def _domain(line: str, path: str, lineno: int, codec: str) -> str:
    m = re.fullmatch(r'domain\s+"((?:[^"\\]|\\.)*)"', line)
    if m is None:
        raise CatalogError(f"syntax error: {line[:40]!r}", path=path, line=lineno)
    return _unescape(m.group(1), path, lineno, codec)


def _starts_message(line: str) -> bool:
    return line.startswith(("msgctxt", "msgid")) and not line.startswith("msgid_plural")


def _comment(entry: _Entry, line: str) -> None:
    kind, rest = line[1:2], line[2:]
    if kind == ".":
        entry.auto.append(rest[1:] if rest.startswith(" ") else rest)
    elif kind == ":":
        entry.refs.extend(r for r in rest.split() if r not in entry.refs)
    elif kind in (",", "!"):
        entry.flags.extend(f for f in (f.strip() for f in rest.split(",")) if f and f not in entry.flags)
    else:
        body = line[1:]
        entry.comments.append(body[1:] if body.startswith(" ") else body)


def _field(entry: _Entry, line: str, prefix: str, path: str, lineno: int, codec: str) -> None:
    if line.startswith('"'):
        m = _STRING.match(line)
        if m is None or entry.last is None or not entry.last.startswith(prefix):
            raise CatalogError("syntax error: unexpected string", path=path, line=lineno)
        entry.fields[entry.last].append(_unescape(m.group(1), path, lineno, codec))
        return
    m = _KEYWORD.match(line)
    s = _STRING.match(m.group(3)) if m else None
    if m is None or s is None:
        raise CatalogError(f"syntax error: {line[:40]!r}", path=path, line=lineno)
    keyword = m.group(1)
    key = prefix + keyword
    rank = _RANK[keyword.partition("[")[0]]
    if not prefix and rank <= 1 and "msgid" in entry.fields:
        raise CatalogError(f"missing msgstr for the msgid at line {entry.lineno}", path=path, line=lineno)
    if (
        key in entry.fields
        or rank < entry.rank.get(prefix, 0)
        or (rank > 1 and prefix + "msgid" not in entry.fields)
        or (prefix and (rank == 3 or entry.main_started))
    ):
        raise CatalogError(f"syntax error: unexpected {keyword}", path=path, line=lineno)
    entry.rank[prefix] = rank
    entry.fields[key] = [_unescape(s.group(1), path, lineno, codec)]
    entry.last = key
    if not prefix:
        entry.main_started = True
        entry.has_msgstr = entry.has_msgstr or rank == 3


def _build(entries: list[_Entry], path: str) -> Catalog:
    header: Message | None = None
    messages: list[Message] = []
    seen: dict[tuple[str | None, str | None, str], int] = {}
    for e in entries:
        msgid = e.text("msgid")
        if msgid is None:
            if e.fields:
                raise CatalogError("syntax error: entry without msgid", path=path, line=e.lineno)
            continue  # comments at the end of the file
        plural = e.text("msgid_plural")
        indexes = sorted(int(k[7:-1]) for k in e.fields if k.startswith("msgstr["))
        if plural is None and (indexes or "msgstr" not in e.fields):
            raise CatalogError("missing msgstr" if not indexes else "msgstr[N] without msgid_plural", path=path, line=e.lineno)
        if plural is not None and ("msgstr" in e.fields or indexes != list(range(len(indexes))) or not indexes):
            raise CatalogError("plural entry needs msgstr[0], msgstr[1]… in order", path=path, line=e.lineno)
        msg = Message(
            msgid=msgid,
            msgstr=e.text("msgstr") or "",
            msgctxt=e.text("msgctxt"),
            msgid_plural=plural,
            msgstr_plural=tuple(e.text(f"msgstr[{i}]") or "" for i in indexes),
            flags=tuple(e.flags),
            locations=tuple(e.refs),
            auto_comments=tuple(e.auto),
            comments=tuple(e.comments),
            previous_msgctxt=e.text("prev msgctxt"),
            previous_msgid=e.text("prev msgid"),
            previous_msgid_plural=e.text("prev msgid_plural"),
            obsolete=bool(e.obsolete),
            domain=e.domain,
            lineno=e.lineno,
        )
        # GNU: live and obsolete entries share one key space (per domain).
        key = (e.domain, msg.msgctxt, msgid)
        if key in seen:
            raise CatalogError(
                f"duplicate message definition (first defined at line {seen[key]})", path=path, line=e.lineno
            )
        seen[key] = e.lineno
        if not messages and header is None and _is_header(msg):
            header = msg
        else:
            messages.append(msg)
    if header is None:
        return Catalog(messages=tuple(messages))
    return Catalog(
        headers=_parse_header(header.msgstr),
        header_comments=header.comments,
        header_auto_comments=header.auto_comments,
        header_locations=header.locations,
        header_flags=header.flags,
        messages=tuple(messages),
    )


def _is_header(m: Message) -> bool:
    """Whether the first entry can be the catalog's header: one the writer gives back unchanged.

    Any other entry with an empty msgid (not first, empty, malformed fields) stays a message.
    """
    if m.msgid or m.msgctxt is not None or m.obsolete or m.domain is not None or not m.msgstr:
        return False
    if m.msgid_plural is not None or m.previous_msgid is not None or m.previous_msgctxt is not None:
        return False
    return "".join(f"{k}: {v}\n" for k, v in _parse_header(m.msgstr)) == m.msgstr


def _parse_header(text: str) -> tuple[tuple[str, str], ...]:
    fields = []
    for line in text.split("\n"):
        key, colon, value = line.partition(":")
        if colon:
            fields.append((key.strip(), value[1:] if value.startswith(" ") else value))
    return tuple(fields)


# --- writing ---------------------------------------------------------------------------------

_ESCAPE_OUT = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\\": "\\\\", '"': '\\"'}
# Other control characters are written raw, as GNU's write-po.c does (so msgcat and polyglot
# agree byte for byte). NUL has no form that survives (GNU cuts the string there): refused.
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPE_OUT)) + "]")


def _escape(text: str) -> str:
    return "".join(_ESCAPE_OUT.get(ch, ch) for ch in text)


_FORMATS = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp librep ruby "
    "sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl perl-brace php "
    "gcc-internal gfc-internal ycp"
).split()
_FLAG_RANK = {"fuzzy": 0, **{f"{f}-format": i + 1 for i, f in enumerate(_FORMATS)}}
_FLAG_RANK.update({f"no-{f}-format": i + 1 for i, f in enumerate(_FORMATS)})


def _flag_rank(flag: str) -> int:
    if flag in _FLAG_RANK:
        return _FLAG_RANK[flag]
    if flag.startswith("range:"):
        return 100
    return 101 if flag == "no-wrap" else 102


# printf-style directives, which GNU does not break inside when the entry has the flag.
_DIRECTIVES = {
    "c-format": re.compile(
        r"%(?:\d+\$)?[-+ #0']*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d*))?[hlLqjzZt]*[diouxXeEfFgGaAcCsSpnm%]"
    ),
    "python-format": re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d*))?[hlL]?[diouxXeEfgGcrs%]"),
}


def _inside_directives(value: str, flags: tuple[str, ...]) -> set[int]:
    """Indexes of ``value`` inside a valid format directive (not its first character)."""
    flag = next((f for f in sorted(flags, key=_flag_rank) if f.endswith("-format") and f in _FLAG_RANK and not f.startswith("no-")), None)
    pattern = _DIRECTIVES.get(flag or "")
    inside: set[int] = set()
    if pattern is None:
        return inside
    i = value.find("%")
    while i >= 0:
        m = pattern.match(value, i)
        if m is None:
            break  # GNU's parsers stop at the first invalid directive
        inside.update(range(i + 1, m.end()))
        i = value.find("%", m.end())
    return inside


# Laid-out fields by what decides their layout: a source sentence is laid out once for the
# template and every language's catalog, and again after translation only for its msgstr.
# Emptied when full (a miss costs a layout, never a wrong line).
_WRAPPED: dict[tuple, list[str]] = {}
_WRAPPED_MAX = 1 << 17


def _wrap(prefix: str, name: str, value: str, page_width: int, flags: tuple[str, ...] = ()) -> list[str]:
    """Lines of ``name "value"`` as GNU gettext's write-po.c lays them out (do not change the list)."""
    key = (prefix, name, value, page_width, "no-wrap" in flags, flags if "%" in value else ())
    lines = _WRAPPED.get(key)
    if lines is None:
        if len(_WRAPPED) >= _WRAPPED_MAX:
            _WRAPPED.clear()
        lines = _WRAPPED[key] = _wrap_field(prefix, name, value, page_width, flags)
    return lines


def _wrap_field(prefix: str, name: str, value: str, page_width: int, flags: tuple[str, ...]) -> list[str]:
    portions = re.findall(r"[^\n]*\n|[^\n]+", value) or [""]
    wrap = "no-wrap" not in flags
    inside = _inside_directives(value, flags) if "%" in value else set()
    lines: list[str] = []
    first = True
    indent = len(prefix) + 1  # column where the text of a continuation line starts
    offset = 0
    for n, portion in enumerate(portions):
        if inside or _NEEDS_ESCAPE.search(portion):
            chars: list[str] = []
            escaped: list[bool] = []
            for k, ch in enumerate(portion, offset):
                esc = _ESCAPE_OUT.get(ch)
                chars.extend(esc or ch)
                escaped.extend([k in inside, *[True] * (len(esc) - 1)] if esc else [k in inside])
            if portion.endswith("\n"):
                escaped[-2] = True  # never break just before the final \n
            text = "".join(chars)
            opportunities = ["" if e else o for o, e in zip(break_opportunities(text), escaped)]
        else:  # the common case, kept cheap: nothing to escape, no format directive
            text = portion
            opportunities = break_opportunities(text)
        offset += len(portion)
        widths = char_widths(text)
        width = page_width - 1 - indent
        start = len(prefix) + len(name) + 2 - indent if first else 0
        breaks = fit(widths, opportunities, width, start) if wrap else []
        if first and text and (n + 1 < len(portions) or (wrap and (start > width or breaks))):
            lines.append(f'{prefix}{name} ""')
            first = False
            breaks = fit(widths, opportunities, width, 0) if wrap else []
        head = f"{prefix}{name} " if first else prefix
        cuts = [0, *breaks, len(text)]
        for j in range(len(cuts) - 1):
            lines.append(f'{head if j == 0 else prefix}"{text[cuts[j]:cuts[j + 1]]}"')
        first = False
    return lines


def _references(refs: tuple[str, ...], page_width: int) -> list[str]:
    lines: list[str] = []
    line = "#:"
    for ref in dict.fromkeys(refs):  # msgcat drops repeated references
        if len(line) > 2 and len(line) + 1 + len(ref) > page_width:
            lines.append(line)
            line = "#:"
        line += " " + ref
    return lines + [line] if refs else lines


def _comment_lines(mark: str, texts: tuple[str, ...]) -> list[str]:
    return [f"{mark} {t}" if t else mark for t in texts]


def _flag_line(flags: tuple[str, ...]) -> list[str]:
    ordered = sorted(dict.fromkeys(flags), key=_flag_rank)
    return ["#, " + ", ".join(ordered)] if ordered else []


def _untranslated(m: Message) -> bool:
    """GNU's test: the first msgstr is empty."""
    return not (m.msgstr_plural[:1] or ("",))[0] if m.msgid_plural is not None else not m.msgstr


def _written_flags(m: Message) -> tuple[str, ...]:
    """The flags as written: in GNU's order, once each, without those msgcat drops."""
    # Like msgcat, drop "fuzzy" where there is no translation for it to qualify.
    is_header = m.msgid == "" and m.msgctxt is None
    flags = tuple(f for f in m.flags if f != "fuzzy") if not is_header and _untranslated(m) else m.flags
    if m.obsolete:  # ...and "range:" on obsolete entries
        flags = tuple(f for f in flags if not f.startswith("range:"))
    return tuple(sorted(dict.fromkeys(flags), key=_flag_rank))


def _message_lines(m: Message, page_width: int) -> list[str]:
    texts = (m.msgid, m.msgstr, m.msgctxt, m.msgid_plural, *m.msgstr_plural, m.previous_msgid, m.previous_msgctxt)
    if any(t and "\x00" in t for t in texts):
        raise CatalogError(f"{_NUL}: the entry {m.msgid[:40]!r}", line=m.lineno or None)
    lines = _comment_lines("#", m.comments) + _comment_lines("#.", m.auto_comments)
    lines += _references(m.locations, page_width) + _flag_line(_written_flags(m))
    prev, prefix = ("#~| ", "#~ ") if m.obsolete else ("#| ", "")
    for name, value in (("msgctxt", m.previous_msgctxt), ("msgid", m.previous_msgid), ("msgid_plural", m.previous_msgid_plural)):
        if value is not None:
            lines += _wrap(prev, name, value, page_width, m.flags)
    fields: list[tuple[str, str | None]] = [("msgctxt", m.msgctxt), ("msgid", m.msgid), ("msgid_plural", m.msgid_plural)]
    if m.msgid_plural is None:
        fields.append(("msgstr", m.msgstr))
    else:
        fields += [(f"msgstr[{i}]", s) for i, s in enumerate(m.msgstr_plural)]
    for name, value in fields:
        if value is not None:
            lines += _wrap(prefix, name, value, page_width, m.flags)
    return lines


def _layout(catalog: Catalog, width: int) -> list[tuple[Message | None, list[str]]]:
    """The entries in the order written (the header and ``domain`` lines as None), each with its lines."""
    entries: list[tuple[Message | None, list[str]]] = []
    new = sum((id(m), width) not in _LAID_OUT for m in catalog.messages)
    if new and len(_LAID_OUT) + new > _LAID_OUT_MAX:
        _LAID_OUT.clear()  # room for the whole catalog, so that its read_back lays out nothing again
    for item in _order(catalog):
        if isinstance(item, Message):
            entries.append((item, _lines(item, width)))
        elif item is None:
            entries.append((None, _message_lines(_header(catalog), width)))
        else:
            entries.append((None, [item]))
    return entries


def _order(catalog: Catalog) -> list[Message | str | None]:
    """What is written, in order: None for the header, a ``domain`` line, or an entry."""
    order: list[Message | str | None] = []
    if catalog.headers or catalog.header_comments or catalog.header_flags or catalog.header_auto_comments or catalog.header_locations:
        order.append(None)
    # Per domain (the default one first), GNU writes obsolete entries after all the others,
    # and drops untranslated ones.
    for domain in dict.fromkeys([None, *(m.domain for m in catalog.messages)]):
        mine = [m for m in catalog.messages if m.domain == domain]
        if domain is not None:
            order.append(f'domain "{_escape(domain)}"')
        order += [m for m in mine if not m.obsolete]
        order += [m for m in mine if m.obsolete and not _untranslated(m)]
    return order


def _header(catalog: Catalog) -> Message:
    return Message(
        msgid="",
        msgstr="".join(f"{k}: {v}\n" for k, v in catalog.headers),
        comments=catalog.header_comments,
        auto_comments=catalog.header_auto_comments,
        locations=catalog.header_locations,
        flags=catalog.header_flags,
    )


def write_po(catalog: Catalog, width: int = 79) -> str:
    """The PO text of a catalog, laid out as GNU ``msgcat`` would write it."""
    return "\n".join(_text(m, lines, width) for m, lines in _layout(catalog, width))


def read_back(catalog: Catalog, width: int = 79) -> Catalog:
    """What :func:`read_po` returns for :func:`write_po`'s text, line numbers included, without parsing it.

    So a run that writes a catalog and uses it again (to check it, to build pages) need not
    read the file back.
    """
    ready = _prepared(catalog, width)
    shape: Iterable[tuple[Message | str | None, int]]
    if ready is not None:
        shape = zip(_order(catalog), ready.lines)
    else:
        shape = ((m, len(lines)) for m, lines in _layout(catalog, width))
    messages, lineno = [], 1
    for m, count in shape:
        if isinstance(m, Message):
            locations = dict.fromkeys(r for loc in m.locations for r in loc.split())
            messages.append(replace(m, flags=_written_flags(m), locations=tuple(locations), lineno=lineno))
        lineno += count + 1
    flags = tuple(sorted(dict.fromkeys(catalog.header_flags), key=_flag_rank))
    refs = tuple(dict.fromkeys(r for loc in catalog.header_locations for r in loc.split()))
    has_header = catalog.headers or catalog.header_comments or flags or catalog.header_auto_comments or refs
    if not has_header and messages and _is_header(messages[0]):  # the reader takes it for the header
        first = messages.pop(0)
        return replace(
            catalog, headers=_parse_header(first.msgstr), header_comments=first.comments, header_flags=first.flags,
            header_auto_comments=first.auto_comments, header_locations=first.locations, messages=tuple(messages),
        )
    return replace(catalog, header_flags=flags, header_locations=refs, messages=tuple(messages))


# Laid-out entries by message object: rewriting a catalog after one change (the review app
# saving a 5,000-entry file) lays out that one entry. Keyed by identity, checked with ``is``
# (the cache holds the message, so its id cannot be reused while it is cached). Emptied
# before a catalog that would take it past the bound, never in the middle of one: clearing
# mid-catalog made a 100,000-entry write and its read_back lay most entries out twice.
_LAID_OUT: dict[tuple[int, int], tuple[Message, list[str], str]] = {}
_LAID_OUT_MAX = 1 << 17


def _lines(m: Message, width: int) -> list[str]:
    hit = _LAID_OUT.get((id(m), width))
    if hit is not None and hit[0] is m:
        return hit[1]
    lines = _message_lines(m, width)
    _LAID_OUT[(id(m), width)] = (m, lines, "\n".join(lines) + "\n")
    return lines


def _text(m: Message | None, lines: list[str], width: int) -> str:
    """An entry's text, ending in a newline (remembered with its lines)."""
    hit = _LAID_OUT.get((id(m), width)) if m is not None else None
    return hit[2] if hit is not None and hit[0] is m else "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Dump:
    """A catalog as last dumped: its bytes, as the encoded texts of its entries joined by blank lines."""

    catalog: Catalog
    width: int
    codec: str
    chunks: tuple[bytes, ...]
    slots: dict[int, int] | None  # id(message) → its chunk (None: a message object occurs twice)
    data: bytes
    lines: tuple[int, ...] = ()  # each chunk's number of lines (a full dump's only)


# The last catalogs dumped (catalogs are immutable). A catalog that differs from one of them
# in a few entries (the review app saving one sentence of a 5,000-entry file) is dumped by
# laying out and encoding those entries only, then joining the kept bytes of the others.
_DUMPS: list[_Dump] = []
_DUMPS_MAX = 4
_PATCH_MAX = 64  # changed entries beyond which a full dump is as cheap
_HEADER_PARTS = ("headers", "header_comments", "header_flags", "header_auto_comments", "header_locations")


def dump_po(catalog: Catalog, width: int = 79) -> bytes:
    """The bytes of :func:`write_po`, encoded in the catalog's declared charset."""
    ready = _prepared(catalog, width)
    if ready is not None:
        return ready.data
    for last in reversed(_DUMPS):
        if last.catalog is catalog and last.width == width:
            return last.data
    codec = pocharset.codec(charset(catalog))
    dump = None
    for last in reversed(_DUMPS):
        if last.width == width and last.codec == codec:
            dump = _patched(last, catalog)
            if dump is not None:
                break
    if dump is None:
        dump = _full_dump(catalog, width, codec)
    _DUMPS[:] = [d for d in _DUMPS if d.catalog is not catalog][-(_DUMPS_MAX - 1):] + [dump]
    return dump.data


def _full_dump(catalog: Catalog, width: int, codec: str) -> _Dump:
    layout = _layout(catalog, width)
    texts = [_text(m, lines, width) for m, lines in layout]
    try:
        chunks = tuple(t.encode(codec) for t in texts)
    except UnicodeEncodeError:
        text = "\n".join(texts)
        try:
            text.encode(codec)
        except UnicodeEncodeError as exc:
            line = text[: exc.start].count("\n") + 1
            raise CatalogError(
                f"{text[exc.start]!r} cannot be written in the declared charset {charset(catalog)}",
                line=line,
                hint="convert the catalog to UTF-8 (msgconv -t UTF-8)",
            ) from None
        raise
    slots = {id(m): k for k, (m, _) in enumerate(layout) if m is not None}
    unique = len(slots) == sum(m is not None for m, _ in layout)
    counts = tuple(len(lines) for _, lines in layout)
    return _Dump(catalog, width, codec, chunks, slots if unique else None, b"\n".join(chunks), counts)


def _patched(last: _Dump, catalog: Catalog) -> _Dump | None:
    """``catalog`` dumped by re-laying out only what changed since ``last`` (None: not that case)."""
    old = last.catalog
    if last.slots is None or len(old.messages) != len(catalog.messages):
        return None
    changed = [(a, b) for a, b in zip(old.messages, catalog.messages) if a is not b]
    if len(changed) > _PATCH_MAX:
        return None
    chunks, slots = list(last.chunks), dict(last.slots)
    try:
        for a, b in changed:
            if id(b) in last.slots or (a.domain, a.obsolete) != (b.domain, b.obsolete):
                return None  # an entry moved, or changed its place in the layout
            slot = slots.pop(id(a), None)
            if (slot is None) != (b.obsolete and _untranslated(b)):
                return None  # an obsolete entry becomes written, or no longer
            if slot is not None:
                slots[id(b)] = slot
                chunks[slot] = _text(b, _lines(b, last.width), last.width).encode(last.codec)
        if any(getattr(old, p) != getattr(catalog, p) for p in _HEADER_PARTS):
            header = _layout(replace(catalog, messages=()), last.width)
            if len(header) != 1 or len(_layout(replace(old, messages=()), last.width)) != 1:
                return None  # the header appears or vanishes
            chunks[0] = _text(None, header[0][1], last.width).encode(last.codec)
    except UnicodeEncodeError:
        return None  # the full dump reports it, with its line
    return _Dump(catalog, last.width, last.codec, tuple(chunks), slots, b"\n".join(chunks))


# Catalogs laid out and encoded ahead on a process pool (:func:`prepared`), by id: their
# dump_po and read_back here then cost a lookup.
_PREPARED: dict[int, _Dump] = {}


@contextmanager
def prepared(catalogs: Sequence[Catalog], workers: int, width: int = 79) -> Iterator[None]:
    """Within the block, :func:`dump_po` and :func:`read_back` of ``catalogs`` were laid out on ``workers`` processes.

    For writing many catalogs at once: the layout is pure Python, so threads would wait
    for each other. A catalog the pool cannot dump (a character its charset lacks) is
    left to :func:`dump_po`, which reports it.
    """
    if workers > 1 and len(catalogs) > 1:
        dumps = pmap(_dump_ahead, (list(catalogs), width), range(len(catalogs)), workers)
        for catalog, got in zip(catalogs, dumps):
            if got is not None:
                _PREPARED[id(catalog)] = _Dump(catalog, width, "", (), None, *got)
    try:
        yield
    finally:
        for catalog in catalogs:
            if _prepared(catalog, width) is not None:
                del _PREPARED[id(catalog)]


def _prepared(catalog: Catalog, width: int) -> _Dump | None:
    """What :func:`prepared` laid out for this very catalog at this width, if anything."""
    ready = _PREPARED.get(id(catalog))
    return ready if ready is not None and ready.catalog is catalog and ready.width == width else None


def _dump_ahead(common: tuple[list[Catalog], int], index: int) -> tuple[bytes, tuple[int, ...]] | None:
    catalogs, width = common
    catalog = catalogs[index]
    try:
        dump = _full_dump(catalog, width, pocharset.codec(charset(catalog)))
    except (CatalogError, UnicodeError, LookupError):
        return None
    return dump.data, dump.lines
