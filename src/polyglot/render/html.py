"""HTML pages through jinja2 (autoescaping on): bilingual, monolingual and index pages.

The bilingual page keeps the source structure: each block is a row holding a
source cell and a target cell (``<p>``, ``<h2>``, ``<ul>``…). In side-by-side
mode the row is a CSS grid whose cells are subgrids, one grid row per segment
pair, so each source sentence starts level with its translation. Rows are
placed with classes (``r3`` start row, ``n2`` span) rather than inline styles,
and the stylesheet carries the rules for as many rows as the longest block needs.

The rows themselves (one ``<span>`` per sentence, tens of thousands on a long
document) are written here in Python, every value escaped once, rather than by a
template macro per sentence; the templates place them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import jinja2
from markupsafe import Markup, escape

from ..inline import unescape
from ..lang import Lang
from ..model import BlockKind
from .bitext import BiBlock, Pair, group_lists
from .inline_html import NoteLinks, note_number, to_html
from .ui import UI, bcp47, direction, endonym

# Scripts written without spaces between sentences.
_NO_SPACE = ("zh", "ja", "th", "lo", "km", "my")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The template environment: package templates, autoescaping everywhere, strict undefined."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("polyglot.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


@dataclass(frozen=True)
class Cell:
    """One segment as shown: its pair id, grid row, language, state and HTML."""

    id: str
    row: int
    lang: str
    state: str
    html: Markup
    dir: str | None = None  # set where it differs from the column's
    previous: str | None = None  # plain text of the source an outdated translation was made for

    @property
    def tag(self) -> str:
        return bcp47(self.lang)


@dataclass(frozen=True)
class Item:
    """A block inside a row: its first grid row, rows spanned, segments per side."""

    block: BiBlock
    start: int
    span: int
    src: tuple[Cell, ...]
    tgt: tuple[Cell, ...]
    joiner_src: str
    joiner_tgt: str


@dataclass(frozen=True)
class Row:
    """A rendered block or list: the tag of each cell and its items."""

    kind: str
    tag: str
    span: int
    items: tuple[Item, ...]


def joiner(language: str) -> str:
    return "" if Lang.of(language).base in _NO_SPACE else " "


def _gap_html(gap: str, elements) -> str:
    """Non-space text the segmenter left between segments, kept so nothing is lost."""
    gap = gap.strip()
    return to_html(gap, elements) if gap else ""


def _source_cell(pair: Pair, block, gaps: list[str], index: int, lang: str, notes: NoteLinks) -> Cell:
    before = _gap_html(gaps[0], block.elements) if index == 0 else ""
    html = to_html(pair.segment.msgid, pair.segment.elements, notes)
    return Cell(pair.id, index + 1, lang, "source", Markup(f"{before}{html}{_gap_html(gaps[index + 1], block.elements)}"))


def _target_cell(pair: Pair, index: int, source: str, target: str, notes: NoteLinks) -> Cell:
    lang = source if pair.fallback else target
    dir_ = direction(lang) if lang != target and direction(lang) != direction(target) else None
    html = to_html(pair.target, pair.segment.elements, notes)
    previous = unescape(pair.previous) if pair.previous is not None else None
    return Cell(pair.id, index + 1, lang, pair.state.value, html, dir_, previous)


def _note_marks(b: BiBlock, first: bool, last: bool, links: NoteLinks, back: str) -> tuple[Markup, Markup]:
    """A note paragraph's number (first paragraph) and link back to its reference (last)."""
    if b.block.note is None:
        return Markup(""), Markup("")
    name = b.block.note.name
    lead = Markup('<span class="fn-num" id="{}">{}.</span> ').format(links.note_id(name), note_number(b.block.note))
    ref = links.first_ref(name)
    tail = Markup(' <a class="fn-back" href="#{}" role="doc-backlink" aria-label="{}">\u21a9\ufe0e</a>').format(ref, back)
    return (lead if first else Markup("")), (tail if last and ref else Markup(""))


def _with_marks(cells: tuple[Cell, ...], marks: tuple[Markup, Markup]) -> tuple[Cell, ...]:
    """Cells with a note's number before the first sentence and its link back after the last."""
    out = list(cells)
    out[0] = replace(out[0], html=marks[0] + out[0].html)
    out[-1] = replace(out[-1], html=out[-1].html + marks[1])
    return tuple(out)


