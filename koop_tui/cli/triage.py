"""`koop triage`: the imported partners waiting to be sorted; `koop triage PARTNER... --stage S` sorts several.

An import creates partners in the stage `imported` (docs/import.md): nothing is due for them until they are
sorted. Sorting gives each a stage (its cadence counting from the import day), a cadence (as a prospect), or
archives it as not a partner (stage `ended`: kept, so a later import does not bring it back, never due).
"""

from __future__ import annotations

import json

from koop_tui.cli import common
from koop_tui.cli.common import say
from koop_tui.cli.targets import days
from koop_tui.engine.triage import IMPORTED, SORTED, contacts_text, sort_message, waiting
from koop_tui.errors import UsageError

SHOWN = 3  # partners named in the one line a sort prints


def configure(parser) -> None:
    parser.add_argument("partners", nargs="*", metavar="PARTNER",
                        help="imported partners to sort (slug or name prefix); none: list every one waiting")
    parser.add_argument("--all", action="store_true", help="sort every imported partner waiting")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--stage", choices=SORTED, help="give them this stage")
    what.add_argument("--archive", action="store_true",
                      help="not a partner: stage ended (kept, never due; a new import does not bring it back)")
    parser.add_argument("--cadence", metavar="DAYS", help="give them this cadence (without --stage: as prospects)")
    parser.add_argument("-n", "--dry-run", action="store_true", help="say what would change, change nothing")
    parser.add_argument("--json", action="store_true", help="the list as one JSON array")


def run(args) -> int:
    if not args.partners and not args.all:
        if args.stage or args.archive or args.cadence or args.dry_run:
            raise UsageError("name the partners to sort, or --all for every imported one",
                             "`koop triage` lists them")
        return _list(args)
    if not (args.stage or args.archive or args.cadence):
        raise UsageError("say how to sort them: --stage S, --cadence DAYS or --archive",
                         f"stages: {', '.join(SORTED)}")
    return _sort(args)


def _list(args) -> int:
    from koop_tui import index

    workspace = index.workspace(common.workspace_root(args))
    common.refuse_broken_settings(workspace.problems)
    found = waiting(workspace)
    if args.json:
        print(json.dumps([{"slug": p.slug, "name": p.name, "imported": p.imported and p.imported.isoformat(),
                           "owner": p.owner, "contacts": [c.name for c in p.contacts]} for p in found],
                         ensure_ascii=False, indent=1))
        return 0
    if not found:
        say("Nothing to sort: no imported partner waits for a stage.")
        return 0
    width = min(max(len(p.slug) for p in found), 32)
    for p in found:
        when = p.imported.isoformat() if p.imported else "—"
        say(f"{p.slug:<{width}}  {when}  {p.name}: {contacts_text(p)}")
    n = len(found)
    say(f"\n{n} imported partner{'s' if n != 1 else ''} to sort: koop triage PARTNER... --stage S "
        f"(or --cadence DAYS, --archive); --all for every one")
    return 0


def _sort(args) -> int:
    from koop_tui.cli.targets import open_store, target

    store = open_store(args)
    cadence = days(args.cadence, "--cadence") if args.cadence else None
    partners = waiting(store.workspace) if args.all else _named(store, args.partners, target)
    if not partners:
        say("Nothing to sort: no imported partner waits for a stage.")
        return 0
    changes: dict = {"stage": "ended" if args.archive else args.stage or "prospect"}
    if cadence is not None:
        changes["cadence"] = cadence
    message, said = sort_message(len(partners), changes)
    names = ", ".join(p.name for p in partners[:SHOWN]) + (", …" if len(partners) > SHOWN else "")
    if args.dry_run:
        say(f"Would {message[0].lower()}{message[1:]} ({names}); nothing changed")
        return 0
    store.set_many([p.slug for p in partners], changes, message, "sorted", "the sort", expected={"stage": IMPORTED})
    say(f"{said} ({names})")
    return 0


def _named(store, texts: list[str], target) -> list:
    """The partners named, each once, all of them waiting to be sorted (else a usage error naming the first)."""
    out = {}
    for text in texts:
        partner, contact = target(store, text)
        if contact is not None:
            raise UsageError(f"{text}: name a partner, not a contact (a stage is the partner's)")
        if partner.stage != IMPORTED:
            raise UsageError(f"{partner.name} is not waiting to be sorted (stage {partner.stage})",
                             f"change a sorted partner with koop set {partner.slug} stage=…")
        out[partner.slug] = partner
    return list(out.values())
