"""Safe file writing: atomic replacement, no rewrite when nothing changed, paths kept inside the project.

Every file polyglot writes (PO catalogs, pages, reports) goes through
:func:`atomic_write`: the bytes go to a temporary file in the same folder, are
flushed to disk, then renamed over the target. A run killed at any moment
leaves the target either as it was or as it would have been, never
half-written; at worst a temporary file is left behind, which
:func:`clean_stale_temps` removes on the next run (under the project lock).
"""

from __future__ import annotations

import ctypes
import functools
import os
import re
import secrets
import stat
from collections.abc import Callable, Mapping
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
    unchanged, current = _current(path, data)
    if unchanged:
        return False
    tmp = _temp_file(path, data, current, sync=True)
    try:
        if guard is not None:
            guard()
        os.replace(tmp, path)
    except BaseException:
        # KeyboardInterrupt included: never leave a temporary file behind us.
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return True


def atomic_write_many(files: Mapping[Path, bytes]) -> list[bool]:
    """:func:`atomic_write` for many files (a build's pages): for each, whether it was written.

    Each file is replaced atomically, as by :func:`atomic_write`; what differs is the
    order. Every new file is written first, then one flush of the file system makes
    them all durable (``syncfs``; an ``fsync`` each where that is missing), then each
    is renamed into place and each folder flushed once: not two ``fsync`` calls a file.
    A run killed meanwhile leaves every target old or new, and its temporary files
    are removed here on an error, by :func:`clean_stale_temps` after a kill.
    """
    temps: dict[Path, Path] = {}
    written = []
    try:
        for path, data in files.items():
            path = Path(path)
            unchanged, current = _current(path, data)
            written.append(not unchanged)
            if not unchanged:
                temps[path] = _temp_file(path, data, current, sync=False)
        _flush(list(temps.values()))
        for path in list(temps):
            os.replace(temps[path], path)
            del temps[path]
    except BaseException:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        raise
    for folder in dict.fromkeys(Path(p).parent for p, w in zip(files, written) if w):
        _fsync_dir(folder)
    return written


def _current(path: Path, data: bytes) -> tuple[bool, os.stat_result | None]:
    """Whether the target already holds ``data``, and its status (None: there is none)."""
    try:
        current = os.lstat(path)
    except FileNotFoundError:
        return False, None
    same = stat.S_ISREG(current.st_mode) and current.st_size == len(data) and path.read_bytes() == data
    return same, current


def _temp_file(path: Path, data: bytes, current: os.stat_result | None, sync: bool) -> Path:
    """``data`` in a new temporary file beside ``path`` (with its permission bits), flushed if ``sync``."""
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
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _flush(files: list[Path]) -> None:
    """Make the data of ``files`` durable: one ``syncfs`` per file system (Linux), else an fsync each."""
    syncfs = getattr(_libc(), "syncfs", None)
    by_device: dict[int, list[Path]] = {}
    for f in files:
        by_device.setdefault(os.stat(f.parent).st_dev, []).append(f)
    for group in by_device.values():
        fd = os.open(group[0].parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            if syncfs is not None and syncfs(fd) == 0:
                continue
        finally:
            os.close(fd)
        for f in group:  # no syncfs here: each file on its own
            fd = os.open(f, os.O_RDONLY | os.O_CLOEXEC)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


@functools.cache
def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


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
