"""Reading source articles: bytes → validated text → :class:`~polyglot.model.Document`.

Plain text (:mod:`.text`) and Markdown (:mod:`.markdown`) are supported; the
format is chosen by extension unless given. Blocks come without segments:
segmentation is the next stage.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..errors import InputError
from ..model import Document
from .markdown import parse_markdown
from .meta import DocumentMeta, apply as apply_meta, front_matter
from .source import MAX_SOURCE_BYTES, decode_source, read_source_bytes
from .text import parse_text, plain_text

__all__ = [
    "FORMATS",
    "DocumentMeta",
    "apply_meta",
    "MAX_SOURCE_BYTES",
    "decode_source",
    "detect_format",
    "parse_markdown",
    "parse_text",
    "plain_text",
    "read_document",
    "read_file",
]

FORMATS = ("text", "markdown")
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}


def detect_format(path: str, format: str = "auto") -> str:
    """``"markdown"`` for ``.md``/``.markdown`` files, else ``"text"``; an explicit format wins."""
    if format == "auto":
        return "markdown" if PurePosixPath(path).suffix.lower() in _MARKDOWN_SUFFIXES else "text"
    if format not in FORMATS:
        raise InputError(f"unknown source format {format!r} (expected auto, text or markdown)", path=path)
    return format


def read_document(data: bytes, *, name: str, path: str, language: str, format: str = "auto") -> Document:
    """Parse source bytes into a document; ``path`` is the project-relative path used in errors."""
    kind = detect_format(path, format)
    text = decode_source(data, path)
    try:
        blocks = parse_markdown(text) if kind == "markdown" else parse_text(text)
    except InputError as exc:
        exc.path = exc.path or path
        raise
    if not blocks:
        raise InputError("no translatable text found", path=path)
    document = Document(name=name, path=path, language=language, blocks=blocks)
    return apply_meta(document, front_matter(text, path)) if kind == "markdown" else document


def read_file(path: Path, *, name: str, relpath: str, language: str, format: str = "auto") -> Document:
    """Read a source file, refusing it before reading when over :data:`MAX_SOURCE_BYTES`."""
    detect_format(relpath, format)
    data = read_source_bytes(Path(path), relpath)
    return read_document(data, name=name, path=relpath, language=language, format=format)
