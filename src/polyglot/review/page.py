"""The review page: the renderer's bilingual page, its target sentences as editable chip text.

Rows come from :func:`polyglot.render.html.build_rows`, so the page looks and
aligns exactly like the published one; only each target cell's HTML differs:
placeholders become chips (``contenteditable=false``, deleted whole) instead of
the elements they stand for. Per-sentence data the script needs (entry key,
state, version, worst finding) travels as one JSON object.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache

import jinja2
from markupsafe import Markup, escape

from ..catalog import Catalog
from ..inline import Placeholder, tokenize
from ..model import Document, Element
from ..render.bitext import BiBlock, align
from ..render.html import Row, build_rows, max_rows
from . import entries


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The review templates, able to extend and import the renderer's (autoescaping on)."""
    from ..render.html import environment as render_env

    base = render_env()
    assert base.loader is not None
    env = base.overlay(loader=jinja2.ChoiceLoader([jinja2.PackageLoader("polyglot.review", "templates"), base.loader]))
    return env


def chips(text: str, elements: tuple[Element, ...]) -> Markup:
    """Placeholder text as editable HTML: literal text escaped, each placeholder one chip."""
    by_name = {e.name: e for e in elements}
    out = []
    for tok in tokenize(text):
        if isinstance(tok, Placeholder):
            el = by_name.get(tok.name)
            title = f"{el.kind.name.lower()} {el.value}".strip() if el else "placeholder"
            out.append(
                f'<span class="ph" contenteditable="false" data-ph="{escape(str(tok))}" '
                f'title="{escape(title)}">{escape(str(tok))}</span>'
            )
        else:
            out.append(str(escape(tok)))
    return Markup("".join(out))


def script_json(data: object) -> Markup:
    """JSON safe inside ``<script type="application/json">`` (no ``<``, ``>`` or ``&`` left raw)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@dataclass(frozen=True)
class ReviewPage:
    """What the review template needs beyond the renderer's page context."""

    blocks: tuple[BiBlock, ...]
    rows: tuple[Row, ...]
    longest: int
    data: dict


def review_page(document: Document, catalog: Catalog, source: str, target: str, findings) -> ReviewPage:
    """Rows with editable targets, and ``data``: ``ids`` → entry key, per key its state.

    ``findings(message)`` returns the QA findings of an entry.
    """
    blocks = align(document, catalog)
    pairs = {p.id: p for b in blocks for p in b.pairs}
    rows = build_rows(blocks, source, target)
    index = {m.msgid: m for m in catalog.active}
    keys: dict[str, int] = {}
    entry_data: list[list] = []
    seg_keys: dict[str, int] = {}
    for pid, pair in pairs.items():
        msgid = pair.segment.msgid
        if msgid not in keys:
            keys[msgid] = len(keys)
            m = index.get(msgid)
            if m is None:
                entry_data.append(["missing", "", "", 0])
            else:
                entry_data.append([entries.state(m), entries.version(m), entries.worst(list(findings(m))), 1])
        seg_keys[pid] = keys[msgid]

    def editable(cell):
        pair = pairs[cell.id]
        return replace(cell, html=chips(pair.target, pair.segment.elements))

    rows = tuple(
        replace(r, items=tuple(replace(i, tgt=tuple(editable(c) for c in i.tgt)) for i in r.items)) for r in rows
    )
    return ReviewPage(blocks, rows, max_rows(rows), {"ids": seg_keys, "entries": entry_data})
