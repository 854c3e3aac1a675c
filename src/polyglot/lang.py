"""Language codes, normalized in one place: ``pt-BR``, ``pt_BR`` and ``pt_BR `` are one :class:`Lang`.

Configs, folders and PO headers write codes either way; babel, CLDR tables and gettext
want ``pt_BR``, HTML and TMX want ``pt-BR``, and most per-language data is keyed by the
base language ``pt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

#: A syntactically valid code: a 2–3 letter language, then subtags (``fr``, ``pt_BR``, ``zh-Hant``).
PATTERN = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")


def valid(code: object) -> bool:
    """Whether ``code`` is a syntactically valid language code."""
    return isinstance(code, str) and PATTERN.fullmatch(code) is not None


@dataclass(frozen=True)
class Lang:
    """A language code in POSIX form (``pt_BR``); :meth:`of` builds it from any spelling."""

    posix: str

    @staticmethod
    @cache
    def of(code: str) -> Lang:
        return Lang(code.strip().replace("-", "_"))

    @property
    def bcp47(self) -> str:
        """The tag HTML and TMX expect (``pt-BR``)."""
        return self.posix.replace("_", "-")

    @property
    def base(self) -> str:
        """The language alone, lower-case (``pt``)."""
        return self.posix.split("_")[0].lower()

    def __str__(self) -> str:
        return self.posix


def same(a: str, b: str) -> bool:
    """Whether two spellings name the same language (``pt-BR`` and ``pt_BR``)."""
    return Lang.of(a) == Lang.of(b)
