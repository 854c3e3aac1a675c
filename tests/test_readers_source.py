"""Source decoding and validation: every bad input is refused with one clear line naming the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot.errors import EXIT_INPUT, InputError
from polyglot.readers import MAX_SOURCE_BYTES, detect_format, read_document, read_file
from polyglot.inline import placeholders
from polyglot.readers import source

DATA = Path(__file__).parent / "data" / "sources"
BAD = DATA / "bad"
REL = "tests/data/sources/bad"

# file → (line or None, text the one-line message must contain)
BAD_CASES = {
    "latin1.txt": (3, "not UTF-8: invalid byte 0xE9 at column 5 (if the file is LATIN1, convert it with: iconv -f LATIN1 -t UTF-8)"),
    "cp1252.txt": (2, "invalid byte 0xE9 at column 5 (if the file is WINDOWS-1252, convert it with: iconv -f WINDOWS-1252"),
    "invalid-middle.txt": (7, "invalid byte 0xFF at column 8"),
    "crlf-invalid.txt": (3, "invalid byte 0xE9 at column 6"),
    "cr-only-invalid.txt": (3, "invalid byte 0xE9 at column 6"),
    "overlong-utf8.txt": (1, "invalid byte 0xC0 at column 20"),
    "utf8-surrogate.txt": (3, "invalid byte 0xED at column 10"),
    "truncated-at-eof.txt": (3, "truncated multi-byte character at the end of the file"),
    "utf16le-bom.txt": (None, "UTF-16 is not supported, sources must be UTF-8 (convert it with: iconv -f UTF-16 -t UTF-8)"),
    "utf16be-bom.txt": (None, "UTF-16 is not supported"),
    "utf32-bom.txt": (None, "UTF-32 is not supported"),
    "utf16le-no-bom.txt": (None, "looks like UTF-16 without a byte-order mark; sources must be UTF-8 (convert it with: iconv -f UTF-16LE -t UTF-8)"),
    "image.png.txt": (None, "binary file (a PNG image), not a text source"),
    "document.pdf.txt": (None, "binary file (a PDF document)"),
    "article.docx.md": (None, "binary file (a ZIP archive, .docx or .odt)"),
    "nul-byte.txt": (4, "binary file (NUL byte at offset 16)"),
    "many-controls.txt": (None, "binary file (240 control characters)"),
    "control-char.txt": (2, "control character U+0007 in the text"),
    "double-encoded.txt": (3, "control character U+0089 in the text (the text looks double-encoded"),
    "empty.txt": (None, "empty file"),
    "bom-only.txt": (None, "empty file"),
    "whitespace-only.txt": (None, "file contains only whitespace"),
    "code-only.md": (None, "no translatable text found"),
}


def test_every_bad_file_has_a_case():
    assert sorted(p.name for p in BAD.iterdir()) == sorted(BAD_CASES)
    assert len(BAD_CASES) >= 12


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_one_line_error_with_path_and_line(name):
    line, message = BAD_CASES[name]
    relpath = f"{REL}/{name}"
    with pytest.raises(InputError) as info:
        read_file(BAD / name, name="doc", relpath=relpath, language="fr")
    err = info.value
    text = str(err)
    assert type(err) is InputError and err.exit_code == EXIT_INPUT
    assert err.path == relpath and err.line == line
    prefix = f"{relpath}:{line}: " if line else f"{relpath}: "
    assert text.startswith(prefix), text
    assert message in text
    assert "\n" not in text
    # The same verdict from bytes already in memory.
    with pytest.raises(InputError) as again:
        read_document((BAD / name).read_bytes(), name="doc", path=relpath, language="fr")
    assert str(again.value) == text


def test_bom_and_crlf_are_accepted_and_normalized():
    doc = read_file(DATA / "ok" / "bom-crlf.txt", name="d", relpath="ok/bom-crlf.txt", language="fr")
    assert [(b.kind.value, b.text, b.line) for b in doc.blocks] == [
        ("paragraph", "Premier paragraphe,\nsur deux lignes.", 1),
        ("list-item", "Un élément{fn1}.", 4),
        ("list-item", "Un autre.", 5),
    ]
    assert "\ufeff" not in doc.blocks[0].text


def test_lone_cr_line_ends():
    doc = read_file(DATA / "ok" / "cr-only.txt", name="d", relpath="ok/cr-only.txt", language="fr")
    assert [(b.kind.value, b.text, b.line, b.list_id) for b in doc.blocks] == [
        ("paragraph", "Premier paragraphe.", 1, None),
        ("list-item", "Un élément.", 3, 1),
        ("list-item", "Un autre.", 4, 1),
    ]


def test_large_file_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # sparse: 60 MB on paper, nothing allocated
        f.truncate(60 * 1024 * 1024)
    opened = []
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a) or pytest.fail("file was opened"))
    with pytest.raises(InputError) as info:
        read_file(big, name="big", relpath="seeds/big.txt", language="fr")
    assert str(info.value) == (
        "seeds/big.txt: file too large (60.0 MiB; the limit is 10 MiB)"
        " (split the article into several documents)"
    )
    assert not opened


def test_file_growing_past_the_limit_after_stat(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 64)
    monkeypatch.setattr(source, "MAX_SOURCE_BYTES", 32)
    real_stat = os.stat
    monkeypatch.setattr(source.os, "stat", lambda p: os.stat_result((*real_stat(p)[:6], 1, *real_stat(p)[7:])))
    with pytest.raises(InputError, match=r"^a\.txt: file too large"):
        read_file(path, name="a", relpath="a.txt", language="fr")


def test_bytes_over_the_limit_refused(monkeypatch):
    monkeypatch.setattr(source, "MAX_SOURCE_BYTES", 10)
    with pytest.raises(InputError, match="file too large"):
        read_document(b"Hello world, this is long.", name="a", path="a.txt", language="fr")


def test_limit_is_sane():
    assert 1024 * 1024 <= MAX_SOURCE_BYTES < 50 * 1024 * 1024


@pytest.mark.parametrize("kind", ["missing", "directory", "fifo"])
def test_not_a_readable_regular_file(tmp_path, kind):
    path = tmp_path / "x.txt"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # opening it would block: must be refused from stat() alone
    message = "no such file" if kind == "missing" else "not a regular file"
    with pytest.raises(InputError) as info:
        read_file(path, name="x", relpath="src/x.txt", language="fr")
    assert str(info.value) == f"src/x.txt: {message}"


def test_format_detection_and_unknown_format():
    assert detect_format("a/b.MD") == detect_format("b.markdown") == "markdown"
    assert detect_format("a.txt") == detect_format("README") == "text"
    assert detect_format("a.md", "text") == "text"
    with pytest.raises(InputError, match=r"^a\.txt: unknown source format 'rst'"):
        read_document(b"Hi.", name="a", path="a.txt", language="fr", format="rst")


def test_markdown_syntax_in_txt_stays_text():
    doc = read_document(b"# Not a heading\n\n*a*", name="a", path="a.txt", language="fr")
    assert [(b.kind.value, b.text) for b in doc.blocks] == [("paragraph", "# Not a heading"), ("paragraph", "*a*")]


_BYTES = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(str.encode),
    st.text(alphabet="ab é\n\r\t-*•1.#>[]()_`<>{}@:/\u00a0", max_size=200).map(str.encode),
)


@settings(max_examples=200, deadline=None)
@given(_BYTES, st.sampled_from(["a.txt", "a.md"]))
def test_any_bytes_give_a_document_or_an_input_error(data, path):
    try:
        doc = read_document(data, name="a", path=path, language="fr")
    except InputError as err:
        assert str(err).startswith(path + ":") and "\n" not in str(err)
        return
    for block in doc.blocks:
        names = {e.name for e in block.elements}
        assert len(names) == len(block.elements)
        assert {p.lstrip("/") for p in placeholders(block.text)} == names
        assert block.line >= 1 and block.text.strip()
