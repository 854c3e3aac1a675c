"""The CLI reference (docs/cli.md), generated from the commands' own --help texts."""

from __future__ import annotations

import click


def reference() -> str:
    """Markdown with the --help text of every command, in the order a user meets them."""
    from .cli import cli

    out = ["# CLI reference", "", "Generated from `polyglot --help` by `python -m polyglot.clidoc`; do not edit.", ""]

    def walk(cmd: click.Command, path: list[str], parent: click.Context | None) -> None:
        # make_context applies context_settings (-h) the way a real invocation does
        ctx = cmd.make_context(
            path[-1], [], parent=parent, resilient_parsing=True, terminal_width=80, max_content_width=80
        )
        out.extend([f"## `{' '.join(path)}`", "", "```", cmd.get_help(ctx).rstrip(), "```", ""])
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                if sub is not None:
                    walk(sub, [*path, name], ctx)

    walk(cli, ["polyglot"], None)
    return "\n".join(out)


if __name__ == "__main__":
    print(reference(), end="")
