"""`polyglot status --json` against GNU gettext on the same files.

Entry counts must equal ``msgfmt --statistics`` (reviewed = translated, machine = fuzzy,
untranslated); word counts are polyglot's own measure, so they are checked on the
entries GNU ``msgattrib`` selects for each state, not on polyglot's own classification.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from gettext_tools import gettext_tool, msgfmt_check, msgfmt_statistics
from polyglot.cli import cli
from polyglot.pofile import read_po, write_po
from polyglot.stats import words

LANGS = ("en", "es", "ca")


def po_path(project: Path, lang: str) -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / "zapad-2025.po"


def mix(fresh: str, states: str, obsolete: str = "", header_fuzzy: bool = False) -> str:
    """A PO text from a freshly updated one, entry ``i`` in state ``states[i]``.

    States: ``R`` reviewed, ``M`` machine (fuzzy), ``U`` untranslated, ``F`` fuzzy
    without a translation (as an editor may leave it). ``obsolete``: extra ``#~``
    entries in the same letters.
    """
    cat = read_po(fresh)
    assert len(states) == len(cat.messages)
    messages = []
    for i, (m, s) in enumerate(zip(cat.messages, states)):
        messages.append(replace(m, msgstr=f"T{i}" if s in "RM" else "").with_flag("fuzzy", s == "M"))
    text = write_po(replace(cat, messages=tuple(messages)))
    # The writer drops "fuzzy" where there is no translation, as msgcat does: add it by hand.
    blocks = text.rstrip("\n").split("\n\n")
    for i, s in enumerate(states, 1):
        if s == "F":
            head, sep, rest = blocks[i].partition("\nmsgid ")
            blocks[i] = f"{head}\n#, fuzzy{sep}{rest}"
    if header_fuzzy:  # as msginit/xgettext leave a header
        blocks[0] = blocks[0].replace('msgid ""', '#, fuzzy\nmsgid ""', 1)
    for j, s in enumerate(obsolete):
        flag = "#, fuzzy\n" if s in "MF" else ""
        msgstr = f"O{j}" if s in "RM" else ""
        blocks.append(f'{flag}#~ msgid "Phrase disparue {j}."\n#~ msgstr "{msgstr}"')
    return "\n\n".join(blocks) + "\n"


MIXES = {
    "fresh": dict(states="U" * 15),
    "all-reviewed": dict(states="R" * 15),
    "all-machine": dict(states="M" * 15),
    "mixed-obsolete": dict(states="RRRMMUFRMUFRRMU", obsolete="RMRUF"),
    "fuzzy-header": dict(states="RMU" * 5, header_fuzzy=True),
    "no-translation-but-fuzzy": dict(states="F" * 14 + "R", obsolete="MM"),
}
ROUNDS = [("fresh", "all-reviewed", "mixed-obsolete"), ("all-machine", "fuzzy-header", "no-translation-but-fuzzy")]


def msgattrib_words(path: Path, *selection: str) -> tuple[int, int]:
    """(entries, words) of the entries ``msgattrib`` selects, obsolete ones left out."""
    cmd = [gettext_tool("msgattrib"), "--no-obsolete", *selection, str(path)]
    out = subprocess.run(cmd, capture_output=True, check=True).stdout.decode("utf-8")
    messages = [m for m in read_po(out).messages if m.msgid] if out else []
    return len(messages), sum(words(m.msgid) for m in messages)


@pytest.fixture(scope="module")
def fresh_project(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The seed project after ``update``, and each language's fresh PO text."""
    from conftest import SEED, untitled_config

    project = tmp_path_factory.mktemp("status")
    (project / "seeds").mkdir()
    (project / "seeds" / SEED.name).write_bytes(SEED.read_bytes())
    (project / "polyglot.toml").write_text(untitled_config(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project), "update"])
    assert result.exit_code == 0, result.output
    return project, {lang: po_path(project, lang).read_text(encoding="utf-8") for lang in LANGS}


