"""`koop set PARTNER[/CONTACT|/ID] KEY=VALUE...`: change fields of a partner, its vetting, a contact or any
record, validated like the files."""

from __future__ import annotations

import sys

from koop_tui.cli.add import parse_birthday_arg, typed_email
from koop_tui.cli.common import say
from koop_tui.cli.handover import warn_new_owner
from koop_tui.cli.targets import choose, day, days, record_target, word_list
from koop_tui.errors import InvalidValue, KoopError, UsageError
from koop_tui.i18n import _, pgettext
from koop_tui.words import plural, vetting_missing
from koop_tui.store.changes import EDITABLE, departure_confirmed, handed_over

DATES = ("since", "imported", "left", "snoozed_until", "date", "due", "done", "start", "end", "signed",
         "review")
LISTS = ("tags", "skills", "emails", "domains")
FUTURE = ("snoozed_until", "due", "review")  # `fri` is the next Friday there, the last one elsewhere
CONTACT_REFS = ("successor", "contact")
# the side of today a date must lie on, as `koop log --date`, `koop done --date` and `koop snooze` check it: a
# touchpoint or a done follow-up records what happened, a snooze ends after today
SIDES = {"date": "done", "done": "done", "snoozed_until": "ahead"}


def configure(parser) -> None:
    parser.add_argument("target", nargs="?", metavar="PARTNER[/CONTACT|/ID]",
                        help=_("slug or name prefix, optionally /contact or /record id (touchpoint, follow-up, "
                               "project, agreement; `koop show` lists the ids)"))
    parser.add_argument("pairs", nargs="*", action="extend", default=[], metavar="KEY=VALUE",  # also after an option:
                        # koop_tui.__main__.LATE_PAIRS
                        help=_("e.g. stage=active cadence=14 tags=agency,seo left=2026-11-01 successor=tom "
                               "vetting.contribution='Fast print' (a partner), due=+1w text='Call back' (a "
                               "follow-up); an empty value clears the key"))
    parser.add_argument("-y", "--yes", action="store_true",
                        help=_("do not ask (e.g. activating with an open vetting)"))
    handover = parser.add_argument_group(_("handover"), _("koop set --owner anna --to ben: all of anna's partners to "
                                                          "ben, in one commit"))
    handover.add_argument("--owner", metavar="NAME", help=_("hand over every partner NAME owns"))
    handover.add_argument("--to", metavar="NAME", help=_("the new owner"))
    handover.add_argument("--dry-run", action="store_true", help=_("list the partners, change nothing"))


def convert(args, partner, key: str, text: str, kinds: dict):
    """The typed value for a key; empty text clears it. A kind as `koop log` takes it (`kinds`: koop.toml's)."""
    text = text.strip()
    if not text:
        return None
    if key == "cadence":
        return days(text, key)
    if key in DATES:
        return day(args, text, key, past=key not in FUTURE, side=SIDES.get(key, ""))
    if key in LISTS:
        return word_list(text.split(","))
    if key == "birthday":
        return parse_birthday_arg(text, args, key)
    if key == "email":
        return typed_email(text, key)
    if key == "kind":
        from koop_tui.cli.log import resolve_kind

        return resolve_kind(kinds, text)
    if key in ("stage", "direction"):  # the name, or the word the page shows; whole (`activ` is a typo)
        from koop_tui.model import DIRECTIONS, STAGES
        from koop_tui.words import direction_word, stage_word

        if key == "stage":
            return choose(STAGES, text, stage_word, _("unknown stage '{text}' (known: {known})"),
                          _("ambiguous stage '{text}' (known: {known})"), prefixes=False)
        return choose(DIRECTIONS, text, direction_word, _("unknown direction '{text}' (known: {known})"),
                      _("ambiguous direction '{text}' (known: {known})"), prefixes=False)
    if key in CONTACT_REFS or key == "contacts":
        from koop_tui.store.lookup import find_contact

        ids = [find_contact(partner, t).id for t in text.split(",") if t.strip()]
        return ids if key == "contacts" else ids[0]
    return text


