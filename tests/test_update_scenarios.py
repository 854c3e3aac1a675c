"""`polyglot update` after source edits: no reviewed translation lost or misattached.

Each scenario starts from the seed project with a fully translated English catalog:
every entry carries a distinct fake translation ``EN<i>: <msgid>``, so the segment a
translation came from can always be read back from it. Most entries are reviewed, two
are machine output (fuzzy). Then the source is edited, ``polyglot update --json`` runs
through the CLI, and the result is checked three ways: the invariants (nothing lost,
nothing attached to the wrong segment), the exact report, and GNU ``msgmerge --previous``
on the same inputs, where every difference must be one listed and explained below.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED, untitled_config
from gettext_tools import msgcat, msgfmt_check, msgmerge
from polyglot.catalog import Catalog, Message
from polyglot.cli import cli
from polyglot.pofile import read_po, write_po

SOURCE = Path("seeds/zapad-2025.fr.txt")
PO = Path("locales/en/LC_MESSAGES/zapad-2025.po")
POT = Path("locales/zapad-2025.pot")
MACHINE = (9, 13)  # entries left fuzzy (machine output); all others are reviewed
TAG = re.compile(r"EN(\d+): ")
REVIEW_DATE, EDIT_DATE = 1758067200, 1758153600  # SOURCE_DATE_EPOCH: review, first edit

# Seed sentences the scenarios edit (unique substrings of the source text).
S0 = "L’exercice militaire russo-biélorusse Zapad 2025, qui a débuté vendredi 12 septembre, s’est achevé hier, mardi 16."
S2_WORD = "des représentants de 17 pays"
S3_LINE = "  • Il s’agissait de la première fois depuis 2017 que des soldats de l’armée américaine prenaient part à un exercice militaire sur le sol biélorusse.\n"
S5 = (
    "Si l’invitation étendue par Minsk à Washington s’inscrit dans une tentative de rapprochement "
    "entreprise par Loukachenko, il est plus surprenant que l’armée américaine ait accepté de participer "
    "à des exercices auxquels l’armée russe a pris part."
)
S6 = "L’administration Trump semble elle aussi vouloir améliorer ses relations avec le Bélarus."
S9 = "Trump avait également appelé son homologue biélorusse en août, quelques heures avant de rencontrer Poutine en Alaska à Anchorage."


def seed_line(start: str) -> str:
    """A line of the seed, bullet and blanks stripped (« » and colons carry no-break spaces)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return next(line.strip(" •") for line in lines if line.lstrip(" •").startswith(start))


S1 = seed_line("L’exercice")[len(S0) + 1 :]
S2 = seed_line("En addition")
S13 = seed_line("Le président américain n’a pas condamné")
S8_LINE = "  • En l’échange de la libération par le régime biélorusse de 52 prisonniers politiques, les États-Unis ont levé les sanctions pesant sur Belavia, la compagnie aérienne nationale du pays.\n"

S6_EDITED = "L’administration Trump cherche, elle aussi, à réchauffer ses liens avec Minsk."
S6_REWRITTEN = "Washington veut désormais tourner la page des sanctions."
S6_FOLLOWER = "Les deux capitales ont repris contact au printemps."
S5_FIRST = (
    "L’invitation étendue par Minsk à Washington s’inscrit dans une tentative de rapprochement "
    "entreprise par Loukachenko."
)
S5_SECOND = (
    "Il est toutefois plus surprenant que l’armée américaine ait accepté de participer à des "
    "exercices auxquels l’armée russe a pris part."
)
S3 = S3_LINE.strip()[2:]
S13_EDITED = S13.replace("n’a pas", "n’a toujours pas")
S3_EDITED = S3.replace("2017", "2018")
S6_EDITED_AGAIN = S6_EDITED.replace("Minsk", "le Bélarus")
LIKE_S9 = "Trump avait également appelé son homologue russe en août, quelques heures avant de rencontrer Poutine."
MERGED_0_1 = S0[:-1] + " ; selon" + S1[len("Selon") :]


@dataclass(frozen=True)
class Scenario:
    """A source edit and what ``update`` must report for it.

    ``steps`` are edits, each a tuple of (old text, new text) replacements applied to the
    seed, with ``update`` run after each; ``before`` edits the seed the translator
    reviewed. Expected segments are given as ``int`` (index in the reviewed catalog) or
    ``str`` (a new msgid).
    """

    name: str
    steps: tuple[tuple[tuple[str, str], ...], ...]
    before: tuple[tuple[str, str], ...] = ()
    changed: tuple[tuple[int | str, str], ...] = ()
    added: tuple[str, ...] = ()
    obsoleted: tuple[int, ...] = ()
    restored: tuple[int, ...] = ()


