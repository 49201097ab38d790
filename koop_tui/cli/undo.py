"""`koop undo`, `koop redo`, `koop history [PARTNER]`: reverse koop's last change with a new one, and list changes."""

from __future__ import annotations

from koop_tui.cli import common
from koop_tui.cli.common import say
from koop_tui.cli.targets import open_store
from koop_tui.i18n import _


def configure_undo(parser) -> None:
    parser.description = _("Reverse koop's last change in this workspace with a new change (committed like any "
                           "other); repeat to walk back. Refused when a later change touched the same record.")


def configure_redo(parser) -> None:
    parser.description = _("Make the change undone last again (until another change is made).")


def configure_history(parser) -> None:
    parser.add_argument("partner", nargs="?", metavar="PARTNER", help=_("only this partner's file"))
    parser.add_argument("-n", "--max", type=int, default=20, metavar="N", help=_("at most N changes (default 20)"))


def said(message: str) -> str:
    """"log call with Jana Weber (Muster GmbH)" of the commit message "Log call with …" (which stays English, the
    team's shared history)."""
    return f"{message[:1].lower()}{message[1:]}"


def run_undo(args) -> int:
    entry = open_store(args).undo()
    say(_("Undid: {change}").format(change=said(entry.message)))
    return 0


def run_redo(args) -> int:
    entry = open_store(args).redo()
    say(_("Redid: {change}").format(change=said(entry.message)))
    return 0


def run_history(args) -> int:
    """git's log of the workspace's files (who made each change, and when); the journal without git."""
    from koop_tui.store import journal
    from koop_tui.sync import git

    root = common.workspace_root(args)
    path = "partners/"
    if args.partner:
        from koop_tui.store.lookup import find_partner

        path = f"partners/{find_partner(open_store(args).workspace, args.partner).slug}.toml"
    if git.is_repo(root):
        out = git.check(root, "log", f"-n{max(args.max, 1)}", "--date=format:%Y-%m-%d %H:%M",
                        "--format=%ad  %an  %s", "--", path, *(() if args.partner else ("koop.toml",)))
        lines = out.splitlines()
    else:
        slug = path.removeprefix("partners/").removesuffix(".toml")
        entries = [e for e in journal.read(root) if not args.partner or e.slug == slug]
        lines = [f"{e.time[:16].replace('T', ' ')}  {e.message}" for e in reversed(entries)][: max(args.max, 1)]
    for line in lines or [_("no changes yet")]:
        say(line)
    return 0
