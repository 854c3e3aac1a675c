"""The build manifest: which files of the output folder polyglot wrote, and their digests.

It lives in the project's state folder (``.polyglot/build-manifest.json``, keyed by output
folder), never in the published folder. After a build, a file an earlier build wrote and
this one did not (a language or document no longer published) is removed, but only if
it still holds what polyglot wrote: a file polyglot did not write, or one changed since,
is never touched. Folders left empty by a removal are removed too.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Collection, Mapping
from pathlib import Path

NAME = "build-manifest.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digests(files: Mapping[str, bytes]) -> dict[str, str]:
    """``{relative path: sha256}`` of files about to be written."""
    return {rel: digest(data) for rel, data in sorted(files.items())}


def load(text: str | None) -> dict[str, dict[str, str]]:
    """A manifest's content, ``{output folder: {relative path: sha256}}``; empty when unreadable."""
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        k: {p: h for p, h in v.items() if isinstance(p, str) and isinstance(h, str)}
        for k, v in data.items()
        if isinstance(k, str) and isinstance(v, dict)
    }


def read(path: Path) -> dict[str, dict[str, str]]:
    """The manifest kept at ``path``; empty when there is none or it cannot be read."""
    try:
        return load(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, UnicodeDecodeError):
        return {}


def exports_key(output_dir: str, fmt: str) -> str:
    """The manifest key of the files ``polyglot export --format fmt`` wrote (a build never prunes them)."""
    return f"{output_dir}#export-{fmt}"


def dump(manifest: Mapping[str, Mapping[str, str]]) -> str:
    return json.dumps({k: dict(sorted(v.items())) for k, v in sorted(manifest.items())}, indent=1) + "\n"


def _safe(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and "\\" not in rel and "\0" not in rel and ".." not in parts


def prune(out_dir: Path, previous: Mapping[str, str], keep: Collection[str]) -> list[str]:
    """Remove the files of ``previous`` not in ``keep`` that still hold what polyglot wrote.

    Returns the relative paths removed. Symbolic links, non-files and changed files stay.
    """
    removed = []
    for rel, want in sorted(previous.items()):
        if rel in keep or not _safe(rel):
            continue
        path = out_dir / rel
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(st.st_mode) or not _inside(out_dir, path.parent):
            continue
        if digest(path.read_bytes()) != want:
            continue
        path.unlink()
        removed.append(rel)
        _remove_empty(out_dir, path.parent)
    return removed


def _inside(out_dir: Path, folder: Path) -> bool:
    try:
        folder.resolve().relative_to(out_dir.resolve())
    except ValueError:
        return False
    return True


def _remove_empty(out_dir: Path, folder: Path) -> None:
    root = out_dir.resolve()
    while folder.resolve() != root and _inside(out_dir, folder):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
