"""The build manifest: polyglot removes only files it wrote and that still hold what it wrote."""

from __future__ import annotations

import os
from pathlib import Path

from polyglot.render import manifest


def test_prune_removes_only_unchanged_files_polyglot_wrote(tmp_path: Path):
    out = tmp_path / "build"
    files = {"doc/de.html": b"<p>de</p>", "doc/de.mono.html": b"mono", "exports/doc.de.md": b"md", "keep.html": b"k"}
    for rel, data in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    previous = manifest.digests(files)
    (out / "exports" / "doc.de.md").write_bytes(b"edited by hand")  # changed since: stays
    (out / "mine.txt").write_text("not polyglot's")  # never in the manifest: stays
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"<p>de</p>")
    (out / "doc" / "link.html").symlink_to(outside)
    previous["doc/link.html"] = manifest.digest(b"<p>de</p>")
    previous["../outside.html"] = manifest.digest(b"<p>de</p>")

    removed = manifest.prune(out, previous, keep={"keep.html"})
    assert removed == ["doc/de.html", "doc/de.mono.html"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if not p.is_dir()) == [
        "doc/link.html", "exports/doc.de.md", "keep.html", "mine.txt"]
    assert outside.read_bytes() == b"<p>de</p>" and os.path.islink(out / "doc" / "link.html")


def test_prune_removes_folders_it_emptied_only(tmp_path: Path):
    out = tmp_path / "build"
    (out / "old").mkdir(parents=True)
    (out / "old" / "de.html").write_bytes(b"x")
    (out / "empty-before").mkdir()
    assert manifest.prune(out, {"old/de.html": manifest.digest(b"x")}, keep=set()) == ["old/de.html"]
    assert not (out / "old").exists() and (out / "empty-before").is_dir() and out.is_dir()


def test_load_dump_round_trip_and_garbage():
    data = {"build": {"b.html": "2", "a.html": "1"}}
    assert manifest.load(manifest.dump(data)) == data
    assert manifest.load("not json") == {} and manifest.load("[1]") == {} and manifest.load(None) == {}
