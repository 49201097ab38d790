"""`koop done PARTNER/FOLLOWUP`, `koop end PARTNER/PROJECT`, `koop reviewed PARTNER/AGREEMENT`: close what is due."""

from __future__ import annotations

from koop_tui.cli import common
from koop_tui.cli.common import say
from koop_tui.cli.targets import day, record_target
from koop_tui import i18n
from koop_tui.errors import UsageError
from koop_tui.i18n import _


def _configure(parser, what: str, target_help: str, date_help: str) -> None:
    parser.add_argument("target", metavar=f"PARTNER/{what.upper()}", help=target_help)
    parser.add_argument("--date", metavar="D", help=date_help)


def configure_done(parser) -> None:
    _configure(parser, "followup", _("a follow-up by id or id prefix"), _("when it was done (default: today)"))


def configure_end(parser) -> None:
    _configure(parser, "project", _("a project by id or id prefix"), _("when it ended (default: today)"))


def configure_reviewed(parser) -> None:
    parser.add_argument("target", metavar="PARTNER/AGREEMENT", help=_("an agreement by id or id prefix"))
    parser.add_argument("--next", metavar="D", help=_("the next review (default: in a year; `none`: no more reviews)"))


def _record(args, table: str, wrong: str):
    """(store, partner, record) of PARTNER/ID, which must be a record of `table`; `wrong` says it is not one
    ("{target} is not a project of {partner}": the whole sentence, for the article and the German gender)."""
    store, partner, found, record = record_target(args, args.target)
    if found != table:
        raise UsageError(wrong.format(target=args.target, partner=partner.name),
                         _("`koop show {slug}` lists them").format(slug=partner.slug))
    return store, partner, record


def run_done(args) -> int:
    store, partner, followup = _record(args, "followups", _("{target} is not a follow-up of {partner}"))
    when = day(args, args.date, "--date", past=True, side="done") if args.date else common.today(args)
    store.complete_followup(partner.slug, followup.id, when)
    say(_("Done: follow-up '{text}' ({partner}) on {date}").format(text=followup.text, partner=partner.name,
                                                                    date=i18n.day(when)))
    return 0


def run_end(args) -> int:
    store, partner, project = _record(args, "projects", _("{target} is not a project of {partner}"))
    when = day(args, args.date, "--date", past=True) if args.date else common.today(args)
    if when < project.start:
        raise UsageError(_("--date {date} is before the project's start ({start})").format(
            date=i18n.day(when), start=i18n.day(project.start)))
    store.end_project(partner.slug, project.id, when)
    say(_("Ended project '{name}' with {partner} on {date}").format(name=project.name, partner=partner.name,
                                                                     date=i18n.day(when)))
    return 0


def run_reviewed(args) -> int:
    store, partner, agreement = _record(args, "agreements", _("{target} is not an agreement of {partner}"))
    today = common.today(args)
    if args.next in ("none", "never"):
        after = None
    else:
        after = day(args, args.next or "+1y", "--next")
        if after <= today:
            raise UsageError(_("--next {date} is not after today").format(date=i18n.day(after)),
                             _("e.g. --next +1y or `none`"))
    label = store.describe(partner, "agreements", agreement.id)
    store.review_agreement(partner.slug, agreement.id, after)
    if after:
        say(_("Reviewed {label}; next review {date}").format(label=label, date=i18n.day(after)))
    else:
        say(_("Reviewed {label}; no more reviews").format(label=label))
    return 0
