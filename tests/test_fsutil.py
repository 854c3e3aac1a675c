"""Atomic writes, no-op rewrites, path confinement and temp-file cleanup."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from polyglot import fsutil
from polyglot.errors import InputError, PolyglotError
from polyglot.fsutil import atomic_write, clean_stale_temps, ensure_inside, is_temp_name

SRC = Path(__file__).resolve().parents[1] / "src"


def test_writes_new_file_and_creates_folders(tmp_path: Path) -> None:
    target = tmp_path / "locales" / "en" / "LC_MESSAGES" / "doc.po"
    assert atomic_write(target, "msgid «é»\n") is True
    assert target.read_bytes() == "msgid «é»\n".encode()
    assert os.listdir(target.parent) == ["doc.po"]


def test_identical_content_is_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "a.html"
    atomic_write(target, b"<p>x</p>")
    before = os.stat(target)
    os.utime(target, (1_000_000, 1_000_000))
    assert atomic_write(target, "<p>x</p>") is False
    after = os.stat(target)
    assert after.st_ino == before.st_ino
    assert after.st_mtime == 1_000_000


def test_same_size_different_content_is_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    atomic_write(target, b"abc")
    assert atomic_write(target, b"abd") is True
    assert target.read_bytes() == b"abd"


def test_keeps_permission_bits(tmp_path: Path) -> None:
    target = tmp_path / "private.po"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.stat(target).st_mode & 0o777 == 0o640


def test_new_file_gets_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "x", b"1")
    finally:
        os.umask(old)
    assert os.stat(tmp_path / "x").st_mode & 0o777 == 0o640


def test_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep")
    link = tmp_path / "link.txt"
    link.symlink_to(outside)
    assert atomic_write(link, b"keep") is True  # a link is never "unchanged"
    assert not link.is_symlink()
    assert outside.read_bytes() == b"keep"


def test_failure_removes_temp_and_keeps_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.po"
    target.write_bytes(b"reviewed work")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(fsutil.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk on fire"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"reviewed work"
    assert os.listdir(tmp_path) == ["doc.po"]


def test_failure_while_writing_removes_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_fsync(fd: int) -> None:
        raise OSError("no space left")

    monkeypatch.setattr(fsutil.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="no space left"):
        atomic_write(tmp_path / "new.po", b"data")
    assert os.listdir(tmp_path) == []


def test_killed_writer_leaves_old_or_new_never_partial(tmp_path: Path) -> None:
    """SIGKILL a process rewriting a 2 MB file in a loop: the file is always whole."""
    target = tmp_path / "big.po"
    size = 2_000_000
    target.write_bytes(b"a" * size)
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from polyglot.fsutil import atomic_write
        target = Path({str(target)!r})
        print("ready", flush=True)
        i = 0
        while True:
            atomic_write(target, (b"ab"[i % 2:i % 2 + 1]) * {size})
            i += 1
        """
    )
    rng = random.Random(1234)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        data = target.read_bytes()
        assert len(data) == size
        assert data in (b"a" * size, b"b" * size)
    # leftovers from the kills are ours to clean, and only those
    (tmp_path / "notes.txt").write_text("keep me")
    clean_stale_temps(tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["big.po", "notes.txt"]


def test_clean_stale_temps_only_touches_our_pattern(tmp_path: Path) -> None:
    sub = tmp_path / "locales" / "en"
    sub.mkdir(parents=True)
    ours = [tmp_path / fsutil.temp_name("doc.po"), sub / fsutil.temp_name("index.html")]
    theirs = [
        tmp_path / "doc.po",
        tmp_path / ".doc.po.polyglot-tmp-nothex!",
        sub / ".hidden",
        sub / "polyglot-tmp-0123456789abcdef",
    ]
    for p in ours + theirs:
        p.write_text("x")
    assert all(is_temp_name(p.name) for p in ours)
    assert clean_stale_temps(tmp_path) == sorted(ours)
    assert all(p.exists() for p in theirs)
    assert not any(p.exists() for p in ours)


def test_ensure_inside_accepts_project_paths(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    assert ensure_inside(tmp_path, Path("docs/article.md")) == (tmp_path / "docs" / "article.md").resolve()
    assert ensure_inside(tmp_path, "docs/../docs/x.md") == (tmp_path / "docs" / "x.md").resolve()
    assert ensure_inside(tmp_path, tmp_path / "build") == (tmp_path / "build").resolve()


@pytest.mark.parametrize("bad", ["../secret", "docs/../../x", "/etc/passwd", "locales/../../../tmp/x"])
def test_ensure_inside_rejects_traversal(tmp_path: Path, bad: str) -> None:
    root = tmp_path / "project"
    root.mkdir()
    with pytest.raises(InputError) as info:
        ensure_inside(root, bad)
    assert isinstance(info.value, PolyglotError)
    assert info.value.path == bad
    assert "outside the project" in str(info.value)


def test_ensure_inside_rejects_symlink_escape(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "build").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(InputError):
        ensure_inside(root, "build/index.html")
    (root / "docs").mkdir()
    (root / "ok").symlink_to(root / "docs")  # a link that stays inside is fine
    assert ensure_inside(root, "ok/x") == (root / "docs" / "x").resolve()


def test_many_files_are_written_skipped_and_kept_as_one_at_a_time_would(tmp_path: Path) -> None:
    from polyglot.fsutil import atomic_write_many

    (tmp_path / "same.html").write_bytes(b"same")
    (tmp_path / "mode.html").write_bytes(b"old")
    os.chmod(tmp_path / "mode.html", 0o600)
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep")
    (tmp_path / "link.html").symlink_to(outside)
    files = {tmp_path / "same.html": b"same", tmp_path / "mode.html": b"new", tmp_path / "a" / "b" / "new.html": b"x",
             tmp_path / "link.html": b"page"}
    assert atomic_write_many(files) == [False, True, True, True]
    assert {p: p.read_bytes() for p in files} == files
    assert os.stat(tmp_path / "mode.html").st_mode & 0o777 == 0o600
    assert outside.read_bytes() == b"keep" and not (tmp_path / "link.html").is_symlink()
    assert not [p for p in tmp_path.rglob("*") if is_temp_name(p.name)]


def test_many_files_failing_midway_leave_each_target_old_or_new_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from polyglot.fsutil import atomic_write_many

    files = {tmp_path / f"p{i}.html": b"new %d" % i for i in range(6)}
    for path in files:
        path.write_bytes(b"old")
    renamed = []
    real_replace = os.replace

    def replace_three(src: object, dst: object) -> None:
        if len(renamed) == 3:
            raise OSError("disk on fire")
        renamed.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(fsutil.os, "replace", replace_three)
    with pytest.raises(OSError, match="disk on fire"):
        atomic_write_many(files)
    assert sorted(p.read_bytes() for p in files) == [b"new 0", b"new 1", b"new 2", b"old", b"old", b"old"]
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in files)


def test_many_files_without_syncfs_are_flushed_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from polyglot.fsutil import atomic_write_many

    monkeypatch.setattr(fsutil, "_libc", lambda: None)
    (tmp_path / "a").mkdir()  # (a folder made on the way is synced into its parent too)
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(fsutil.os, "fsync", fsync)
    files = {tmp_path / "a" / f"p{i}.html": b"%d" % i for i in range(3)} | {tmp_path / "b.html": b"b"}
    assert atomic_write_many(files) == [True] * 4
    assert len(synced) == 4 + 2  # each file, then each of the two folders once
    assert {p: p.read_bytes() for p in files} == files
