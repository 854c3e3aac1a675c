"""Argos model packages: list, validate and install ``.argosmodel`` archives.

An ``.argosmodel`` is a zip holding one folder with ``metadata.json``, a
CTranslate2 model under ``model/`` and a tokenizer (``sentencepiece.model`` or
``bpe.model``), optionally ``stanza/`` or ``minisbd/`` sentence splitters.
Archives are checked member by member before anything touches the packages
folder; installation extracts into a hidden temporary folder inside it and
renames that into place, so a failed install leaves the folder as it was.

argostranslate's own ``install_from_path`` is not used for the extraction: it
calls ``ZipFile.extractall`` into a folder fixed when ``argostranslate.settings``
is first imported, with no check on member names. Its ``Package`` class is used
to read the staged package back (when argostranslate is installed), so what we
install is exactly what argostranslate itself can load.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .config import valid_language
from .errors import ModelPackageError

MAX_MEMBER_BYTES = 2 * 1024**3
MAX_TOTAL_BYTES = 8 * 1024**3
DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
OFFLINE_HINT = "download the .argosmodel elsewhere and run `polyglot models install PATH`"
TOKENIZERS = ("sentencepiece.model", "bpe.model")
_VOCABULARIES = (
    ("shared_vocabulary.txt",),
    ("shared_vocabulary.json",),
    ("source_vocabulary.txt", "target_vocabulary.txt"),
    ("source_vocabulary.json", "target_vocabulary.json"),
)
_TOP = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
_STAGING_PREFIX = ".polyglot-install-"


@dataclass(frozen=True)
class PackageMeta:
    """What a valid archive declares: its top folder and its metadata.json fields."""

    top: str
    from_code: str
    to_code: str
    version: str
    from_name: str = ""
    to_name: str = ""
    tokenizer: str = "sentencepiece.model"
    target_prefix: str = ""


@dataclass(frozen=True)
class PackageInfo:
    """An installed translation package."""

    from_code: str
    to_code: str
    version: str
    path: Path
    from_name: str = ""
    to_name: str = ""
    tokenizer: str = "sentencepiece.model"
    target_prefix: str = ""

    @property
    def code(self) -> str:
        """The pair, as ``fr-en``; also the route step name."""
        return f"{self.from_code}-{self.to_code}"

    def as_dict(self) -> dict[str, str]:
        """The fields as JSON-ready values (the path as a string)."""
        return {**{k: getattr(self, k) for k in self.__dataclass_fields__}, "path": str(self.path)}


def default_packages_dir() -> Path:
    """Where argostranslate looks by default: ``$ARGOS_PACKAGES_DIR``, else its XDG data folder."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "argos-translate" / "packages"


def resolve_packages_dir(packages_dir: str | Path | None) -> Path:
    """The configured folder, or argostranslate's default one."""
    return Path(packages_dir) if packages_dir else default_packages_dir()


def _parse_metadata(raw: bytes, where: str) -> dict:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelPackageError(f"metadata.json is not valid JSON: {exc}", path=where) from None
    except RecursionError:
        raise ModelPackageError("metadata.json is nested too deeply to be package metadata", path=where) from None
    if not isinstance(data, dict):
        raise ModelPackageError("metadata.json must hold a JSON object", path=where)
    problems = []
    for key in ("from_code", "to_code"):
        if not valid_language(data.get(key)):
            problems.append(f"{key} must be a language code, got {data.get(key)!r}")
    if not isinstance(data.get("package_version"), str) or not data["package_version"]:
        problems.append("package_version must be a non-empty string")
    for key in ("from_name", "to_name", "type", "target_prefix", "argos_version"):
        if key in data and not isinstance(data[key], str):
            problems.append(f"{key} must be a string")
    if problems:
        raise ModelPackageError("metadata.json: " + "; ".join(problems), path=where)
    return data


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if not name or "\\" in name or any(ord(c) < 32 for c in name):
        return f"member {name!r} has an unsafe name"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return f"member {name!r} has an absolute path"
    parts = PurePosixPath(name).parts
    if ".." in parts or "." in parts or "//" in name:
        return f"member {name!r} escapes the package folder (path traversal)"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return f"member {name!r} is a symbolic link"
    # zip writers that store permission bits only (Python's writestr: 0o600) mean a plain file
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return f"member {name!r} is not a regular file"
    if info.flag_bits & 0x1:
        return f"member {name!r} is encrypted"
    return None


