"""Pseudo-translation: the source upper-cased, tags kept. For trying layouts and pipelines
without a real engine (like gettext's ``podebug``); never chosen by ``auto``."""

from __future__ import annotations

import re
from typing import Sequence

from .base import Route, Translation

_MARKUP = re.compile(r"(<[^>]*>|&[a-z]+;|&#[0-9]+;)")


class PseudoEngine:
    """Upper-cases text outside tags and entities; counts its calls."""

    name = "pseudo"

    def __init__(self) -> None:
        self.calls = 0

    def available(self) -> bool:
        return True

    def route(self, source: str, target: str) -> Route:
        return Route("pseudo", source, target, ("upper",), version="1")

    def translate(self, texts: Sequence[str], route: Route) -> list[Translation]:
        self.calls += 1
        return [
            Translation("".join(p if _MARKUP.fullmatch(p) else p.upper() for p in _MARKUP.split(t)))
            for t in texts
        ]
