"""The review round trip: a translator edits polyglot's PO file, polyglot carries on.

The seed is machine-translated into Spanish with the real Apertium engine. A translator
then works on the file the way PO editors do (Poedit, Lokalize, Emacs po-mode: remove
``fuzzy`` to mark an entry reviewed, rewrite a msgstr, add comments and flags, set
``Last-Translator`` and ``X-Poedit-*`` headers) or with GNU tools (``msgattrib``,
``msgcat``). After ``polyglot update`` and ``polyglot translate --engine apertium`` every
edit is still there byte for byte, and every file polyglot writes is a fixed point of
``msgcat``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED, untitled_config
from gettext_tools import gettext_tool, msgcat, msgfmt_check
from polyglot.cli import cli
from polyglot.pofile import read_po, write_po

SOURCE = Path("seeds/zapad-2025.fr.txt")
PO = Path("locales/es/LC_MESSAGES/zapad-2025.po")
POT = Path("locales/zapad-2025.pot")
CUSTOM_FLAG = "x-revisar"  # a flag of the translator's own, unknown to GNU gettext

S13_HEAD = "Le président américain n’a pas condamné"
S14_TAIL = "l’invasion de l’Ukraine de 2022."
NEW_SENTENCE = "Le concours se tiendra près de Moscou."


def polyglot(project: Path, *args: str) -> dict:
    result = CliRunner().invoke(cli, ["-C", str(project), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def update_and_translate(project: Path) -> tuple[dict, dict]:
    merged = polyglot(project, "update", "--to", "es")
    translated = polyglot(project, "translate", "--engine", "apertium", "--to", "es")
    return merged["languages"]["es"]["zapad-2025"], translated["languages"][0]


def edit_source(project: Path) -> None:
    """Edit the last two list items only, so no other entry's line number moves."""
    text = (project / SOURCE).read_text(encoding="utf-8")
    text = text.replace(S13_HEAD, "Le président américain n’a toujours pas condamné")
    text = text.replace(S14_TAIL, f"{S14_TAIL} {NEW_SENTENCE}")
    (project / SOURCE).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def machine_project(tmp_path_factory) -> Path:
    """The seed project, updated for every language and machine-translated into Spanish."""
    project = tmp_path_factory.mktemp("machine")
    (project / "seeds").mkdir()
    shutil.copy(SEED, project / SOURCE)
    (project / "polyglot.toml").write_text(untitled_config(), encoding="utf-8")
    if (ROOT / "glossary.csv").exists():
        shutil.copy(ROOT / "glossary.csv", project / "glossary.csv")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1758067200")
    polyglot(project, "update")
    report = polyglot(project, "translate", "--engine", "apertium", "--to", "es")
    assert report["languages"][0]["sent"] == 15
    yield project
    mp.undo()


