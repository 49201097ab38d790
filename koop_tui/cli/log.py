"""`koop log PARTNER[/CONTACT] KIND`: record a touchpoint and say when the contact is next due."""

from __future__ import annotations


from koop_tui.cli import common
from koop_tui.cli.targets import choose, day, next_due_note, open_target, who_name
from koop_tui.dates import DATE_HELP
from koop_tui import i18n
from koop_tui.errors import UsageError
from koop_tui.i18n import _
from koop_tui.model import Touchpoint, kind_shown
from koop_tui.words import direction_word


def configure(parser) -> None:
    parser.add_argument("target", metavar="PARTNER[/CONTACT]",
                        help=_("slug or name prefix, optionally /contact; or a contact's e-mail address"))
    parser.add_argument("kind", metavar="KIND", help=_("a touchpoint kind from koop.toml (call, mail, meeting, ...)"))
    direction = parser.add_mutually_exclusive_group()
    for name, text in (("gave", _("we did something for them")), ("received", _("they did something for us")),
                       ("mutual", _("both sides (meetings, calls)"))):
        direction.add_argument(f"--{name}", dest="direction", action="store_const", const=name, help=text)
    parser.add_argument("--date", default="today", metavar="D",
                        help=_("{forms} (default: today; a weekday is the last one)").format(forms=DATE_HELP))
    parser.add_argument("--note", default="", metavar="TEXT", help=_("what happened"))
    parser.add_argument("--by", default=None, metavar="NAME",
                        help=_("who logged it (default: you, or the default owner)"))


def resolve_kind(kinds: dict, text: str) -> str:
    """A kind by name or unique prefix, as the files name it or as the language says it (targets.choose)."""
    if not text.strip():
        raise UsageError(_("empty kind"), _("kinds: {kinds}").format(kinds=", ".join(kinds)))
    return choose(sorted(kinds), text, lambda k: kind_shown(k, kinds), _("unknown kind '{text}' (kinds: {known})"),
                  _("ambiguous kind '{text}' (kinds: {known})"))


def run(args) -> int:
    from koop_tui.identity import me

    if args.by is not None and not args.by.strip():  # `--by "$ME"` with ME unset: a touchpoint by nobody
        raise UsageError(_("--by is empty"), _("leave it out for you, or the default owner"))
    when, today = day(args, args.date, "--date", past=True), common.today(args)
    if when > today:
        raise UsageError(_("--date {date} is in the future; a touchpoint records what happened").format(
                             date=i18n.day(when)),
                         _("plan it as a follow-up: koop add followup {target} TEXT --due {date}").format(
                             target=args.target, date=when.isoformat()))
    store, partner, contact = open_target(args, args.target)
    kind = resolve_kind(store.settings.kinds, args.kind)
    if contact is not None and not contact.active_on(when):
        successor = partner.contact(contact.successor) if contact.successor else None
        if successor:
            text = _("koop: warning: {name} left {partner} on {date}; {successor} took over; logged anyway")
        else:
            text = _("koop: warning: {name} left {partner} on {date}; logged anyway")
        common.say(text.format(name=contact.name, partner=partner.name, date=i18n.day(contact.left),
                               successor=successor.name if successor else ""), err=True)
    by = (args.by.strip() if args.by is not None
          else me(store.root, store.settings.owners) or store.settings.default_owner)
    touch = Touchpoint(id="", date=when, kind=kind, direction=args.direction or "", note=args.note, by=by,
                       contacts=[contact.id] if contact else [])
    touch = store.log_touch(partner.slug, touch)
    said = _("Logged {kind} ({direction}) with {who} on {date} [{id}]").format(
        kind=kind_shown(kind, store.settings.kinds), direction=direction_word(touch.direction),
        who=who_name(partner, contact), date=i18n.day(when), id=touch.id)
    common.say(common.printable(said + next_due_note(store, partner, contact, today)))
    return 0
