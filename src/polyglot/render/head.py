"""What a page says about itself in ``<head>``: canonical and alternate links, Open Graph, JSON-LD.

Links are absolute when ``[publish] base_url`` is set (search engines want them
so), relative otherwise, and the canonical link is only written with a base URL.
The schema.org ``Article`` is JSON inside ``<script>``: ``<``, ``>`` and ``&``
are written as ``\\u`` escapes, so no text can close the script element.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from markupsafe import Markup

from ..lang import Lang
from ..model import Metadata
from .ui import bcp47

DESCRIPTION_CHARS = 200


@dataclass(frozen=True)
class Head:
    """The metadata of one page, ready for the template."""

    canonical: str
    alternates: tuple[tuple[str, str], ...]  # (hreflang, href)
    meta: tuple[tuple[str, str, str], ...]  # (attribute, name, content): name=… or property=…
    json_ld: Markup


def describe(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """A description cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def script_json(data: object) -> Markup:
    """JSON safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(ch, esc)
    return Markup(text)


def page_head(
    *,
    path: str,
    title: str,
    language: str,
    meta: Metadata,
    base_url: str,
    alternates: Sequence[tuple[str, str]],
    description: str = "",
    original: tuple[str, str] | None = None,
    modified: str = "",
) -> Head:
    """The head of the page at ``path`` (relative to the site root) in ``language``.

    ``alternates`` are (language, href relative to the page); ``original`` is the
    (title, language) of the work a translated page translates.
    """
    page_url = urljoin(base_url, path) if base_url else ""

    def absolute(href: str) -> str:
        return urljoin(page_url, href) if page_url else href

    tags: list[tuple[str, str, str]] = []
    if description:
        tags.append(("name", "description", description))
    if meta.author:
        tags.append(("name", "author", meta.author))
    tags += [
        ("property", "og:type", "article"),
        ("property", "og:title", title),
        ("property", "og:locale", Lang.of(language).posix),
    ]
    if description:
        tags.append(("property", "og:description", description))
    if page_url:
        tags.append(("property", "og:url", page_url))
    if meta.date:
        tags.append(("property", "article:published_time", meta.date))
    article: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": title,
        "inLanguage": bcp47(language),
    }
    if meta.author:
        article["author"] = {"@type": "Person", "name": meta.author}
    if meta.date:
        article["datePublished"] = meta.date
    if modified:
        article["dateModified"] = modified
    if description:
        article["description"] = description
    if page_url:
        article["url"] = page_url
    if meta.licence:
        article["license"] = meta.licence
    if meta.source_url:
        article["isBasedOn"] = meta.source_url
    if original is not None:
        article["translationOfWork"] = {"@type": "Article", "headline": original[0], "inLanguage": bcp47(original[1])}
    return Head(
        canonical=page_url,
        alternates=tuple((bcp47(lang), absolute(href)) for lang, href in alternates),
        meta=tuple(tags),
        json_ld=script_json(article),
    )
