"""Markdown articles, parsed with markdown-it-py (CommonMark).

Headings, paragraphs, list items (nested: ``level`` is the depth, each list
its own ``list_id``) and the paragraphs of block quotes become blocks. A list
item's first paragraph is its LIST_ITEM block; further paragraphs of the same
item are PARAGRAPH blocks carrying the item's ``list_id`` and ``level``.
Footnote definitions (``[^1]: …``) become NOTE blocks at the end, one per
paragraph, each naming the reference it defines. Code blocks, HTML blocks and
thematic breaks are not translatable and are skipped; front matter is read by
:mod:`.meta`.

Inline: emphasis, strong emphasis and links are spans; inline code, images and
inline HTML are protected ``{codeN}`` elements whose value is their source;
autolinks are URLs or e-mails; ``[^label]`` references and the plain-text
no-break-space convention are footnotes. Line breaks become ``\\n``.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import InputError
from ..model import Block, BlockKind, Element, ElementKind
from .scan import BlockBuilder, Footnotes

try:  # mdit-py-plugins adds footnotes and front matter; without it they stay text.
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin
except ImportError:  # pragma: no cover - depends on the environment
    footnote_plugin = front_matter_plugin = None  # type: ignore[assignment]

_SPANS = {
    "em": ElementKind.EMPHASIS,
    "strong": ElementKind.STRONG,
    "link": ElementKind.LINK,
}


#: markdown-it's block nesting limit (lists, items, quotes each count); text nested deeper
#: would be dropped silently, so such a source is refused instead.
MAX_NESTING = 60


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    if footnote_plugin is not None:
        md.use(footnote_plugin).use(front_matter_plugin)
    return md


@dataclass
class _List:
    """An open list: its id, whether ordered, and paragraphs seen in its current item."""

    id: int
    ordered: bool
    seen: int = 0


def parse_markdown(text: str) -> tuple[Block, ...]:
    """The blocks of a Markdown article, without segments."""
    tokens = _parser().parse(text)
    for i, tok in enumerate(tokens):
        if tok.level >= MAX_NESTING - 1:
            raise InputError(
                f"Markdown nested too deeply (more than {MAX_NESTING - 2} levels of lists, items and quotes)",
                line=(tok.map[0] if tok.map else _line_before(tokens, i)) + 1,
                hint="the deeper text would be lost; flatten the nesting",
            )
    footnotes = Footnotes()
    blocks: list[Block] = []
    lists: list[_List] = []  # open lists, outermost first
    next_list = 1
    heading_level = 0
    note: Element | None = None  # the footnote whose definition is being read
    for i, tok in enumerate(tokens):
        if tok.type == "footnote_open":
            label = str(tok.meta.get("label") or int(tok.meta["id"]) + 1)
            note = Element(f"{ElementKind.FOOTNOTE.value}{footnotes.number(label)}", ElementKind.FOOTNOTE, label)
        elif tok.type == "footnote_close":
            note = None
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(_List(next_list, tok.type == "ordered_list_open"))
            next_list += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "list_item_open":
            lists[-1].seen = 0
        elif tok.type == "heading_open":
            heading_level = int(tok.tag[1:])
        elif tok.type == "heading_close":
            heading_level = 0
        elif tok.type == "inline":
            body, elements = _inline(tok.children or [], footnotes)
            if not body.strip():
                continue
            line = (tok.map[0] if tok.map else _line_before(tokens, i)) + 1
            if note is not None:
                blocks.append(Block(BlockKind.NOTE, body, line, elements, note=note))
            elif heading_level:
                blocks.append(Block(BlockKind.HEADING, body, line, elements, level=heading_level))
            elif lists:
                current = lists[-1]
                kind = BlockKind.LIST_ITEM if current.seen == 0 else BlockKind.PARAGRAPH
                current.seen += 1
                blocks.append(Block(kind, body, line, elements, len(lists), current.id, current.ordered))
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, body, line, elements))
    return tuple(blocks)


def _line_before(tokens: list[Token], i: int) -> int:
    for tok in reversed(tokens[:i]):
        if tok.map:
            return tok.map[0]
    return 0


def _inline(children: list[Token], footnotes: Footnotes) -> tuple[str, tuple[Element, ...]]:
    """Placeholder text and elements of an inline token's children."""
    out = BlockBuilder(footnotes)
    spans: list[str | None] = []
    pending: list[str] = []  # adjacent text tokens, scanned together

    def flush() -> None:
        if pending:
            out.text("".join(pending))
            pending.clear()

    autolink = False
    for i, tok in enumerate(children):
        if tok.type == "text":
            if autolink:
                continue
            pending.append(tok.content)
            continue
        flush()
        kind = tok.type.rsplit("_", 1)[0]
        if tok.type in ("softbreak", "hardbreak"):
            out.text("\n", scan=False)
        elif tok.type == "link_open" and tok.markup == "autolink":
            href = str(tok.attrs.get("href", ""))
            value = _autolink_text(children, i)
            if href.startswith("mailto:") and "@" in value and not value.startswith("mailto:"):
                out.element(ElementKind.EMAIL, value)
            else:
                out.element(ElementKind.URL, value)
            autolink = True
            spans.append(None)
        elif tok.type.endswith("_open") and kind in _SPANS:
            value = str(tok.attrs.get("href", "")) if kind == "link" else ""
            spans.append(out.open(_SPANS[kind], value))
        elif tok.type.endswith("_close") and kind in _SPANS:
            name = spans.pop()
            if name is None:
                autolink = False
            else:
                out.close(name)
        elif tok.type == "code_inline":
            out.element(ElementKind.CODE, tok.content)
        elif tok.type == "image":
            title = tok.attrs.get("title")
            source = f"![{tok.content}]({tok.attrs.get('src', '')}" + (f' "{title}"' if title else "") + ")"
            out.element(ElementKind.CODE, source)
        elif tok.type == "html_inline":
            out.element(ElementKind.CODE, tok.content)
        elif tok.type == "footnote_ref":
            out.footnote(str(tok.meta.get("label") or int(tok.meta["id"]) + 1))
        # footnote_anchor and unknown tokens carry no text.
    flush()
    return out.build()


def _autolink_text(children: list[Token], i: int) -> str:
    """The literal text of the autolink opened at ``children[i]``."""
    text = []
    for tok in children[i + 1 :]:
        if tok.type == "link_close":
            break
        text.append(tok.content)
    return "".join(text)
