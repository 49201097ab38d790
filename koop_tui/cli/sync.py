"""`koop sync [--repair]`: commit, fetch, merge with koop's driver, push; explain whatever stops it."""

from __future__ import annotations

import sys

from koop_tui.cli.common import say, workspace_root
from koop_tui.errors import KoopError
from koop_tui.i18n import _, number
from koop_tui.words import plural


def configure(parser) -> None:
    parser.add_argument(
        "--repair", action="store_true",
        help=_("finish a merge that left conflict markers in koop files by re-running koop's merge"),
    )


def _progress():
    """On a terminal, "merging 120 of 1000 files changed on both sides" while a larger merge runs."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total > PROGRESS_FROM:
            end = "\n" if done == total else ""
            print("\r" + plural(total, "merging {done} of {n} file changed on both sides",
                                "merging {done} of {n} files changed on both sides", done=number(done)),
                  end=end, file=sys.stderr, flush=True)

    return show


PROGRESS_FROM = 20


def run(args) -> int:
    from koop_tui.sync import run_sync

    root = workspace_root(args)
    result = run_sync(root, repair_merge=args.repair, progress=_progress())
    for message in result.committed:  # commit messages stay English (docs/i18n.md): quoted as they are
        say((_("committed: {message} (an interrupted merge, concluded)") if message == result.concluded
             else _("committed: {message}")).format(message=message))
    for path in result.repaired:
        say(_("repaired: {path}").format(path=path))
    for line in result.deletions_met():
        say(line)
    if not result.ok:
        raise KoopError(result.message, result.hint)
    say(result.message)
    partners = result.incoming.partners_text() if result.incoming else ""
    if partners:
        say(partners)
    if result.incoming and result.incoming.conflicts:
        say(_("new conflicts: {files}").format(files=", ".join(result.incoming.conflicts)))
    problems = result.brought_in
    for problem in problems[:SHOWN]:
        say(_("koop: warning: {problem}").format(problem=problem), err=True)
    if len(problems) > SHOWN:
        say(plural(len(problems) - SHOWN, "koop: warning: and {n} more problem",
                   "koop: warning: and {n} more problems"), err=True)
    if problems:
        say("  " + _("hint: {hint}").format(hint=_(
            "these came in with this sync, the merge did not make them; fix them (`koop check` lists every "
            "problem), or ask whoever changed the file (`git log -p FILE`)")), err=True)
    if result.conflicts:
        say(plural(len(result.conflicts), "koop: {n} file with conflicts to resolve: {files}",
                   "koop: {n} files with conflicts to resolve: {files}", files=", ".join(result.conflicts))
            + "\n  " + _("hint: {hint}").format(
                hint=_("choose a value in the app, or edit the file and delete its [[conflicts]] records")), err=True)
        return 1  # synced, but scripts must notice what is left to resolve
    return 1 if problems else 0


SHOWN = 10  # problems that came in, named one a line
