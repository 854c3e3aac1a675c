"""The project configuration, ``polyglot.toml``: one declarative schema, validated in one pass.

Each TOML table is a frozen dataclass below; each of its fields is a setting whose
type comes from the annotation and whose default, one-line doc and checks come from
:func:`setting`. One walker (:func:`parse`) reads the TOML against these classes:
unknown tables and keys anywhere are errors with a "did you mean" hint, values of
the wrong type or out of range are errors naming the key and its line; every
problem is collected, then one :class:`ConfigError` lists them all. The commented
template written by ``polyglot init`` and ``docs/config.md``
(:mod:`polyglot.configdoc`) are generated from the same classes.

To add a setting, add one line to its table's class::

    on_errors: str = setting("stop", "What a failed language does to the run.", choices=("stop", "continue"))

then run ``python -m polyglot.configdoc > docs/config.md``. To add a table (``[tm]``),
write its class the same way and add it as a field of :class:`Config` (or of
:class:`EnginesConfig` for ``[engines.x]``) with ``setting(TmConfig(), "…")``.
Checks that span several keys go in the table's ``problems`` method.
"""

from __future__ import annotations

import datetime
import difflib
import math
import os
import re
import tomllib
import types
import typing
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import MISSING, Field, dataclass, field, fields, is_dataclass, replace
from pathlib import Path, PurePosixPath

from .errors import ConfigError
from .lang import Lang, valid

CONFIG_NAME = "polyglot.toml"
ENGINE_NAMES = ("auto", "argos", "apertium", "pseudo")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_URL = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?$")
#: Document metadata polyglot.toml may set; it wins over the document's own (front matter).
META_KEYS = ("title", "subtitle", "author", "date", "source_url", "licence")
#: The longest wait polyglot accepts for an engine: a day.
MAX_TIMEOUT = 86400.0

Check = Callable[[object], "str | None"]


def setting(
    default: object = MISSING,
    doc: str = "",
    *,
    check: Check | None = None,
    choices: tuple[str, ...] | None = None,
    example: object = None,
    convert: Callable[[object], object] | None = None,
) -> typing.Any:
    """A schema field: its default (none: required), one-line doc, and checks.

    ``check`` returns what is wrong with a well-typed value, or None; ``choices``
    lists the allowed strings; ``example`` is shown in the template instead of the
    default; ``convert`` turns the TOML value into the field's before it is checked.
    """
    meta = {"doc": doc, "check": check, "choices": choices, "example": example, "convert": convert}
    if is_dataclass(default):
        return field(default_factory=type(default), metadata=meta)
    return field(default=default, metadata=meta)


# --- checks ---------------------------------------------------------------------------------


def valid_language(code: object) -> bool:
    """A syntactically valid language code (``fr``, ``pt_BR``, ``zh-Hant``)."""
    return valid(code)


def language(value: object) -> str | None:
    """Problem with a language code: its syntax, then whether CLDR knows it."""
    if not valid_language(value):
        return f"{value!r} is not a language code (e.g. 'fr', 'pt_BR')"
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(Lang.of(str(value)).posix)
    except (UnknownLocaleError, ValueError):
        return f"unknown language {value!r}"
    return None


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


def relative_path(value: object) -> str | None:
    """Problem with a path that must stay inside the project."""
    if isinstance(value, str) and value and "\\" not in value and "\0" not in value:
        p = PurePosixPath(value)
        if not p.is_absolute() and ".." not in p.parts:
            return None
    return f"{value!r} must be a relative path inside the project"


def between(low: float, high: float, *, above: bool = False) -> Check:
    """A check that a number lies in [low, high] (or (low, high] with ``above``)."""

    def check(value: object) -> str | None:
        ok = isinstance(value, (int, float)) and (value > low if above else value >= low) and value <= high
        return None if ok else f"{value!r} must be {'above' if above else 'at least'} {low:g} and at most {high:g}"

    return check


def _text(value: object) -> str | None:
    return None if isinstance(value, str) and value.strip() else f"{value!r} must be non-empty text"


def _iso_date(value: object) -> object:
    """A TOML date (``date = 2025-09-17``) as ISO text; anything else as it is."""
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


def _url(value: object) -> str | None:
    ok = value == "" or (isinstance(value, str) and _URL.match(value))
    return None if ok else f"{value!r} must be an http(s) URL without query"


def _folder_url(value: object) -> object:
    return value + "/" if isinstance(value, str) and value and not value.endswith("/") else value


