"""The project configuration, ``polyglot.toml``: a typed schema, validated in one pass.

Every problem found is collected; :func:`load` then raises one ConfigError
listing them all, naming the file.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import ConfigError
from .lang import Lang, valid

CONFIG_NAME = "polyglot.toml"
ENGINE_NAMES = ("auto", "argos", "apertium", "pseudo")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


META_KEYS = ("title", "subtitle", "author", "date", "source_url", "licence")


@dataclass(frozen=True)
class DocumentConfig:
    """One source document: a name (used for catalogs and pages), a project-relative path,
    and metadata that wins over the document's own (``meta``: (key, value) pairs of
    :data:`META_KEYS`: title, subtitle, author, date, source URL, licence)."""

    name: str
    path: str
    format: str = "auto"
    meta: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ArgosConfig:
    """CTranslate2 settings for Argos models."""

    packages_dir: str | None = None
    device: str = "cpu"
    threads: int = 0
    beam_size: int = 2
    compute_type: str = "auto"
    batch_size: int = 32


@dataclass(frozen=True)
class ApertiumConfig:
    """Apertium settings: the command to run and an optional folder of extra pair data."""

    command: str = "apertium"
    data_dir: str | None = None
    timeout: float = 300.0


@dataclass(frozen=True)
class PublishConfig:
    """When a language is published: ``threshold`` % reviewed; below it ``mark`` or ``omit``.

    ``on_errors``: what the publication gate does with an entry that has a check error
    (see :mod:`polyglot.gate`): ``fallback``, ``omit-language`` or ``publish``.
    """

    threshold: float = 0.0
    below: str = "mark"
    base_url: str = ""  # where the site is served (https://…/): canonical and Open Graph links
    on_errors: str = "fallback"


@dataclass(frozen=True)
class TMConfig:
    """Translation memory: the similarity (%) a fuzzy match needs; other projects' memories to read.

    ``attach`` lists memory files (``../other/.polyglot/memory.sqlite3``), relative to
    the project folder or absolute, opened read-only: a team's shared memory.
    """

    min_similarity: float = 75.0
    attach: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    """A validated project configuration; ``root`` is the folder holding polyglot.toml."""

    root: Path
    source_language: str = "fr"
    target_languages: tuple[str, ...] = ("en",)
    documents: tuple[DocumentConfig, ...] = ()
    locales_dir: str = "locales"
    output_dir: str = "build"
    engine: str = "auto"
    glossary: str | None = None
    argos: ArgosConfig = field(default_factory=ArgosConfig)
    apertium: ApertiumConfig = field(default_factory=ApertiumConfig)
    publish: PublishConfig = field(default_factory=PublishConfig)
    tm: TMConfig = field(default_factory=TMConfig)

    def path(self, relative: str) -> Path:
        """An absolute path for a project-relative one."""
        return self.root / relative

    @property
    def state_dir(self) -> Path:
        """Where the cache and lock live."""
        return self.root / ".polyglot"


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding polyglot.toml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"no {CONFIG_NAME} found in {start} or its parents",
        hint="run 'polyglot init' to create one",
    )


def _safe_relative(value: object) -> bool:
    if not isinstance(value, str) or not value or "\\" in value or "\0" in value:
        return False
    p = PurePosixPath(value)
    return not p.is_absolute() and ".." not in p.parts


def valid_language(code: object) -> bool:
    """A syntactically valid language code (``fr``, ``pt_BR``, ``zh-Hant``)."""
    return valid(code)


def normalize_language(code: str) -> str:
    """A language code as polyglot writes it: ``ES`` → ``es``, ``pt-br`` → ``pt_BR``.

    Raises ValueError naming the code when it is no language code, or one CLDR does not know.
    """
    from babel import Locale, UnknownLocaleError

    text = code.strip()
    if not valid_language(text.lower()):
        raise ValueError(f"{code!r} is not a language code (e.g. 'fr', 'pt_BR')")
    try:
        return str(Locale.parse(text.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"unknown language {code!r}") from None


def parse(text: str, root: Path, filename: str = CONFIG_NAME) -> Config:
    """Validate the TOML text of a configuration."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else text.rstrip("\n").count("\n") + 1
        raise ConfigError(f"invalid TOML: {exc}", path=filename, line=line) from None

    problems: list[str] = []
    project = data.get("project", {})
    if not isinstance(project, dict):
        problems.append("[project] must be a table")
        project = {}

    def lang(key: str, value: object) -> None:
        if not valid_language(value):
            problems.append(f"{key}: {value!r} is not a language code (e.g. 'fr', 'pt_BR')")
        else:
            from babel import Locale, UnknownLocaleError

            try:
                Locale.parse(Lang.of(str(value)).posix)
            except (UnknownLocaleError, ValueError):
                problems.append(f"{key}: unknown language {value!r}")

    source = project.get("source_language", "fr")
    lang("project.source_language", source)
    targets = project.get("target_languages", ["en"])
    if not isinstance(targets, list) or not targets:
        problems.append("project.target_languages must be a non-empty list")
        targets = []
    for t in targets:
        lang("project.target_languages", t)
    if source in targets:
        problems.append(f"project.target_languages must not contain the source language {source!r}")

    dirs = {}
    for key, default in (("locales_dir", "locales"), ("output_dir", "build")):
        value = project.get(key, default)
        if not _safe_relative(value):
            problems.append(f"project.{key}: {value!r} must be a relative path inside the project")
        dirs[key] = value

    docs = []
    names = set()
    raw_docs = data.get("documents", [])
    if not isinstance(raw_docs, list):
        problems.append("[[documents]] must be an array of tables")
        raw_docs = []
    for i, d in enumerate(raw_docs, 1):
        if not isinstance(d, dict):
            problems.append(f"documents[{i}] must be a table")
            continue
        name, path = d.get("name"), d.get("path")
        fmt = d.get("format", "auto")
        if not isinstance(name, str) or not _NAME.match(name):
            problems.append(f"documents[{i}].name: {name!r} must be letters, digits, '.', '_' or '-'")
        elif name in names:
            problems.append(f"documents[{i}].name: {name!r} is used twice")
        names.add(name)
        if not _safe_relative(path):
            problems.append(f"documents[{i}].path: {path!r} must be a relative path inside the project")
        if fmt not in ("auto", "text", "markdown"):
            problems.append(f"documents[{i}].format: {fmt!r} must be auto, text or markdown")
        meta = []
        for key in META_KEYS:
            value = d.get(key)
            if value is None:
                continue
            if isinstance(value, (datetime.date, datetime.datetime)):
                value = value.isoformat()
            if not isinstance(value, str) or not value.strip():
                problems.append(f"documents[{i}].{key}: {value!r} must be non-empty text")
                continue
            meta.append((key, value))
        unknown = sorted(set(d) - {"name", "path", "format", *META_KEYS})
        problems += [f"documents[{i}].{k}: unknown setting" for k in unknown]
        docs.append(DocumentConfig(str(name), str(path), fmt, tuple(meta)))

    translate = data.get("translate", {})
    engine = translate.get("engine", "auto") if isinstance(translate, dict) else "auto"
    if engine not in ENGINE_NAMES:
        problems.append(f"translate.engine: {engine!r} must be one of {', '.join(ENGINE_NAMES)}")

    glossary = project.get("glossary")
    if glossary is not None and not _safe_relative(glossary):
        problems.append(f"project.glossary: {glossary!r} must be a relative path inside the project")

    engines = data.get("engines", {})
    argos = _section(ArgosConfig, engines.get("argos", {}), "engines.argos", problems)
    if argos.device not in ("cpu", "cuda", "auto"):
        problems.append(f"engines.argos.device: {argos.device!r} must be cpu, cuda or auto")
    apertium = _section(ApertiumConfig, engines.get("apertium", {}), "engines.apertium", problems)
    publish = _section(PublishConfig, data.get("publish", {}), "publish", problems)
    if not 0 <= publish.threshold <= 100:
        problems.append("publish.threshold must be between 0 and 100")
    if publish.below not in ("mark", "omit"):
        problems.append(f"publish.below: {publish.below!r} must be mark or omit")
    if publish.base_url and not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", publish.base_url):
        problems.append(f"publish.base_url: {publish.base_url!r} must be an http(s) URL without query")
    elif publish.base_url and not publish.base_url.endswith("/"):
        publish = PublishConfig(publish.threshold, publish.below, publish.base_url + "/", publish.on_errors)
    if publish.on_errors not in ("fallback", "omit-language", "publish"):
        problems.append(f"publish.on_errors: {publish.on_errors!r} must be fallback, omit-language or publish")

    raw_tm = data.get("tm", {})
    attach = raw_tm.get("attach", []) if isinstance(raw_tm, dict) else []
    if not isinstance(attach, list) or not all(isinstance(a, str) and a and "\0" not in a for a in attach):
        problems.append("tm.attach must be a list of memory file paths")
        attach = []
    tm = _section(TMConfig, {k: v for k, v in raw_tm.items() if k != "attach"} if isinstance(raw_tm, dict) else raw_tm,
                  "tm", problems)
    if not 0 < tm.min_similarity <= 100:
        problems.append("tm.min_similarity must be a percentage above 0, at most 100")
    tm = TMConfig(float(tm.min_similarity), tuple(attach))

    if problems:
        raise ConfigError("; ".join(problems), path=filename)
    return Config(
        root=root,
        source_language=source,
        target_languages=tuple(targets),
        documents=tuple(docs),
        locales_dir=dirs["locales_dir"],
        output_dir=dirs["output_dir"],
        engine=engine,
        glossary=glossary,
        argos=argos,
        apertium=apertium,
        publish=publish,
        tm=tm,
    )


