"""A bilingual EPUB 3 per document and language, built with ebooklib.

One XHTML chapter holds the document paragraph by paragraph: each block's source,
then its translation (a list item holds both). Footnotes are EPUB notes
(``epub:type="noteref"`` → ``<aside epub:type="footnote">``), one per column, so
a reading system shows the note in the language being read. Title, author, date,
licence and source URL are the book's metadata. In a draft language, machine
translation is marked (dotted underline) and a notice opens the book.

The bytes are reproducible: ``dcterms:modified`` is the build date, the
identifier derives from the document and language, and zip entries carry a fixed
timestamp.
"""

from __future__ import annotations

import datetime
import io
import uuid
import zipfile
from collections.abc import Sequence

from markupsafe import escape

from ..model import BlockKind, Document
from .bitext import BiBlock, State, footnotes, group_lists
from .html import joiner, title_text
from .inline_html import NoteLinks, note_number, to_html
from .ui import bcp47

CSS = """\
body { font-family: serif; line-height: 1.5; }
.src { color: #333; }
.tgt { margin-bottom: 1em; }
h1.tgt, h2.tgt, h3.tgt, h4.tgt, h5.tgt, h6.tgt { margin-top: 0.2em; }
.subtitle { font-style: italic; }
.draft { border: 1px solid #c99a1e; padding: 0.5em; }
.machine { text-decoration: underline dotted #c99a1e; }
.untranslated { color: #666; }
sup.fn a { text-decoration: none; }
aside p { font-size: 0.9em; }
"""


def _segments(b: BiBlock, side: str, lang: str, source: str, links: NoteLinks, mark: bool) -> str:
    """One side of a block as inline XHTML; machine and untranslated sentences marked when ``mark``."""
    parts: list[str] = []
    for p in b.pairs:
        if side == "src":
            parts.append(to_html(p.segment.msgid, p.segment.elements, links))
            continue
        html: str = to_html(p.target, p.segment.elements, links)
        if p.state is State.UNTRANSLATED:
            html = f'<span class="untranslated" lang="{escape(bcp47(source))}">{html}</span>'
        elif mark and p.state is State.MACHINE:
            html = f'<span class="machine">{html}</span>'
        parts.append(html)
    return joiner(lang).join(parts)


def _block(b: BiBlock, tag: str, cls: str, langs: dict, source: str, links: dict, mark: bool) -> str:
    out = []
    for side in ("src", "tgt"):
        lang = langs[side]
        body = _segments(b, side, lang, source, links[side], mark)
        out.append(f'<{tag} class="{f"{side} {cls}".strip()}" lang="{bcp47(lang)}">{body}</{tag}>')
    return "\n".join(out)


def chapter(
    document: Document, blocks: Sequence[BiBlock], source: str, target: str, *, notice: str = "", mark: bool = False
) -> str:
    """The XHTML body of the book: title, paragraph pairs, then the notes of each column."""
    names = frozenset(b.block.note.name for b in blocks if b.block.note is not None)
    links = {side: NoteLinks(f"{side}-", names, ref_attrs=' epub:type="noteref"') for side in ("src", "tgt")}
    langs = {"src": source, "tgt": target}
    out = []
    if notice:
        out.append(f'<p class="draft" lang="{bcp47(target)}">{escape(notice)}</p>')
    if not any(b.block.kind in (BlockKind.TITLE, BlockKind.HEADING) for b in blocks):
        out.append(f'<h1 class="src" lang="{bcp47(source)}">{escape(document.name)}</h1>')
    for group in group_lists([b for b in blocks if b.block.note is None]):
        first = group[0].block
        if first.kind is BlockKind.LIST_ITEM:
            tag = "ol" if first.ordered else "ul"
            items = []
            for b in group:
                value = f' value="{b.number}"' if first.ordered else ""
                items.append(f'<li class="level{max(b.block.level, 1)}"{value}>{_block(b, "p", "", langs, source, links, mark)}</li>')
            out.append(f"<{tag}>\n" + "\n".join(items) + f"\n</{tag}>")
        elif first.kind is BlockKind.TITLE:
            tag, cls = ("h1", "") if first.level <= 1 else ("p", "subtitle")
            out.append(_block(group[0], tag, cls, langs, source, links, mark))
        elif first.kind is BlockKind.HEADING:
            out.append(_block(group[0], f"h{min(max(first.level, 2), 6)}", "", langs, source, links, mark))
        else:
            out.append(_block(group[0], "p", "", langs, source, links, mark))
    for side in ("src", "tgt"):
        out += _notes(blocks, side, langs[side], source, links[side], mark)
    return "\n".join(out)


def _notes(blocks: Sequence[BiBlock], side: str, lang: str, source: str, links: NoteLinks, mark: bool) -> list[str]:
    """One ``<aside epub:type="footnote">`` per note of a column."""
    out: list[str] = []
    for note, paragraphs in footnotes(blocks):
        out.append(f'<aside epub:type="footnote" id="{links.note_id(note.name)}" lang="{bcp47(lang)}">')
        for i, b in enumerate(paragraphs):
            number = f"{escape(note_number(note))}. " if i == 0 else ""
            out.append(f"<p>{number}{_segments(b, side, lang, source, links, mark)}</p>")
        out.append("</aside>")
    return out


def _reproducible(data: bytes, day: datetime.date) -> bytes:
    """The zip with every entry stamped with ``day`` (mimetype first and stored, as EPUB requires)."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, stamp)
            entry.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def to_epub(
    document: Document,
    blocks: Sequence[BiBlock],
    source: str,
    target: str,
    day: datetime.date,
    *,
    notice: str = "",
) -> bytes:
    """The EPUB 3 of a document in ``source`` and ``target``; ``notice`` (a draft's) opens it and marks machine text."""
    from ebooklib import epub

    title_tgt = title_text(blocks, "tgt", document.name)
    title_src = title_text(blocks, "src", document.name)
    book = epub.EpubBook()
    book.set_identifier(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'polyglot:{document.name}:{source}-{target}')}")
    book.set_title(title_tgt if title_tgt == title_src else f"{title_tgt} · {title_src}")
    book.set_language(bcp47(target))
    book.add_metadata("DC", "language", bcp47(source))
    meta = document.meta
    if meta.author:
        book.add_author(meta.author)
    if meta.date:
        book.add_metadata("DC", "date", meta.date)
    if meta.licence:
        book.add_metadata("DC", "rights", meta.licence)
    if meta.source_url:
        book.add_metadata("DC", "source", meta.source_url)
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=CSS.encode())
    book.add_item(style)
    text = epub.EpubHtml(title=title_tgt, file_name="text.xhtml", lang=bcp47(target))
    text.content = chapter(document, blocks, source, target, notice=notice, mark=bool(notice))
    text.add_item(style)
    book.add_item(text)
    book.toc = (epub.Link("text.xhtml", title_tgt, "text"),)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", text]
    raw = io.BytesIO()
    # stored uncompressed here: _reproducible compresses every entry once, as it rewrites them
    options = {"mtime": datetime.datetime(day.year, day.month, day.day), "raise_exceptions": True, "compresslevel": 0}
    epub.write_epub(raw, book, options)
    return _reproducible(raw.getvalue(), day)
