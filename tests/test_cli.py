"""The command line, through click's CliRunner: what it writes, prints and exits with."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from polyglot.cli import cli


def run(project, *args, input=None):
    """Run polyglot in a project folder through main(), returning (exit code, stdout, stderr)."""
    proc = subprocess.run(
        [sys.executable, "-m", "polyglot", "-C", str(project), *args],
        capture_output=True, text=True, input=input, timeout=300,
    )
    return proc.returncode, proc.stdout, proc.stderr


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + (name,))


@pytest.mark.parametrize("path, cmd", list(_commands(cli)), ids=lambda x: " ".join(x) if isinstance(x, tuple) else "")
def test_every_command_has_help_with_example(path, cmd):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    if not hasattr(cmd, "commands"):
        assert "Example:" in result.output, path


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and "polyglot" in result.output


def test_segment_json_on_seed():
    from conftest import SEED

    result = CliRunner().invoke(cli, ["segment", "--json", str(SEED)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    segs = [s for b in data["blocks"] for s in b["segments"]]
    assert len(segs) == 15
    assert [e["value"] for s in segs for e in s["elements"] if e["kind"] == "fn"] == ["1", "2", "3", "4"]


def test_init_writes_loadable_config_and_refuses_overwrite(tmp_path):
    (tmp_path / "a.fr.txt").write_text("Bonjour. Au revoir.\n", encoding="utf-8")
    code, out, err = run(tmp_path, "init", "--to", "en,es", "a.fr.txt")
    assert code == 0, err
    text = (tmp_path / "polyglot.toml").read_text()
    assert 'target_languages = ["en", "es"]' in text and 'path = "a.fr.txt"' in text
    code, out, err = run(tmp_path, "init")
    assert code == 2 and "exists" in err


def test_init_normalizes_to_defaults_threshold_and_says_what_next(tmp_path):
    (tmp_path / "a.fr.txt").write_text("Bonjour. Au revoir.\n", encoding="utf-8")
    code, out, err = run(tmp_path, "init", "--to", "EN,pt-br", "a.fr.txt")
    assert code == 0, err
    from polyglot.config import load

    cfg = load(tmp_path)
    assert cfg.target_languages == ("en", "pt_BR") and cfg.publish.threshold == 80
    assert "next: polyglot run" in out


@pytest.mark.parametrize("args, message", [
    (("--to", "en", "missing.fr.txt"), "missing.fr.txt: source document not found"),
    (("--to", "en,../x", "a.fr.txt"), "--to: '../x' is not a language code"),
    (("--to", "en,qq", "a.fr.txt"), "--to: unknown language 'qq'"),
])
def test_init_refuses_without_writing(tmp_path, args, message):
    (tmp_path / "a.fr.txt").write_text("Bonjour.\n", encoding="utf-8")
    code, out, err = run(tmp_path, "init", *args)
    assert code == 2 and err.startswith(f"polyglot: error: {message}") and err.count("\n") == 1
    assert "polyglot.toml" not in err and not (tmp_path / "polyglot.toml").exists()


def test_to_option_accepts_any_case_and_blames_itself(seed_project):
    code, out, err = run(seed_project, "update", "--to", "ES")
    assert code == 0, err
    assert (seed_project / "locales" / "es" / "LC_MESSAGES").is_dir()
    assert not (seed_project / "locales" / "en").exists()
    code, out, err = run(seed_project, "update", "--to", "de")
    assert code == 2 and err.startswith("polyglot: error: --to: language de is not a target language")


def test_extract_seed_pot_deterministic(seed_project):
    from gettext_tools import msgfmt_check

    code, out, err = run(seed_project, "extract")
    assert code == 0, err
    pot = seed_project / "locales" / "zapad-2025.pot"
    text = pot.read_text(encoding="utf-8")
    assert text.count('\nmsgid "') + text.count("\nmsgid \"\"\n") - 1 >= 15
    assert text.count("#: seeds/zapad-2025.fr.txt:") == 15
    for n in range(1, 5):
        assert f"{{fn{n}}}" in text
    assert "POT-Creation-Date" not in text  # no timestamp churn
    msgfmt_check(pot)
    before = pot.read_bytes(), pot.stat().st_mtime_ns
    code, out, err = run(seed_project, "extract")
    assert code == 0 and "0 written" in out
    assert (pot.read_bytes(), pot.stat().st_mtime_ns) == before


def test_update_creates_po_per_language(seed_project):
    from gettext_tools import msgfmt_check

    code, out, err = run(seed_project, "update", "--json")
    assert code == 0, err
    report = json.loads(out)
    for lang in ("en", "es", "ca"):
        po = seed_project / "locales" / lang / "LC_MESSAGES" / "zapad-2025.po"
        text = po.read_text(encoding="utf-8")
        assert f'"Language: {lang}\\n"' in text and "Plural-Forms: nplurals=2; plural=(n != 1);" in text
        assert len(report["languages"][lang]["zapad-2025"]["added"]) == 16  # with the title
        msgfmt_check(po)


def test_status_json_before_and_after_update(seed_project):
    code, out, err = run(seed_project, "status", "--json")
    assert code == 0, err
    assert all(not row["exists"] for row in json.loads(out))
    run(seed_project, "update")
    rows = json.loads(run(seed_project, "status", "--json")[1])
    assert {r["language"] for r in rows} == {"en", "es", "ca"}
    assert all(r["entries"] == 16 and r["untranslated"] == 16 and r["reviewed"] == 0 for r in rows)


@pytest.mark.parametrize(
    "setup, args, needle",
    [
        (lambda p: None, ["status"], "polyglot.toml"),
        (lambda p: (p / "polyglot.toml").write_text("[project\n"), ["status"], "polyglot.toml:1"),
        (lambda p: (p / "seeds" / "zapad-2025.fr.txt").write_bytes("Élan.\n".encode("latin-1")),
         ["extract"], "seeds/zapad-2025.fr.txt:1"),
        (lambda p: (p / "seeds" / "zapad-2025.fr.txt").write_bytes(b""), ["extract"], "seeds/zapad-2025.fr.txt"),
        (lambda p: None, ["update", "--to", "de"], "not a target language"),
    ],
)
def test_errors_are_one_line_with_exit_2(tmp_path_factory, seed_project, setup, args, needle):
    project = seed_project
    if args == ["status"] and needle == "polyglot.toml":
        project = tmp_path_factory.mktemp("empty")
    setup(project)
    code, out, err = run(project, *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("polyglot: error: ") and needle in err
    assert not (project / "locales").exists() or not any((project / "locales").rglob("*.po"))


def test_translate_without_catalogs_says_run_update(seed_project):
    code, out, err = run(seed_project, "translate", "--to", "es")
    assert code == 2 and "polyglot update" in err


def test_cli_reference_is_generated_from_help():
    from conftest import ROOT

    from polyglot.clidoc import reference

    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == reference(), (
        "docs/cli.md is stale: run PYTHONPATH=src python -m polyglot.clidoc > docs/cli.md"
    )
