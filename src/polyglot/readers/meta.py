"""Document metadata: Markdown front matter, overrides from polyglot.toml, the title blocks.

A document's title and subtitle are translatable, so they become TITLE blocks at
the start of the document (``level`` 1 and 2); author, date, source URL and
licence are :class:`~polyglot.model.Metadata`. Front matter is YAML between
``---`` lines, parsed with python-frontmatter; a key set in ``[[documents]]``
wins over the same key in the front matter.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from ..errors import InputError
from ..inline import escape
from ..model import Block, BlockKind, Document, Metadata, normalize_space

KEYS = ("title", "subtitle", "author", "date", "source_url", "licence")
_ALIASES = {"license": "licence", "source": "source_url", "url": "source_url"}


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata as written (front matter or config), with the line of each key (0: not in the source)."""

    values: tuple[tuple[str, str], ...] = ()
    lines: tuple[tuple[str, int], ...] = ()

    def get(self, key: str) -> str:
        return dict(self.values).get(key, "")

    def line(self, key: str) -> int:
        return dict(self.lines).get(key, 0)


def from_mapping(data: Mapping[str, object], path: str, lines: Mapping[str, int] | None = None) -> DocumentMeta:
    """Known keys of a mapping as text; a value that is not text, a number or a date is refused."""
    values, where = [], []
    for raw_key, value in data.items():
        key = _ALIASES.get(str(raw_key), str(raw_key))
        if key not in KEYS or value is None:
            continue
        if isinstance(value, (datetime.date, datetime.datetime)):
            text = value.isoformat()
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = normalize_space(str(value))
        else:
            line = (lines or {}).get(str(raw_key), 0)
            raise InputError(f"metadata {raw_key!r} must be text, not {type(value).__name__}", path=path, line=line or None)
        if text:
            values.append((key, text))
            where.append((key, (lines or {}).get(str(raw_key), 0)))
    return DocumentMeta(tuple(values), tuple(where))


_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.M)


def front_matter(text: str, path: str) -> DocumentMeta:
    """The metadata of a Markdown text's YAML front matter (empty when it has none)."""
    m = _FENCE.match(text)
    if m is None:
        return DocumentMeta()
    import frontmatter
    import yaml

    try:
        data, _ = frontmatter.parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # the fence is line 1
        raise InputError(f"invalid front matter: {getattr(exc, 'problem', None) or exc}", path=path, line=line) from None
    if not isinstance(data, Mapping):
        raise InputError("front matter must be a mapping of keys to values", path=path, line=1)
    body = m.group(1) or ""
    lines: dict[str, int] = {}
    for k in _KEY_LINE.finditer(body):
        lines.setdefault(k.group(1), body.count("\n", 0, k.start()) + 2)
    return from_mapping(data, path, lines)


def title_blocks(meta: DocumentMeta) -> tuple[Block, ...]:
    """TITLE blocks (title, then subtitle) for the metadata's title keys."""
    out = []
    for level, key in ((1, "title"), (2, "subtitle")):
        if meta.get(key):
            out.append(Block(BlockKind.TITLE, escape(meta.get(key)), meta.line(key), level=level))
    return tuple(out)


def apply(document: Document, meta: DocumentMeta) -> Document:
    """The document with the metadata's title and subtitle (replacing its own) and other fields."""
    titles = {b.level: b for b in title_blocks(meta)}
    own = {b.level: b for b in document.blocks if b.kind is BlockKind.TITLE}
    merged = {**own, **titles}
    blocks = tuple(merged[k] for k in sorted(merged))
    blocks += tuple(b for b in document.blocks if b.kind is not BlockKind.TITLE)
    known = {f.name for f in fields(Metadata)}
    extra = {k: v for k, v in meta.values if k in known}
    return replace(document, blocks=blocks, meta=replace(document.meta, **extra))
