"""The review app's API through Starlette's TestClient: saves, conflicts, undo, and the guard."""

from __future__ import annotations

import os
import warnings
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("starlette")

import review_samples as rs
from gettext_tools import msgfmt_check

with warnings.catch_warnings():  # starlette asks for httpx2, which the lock file does not pin
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from polyglot.catalog import stamp
from polyglot.fsutil import TEMP_MARK
from polyglot.lock import LOCK_NAME, ProjectLock
from polyglot.pipeline import revision_date, status, update_all
from polyglot.pofile import read_po, write_po
from polyglot.project import Project
from polyglot.review.app import create_app
from polyglot.review.store import Workspace

TOKEN = "t0ken"
H = {"X-Polyglot-Token": TOKEN, "Origin": "http://testserver"}


@pytest.fixture
def project(tmp_path) -> Path:
    return rs.seed(tmp_path)


@pytest.fixture
def client(project) -> TestClient:
    app = create_app(Workspace(Project.open(project)), token=TOKEN, hosts={"testserver"})
    return TestClient(app)


FIRST = rs.seg_id(rs.ROOT, "L’exercice")
SECOND = rs.seg_id(rs.ROOT, "Selon le Kremlin")


def entry(client, seg=FIRST, lang="es") -> dict:
    r = client.get("/api/entry", params={"doc": rs.DOC, "lang": lang, "id": seg})
    assert r.status_code == 200, r.text
    return r.json()


def save(client, action, text=None, seg=FIRST, lang="es", version=None, headers=H):
    e = entry(client, seg, lang)
    body = {"doc": rs.DOC, "lang": lang, "id": seg, "action": action,
            "text": e["text"] if text is None else text, "version": version or e["version"]}
    return client.post("/api/save", json=body, headers=headers)


def message(project, msgid_start: str, lang="es"):
    cat = read_po(rs.po(project, lang).read_bytes())
    return next(m for m in cat.messages if m.msgid.startswith(msgid_start))


def test_pages_and_progress_as_status_counts(client, project):
    rows = {(r.document, r.language): r.stats for r in status(Project.open(project))}
    page = client.get("/")
    assert page.status_code == 200
    for (doc, lang), s in rows.items():
        assert f"{s.reviewed_words} / {s.words} words" in page.text
        assert f'href="/doc/{doc}/{lang}"' in page.text
    review = client.get(f"/doc/{rs.DOC}/es")
    assert review.status_code == 200
    assert 'contenteditable="false" data-ph="{fn1}"' in review.text  # placeholder chip
    assert review.headers["content-security-policy"].startswith("default-src 'none'")
    s = rows[(rs.DOC, "es")]
    assert f"{s.reviewed_words} / {s.words} words reviewed" in review.text


def test_accept_writes_what_update_writes(client, project):
    r = save(client, "accept", "Texto revisado {{con llaves}} y acentos: ñ.")
    assert r.status_code == 200, r.text
    assert r.json()["entry"]["state"] == "reviewed"
    path = rs.po(project, "es")
    data = path.read_bytes()
    m = message(project, "L’exercice")
    assert m.msgstr == "Texto revisado {{con llaves}} y acentos: ñ." and not m.fuzzy
    assert write_po(read_po(data)).encode() == data  # msgcat layout
    msgfmt_check(path)
    update_all(Project.open(project))  # a following update has nothing to change
    assert path.read_bytes() == data
    after = {(x.document, x.language): x.stats for x in status(Project.open(project))}[(rs.DOC, "es")]
    assert r.json()["stats"]["reviewed_words"] == after.reviewed_words > 0


def test_edit_needs_work_revert_undo(client, project):
    machine = entry(client)["text"]
    assert save(client, "edit", "Otra cosa.").json()["entry"]["state"] == "machine"
    assert message(project, "L’exercice").msgstr == "Otra cosa."
    r = save(client, "needs-work")
    assert r.json()["entry"]["state"] == "needs-work"
    m = message(project, "L’exercice")
    assert m.fuzzy and "polyglot: needs work" in m.comments
    assert entry(client)["suggestions"][0]["text"] == machine
    assert save(client, "revert", machine).json()["entry"]["state"] == "machine"
    assert message(project, "L’exercice").msgstr == machine
    r = client.post("/api/undo", json={}, headers=H)
    assert r.status_code == 200 and r.json()["entry"]["state"] == "needs-work"
    assert message(project, "L’exercice").msgstr == "Otra cosa."
    msgfmt_check(rs.po(project, "es"))


