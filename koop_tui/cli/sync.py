"""`koop sync [--repair]`: commit, fetch, merge with koop's driver, push; explain whatever stops it."""

from __future__ import annotations

import sys

from koop_tui.cli.common import say, workspace_root
from koop_tui.errors import KoopError
from koop_tui.words import plural


def configure(parser) -> None:
    parser.add_argument(
        "--repair", action="store_true",
        help="finish a merge that left conflict markers in koop files by re-running koop's merge",
    )


def _progress():
    """On a terminal, "merging 120 of 1000 files changed on both sides" while a larger merge runs."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total > PROGRESS_FROM:
            end = "\n" if done == total else ""
            print(f"\rmerging {done} of {total} files changed on both sides", end=end, file=sys.stderr, flush=True)

    return show


PROGRESS_FROM = 20


def run(args) -> int:
    from koop_tui.sync import run_sync

    root = workspace_root(args)
    result = run_sync(root, repair_merge=args.repair, progress=_progress())
    for message in result.committed:
        say(f"committed: {message}")
    for path in result.repaired:
        say(f"repaired: {path}")
    for path in result.kept:
        say(f"kept: {path} (deleted on one side, edited on the other)")
    if not result.ok:
        raise KoopError(result.message, result.hint)
    say(result.message)
    partners = result.incoming.partners_text() if result.incoming else ""
    if partners:
        say(partners)
    if result.incoming and result.incoming.conflicts:
        say("new conflicts: " + ", ".join(result.incoming.conflicts))
    if result.conflicts:
        files = plural(len(result.conflicts), "{n} file", "{n} files")
        say(f"koop: {files} with conflicts to resolve: {', '.join(result.conflicts)}\n"
            "  hint: choose a value in the app, or edit the file and delete its [[conflicts]] records", err=True)
        return 1  # synced, but scripts must notice what is left to resolve
    return 0
