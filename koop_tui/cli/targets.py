"""What the changing commands share: open the store with auto-commit, resolve PARTNER[/CONTACT], read dates."""

from __future__ import annotations

from datetime import date

from koop_tui.cli import common
from koop_tui.dates import parse_date
from koop_tui import i18n
from koop_tui.errors import UsageError
from koop_tui.i18n import _


def open_store(args):
    """The workspace's Store; every change it makes is handed to `AutoCommit` (auto-commit).
    A broken koop.toml is refused."""
    from koop_tui import debug, index

    refuse_control_characters(args)
    root = common.workspace_root(args)
    with debug.timed(f"load {root}"):
        store = index.open_store(root, on_change=common.AutoCommit(root))
    common.refuse_broken_settings(store.workspace.problems)
    return store


def open_target(args, text: str):
    """(store, partner, contact or None) for `PARTNER[/CONTACT]`: the store reads and writes that partner's file
    alone (index.open_target). A broken koop.toml is refused."""
    from koop_tui import index

    refuse_control_characters(args)
    root = common.workspace_root(args)
    store, partner, contact = index.open_target(root, text, on_change=common.AutoCommit(root))
    common.refuse_broken_settings(store.workspace.problems)
    return store, partner, contact


# Arguments naming what to change are looked up, not written (one not found is shown with U+FFFD).
_LOOKUP_ARGS = {"target", "partner", "partners"}


def refuse_control_characters(args) -> None:
    """A value a changing command writes holds no control character: a line break, tab or escape in a name, an
    id or a follow-up's text would break every line-per-item output (`koop due`, `koop list`, the app's rows).
    A note (`--note`, `note=`) is free text: it may hold any, stored escaped and shown with U+FFFD."""
    for name, value in vars(args).items():
        if name.startswith("_") or name in common.PATH_ARGS or name in _LOOKUP_ARGS or name == "note":
            continue
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str) or text.isprintable():
                continue
            if name == "pairs" and text.partition("=")[0].strip() == "note":
                continue
            if any(ord(c) in common.CONTROL for c in text):
                raise UsageError(_("{value} holds a control character (a line break, tab or escape)").format(
                    value=repr(text) if len(text) <= 60 else repr(text[:57]) + "..."),
                    _("type it on one line; only a note (--note, note=) may span lines"))


def target(store, text: str):
    """(partner, contact or None) for `PARTNER[/CONTACT]`."""
    from koop_tui.store.lookup import find_target

    return find_target(store.workspace, text)


def record_target(args, text: str):
    """(store, partner, table, record) for `PARTNER` (table and record None), `PARTNER/CONTACT` ("contacts") or
    `PARTNER/ID` (a touchpoint, follow-up, project or agreement, by id or unique id prefix; store.lookup.find_record);
    the store reads and writes that partner's file alone (open_target)."""
    from koop_tui.errors import KoopError
    from koop_tui.store.lookup import find_record

    if "/" in text:
        partner_text, __, record_text = text.rpartition("/")
        try:
            store, partner, __ = open_target(args, partner_text)
        except KoopError:
            pass  # a partner name with a slash in it
        else:
            return (store, partner, *find_record(partner, record_text))
    store, partner, contact = open_target(args, text)
    return store, partner, "contacts" if contact else None, contact


def day(args, text: str, option: str, past: bool = False, side: str = "") -> date:
    """A date as people type it (koop_tui.dates), relative to the command's today; `past` for what happened;
    `side` "done" or "ahead": the side of today it must lie on (dates.parse_date)."""
    try:
        return parse_date(text, common.today(args), past=past, side=side)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def choose(options, text: str, word, unknown: str, ambiguous: str, prefixes: bool = True) -> str:
    """One of `options` as the files name it or as the language says it (`word`: `koop show` in German says
    "ruhend" for dormant and "Anruf" for call, so a German types that), else (with `prefixes`) the one whose name,
    then whose word, starts with what was typed. `unknown` and `ambiguous` are the messages ({text}, {known}) of a
    usage error."""
    wanted = text.strip().lower()
    said = {option: word(option).lower() for option in options}
    if wanted in said:
        return wanted
    found = [option for option, shown in said.items() if shown == wanted]
    if len(found) != 1 and prefixes:
        found = ([o for o in said if o.startswith(wanted)]
                 or [o for o, shown in said.items() if shown.startswith(wanted)])
    if len(found) == 1:
        return found[0]
    raise UsageError((ambiguous if found else unknown).format(text=text, known=", ".join(found or said)))


def days(text: str, option: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError(_("{option}: not a number of days: {text}").format(option=option, text=repr(text))) from None
    if not 1 <= value <= 36500:
        raise UsageError(_("{option}: days must be between 1 and 36500, got {value}").format(option=option,
                                                                                            value=value))
    return value


def word_list(items) -> list[str]:
    """Tags or skills as typed: stripped, empty ones dropped (`--tag=`), each once, in the order given."""
    return list(dict.fromkeys(t.strip() for t in items if t.strip()))


def who_name(partner, contact) -> str:
    return f"{contact.name} ({partner.name})" if contact else partner.name


def next_due_note(store, partner, contact, today: date) -> str:
    """"; next due 2026-12-20 (in 30 d)" when the engine can tell, else ""."""
    try:
        from koop_tui.engine import next_due
    except ImportError:
        return ""
    due = next_due(store.workspace, partner.slug, contact.id if contact else None, today)
    if due is None:
        return ""
    from koop_tui.engine.common import late

    return "; " + _("next due {date} ({when})").format(date=i18n.day(due), when=late((today - due).days))
