"""`koop log PARTNER[/CONTACT] KIND`: record a touchpoint and say when the contact is next due."""

from __future__ import annotations


from koop_tui.cli import common
from koop_tui.cli.targets import allow_relative_dates, day, next_due_note, open_target, who_name
from koop_tui.dates import DATE_HELP
from koop_tui.errors import UsageError
from koop_tui.model import Touchpoint


def configure(parser) -> None:
    allow_relative_dates(parser)
    parser.add_argument("target", metavar="PARTNER[/CONTACT]", help="slug or name prefix, optionally /contact")
    parser.add_argument("kind", metavar="KIND", help="a touchpoint kind from koop.toml (call, mail, meeting, ...)")
    direction = parser.add_mutually_exclusive_group()
    for name, text in (("gave", "we did something for them"), ("received", "they did something for us"),
                       ("mutual", "both sides (meetings, calls)")):
        direction.add_argument(f"--{name}", dest="direction", action="store_const", const=name, help=text)
    parser.add_argument("--date", default="today", metavar="D", help=f"{DATE_HELP} (default: today; a weekday is the last one)")
    parser.add_argument("--note", default="", metavar="TEXT", help="what happened")
    parser.add_argument("--by", default=None, metavar="NAME", help="who logged it (default: you, or the default owner)")


def resolve_kind(kinds: dict, text: str) -> str:
    """A kind by exact name or unique prefix."""
    wanted = text.strip().lower()
    if wanted in kinds:
        return wanted
    found = [k for k in kinds if k.startswith(wanted)]
    if len(found) == 1:
        return found[0]
    listing = ", ".join(found or sorted(kinds))
    raise UsageError(f"{'ambiguous' if found else 'unknown'} kind '{text}' (kinds: {listing})")


def run(args) -> int:
    from koop_tui.identity import me

    when, today = day(args, args.date, "--date", past=True), common.today(args)
    if when > today:
        raise UsageError(f"--date {when.isoformat()} is in the future; a touchpoint records what happened",
                         f"plan it as a follow-up: koop add followup {args.target} TEXT --due {when.isoformat()}")
    store, partner, contact = open_target(args, args.target)
    kind = resolve_kind(store.settings.kinds, args.kind)
    if contact is not None and not contact.active_on(when):
        successor = partner.contact(contact.successor) if contact.successor else None
        instead = f"; {successor.name} took over" if successor else ""
        common.say(f"koop: warning: {contact.name} left {partner.name} on {contact.left.isoformat()}{instead}; "
                   "logged anyway", err=True)
    by = args.by if args.by is not None else me(store.root, store.settings.owners) or store.settings.default_owner
    touch = Touchpoint(id="", date=when, kind=kind, direction=args.direction or "", note=args.note, by=by,
                       contacts=[contact.id] if contact else [])
    touch = store.log_touch(partner.slug, touch)
    common.say(common.printable(f"Logged {store.settings.kinds[kind].title.lower()} ({touch.direction}) with "
                           f"{who_name(partner, contact)} on {when.isoformat()} [{touch.id}]"
                           f"{next_due_note(store, partner, contact, today)}"))
    return 0
