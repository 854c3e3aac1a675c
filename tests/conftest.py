"""Shared fixtures: the repository root, the seed article, and a throw-away seed project."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "zapad-2025.fr.txt"


def _seed_entries() -> int:
    from polyglot.pofile import read_po

    pot = read_po((ROOT / "locales" / "zapad-2025.pot").read_text(encoding="utf-8"))
    return sum(1 for m in pot.messages if m.msgid and not m.obsolete)


#: Distinct sentences (title included) of the seed: what a full translation sends an engine.
SEED_ENTRIES = _seed_entries()


def untitled_config() -> str:
    """The seed's polyglot.toml without the document's metadata (title, date), for tests
    whose arithmetic is about the article's sentences only."""
    text = (ROOT / "polyglot.toml").read_text(encoding="utf-8")
    return re.sub(r"(?m)^(title|subtitle|author|date|source_url|licence) = .*\n", "", text)


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    """A copy of the repository's seed project (config, seed, glossary, no catalogs)."""
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    shutil.copy(ROOT / "polyglot.toml", tmp_path / "polyglot.toml")
    if (ROOT / "glossary.csv").exists():
        shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    return tmp_path
