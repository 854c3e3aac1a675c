"""`polyglot run`: the main job end to end on the seed, offline with Apertium."""

from __future__ import annotations

import json

import pytest

from test_cli import run

pytestmark = pytest.mark.apertium


def test_run_builds_site_and_reruns_write_nothing(seed_project):
    code, out, err = run(seed_project, "run")
    assert code == 0, err
    build = seed_project / "build"
    assert (build / "index.html").is_file()
    for lang in ("en", "es", "ca"):
        page = (build / "zapad-2025" / f"{lang}.html").read_text(encoding="utf-8")
        assert f'lang="{lang}"' in page and 'lang="fr"' in page
        assert (build / "exports" / f"zapad-2025.fr-{lang}.tmx").is_file()
    snapshot = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in seed_project.rglob("*") if p.is_file()
                and ".polyglot" not in p.parts}
    code, out, err = run(seed_project, "run", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["build"]["written"] == []
    assert all(r["engine_calls"] == 0 for r in summary["translate"])
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in snapshot}
    assert after == snapshot
