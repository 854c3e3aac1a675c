"""The README's Python example, extracted from README.md and run on the seed project."""

from __future__ import annotations

import re

from conftest import ROOT

import polyglot


def readme_python() -> str:
    """The only ```python block of the README."""
    blocks = re.findall(r"^```python\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), re.M | re.S)
    assert len(blocks) == 1, "the README should hold exactly one Python example"
    return blocks[0]


def test_readme_example_runs(seed_project, monkeypatch, capsys):
    config = seed_project / "polyglot.toml"
    text = config.read_text(encoding="utf-8")
    assert 'engine = "auto"' in text
    config.write_text(text.replace('engine = "auto"', 'engine = "pseudo"'), encoding="utf-8")  # no real engine here
    monkeypatch.chdir(seed_project)
    exec(compile(readme_python(), "README.md", "exec"), {})
    assert re.fullmatch(r"\d+ errors in \d+ findings\n", capsys.readouterr().out)
    assert (seed_project / "locales" / "es" / "LC_MESSAGES" / "zapad-2025.po").is_file()
    status = polyglot.Project.open(seed_project).status()
    assert all(row.exists and row.stats.untranslated == 0 for row in status.rows)
    assert not list(seed_project.rglob("*polyglot-tmp-*"))
