"""`koop set --owner A --to B [--dry-run]`: hand all of A's partners to B, as one commit naming the handover."""

from __future__ import annotations

from koop_tui.cli.common import say
from koop_tui.cli.targets import open_store
from koop_tui.errors import KoopError, UsageError
from koop_tui.words import plural

SHOWN = 10  # names listed before "and N more"


def run(args) -> int:
    owner, to = (args.owner or "").strip(), (args.to or "").strip()
    if not owner or not to:
        raise UsageError("a handover needs both --owner NAME and --to NAME")
    if args.target is not None or args.pairs:
        raise UsageError("--owner/--to hand over all partners of an owner; leave out PARTNER and KEY=VALUE")
    if owner == to:
        raise UsageError(f"--owner and --to are both '{owner}'")
    store = open_store(args)
    partners = store.owned_by(owner)
    if bad := store.workspace.file_errors():
        files = plural(len(bad), "{n} partner file", "{n} partner files")
        say(f"koop: warning: {files} with errors left out, whoever owns them; "
            "run `koop check`", err=True)
    if not partners:
        owners = sorted({p.owner for p in store.workspace.sound().values()} - {""})
        raise KoopError(f"no partner is owned by '{owner}'",
                        f"owners: {', '.join(owners)}" if owners else "no partner has an owner")
    names = ", ".join(p.name for p in partners[:SHOWN]) + (f" and {len(partners) - SHOWN} more"
                                                            if len(partners) > SHOWN else "")
    n = f"{len(partners)} partner{'s' if len(partners) != 1 else ''}"
    if args.dry_run:
        say(f"Would hand {n} from {owner} to {to}: {names}")
        say("Dry run: nothing changed.")
        return 0
    store.hand_over(owner, to)
    say(f"Handed {n} from {owner} to {to}: {names}")
    return 0