def _row_kind(block) -> tuple[str, str]:
    if block.kind is BlockKind.TITLE:
        return ("title", "h1") if block.level <= 1 else ("subtitle", "p")
    if block.kind is BlockKind.HEADING:
        return "heading", f"h{min(max(block.level, 1), 6)}"
    if block.kind is BlockKind.LIST_ITEM:
        return "list", "ol" if block.ordered else "ul"
    if block.kind is BlockKind.NOTE:
        return "note", "p"
    return "paragraph", "p"


def build_rows(
    blocks: Sequence[BiBlock], source: str, target: str, back: str = "", *, targets: bool = True
) -> tuple[Row, ...]:
    """The rows of a page: one per block, one per list (its items sharing the list's grid).

    Footnote references link to their notes (NOTE rows, kind ``note``) and back;
    ``back`` labels the link back. Without ``targets`` the target cells are left empty
    (a page of the source alone shows none).
    """
    names = frozenset(b.block.note.name for b in blocks if b.block.note is not None)
    src_links, tgt_links = NoteLinks("src-", names), NoteLinks("tgt-", names)
    rows = []
    groups = group_lists(blocks)
    joiners = joiner(source), joiner(target)
    for g, group in enumerate(groups):
        first = group[0].block
        items, start = [], 1
        for b in group:
            n = max(1, len(b.pairs))
            gaps = b.block.gaps()
            src = tuple(_source_cell(p, b.block, gaps, i, source, src_links) for i, p in enumerate(b.pairs))
            tgt = tuple(_target_cell(p, i, source, target, tgt_links) for i, p in enumerate(b.pairs)) if targets else ()
            if b.block.note is not None and b.pairs:
                prev = groups[g - 1][-1].block.note if g else None
                nxt = groups[g + 1][0].block.note if g + 1 < len(groups) else None
                first_par, last_par = prev != b.block.note, nxt != b.block.note
                src = _with_marks(src, _note_marks(b, first_par, last_par, src_links, back))
                tgt = _with_marks(tgt, _note_marks(b, first_par, last_par, tgt_links, back)) if targets else ()
            items.append(Item(b, start, n, src, tgt, *joiners))
            start += n
        kind, tag = _row_kind(first)
        rows.append(Row(kind, tag, start - 1, tuple(items)))
    return tuple(rows)


_STATE_CLASS = {"memory": " machine memory", "machine": " machine", "untranslated": " untranslated",
                "outdated": " outdated", "withheld": " withheld"}


@lru_cache(maxsize=64)
def _lang_attr(lang: str) -> str:
    return f' lang="{escape(bcp47(lang))}"'


def _seg(cell: Cell, ui: UI, interactive: bool) -> str:
    """One sentence: ``<span class="seg …">`` with its state, language and (bilingual page) grid row."""
    parts = [f'<span class="seg r{cell.row}' if interactive else '<span class="seg', _STATE_CLASS.get(cell.state, ""), '"']
    if cell.previous is not None:
        parts.append(f' title="{escape(ui("previous", text=cell.previous))}"')
    if interactive:
        parts.append(f' data-seg="{escape(cell.id)}"')
    parts.append(_lang_attr(cell.lang))
    if cell.dir:
        parts.append(f' dir="{escape(cell.dir)}"')
    parts.append(' tabindex="0">' if interactive else ">")
    parts += (cell.html, "</span>")
    return "".join(parts)


def _cells(item: Item, side: str, ui: UI, interactive: bool) -> str:
    cells = item.src if side == "src" else item.tgt
    return str(escape(item.joiner_src if side == "src" else item.joiner_tgt)).join(
        _seg(c, ui, interactive) for c in cells
    )


def _level(item: Item) -> int:
    return max(item.block.block.level, 1)


def _value(row: Row, item: Item) -> str:
    return f' value="{item.block.number}"' if row.tag == "ol" else ""