def parse_pairs(args, partner, table: str | None, kinds: dict) -> dict[str | None, dict]:
    """The changes by table: the target's own (key None) and, on a partner, its vetting's ("vetting")."""
    changes: dict[str | None, dict] = {}
    pairs = [p for p in args.pairs if p not in ("--yes", "-y")]
    args.yes = args.yes or len(pairs) < len(args.pairs)
    if not pairs:
        raise UsageError(_("nothing to set; give KEY=VALUE pairs, e.g. stage=active"))
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().replace("-", "_")
        if not sep:
            raise UsageError(_("expected KEY=VALUE, got {pair}").format(pair=repr(pair)))
        where = table
        if table is None and key.startswith("vetting."):
            where, key = "vetting", key.removeprefix("vetting.")
        allowed = tuple(k for k in EDITABLE[where] if k != "references")  # tables: the app's form or the file
        if key not in allowed:
            what = {"vetting": pgettext("cannot set … of", "the vetting"),
                    "contacts": pgettext("cannot set … of", "a contact"),
                    "touchpoints": pgettext("cannot set … of", "a touchpoint"),
                    "followups": pgettext("cannot set … of", "a follow-up"),
                    "projects": pgettext("cannot set … of", "a project"),
                    "agreements": pgettext("cannot set … of", "an agreement"),
                    "conflicts": pgettext("cannot set … of", "a conflict")}.get(
                where, pgettext("cannot set … of", "a partner"))
            raise UsageError(_("cannot set '{key}' of {what} (settable: {keys})").format(key=key, what=what,
                                                                                       keys=", ".join(allowed)))
        if not value.strip() and (where, key) in (("followups", "text"), ("projects", "name")):
            # what `koop add` requires, `koop set` does not clear: "Set text= for follow-up ''"
            raise UsageError(_("a follow-up needs a text") if key == "text" else _("a project needs a name"))
        changes.setdefault(where, {})[key] = convert(args, partner, key, value, kinds)
    return changes


def confirm_activation(args, partner, changes) -> None:
    """Activating a prospect with an incomplete vetting needs a yes."""
    missing = partner.vetting.missing()
    if changes.get("stage") != "active" or partner.stage not in ("prospect", "vetting") or not missing or args.yes:
        return
    question = _("vetting of {name} is incomplete (missing: {missing})").format(name=partner.name,
                                                                               missing=vetting_missing(missing))
    if sys.stdin.isatty():
        answer = input(_("{question}. Activate anyway? [y/N] ").format(question=question))
        if yes(answer):
            return
    raise KoopError(_("{question}; not activated").format(question=question), _("pass --yes to activate anyway"))


def yes(answer: str) -> bool:
    """A yes to a [y/N] question, in English or the user's language."""
    return answer.strip().lower() in ("y", "yes", _("y"), _("yes"))


def shown(changes: dict) -> str:
    return ", ".join(f"{k}={','.join(v) if isinstance(v, list) else '' if v is None else v}"
                     for k, v in changes.items())


def cleared_to(partner, table: str | None, rid: str | None, changes: dict) -> dict:
    """The value a cleared key took where it has a default (`stage=` makes a prospect, `owner=` the default
    owner): said as set ("Set stage=prospect"), as "Set stage=" read as if the partner had no stage now."""
    target = (partner if table is None else partner.vetting if table == "vetting"
              else next((r for r in getattr(partner, table) if r.id == rid), None))
    return {key: getattr(target, key) for key, value in changes.items()
            if value is None and target is not None and getattr(target, key, None) not in (None, "", [], ())}


def run(args) -> int:
    if args.dry_run and args.target is not None and args.owner is None and args.to is None:
        raise UsageError(_("--dry-run is for a handover (--owner A --to B)"),
                         _("a change of one record is taken back with koop undo"))
    if args.owner is not None or args.to is not None or args.dry_run:
        from koop_tui.cli.handover import run as hand_over

        return hand_over(args)
    if args.target is None:
        raise UsageError(_("name a partner (koop set PARTNER KEY=VALUE...) or an owner (koop set --owner A --to B)"))
    store, partner, table, record = record_target(args, args.target)
    by_table = parse_pairs(args, partner, table, store.settings.kinds)
    for changes in by_table.values():  # a partner's or a follow-up's owner
        warn_new_owner(store, changes.get("owner"), whole=False)
    if table is None and f"partners/{partner.slug}.toml" not in store.workspace.file_errors():
        confirm_activation(args, partner, by_table.get(None, {}))  # with errors, the stage as written may be unknown
    rid = record.id if record is not None else None
    for where, changes in by_table.items():
        moved = len(handed_over(partner, rid, changes)) if where == "contacts" else 0
        confirmed = departure_confirmed(partner, rid, changes) if where == "contacts" else []
        try:
            after = store.edit_record(partner.slug, where, rid if where == table else None, changes)
        except InvalidValue as exc:  # a value typed that the file may not hold: the arguments are wrong (exit 2)
            raise UsageError(exc.message, exc.hint) from None
        name = store.describe(store.partner(partner.slug), where, rid if where == table else None)
        changes = {**changes, **cleared_to(after, where, rid if where == table else None, changes)}
        tail = plural(moved, "; {n} open follow-up moved to {successor}", "; {n} open follow-ups moved to {successor}",
                      successor=changes["successor"]) if moved else ""
        if confirmed:
            tail += _("; the check whether they left is done")
        say(_("Set {changes} for {name}").format(changes=shown(changes), name=name) + tail)
    return 0