SCENARIOS = [
    Scenario("edit", (((S6, S6_EDITED),),), changed=((6, S6_EDITED),), obsoleted=(6,)),
    # Too different to be the same sentence: a new entry, the old pair kept obsolete.
    Scenario("rewrite", (((S6, S6_REWRITTEN),),), added=(S6_REWRITTEN,), obsoleted=(6,)),
    Scenario(
        "typo",
        ((),),
        before=((S2_WORD, "des représentents de 17 pays"),),
        changed=((2, S2),),
        obsoleted=(2,),
    ),
    Scenario("delete", (((S8_LINE, ""),),), obsoleted=(8,)),
    Scenario("insert", (((S6, S6 + " " + S6_FOLLOWER),),), added=(S6_FOLLOWER,)),
    Scenario("move", (((S6 + "\n\n", ""), (S8_LINE, S8_LINE + "\n" + S6 + "\n\n")),)),
    Scenario(
        "split",
        (((S5, S5_FIRST + " " + S5_SECOND),),),
        changed=((5, S5_FIRST), (5, S5_SECOND)),
        obsoleted=(5,),
    ),
    Scenario(
        "merge",
        (((S0 + " " + S1, MERGED_0_1),),),
        changed=((1, MERGED_0_1),),
        obsoleted=(0, 1),
    ),
    Scenario("restore", (((S3_LINE, ""),), ()), restored=(3,)),
    # Beyond the list: a removed sentence returns edited (seeded from #~), a
    # sentence edited twice before review (#| still names the reviewed source), an edit
    # of a machine-translated (fuzzy) sentence, a new sentence resembling a present one.
    Scenario("restore-edited", (((S3_LINE, ""),), ((S3, S3_EDITED),)), changed=((3, S3_EDITED),)),
    Scenario("edit-twice", (((S6, S6_EDITED),), ((S6, S6_EDITED_AGAIN),)), changed=((S6_EDITED, S6_EDITED_AGAIN),)),
    Scenario("edit-machine", (((S13, S13_EDITED),),), changed=((13, S13_EDITED),)),
    Scenario("insert-similar", (((S9, S9 + "\n  • " + LIKE_S9),),), added=(LIKE_S9,)),
]


# --- the project ---------------------------------------------------------------------------


