"""`koop` without a command: open the app on the workspace."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from koop_tui.cli.common import today, workspace_root
from koop_tui.errors import UsageError
from koop_tui.i18n import _
from koop_tui.gcpause import hold_for_start_up


def run(args) -> int:
    root = workspace_root(args)
    if not terminal():
        raise UsageError(_("the app needs a terminal, and koop's input or output is a pipe or a file"),
                         _("run koop in a terminal; in a script: koop due --json, koop list --json"))
    return open_app(root, today(args))


def terminal() -> bool:
    """Whether the app can run: it draws on stdout and reads keys from stdin (piped, it wrote escape codes into
    the pipe and waited for keys that never came, as in a cron job)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def open_app(root: Path, today: date | None = None) -> int:
    """Run the app until the person quits; used by `koop` and `koop demo`."""
    hold_for_start_up()  # `koop demo` has resumed the collector for its own work; the app resumes it once it is up
    from koop_tui.app.app import make_app

    make_app(Path(root), today).run()
    return 0