def document_name(path: str) -> str:
    """The document name ``polyglot init`` gives a source file: up to its first dot, each run
    of characters a name may not hold (quotes, spaces, newlines…) as one ``-``, accents dropped."""
    stem = PurePosixPath(path.replace("\\", "/")).name.split(".")[0]
    ascii_name = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip("-")
    return name if _NAME.match(name) else "document"


def _name(value: object) -> str | None:
    return None if isinstance(value, str) and _NAME.match(value) else f"{value!r} must be letters, digits, '.', '_' or '-'"


def _targets(value: object) -> str | None:
    """Problem with the target list: empty, a bad code, or one language twice (pt_BR and pt-BR)."""
    if not isinstance(value, tuple) or not value:
        return "must list at least one language"
    seen: dict[str, str] = {}
    for code in value:
        problem = language(code)
        if problem:
            return problem
        key = Lang.of(code).posix.lower()
        if key in seen:
            return f"{code!r} is listed twice" + (f" (as {seen[key]!r})" if seen[key] != code else "")
        seen[key] = code
    return None


# --- the schema -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectConfig:
    """The languages, and where catalogs, pages and the glossary live."""

    source_language: str = setting("fr", "Language of the source documents.", check=language)
    target_languages: tuple[str, ...] = setting(
        ("en",), "Languages to translate into (ISO 639 codes; pt_BR style regions allowed).", check=_targets
    )
    locales_dir: str = setting("locales", "Where PO catalogs live: `<locales_dir>/<lang>/LC_MESSAGES/<document>.po`.",
                               check=relative_path)
    output_dir: str = setting("build", "Where 'polyglot build' writes the site and exports.", check=relative_path)
    glossary: str | None = setting(None, "Glossary CSV (header: `source,note,do_not_translate,target:<lang>…`).",
                                   check=relative_path, example="glossary.csv")

    def problems(self) -> Iterator[tuple[str, str]]:
        if self.source_language in self.target_languages:
            yield "target_languages", f"must not contain the source language {self.source_language!r}"


@dataclass(frozen=True)
class DocumentConfig:
    """One source document: a name (used for catalogs and pages) and a project-relative path."""

    name: str = setting(doc="Name of its catalogs and pages: letters, digits, '.', '_' or '-'.", check=_name)
    path: str = setting(doc="The source file, relative to the project.", check=relative_path)
    format: str = setting("auto", "Source format; auto: by the file's extension.", choices=("auto", "text", "markdown"))
    title: str | None = setting(None, "Title; wins over the document's own (Markdown front matter).", check=_text)
    subtitle: str | None = setting(None, "Subtitle.", check=_text)
    author: str | None = setting(None, "Author.", check=_text)
    date: str | None = setting(None, "Publication date (a TOML date or text).", check=_text, convert=_iso_date)
    source_url: str | None = setting(None, "Where the original is published.", check=_text)
    licence: str | None = setting(None, "Licence of the text.", check=_text)

    @property
    def meta(self) -> tuple[tuple[str, str], ...]:
        """The metadata set here, as (key, value) pairs of :data:`META_KEYS`."""
        return tuple((key, value) for key in META_KEYS if (value := getattr(self, key)) is not None)


@dataclass(frozen=True)
class RayConfig:
    """The Ray cluster that runs the engines when ``executor = "ray"`` (``pip install 'polyglot[cluster]'``)."""

    address: str | None = setting(None, "Cluster address (\"auto\", \"ray://head:10001\"); unset: start a local cluster.",
                                  check=_text, example="ray://head-node:10001")
    workers: int = setting(2, "Actors, each holding one loaded engine.", check=between(1, 100000))
    batch_size: int = setting(64, "Segments per task.", check=between(1, 100000))
    num_cpus: float = setting(1.0, "CPUs each actor reserves.", check=between(0, 1024))
    num_gpus: float = setting(0.0, "GPUs each actor reserves (with [engines.argos] device set to cuda).",
                              check=between(0, 64))
    retries: int = setting(2, "Times a batch whose worker died is sent again.", check=between(0, 100))