def validate_archive(
    path: str | Path,
    *,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
) -> PackageMeta:
    """Check an ``.argosmodel`` without extracting it; raise ModelPackageError naming the reason."""
    path = Path(path)
    where = str(path)

    def fail(reason: str) -> ModelPackageError:
        return ModelPackageError(f"not a valid Argos package: {reason}", path=where)

    if not path.is_file():
        raise fail("no such file")
    if not zipfile.is_zipfile(path):
        raise fail("not a zip archive")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names: set[str] = set()
            total = 0
            for info in infos:
                problem = _member_problem(info)
                if problem:
                    raise fail(problem)
                key = info.filename.rstrip("/")
                if key in names:
                    raise fail(f"member {key!r} appears twice")
                names.add(key)
                if info.file_size > max_member_bytes:
                    raise fail(f"member {key!r} is too large ({info.file_size} bytes)")
                total += info.file_size
            if total > max_total_bytes:
                raise fail(f"archive expands to {total} bytes, more than {max_total_bytes}")
            tops = {PurePosixPath(n).parts[0] for n in names}
            if len(tops) != 1:
                raise fail(f"expected exactly one top folder, found {len(tops)}: {', '.join(sorted(tops))}")
            top = tops.pop()
            if any(i.filename == top for i in infos):
                raise fail(f"{top!r} is a file, not a folder")
            if not _TOP.match(top):
                raise fail(f"top folder name {top!r} is not allowed")
            if f"{top}/metadata.json" not in names:
                raise fail(f"{top}/metadata.json is missing")
            meta = _parse_metadata(zf.read(f"{top}/metadata.json"), f"{where}:{top}/metadata.json")
            if meta.get("type", "translate") != "translate":
                raise fail(f"package type {meta['type']!r} is not a translation package")
            if f"{top}/model/model.bin" not in names:
                raise fail(f"{top}/model/model.bin is missing (no CTranslate2 model)")
            if not any(all(f"{top}/model/{v}" in names for v in vocab) for vocab in _VOCABULARIES):
                raise fail(f"{top}/model/ has no vocabulary file")
            tokenizer = next((t for t in TOKENIZERS if f"{top}/{t}" in names), None)
            if tokenizer is None:
                raise fail(f"{top}/ has no tokenizer ({' or '.join(TOKENIZERS)})")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise fail(f"unreadable archive: {exc}") from None
    return PackageMeta(
        top=top,
        from_code=meta["from_code"],
        to_code=meta["to_code"],
        version=meta["package_version"],
        from_name=meta.get("from_name", ""),
        to_name=meta.get("to_name", ""),
        tokenizer=tokenizer,
        target_prefix=meta.get("target_prefix", ""),
    )


def read_package(folder: Path) -> PackageInfo | None:
    """The package installed in ``folder``; None for folders that hold none (or no translation)."""
    meta_path = folder / "metadata.json"
    if not meta_path.is_file():
        return None
    meta = _parse_metadata(meta_path.read_bytes(), str(meta_path))
    if meta.get("type", "translate") != "translate":
        return None
    tokenizer = next((t for t in TOKENIZERS if (folder / t).is_file()), "")
    return PackageInfo(
        from_code=meta["from_code"],
        to_code=meta["to_code"],
        version=meta["package_version"],
        path=folder,
        from_name=meta.get("from_name", ""),
        to_name=meta.get("to_name", ""),
        tokenizer=tokenizer,
        target_prefix=meta.get("target_prefix", ""),
    )


def list_packages(packages_dir: str | Path | None = None) -> list[PackageInfo]:
    """Installed translation packages, sorted by pair then version."""
    root = resolve_packages_dir(packages_dir)
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        info = read_package(folder)
        if info is not None:
            found.append(info)
    return sorted(found, key=lambda p: (p.from_code, p.to_code, p.version, p.path.name))


def _extract(zf: zipfile.ZipFile, dest: Path, max_member_bytes: int) -> None:
    """Extract member by member, counting bytes actually written (sizes in headers can lie)."""
    for info in zf.infolist():
        target = dest.joinpath(*PurePosixPath(info.filename).parts)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with zf.open(info) as src, open(target, "xb") as out:
            while chunk := src.read(1 << 20):
                written += len(chunk)
                if written > max_member_bytes:
                    raise ModelPackageError(f"member {info.filename!r} expands beyond {max_member_bytes} bytes")
                out.write(chunk)


