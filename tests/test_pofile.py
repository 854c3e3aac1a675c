"""The PO layer: lossless reading, and writing byte-identical to GNU msgcat."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from gettext_tools import msgcat, msgfmt_check, msgfmt_statistics
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglot.catalog import Catalog, Message
from polyglot.errors import CatalogError
from polyglot.pofile import read_back, read_po, write_po

DATA = Path(__file__).parent / "data" / "po"
EDITED = DATA / "translator-edited.po"  # msgcat-normalized, as a translator's tools leave it
UNNORMALIZED = DATA / "unnormalized.po"  # the same by hand: long lines, flags out of order

HEADER = (("Content-Type", "text/plain; charset=UTF-8"),)


def _write(tmp_path: Path, text: str, name: str = "out.po") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- reading keeps every field ---------------------------------------------------------------


def test_reads_every_field_of_a_translator_edited_file():
    cat = read_po(EDITED.read_text(encoding="utf-8"), str(EDITED))
    assert [k for k, _ in cat.headers][:3] == ["Project-Id-Version", "Report-Msgid-Bugs-To", "Language-Team"]
    assert cat.header("X-Reviewed-By").startswith("A. Translator — with a rather long value")
    assert cat.header("Report-Msgid-Bugs-To") == ""
    assert cat.header_comments == (
        "English translation of seeds/zapad-2025.fr.txt.",
        "Copyright (C) 2025 The polyglot authors",
        "",
        " Reviewed by: A. Translator <a@example.org>",
    )
    first, edited, tabbed, plural, multiline, old, deleted = cat.messages
    assert first.lineno == 19 and first.locations == ("seeds/zapad-2025.fr.txt:1",)
    assert edited.flags == ("fuzzy", "no-c-format")
    assert edited.previous_msgid == "Le président Alexandre Loukachenko a accepté l’invitation{fn1}."
    assert edited.comments == ("I kept the quotes as in the source.",)
    assert edited.auto_comments[0] == "paragraph 1, sentence 1 of 3"
    assert len(edited.locations) == 3 and edited.msgid.endswith("belarus-observers.")
    assert tabbed.msgctxt == "list item"
    assert tabbed.msgid == 'Belavia\tcompagnie aérienne ; 3,5\u00a0% de hausse «\u00a0"cité"\u00a0» et C:\\chemin\\fichier'
    assert plural.msgid_plural == "%d exercises" and plural.msgstr_plural == ("%d exercise", "%d exercises")
    assert multiline.msgstr == "First line\nSecond line\n"
    assert old.obsolete and old.previous_msgid == "L’ancienne phrase." and old.fuzzy
    assert old.comments == ("An old sentence kept for reference.",)
    assert deleted.obsolete and deleted.msgctxt == "list item" and deleted.previous_msgid is None


def test_accepts_bytes_file_objects_bom_and_crlf():
    text = EDITED.read_text(encoding="utf-8")
    expected = read_po(text)
    assert read_po(text.encode("utf-8")) == expected
    assert read_po(io.StringIO(text)) == expected
    assert read_po(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")) == expected


def test_custom_flags_survive_although_msgcat_drops_them():
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n#, polyglot-machine, fuzzy\nmsgid "a"\nmsgstr "b"\n'
    msg = read_po(text).messages[0]
    assert msg.flags == ("polyglot-machine", "fuzzy")
    assert "#, fuzzy, polyglot-machine\n" in write_po(read_po(text))
    assert read_po(write_po(read_po(text))).messages[0].flags == ("fuzzy", "polyglot-machine")


# --- writing is GNU's layout ------------------------------------------------------------------


def test_normalized_file_is_written_back_byte_identical():
    text = EDITED.read_text(encoding="utf-8")
    assert msgcat(EDITED).decode("utf-8") == text  # the sample really is msgcat's layout
    assert write_po(read_po(text)) == text


def test_unnormalized_file_is_written_as_msgcat_writes_it(tmp_path):
    written = write_po(read_po(UNNORMALIZED.read_text(encoding="utf-8")))
    assert written.encode("utf-8") == msgcat(UNNORMALIZED)
    out = _write(tmp_path, written)
    assert msgcat(out) == out.read_bytes()
    msgfmt_check(out)


@pytest.mark.parametrize("width", [40, 60, 100])
def test_other_widths_match_msgcat_width(width):
    cat = read_po(EDITED.read_text(encoding="utf-8"))
    assert write_po(cat, width=width).encode("utf-8") == msgcat(EDITED, width=width)


def test_wrapping_details():
    long = "Le président a dit : «\u00a0Nous viendrons\u00a0» — et c’est tout. " * 3
    text = write_po(Catalog(headers=HEADER, messages=(Message(msgid=long.strip() + "\n"),)))
    lines = text.splitlines()
    assert 'msgid ""' in lines  # does not fit: an empty first line, as GNU does
    assert all(len(line) <= 79 for line in lines)
    assert not any(line.startswith('"\u00a0') or line.endswith('\u00a0"') for line in lines)
    assert not any(line == '"\\n"' for line in lines)  # the final \n is never alone


def test_obsolete_entries_go_last_and_untranslated_obsolete_ones_are_dropped():
    cat = Catalog(
        headers=HEADER,
        messages=(
            Message(msgid="old", msgstr="vieux", obsolete=True),
            Message(msgid="gone", obsolete=True),
            Message(msgid="new", flags=("fuzzy",)),
        ),
    )
    text = write_po(cat)
    assert text.index('msgid "new"') < text.index('#~ msgid "old"')
    assert "gone" not in text and "fuzzy" not in text  # as msgcat: no fuzzy without a translation


def test_output_is_deterministic_and_valid_for_msgfmt(tmp_path):
    cat = read_po(EDITED.read_text(encoding="utf-8"))
    assert write_po(cat) == write_po(read_po(write_po(cat)))
    path = _write(tmp_path, write_po(cat))
    msgfmt_check(path)
    reviewed = sum(1 for m in cat.active if m.reviewed)
    fuzzy = sum(1 for m in cat.active if m.translated and m.fuzzy)
    assert msgfmt_statistics(path) == (reviewed, fuzzy, len(cat.active) - reviewed - fuzzy)


# --- errors ------------------------------------------------------------------------------------

_OK_HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ('msgid "a"\nmsgstr "b\n', 5, "syntax error"),
        ('msgid "a"\nmsgstr "b"\n"c" junk\n', 6, "syntax error"),
        ('#: x.txt:1\nmsgid "a"\nmsgstr "b\\q"\n', 6, "invalid escape"),
        ('msgid "a"\nmsgtxt "b"\n', 5, "syntax error"),
        ('msgid "a"\n\n#. note\nmsgid "b"\nmsgstr ""\n', 7, "missing msgstr for the msgid at line 4"),
        ('msgid "a"\nmsgstr[0] "b"\n', 4, "msgid_plural"),
        ('msgid "a"\nmsgctxt "c"\nmsgstr ""\n', 5, "missing msgstr"),
        ('msgctxt "c"\nmsgctxt "d"\n', 5, "unexpected msgctxt"),
        ('#~ msgid "a"\nmsgstr "b"\n', 5, "#~"),
        ('#. note\n"stray"\n', 5, "unexpected string"),
    ],
)
def test_syntax_errors_carry_path_and_line(body, line, words):
    with pytest.raises(CatalogError) as err:
        read_po(_OK_HEADER + body, "locales/en/LC_MESSAGES/doc.po")
    assert err.value.path == "locales/en/LC_MESSAGES/doc.po"
    assert err.value.line == line
    assert words in err.value.message
    assert str(err.value).startswith(f"locales/en/LC_MESSAGES/doc.po:{line}: ")


def test_duplicates_name_both_lines():
    text = _OK_HEADER + 'msgid "a"\nmsgstr ""\n\nmsgctxt "x"\nmsgid "a"\nmsgstr ""\n\n# again\nmsgid "a"\nmsgstr "b"\n'
    with pytest.raises(CatalogError, match=r"first defined at line 4") as err:
        read_po(text, "doc.po")
    assert err.value.line == 11



@pytest.mark.parametrize(
    "body",
    [
        'msgid "a"\nmsgstr ""\n\n#~ msgid "a"\n#~ msgstr "b"\n',  # live and obsolete
        '#~ msgid "a"\n#~ msgstr "c"\n\n#~ msgid "a"\n#~ msgstr "b"\n',  # two obsolete
        'msgid "a"\nmsgstr ""\n\ndomain "d"\nmsgid "a"\nmsgstr ""\nmsgid "a"\nmsgstr ""\n',  # within a domain
    ],
)
def test_every_duplicate_is_refused_as_gnu_does(tmp_path, body):
    """GNU: "duplicate message definition", live or obsolete alike (a translation would be lost)."""
    path = _write(tmp_path, _OK_HEADER + body)
    assert subprocess.run(["msgcat", str(path)], capture_output=True).returncode != 0
    with pytest.raises(CatalogError, match=r"duplicate message definition \(first defined at line \d+\)") as err:
        read_po(path.read_bytes(), "doc.po")
    assert str(err.value).startswith("doc.po:") and "\n" not in str(err.value)


@pytest.mark.parametrize("charset", ["ISO-8859-1", "CP1252", "KOI8-R", "EUC-JP", "Shift_JIS", "GB18030"])
def test_catalogs_in_any_charset_read_and_written_back_in_it(tmp_path, charset):
    from polyglot.pofile import dump_po

    text = {"KOI8-R": "Привет", "EUC-JP": "表示する", "Shift_JIS": "表示ソ", "GB18030": "显示"}.get(charset, "été")
    data = f'msgid ""\nmsgstr "Content-Type: text/plain; charset={charset}\\n"\n\nmsgid "a"\nmsgstr "{text}"\n'
    path = _write(tmp_path, "", "in.po")
    path.write_bytes(data.encode(charset))
    cat = read_po(path.read_bytes(), "in.po")
    assert cat.messages[0].msgstr == text
    assert dump_po(cat) == msgcat(path)


def test_undecodable_bytes_are_refused_with_the_line():
    data = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "été"\nmsgstr ""\n'
    with pytest.raises(CatalogError, match="not valid UTF-8") as err:
        read_po(data.encode("latin-1"), "doc.po")
    assert err.value.line == 4


@pytest.mark.parametrize("name", ["NO-SUCH-8", "windows-1252"])  # msgcat: "not a portable encoding name"
def test_unknown_charset_is_refused(name):
    data = f'msgid ""\nmsgstr "Content-Type: text/plain; charset={name}\\n"\n'.encode()
    with pytest.raises(CatalogError, match=f"unsupported charset {name}"):
        read_po(data, "doc.po")


# --- properties ----------------------------------------------------------------------------------

# Latin text with the punctuation of French news: what must match GNU exactly.
_LATIN = list("abcdefghijklmnopqrstuvwxyzAÉZ0123456789  ,.;:!?'\"()[]{}-/%$€+*&#@<>=_\\\t\n") + [
    "\u00a0", "\u202f", "«", "»", "’", "“", "”", "—", "–", "…", "é", "è", "à", "ç", "ß", "ñ", "°", "½", "\u0301",
]
_WORDS = ["anticonstitutionnellement" * 3, "https://www.example.org/a/b-c?d=1", "{fn1}", "{em1}", "{/em1}", "l’invitation"]
_text = st.lists(st.sampled_from(_LATIN) | st.sampled_from(_WORDS), max_size=60).map("".join)
# (GNU reads a backslash at the end of a line as a line continuation, even in comments)
_comment = _text.map(lambda s: s.replace("\n", " ").rstrip("\\"))
_ref = st.from_regex(r"[a-z][a-z0-9_./-]{0,40}:[1-9][0-9]{0,4}", fullmatch=True)
_FLAGS = ["c-format", "no-python-format", "python-format", "range: 0..9", "no-wrap"]  # GNU order


@st.composite
def _message(draw, index: int = 0, obsolete: bool = False) -> Message:
    plural = draw(st.booleans()) and not obsolete
    translated = draw(_text) if not obsolete else draw(_text.filter(bool))
    flags = draw(st.lists(st.sampled_from(_FLAGS), unique=True, max_size=2))
    if "python-format" in flags and "no-python-format" in flags:
        flags.remove("no-python-format")
    if obsolete and "range: 0..9" in flags:
        flags.remove("range: 0..9")  # GNU drops it there
    msg = Message(
        msgid=draw(_text) + f" #{index}",
        msgstr="" if plural else translated,
        msgctxt=draw(st.none() | _text),
        msgid_plural=draw(_text) if plural else None,
        msgstr_plural=(translated, draw(_text)) if plural else (),
        flags=tuple(sorted(flags, key=_FLAGS.index)),
        locations=tuple(draw(st.lists(_ref, unique=True, max_size=4))),
        auto_comments=tuple(draw(st.lists(_comment, max_size=2))),
        comments=tuple(draw(st.lists(_comment, max_size=2))),
        previous_msgid=draw(st.none() | _text),
        obsolete=obsolete,
    )
    if msg.previous_msgid is not None and draw(st.booleans()):
        msg = replace(msg, previous_msgctxt=draw(_text))
    if msg.translated and draw(st.booleans()):
        msg = msg.with_flag("fuzzy")
    return msg


@st.composite
def _catalog(draw, min_messages: int = 0, max_messages: int = 8) -> Catalog:
    n = draw(st.integers(min_messages, max_messages))
    active = [draw(_message(i)) for i in range(n)]
    old = [draw(_message(n + i, obsolete=True)) for i in range(draw(st.integers(0, 2)))]
    extra = draw(st.lists(st.tuples(st.sampled_from(["X-Custom", "X-Polyglot-Note", "Language"]), _comment), max_size=2))
    return Catalog(
        headers=HEADER + tuple((k, v.strip()) for k, v in extra),
        header_comments=tuple(draw(st.lists(_comment, max_size=3))),
        header_flags=draw(st.sampled_from([(), ("fuzzy",)])),
        messages=tuple(active + old),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_catalog())
def test_read_of_write_is_identity(cat):
    text = write_po(cat)
    assert read_po(text) == cat
    assert write_po(read_po(text)) == text


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_catalog(min_messages=1, max_messages=40))
def test_written_catalogs_are_msgcat_fixed_points(tmp_path_factory, cat):
    # (msgcat writes nothing at all for a catalog with a header only)
    path = _write(tmp_path_factory.mktemp("po"), write_po(cat))
    assert msgcat(path).decode("utf-8") == path.read_text(encoding="utf-8")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_catalog(min_messages=1), st.data())
def test_a_catalog_dumped_from_a_changed_one_has_the_bytes_of_a_fresh_write(cat, data):
    """dump_po lays out only the entries that changed since a catalog it dumped: same bytes as a full write."""
    from polyglot.pofile import dump_po

    dump_po(cat)
    messages = list(cat.messages)
    for i in data.draw(st.lists(st.integers(0, len(messages) - 1), max_size=3)):
        other = data.draw(_message(1000 + i, obsolete=data.draw(st.booleans())))
        messages[i] = data.draw(st.sampled_from([
            other,
            replace(messages[i], msgstr=other.msgstr, flags=other.flags, comments=other.comments),
            replace(messages[i], obsolete=not messages[i].obsolete, msgstr=""),
        ]))
    changed = replace(cat, messages=tuple(messages), headers=data.draw(st.sampled_from([cat.headers, HEADER])),
                      header_comments=data.draw(st.sampled_from([cat.header_comments, ("changed",)])))
    assert dump_po(changed) == write_po(changed).encode("utf-8")


def test_a_catalog_larger_than_the_layout_cache_is_laid_out_once_for_write_and_read_back(monkeypatch):
    """The cache is emptied before a catalog, not in its middle: read_back after write_po lays out nothing again."""
    from polyglot import pofile

    monkeypatch.setattr(pofile, "_LAID_OUT_MAX", 8)
    monkeypatch.setattr(pofile, "_LAID_OUT", {})
    laid_out = []
    real = pofile._message_lines
    monkeypatch.setattr(pofile, "_message_lines", lambda m, width: laid_out.append(m) or real(m, width))
    small = Catalog(messages=tuple(Message(f"s{i}", f"t{i}") for i in range(5)))
    big = Catalog(messages=tuple(Message(f"m{i}", f"n{i}") for i in range(20)))
    for cat in (small, big):
        laid_out.clear()
        write_po(cat)
        assert len(laid_out) == len(cat.messages)
        laid_out.clear()
        assert read_back(cat) == read_po(write_po(cat))
        assert laid_out == []


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t\r\\\"\u00a0")))
def test_any_unicode_text_round_trips(text):
    cat = Catalog(headers=HEADER, messages=(Message(msgid=text + "x", msgstr=text, msgctxt=text or None),))
    assert read_po(write_po(cat)) == cat


@st.composite
def _unnormalized(draw) -> Catalog:
    """A catalog as stages build it: entries and flags in any order, fuzzy on untranslated entries."""
    cat = draw(_catalog())
    messages = []
    for m in draw(st.permutations(cat.messages)):
        flags = draw(st.permutations(m.flags + tuple(draw(st.lists(st.sampled_from(["fuzzy", *_FLAGS]), max_size=2)))))
        messages.append(replace(m, flags=tuple(flags)))
    return replace(cat, messages=tuple(messages), header_flags=cat.header_flags * 2)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_unnormalized())
def test_read_back_is_what_reading_the_written_text_gives(cat):
    parsed, predicted = read_po(write_po(cat)), read_back(cat)
    assert predicted == parsed
    assert [m.lineno for m in predicted.messages] == [m.lineno for m in parsed.messages]


@pytest.mark.parametrize("path", sorted(DATA.glob("*.po")) + sorted((DATA.parents[2] / "locales").rglob("*.po")),
                         ids=lambda p: p.name)
def test_read_back_of_real_catalogs(path):
    cat = read_po(path.read_bytes(), str(path))
    parsed, predicted = read_po(write_po(cat)), read_back(cat)
    assert predicted == parsed
    assert [m.lineno for m in predicted.messages] == [m.lineno for m in parsed.messages]


# --- the syntax GNU accepts, nothing lost --------------------------------------------------------

_GNU_SYNTAX = {
    "one-line entries": 'msgid "one" msgstr "first"\nmsgid "two" msgstr "second"\n',
    "no blank before the string": 'msgid"one"\nmsgstr""\n',
    "comment after a string": 'msgid "one"\nmsgstr "x" # belongs to the next entry\nmsgid "two"\nmsgstr "y"\n',
    "flags after a string": 'msgid "one"\nmsgstr "x" #, fuzzy\nmsgid "two"\nmsgstr "y"\n',
    "domain directives": 'msgid "a"\nmsgstr "b"\n\ndomain "other"\n\nmsgid "a"\nmsgstr "c"\n\n#~ msgid "z"\n#~ msgstr "old"\n\ndomain "third"\nmsgid "d"\nmsgstr "e"\n',
    "empty msgids that are not the header": 'msgctxt "k"\nmsgid ""\nmsgstr "x"\n\ndomain "d"\n\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n',
    "msgstr [0] with a blank": 'msgid "a"\nmsgid_plural "as"\nmsgstr [0] "x"\nmsgstr [1] "xs"\n',
}


@pytest.mark.parametrize("body", _GNU_SYNTAX.values(), ids=_GNU_SYNTAX.keys())
def test_syntax_gnu_accepts_is_read_and_written_as_msgcat_does(tmp_path, body):
    path = _write(tmp_path, _OK_HEADER + body)
    assert write_po(read_po(path.read_bytes(), "in.po")).encode() == msgcat(path)


def test_header_comments_of_every_kind_survive(tmp_path):
    path = _write(tmp_path, '# title\n#. extracted\n#: ref.c:1\n#, fuzzy\n' + _OK_HEADER + 'msgid "a"\nmsgstr "b"\n')
    cat = read_po(path.read_bytes())
    assert (cat.header_comments, cat.header_auto_comments, cat.header_locations) == (("title",), ("extracted",), ("ref.c:1",))
    assert write_po(cat).encode() == msgcat(path)


@pytest.mark.parametrize(
    "text",
    [
        'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n',  # an empty header entry
        'msgid "a"\nmsgstr "b"\n\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n',  # not first
        'msgid ""\nmsgstr "Malformed\\nContent-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n',
    ],
)
def test_empty_msgid_entries_that_are_not_a_header_stay_where_they_are(tmp_path, text):
    path = _write(tmp_path, text)
    cat = read_po(path.read_bytes())
    assert any(m.msgid == "" for m in cat.messages)
    assert write_po(cat).encode() == _msgcat_force(path)


def _msgcat_force(path):
    return subprocess.run(["msgcat", "--force-po", str(path)], capture_output=True, check=True).stdout


@pytest.mark.parametrize("newline", ["\r", "\r\n", "mixed"])
def test_cr_only_and_mixed_line_ends_read_like_lf(newline):
    text = EDITED.read_text(encoding="utf-8")
    lines = text.split("\n")
    if newline == "mixed":
        data = "".join(line + ("\r", "\r\n", "\n")[i % 3] for i, line in enumerate(lines))
    else:
        data = newline.join(lines)
    assert read_po(data.encode("utf-8")) == read_po(text)


def test_a_cr_inside_a_comment_line_is_a_blank_as_for_gnu(tmp_path):
    path = tmp_path / "in.po"
    path.write_bytes(b'#: foo.c:124\r bar.c:124\r\nmsgid "test me"\nmsgstr ""\n')
    assert read_po(path.read_bytes()).messages[0].locations == ("foo.c:124", "bar.c:124")


# --- control characters -------------------------------------------------------------------------


@pytest.mark.parametrize("escape", ["\\0", "\\000", "\\x00", "\\x0"])
def test_nul_is_refused_with_its_line(escape):
    """GNU cuts a string at NUL (a silent loss): polyglot refuses it, escaped or raw."""
    with pytest.raises(CatalogError, match="NUL") as err:
        read_po(_OK_HEADER + f'msgid "a"\nmsgstr "b{escape}z"\n', "doc.po")
    assert err.value.line == 5
    with pytest.raises(CatalogError, match="NUL") as err:
        read_po((_OK_HEADER + 'msgid "a"\nmsgstr "b\x00c"\n').encode(), "doc.po")
    assert err.value.line == 5
    with pytest.raises(CatalogError, match="NUL"):
        write_po(Catalog(headers=HEADER, messages=(Message("a", "engine\x00output"),)))


@pytest.mark.parametrize("char", ["\x1b", "\x01", "\x7f", "\x1f"])
def test_control_characters_are_written_as_msgcat_writes_them(tmp_path, char):
    """Raw, as GNU's writer does: an escaped input (``\\033``) comes out as msgcat's bytes."""
    cat = Catalog(headers=HEADER, messages=(Message("a", f"x{char}[1my"),))
    text = write_po(cat)
    assert f"x{char}[1my" in text
    path = _write(tmp_path, text)
    msgfmt_check(path)
    assert read_po(text) == cat == read_po(msgcat(path))
    escaped = _write(tmp_path, text.replace(char, f"\\{ord(char):03o}"), "escaped.po")
    assert write_po(read_po(escaped.read_bytes())).encode() == msgcat(escaped) == text.encode()


@pytest.mark.parametrize(
    ("charset", "escaped", "text"),
    [("UTF-8", "\\303\\251\\x41", "éA"), ("ISO-8859-1", "\\351", "é"), ("KOI8-R", "\\xf0", "П")],
)
def test_numeric_escapes_are_bytes_in_the_files_charset(tmp_path, charset, escaped, text):
    """As for GNU: ``\\303\\251`` is é in a UTF-8 file, ``\\351`` in a Latin-1 one."""
    data = f'msgid ""\nmsgstr "Content-Type: text/plain; charset={charset}\\n"\n\nmsgid "a"\nmsgstr "{escaped}"\n'
    path = _write(tmp_path, data)
    assert read_po(path.read_bytes()).messages[0].msgstr == text
    assert read_po(msgcat(path)).messages[0].msgstr == text


@pytest.mark.parametrize("escaped", ["\\351", "\\777", "\\x100"])  # msgcat: "invalid multibyte sequence"
def test_escapes_that_are_no_character_are_refused(escaped):
    with pytest.raises(CatalogError, match="invalid") as err:
        read_po((_OK_HEADER + f'msgid "a"\nmsgstr "{escaped}"\n').encode(), "doc.po")
    assert err.value.line == 5


def test_update_keeps_every_review_of_a_po_saved_with_cr_only_line_ends(seed_project):
    """Issue: an old Mac editor's CR-only file was read as one comment; update then lost every review."""
    import polyglot

    project = polyglot.Project.open(seed_project)
    project.update(["en"])
    po = seed_project / "locales" / "en" / "LC_MESSAGES" / "zapad-2025.po"
    cat = read_po(po.read_bytes())
    reviewed = replace(cat, messages=tuple(replace(m, msgstr=f"Reviewed {i}.") for i, m in enumerate(cat.messages)))
    po.write_bytes(write_po(reviewed).replace("\n", "\r").encode("utf-8"))
    project.update(["en"])
    after = read_po(po.read_bytes())
    assert [m.msgstr for m in after.active] == [m.msgstr for m in reviewed.messages] and len(after.active) > 10
    msgfmt_check(po)


