"""polyglot.toml: the schema, its one walker, and the template and docs generated from it."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from polyglot.config import Config, DocumentConfig, load, options, parse, source_date, tables
from polyglot.configdoc import reference, template
from polyglot.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent

GOOD = """
[project]
source_language = "fr"
target_languages = ["en", "es"]

[[documents]]
name = "a"
path = "seeds/a.txt"
"""


def problem(text: str) -> str:
    with pytest.raises(ConfigError) as exc:
        parse(text, Path("/p"))
    message = str(exc.value)
    assert message.startswith("polyglot.toml") and "\n" not in message
    return message


def test_parse_good():
    cfg = parse(GOOD, Path("/p"))
    assert cfg.target_languages == ("en", "es") and cfg.project.target_languages == ("en", "es")
    assert cfg.documents == (DocumentConfig("a", "seeds/a.txt"),)
    assert cfg.engine == "auto" and cfg.output_dir == "build" and cfg.root == Path("/p")
    assert cfg.apertium.timeout == 300.0 and cfg.publish.threshold == 0.0


def test_integers_are_accepted_as_numbers():
    cfg = parse('[engines.apertium]\ntimeout = 30\n[publish]\nthreshold = 80', Path("/p"))
    assert cfg.apertium.timeout == 30.0 and isinstance(cfg.apertium.timeout, float)
    assert cfg.publish.threshold == 80.0


@pytest.mark.parametrize(
    "bad, needle",
    [
        ('[project]\ntarget_languages = ["xx_zz_bad!"]', "not a language code"),
        ('[project]\ntarget_languages = ["qq"]', "unknown language 'qq'"),
        ('[project]\ntarget_languages = []', "at least one language"),
        ('[project]\ntarget_languages = ["fr"]', "must not contain the source"),
        ('[project]\ntarget_languages = ["en", "en"]', "'en' is listed twice"),
        ('[project]\ntarget_languages = ["pt_BR", "pt-BR"]', "'pt-BR' is listed twice (as 'pt_BR')"),
        ('[project]\ntarget_languages = "en"', "project.target_languages: expected a list of strings, got 'en'"),
        ('[project]\ntarget_language = ["de"]', "project.target_language: unknown key (did you mean 'project.target_languages'?)"),
        ('[project]\nengine = "apertium"', "project.engine: unknown key (it belongs in [translate])"),
        ('[project]\noutput_dir = "../out"', "inside the project"),
        ('[project]\noutput_dir = "/tmp/out"', "inside the project"),
        ('[project]\noutput_dir = 3', "project.output_dir: expected a string, got 3"),
        ('[[documents]]\nname = "a"\npath = "../../etc/passwd"', "inside the project"),
        ('[[documents]]\nname = "../x"\npath = "a.txt"', "must be letters"),
        ('[[documents]]\npath = "a.txt"', "documents[1].name: missing"),
        ('[[documents]]\nname = "a"\npath = "a.txt"\nfromat = "text"', "documents[1].fromat: unknown key (did you mean 'documents[1].format'?)"),
        ('[[documents]]\nname = "a"\npath = "a.txt"\n[[documents]]\nname = "a"\npath = "b.txt"', "used twice"),
        ('[documents]\nname = "a"', "documents: expected an array of tables, got a table"),
        ('[translate]\nengine = "google"', "must be one of auto, argos, apertium, pseudo"),
        ('[translate]\nengin = "pseudo"', "translate.engin: unknown key (did you mean 'translate.engine'?)"),
        ('engines = 5', "engines: expected a table, got 5"),
        ('engines = "oops"', "engines: expected a table, got 'oops'"),
        ('[engines.google]\nkey = 1', "engines.google: unknown table; known: argos, apertium"),
        ('[engines.argos]\nbeam_size = "two"', "engines.argos.beam_size: expected a whole number, got 'two'"),
        ('[engines.argos]\nbeam_size = 2.5', "expected a whole number, got 2.5"),
        ('[engines.argos]\nbeam_size = 0', "must be at least 1"),
        ('[engines.argos]\npackages_dir = 42', "engines.argos.packages_dir: expected a string, got 42"),
        ('[engines.argos]\ndevice = "tpu"', "must be one of cpu, cuda, auto"),
        ('[engines.argos]\nwarp = 9', "engines.argos.warp: unknown key"),
        ('[engines.apertium]\ntimeout = nan', "expected a finite number, got nan"),
        ('[engines.apertium]\ntimeout = inf', "expected a finite number, got inf"),
        ('[engines.apertium]\ntimeout = -inf', "expected a finite number, got -inf"),
        ('[engines.apertium]\ntimeout = 1e300', "must be above 0 and at most 86400"),
        ('[engines.apertium]\ntimeout = 0', "must be above 0"),
        ('[engines.apertium]\ntimeout = -1', "must be above 0"),
        ('[engines.apertium]\ntimeout = "fast"', "expected a finite number, got 'fast'"),
        ('[publish]\nthreshold = 150', "must be at least 0 and at most 100"),
        ('[publish]\nthreshold = true', "publish.threshold: expected a finite number, got true"),
        ('[publish]\nbelow = "hide"', "must be one of mark, omit"),
        ('[publsh]\nthreshold = 80', "publsh: unknown table (did you mean 'publish'?)"),
        ('colour = "blue"', "colour: unknown key; known: project, translate, engines, publish, tm, documents"),
    ],
)
def test_parse_bad(bad, needle):
    assert needle in problem(bad)


def test_problems_name_their_line():
    text = GOOD + '\n[engines.apertium]\ntimeout = nan\n'
    assert problem(text).startswith("polyglot.toml:11: engines.apertium.timeout:")
    assert problem('[project]\n\n\ntarget_languages = ["en", "en"]').startswith("polyglot.toml:4: ")
    assert problem(GOOD + '[[documents]]\nname = "b"\npath = "/b"\n').startswith("polyglot.toml:11: documents[2].path:")
    assert problem("[publsh]\n").startswith("polyglot.toml:1: publsh:")


def test_all_problems_reported_at_once_in_file_order():
    message = problem('[publsh]\nx = 1\n[project]\ntarget_languages = ["qq"]\noutput_dir = "/x"')
    assert message.startswith("polyglot.toml:1: publsh: unknown table")
    assert "; line 4: project.target_languages: unknown language" in message
    assert "; line 5: project.output_dir:" in message


def test_toml_syntax_error_has_line():
    with pytest.raises(ConfigError) as exc:
        parse('[project]\nsource_language = "fr"\ntarget_languages = [', Path("/p"))
    assert exc.value.line == 3


def test_template_round_trips_with_the_schemas_defaults(tmp_path):
    text = template("fr", ["en", "ca"], [DocumentConfig("zapad", "seeds/z.txt")])
    (tmp_path / "polyglot.toml").write_text(text)
    cfg = load(tmp_path)
    assert cfg.target_languages == ("en", "ca") and cfg.documents[0].name == "zapad"
    # Every other setting is shown commented out with its default: uncommenting changes nothing.
    uncommented = "\n".join(line[2:] if " = " in line and line.startswith("# ") and not line.startswith("#  ")
                            else line for line in text.splitlines())
    data = tomllib.loads(uncommented)
    assert data["engines"]["apertium"]["timeout"] == 300 and data["publish"]["below"] == "mark"


def test_every_setting_has_a_doc_and_appears_in_template_and_reference():
    text, docs = template("fr", ["en"], []), reference()
    settings = [(f"{name}.{f.name}", f) for name, cls, _ in tables() for f, _ in options(cls)]
    assert {name for name, *_ in tables()} == {"project", "translate", "translate.ray", "engines", "engines.argos",
                                               "engines.apertium", "publish", "tm", "documents"}
    assert not [f.name for f in fields(Config) if f.name != "root" and not f.metadata.get("doc")]
    assert len(settings) >= 18
    for key, f in settings:
        assert f.metadata["doc"].endswith("."), key
        name = key.rsplit(".", 1)[-1]
        assert f"| `{name}` |" in docs, key
        assert f"{name} = " in text or f"{name}: " in text, key


def test_template_with_quotes_and_newlines_in_names_is_valid_toml():
    odd = 'seeds/a "quoted"\\ and\ttabbed\x7f.txt'
    text = template("fr", ["en"], [DocumentConfig("a", odd)])
    assert tomllib.loads(text)["documents"][0]["path"] == odd


def test_init_names_any_file_and_writes_toml_that_loads(tmp_path):
    from polyglot import Project

    odd = ['a"b.fr.txt', "x\ny.fr.txt", "été 2025.fr.md", ".hidden.txt"]
    for name in odd:
        (tmp_path / name).write_text("Une phrase.\n", encoding="utf-8")
    Project.init(tmp_path, source="fr", targets=["en"], documents=odd)
    cfg = load(tmp_path)
    assert [(d.name, d.path) for d in cfg.documents] == list(zip(["a-b", "x-y", "ete-2025", "document"], odd))


def test_docs_config_md_is_generated_from_the_schema():
    assert (ROOT / "docs" / "config.md").read_text(encoding="utf-8") == reference(), (
        "docs/config.md is stale: run PYTHONPATH=src python -m polyglot.configdoc > docs/config.md"
    )


def test_repository_config_is_valid():
    assert load(ROOT).documents


def test_missing_config(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load(tmp_path)


@pytest.mark.parametrize("value", ["2024-01-01", "1.5", "-1", " 12", "99999999999999999", "١٢٣"])
def test_source_date_epoch_must_be_seconds_in_range(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(ConfigError) as exc:
        source_date()
    assert str(exc.value).startswith(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds")


def test_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")
    assert source_date().isoformat() == "2024-01-01T00:00:00+00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert source_date() is None
