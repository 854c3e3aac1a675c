"""Helpers shared by the hostile-input tests (test_bad_input, test_cli_hostile)."""

from __future__ import annotations

import shutil
from pathlib import Path


def put(path: Path, data: bytes = b"", *, link: str | None = None) -> None:
    """Replace whatever is at ``path`` (file, folder or link) with ``data``, or with a link to ``link``."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    if link is not None:
        path.symlink_to(link)
    else:
        path.write_bytes(data)
