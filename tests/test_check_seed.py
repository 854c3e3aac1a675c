"""`polyglot check` on the committed seed catalogs: clean reviewed English, real findings on MT."""

from __future__ import annotations

import json
import shutil

from conftest import ROOT
from test_cli import run


def test_check_json_on_seed_languages(seed_project):
    shutil.copytree(ROOT / "locales", seed_project / "locales")
    code, out, err = run(seed_project, "check", "--format", "json")
    findings = json.loads(out)
    by_lang = {}
    for f in findings:
        by_lang.setdefault(f["path"].split("/")[1], []).append(f)
    assert "en" not in by_lang, by_lang.get("en")
    for lang in ("es", "ca"):
        codes = {f["code"] for f in by_lang[lang]}
        # Machine output applies the glossary: no term finding left for a reviewer.
        assert "fuzzy" in codes and "glossary-term" not in codes and "glossary-dnt" not in codes
        assert all(f["line"] > 0 and f["msgid"] for f in by_lang[lang])
    assert code in (0, 1)
    assert (code == 1) == any(f["severity"] == "error" for f in findings)


def test_check_exit_1_on_error(seed_project):
    shutil.copytree(ROOT / "locales", seed_project / "locales")
    po = seed_project / "locales" / "en" / "LC_MESSAGES" / "zapad-2025.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('"invitation{fn1}."', '"invitation."'), encoding="utf-8")
    code, out, err = run(seed_project, "check", "--to", "en")
    assert code == 1
    assert "placeholder-missing" in out and "zapad-2025.po:" in out
