"""The path policy (polyglot.paths): nothing read or written outside the project, outputs never over inputs.

The CLI cases (every kind of link, every command) are files under tests/bad_inputs/;
these test the library functions and the ``init`` command.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyglot.cli import cli
from polyglot.config import document_name, parse, toml_string
from polyglot.errors import ConfigError, InputError
from polyglot.paths import check_layout, inside


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret").write_text("secret\n")
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    return project


def test_inside_returns_the_joined_path_unresolved(root: Path) -> None:
    (root / "alias").symlink_to(root / "docs")
    assert inside(root, "alias/a.md") == root / "alias" / "a.md"
    assert inside(root, "not/yet/there.po") == root / "not" / "yet" / "there.po"


@pytest.mark.parametrize(
    "link, target, probe",
    [
        ("build", "../elsewhere", "build/index.html"),  # a folder
        ("docs/a.md", "../../elsewhere/secret", "docs/a.md"),  # a file
        ("docs/b.md", "/etc/passwd", "docs/b.md"),  # an absolute target
        ("docs/c.md", "../../elsewhere/missing", "docs/c.md"),  # a dangling link
        ("docs/loop", "loop", "docs/loop"),  # a loop
    ],
)
def test_inside_refuses_links_leading_out(root: Path, link: str, target: str, probe: str) -> None:
    (root / link).symlink_to(target)
    if link == "docs/loop":
        with pytest.raises((InputError, RuntimeError, OSError)):
            inside(root, probe)
        return
    with pytest.raises(InputError) as info:
        inside(root, probe)
    assert info.value.path == probe
    assert f"{link} is a symbolic link" in str(info.value)
    assert "secret" not in str(info.value).replace("elsewhere/secret", "")


@pytest.mark.parametrize("output", [".", "docs/..", "./"])
def test_output_dir_may_not_be_the_project(root: Path, output: str) -> None:
    with pytest.raises(InputError, match="is the project folder"):
        check_layout(root, locales="locales", output=output, state=".polyglot", inputs=[])


@pytest.mark.parametrize(
    "output, locales, match",
    [
        ("locales", "locales", "overlaps project.locales_dir"),
        ("locales/site", "locales", "overlaps project.locales_dir"),
        ("site", "site/po", "overlaps project.locales_dir"),
        (".polyglot", "locales", "overlaps the state folder"),
        (".polyglot/site", "locales", "overlaps the state folder"),
    ],
)
def test_output_dir_may_not_overlap_locales_or_state(root: Path, output: str, locales: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        check_layout(root, locales=locales, output=output, state=".polyglot", inputs=[])


@pytest.mark.parametrize("source", ["docs/a.md", "docs/sub/b.txt", "polyglot.toml"])
def test_output_dir_may_not_hold_an_input(root: Path, source: str) -> None:
    output = "." if source == "polyglot.toml" else "docs"
    with pytest.raises(InputError):
        check_layout(root, locales="locales", output=output, state=".polyglot", inputs=[source])
    check_layout(root, locales="locales", output="build", state=".polyglot", inputs=[source])


def test_output_dir_through_a_link_to_the_sources_is_refused(root: Path) -> None:
    (root / "build").symlink_to("docs")
    with pytest.raises(InputError, match="lies inside project.output_dir"):
        check_layout(root, locales="locales", output="build", state=".polyglot", inputs=["docs/a.md"])


@pytest.mark.parametrize("value", ['a"b', "back\\slash", "new\nline", "nul\0", "esc\x1b", "del\x7f", "tab\t", "é’"])
def test_toml_string_round_trips(value: str) -> None:
    assert tomllib.loads(f"k = {toml_string(value)}")["k"] == value


@pytest.mark.parametrize(
    "path, name",
    [("seeds/a.fr.txt", "a"), ('x/a"b.md', "a-b"), ("new\nline.txt", "new-line"), (".hidden.md", "document")],
)
def test_document_name_is_always_valid(path: str, name: str) -> None:
    assert document_name(path) == name


@pytest.mark.parametrize("names", [['q"uote.txt'], ["new\nline.txt", "d'apos.md"], ["tab\there.txt"]])
def test_init_writes_valid_toml_for_any_file_name(tmp_path: Path, names: list[str]) -> None:
    for n in names:
        (tmp_path / n).write_text("Bonjour.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "init", "--to", "en", *names])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "polyglot.toml").read_text(encoding="utf-8")
    config = parse(text, tmp_path)
    assert [d.path for d in config.documents] == names


def test_init_refuses_a_path_the_config_would_refuse(tmp_path: Path) -> None:
    (tmp_path / "back\\slash.md").write_text("Bonjour.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "init", "back\\slash.md"])
    assert isinstance(result.exception, ConfigError) and "documents[1].path" in str(result.exception)
    assert not (tmp_path / "polyglot.toml").exists()


def test_init_in_a_missing_folder_creates_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(tmp_path / "no" / "such"), "init"])
    assert result.exit_code != 0
    assert list(tmp_path.iterdir()) == []


def test_many_paths_are_checked_as_one_at_a_time(root: Path) -> None:
    from polyglot.paths import ensure_all_inside, ensure_inside

    out = root / "site"
    (out / "a").mkdir(parents=True)
    (out / "inner").symlink_to(out / "a")
    (out / "a" / "page.html").symlink_to(out / "a" / "other.html")
    rels = ["index.html", "a/x.html", "inner/y.html", "a/page.html", "new/deep/z.html"]
    assert ensure_all_inside(out, rels) == {rel: ensure_inside(out, rel) for rel in rels}
    (out / "leak").symlink_to(root.parent)
    (out / "a" / "leak.html").symlink_to(root.parent / "elsewhere.html")
    for bad in ("leak/x.html", "a/leak.html"):
        with pytest.raises(InputError, match="outside the project"):
            ensure_all_inside(out, ["index.html", bad])