def update(project: Path) -> dict:
    """``polyglot update --to en --json`` through the CLI; the English report."""
    result = CliRunner().invoke(cli, ["-C", str(project), "update", "--to", "en", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["languages"]["en"]["zapad-2025"]


def edited(seed: str, edits: tuple[tuple[str, str], ...]) -> str:
    for old, new in edits:
        assert seed.count(old) == 1, f"edit target not unique in the seed: {old[:40]!r}"
        seed = seed.replace(old, new)
    return seed


def review(project: Path) -> Catalog:
    """Give every English entry a distinct translation; reviewed except ``MACHINE``."""
    cat = read_po((project / PO).read_text(encoding="utf-8"))
    messages = []
    for i, m in enumerate(cat.messages):
        m = replace(m, msgstr=f"EN{i}: {m.msgid}")
        messages.append(m.with_flag("fuzzy", i in MACHINE))
    reviewed = replace(cat, messages=tuple(messages))
    (project / PO).write_text(write_po(reviewed), encoding="utf-8")
    return reviewed


@dataclass(frozen=True)
class Run:
    """A scenario's inputs and results: the catalogs before and after the last update."""

    reviewed: Catalog  # the translator's catalog, indexes = tags
    old_po: Path  # the PO before the last update
    report: dict
    merged: Catalog
    project: Path


def run_scenario(project: Path, sc: Scenario, tmp: Path, env: pytest.MonkeyPatch) -> Run:
    seed = (project / SOURCE).read_text(encoding="utf-8")
    (project / SOURCE).write_text(edited(seed, sc.before), encoding="utf-8")
    update(project)
    reviewed = review(project)
    old_po = tmp / "old.po"
    for n, step in enumerate(sc.steps):
        env.setenv("SOURCE_DATE_EPOCH", str(EDIT_DATE + n * 86400))
        shutil.copy(project / PO, old_po)
        (project / SOURCE).write_text(edited(seed, step), encoding="utf-8")
        report = update(project)
    merged = read_po((project / PO).read_text(encoding="utf-8"))
    return Run(reviewed, old_po, report, merged, project)


@pytest.fixture(scope="module", params=SCENARIOS, ids=lambda s: s.name)
def scenario_run(request, tmp_path_factory) -> tuple[Scenario, Run]:
    sc = request.param
    project = tmp_path_factory.mktemp(sc.name)
    (project / "seeds").mkdir()
    shutil.copy(SEED, project / SOURCE)
    (project / "polyglot.toml").write_text(untitled_config(), encoding="utf-8")
    if (ROOT / "glossary.csv").exists():
        shutil.copy(ROOT / "glossary.csv", project / "glossary.csv")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", str(REVIEW_DATE))
    try:
        yield sc, run_scenario(project, sc, tmp_path_factory.mktemp(sc.name + "-old"), mp)
    finally:
        mp.undo()


# --- the invariants ------------------------------------------------------------------------


def tag(m: Message) -> int:
    found = TAG.match(m.msgstr)
    assert found, f"translation with no origin tag: {m.msgstr!r}"
    return int(found.group(1))


def test_no_reviewed_translation_lost(scenario_run):
    """Every reviewed pair is still active, a fuzzy starting point, or obsolete, intact."""
    _, run = scenario_run
    active = {m.msgid: m for m in run.merged.active}
    fuzzy_from = {}
    for m in run.merged.active:
        if m.previous_msgid is not None:
            fuzzy_from.setdefault(m.previous_msgid, []).append(m)
    obsolete = {m.msgid: m for m in run.merged.messages if m.obsolete}
    for old in run.reviewed.messages:
        if not old.reviewed:
            continue
        now = active.get(old.msgid)
        if now is not None:
            assert (now.msgstr, now.reviewed) == (old.msgstr, True)
            continue
        # Vanished: kept as obsolete, state and all, so it comes back if the text does;
        # and wherever it seeded an edited segment, that one carries it as fuzzy.
        gone = obsolete.get(old.msgid)
        assert gone is not None, f"reviewed translation lost: {old.msgid[:50]!r}"
        assert (gone.msgstr, gone.reviewed) == (old.msgstr, True)
        for m in fuzzy_from.get(old.msgid, []):
            assert m.fuzzy and m.msgstr == old.msgstr


def test_no_translation_attached_to_the_wrong_segment(scenario_run):
    """A translation stays with its own segment, or sits fuzzy on one whose #| names it."""
    _, run = scenario_run
    origin = {i: m for i, m in enumerate(run.reviewed.messages)}
    for m in run.merged.messages:
        if not m.translated:
            continue
        source = origin[tag(m)]
        if m.msgid == source.msgid:
            assert m.flags == source.flags, f"state changed: {m.msgid[:50]!r}"
        else:  # seeding an edited segment, whose #| names the source of the translation
            assert m.fuzzy and m.previous_msgid == source.msgid and not m.obsolete, m.msgid[:50]


def expected_report(sc: Scenario, run: Run) -> dict:
    old = [m.msgid for m in run.reviewed.messages]
    new = [m.msgid for m in run.merged.active]
    changed = [{"old": old[i] if isinstance(i, int) else i, "new": n} for i, n in sc.changed]
    added = list(sc.added)
    touched = {c["new"] for c in changed} | set(added)
    return {
        "kept": len(new) - len(touched) - len(sc.restored),
        "changed": changed,
        "added": added,
        "obsoleted": [old[i] for i in sc.obsoleted],
        "restored": [old[i] for i in sc.restored],
    }


def test_update_json_reports_exactly_what_changed(scenario_run):
    sc, run = scenario_run
    assert run.report == expected_report(sc, run)
    # The file agrees with the report: changed entries are fuzzy with their previous source.
    with_previous = [m.msgid for m in run.merged.active if m.previous_msgid]
    assert with_previous == [c["new"] for c in run.report["changed"]]
    assert all(m.fuzzy for m in run.merged.active if m.previous_msgid)
    for msgid in run.report["added"]:
        assert not run.merged.get(msgid).translated


def test_result_is_valid_gnu_layout_and_update_is_idempotent(scenario_run):
    _, run = scenario_run
    msgfmt_check(run.project / PO)
    msgfmt_check(run.project / POT)
    before = (run.project / PO).read_bytes()
    assert msgcat(run.project / PO) == before  # #|, #~ and #~| entries laid out as GNU does
    again = update(run.project)
    assert (run.project / PO).read_bytes() == before
    assert (again["changed"], again["added"], again["obsoleted"], again["restored"]) == ([], [], [], [])


# --- comparison with GNU msgmerge ----------------------------------------------------------

# Why msgmerge's result differs from polyglot's, by kind of difference.
WHY = {
    "obsolete-kept": (
        "msgmerge drops an old entry it used as the fuzzy starting point of an edited one; "
        "polyglot also keeps it obsolete, so the reviewed pair, state and all, returns "
        "exactly if the edit is undone"
    ),
    "seed-in-use": (
        "msgmerge also seeds a new sentence from an old entry still in use (here the "
        "machine translation of the sentence it resembles); polyglot seeds only from "
        "vanished or obsolete entries, so a new sentence arrives untranslated and "
        "translate fills it rather than copying another sentence's translation"
    ),
    "previous-of-machine": (
        "msgmerge writes #| only for an old entry that was reviewed or already had one; "
        "polyglot also records the source a machine translation (fuzzy, no #|) was made "
        "for, as the issue asks of every edited segment"
    ),
    "revision-date": (
        "msgmerge leaves PO-Revision-Date to the translator's editor; polyglot stamps it "
        "whenever the merge changes the catalog's content (SOURCE_DATE_EPOCH here)"
    ),
}

# scenario -> the differences (see ``differences``), each with its reason from WHY.
# Everything else agrees: kept entries and states, which old entry seeds each edited one
# (both halves of a split get the whole old sentence), #| previous msgids, untranslated
# new entries, obsolete entries (#. and #: dropped) and their revival, entry order.
DATE = ("header", "PO-Revision-Date")
EXPECTED_DIFFERENCES: dict[str, dict[tuple, str]] = {
    "edit": {DATE: "revision-date", ("obsolete only in polyglot", 6): "obsolete-kept"},
    "rewrite": {DATE: "revision-date"},
    "typo": {DATE: "revision-date", ("obsolete only in polyglot", 2): "obsolete-kept"},
    "delete": {DATE: "revision-date"},
    "insert": {DATE: "revision-date"},
    "move": {DATE: "revision-date"},
    "split": {DATE: "revision-date", ("obsolete only in polyglot", 5): "obsolete-kept"},
    "merge": {DATE: "revision-date", ("obsolete only in polyglot", 1): "obsolete-kept"},
    "restore": {DATE: "revision-date"},
    "restore-edited": {DATE: "revision-date", ("obsolete only in polyglot", 3): "obsolete-kept"},
    "edit-twice": {DATE: "revision-date"},
    "edit-machine": {DATE: "revision-date", ("active fields", S13_EDITED, "previous_msgid"): "previous-of-machine"},
    "insert-similar": {DATE: "revision-date", ("active fields", LIKE_S9, "msgstr"): "seed-in-use",
                       ("active fields", LIKE_S9, "flags"): "seed-in-use"},
}

FIELDS = ("msgstr", "flags", "previous_msgid", "comments", "auto_comments", "locations")


def differences(ours: Catalog, gnu: Catalog, label) -> set[tuple]:
    """Entry-by-entry differences between two merge results, as comparable tuples."""
    out: set[tuple] = set()
    ours_h, gnu_h = dict(ours.headers), dict(gnu.headers)
    out |= {("header", k) for k in ours_h.keys() | gnu_h.keys() if ours_h.get(k) != gnu_h.get(k)}
    if ours.header_comments != gnu.header_comments:
        out.add(("header comments",))
    for kind, pick in (("active", lambda c: c.active), ("obsolete", lambda c: [m for m in c.messages if m.obsolete])):
        a = {m.key: m for m in pick(ours)}
        b = {m.key: m for m in pick(gnu)}
        if kind == "active" and list(a) != list(b):
            out.add(("active order",))
        for key in a.keys() - b.keys():
            out.add((f"{kind} only in polyglot", label(key[1])))
        for key in b.keys() - a.keys():
            out.add((f"{kind} only in msgmerge", label(key[1])))
        for key in a.keys() & b.keys():
            for f in FIELDS:
                if getattr(a[key], f) != getattr(b[key], f):
                    out.add((f"{kind} fields", label(key[1]), f))
    return out


def test_differences_from_msgmerge_are_all_explained(scenario_run):
    sc, run = scenario_run
    gnu = read_po(msgmerge(run.old_po, run.project / POT, "--previous").decode("utf-8"))
    index = {m.msgid: i for i, m in enumerate(run.reviewed.messages)}
    found = differences(run.merged, gnu, lambda msgid: index.get(msgid, msgid))
    expected = EXPECTED_DIFFERENCES[sc.name]
    assert {d: WHY[r] for d, r in expected.items()} == {d: WHY.get(expected.get(d), "UNEXPLAINED") for d in found}
