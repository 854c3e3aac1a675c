"""``polyglot review`` as a user runs it: URL printed, pages served, Ctrl-C stops it cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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
