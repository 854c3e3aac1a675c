"""The ``polyglot`` command's entry point: a Ctrl-C during start-up ends with one line and exit code 130."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

#: Runs an entry point with a Ctrl-C (SIGINT to itself) that lands while click is being imported.
LAUNCHER = """
import os, signal, sys
class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == "click":
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, CtrlC())
from {module} import main
main(["--help"])
"""


def _launch(module: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", LAUNCHER.format(module=module)], capture_output=True, text=True, timeout=60)


def test_ctrl_c_during_start_up_is_one_line_and_130() -> None:
    done = _launch("polyglot.console")
    assert (done.returncode, done.stderr) == (130, "polyglot: interrupted; completed work was kept\n")
    assert done.stdout == ""  # interrupted before the command ran


def test_without_the_entry_point_the_same_ctrl_c_is_a_traceback() -> None:
    """What the entry point is for: importing the CLI directly is interrupted in an import."""
    done = _launch("polyglot.cli")
    assert done.returncode != 130 and "KeyboardInterrupt" in done.stderr


def test_the_installed_command_is_the_entry_point() -> None:
    (script,) = entry_points(group="console_scripts", name="polyglot")
    assert script.value == "polyglot.console:main"
