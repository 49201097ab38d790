"""`koop export`: the calendar (.ics), or the contacts as vCards, into a file or onto stdout."""

from __future__ import annotations

import sys
from pathlib import Path

from koop_tui import debug
from koop_tui.cli.common import check_days, load, say, today, warn_left_out, workspace_root
from koop_tui.cli.due import owner_filter
from koop_tui.errors import KoopError, UsageError
from koop_tui.i18n import _, os_reason
from koop_tui.model import DUE_KINDS, FEED_MODES
from koop_tui.store.files import NotRegular, atomic_write
from koop_tui.words import plural


def configure(parser) -> None:
    parser.add_argument("-o", "--out", metavar="FILE",
                        help=_("write to FILE atomically; '-' for stdout (the default when stdout is not a terminal)"))
    add_feed_options(parser)
    parser.add_argument("--vcard", action="store_true", help=_("export the contacts as vCards (.vcf) instead"))


def add_feed_options(parser) -> None:
    """Options shared by `koop export` and `koop serve`."""
    parser.add_argument("--within", type=int, metavar="DAYS", help=_("days ahead (default: [feed] horizon_days)"))
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--owner", metavar="NAME", help=_("partners owned by NAME (or by nobody); default: mine"))
    who.add_argument("--all", action="store_true", help=_("everyone's partners"))
    parser.add_argument("--include", action="append", metavar="KIND", choices=DUE_KINDS,
                        help=_("only items of this kind ({kinds}); repeatable").format(kinds=", ".join(DUE_KINDS)))
    parser.add_argument("--exclude", action="append", metavar="KIND", choices=DUE_KINDS,
                        help=_("leave out items of this kind; repeatable"))
    parser.add_argument("--mode", choices=FEED_MODES,
                        help=_("items: an event per due item; digest: one event a day (per owner) listing them "
                               "(default: [feed] mode)"))


def feed_options(args):
    """ics.Options from the shared options (whose partners: `koop due`'s owner_filter, per load)."""
    from koop_tui.ics import Options

    check_days(args.within, "--within")
    return Options(
        horizon_days=args.within,
        include=tuple(args.include) if args.include else None,
        exclude=tuple(args.exclude) if args.exclude else None,
        mode=args.mode,
    )


# The calendar's options, which --vcard (every contact, no dates) has no use for.
CALENDAR_ONLY = ("within", "owner", "all", "include", "exclude", "mode")


def run(args) -> int:
    root = workspace_root(args)
    target = None if args.out in (None, "-") else Path(args.out)
    if args.vcard:
        refuse_calendar_options(args)
    if args.out is None and sys.stdout.isatty():
        if args.vcard:
            raise UsageError(_("not writing contacts to the terminal; use --out FILE, --out - or redirect "
                               "(> contacts.vcf)"))
        raise UsageError(_("not writing a calendar to the terminal; use --out FILE, --out - or redirect (> koop.ics)"))
    if target is not None:
        check_target(target, root)
    if args.vcard:
        data, what = _vcards(args), _("contacts")
    else:
        data, what = _calendar(args)
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        atomic_write(target, data)
    except (OSError, NotRegular) as exc:
        raise KoopError(_("could not write {path}: {error}").format(
            path=target, error=os_reason(exc))) from None
    say(_("koop: wrote {what} to {path}").format(what=what, path=target), err=True)
    return 0


def refuse_calendar_options(args) -> None:
    """`--vcard --owner ben` wrote every contact, not ben's: an option the vCards ignore is a usage error."""
    given = ["--" + name for name in CALENDAR_ONLY if getattr(args, name, None) not in (None, False)]
    if given:
        options = ", ".join(given)
        raise UsageError(plural(len(given), "{options} shapes only the calendar; --vcard exports every contact",
                                "{options} shape only the calendar; --vcard exports every contact", options=options),
                         _("drop {options} to export the contacts, or --vcard to export the calendar").format(
                             options=options))


def _calendar(args) -> tuple[bytes, str]:
    from koop_tui.ics import calendar_for

    options = feed_options(args)
    workspace = load(args, strict=True)
    with debug.timed("calendar"):
        body, count = calendar_for(workspace, today(args), owner=owner_filter(args, workspace), options=options)
    return body, plural(count, "{n} event", "{n} events")


def _vcards(args) -> bytes:
    try:
        from koop_tui.importers.vcard import dumps_vcards
    except ImportError:
        raise KoopError(_("vCard export is not available in this version of koop")) from None
    from dataclasses import replace

    workspace = load(args, strict=True)
    warn_left_out(workspace)  # a contact's value that could not be read would be exported as its default
    return dumps_vcards(replace(workspace, partners=workspace.sound())).encode("utf-8")


def check_target(target: Path, root: Path) -> None:
    """Refuse targets that would damage the workspace or write through a link; warn inside a git work tree."""
    if target.is_symlink():
        raise KoopError(_("{path} is a symbolic link; not writing through it").format(path=target))
    if target.exists() and not target.is_file():
        raise KoopError(_("{path} is not a regular file").format(path=target))
    parent = target.parent.resolve()
    if not parent.is_dir():
        raise KoopError(_("directory {path} does not exist").format(path=target.parent))
    path = parent / target.name
    if path == root / "koop.toml" or parent == root / "partners" or _inside(parent, root / ".git"):
        raise KoopError(_("refusing to write the export over workspace data ({path})").format(path=path),
                        _("choose a file outside partners/ and .git/, other than koop.toml"))
    tree = next((d for d in (parent, *parent.parents) if (d / ".git").exists()), None)
    if tree is not None:
        say(_("koop: warning: {path} is inside the git work tree {tree}; add it to .gitignore or write it "
              "elsewhere").format(path=target, tree=tree), err=True)


def _inside(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents
