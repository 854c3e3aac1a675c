from pathlib import Path

import pytest

from polyglot.config import DocumentConfig, load, parse, template
from polyglot.errors import ConfigError

GOOD = """
[project]
source_language = "fr"
target_languages = ["en", "es"]

[[documents]]
name = "a"
path = "seeds/a.txt"
"""


def test_parse_good():
    cfg = parse(GOOD, Path("/p"))
    assert cfg.target_languages == ("en", "es")
    assert cfg.documents == (DocumentConfig("a", "seeds/a.txt"),)
    assert cfg.engine == "auto" and cfg.output_dir == "build"


@pytest.mark.parametrize(
    "bad, needle",
    [
        ('[project]\ntarget_languages = ["xx_zz_bad!"]', "not a language code"),
        ('[project]\ntarget_languages = ["qq"]', "unknown language"),
        ('[project]\ntarget_languages = []', "non-empty"),
        ('[project]\ntarget_languages = ["fr"]', "must not contain the source"),
        ('[project]\noutput_dir = "../out"', "inside the project"),
        ('[project]\noutput_dir = "/tmp/out"', "inside the project"),
        ('[[documents]]\nname = "a"\npath = "../../etc/passwd"', "inside the project"),
        ('[[documents]]\nname = "../x"\npath = "a.txt"', "must be letters"),
        ('[[documents]]\nname = "a"\npath = "a.txt"\n[[documents]]\nname = "a"\npath = "b.txt"', "used twice"),
        ('[translate]\nengine = "google"', "must be one of auto, argos, apertium, pseudo"),
        ('[engines.argos]\nbeam_size = "two"', "expected int"),
        ('[engines.argos]\nwarp = 9', "unknown setting"),
        ('[publish]\nthreshold = 150', "between 0 and 100"),
    ],
)
def test_parse_bad(bad, needle):
    with pytest.raises(ConfigError) as exc:
        parse(bad, Path("/p"))
    assert needle in str(exc.value)
    assert str(exc.value).startswith("polyglot.toml: ")


def test_all_problems_reported_at_once():
    with pytest.raises(ConfigError) as exc:
        parse('[project]\ntarget_languages = ["qq"]\noutput_dir = "/x"', Path("/p"))
    assert "unknown language" in str(exc.value) and "inside the project" in str(exc.value)


def test_toml_syntax_error_has_line():
    with pytest.raises(ConfigError) as exc:
        parse('[project]\nsource_language = "fr"\ntarget_languages = [', Path("/p"))
    assert exc.value.line == 3


def test_template_round_trips(tmp_path):
    text = template("fr", ["en", "ca"], [DocumentConfig("zapad", "seeds/z.txt")])
    (tmp_path / "polyglot.toml").write_text(text)
    cfg = load(tmp_path)
    assert cfg.target_languages == ("en", "ca") and cfg.documents[0].name == "zapad"
    assert text.count("#") > 10  # commented


def test_missing_config(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load(tmp_path)