def _section(cls, raw: object, where: str, problems: list[str]):
    """Build a settings dataclass from a TOML table, recording unknown keys and wrong types."""
    if not isinstance(raw, dict):
        problems.append(f"[{where}] must be a table")
        return cls()
    defaults = cls()
    kwargs = {}
    for key, value in raw.items():
        if key not in cls.__dataclass_fields__:
            problems.append(f"{where}.{key}: unknown setting")
            continue
        want = type(getattr(defaults, key))
        if getattr(defaults, key) is not None and not (
            isinstance(value, want) or (want is float and isinstance(value, int))
        ):
            problems.append(f"{where}.{key}: expected {want.__name__}, got {value!r}")
            continue
        kwargs[key] = value
    return cls(**kwargs)


def load(root: Path) -> Config:
    """Read and validate ``root/polyglot.toml``."""
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{CONFIG_NAME} not found", path=path, hint="run 'polyglot init'") from None
    except UnicodeDecodeError:
        raise ConfigError("not valid UTF-8", path=path) from None
    return parse(text, root, filename=CONFIG_NAME)


TEMPLATE = '''\
# polyglot project configuration.
# Paths are relative to this file's folder.

[project]
# Language of the source documents.
source_language = {source}
# Languages to translate into (ISO 639 codes; pt_BR style regions allowed).
target_languages = [{targets}]
# Where PO catalogs live: <locales_dir>/<lang>/LC_MESSAGES/<document>.po
locales_dir = "locales"
# Where 'polyglot build' writes the site and exports.
output_dir = "build"
# Optional glossary (CSV with header: source,note,do_not_translate,target:<lang>…).
# glossary = "glossary.csv"

[translate]
# auto: per language the best installed route (Argos, else Apertium);
# pseudo: upper-cased source, for trying layouts.
engine = "auto"

[engines.argos]
# device = "cpu"        # or "cuda"
# threads = 0           # 0: let CTranslate2 decide
# beam_size = 2
# compute_type = "auto" # int8, float16, ...

[engines.apertium]
# command = "apertium"

[tm]
# Fuzzy matches from the translation memory at or above this similarity (%) are used
# (fuzzy, with the score in a comment) before any engine.
# min_similarity = 75
# Other projects' memories, read-only: a team's shared translation memory.
# attach = ["../other/.polyglot/memory.sqlite3"]

[publish]
# A language is published as reviewed when at least this % is reviewed;
# below it, "mark" publishes it with machine translation marked, "omit" leaves it out.
threshold = {threshold}
below = "mark"
# Where the site is served; pages then get canonical and absolute alternate links.
# base_url = "https://example.org/translations/"
# An entry with a check error (broken placeholder, missing number or footnote marker) is
# never published as is: "fallback" shows its last good translation or the original,
# marked; "omit-language" leaves the language out; "publish" publishes it anyway.
on_errors = "fallback"

# One [[documents]] table per source document. Optional metadata (it wins over a
# Markdown document's front matter): title, subtitle, author, date, source_url, licence.
{documents}'''


def document_name(path: str) -> str:
    """A document name for a source file: its name before the first dot, other characters made ``-``."""
    stem = PurePosixPath(path.replace("\\", "/")).name.split(".")[0]
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._") or "document"


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for c in value:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c != "\t" and (ord(c) < 32 or ord(c) == 127):
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def template(
    source: str, targets: list[str], documents: list[DocumentConfig], threshold: float = 80
) -> str:
    """The text of a commented polyglot.toml (``threshold``: % reviewed to publish as reviewed)."""
    docs = "\n".join(
        f"[[documents]]\nname = {toml_string(d.name)}\npath = {toml_string(d.path)}\n" for d in documents
    ) or '# [[documents]]\n# name = "article"\n# path = "seeds/article.fr.txt"\n'
    return TEMPLATE.format(
        source=toml_string(source),
        targets=", ".join(toml_string(t) for t in targets),
        documents=docs,
        threshold=f"{threshold:g}",
    )