def bitext_row(row: Row, source: str, target: str, ui: UI) -> Markup:
    """A row of the bilingual page: the source cell and the target cell, side by side."""
    cells = []
    for side, lang in (("src", source), ("tgt", target)):
        opening = f'<{row.tag} class="cell {side} r1 n{row.span}" lang="{escape(bcp47(lang))}" dir="{escape(direction(lang))}">'
        if row.kind == "list":
            body = "\n" + "".join(
                f'<li class="lvl{_level(i)} r{i.start} n{i.span}"{_value(row, i)}>{_cells(i, side, ui, True)}</li>\n'
                for i in row.items
            )
        else:
            body = _cells(row.items[0], side, ui, True)
        cells.append(f"{opening}{body}</{row.tag}>")
    return Markup(f'<div class="row {escape(row.kind)}" id="{escape(row.items[0].block.id)}">\n{cells[0]}\n{cells[1]}\n</div>')


def mono_row(row: Row, side: str, ui: UI) -> Markup:
    """A row of a monolingual page: a paragraph, heading or list of one side."""
    ident = escape(row.items[0].block.id)
    if row.kind == "note":
        return Markup(f'<p id="{ident}">{_cells(row.items[0], side, ui, False)}</p>')
    if row.kind == "list":
        items = "".join(f'<li class="lvl{_level(i)}"{_value(row, i)}>{_cells(i, side, ui, False)}</li>\n' for i in row.items)
        return Markup(f'<{row.tag} id="{ident}">\n{items}</{row.tag}>')
    return Markup(f'<{row.tag} id="{ident}" class="{escape(row.kind)}">{_cells(row.items[0], side, ui, False)}</{row.tag}>')


def max_rows(rows: Sequence[Row]) -> int:
    return max((r.span for r in rows), default=1)


def grid_css(n: int) -> str:
    """Placement rules for rows 1..n: side by side, interlinear, and stacked on narrow screens."""
    lines = [f"/* Grid placement, generated for blocks of up to {n} sentences. */"]
    for k in range(1, n + 1):
        lines.append(f".bitext .r{k}{{grid-row-start:{k}}}.bitext .n{k}{{grid-row-end:span {k}}}")
    inter = []
    for k in range(1, n + 1):
        inter.append(
            f"{{p}} .r{k}{{{{grid-row-start:{2 * k - 1}}}}}"
            f"{{p}} .tgt .seg.r{k}{{{{grid-row-start:{2 * k}}}}}"
            f"{{p}} .n{k}{{{{grid-row-end:span {2 * k}}}}}"
        )
    lines += [rule.format(p=".layout-inter .bitext") for rule in inter]
    lines.append("@media (max-width: 50rem) {")
    lines += [rule.format(p=".layout-side .bitext") for rule in inter]
    lines.append("}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Link:
    """A link to a language version: label (an endonym), language tag, href, current or not."""

    label: str
    tag: str
    href: str
    current: bool = False


def switcher(languages: Sequence[tuple[str, str]], current: str) -> tuple[Link, ...]:
    """Language links (code, href), each labelled in its own language."""
    return tuple(Link(endonym(code), bcp47(code), href, code == current) for code, href in languages)


def title_text(blocks: Sequence[BiBlock], side: str, fallback: str) -> str:
    """The document's title as plain text (its title, else its first heading), else ``fallback``."""
    from .inline_html import to_plain

    titles = [b for b in blocks if b.block.kind is BlockKind.TITLE and b.block.level <= 1]
    for b in titles or blocks:
        if b.block.kind in (BlockKind.TITLE, BlockKind.HEADING) and b.pairs:
            parts = [
                to_plain(p.segment.msgid if side == "src" else p.target, p.segment.elements, False)
                for p in b.pairs
            ]
            return " ".join(parts).strip() or fallback
    return fallback


def render_template(name: str, **context) -> bytes:
    text = environment().get_template(name).render(**context)
    return text.encode("utf-8")


def page_context(ui: UI, day: datetime.date, root: str) -> dict:
    """What every page template needs."""
    from .. import __version__

    return {
        "ui": ui,
        "root": root,
        "version": __version__,
        "built": ui("built", date=ui.date(day)),
        "bcp47": bcp47,
        "direction": direction,
        "escape": escape,
    }