@dataclass(frozen=True)
class TranslateConfig:
    """How machine translation is done."""

    engine: str = setting("auto", "auto: per language the best installed route (Argos, else Apertium); "
                          "pseudo: upper-cased source, for trying layouts.", choices=ENGINE_NAMES)
    executor: str = setting("local", "local: engines run on this machine; ray: batches go to a Ray cluster "
                            "([translate.ray]).", choices=("local", "ray"))
    workers: int = setting(0, "Cores a run uses here, its engines included: Apertium pipelines (chunks of every "
                           "language's batch), PO file layout, checks and page builders run this many side by side, "
                           "and a smaller count than the machine's confines the run to that many cores (CPU "
                           "affinity, Linux); 0: every core.", check=between(0, 1024))
    ray: RayConfig = setting(RayConfig(), "The Ray cluster, for executor ray.")


@dataclass(frozen=True)
class ArgosConfig:
    """CTranslate2 settings for Argos models."""

    packages_dir: str | None = setting(None, "Folder of installed Argos packages, relative to the project "
                                       "(default: Argos's own).", check=relative_path, example="models")
    device: str = setting("cpu", "Where models run.", choices=("cpu", "cuda", "auto"))
    threads: int = setting(0, "CPU threads; 0: let CTranslate2 decide.", check=between(0, 1024))
    beam_size: int = setting(2, "Beam width: higher is slower and sometimes better.", check=between(1, 64))
    compute_type: str = setting("auto", "CTranslate2 compute type (int8, float16, …).")
    batch_size: int = setting(32, "Segments per model call.", check=between(1, 4096))


@dataclass(frozen=True)
class ApertiumConfig:
    """Apertium: the command to run and an optional folder of extra pair data."""

    command: str = setting("apertium", "The apertium command.")
    data_dir: str | None = setting(None, "Folder of extra pair data, relative to the project.",
                                   check=relative_path, example="apertium-data")
    timeout: float = setting(300.0, "Seconds before a silent Apertium is stopped.",
                             check=between(0, MAX_TIMEOUT, above=True))


@dataclass(frozen=True)
class EnginesConfig:
    """Settings of each engine."""

    argos: ArgosConfig = setting(ArgosConfig(), "Argos Translate (neural, offline).")
    apertium: ApertiumConfig = setting(ApertiumConfig(), "Apertium (rule-based).")


def _percent_above_zero(value: object) -> str | None:
    return between(0, 100, above=True)(value)


def _memory_files(value: object) -> str | None:
    ok = isinstance(value, tuple) and all(v and "\0" not in v for v in value)
    return None if ok else "must list memory file paths"


@dataclass(frozen=True)
class TMConfig:
    """Translation memory: the similarity a fuzzy match needs, and other projects' memories to read."""

    min_similarity: float = setting(75.0, "Fuzzy matches at or above this similarity (%) are used before any engine.",
                                    check=_percent_above_zero)
    attach: tuple[str, ...] = setting((), "Other projects' memories (relative or absolute paths), read-only: a "
                                      "team's shared memory.", check=_memory_files,
                                      example=("../other/.polyglot/memory.sqlite3",))


@dataclass(frozen=True)
class PublishConfig:
    """When a language counts as reviewed, and what happens to one that does not."""

    threshold: float = setting(0.0, "A language is published as reviewed from this % reviewed on.",
                               check=between(0, 100))
    below: str = setting("mark", "Below the threshold: mark (machine translation marked) or omit the language.",
                         choices=("mark", "omit"))
    base_url: str = setting("", "Where the site is served: pages then get canonical and absolute alternate links.",
                            check=_url, convert=_folder_url, example="https://example.org/translations/")
    on_errors: str = setting(
        "fallback", "An entry with a check error (broken placeholder, missing number or footnote marker) is never "
        "published as is: fallback shows its last good translation or the original, marked; omit-language leaves "
        "the language out; publish publishes it anyway.", choices=("fallback", "omit-language", "publish"))


