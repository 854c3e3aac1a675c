"""Turn the bytes of a source file into text, or refuse them with a clear error.

Sources must be UTF-8 (a BOM is allowed and dropped); CRLF and lone CR line
ends become LF. Anything else (another encoding, a binary file, an empty
file, a file too large to hold comfortably) raises :class:`InputError` naming
the file and, where there is one, the line.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..errors import InputError

MAX_SOURCE_BYTES = 10 * 1024 * 1024
"""Largest source accepted; an article is a few KiB, so this only stops accidents."""

_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive, .docx or .odt"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)
# Control characters other than tab and line ends break PO files and XML output.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def read_source_bytes(path: Path, relpath: str) -> bytes:
    """The bytes of a regular file, refused before reading when over :data:`MAX_SOURCE_BYTES`."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file", path=relpath) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=relpath) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file", path=relpath)
    if st.st_size > MAX_SOURCE_BYTES:
        raise _too_large(relpath, st.st_size)
    try:
        with open(path, "rb") as f:
            # Read one byte past the limit: the file may have grown since stat().
            data = f.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=relpath) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise _too_large(relpath, len(data))
    return data


def _too_large(relpath: str, size: int) -> InputError:
    return InputError(
        f"file too large ({size / 2**20:.1f} MiB; the limit is {MAX_SOURCE_BYTES // 2**20} MiB)",
        path=relpath,
        hint="split the article into several documents",
    )


def decode_source(data: bytes, path: str) -> str:
    """Decode UTF-8 source bytes to text with LF line ends, validating them on the way."""
    if len(data) > MAX_SOURCE_BYTES:
        raise _too_large(path, len(data))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise InputError(
                f"{encoding} is not supported, sources must be UTF-8",
                path=path,
                hint=f"convert it with: iconv -f {encoding} -t UTF-8",
            )
    _check_binary(data, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(data, exc, path) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    _check_controls(text, path)
    if not text.strip():
        raise InputError("empty file" if not text else "file contains only whitespace", path=path)
    return text


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset, counting LF, CRLF and lone CR as line ends."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _check_binary(data: bytes, path: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not a text source", path=path)
    nul = data.find(b"\x00")
    if nul < 0:
        return
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) > len(sample) // 4 and min(even, odd) < max(even, odd) // 8:
        # Mostly-ASCII UTF-16 text without a BOM: every other byte is NUL.
        raise InputError(
            "looks like UTF-16 without a byte-order mark; sources must be UTF-8",
            path=path,
            hint="convert it with: iconv -f UTF-16LE -t UTF-8" if even < odd else "convert it with: iconv -f UTF-16BE -t UTF-8",
        )
    raise InputError(
        f"binary file (NUL byte at offset {nul}), not a text source",
        path=path,
        line=_line_of(data, nul),
    )


def _not_utf8(data: bytes, exc: UnicodeDecodeError, path: str) -> InputError:
    line = _line_of(data, exc.start)
    line_start = max(data.rfind(b"\n", 0, exc.start), data.rfind(b"\r", 0, exc.start)) + 1
    column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
    if exc.end >= len(data) and exc.reason == "unexpected end of data":
        return InputError(
            f"not UTF-8: truncated multi-byte character at the end of the file (column {column})",
            path=path,
            line=line,
            hint="the file was probably cut off; restore it from a complete copy",
        )
    byte = data[exc.start]
    # Bytes 0x80-0x9F are printable in Windows-1252 (’ “ ” … –) but not in Latin-1.
    encoding = "WINDOWS-1252" if any(0x80 <= b <= 0x9F for b in data) else "LATIN1"
    return InputError(
        f"not UTF-8: invalid byte 0x{byte:02X} at column {column}",
        path=path,
        line=line,
        hint=f"if the file is {encoding}, convert it with: iconv -f {encoding} -t UTF-8",
    )


def _check_controls(text: str, path: str) -> None:
    first = _CONTROL.search(text)
    if first is None:
        return
    count = len(_CONTROL.findall(text))
    if count > max(8, len(text) // 100):
        raise InputError(f"binary file ({count} control characters), not a text source", path=path)
    ch = first.group()
    line = text.count("\n", 0, first.start()) + 1
    hint = "the text looks double-encoded: UTF-8 read as Latin-1" if "\x80" <= ch <= "\x9f" else None
    raise InputError(f"control character U+{ord(ch):04X} in the text", path=path, line=line, hint=hint)

