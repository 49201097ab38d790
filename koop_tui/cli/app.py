"""`koop` without a command: open the app on the workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from koop_tui.cli.common import today, workspace_root
from koop_tui.gcpause import hold_for_start_up


def run(args) -> int:
    return open_app(workspace_root(args), today(args))


def open_app(root: Path, today: date | None = None) -> int:
    """Run the app until the person quits; used by `koop` and `koop demo`."""
    hold_for_start_up()  # `koop demo` has resumed the collector for its own work; the app resumes it once it is up
    from koop_tui.app.app import make_app

    make_app(Path(root), today).run()
    return 0