def test_conflicting_change_on_disk_is_refused(client, project):
    seen = entry(client)["version"]
    path = rs.po(project, "es")
    rs.rewrite(path, lambda m: replace(m, msgstr="Versión del colega.") if m.msgid.startswith("L’exercice") else m)
    theirs = path.read_bytes()
    r = save(client, "accept", "Mi versión.", version=seen)
    assert r.status_code == 409
    assert "changed on disk" in r.json()["error"]
    assert r.json()["current"]["text"] == "Versión del colega."
    assert path.read_bytes() == theirs
    # Retrying against the version now on disk overwrites it, knowingly.
    r = save(client, "accept", "Mi versión.", version=r.json()["current"]["version"])
    assert r.status_code == 200
    assert message(project, "L’exercice").msgstr == "Mi versión."


def test_untouched_entries_merge(client, project):
    seen = entry(client, SECOND)["version"]
    path = rs.po(project, "es")
    rs.rewrite(path, lambda m: replace(m, msgstr="Cambio del colega.") if m.msgid.startswith("L’exercice") else m)
    r = save(client, "accept", "Mi frase.", seg=SECOND, version=seen)
    assert r.status_code == 200, r.text
    assert message(project, "L’exercice").msgstr == "Cambio del colega."
    assert message(project, "Selon le Kremlin").msgstr == "Mi frase."


def test_broken_placeholders_cannot_be_accepted(client, project):
    seg = rs.seg_id(project, "Dans une vidéo")
    before = rs.po(project, "es").read_bytes()
    check = client.post("/api/check", json={"doc": rs.DOC, "lang": "es", "id": seg, "text": "Sin nota."}, headers=H)
    assert check.status_code == 200 and check.json()["worst"] == "error"
    assert any(f["code"] == "placeholder-missing" for f in check.json()["findings"])
    r = save(client, "accept", "Sin nota.", seg=seg)
    assert r.status_code == 400 and "placeholder" in r.json()["error"]
    assert rs.po(project, "es").read_bytes() == before


def test_outdated_entry_shows_word_diff(client, project):
    src = project / "seeds" / "zapad-2025.fr.txt"
    src.write_text(src.read_text(encoding="utf-8").replace("mardi 16", "mardi 17", 1), encoding="utf-8")
    update_all(Project.open(project))
    e = entry(client)
    assert e["state"] == "outdated"
    assert ["-", "16"] in e["diff"] and ["+", "17"] in e["diff"]


@pytest.mark.parametrize(
    "headers, status",
    [
        ({"X-Polyglot-Token": TOKEN, "Origin": "http://testserver", "Host": "evil.example:80"}, 421),
        ({"X-Polyglot-Token": TOKEN, "Origin": "http://evil.example"}, 403),
        ({"X-Polyglot-Token": TOKEN}, 403),
        ({"Origin": "http://testserver"}, 403),
        ({"X-Polyglot-Token": "wrong", "Origin": "http://testserver"}, 403),
        ({**H, "Sec-Fetch-Site": "cross-site"}, 403),
    ],
    ids=["host", "origin", "no-origin", "no-token", "wrong-token", "cross-site"],
)
def test_guard_refuses_and_leaves_the_file(client, project, headers, status):
    before = rs.po(project, "es").read_bytes()
    r = save(client, "accept", "Pirata.", headers=headers)
    assert r.status_code == status, r.text
    assert rs.po(project, "es").read_bytes() == before


