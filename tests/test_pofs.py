"""Guarded PO writes: a change made on disk between polyglot's read and write is never lost."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from gettext_tools import msgcat, msgfmt_check

from polyglot import pofs
from polyglot.catalog import Catalog, Message
from polyglot.errors import CatalogError, PolyglotError
from polyglot.pofile import read_po, write_po

HEADER = (("Content-Type", "text/plain; charset=UTF-8"), ("Language", "en"))


def _catalog(n: int = 30) -> Catalog:
    return Catalog(headers=HEADER, messages=tuple(Message(f"Phrase {i}.", f"Sentence {i}.") for i in range(n)))


def _set(cat: Catalog, i: int, text: str) -> Catalog:
    msgs = list(cat.messages)
    msgs[i] = replace(msgs[i], msgstr=text)
    return replace(cat, messages=tuple(msgs))


def _editor_saves(path: Path, cat: Catalog) -> None:
    """A translator's editor rewriting the whole file, as Poedit does (its own layout)."""
    path.write_text(write_po(cat, width=60), encoding="utf-8")


def _start(tmp_path: Path, n: int = 30) -> tuple[Path, Catalog, pofs.Snapshot]:
    path = tmp_path / "en.po"
    path.write_text(write_po(_catalog(n)), encoding="utf-8")
    return (path, *pofs.load(path))


def test_unchanged_file_is_written(tmp_path: Path) -> None:
    path, cat, snap = _start(tmp_path)
    assert pofs.save(path, _set(cat, 0, "Mine."), snap) is True
    assert read_po(path.read_bytes()).messages[0].msgstr == "Mine."
    msgfmt_check(path)


def test_missing_file_loads_as_none_and_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new.po"
    cat, snap = pofs.load(path)
    assert cat is None and snap.digest is None
    assert pofs.save(path, _catalog(3), snap)
    assert path.read_bytes() == msgcat(path)


def test_editor_edit_between_read_and_write_survives(tmp_path: Path) -> None:
    path, cat, snap = _start(tmp_path)
    _editor_saves(path, _set(cat, 3, "Reviewed by a person."))
    pofs.save(path, _set(cat, 7, "Machine output."), snap)
    got = read_po(path.read_bytes())
    assert got.messages[3].msgstr == "Reviewed by a person."
    assert got.messages[7].msgstr == "Machine output."


def test_both_changed_the_same_entry_refuses_and_keeps_the_editors_file(tmp_path: Path) -> None:
    path, cat, snap = _start(tmp_path)
    _editor_saves(path, _set(cat, 3, "Reviewed by a person."))
    theirs = path.read_bytes()
    with pytest.raises(pofs.ConflictError) as info:
        pofs.save(path, _set(cat, 3, "Machine output."), snap, name="locales/en/doc.po")
    assert info.value.msgids == ("Phrase 3.",)
    assert isinstance(info.value, PolyglotError) and info.value.exit_code == 2
    assert str(info.value).startswith("locales/en/doc.po: ") and "\n" not in str(info.value)
    assert path.read_bytes() == theirs
    assert [p.name for p in tmp_path.iterdir()] == ["en.po"]  # no temporary file left


def test_same_change_on_both_sides_is_no_conflict(tmp_path: Path) -> None:
    path, cat, snap = _start(tmp_path)
    _editor_saves(path, _set(cat, 3, "Same."))
    pofs.save(path, _set(cat, 3, "Same."), snap)
    assert read_po(path.read_bytes()).messages[3].msgstr == "Same."


def test_editor_deleting_the_file_is_a_conflict_for_changed_entries(tmp_path: Path) -> None:
    path, cat, snap = _start(tmp_path, 3)
    path.unlink()
    with pytest.raises(pofs.ConflictError):
        pofs.save(path, _set(cat, 1, "x"), snap)
    assert not path.exists()


def test_unparseable_edit_is_refused_not_overwritten(tmp_path: Path) -> None:
    path, cat, snap = _start(tmp_path, 3)
    path.write_text('msgid "half saved', encoding="utf-8")
    with pytest.raises(CatalogError):
        pofs.save(path, _set(cat, 1, "x"), snap)
    assert path.read_text(encoding="utf-8") == 'msgid "half saved'


def test_header_fields_merge_and_the_person_wins_where_both_changed(tmp_path: Path) -> None:
    path, cat, snap = _start(tmp_path, 3)
    _editor_saves(path, cat.with_header("Last-Translator", "Ann").with_header("PO-Revision-Date", "2025-01-02"))
    pofs.save(path, cat.with_header("PO-Revision-Date", "2025-01-01").with_header("X-Generator", "polyglot"), snap)
    got = read_po(path.read_bytes())
    assert got.header("Last-Translator") == "Ann"
    assert got.header("PO-Revision-Date") == "2025-01-02"
    assert got.header("X-Generator") == "polyglot"


