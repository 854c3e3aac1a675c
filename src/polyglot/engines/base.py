"""The engine interface: a batch of texts in, a batch of translations out.

Texts that reach an engine are plain text in which protected elements are
written as XML-like tags that the engine must carry through unchanged:
``<x id="3"/>`` for a standalone element (footnote, URL, e-mail, code,
do-not-translate term) and ``<g id="4">…</g>`` around a translatable span;
``&``, ``<`` and ``>`` in the text itself are written ``&amp;``, ``&lt;``,
``&gt;``. :mod:`polyglot.protect` builds and reads these texts.

What an engine returns is not trusted: :func:`check_output` is the one place
every output passes before it is cached or used.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, Sequence, cast

from ..errors import EngineError

#: A translation may be at most this many times as long as its source, plus MAX_EXTRA characters.
MAX_GROWTH = 10
MAX_EXTRA = 1000
#: The most bytes read from an engine process for one call, whatever its input.
MAX_REPLY_BYTES = 256 * 2**20
# Control characters other than tab and newline break PO files (msgcat cuts at NUL) and HTML.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Route:
    """How an engine goes from ``source`` to ``target``: one or more steps (pairs or packages).

    ``version`` identifies the data used (pair package versions, model versions) and
    is part of the translation-memory key, so upgrading a model invalidates its cache.
    """

    engine: str
    source: str
    target: str
    steps: tuple[str, ...]
    version: str = ""

    def __str__(self) -> str:
        return f"{self.engine}:{'+'.join(self.steps)}"


@dataclass(frozen=True)
class Translation:
    """One engine output: the text (tags kept) and the words the engine did not know."""

    text: str
    unknown: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class EngineRecipe:
    """How to build an engine: ``<module>.<cls>(**options)``; picklable, so a cluster worker can too."""

    module: str
    cls: str
    options: dict[str, Any] = field(default_factory=dict)

    def build(self) -> Engine:
        return cast(Engine, getattr(importlib.import_module(self.module), self.cls)(**self.options))


class Engine(Protocol):
    """A machine-translation engine."""

    @property
    def name(self) -> str:
        """The engine's name, as in routes and ``--engine``."""
        ...

    def available(self) -> bool:
        """Whether the engine can run here at all (binary or library installed)."""
        ...

    def route(self, source: str, target: str) -> Route | None:
        """The best route from source to target, or None if this engine has none."""
        ...

    def translate(self, texts: Sequence[str], route: Route) -> list[Translation]:
        """Translate a batch, one output per input, in order. Raises EngineError."""
        ...


def reply_limit(size: int) -> int:
    """The most bytes an engine process may answer to ``size`` bytes of input."""
    return min(MAX_GROWTH * size + MAX_EXTRA * 1024, MAX_REPLY_BYTES)


def check_output(source: str, output: Translation, route: Route | str = "the engine") -> Translation:
    """An engine's output for ``source``, cleaned; EngineError if it is unusable.

    Control characters other than tab and newline are removed (from the unknown
    words too, which must stay on one line). An empty translation of a non-empty
    source, or one longer than ``MAX_GROWTH`` times the source plus ``MAX_EXTRA``
    characters, is refused: such output is a failure, never cached.
    """
    text = _CONTROL.sub("", output.text)
    if source.strip() and not text.strip():
        raise EngineError(f"{route} returned an empty translation")
    limit = MAX_GROWTH * len(source) + MAX_EXTRA
    if len(text) > limit:
        raise EngineError(f"{route} returned {len(text)} characters for a {len(source)}-character segment")
    unknown = tuple(w for w in (_LINE_CONTROL.sub("", u).strip() for u in output.unknown) if w)
    if text == output.text and unknown == tuple(output.unknown):
        return output
    return replace(output, text=text, unknown=unknown)
