"""Golden test on the seed: the template extracted from the article is the committed one, byte for byte.

After an intended change to segmentation or extraction, regenerate with ``polyglot extract``
and review the diff of ``locales/zapad-2025.pot``.
"""

from __future__ import annotations

from conftest import ROOT
from polyglot.pofile import read_po
from test_cli import run


def test_seed_template_matches_golden_file(seed_project):
    code, out, err = run(seed_project, "extract")
    assert code == 0, err
    produced = (seed_project / "locales" / "zapad-2025.pot").read_bytes()
    golden = (ROOT / "locales" / "zapad-2025.pot").read_bytes()
    assert produced == golden
    cat = read_po(golden.decode("utf-8"), "zapad-2025.pot")
    assert len(cat.active) == 16  # 15 sentences and the title set in polyglot.toml
    fn = [m.msgid for m in cat.active if "{fn" in m.msgid]
    assert [m[m.index("{fn") : m.index("{fn") + 5] for m in fn] == ["{fn1}", "{fn2}", "{fn3}", "{fn4}"]
    assert all(m.locations[0].startswith("seeds/zapad-2025.fr.txt") for m in cat.active)
    assert cat.active[0].auto_comments == ("title (set in polyglot.toml)",)
