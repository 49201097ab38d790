"""`koop set PARTNER[/CONTACT] KEY=VALUE...`: change fields, validated like the files."""

from __future__ import annotations

import argparse
import sys

from koop_tui.cli.add import parse_birthday_arg
from koop_tui.cli.common import printable
from koop_tui.cli.targets import day, days, open_target, who_name, word_list
from koop_tui.errors import KoopError, UsageError
from koop_tui.store.changes import CONTACT_FIELDS, PARTNER_FIELDS, handed_over

DATES = ("since", "left", "snoozed_until")
LISTS = ("tags", "skills", "emails", "domains")


def configure(parser) -> None:
    parser.add_argument("target", nargs="?", metavar="PARTNER[/CONTACT]",
                        help="slug or name prefix, optionally /contact")
    parser.add_argument("pairs", nargs=argparse.REMAINDER, metavar="KEY=VALUE",
                        help="e.g. stage=active cadence=14 tags=agency,seo left=2026-11-01 successor=tom; "
                             "an empty value clears the key")
    parser.add_argument("-y", "--yes", action="store_true", help="do not ask (e.g. activating with an open vetting)")
    handover = parser.add_argument_group("handover", "koop set --owner anna --to ben: all of anna's partners to ben, "
                                         "in one commit")
    handover.add_argument("--owner", metavar="NAME", help="hand over every partner NAME owns")
    handover.add_argument("--to", metavar="NAME", help="the new owner")
    handover.add_argument("--dry-run", action="store_true", help="list the partners, change nothing")


def convert(args, store, partner, key: str, text: str):
    """The typed value for a key; empty text clears it."""
    text = text.strip()
    if not text:
        return None
    if key == "cadence":
        return days(text, key)
    if key in DATES:
        return day(args, text, key, past=key != "snoozed_until")
    if key in LISTS:
        return word_list(text.split(","))
    if key == "birthday":
        return parse_birthday_arg(text)
    if key == "successor":
        from koop_tui.store.lookup import find_contact

        return find_contact(partner, text).id
    return text


def parse_pairs(args, store, partner, contact) -> dict:
    allowed = CONTACT_FIELDS if contact else PARTNER_FIELDS
    changes = {}
    pairs = [p for p in args.pairs if p not in ("--yes", "-y")]
    args.yes = args.yes or len(pairs) < len(args.pairs)
    if not pairs:
        raise UsageError("nothing to set; give KEY=VALUE pairs, e.g. stage=active")
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().replace("-", "_")
        if not sep:
            raise UsageError(f"expected KEY=VALUE, got {pair!r}")
        if key not in allowed:
            what = "a contact" if contact else "a partner"
            raise UsageError(f"cannot set '{key}' of {what} (settable: {', '.join(allowed)})")
        changes[key] = convert(args, store, partner, key, value)
    return changes


def confirm_activation(args, partner, changes) -> None:
    """Activating a prospect with an incomplete vetting needs a yes."""
    missing = partner.vetting.missing()
    if changes.get("stage") != "active" or partner.stage not in ("prospect", "vetting") or not missing or args.yes:
        return
    question = f"vetting of {partner.name} is incomplete (missing: {', '.join(missing)})"
    if sys.stdin.isatty():
        answer = input(f"{question}. Activate anyway? [y/N] ")
        if answer.strip().lower() in ("y", "yes"):
            return
    raise KoopError(question + "; not activated", "pass --yes to activate anyway")


def run(args) -> int:
    if args.owner is not None or args.to is not None or args.dry_run:
        from koop_tui.cli.handover import run as hand_over

        return hand_over(args)
    if args.target is None:
        raise UsageError("name a partner (koop set PARTNER KEY=VALUE...) or an owner (koop set --owner A --to B)")
    store, partner, contact = open_target(args, args.target)
    changes = parse_pairs(args, store, partner, contact)
    if not contact and f"partners/{partner.slug}.toml" not in store.workspace.file_errors():
        confirm_activation(args, partner, changes)  # with errors, the stage as written may be what is unknown
    moved = len(handed_over(partner, contact.id if contact else None, changes))
    store.set_fields(partner.slug, contact.id if contact else None, changes)
    shown = ", ".join(f"{k}={','.join(v) if isinstance(v, list) else '' if v is None else v}" for k, v in changes.items())
    tail = f"; {moved} open follow-up{'s' * (moved != 1)} moved to {changes['successor']}" if moved else ""
    print(printable(f"Set {shown} for {who_name(partner, contact)}{tail}"))
    return 0