@dataclass(frozen=True)
class Config:
    """A validated project configuration; ``root`` is the folder holding polyglot.toml."""

    root: Path = field(default=Path("."), metadata={"internal": True})
    project: ProjectConfig = setting(ProjectConfig(), "Languages and folders.")
    translate: TranslateConfig = setting(TranslateConfig(), "Machine translation.")
    engines: EnginesConfig = setting(EnginesConfig(), "Engine settings.")
    publish: PublishConfig = setting(PublishConfig(), "Publishing.")
    tm: TMConfig = setting(TMConfig(), "Translation memory.")
    documents: tuple[DocumentConfig, ...] = setting((), "One [[documents]] table per source document.")

    def problems(self) -> Iterator[tuple[str, str]]:
        seen: set[str] = set()
        for i, d in enumerate(self.documents, 1):
            if d.name in seen:
                yield f"documents[{i}].name", f"{d.name!r} is used twice"
            seen.add(d.name)

    # Flat names the rest of polyglot reads.
    source_language = property(lambda self: self.project.source_language)
    target_languages = property(lambda self: self.project.target_languages)
    locales_dir = property(lambda self: self.project.locales_dir)
    output_dir = property(lambda self: self.project.output_dir)
    glossary = property(lambda self: self.project.glossary)
    engine = property(lambda self: self.translate.engine)
    argos = property(lambda self: self.engines.argos)
    apertium = property(lambda self: self.engines.apertium)

    def path(self, relative: str) -> Path:
        """An absolute path for a project-relative one."""
        return self.root / relative

    @property
    def state_dir(self) -> Path:
        """Where the cache and lock live."""
        return self.root / ".polyglot"


# --- the walker -----------------------------------------------------------------------------


def settings(cls: type) -> list[Field]:
    """The schema fields of a table class (``Config.root`` is not one)."""
    return [f for f in fields(cls) if not f.metadata.get("internal")]


_TYPE_NAMES = {str: "a string", int: "a whole number", float: "a finite number", bool: "true or false"}


def describe(hint: object) -> str:
    """A type as the error messages and docs name it ("a list of strings")."""
    if is_dataclass(hint):
        return "a table"
    if typing.get_origin(hint) is tuple:
        args = typing.get_args(hint)
        return "an array of tables" if is_dataclass(args[0]) else f"a list of {describe(args[0])[2:]}s"
    if isinstance(hint, types.UnionType):
        return " or ".join(describe(a) for a in typing.get_args(hint) if a is not type(None))
    return _TYPE_NAMES[hint]  # type: ignore[index]


