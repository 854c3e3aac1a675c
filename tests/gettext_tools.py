"""Test helpers around the real GNU gettext tools, the reference for every PO/POT we write.

GNU gettext is required (``apt-get install gettext``): a missing tool fails the test
with a clear message instead of skipping it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

__all__ = ["gettext_tool", "msgcat", "msgfmt_check", "msgfmt_statistics", "msginit", "msgmerge"]


def gettext_tool(name: str) -> str:
    """The path of a GNU gettext program; AssertionError if it is not installed."""
    path = shutil.which(name)
    assert path, f"GNU gettext's {name} is not installed: run `apt-get install gettext`"
    return path


def _run(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    cmd = [gettext_tool(str(args[0])), *map(str, args[1:])]
    done = subprocess.run(cmd, capture_output=True, env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stderr.decode(errors='replace')}"
    return done


def msgfmt_check(path: str | Path) -> None:
    """Assert that ``msgfmt --check`` accepts the file (header, formats, plurals)."""
    _run("msgfmt", "--check", "-o", "/dev/null", path)


def msgcat(*paths: str | Path, width: int | None = None) -> bytes:
    """What ``msgcat`` writes for the files: GNU's canonical layout of a catalog."""
    extra = [f"--width={width}"] if width else []
    return _run("msgcat", *extra, *paths).stdout


def msgfmt_statistics(path: str | Path) -> tuple[int, int, int]:
    """(translated, fuzzy, untranslated) as ``msgfmt --statistics`` counts them."""
    out = _run("msgfmt", "--statistics", "-o", "/dev/null", path).stderr.decode()
    counts = []
    for word in ("translated", "fuzzy", "untranslated"):
        m = re.search(rf"(\d+) {word} (?:message|translation)", out)
        counts.append(int(m.group(1)) if m else 0)
    return counts[0], counts[1], counts[2]


def msgmerge(po: str | Path, pot: str | Path, *options: str) -> bytes:
    """What ``msgmerge`` writes when merging a template into a PO file."""
    return _run("msgmerge", "--quiet", *options, po, pot, "-o", "-").stdout


def msginit(pot: str | Path, locale: str, out: str | Path) -> bytes:
    """What ``msginit --no-translator`` writes for a new ``locale`` catalog of the template.

    ``GETTEXTCLDRDIR`` is left unset, as on a translator's machine: msginit then uses its
    built-in plural table (and writes no Plural-Forms for a language missing from it).
    """
    _run("msginit", "--no-translator", f"--locale={locale}", "-i", pot, "-o", out)
    return Path(out).read_bytes()
