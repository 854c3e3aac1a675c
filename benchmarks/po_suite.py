"""The po-suite (``../shared/po-suite``) on the bytes polyglot writes, plus a loss check.

``run.py`` there compares ``write_po(read_po(data)).encode("utf-8")`` with ``msgcat``: right for
UTF-8 catalogs, but polyglot writes a catalog back in its declared charset (``dump_po``), as
``msgcat`` does. This wrapper runs the same harness on those bytes, then checks that nothing is
lost: reading polyglot's output again gives the same catalog, for every file it accepts
(``msgcat-rejects`` included). Figures go to docs/po-compat.md.

    cd ../shared/po-suite && PROJECT/.venv/bin/python PROJECT/benchmarks/po_suite.py [run.py options]
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from polyglot.errors import PolyglotError
from polyglot.pofile import dump_po, read_po, write_po

#: Run it from the suite's folder, or name the folder in PO_SUITE; else ../shared/po-suite.
SUITE = Path(os.environ.get("PO_SUITE", "." if Path("run.py").is_file() else Path(__file__).resolve().parents[1].parent / "shared" / "po-suite"))


class _Written(str):
    """The text of a catalog whose ``encode`` gives the bytes polyglot writes (its charset)."""

    def __new__(cls, catalog):
        self = super().__new__(cls, write_po(catalog))
        self.data = dump_po(catalog)
        return self

    def encode(self, *args, **kwargs) -> bytes:  # noqa: ARG002 - the harness asks for UTF-8
        return self.data


def _kept(catalog):
    """What a faithful rewrite keeps: header and every entry, order aside, less what msgcat drops on
    purpose too (an obsolete entry without translation, ``fuzzy`` on an untranslated entry)."""
    from dataclasses import replace

    out = set()
    for m in catalog.messages:
        untranslated = not (m.msgstr_plural[:1] or ("",))[0] if m.msgid_plural is not None else not m.msgstr
        if m.obsolete and untranslated:
            continue
        flags = [f for f in m.flags if not (f == "fuzzy" and untranslated and m.msgid)]
        out.add(replace(m, flags=tuple(sorted(set(flags))), locations=tuple(dict.fromkeys(m.locations))))
    return replace(catalog, messages=()), out


def main() -> None:
    spec = importlib.util.spec_from_file_location("po_suite_run", SUITE / "run.py")
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    harness.write_po = _Written
    losses = []
    for top in ("files", "msgcat-rejects", "msgcat-crashes"):
        for rel in harness.files_under(top):
            data = (SUITE / rel).read_bytes()
            try:
                first = read_po(data, rel)
            except PolyglotError:
                continue
            if _kept(read_po(dump_po(first), rel)) != _kept(first):
                losses.append(rel)
    print(f"loss check: {len(losses)} files read differently after polyglot's write")
    for rel in losses:
        print(f"    {rel}")
    _deliberate(harness)
    harness.main()


def _deliberate(harness) -> None:
    """Sort the accepted files into identical to ``msgcat``, identical once the deliberate
    differences of docs/po-compat.md are undone, and anything else (named)."""
    import collections

    from polyglot import pocharset
    from polyglot.pofile import charset

    counts: collections.Counter[str] = collections.Counter()
    other = []
    for rel in harness.files_under("files"):
        catalog = read_po((SUITE / rel).read_bytes(), rel)
        got = dump_po(catalog)
        rc, expected, _ = harness.msgcat(str(SUITE / rel))
        if got == expected:
            counts["identical"] += 1
            continue
        codec = pocharset.codec(charset(catalog))
        causes = []
        if not expected:
            causes.append("header-only")
            expected = subprocess.run(["msgcat", "--force-po", str(SUITE / rel)], capture_output=True).stdout
        exp, out = expected.decode(codec), got.decode(codec)
        if "\r" in exp:
            causes.append("CR in comments")
            exp = exp.replace("\r", "")
        extra = harness._flags(out) - harness._flags(exp)
        if extra:
            causes.append("flags")
            out = harness._drop_flags(out, extra)
        if exp == out:
            counts["deliberate: " + " + ".join(causes)] += 1
        else:
            other.append(rel)
    total = sum(counts.values()) + len(other)
    same = sum(counts.values())
    print(f"msgcat-accepted files: {total}; identical {counts['identical']}; identical once the deliberate "
          f"differences are undone {same}; other differences {len(other)}")
    for kind, n in sorted(counts.items()):
        print(f"    {n:5d}  {kind}")
    for rel in other:
        print(f"    other: {rel}")


if __name__ == "__main__":
    sys.argv[0] = "po_suite.py"
    main()