@pytest.fixture
def project(machine_project, tmp_path, monkeypatch) -> Path:
    """A copy of the machine-translated project (engine cache included) to edit."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1758153600")
    shutil.copytree(machine_project, tmp_path / "p")
    return tmp_path / "p"


# --- what an editor does to an entry (a block of the file) ---------------------------------


def blocks(text: str) -> list[str]:
    """The header and the entries of a PO file as text, in order."""
    return text.rstrip("\n").split("\n\n")


def unfuzzy(block: str) -> str:
    """Mark reviewed: drop ``fuzzy`` (and, as Poedit and Lokalize do, the ``#|`` lines)."""
    out = []
    for line in block.split("\n"):
        if line.startswith("#|"):
            continue
        if line.startswith("#, "):
            flags = [f for f in line[3:].split(", ") if f != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        out.append(line)
    return "\n".join(out)


def reviewed_form(block: str) -> str:
    """What polyglot makes of a reviewed entry's comments: the machine provenance in the past
    tense, the draft's notes dropped (fuzzy entries are left alone)."""
    lines = block.split("\n")
    if any(line.startswith("#, ") and "fuzzy" in line[3:].split(", ") for line in lines):
        return block
    out = []
    for line in lines:
        if line.startswith(("# polyglot: unknown words:", "# polyglot: review:")):
            continue
        out.append(line.replace("# polyglot: machine translation, ", "# polyglot: reviewed; draft was machine translation, "))
    return "\n".join(out)


def with_msgstr(block: str, text: str) -> str:
    head = block[: block.index("\nmsgstr ")]
    return f'{head}\nmsgstr "{text}"'


def with_comment(block: str, text: str) -> str:
    """Add a translator comment after the existing ones (they come first in GNU order)."""
    lines = block.split("\n")
    at = next(i for i, line in enumerate(lines) if not line.startswith("# "))
    return "\n".join(lines[:at] + [f"# {text}"] + lines[at:])


def with_flag(block: str, flag: str) -> str:
    lines = block.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("#, "):
            lines[i] = f"{line}, {flag}"
            return "\n".join(lines)
    at = next(i for i, line in enumerate(lines) if line.startswith(("#|", "msgid")))
    return "\n".join(lines[:at] + [f"#, {flag}"] + lines[at:])


def with_headers(header: str, fields: dict[str, str]) -> str:
    """Set header fields as Poedit does: in place when present, appended otherwise."""
    lines = header.split("\n")
    for name, value in fields.items():
        line = f'"{name}: {value}\\n"'
        at = [i for i, old in enumerate(lines) if old.startswith(f'"{name}:')]
        if at:
            lines[at[0]] = line
        else:
            lines.append(line)
    return "\n".join(lines)


POEDIT_HEADERS = {
    "PO-Revision-Date": "2025-09-20 11:02+0200",
    "Last-Translator": "Ana García <ana@example.org>",
    "Language-Team": "Spanish <es@tp.org.es>",
    "X-Generator": "Poedit 3.4.2",
    "X-Poedit-Basepath": "../../..",
    "X-Poedit-SearchPath-0": "seeds",
}


def translator_edits(text: str) -> str:
    """A review session in a PO editor; entries are numbered from 1 after the header."""
    b = blocks(text)
    b[0] = with_headers("# Ana García <ana@example.org>, 2025.\n" + b[0], POEDIT_HEADERS)
    b[1] = unfuzzy(b[1])  # accepted as is
    b[2] = with_msgstr(unfuzzy(b[2]), "Según el Kremlin, participaron más de 100 000 militares.")
    b[3] = with_comment(unfuzzy(b[3]), "Ana: «OTAN» se queda en español.")
    b[4] = with_flag(unfuzzy(b[4]), CUSTOM_FLAG)
    b[5] = with_msgstr(b[5], "Borrador de Ana, aún por revisar.")  # work in progress: still fuzzy
    b[6] = "\n".join(line for line in unfuzzy(b[6]).split("\n") if not line.startswith("# polyglot:"))
    b[7] = with_msgstr(unfuzzy(b[7]), "")  # cleared: translate must fill it again
    return "\n\n".join(b) + "\n"


# --- the tests -----------------------------------------------------------------------------


def test_polyglot_files_are_msgcat_fixed_points(machine_project):
    """POT, untranslated and machine-translated PO files: msgcat changes no byte."""
    files = [POT, PO, Path("locales/en/LC_MESSAGES/zapad-2025.po"), Path("locales/ca/LC_MESSAGES/zapad-2025.po")]
    for rel in files:
        path = machine_project / rel
        assert msgcat(path) == path.read_bytes(), rel
        msgfmt_check(path)


def test_editor_review_survives_update_and_translate(project):
    edited = translator_edits((project / PO).read_text(encoding="utf-8"))
    (project / PO).write_text(edited, encoding="utf-8")
    msgfmt_check(project / PO)
    assert write_po(read_po(edited)) == edited  # read back losslessly
    before = blocks(edited)

    edit_source(project)
    merged, translated = update_and_translate(project)
    final = (project / PO).read_text(encoding="utf-8")
    after = blocks(final)

    assert len(merged["changed"]) == 1 and merged["added"] == [NEW_SENTENCE]
    # Only the cleared entry, the new sentence and the edited machine draft went to the engine.
    assert translated["entries"] == 3 and translated["retranslated"] == 1
    # The header: every field and comment of the translator's; polyglot only re-dates it.
    date = re.compile(r'"PO-Revision-Date: [^"]*"')
    assert date.sub("", after[0]) == date.sub("", before[0])
    # Entries 1-12 are byte-identical, except the cleared one, filled again (fuzzy), and the
    # machine provenance of reviewed ones, now in the past tense.
    for i in range(1, 13):
        if i != 7:
            want = reviewed_form(before[i])
            assert after[i] == want, f"entry {i} changed:\n{want}\n---\n{after[i]}"
    assert "# polyglot: reviewed; draft was machine translation" in after[1]
    refilled = read_po(final).messages[6]
    assert refilled.fuzzy and refilled.msgstr and refilled.comments[0].startswith("polyglot:")
    cat = read_po(final)
    assert [m.msgid for m in cat.active].index(NEW_SENTENCE) == 15
    new = cat.get(NEW_SENTENCE)
    assert new.fuzzy and new.msgstr and any(c.startswith("polyglot: machine translation") for c in new.comments)
    # The edited sentence's machine draft was translated again, for the new source.
    edited13 = cat.active[13]
    assert edited13.fuzzy and edited13.previous_msgid is None
    assert edited13.msgstr != read_po(edited).messages[13].msgstr
    assert any(c.startswith("polyglot: machine translation") for c in edited13.comments)

    msgfmt_check(project / PO)
    # GNU keeps only the flags it knows (fuzzy, *-format, range:, no-wrap): msgcat drops
    # the translator's own flag, which polyglot keeps. That is the only difference.
    without_custom = final.replace(f"#, {CUSTOM_FLAG}\n", "").replace(f", {CUSTOM_FLAG}", "")
    assert without_custom != final
    assert msgcat(project / PO).decode("utf-8") == without_custom

    # Nothing left to do: another round changes no byte.
    _, again = update_and_translate(project)
    assert again["entries"] == 0 and (project / PO).read_text(encoding="utf-8") == final


def gettext(*args: str | Path) -> None:
    subprocess.run([gettext_tool(str(args[0])), *map(str, args[1:])], check=True, capture_output=True)


def test_review_with_gettext_tools_survives(project, tmp_path):
    """msgattrib --only-fuzzy --clear-fuzzy, an edit, msgcat --use-first back in."""
    po = project / PO
    reviewed = tmp_path / "reviewed.po"
    gettext("msgattrib", "--only-fuzzy", "--clear-fuzzy", po, "-o", reviewed)
    b = blocks(reviewed.read_text(encoding="utf-8"))
    b[1] = with_msgstr(b[1], "Revisado con las herramientas de GNU.")
    b[2] = with_flag(b[2], "no-wrap")  # GNU then lays this entry out unwrapped
    reviewed.write_text("\n\n".join(b) + "\n", encoding="utf-8")
    gettext("msgcat", "--use-first", reviewed, po, "-o", po)
    back = po.read_text(encoding="utf-8")
    assert write_po(read_po(back)) == back
    cat = read_po(back)
    assert all(m.reviewed for m in cat.messages) and "no-wrap" in cat.messages[1].flags

    # Update and translate (no source edit) change only the machine provenance of the
    # reviewed entries (now past tense); a second round changes no byte.
    merged, translated = update_and_translate(project)
    assert merged["changed"] == merged["added"] == merged["obsoleted"] == []
    first = po.read_text(encoding="utf-8")
    assert translated["entries"] == 0 and blocks(first)[1:] == [reviewed_form(b) for b in blocks(back)[1:]]
    update_and_translate(project)
    assert po.read_text(encoding="utf-8") == first

    edit_source(project)
    merged, translated = update_and_translate(project)
    final = po.read_text(encoding="utf-8")
    # the new sentence, and a suggestion for the edited one a person had reviewed
    assert translated["entries"] == 2 and translated["suggested"] == 1
    assert blocks(final)[1:13] == blocks(first)[1:13]  # the reviewed entries, byte for byte
    edited13 = read_po(final).active[13]
    assert edited13.fuzzy and edited13.msgstr == read_po(back).messages[13].msgstr
    assert any(c.startswith("polyglot: suggestion: ") for c in edited13.comments)
    assert msgcat(po).decode("utf-8") == final
    msgfmt_check(po)
