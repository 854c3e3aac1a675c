"""The CLI reference (docs/cli.md), generated from the commands' own --help texts."""

from __future__ import annotations

import click


def reference() -> str:
    """Markdown with the --help text of every command, in the order a user meets them."""
    from .cli import cli

    out = ["# CLI reference", "", "Generated from `polyglot --help` by `python -m polyglot.clidoc`; do not edit.", ""]

    def walk(cmd: click.Command, path: list[str]) -> None:
        ctx = click.Context(cmd, info_name=" ".join(path), terminal_width=80, max_content_width=80)
        out.extend([f"## `{' '.join(path)}`", "", "```", cmd.get_help(ctx).rstrip(), "```", ""])
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), [*path, name])

    walk(cli, ["polyglot"])
    return "\n".join(out)


if __name__ == "__main__":
    print(reference(), end="")
