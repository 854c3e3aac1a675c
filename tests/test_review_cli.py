"""``polyglot review`` as a user runs it: URL printed, pages served, Ctrl-C stops it cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette")

import review_samples as rs
from test_imports import imported_modules

ENV = dict(os.environ, PYTHONPATH=os.pathsep.join([str(rs.ROOT / "src"), os.environ.get("PYTHONPATH", "")]))


def test_serves_prints_the_url_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    import httpx

    project = rs.seed(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "polyglot", "review", "--no-open", rs.DOC, "--to", "es"],
        cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("polyglot review: http://127.0.0.1:"), line + proc.stderr.read()
        url = line.split()[2]
        assert url.endswith(f"/doc/{rs.DOC}/es")
        page = httpx.get(url, timeout=30)
        assert page.status_code == 200 and "rv-data" in page.text
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "stopped" in out
    assert not list(project.rglob("*.tmp*"))


def test_another_interface_warns_and_needs_the_token(tmp_path: Path) -> None:
    import httpx

    project = rs.seed(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "polyglot", "review", "--no-open", "--host", "0.0.0.0"],
        cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        url = proc.stdout.readline().split()[2]
        assert "?token=" in url
        plain = url.split("?")[0].replace("0.0.0.0", "127.0.0.1")
        assert httpx.get(plain, timeout=30).status_code == 403
        assert httpx.get(url.replace("0.0.0.0", "127.0.0.1"), timeout=30).status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert "warning" in err and "token" in err


def test_missing_extra_is_one_line_naming_the_install(tmp_path: Path) -> None:
    project = rs.seed(tmp_path)
    code = "import sys; sys.modules['starlette'] = None; from polyglot.cli import main; main(['review', '--no-open'])"
    done = subprocess.run([sys.executable, "-c", code], cwd=project, env=ENV, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "pip install polyglot[review]" in done.stderr


def test_help_imports_no_web_stack(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "polyglot", "--help"], cwd=tmp_path,
                          env=ENV, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "review" in done.stdout
    assert not imported_modules(done.stderr) & {"starlette", "uvicorn", "torch", "httpx"}


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_server_killed_mid_save_loses_nothing(tmp_path: Path, seed: int) -> None:
    """Saves stream in; the server is killed (SIGKILL) at a random moment. Every answered
    save is on disk, the file is whole (msgfmt --check, msgcat layout), and the next
    session saves again cleanly."""
    import random

    import httpx
    from gettext_tools import msgfmt_check

    from polyglot.pofile import read_po, write_po

    project = rs.seed(tmp_path)
    path = rs.po(project, "es")
    proc = subprocess.Popen(
        [sys.executable, "-m", "polyglot", "review", "--no-open", rs.DOC, "--to", "es"],
        cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    url = proc.stdout.readline().split()[2]
    base = url.split("/doc/")[0]
    data = json.loads(httpx.get(url, timeout=30).text.split('id="rv-data">')[1].split("</script>")[0])
    ids = list(data["ids"])
    answered: dict[str, str] = {}
    rng = random.Random(seed)
    deadline = time.monotonic() + rng.uniform(0.5, 2.5)
    headers = {"X-Polyglot-Token": data["token"], "Origin": base}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as c:
        i = 0
        while time.monotonic() < deadline:
            seg = ids[i % len(ids)]
            entry = c.get("/api/entry", params={"doc": rs.DOC, "lang": "es", "id": seg}).json()
            text = f"Texto {seed}-{i}."
            r = c.post("/api/save", json={"doc": rs.DOC, "lang": "es", "id": seg, "action": "accept",
                                          "text": text, "version": entry["version"]})
            if r.status_code == 200:
                answered[seg] = text
            i += 1
        # one more save in flight when the kill comes: its sentence may hold either text
        flying = ids[i % len(ids)]
        answered.pop(flying, None)
        threading.Thread(target=lambda: _quiet_post(c, flying, seed), daemon=True).start()
        time.sleep(rng.uniform(0, 0.05))
        proc.kill()
        proc.communicate(timeout=30)
    assert answered
    msgfmt_check(path)
    data_on_disk = path.read_bytes()
    assert write_po(read_po(data_on_disk)).encode() == data_on_disk
    texts = {m.msgstr for m in read_po(data_on_disk).messages}
    assert all(t in texts for t in answered.values())
    # The next session works: it cleans what the killed one left and saves again.
    from polyglot.project import Project
    from polyglot.review import entries
    from polyglot.review.store import Workspace

    ws = Workspace(Project.open(project))
    m = next(m for m in ws.catalog(rs.DOC, "es").active if m.msgid)
    ws.change(rs.DOC, "es", m.msgid, entries.version(m), lambda x: entries.edit(x, "Después."))
    from polyglot.fsutil import is_temp_name

    assert not [p for p in (project / "locales").rglob("*") if is_temp_name(p.name)]
    msgfmt_check(path)


def _quiet_post(client, seg: str, seed: int) -> None:
    try:
        entry = client.get("/api/entry", params={"doc": rs.DOC, "lang": "es", "id": seg}).json()
        client.post("/api/save", json={"doc": rs.DOC, "lang": "es", "id": seg, "action": "edit",
                                       "text": f"En vuelo {seed}.", "version": entry["version"]})
    except Exception:
        pass