@pytest.mark.parametrize("seed", range(24))
def test_seeded_races_lose_no_edit(tmp_path: Path, seed: int) -> None:
    """The editor and polyglot change disjoint random entries, add and obsolete some: all survive."""
    rnd = random.Random(seed)
    path = tmp_path / "en.po"
    base = _catalog(40)
    path.write_text(write_po(base), encoding="utf-8")
    cat, snap = pofs.load(path)
    picks = rnd.sample(range(40), 16)
    person, machine = picks[:8], picks[8:]
    theirs = cat
    for i in person:
        theirs = _set(theirs, i, f"Person {seed}-{i}.")
    if seed % 3 == 0:  # the person adds an entry of their own
        theirs = replace(theirs, messages=theirs.messages + (Message("Added by hand.", "Yes."),))
    ours = cat
    for i in machine:
        ours = _set(ours, i, f"Machine {seed}-{i}.")
    if seed % 4 == 0:  # polyglot obsoletes an entry the person did not touch
        gone = next(i for i in range(40) if i not in picks)
        msgs = list(ours.messages)
        msgs[gone] = replace(msgs[gone], obsolete=True)
        ours = replace(ours, messages=tuple(msgs))
    _editor_saves(path, theirs)
    pofs.save(path, ours, snap)
    got = {(m.obsolete, m.msgid): m.msgstr for m in read_po(path.read_bytes()).messages}
    for i in person:
        assert got[(False, f"Phrase {i}.")] == f"Person {seed}-{i}."
    for i in machine:
        assert got[(False, f"Phrase {i}.")] == f"Machine {seed}-{i}."
    if seed % 3 == 0:
        assert got[(False, "Added by hand.")] == "Yes."
    if seed % 4 == 0:
        assert got[(True, f"Phrase {gone}.")] == f"Sentence {gone}."
    msgfmt_check(path)


def test_editor_saving_at_the_last_moment_is_caught(tmp_path: Path, monkeypatch) -> None:
    """The check runs after the new bytes are on disk, just before the rename."""
    from polyglot import fsutil

    path, cat, snap = _start(tmp_path, 5)
    calls = []

    # The editor saves while polyglot's temporary file is being written: the guard sees it.
    real_fsync = fsutil.os.fsync

    def fsync(fd):
        if not calls:
            calls.append("fsync")
            _editor_saves(path, _set(cat, 0, "Person."))
        real_fsync(fd)

    monkeypatch.setattr(fsutil.os, "fsync", fsync)
    pofs.save(path, _set(cat, 1, "Machine."), snap)
    got = read_po(path.read_bytes())
    assert got.messages[0].msgstr == "Person." and got.messages[1].msgstr == "Machine."


def test_non_utf8_catalog_is_written_back_in_its_charset(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    header = (("Content-Type", "text/plain; charset=ISO-8859-1"),)
    path.write_bytes(write_po(Catalog(headers=header, messages=(Message("a", "é"),))).encode("latin-1"))
    cat, snap = pofs.load(path)
    assert cat.messages[0].msgstr == "é"
    pofs.save(path, _set(cat, 0, "è"), snap)
    assert "è".encode("latin-1") in path.read_bytes()
    assert path.read_bytes() == msgcat(path)


# --- through the library: a person saves the PO file while `translate` runs ----------------------


def _racing_engine(po: Path, edit):
    """The pseudo engine, with a translator saving ``po`` (rewritten by ``edit``) during its first call."""
    from polyglot.engines.pseudo import PseudoEngine

    class Racing(PseudoEngine):
        def translate(self, texts, route):
            if self.calls == 0:
                _editor_saves(po, edit(read_po(po.read_bytes())))
            return super().translate(texts, route)

    return Racing()


def test_review_saved_while_translate_runs_survives(seed_project: Path) -> None:
    import polyglot

    project = polyglot.Project.open(seed_project)
    project.update(["en"])
    po = seed_project / "locales" / "en" / "LC_MESSAGES" / "zapad-2025.po"
    _editor_saves(po, _set(read_po(po.read_bytes()), 0, "Reviewed before the run."))
    project.translate(["en"], engine=_racing_engine(po, lambda c: _set(c, 0, "Reviewed during the run.")))
    got = read_po(po.read_bytes())
    assert got.messages[0].msgstr == "Reviewed during the run." and got.messages[0].reviewed
    assert all(m.translated for m in got.active)  # the machine work is there too
    msgfmt_check(po)


def test_entry_translated_by_both_refuses_the_file_and_keeps_the_persons(seed_project: Path) -> None:
    import polyglot

    project = polyglot.Project.open(seed_project)
    project.update(["en"])
    po = seed_project / "locales" / "en" / "LC_MESSAGES" / "zapad-2025.po"
    with pytest.raises(pofs.ConflictError) as info:
        project.translate(["en"], engine=_racing_engine(po, lambda c: _set(c, 1, "Mine.")))
    assert info.value.exit_code == 2 and len(info.value.msgids) == 1
    assert str(info.value).startswith("locales/en/LC_MESSAGES/zapad-2025.po: ")
    got = read_po(po.read_bytes())
    assert got.messages[1].msgstr == "Mine." and not any(m.msgstr for i, m in enumerate(got.messages) if i != 1)