def _check_with_argostranslate(folder: Path, meta: PackageMeta) -> None:
    """Load the staged package with argostranslate's own reader, when it is installed."""
    if importlib.util.find_spec("argostranslate") is None:
        return
    # argostranslate.settings creates its data, config and cache folders when first imported:
    # point them into the staging folder (removed afterwards), never at the home directory
    scratch = folder.parent / ".argostranslate-settings"
    saved = {v: os.environ.get(v) for v in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "SNAP_USER_DATA")}
    try:
        for var in saved:
            os.environ.pop(var, None)
            if var != "SNAP_USER_DATA":
                os.environ[var] = str(scratch / var.lower())
        from argostranslate.package import Package
    finally:
        for var, value in saved.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value
    pkg = Package(folder)
    if (pkg.from_code, pkg.to_code) != (meta.from_code, meta.to_code):
        raise ModelPackageError("argostranslate reads a different language pair from metadata.json")


def install_package(
    path: str | Path,
    packages_dir: str | Path | None = None,
    *,
    max_member_bytes: int = MAX_MEMBER_BYTES,
) -> PackageInfo:
    """Validate an ``.argosmodel`` and install it atomically, replacing any package of the same pair."""
    path = Path(path)
    meta = validate_archive(path, max_member_bytes=max_member_bytes)
    root = resolve_packages_dir(packages_dir)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=root))
    replaced: list[Path] = []
    try:
        try:
            with zipfile.ZipFile(path) as zf:
                _extract(zf, staging, max_member_bytes)
            _check_with_argostranslate(staging / meta.top, meta)
        except ModelPackageError as exc:
            raise ModelPackageError(f"not a valid Argos package: {exc.message}", path=path) from None
        except Exception as exc:  # noqa: BLE001  zip, I/O or argostranslate reader failure
            raise ModelPackageError(f"not a valid Argos package: {exc}", path=path) from None
        old = [p.path for p in list_packages(root) if (p.from_code, p.to_code) == (meta.from_code, meta.to_code)]
        dest = root / meta.top
        if (dest.exists() or dest.is_symlink()) and dest not in old:
            other = read_package(dest) if dest.is_dir() and not dest.is_symlink() else None
            held = f"package {other.code} {other.version}" if other else "something that is not a translation package"
            raise ModelPackageError(
                f"cannot install {meta.from_code}→{meta.to_code}: its folder {meta.top} already holds {held}",
                path=root / meta.top,
                hint="remove that folder first if it is no longer wanted",
            )
        for i, folder in enumerate(old):
            aside = staging / f"old-{i}"
            folder.rename(aside)
            replaced.append(aside)
        (staging / meta.top).rename(dest)
    except BaseException:
        for i, aside in enumerate(replaced):  # put replaced packages back
            original = old[i]
            if not original.exists():
                aside.rename(original)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    info = read_package(dest)
    assert info is not None
    return info


def install_from_index(
    from_code: str,
    to_code: str,
    packages_dir: str | Path | None = None,
    *,
    index_url: str | None = None,
    timeout: float = 10.0,
) -> PackageInfo:
    """Download the pair's package from the Argos index and install it; fails fast offline."""
    import urllib.error
    import urllib.request

    base = index_url or os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    url = base if base.endswith(".json") else base.rstrip("/") + "/index.json"

    def fetch(u: str) -> bytes:
        if not u.startswith(("http://", "https://")):
            raise ModelPackageError(f"unsupported URL {u!r}", hint=OFFLINE_HINT)
        req = urllib.request.Request(u, headers={"User-Agent": "polyglot"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.read()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ModelPackageError(
                f"cannot reach the Argos package index ({u}: {getattr(exc, 'reason', exc)})",
                hint=OFFLINE_HINT,
            ) from None

    try:
        index = json.loads(fetch(url))
    except json.JSONDecodeError:
        raise ModelPackageError(f"the Argos package index at {url} is not valid JSON", hint=OFFLINE_HINT) from None
    entries = (
        [e for e in index if isinstance(e, dict) and e.get("from_code") == from_code and e.get("to_code") == to_code]
        if isinstance(index, list)
        else []
    )
    if not entries:
        raise ModelPackageError(f"the Argos package index has no {from_code}→{to_code} package")
    links = [link for link in entries[0].get("links", []) if isinstance(link, str)]
    if not links:
        raise ModelPackageError(f"the index entry for {from_code}→{to_code} has no download link")
    root = resolve_packages_dir(packages_dir)
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_STAGING_PREFIX, suffix=".argosmodel", dir=root)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(fetch(links[0]))
        return install_package(tmp, root)
    finally:
        os.unlink(tmp)
