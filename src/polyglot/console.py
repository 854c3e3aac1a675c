"""The ``polyglot`` command's entry point: a Ctrl-C during start-up ends like one during a run.

Importing the CLI takes a moment (click, the library). A Ctrl-C that lands in an import
would otherwise end in a traceback (in Python 3.11 even a ``RuntimeError``, when it
interrupts a class being made); here it is held back until the imports are done, then
ends the command with one line and exit code 130, as :func:`polyglot.cli.main` does.
"""

from __future__ import annotations

import signal
import sys

from .errors import EXIT_INTERRUPTED


def interrupted() -> None:
    """Say that the command was interrupted, and end it with exit code 130."""
    print("polyglot: interrupted; completed work was kept", file=sys.stderr)
    sys.exit(EXIT_INTERRUPTED)


def main(argv: list[str] | None = None) -> None:
    """Import the CLI with SIGINT blocked, then run it."""
    mask = getattr(signal, "pthread_sigmask", None)
    try:
        held = mask(signal.SIG_BLOCK, {signal.SIGINT}) if mask else None
        try:
            from .cli import main as run
        finally:
            if mask:
                mask(signal.SIG_SETMASK, held)  # a Ctrl-C held meanwhile is raised here
        run(argv)
    except KeyboardInterrupt:
        interrupted()
