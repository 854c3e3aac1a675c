"""Text generated from the config schema: ``polyglot init``'s commented template and docs/config.md.

``python -m polyglot.configdoc > docs/config.md`` regenerates the reference; a test keeps it current.
"""

from __future__ import annotations

import textwrap
from dataclasses import MISSING

from .config import CONFIG_NAME, DocumentConfig, describe, options, tables, toml_string


def toml_value(value: object) -> str:
    """A Python value as TOML (strings escaped, so any file name makes valid TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _shown(f) -> object:
    return f.default if f.metadata["example"] is None else f.metadata["example"]


def _doc(f) -> str:
    doc = f.metadata["doc"]
    if f.metadata["choices"]:
        doc += f" One of: {', '.join(f.metadata['choices'])}."
    return doc


def _comment(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text, 88, initial_indent=f"# {indent}", subsequent_indent=f"# {indent}  ", break_on_hyphens=False
    )


def template(
    source: str, targets: list[str], documents: list[DocumentConfig], threshold: float = 80
) -> str:
    """A commented polyglot.toml: every setting with its doc, the ones not given commented out.

    ``threshold`` (% reviewed to publish a language as reviewed) is set: a new project
    publishes machine translation marked as such until it is mostly reviewed.
    """
    given = {
        "project.source_language": source,
        "project.target_languages": targets,
        "publish.threshold": threshold,
    }
    out = ["# polyglot project configuration; docs/config.md describes every setting.",
           "# Paths are relative to this file's folder. A commented-out setting shows its default",
           "# (or, for one without, an example).", ""]
    for name, cls, array in tables():
        if array or not options(cls):
            continue
        out.append(f"[{name}]")
        for f, _ in options(cls):
            key = f"{name}.{f.name}"
            out += _comment(_doc(f))
            if key in given:
                out.append(f"{f.name} = {toml_value(given[key])}")
            else:
                out.append(f"# {f.name} = {toml_value(_shown(f))}")
        out.append("")
    out.append("# One [[documents]] table per source document, with:")
    for f, _ in options(DocumentConfig):
        out += _comment(f"{f.name}: {_doc(f)}", "  ")
    for d in documents:
        out += ["[[documents]]", f"name = {toml_value(d.name)}", f"path = {toml_value(d.path)}", ""]
    if not documents:
        out += ["# [[documents]]", '# name = "article"', '# path = "seeds/article.fr.txt"', ""]
    return "\n".join(out)


def reference() -> str:
    """docs/config.md: every table and setting with its type, default and doc."""
    out = ["# Configuration reference", "",
           "Generated from the schema in `src/polyglot/config.py` by `python -m polyglot.configdoc`; do not edit.", "",
           f"`{CONFIG_NAME}` is TOML. Unknown tables and keys are errors, as are values of the wrong type.", ""]
    for name, cls, array in tables():
        if not options(cls):
            continue
        out += [f"## `[[{name}]]`" if array else f"## `[{name}]`", "", (cls.__doc__ or "").strip().splitlines()[0], "",
                "| key | type | default | meaning |", "| --- | --- | --- | --- |"]
        for f, hint in options(cls):
            default = "required" if f.default is MISSING else ("none" if f.default is None else
                                                                 f"`{toml_value(f.default)}`")
            out.append(f"| `{f.name}` | {describe(hint)} | {default} | {_doc(f)} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(reference(), end="")
