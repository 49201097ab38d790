"""`koop sync [--repair]`: commit, fetch, merge with koop's driver, push; explain whatever stops it."""

from __future__ import annotations

import sys

from koop_tui.cli.common import workspace_root
from koop_tui.errors import KoopError
from koop_tui.words import plural


def configure(parser) -> None:
    parser.add_argument(
        "--repair", action="store_true",
        help="finish a merge that left conflict markers in koop files by re-running koop's merge",
    )


def run(args) -> int:
    from koop_tui.sync import run_sync

    root = workspace_root(args)
    result = run_sync(root, repair_merge=args.repair)
    for message in result.committed:
        print(f"committed: {message}")
    for path in result.repaired:
        print(f"repaired: {path}")
    for path in result.kept:
        print(f"kept: {path} (deleted on one side, edited on the other)")
    if not result.ok:
        raise KoopError(result.message, result.hint)
    print(result.message)
    if result.incoming and result.incoming.conflicts:
        print("new conflicts: " + ", ".join(result.incoming.conflicts))
    if result.conflicts:
        print(
            f"koop: {plural(len(result.conflicts), 'file')} with conflicts to resolve: {', '.join(result.conflicts)}\n"
            "  hint: choose a value in the app, or edit the file and delete its [[conflicts]] records",
            file=sys.stderr,
        )
        return 1  # synced, but scripts must notice what is left to resolve
    return 0
