"""Engines for the Ray tests, imported by the Ray workers (tests/ is on their PYTHONPATH)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from polyglot.engines.base import Route, Translation
from polyglot.engines.pseudo import PseudoEngine


class DiesOnce(PseudoEngine):
    """The pseudo engine, except that the first worker to translate exits hard, once."""

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = Path(marker)

    def translate(self, texts: Sequence[str], route: Route) -> list[Translation]:
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return super().translate(texts, route)
        os.close(fd)
        os._exit(1)  # a worker lost mid-batch: its node died, or the OOM killer took it
