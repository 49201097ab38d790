"""`koop triage`: the imported partners waiting to be sorted; `koop triage PARTNER... --stage S` sorts several.

An import creates partners in the stage `imported` (docs/import.md): nothing is due for them until they are
sorted. Sorting gives each a stage (its cadence counting from the import day), a cadence (as a prospect), or
archives it as not a partner (stage `ended`: kept, so a later import does not bring it back, never due).
"""

from __future__ import annotations

from koop_tui.cli import common
from koop_tui.cli.common import say
from koop_tui.cli.targets import days
from koop_tui.engine.triage import IMPORTED, SORTED, contacts_text, sort_message, sort_what, waiting
from koop_tui import i18n
from koop_tui.errors import UsageError
from koop_tui.i18n import _
from koop_tui.text import some
from koop_tui.words import plural, stage_word

SHOWN = 3  # partners named in the one line a sort prints


def configure(parser) -> None:
    parser.add_argument("partners", nargs="*", metavar="PARTNER",
                        help=_("imported partners to sort (slug or name prefix); none: list every one waiting"))
    parser.add_argument("--all", action="store_true", help=_("sort every imported partner waiting"))
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--stage", choices=SORTED, help=_("give them this stage"))
    what.add_argument("--archive", action="store_true",
                      help=_("not a partner: stage ended (kept, never due; a new import does not bring it back)"))
    parser.add_argument("--cadence", metavar="DAYS",
                        help=_("give them this cadence (without --stage: as prospects)"))
    parser.add_argument("-n", "--dry-run", action="store_true", help=_("say what would change, change nothing"))
    parser.add_argument("--json", action="store_true", help=_("the list as one JSON array"))


def run(args) -> int:
    if not args.partners and not args.all:
        if args.stage or args.archive or args.cadence or args.dry_run:
            raise UsageError(_("name the partners to sort, or --all for every imported one"),
                             _("`koop triage` lists them"))
        return _list(args)
    if not (args.stage or args.archive or args.cadence):
        raise UsageError(_("say how to sort them: --stage S, --cadence DAYS or --archive"),
                         _("stages: {stages}").format(stages=", ".join(SORTED)))
    if args.json:  # it sorted them and said so in text, as if --json were not there
        raise UsageError(_("--json lists the partners waiting; sorting them says what it did in text"),
                         _("leave out --json to sort, or the partners and --stage to list them"))
    return _sort(args)


def _list(args) -> int:
    from koop_tui import index

    workspace = index.workspace(common.workspace_root(args))
    common.refuse_broken_settings(workspace.problems)
    found = waiting(workspace)
    if args.json:
        common.write_json([{"slug": p.slug, "name": p.name, "imported": p.imported and p.imported.isoformat(),
                            "owner": p.owner, "contacts": [c.name for c in p.contacts]} for p in found])
        return 0
    if not found:
        say(_("Nothing to sort: no imported partner waits for a stage."))
        return 0
    width = min(max(len(p.slug) for p in found), 32)
    for p in found:
        when = i18n.day(p.imported) if p.imported else "—"
        say(f"{p.slug:<{width}}  {when}  {p.name}: {contacts_text(p)}", wrap=True)
    say("\n" + plural(len(found), "{n} imported partner to sort: koop triage PARTNER... --stage S (or --cadence DAYS, "
                                  "--archive); --all for every one",
                       "{n} imported partners to sort: koop triage PARTNER... --stage S (or --cadence DAYS, "
                       "--archive); --all for every one"), wrap=True)
    return 0


def _sort(args) -> int:
    from koop_tui.cli.targets import open_store, target

    store = open_store(args)
    cadence = days(args.cadence, "--cadence") if args.cadence else None
    partners = waiting(store.workspace) if args.all else _named(store, args.partners, target)
    if not partners:
        say(_("Nothing to sort: no imported partner waits for a stage."))
        return 0
    changes: dict = {"stage": "ended" if args.archive else args.stage or "prospect"}
    if cadence is not None:
        changes["cadence"] = cadence
    message, said = sort_message(len(partners), changes)
    names = some([p.name for p in partners], SHOWN)
    if args.dry_run:
        say(plural(len(partners), "Would sort {n} imported partner: {what} ({names}); nothing changed",
                   "Would sort {n} imported partners: {what} ({names}); nothing changed", what=sort_what(changes),
                   names=names), wrap=True)
        return 0
    store.set_many([p.slug for p in partners], changes, message, _("sorted"), _("the sort"),
                   expected={"stage": IMPORTED})
    say(f"{said} ({names})", wrap=True)
    return 0


def _named(store, texts: list[str], target) -> list:
    """The partners named, each once, all of them waiting to be sorted (else a usage error naming the first)."""
    out = {}
    for text in texts:
        partner, contact = target(store, text)
        if contact is not None:
            raise UsageError(_("{text}: name a partner, not a contact (a stage is the partner's)").format(text=text))
        if partner.stage != IMPORTED:
            raise UsageError(_("{name} is not waiting to be sorted (stage {stage})").format(
                                 name=partner.name, stage=stage_word(partner.stage)),
                             _("change a sorted partner with koop set {slug} stage=…").format(slug=partner.slug))
        out[partner.slug] = partner
    return list(out.values())