class _Walk:
    """One pass over the TOML data against the schema, collecting (key, problem) pairs."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def table(self, cls: type, raw: dict, where: str) -> object:
        hints = typing.get_type_hints(cls)
        known = {f.name: f for f in settings(cls)}
        for key in raw:
            if key not in known:
                self.problems.append((_join(where, key), _unknown(key, raw[key], known, where)))
        values = {}
        for name, f in known.items():
            key = _join(where, name)
            required = f.default is MISSING and f.default_factory is MISSING
            if name not in raw:
                if required:
                    self.problems.append((key, "missing"))
            else:
                convert = f.metadata["convert"]
                value = self.value(hints[name], convert(raw[name]) if convert else raw[name], key)
                problem = None if value is _BAD else _check(f, value)
                if problem:
                    self.problems.append((key, problem))
                elif value is not _BAD:
                    values[name] = value
            if required and name not in values:
                values[name] = ""  # a placeholder: the problem is recorded, parse() raises
        obj = cls(**values)
        for key, problem in getattr(obj, "problems", lambda: ())():
            self.problems.append((_join(where, key), problem))
        return obj

    def value(self, hint: object, raw: object, key: str) -> object:
        if isinstance(hint, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        if is_dataclass(hint):
            if isinstance(raw, dict):
                return self.table(hint, raw, key)  # type: ignore[arg-type]
        elif typing.get_origin(hint) is tuple:
            (item, _) = typing.get_args(hint)
            if isinstance(raw, list):
                items = [self.value(item, v, f"{key}[{i}]" if is_dataclass(item) else key) for i, v in enumerate(raw, 1)]
                return _BAD if any(v is _BAD for v in items) else tuple(items)
        elif _fits(hint, raw):
            return float(raw) if hint is float else raw  # type: ignore[arg-type]
        self.problems.append((key, f"expected {describe(hint)}, got {_show(raw)}"))
        return _BAD


_BAD = object()


def _fits(hint: object, raw: object) -> bool:
    if isinstance(raw, bool) or hint is bool:
        return hint is bool and isinstance(raw, bool)
    if hint is float:
        return isinstance(raw, (int, float)) and math.isfinite(raw)
    return isinstance(raw, hint)  # type: ignore[arg-type]


def _check(f, value: object) -> str | None:
    choices = f.metadata.get("choices")
    if choices and value not in choices:
        return f"{value!r} must be one of {', '.join(choices)}"
    check = f.metadata.get("check")
    return check(value) if check else None


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _show(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _unknown(key: str, value: object, known: dict, where: str) -> str:
    """'unknown key', with the nearest known name, or the table the key belongs to."""
    what = "table" if isinstance(value, dict) else "key"
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    if close:
        return f"unknown {what} (did you mean {_join(where, close[0])!r}?)"
    home = [t for t, names in _ALL_KEYS.items() if key in names and t != where]
    if home:
        return f"unknown {what} (it belongs in [{home[0]}])"
    return f"unknown {what}; known: {', '.join(known)}"


def tables(cls: type = Config, where: str = "") -> Iterator[tuple[str, type, bool]]:
    """(dotted name, class, is an array of tables) of every table under ``cls``, in schema order."""
    hints = typing.get_type_hints(cls)
    for f in settings(cls):
        hint, array = hints[f.name], False
        if typing.get_origin(hint) is tuple and is_dataclass(typing.get_args(hint)[0]):
            hint, array = typing.get_args(hint)[0], True
        if is_dataclass(hint):
            name = _join(where, f.name)
            yield name, hint, array  # type: ignore[misc]
            yield from tables(hint, name)  # type: ignore[arg-type]


def options(cls: type) -> list[tuple[Field, object]]:
    """The settings of a table that are values, not tables, with their type."""
    hints = typing.get_type_hints(cls)
    return [(f, hints[f.name]) for f in settings(cls) if not is_dataclass(hints[f.name])]


_ALL_KEYS = {"": {f.name for f in settings(Config)}} | {
    name: {f.name for f in settings(cls)} for name, cls, _ in tables()
}


# --- reading --------------------------------------------------------------------------------


def _key_lines(text: str) -> dict[str, int]:
    """Line of each table header and key, as dotted names (``documents[2].path``).

    A light scan, enough to point at the line of a problem; TOML itself is read by tomllib.
    """
    lines: dict[str, int] = {}
    table = ""
    counts: dict[str, int] = {}
    for n, line in enumerate(text.split("\n"), 1):  # as tomllib counts lines
        if m := re.match(r"\s*\[\[\s*([\w.-]+)\s*\]\]", line):
            counts[m[1]] = counts.get(m[1], 0) + 1
            table = f"{m[1]}[{counts[m[1]]}]"
        elif m := re.match(r"\s*\[\s*([\w.-]+)\s*\]", line):
            table = m[1]
        elif m := re.match(r"\s*([\w-]+)\s*=", line):
            lines.setdefault(_join(table, m[1]), n)
            continue
        else:
            continue
        lines.setdefault(table, n)
    return lines


def _line(lines: dict[str, int], key: str) -> int | None:
    while key not in lines:
        shorter = re.sub(r"(\[\d+\]|\.[^.\[]*)$", "", key)
        if shorter == key:
            return None
        key = shorter
    return lines[key]


def parse(text: str, root: Path, filename: str = CONFIG_NAME) -> Config:
    """Validate the TOML text of a configuration; one ConfigError lists every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else text.rstrip("\n").count("\n") + 1
        raise ConfigError(f"invalid TOML: {exc}", path=filename, line=line) from None
    walk = _Walk()
    config = walk.table(Config, data, "")
    assert isinstance(config, Config)
    if walk.problems:
        lines = _key_lines(text)
        found = sorted(((_line(lines, k), k, p) for k, p in walk.problems), key=lambda x: x[0] or 1 << 30)
        parts = [f"line {n}: {k}: {p}" if n and i else f"{k}: {p}" for i, (n, k, p) in enumerate(found)]
        raise ConfigError("; ".join(parts), path=filename, line=found[0][0])
    return replace(config, root=root)


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


def load(root: Path) -> Config:
    """Read and validate ``root/polyglot.toml`` (and the ``SOURCE_DATE_EPOCH`` it will be used with)."""
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{CONFIG_NAME} not found", path=path, hint="run 'polyglot init'") from None
    except UnicodeDecodeError:
        raise ConfigError("not valid UTF-8", path=path) from None
    config = parse(text, root, filename=CONFIG_NAME)
    source_date()
    return config


#: The last second ``datetime`` can show (9999-12-31T23:59:59Z).
MAX_EPOCH = 253402300799


def source_date() -> datetime.datetime | None:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) as a UTC time, None when unset.

    ConfigError when it is not a whole number of seconds from 1970 to 9999.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and int(raw) <= MAX_EPOCH):
        raise ConfigError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a number of seconds since 1970-01-01 (0 to {MAX_EPOCH})",
            hint="e.g. SOURCE_DATE_EPOCH=$(date +%s)",
        )
    return datetime.datetime.fromtimestamp(int(raw), datetime.UTC)


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
