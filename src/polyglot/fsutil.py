"""Safe file writing: atomic replacement, no rewrite when nothing changed, paths kept inside the project.

Every file polyglot writes (PO catalogs, pages, reports) goes through
:func:`atomic_write`: the bytes go to a temporary file in the same folder, are
flushed to disk, then renamed over the target. A run killed at any moment
leaves the target either as it was or as it would have been, never
half-written; at worst a temporary file is left behind, which
:func:`clean_stale_temps` removes on the next run (under the project lock).
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from .paths import ensure_inside  # noqa: F401  (re-exported: the path policy lives in paths.py)

#: Temporary files are named ``.<target name>.<TEMP_MARK><16 hex digits>``.
TEMP_MARK = "polyglot-tmp-"
_TEMP_NAME = re.compile(r"^\..+\." + re.escape(TEMP_MARK) + r"[0-9a-f]{16}$")


def temp_name(target: str) -> str:
    """A fresh temporary-file name for ``target`` (a file name, not a path)."""
    return f".{target}.{TEMP_MARK}{secrets.token_hex(8)}"


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is one of our temporary-file names."""
    return _TEMP_NAME.match(name) is not None


def atomic_write(path: Path, data: bytes | str, guard: Callable[[], None] | None = None) -> bool:
    """Replace ``path`` with ``data`` atomically; False (and nothing written) if it already holds it.

    ``str`` data is written as UTF-8. An existing file keeps its permission
    bits; a new one gets the default mode (0o666 less the umask). Missing
    parent folders are created. A symbolic link at ``path`` is replaced by a
    regular file, never followed. ``guard``, if given, runs once the new bytes
    are on disk, just before the rename: raising there leaves ``path`` untouched
    (:mod:`polyglot.pofs` checks there that nobody changed the file meanwhile).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    try:
        current = os.lstat(path)
    except FileNotFoundError:
        current = None
    if current is not None and stat.S_ISREG(current.st_mode) and current.st_size == len(data):
        if path.read_bytes() == data:
            return False
    folder = path.parent
    _make_folders(folder)
    tmp = folder / temp_name(path.name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        try:
            if current is not None and stat.S_ISREG(current.st_mode):
                os.fchmod(fd, stat.S_IMODE(current.st_mode))
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if guard is not None:
            guard()
        os.replace(tmp, path)
    except BaseException:
        # KeyboardInterrupt included: never leave a temporary file behind us.
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    return True




def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove temporary files left in ``folder`` (recursively) by killed runs; the paths removed.

    Only names matching our temporary-file pattern are touched. Call it while
    holding the project lock, so that no live run's temporary file is removed.
    """
    removed: list[Path] = []
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            if is_temp_name(name):
                path = Path(dirpath, name)
                path.unlink(missing_ok=True)
                removed.append(path)
    return sorted(removed)


def _make_folders(folder: Path) -> None:
    """Create ``folder`` and its missing parents, syncing each new entry into its parent."""
    if folder.is_dir():
        return
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True)
    for created in reversed(missing):
        _fsync_dir(created.parent)


def _fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename or a new file) to disk; a no-op where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