@pytest.mark.parametrize(
    "cat",
    [
        Catalog(messages=(Message("", "Content-Type: text/plain; charset=UTF-8\n"), Message("a", "b"))),
        Catalog(headers=HEADER, header_locations=("a.c:1 b.c:2",), messages=(Message("a", "b", domain="d"),)),
        Catalog(messages=(Message("a", "b"), Message("", "x", msgctxt="k"), Message("", "y", domain="d"))),
    ],
)
def test_read_back_of_headers_domains_and_empty_msgids(cat):
    parsed, predicted = read_po(write_po(cat)), read_back(cat)
    assert predicted == parsed
    assert [m.lineno for m in predicted.messages] == [m.lineno for m in parsed.messages]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(_catalog(), min_size=2, max_size=5))
def test_catalogs_laid_out_ahead_on_a_pool_have_the_bytes_and_lines_of_a_write_here(cats):
    """pofile.prepared: dump_po and read_back of catalogs laid out by pool processes match those done here."""
    from polyglot import pofile
    from polyglot.pofile import dump_po, prepared

    with prepared(cats, 2):
        assert all(id(c) in pofile._PREPARED for c in cats)  # really laid out on the pool
        ahead = [(dump_po(c), read_back(c)) for c in cats]
    assert not any(id(c) in pofile._PREPARED for c in cats)
    pofile._DUMPS.clear()
    assert ahead == [(write_po(c).encode("utf-8"), read_back(c)) for c in cats]
    assert [read_po(data) for data, _ in ahead] == [back for _, back in ahead]