def test_guard_limits(client, project):
    before = rs.po(project, "es").read_bytes()
    big = client.post("/api/save", content=b"x" * 300_000, headers={**H, "Content-Type": "application/json"})
    assert big.status_code == 413
    assert client.get("/", headers={"Host": "attacker.example:8000"}).status_code == 421
    for doc, lang in (("../../etc", "es"), (rs.DOC, "../fr"), ("other", "es"), (rs.DOC, "fr")):
        r = client.post("/api/save", json={"doc": doc, "lang": lang, "id": FIRST, "action": "accept",
                                           "text": "x", "version": "0"}, headers=H)
        assert r.status_code == 404, (doc, lang, r.text)
    assert client.post("/api/save", json={"doc": rs.DOC, "lang": "es", "id": FIRST, "action": "rm -rf",
                                          "text": "x", "version": "0"}, headers=H).status_code == 400
    assert rs.po(project, "es").read_bytes() == before


def test_token_everywhere_when_exposed(project):
    app = create_app(Workspace(Project.open(project)), token=TOKEN, hosts=None, token_everywhere=True)
    c = TestClient(app)
    assert c.get("/").status_code == 403
    r = c.get("/", params={"token": TOKEN})
    assert r.status_code == 200 and "HttpOnly" in r.headers["set-cookie"]
    assert c.get(f"/doc/{rs.DOC}/es").status_code == 200  # the cookie now
    assert TestClient(app).get(f"/doc/{rs.DOC}/es", params={"token": "nope"}).status_code == 403


def test_stamp_unchanged_is_update_behaviour(project):
    # The review's saves stamp PO-Revision-Date like update does, through catalog.stamp.
    cat = read_po(rs.po(project, "es").read_bytes())
    assert stamp(cat, cat, revision_date()) is cat


def test_build_button_builds_and_serves_the_page(client, project):
    r = client.post("/api/build", json={"doc": rs.DOC, "lang": "es"}, headers=H)
    assert r.status_code == 200, r.text
    href = r.json()["href"]
    assert (project / "build" / rs.DOC / "es.html").is_file()
    page = client.get(href)
    assert page.status_code == 200 and "bilingual" in page.text
    assert client.get("/site/../polyglot.toml").status_code == 404


def test_a_change_on_disk_that_keeps_size_and_mtime_is_still_refused(client, project):
    """Saves are guarded by the bytes, not the file's stat: an editor's same-length change in
    place, its mtime put back, conflicts all the same."""
    seen = entry(client)["version"]
    path = rs.po(project, "es")
    before = path.stat()
    data = path.read_bytes()
    theirs = data.replace(b'"El ejercicio militar', b'"EL EJERCICIO MILITAR', 1)
    assert theirs != data and len(theirs) == len(data)
    with open(path, "r+b") as f:
        f.write(theirs)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    r = save(client, "accept", "Mi versión.", version=seen)
    assert r.status_code == 409, r.text
    assert path.read_bytes() == theirs


def test_saves_take_the_project_lock_and_leave_it_free(project):
    """A save waits for a run holding the project lock (423 when it keeps it); between saves the
    lock is free for such a run (the review session keeps only the lock file open)."""
    app = create_app(Workspace(Project.open(project, wait=0.3)), token=TOKEN, hosts={"testserver"})
    client = TestClient(app)
    stale = project / "locales" / "es" / "LC_MESSAGES" / f".{rs.DOC}.po.{TEMP_MARK}0123456789abcdef"
    stale.write_bytes(b"left by a killed run")
    assert save(client, "accept", "Primera.").status_code == 200
    assert not stale.exists()  # the session's first save cleaned up, as a run would
    state = project / ".polyglot"
    with ProjectLock(state, timeout=0):  # free between saves, in this process or another
        data = rs.po(project, "es").read_bytes()
        r = save(client, "accept", "Segunda.")
        assert r.status_code == 423 and "holds the project lock" in r.json()["error"]
        assert rs.po(project, "es").read_bytes() == data
    (state / LOCK_NAME).unlink()  # a lock file removed meanwhile: the next save locks the new one
    with ProjectLock(state, timeout=0):
        assert save(client, "accept", "Segunda.").status_code == 423
    assert save(client, "accept", "Segunda.").status_code == 200
    assert message(project, "L’exercice").msgstr == "Segunda."
