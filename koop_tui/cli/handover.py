"""`koop set --owner A --to B [--dry-run]`: hand all of A's partners to B, as one commit naming the handover."""

from __future__ import annotations

from koop_tui.cli.common import say
from koop_tui.cli.targets import open_store
from koop_tui.errors import KoopError, UsageError
from koop_tui.i18n import _
from koop_tui.words import plural

SHOWN = 10  # names listed before "and N more"


def run(args) -> int:
    owner, to = (args.owner or "").strip(), (args.to or "").strip()
    if not owner or not to:
        raise UsageError(_("a handover needs both --owner NAME and --to NAME"))
    if args.target is not None or args.pairs:
        raise UsageError(_("--owner/--to hand over all partners of an owner; leave out PARTNER and KEY=VALUE"))
    if owner == to:
        raise UsageError(_("--owner and --to are both '{owner}'").format(owner=owner))
    store = open_store(args)
    partners = store.owned_by(owner)
    if bad := store.workspace.file_errors():
        say(plural(len(bad),
                   "koop: warning: {n} partner file with errors left out, whoever owns them; run `koop check`",
                   "koop: warning: {n} partner files with errors left out, whoever owns them; run `koop check`"),
            err=True)
    if not partners:
        owners = sorted({p.owner for p in store.workspace.sound().values()} - {""})
        raise KoopError(_("no partner is owned by '{owner}'").format(owner=owner),
                        _("owners: {owners}").format(owners=", ".join(owners)) if owners
                        else _("no partner has an owner"))
    new = new_owner(store, to)
    names = ", ".join(p.name for p in partners[:SHOWN]) + (plural(len(partners) - SHOWN, " and {n} more",
                                                                  " and {n} more") if len(partners) > SHOWN else "")
    if args.dry_run:
        say(plural(len(partners), "Would hand {n} partner from {owner} to {to}: {names}",
                   "Would hand {n} partners from {owner} to {to}: {names}", owner=owner, to=to, names=names))
        if new:
            say(_("koop: warning: {warning}").format(warning=new), err=True)
        say(_("Dry run: nothing changed."))
        return 0
    if new and not args.yes:  # a typo in --to handed every partner to nobody, in one commit, without a word
        raise KoopError(plural(len(partners), "{new}; {n} partner not handed over",
                               "{new}; {n} partners not handed over", new=new),
                        _("check the spelling, or pass --yes to hand them to {to}").format(to=to))
    store.hand_over(owner, to)
    say(plural(len(partners), "Handed {n} partner from {owner} to {to}: {names}",
               "Handed {n} partners from {owner} to {to}: {names}", owner=owner, to=to, names=names))
    return 0


def warn_new_owner(store, owner: str | None, whole: bool = True) -> None:
    """A warning on stderr for an owner nobody is called (new_owner): a typo would file a partner or follow-up
    under nobody's "mine"."""
    if owner and (warning := new_owner(store, owner, whole)):
        say(_("koop: warning: {warning}").format(warning=warning), err=True)


def new_owner(store, to: str, whole: bool = True) -> str:
    """"nobody called 'zed' owns partners yet (owners: anna, ben)" when `to` is no owner, not me and not named in
    koop.toml ([owners], default_owner), as the app's handover form asks (and `koop add partner --owner` warns);
    "" otherwise, when nobody owns anything yet, or while a partner file has errors (its owner may be `to`).
    `whole`: the store holds the whole workspace; else (a one-file store) the index says who owns partners."""
    from koop_tui import index
    from koop_tui.identity import known_owners, me, others_than, with_named

    owned = known_owners(store.workspace) if whole else with_named(index.owners(store.root), store.settings)
    known = others_than(owned, to, me(store.root, store.settings.owners))
    if known is None:
        return ""
    return _("nobody called '{to}' owns partners yet (owners: {owners})").format(to=to,
                                                                                owners=", ".join(sorted(known)))
