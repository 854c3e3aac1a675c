"""Charsets of PO files: the names GNU gettext accepts, and the one a catalog declares.

A catalog is read and written in the charset its header's Content-Type declares, as GNU
does (see :func:`polyglot.pofile.read_po` and :func:`polyglot.pofile.dump_po`).
"""

from __future__ import annotations

import codecs
import re

from .catalog import Catalog
from .errors import CatalogError

__all__ = ["charset", "codec", "declared"]

_CHARSET = re.compile(r"charset=([^\s;]+)")  # GNU looks for exactly this in the header
# A header's charset, found before decoding: checked against the parsed header afterwards.
_DECLARED = re.compile(rb"^[^#\n]*charset=([^\s;\"\\]+)", re.MULTILINE)
_DECLARED_TEXT = re.compile(_DECLARED.pattern.decode(), re.MULTILINE)


# The portable charset names GNU gettext accepts in a header (gettext-tools po-charset.c);
# Python has no codec for VISCII, GEORGIAN-PS and EUC-TW: those are refused.
PORTABLE = frozenset(
    "ASCII ANSI_X3.4-1968 US-ASCII ISO-8859-1 ISO-8859-2 ISO-8859-3 ISO-8859-4 ISO-8859-5 ISO-8859-6 "
    "ISO-8859-7 ISO-8859-8 ISO-8859-9 ISO-8859-13 ISO-8859-14 ISO-8859-15 KOI8-R KOI8-U KOI8-T CP850 "
    "CP866 CP874 CP932 CP949 CP950 CP1250 CP1251 CP1252 CP1253 CP1254 CP1255 CP1256 CP1257 GB2312 "
    "EUC-JP EUC-KR EUC-TW BIG5 BIG5-HKSCS GBK GB18030 SHIFT_JIS JOHAB TIS-620 VISCII GEORGIAN-PS "
    "UTF-8".split()
)


def codec(name: str) -> str:
    """The Python codec of a charset name GNU gettext accepts; CatalogError for any other."""
    if name.upper() == "CHARSET":  # the placeholder of templates: GNU reads them as ASCII/UTF-8
        return "utf-8"
    try:
        if name.upper() not in PORTABLE:
            raise LookupError(name)
        return codecs.lookup(name).name
    except LookupError:
        raise CatalogError(f"unsupported charset {name}", hint="convert it with msgconv -t UTF-8") from None


def declared(data: bytes | str) -> tuple[str, int | None]:
    """The charset a file seems to declare (UTF-8 if none) and the line saying so.

    Found before decoding, so the reader checks it against the header it then parses.
    """
    if isinstance(data, str):
        m = _DECLARED_TEXT.search(data)
        return (m.group(1), data[: m.start()].count("\n") + 1) if m else ("UTF-8", None)
    b = _DECLARED.search(data)
    if b is None:
        return "UTF-8", None
    return b.group(1).decode("ascii", "replace"), data[: b.start()].count(b"\n") + 1


def charset(catalog: Catalog) -> str:
    """The charset the header's Content-Type declares (UTF-8 when none, or the POT placeholder).

    The header is the catalog's, or else the first entry with an empty msgid (GNU reads it there).
    """
    text = "".join(f"{k}: {v}\n" for k, v in catalog.headers)
    if not catalog.headers:
        first = next((m for m in catalog.messages if m.msgid == "" and m.msgctxt is None), None)
        text = first.msgstr if first else ""
    m = _CHARSET.search(text)
    return "UTF-8" if m is None or m.group(1).upper() == "CHARSET" else m.group(1)
