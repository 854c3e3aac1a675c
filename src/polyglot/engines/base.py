"""The engine interface: a batch of texts in, a batch of translations out.

Texts that reach an engine are plain text in which protected elements are
written as XML-like tags that the engine must carry through unchanged:
``<x id="3"/>`` for a standalone element (footnote, URL, e-mail, code,
do-not-translate term) and ``<g id="4">…</g>`` around a translatable span;
``&``, ``<`` and ``>`` in the text itself are written ``&amp;``, ``&lt;``,
``&gt;``. :mod:`polyglot.protect` builds and reads these texts.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence, cast


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