@pytest.mark.parametrize("mixes", ROUNDS, ids="+".join)
def test_status_json_agrees_with_msgfmt_statistics(fresh_project, mixes):
    project, fresh = fresh_project
    for lang, name in zip(LANGS, mixes):
        po_path(project, lang).write_text(mix(fresh[lang], **MIXES[name]), encoding="utf-8")
        msgfmt_check(po_path(project, lang))
    result = CliRunner().invoke(cli, ["-C", str(project), "status", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["language"]: r for r in json.loads(result.output)}
    assert sorted(rows) == sorted(LANGS)

    for lang, name in zip(LANGS, mixes):
        path, row = po_path(project, lang), rows[lang]
        states = MIXES[name]["states"]
        expected = (states.count("R"), states.count("M"), states.count("U") + states.count("F"))
        assert msgfmt_statistics(path) == expected, name  # the mix is what it says
        assert (row["reviewed"], row["machine"], row["untranslated"]) == expected, name
        assert row["entries"] == 15 and row["document"] == "zapad-2025" and row["exists"]

        reviewed = msgattrib_words(path, "--translated", "--no-fuzzy")
        machine = msgattrib_words(path, "--translated", "--only-fuzzy")
        untranslated = msgattrib_words(path, "--untranslated")
        assert (row["reviewed"], row["reviewed_words"]) == reviewed, name
        assert (row["machine"], row["machine_words"]) == machine, name
        assert (row["untranslated"], row["untranslated_words"]) == untranslated, name
        total = reviewed[1] + machine[1] + untranslated[1]
        assert row["words"] == total > 300
        assert row["percent_reviewed"] == round(100 * reviewed[1] / total, 1)


def test_status_words_leave_placeholders_out():
    assert words("pour l’invitation{fn1}.") == 2
    assert words("voir {url1} et {em1}ceci{/em1}, {{x}}") == 4


def test_status_of_a_missing_catalog(fresh_project, tmp_path):
    source, fresh = fresh_project
    project = tmp_path / "p"
    project.mkdir()
    shutil.copytree(source / "seeds", project / "seeds")
    shutil.copy(source / "polyglot.toml", project)
    po = po_path(project, "es")
    po.parent.mkdir(parents=True)
    po.write_text(fresh["es"], encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project), "status", "--json"])
    rows = {r["language"]: r for r in json.loads(result.output)}
    assert rows["es"]["exists"] and rows["es"]["entries"] == 15
    assert not rows["en"]["exists"] and rows["en"]["entries"] == 0 and rows["en"]["words"] == 0


def test_status_plural_entry_like_msgfmt(tmp_path):
    from polyglot.stats import catalog_stats

    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "un jour"\nmsgid_plural "%d jours"\nmsgstr[0] "one day"\nmsgstr[1] ""\n'
    )
    (tmp_path / "p.po").write_text(text, encoding="utf-8")
    s = catalog_stats(read_po(text))
    assert (s.reviewed, s.machine, s.untranslated) == msgfmt_statistics(tmp_path / "p.po")


def test_outdated_is_a_state_apart_from_machine():
    from polyglot.catalog import Catalog, Message
    from polyglot.stats import catalog_stats, state

    old = Message("Il est parti hier soir.", "He left.", flags=("fuzzy",), previous_msgid="Il est parti.")
    machine = Message("Il pleut.", "It rains.", flags=("fuzzy",))
    reviewed = Message("Oui.", "Yes.")
    assert [state(m) for m in (old, machine, reviewed)] == ["outdated", "machine", "reviewed"]
    st = catalog_stats(Catalog(messages=(old, machine, reviewed)))
    assert (st.outdated, st.outdated_words, st.machine, st.reviewed) == (1, 5, 1, 1)
    assert st.as_dict()["outdated"] == 1


def test_an_unreadable_catalog_does_not_hide_the_others(seed_project):
    from test_cli import run

    code, out, err = run(seed_project, "update")
    assert code == 0, err
    (seed_project / "locales" / "es" / "LC_MESSAGES" / "zapad-2025.po").write_text('msgid "x"\nbroken\n')
    code, out, err = run(seed_project, "status")
    assert code == 2 and err.startswith("polyglot: error: locales/es/LC_MESSAGES/zapad-2025.po:2")
    lines = {line.split()[1]: line for line in out.splitlines()[1:]}
    assert "unreadable" in lines["es"] and "unreadable" not in lines["en"] and "%" in lines["ca"]
