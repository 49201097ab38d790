"""`koop snooze PARTNER[/CONTACT] --until DATE | --clear`: leave the due list until a date."""

from __future__ import annotations

from koop_tui.cli.common import say, today
from koop_tui.cli.targets import day, open_target, who_name
from koop_tui import i18n
from koop_tui.dates import DATE_HELP
from koop_tui.i18n import _


def configure(parser) -> None:
    parser.add_argument("target", metavar="PARTNER[/CONTACT]",
                        help=_("slug or name prefix, optionally /contact; or a contact's e-mail address"))
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument("--until", metavar="DATE", help=DATE_HELP)
    when.add_argument("--clear", action="store_true", help=_("end the snooze now"))


def run(args) -> int:
    store, partner, contact = open_target(args, args.target)
    if args.clear and not (contact or partner).snoozed_on(today(args)):  # it said "no longer snoozed"
        say(_("{who} is not snoozed; nothing changed").format(who=who_name(partner, contact)))
        return 0
    until = None if args.clear else day(args, args.until, "--until", side="ahead")
    store.snooze(partner.slug, contact.id if contact else None, until)
    who = who_name(partner, contact)
    say(_("Snoozed {who} until {date}").format(who=who, date=i18n.day(until)) if until
        else _("{who} is no longer snoozed").format(who=who))
    return 0
