"""Every generated page (and the stylesheet) passes the W3C Nu HTML Checker with zero errors.

The checker runs once over all files: starting Java is the slow part.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import render_samples as s

from polyglot.render import render_site, write_site

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(paths: list[str]) -> list[dict]:
    """The Nu HTML Checker's errors on the files (``.css`` files checked as CSS)."""
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.skip("the Nu HTML Checker (npm vnu-jar) or Java is not installed")
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--also-check-css", "--format", "json", *paths],
        check=False, capture_output=True, text=True, timeout=180,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    assert errors or run.returncode == 0, run.stderr[:2000]
    return errors


def test_nu_checker_reports_no_errors(tmp_path: Path):
    doc, cat = s.hostile()
    catalogs = {**s.catalogs(), ("hostile", "en"): cat}
    cfg = s.config(threshold=50, below="mark")  # Arabic gets the draft banner
    write_site(render_site([s.document(), doc], catalogs, cfg, date=s.DATE), tmp_path)
    pages = sorted(str(p) for p in tmp_path.rglob("*.html"))
    assert len(pages) == 4 + 2 * 7  # 4 index pages; per document, fr.mono + 2 per target language
    errors = nu_errors([*pages, str(tmp_path / "assets" / "polyglot.css")])
    assert errors == [], json.dumps(errors, indent=1, ensure_ascii=False)[:4000]
