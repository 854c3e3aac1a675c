"""The tiny Argos packages through the same CLI a user runs: models install, translate, pivot."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from argos_fixture import build_tiny_package

from polyglot.pofile import read_po
from conftest import SEED_ENTRIES


@pytest.fixture
def argos_project(seed_project, tmp_path_factory):
    """The seed project translating into en and de, with its own Argos packages folder."""
    cfg = (seed_project / "polyglot.toml").read_text(encoding="utf-8")
    cfg = cfg.replace('target_languages = ["en", "es", "ca"]', 'target_languages = ["en", "de"]')
    cfg = cfg.replace("[engines.argos]\n", '[engines.argos]\npackages_dir = "models"\n')
    (seed_project / "polyglot.toml").write_text(cfg, encoding="utf-8")
    archives = tmp_path_factory.mktemp("archives")
    return seed_project, [build_tiny_package(archives, "fr", "en"), build_tiny_package(archives, "en", "de")]


def polyglot(project, *args):
    env = dict(os.environ)
    home = project / ".home"  # argostranslate's own XDG folders stay inside the test
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"))
    env.pop("ARGOS_PACKAGES_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "polyglot", "-C", str(project), *args],
                          capture_output=True, text=True, env=env, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def test_models_install_then_translate_with_pivot(argos_project):
    project, archives = argos_project
    for archive in archives:
        code, out, err = polyglot(project, "models", "install", str(archive))
        assert code == 0, err
    code, out, err = polyglot(project, "models", "list")
    assert "fr→en" in out and "en→de" in out
    assert (project / "models").is_dir()

    assert polyglot(project, "update")[0] == 0
    code, out, err = polyglot(project, "translate", "--engine", "auto", "--json")
    assert code == 0, err
    reports = {r["language"]: r for r in json.loads(out)["languages"]}
    assert reports["en"]["route"] == "argos:fr-en" and reports["de"]["route"] == "argos:fr-en+en-de"
    assert all(r["engine_calls"] == 1 and r["sent"] == SEED_ENTRIES for r in reports.values())
    for lang in ("en", "de"):
        path = project / "locales" / lang / "LC_MESSAGES" / "zapad-2025.po"
        cat = read_po(path.read_text(encoding="utf-8"), str(path))
        assert all(m.fuzzy and m.msgstr for m in cat.active)
        assert all(any("machine translation, argos:" in c for c in m.comments) for m in cat.active)
        text = "".join(m.msgstr for m in cat.active)
        assert all(text.count(f"{{fn{n}}}") == 1 for n in range(1, 5))

    code, out, err = polyglot(project, "translate", "--json")
    assert code == 0 and all(r["engine_calls"] == 0 for r in json.loads(out)["languages"])


def test_no_model_at_all_is_a_clear_engine_error(argos_project):
    project, _ = argos_project
    assert polyglot(project, "update")[0] == 0
    code, out, err = polyglot(project, "translate", "--engine", "argos", "--to", "en")
    assert code == 3
    assert err.count("\n") == 1 and "no engine can translate fr→en" in err and "models install" in err


def test_a_broken_model_falls_back_to_apertium_under_auto(argos_project):
    project, archives = argos_project
    assert polyglot(project, "models", "install", str(archives[0]))[0] == 0
    (next((project / "models").glob("translate-fr_en*")) / "model" / "model.bin").write_bytes(b"\0" * 64)
    assert polyglot(project, "update")[0] == 0
    code, out, err = polyglot(project, "translate", "--engine", "auto", "--to", "en", "--json")
    assert code == 0, err
    assert "warning" in err and "cannot load Argos package fr-en" in err and "Traceback" not in err
    (report,) = json.loads(out)["languages"]
    assert report["route"].startswith("apertium:") and not report["failed"]
    # asked for by name, the broken model is an engine failure, not a fallback
    (project / "locales" / "en" / "LC_MESSAGES" / "zapad-2025.po").unlink()
    assert polyglot(project, "update")[0] == 0
    code, out, err = polyglot(project, "translate", "--engine", "argos", "--to", "en")
    assert code == 3 and "cannot load Argos package fr-en" in err and err.count("\n") == 1


def test_models_list_json_is_valid_json(argos_project):
    project, archives = argos_project
    for archive in archives:
        assert polyglot(project, "models", "install", str(archive))[0] == 0
    code, out, err = polyglot(project, "models", "list", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert [(p["from_code"], p["to_code"]) for p in listed] == [("en", "de"), ("fr", "en")]
    assert all(os.path.isdir(p["path"]) for p in listed)


def test_models_install_with_argos_packages_dir_leaves_home_alone(tmp_path_factory, argos_project):
    _, archives = argos_project
    tmp_path = tmp_path_factory.mktemp("no-project")  # no polyglot.toml here or above
    home, packages = tmp_path / "home", tmp_path / "packages"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ARGOS_"))}
    env.update(HOME=str(home), ARGOS_PACKAGES_DIR=str(packages))
    for args in (["install", str(archives[0])], ["list", "--json"]):
        proc = subprocess.run([sys.executable, "-m", "polyglot", "-C", str(tmp_path), "models", *args],
                              capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
        assert proc.returncode == 0, proc.stderr
    assert list(home.rglob("*")) == []
    assert [p.name for p in packages.iterdir()] == [archives[0].stem]
