"""`koop rm PARTNER/CONTACT|PARTNER/ID [--yes]`: delete a contact or a record (asks first)."""

from __future__ import annotations

import sys

from koop_tui.cli.common import printable, say
from koop_tui.cli.targets import record_target
from koop_tui.errors import KoopError, UsageError
from koop_tui.i18n import _
from koop_tui.words import plural


def configure(parser) -> None:
    parser.add_argument("target", metavar="PARTNER/CONTACT|PARTNER/ID",
                        help=_("a contact, or a touchpoint, follow-up, project or agreement by id (`koop show` lists "
                               "them)"))
    parser.add_argument("-y", "--yes", action="store_true", help=_("do not ask"))
    parser.add_argument("-n", "--dry-run", action="store_true", help=_("say what would change, change nothing"))
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--keep-touches", action="store_true",
                       help=_("a contact's touchpoints and follow-ups stay, for the whole partner"))
    where.add_argument("--move-to", metavar="CONTACT", help=_("another contact takes over the deleted one's records"))


def run(args) -> int:
    store, partner, table, record = record_target(args, args.target)
    if table is None:
        raise UsageError(_("say what to delete at {name}: PARTNER/CONTACT or PARTNER/ID").format(name=partner.name),
                         _("a whole partner: set stage=ended, or delete its file"))
    label = store.describe(partner, table, record.id)
    touches = "keep" if args.keep_touches else None
    if args.move_to:
        from koop_tui.store.lookup import find_contact

        touches = find_contact(partner, args.move_to).id
    if table == "contacts" and touches is None and store.contact_uses(partner, record.id):
        raise KoopError(plural(store.contact_uses(partner, record.id),
                               "{name} is named by {n} other record of {partner}",
                               "{name} is named by {n} other records of {partner}", name=record.name,
                               partner=partner.name),
                        _("pass --keep-touches (they stay, for the whole partner) or --move-to CONTACT"))
    if args.dry_run:
        uses = store.contact_uses(partner, record.id) if table == "contacts" else 0
        if not uses:
            said = _("would delete {label}; dry run: nothing written").format(label=label)
        elif touches not in (None, "keep"):
            said = plural(uses, "would delete {label}; {n} record naming them would go to {name}; dry run: nothing "
                                "written",
                          "would delete {label}; {n} records naming them would go to {name}; dry run: nothing "
                          "written",
                          label=label, name=partner.contact(touches).name)
        else:
            said = plural(uses, "would delete {label}; {n} record naming them would stay, for everyone; dry run: "
                                "nothing written",
                          "would delete {label}; {n} records naming them would stay, for everyone; dry run: "
                          "nothing written", label=label)
        say(said)
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise KoopError(_("not deleted: {label}").format(label=label), _("pass --yes to delete without asking"))
        from koop_tui.cli.set import yes

        if not yes(input(printable(_("Delete {label}? [y/N] ").format(label=label)))):
            say(_("Nothing deleted"))
            return 1
    store.remove(partner.slug, table, record.id, touches)
    say(_("Deleted {label}").format(label=label))
    return 0
