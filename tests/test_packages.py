"""Argos package management: archive validation, atomic install, listing, the package index."""

from __future__ import annotations

import functools
import http.server
import json
import stat
import threading
import time
import warnings
import zipfile
from pathlib import Path

import pytest
from argos_fixture import ZIP_DATE, build_tiny_package

from polyglot.errors import ModelPackageError
from polyglot.packages import install_from_index, install_package, list_packages, validate_archive

TOP = "translate-fr_en-1_0"


@pytest.fixture(autouse=True)
def _isolated_argos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """argostranslate's settings module creates folders under XDG paths on import: keep them in tmp."""
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)


@functools.cache
def _tiny_members() -> tuple[tuple[str, bytes], ...]:
    """The (name, bytes) members of a valid tiny package, built once."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(build_tiny_package(Path(tmp))) as zf:
        return tuple((i.filename, zf.read(i)) for i in zf.infolist())


def _write_zip(path: Path, members: list[tuple[str, bytes]], *, symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the duplicate-name case is on purpose
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            mode = stat.S_IFDIR | 0o755 if name.endswith("/") else stat.S_IFREG | 0o644
            info.external_attr = mode << 16
            zf.writestr(info, data)
        if symlink:
            info = zipfile.ZipInfo(symlink, ZIP_DATE)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


def _variant(tmp_path: Path, *, drop: str = "", replace: dict | None = None, add: list | None = None, **kw) -> Path:
    members = [(n, d) for n, d in _tiny_members() if not (drop and n.startswith(f"{TOP}/{drop}"))]
    if replace:
        members = [(n, replace.get(n, d)) for n, d in members]
    return _write_zip(tmp_path / "bad.argosmodel", members + (add or []), **kw)


def _meta(**changes) -> bytes:
    meta = json.loads(dict(_tiny_members())[f"{TOP}/metadata.json"])
    meta.update(changes)
    return json.dumps({k: v for k, v in meta.items() if v is not None}).encode()


def _raw(tmp_path: Path, data: bytes) -> Path:
    (tmp_path / "bad.argosmodel").write_bytes(data)
    return tmp_path / "bad.argosmodel"


BAD_ARCHIVES = {
    "traversal": (lambda t: _variant(t, add=[(f"{TOP}/../evil.txt", b"x")]), "path traversal"),
    "traversal-top": (lambda t: _variant(t, add=[("../evil.txt", b"x")]), "path traversal"),
    "absolute": (lambda t: _variant(t, add=[("/tmp/evil.txt", b"x")]), "absolute path"),
    "two-tops": (lambda t: _variant(t, add=[("other/readme.txt", b"x")]), "exactly one top folder"),
    "file-at-top": (lambda t: _variant(t, add=[("README.md", b"x")]), "exactly one top folder"),
    "no-metadata": (lambda t: _variant(t, drop="metadata.json"), "metadata.json is missing"),
    "bad-json": (lambda t: _variant(t, replace={f"{TOP}/metadata.json": b"{from_code: fr"}), "not valid JSON"),
    "json-list": (lambda t: _variant(t, replace={f"{TOP}/metadata.json": b"[1, 2]"}), "JSON object"),
    "no-from-code": (lambda t: _variant(t, replace={f"{TOP}/metadata.json": _meta(from_code=None)}), "from_code"),
    "bad-lang": (lambda t: _variant(t, replace={f"{TOP}/metadata.json": _meta(to_code="../x")}), "to_code"),
    "no-version": (
        lambda t: _variant(t, replace={f"{TOP}/metadata.json": _meta(package_version=None)}),
        "package_version",
    ),
    "no-model": (lambda t: _variant(t, drop="model/"), "model.bin is missing"),
    "no-vocabulary": (lambda t: _variant(t, drop="model/shared_vocabulary"), "no vocabulary"),
    "no-tokenizer": (lambda t: _variant(t, drop="sentencepiece.model"), "no tokenizer"),
    "symlink": (lambda t: _variant(t, symlink=f"{TOP}/link"), "symbolic link"),
    "duplicate": (lambda t: _variant(t, add=[(f"{TOP}/metadata.json", b"{}")]), "appears twice"),
    "not-zip": (lambda t: _raw(t, b"PK\x03\x04 not really a zip"), "not a zip"),
    "empty": (lambda t: _raw(t, b""), "not a zip"),
    "deep-list": (lambda t: _variant(t, replace={f"{TOP}/metadata.json": b"[" * 10**5 + b"]" * 10**5}), "too deeply"),
    "deep-object": (
        lambda t: _variant(t, replace={f"{TOP}/metadata.json": b'{"a":' * 10**5 + b"1" + b"}" * 10**5}),
        "too deeply",
    ),
    "sbd-package": (lambda t: _variant(t, replace={f"{TOP}/metadata.json": _meta(type="sbd")}), "not a translation"),
}


@pytest.mark.parametrize("case", sorted(BAD_ARCHIVES))
def test_malformed_archive_is_rejected_and_nothing_installed(tmp_path: Path, case: str) -> None:
    make, reason = BAD_ARCHIVES[case]
    archive = make(tmp_path)
    packages = tmp_path / "packages"
    packages.mkdir()
    with pytest.raises(ModelPackageError) as err:
        validate_archive(archive)
    assert reason in str(err.value)
    with pytest.raises(ModelPackageError) as err:
        install_package(archive, packages)
    assert reason in str(err.value) and "bad.argosmodel" in str(err.value)
    assert list(packages.iterdir()) == []
    assert not (tmp_path / "evil.txt").exists()


def test_oversized_member_is_rejected(tmp_path: Path) -> None:
    archive = build_tiny_package(tmp_path)
    packages = tmp_path / "packages"
    with pytest.raises(ModelPackageError, match="too large"):
        install_package(archive, packages, max_member_bytes=10_000)
    assert not packages.exists() or list(packages.iterdir()) == []


def test_missing_archive(tmp_path: Path) -> None:
    with pytest.raises(ModelPackageError, match="no such file"):
        validate_archive(tmp_path / "nope.argosmodel")


def test_valid_archive_metadata(tmp_path: Path) -> None:
    meta = validate_archive(build_tiny_package(tmp_path, "fr", "es", "1.2"))
    assert (meta.top, meta.from_code, meta.to_code, meta.version) == ("translate-fr_es-1_2", "fr", "es", "1.2")
    assert meta.tokenizer == "sentencepiece.model"


def test_tiny_package_is_deterministic_and_small(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = build_tiny_package(tmp_path / "a")
    b = build_tiny_package(tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
    assert a.stat().st_size < 200_000


def test_install_list_and_replace(tmp_path: Path) -> None:
    packages = tmp_path / "packages"
    info = install_package(build_tiny_package(tmp_path), packages)
    assert (info.code, info.version, info.path) == ("fr-en", "1.0", packages / TOP)
    assert (info.path / "model" / "model.bin").is_file()
    assert [p.code for p in list_packages(packages)] == ["fr-en"]

    newer = install_package(build_tiny_package(tmp_path, version="1.1"), packages)
    assert [(p.code, p.version) for p in list_packages(packages)] == [("fr-en", "1.1")]
    assert sorted(p.name for p in packages.iterdir()) == [newer.path.name]


def test_failed_install_keeps_installed_package(tmp_path: Path) -> None:
    packages = tmp_path / "packages"
    install_package(build_tiny_package(tmp_path), packages)
    before = sorted(p.relative_to(packages) for p in packages.rglob("*"))
    with pytest.raises(ModelPackageError):
        install_package(_variant(tmp_path, drop="sentencepiece.model"), packages)
    assert sorted(p.relative_to(packages) for p in packages.rglob("*")) == before


def test_argos_packages_dir_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "env-packages"))
    install_package(build_tiny_package(tmp_path))
    assert [p.code for p in list_packages()] == ["fr-en"]
    assert (tmp_path / "env-packages" / TOP / "metadata.json").is_file()


def test_list_skips_non_packages_and_reports_broken_metadata(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / ".hidden").mkdir()
    assert list_packages(tmp_path) == []
    assert list_packages(tmp_path / "missing") == []
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "metadata.json").write_text("{")
    with pytest.raises(ModelPackageError, match="broken/metadata.json"):
        list_packages(tmp_path)


def test_index_unreachable_fails_fast_and_clean(tmp_path: Path) -> None:
    packages = tmp_path / "packages"
    start = time.monotonic()
    with pytest.raises(ModelPackageError) as err:
        install_from_index("fr", "en", packages, index_url="http://127.0.0.1:9/", timeout=2)
    assert time.monotonic() - start < 5
    assert "cannot reach the Argos package index" in str(err.value)
    assert "polyglot models install PATH" in str(err.value)
    assert not packages.exists() or list(packages.iterdir()) == []


@pytest.fixture
def local_index(tmp_path: Path):
    """A package index served over HTTP from tmp_path, holding the tiny fr→en package."""
    served = tmp_path / "served"
    served.mkdir()
    archive = build_tiny_package(served)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    index = [{"from_code": "fr", "to_code": "en", "package_version": "1.0", "links": [base + archive.name]}]
    (served / "index.json").write_text(json.dumps(index))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def test_install_from_local_index(tmp_path: Path, local_index: str) -> None:
    packages = tmp_path / "packages"
    info = install_from_index("fr", "en", packages, index_url=local_index, timeout=5)
    assert info.code == "fr-en"
    assert sorted(p.name for p in packages.iterdir()) == [TOP]  # the download was cleaned up
    with pytest.raises(ModelPackageError, match="no fr→de package"):
        install_from_index("fr", "de", packages, index_url=local_index, timeout=5)


def test_members_with_permission_bits_only_are_plain_files(tmp_path: Path) -> None:
    """Python's ZipFile.writestr stores mode 0o600 with no file type: that is a regular file."""
    import zipfile

    from argos_fixture import build_tiny_package

    from polyglot.packages import validate_archive

    (tmp_path / "a").mkdir()
    good = build_tiny_package(tmp_path / "a", "fr", "en")
    rezipped = tmp_path / "plain.argosmodel"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(rezipped, "w") as dst:
        for info in src.infolist():
            if not info.is_dir():
                dst.writestr(info.filename, src.read(info))
    assert all((i.external_attr >> 16) & 0o170000 == 0 for i in zipfile.ZipFile(rezipped).infolist())
    assert validate_archive(rezipped).from_code == "fr"


