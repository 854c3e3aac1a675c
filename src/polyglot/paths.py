"""Where polyglot may read and write: inside the project folder, never out through a symbolic link.

The policy, applied to every file a project names or derives (sources, the
glossary, PO and POT files, the state folder with its lock and memory, the
output folder and every page and export in it):

- the path, with every symbolic link in it followed, must resolve inside the
  project folder; a link that stays inside is fine, one that leads out is
  refused (:class:`~polyglot.errors.InputError`, exit 2) before anything is read
  or written, so nothing outside is ever read, echoed, truncated or replaced;
- writing never follows a link: :func:`polyglot.fsutil.atomic_write` renames a
  new file over a link, and the lock is opened with ``O_NOFOLLOW``;
- the output folder holds outputs only: it may not be the project folder, nor
  overlap the locales or state folders, nor contain ``polyglot.toml``, a
  source document or the glossary (a build would overwrite them).

Files named on the command line (``polyglot segment FILE``, ``models install
FILE``) and the Argos packages folder (``ARGOS_PACKAGES_DIR`` or
``[engines.argos] packages_dir``) are the user's explicit choice and are used
where they are.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError


def inside(root: Path | str, path: Path | str) -> Path:
    """``root / path``, checked: InputError if it resolves (links followed) outside ``root``.

    The path is returned as joined, not resolved, so that a writer replaces a
    link inside the project instead of following it.
    """
    base = Path(root).resolve()
    joined = Path(root) / path
    target = joined.resolve()
    if not target.is_relative_to(base):
        rel = Path(path)
        try:
            rel = joined.relative_to(root)
        except ValueError:
            pass
        link = _first_link(Path(root), rel)
        how = f"{link.as_posix()} is a symbolic link to {target}" if link else f"it resolves to {target}"
        raise InputError(
            "path leads outside the project",
            path=rel.as_posix(),
            hint=f"{how}; polyglot reads and writes only inside {base}",
        )
    return joined


def ensure_inside(root: Path | str, path: Path | str) -> Path:
    """The resolved ``path`` (relative to ``root`` unless absolute); InputError if it leaves ``root``."""
    return inside(root, path).resolve()


def ensure_all_inside(root: Path | str, paths: Iterable[str]) -> dict[str, Path]:
    """:func:`ensure_inside` for many relative paths: each folder is resolved once, not once a file.

    A file that is itself a symbolic link gets the full check.
    """
    folders: dict[str, Path] = {}
    out = {}
    for rel in paths:
        folder, _, name = rel.rpartition("/")
        if folder not in folders:
            folders[folder] = ensure_inside(root, folder or ".")
        target = folders[folder] / name
        out[rel] = ensure_inside(root, rel) if not name or os.path.islink(target) else target
    return out


def _first_link(root: Path, rel: Path) -> Path | None:
    """The first component of ``rel`` (under ``root``) that is a symbolic link, relative to ``root``."""
    probe = root
    for i, part in enumerate(rel.parts):
        probe = probe / part
        if probe.is_symlink():
            return Path(*rel.parts[: i + 1])
    return None


def check_layout(root: Path, *, locales: str, output: str, state: str, inputs: list[str]) -> None:
    """Check a project's folders and input files against the policy above; InputError on the first breach.

    ``inputs`` are the project-relative files polyglot reads (polyglot.toml,
    sources, glossary): none may lie in the output folder.
    """
    resolved = {
        name: inside(root, rel).resolve()
        for name, rel in (("locales_dir", locales), ("output_dir", output), ("state", state))
    }
    out = resolved["output_dir"]
    if out == Path(root).resolve():
        raise InputError(
            f"project.output_dir {output!r} is the project folder: a build would overwrite the sources",
            path="polyglot.toml",
            hint='use a folder of its own, e.g. output_dir = "build"',
        )
    for name in ("locales_dir", "state"):
        other = resolved[name]
        if other.is_relative_to(out) or out.is_relative_to(other):
            what = "project.locales_dir" if name == "locales_dir" else "the state folder .polyglot"
            raise InputError(
                f"project.output_dir {output!r} overlaps {what}: a build would overwrite them",
                path="polyglot.toml",
                hint='use a folder of its own, e.g. output_dir = "build"',
            )
    for rel in inputs:
        if inside(root, rel).resolve().is_relative_to(out):
            raise InputError(
                f"{rel} lies inside project.output_dir {output!r}: a build would overwrite it",
                path="polyglot.toml",
                hint='keep sources out of the output folder, e.g. output_dir = "build"',
            )
