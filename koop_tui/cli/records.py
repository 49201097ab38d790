"""`koop done PARTNER/FOLLOWUP`, `koop end PARTNER/PROJECT`, `koop reviewed PARTNER/AGREEMENT`: close what is due."""

from __future__ import annotations

from koop_tui.cli import common
from koop_tui.cli.common import say
from koop_tui.cli.targets import allow_relative_dates, day, record_target
from koop_tui.errors import UsageError


def _configure(parser, what: str, date_help: str) -> None:
    allow_relative_dates(parser)
    parser.add_argument("target", metavar=f"PARTNER/{what.upper()}", help=f"a {what} by id or id prefix")
    parser.add_argument("--date", metavar="D", help=f"{date_help} (default: today)")


def configure_done(parser) -> None:
    _configure(parser, "followup", "when it was done")


def configure_end(parser) -> None:
    _configure(parser, "project", "when it ended")


def configure_reviewed(parser) -> None:
    allow_relative_dates(parser)
    parser.add_argument("target", metavar="PARTNER/AGREEMENT", help="an agreement by id or id prefix")
    parser.add_argument("--next", metavar="D", help="the next review (default: in a year; `none`: no more reviews)")


def _record(args, table: str, noun: str):
    """(store, partner, record) of PARTNER/ID, which must be a record of `table`."""
    store, partner, found, record = record_target(args, args.target)
    if found != table:
        raise UsageError(f"{args.target} is not a {noun} of {partner.name}", f"`koop show {partner.slug}` lists them")
    return store, partner, record


def run_done(args) -> int:
    store, partner, followup = _record(args, "followups", "follow-up")
    when = day(args, args.date, "--date", past=True) if args.date else common.today(args)
    store.complete_followup(partner.slug, followup.id, when)
    say(f"Done: follow-up '{followup.text}' ({partner.name}) on {when.isoformat()}")
    return 0


def run_end(args) -> int:
    store, partner, project = _record(args, "projects", "project")
    when = day(args, args.date, "--date", past=True) if args.date else common.today(args)
    if when < project.start:
        raise UsageError(f"--date {when.isoformat()} is before the project's start ({project.start.isoformat()})")
    store.end_project(partner.slug, project.id, when)
    say(f"Ended project '{project.name}' with {partner.name} on {when.isoformat()}")
    return 0


def run_reviewed(args) -> int:
    store, partner, agreement = _record(args, "agreements", "agreement")
    today = common.today(args)
    if args.next in ("none", "never"):
        after = None
    else:
        after = day(args, args.next or "+1y", "--next")
        if after <= today:
            raise UsageError(f"--next {after.isoformat()} is not after today", "e.g. --next +1y or `none`")
    label = store.describe(partner, "agreements", agreement.id)
    store.review_agreement(partner.slug, agreement.id, after)
    say(f"Reviewed {label}; " + (f"next review {after.isoformat()}" if after else "no more reviews"))
    return 0