def _installed(packages: Path) -> dict[str, bytes]:
    return {p.relative_to(packages).as_posix(): p.read_bytes() for p in sorted(packages.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("occupant", ["package", "folder", "file"])
def test_a_folder_name_clash_is_refused_never_uninstalling(tmp_path: Path, occupant: str) -> None:
    packages = tmp_path / "packages"
    archives = tmp_path / "archives"
    archives.mkdir()
    other = TOP.replace("fr_en", "fr_de")
    if occupant == "package":  # fr→de installed in the folder the fr→en archive uses
        members = [(n.replace(TOP, other, 1), d) for n, d in _tiny_members()]
        install_package(_write_zip(archives / "de.argosmodel", members), packages)
        (packages / other).rename(packages / TOP)
        meta = json.loads((packages / TOP / "metadata.json").read_text())
        meta["to_code"] = "de"
        (packages / TOP / "metadata.json").write_text(json.dumps(meta))
    elif occupant == "folder":
        (packages / TOP).mkdir(parents=True)
        (packages / TOP / "notes.txt").write_text("mine")
    else:
        packages.mkdir()
        (packages / TOP).write_text("mine")
    before = _installed(packages)
    with pytest.raises(ModelPackageError, match=f"its folder {TOP} already holds"):
        install_package(_write_zip(archives / "en.argosmodel", list(_tiny_members())), packages)
    assert _installed(packages) == before
    assert not [p for p in packages.iterdir() if p.name.startswith(".")]


def test_package_info_as_dict_is_json(tmp_path: Path) -> None:
    info = install_package(build_tiny_package(tmp_path), tmp_path / "packages")
    data = json.loads(json.dumps(info.as_dict()))
    assert data["path"] == str(tmp_path / "packages" / TOP) and data["from_code"] == "fr"
