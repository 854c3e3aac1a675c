"""Publishing: the aligned bilingual site, monolingual pages, TMX, Markdown and text exports.

Stages: :func:`bitext.align` pairs segments with their translations, the
renderers turn aligned blocks into bytes, :func:`render_site` gathers every
file of a build (pure), :func:`write_site` writes them atomically.
"""

from .markdown import to_markdown, to_text
from .site import publications, render_site, write_site
from .tmx import to_tmx

__all__ = ["publications", "render_site", "to_markdown", "to_text", "to_tmx", "write_site"]
