"""`koop undo`, `koop redo`, `koop history [PARTNER]`: reverse koop's last change with a new one, and list changes."""

from __future__ import annotations

from koop_tui import i18n
from koop_tui.cli import common
from koop_tui.cli.common import say
from koop_tui.cli.targets import open_store
from koop_tui.errors import UsageError
from koop_tui.i18n import _, shown


def configure_undo(parser) -> None:
    parser.description = _("Reverse koop's last change in this workspace with a new change (committed like any "
                           "other); repeat to walk back. Refused when a later change touched the same record.")


def configure_redo(parser) -> None:
    parser.description = _("Make the change undone last again (until another change is made).")


def configure_history(parser) -> None:
    parser.add_argument("partner", nargs="?", metavar="PARTNER", help=_("only this partner's file"))
    parser.add_argument("-n", "--max", type=int, default=20, metavar="N", help=_("at most N changes (default 20)"))


def run_undo(args) -> int:
    unit = open_store(args).undo()
    say(_("Undid: {change}").format(change=unit.phrase))
    return 0


def run_redo(args) -> int:
    unit = open_store(args).redo()
    say(_("Redid: {change}").format(change=unit.phrase))
    return 0


def run_history(args) -> int:
    """git's log of the workspace's files (who made each change, and when); the journal without git. Changes this
    clone's journal knows are said in the user's language, other commits as their author wrote them."""
    from koop_tui.store import journal
    from koop_tui.sync import git

    if args.max < 1:
        raise UsageError(_("-n: give at least 1, got {n}").format(n=args.max))
    root = common.workspace_root(args)
    path = "partners/"
    if args.partner is not None:  # "" is refused by the lookup, not taken as every partner
        from koop_tui.store.lookup import split_target

        workspace = open_store(args).workspace
        typed = f"partners/{args.partner.strip().lower().removesuffix('.toml')}.toml"
        # a file with errors has a history too: it tells what broke it
        path = (typed if typed in workspace.file_errors()
                else f"partners/{split_target(workspace, args.partner)[0].slug}.toml")  # also by a contact's e-mail
    entries = journal.read(root)
    if git.is_repo(root) and git.head(root) is not None:  # before a first commit, the journal says it all
        known = {str(e.title or e.message): e.title or e.message for e in entries}
        out = git.check(root, "log", f"-n{args.max}", "--date=format:%Y-%m-%d %H:%M",
                        "--format=%ad%x00%an%x00%s", "--", path, *(() if args.partner is not None else ("koop.toml",)))
        lines = []
        for line in out.splitlines():
            when, who, subject = line.split("\0", 2)
            lines.append(f"{_when(when)}  {who}  {shown(known.get(subject, subject))}")
    else:
        slug = path.removeprefix("partners/").removesuffix(".toml")
        entries = [e for e in entries if args.partner is None or e.slug == slug]
        lines = [f"{_when(e.time[:16].replace('T', ' '))}  {e.shown}" for e in reversed(entries)][: args.max]
    for line in lines or [_("no changes yet")]:
        say(line, wrap=True)
    return 0


def _when(stamp: str) -> str:
    """"2026-11-20 14:05" as the language writes the day: German "20.11.2026 14:05"."""
    from datetime import date

    try:
        return f"{i18n.day(date.fromisoformat(stamp[:10]))}{stamp[10:]}"
    except ValueError:
        return stamp
