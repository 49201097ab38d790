"""`koop rm PARTNER/CONTACT|PARTNER/ID [--yes]`: delete a contact or a record (asks first)."""

from __future__ import annotations

import sys

from koop_tui.cli.common import printable, say
from koop_tui.cli.targets import record_target
from koop_tui.errors import KoopError, UsageError


def configure(parser) -> None:
    parser.add_argument("target", metavar="PARTNER/CONTACT|PARTNER/ID",
                        help="a contact, or a touchpoint, follow-up, project or agreement by id (`koop show` lists them)")
    parser.add_argument("-y", "--yes", action="store_true", help="do not ask")
    parser.add_argument("-n", "--dry-run", action="store_true", help="say what would change, change nothing")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--keep-touches", action="store_true",
                       help="a contact's touchpoints and follow-ups stay, for the whole partner")
    where.add_argument("--move-to", metavar="CONTACT", help="another contact takes over the deleted one's records")


def run(args) -> int:
    store, partner, table, record = record_target(args, args.target)
    if table is None:
        raise UsageError(f"say what to delete at {partner.name}: PARTNER/CONTACT or PARTNER/ID",
                         "a whole partner: set stage=ended, or delete its file")
    label = store.describe(partner, table, record.id)
    touches = "keep" if args.keep_touches else None
    if args.move_to:
        from koop_tui.store.lookup import find_contact

        touches = find_contact(partner, args.move_to).id
    if table == "contacts" and touches is None and store.contact_uses(partner, record.id):
        raise KoopError(f"{record.name} is named by {store.contact_uses(partner, record.id)} other record(s) of "
                        f"{partner.name}", "pass --keep-touches (they stay, for the whole partner) or --move-to CONTACT")
    if args.dry_run:
        uses = store.contact_uses(partner, record.id) if table == "contacts" else 0
        whom = f"go to {partner.contact(touches).name}" if touches not in (None, "keep") else "stay, for everyone"
        say(f"would delete {label}" + (f"; {uses} record(s) naming them would {whom}"
                                                   if uses else "") + "; dry run: nothing written")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise KoopError(f"not deleted: {label}", "pass --yes to delete without asking")
        if input(printable(f"Delete {label}? [y/N] ")).strip().lower() not in ("y", "yes"):
            say("Nothing deleted")
            return 1
    store.remove(partner.slug, table, record.id, touches)
    say(f"Deleted {label}")
    return 0
