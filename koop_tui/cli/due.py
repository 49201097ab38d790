"""`koop due`: who is due, and why — a readable table or stable JSON (docs/due-json.md)."""

from __future__ import annotations

import os
from datetime import date

from koop_tui import debug
from koop_tui.cli import common
from koop_tui.errors import UsageError
from koop_tui.i18n import _
from koop_tui.model import STAGES
from koop_tui.words import plural, status_word

SCHEMA_VERSION = 1
COLORS = {"overdue": "\033[1;31m", "due": "\033[33m", "soon": "\033[36m", "ok": "\033[32m"}
DIM, RESET = "\033[2m", "\033[0m"
def configure(parser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print the stable JSON form (docs/due-json.md)"))
    parser.add_argument("--within", type=int, default=0, metavar="DAYS",
                        help=_("also list what becomes due in the next DAYS days"))
    owner_options(parser)
    parser.add_argument("--tag", action="append", default=[], metavar="T", help=_("partners with tag T (repeatable)"))
    parser.add_argument("--stage", action="append", default=[], metavar="S", choices=STAGES,
                        help=_("partners in stage S (repeatable; {stages})").format(stages=", ".join(STAGES)))


def owner_options(parser) -> None:
    """--owner NAME | --all: whose items count (default: mine, see owner_filter)."""
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--owner", metavar="NAME", help=_("partners owned by NAME (or by nobody)"))
    who.add_argument("--all", action="store_true", help=_("every owner's partners"))


def owner_filter(args, workspace) -> str | None:
    """--owner, else "mine" when partners have owners (me or the default owner), else everyone."""
    owner = _owner(args, any(p.owner for p in workspace.partners.values()), workspace.settings)
    refuse_unknown_owner(args, workspace)
    return owner


def _known_owner(owner: str, found) -> bool:
    """True when the due summary shows `owner` is someone (koop.toml names them, or an item is theirs) without
    loading the workspace."""
    settings = found.settings
    return owner in settings.owners or owner == settings.default_owner or any(i.owner == owner for i in found.items)


def warn_unknown_me(root, owner: str, workspace) -> None:
    """"Mine" of someone nobody is called (identity.nobody_called), said on stderr."""
    from koop_tui.identity import nobody_called

    warning = nobody_called(root, owner, workspace, "--all")
    if warning:
        common.say(_("koop: warning: {warning}").format(warning=warning), err=True)


def refuse_unknown_tags(args, workspace) -> None:
    """A --tag no partner has (`--tag seoo`) is a usage error: it said "Nothing due"."""
    if workspace.broken or workspace.file_errors():
        return
    known = {tag for p in workspace.partners.values() for tag in p.tags}
    unknown = [tag for tag in args.tag if tag not in known]
    if unknown:
        raise UsageError(_("no partner is tagged {tags} (tags: {known})").format(
            tags=", ".join(unknown), known=", ".join(sorted(known)) or _("none")), _("check the spelling"))


def refuse_unknown_owner(args, workspace) -> None:
    """An --owner nobody is called (`--owner anan` for anna) is a usage error: it listed the unowned partners
    alone, or "Nothing due". Known: the owners of partners, koop.toml's [owners] (a teammate without partners yet)
    and default_owner; while a partner file has errors, its owner may be the one asked for: nothing is refused."""
    from koop_tui.identity import known_owners

    owner = getattr(args, "owner", None)
    known = known_owners(workspace) if owner else None
    if known is not None and owner not in known:
        raise UsageError(_("nobody called '{owner}' owns a partner (owners: {owners})").format(
            owner=owner, owners=", ".join(sorted(known)) or _("none")),
            _("check the spelling; a teammate without partners yet goes into [owners] of koop.toml"))


def _owner(args, has_owners: bool, settings) -> str | None:
    common.clean_filters(args)  # export and report come here
    if args.all:
        return None
    if args.owner:
        return args.owner
    if not has_owners:
        return None
    from koop_tui.identity import me

    return me(common.workspace_root(args), settings.owners) or settings.default_owner or None


def warning_lines(rows, problems) -> list[str]:
    """One stderr line per kind of problem, with a count: touchpoints in the future, and partner files with
    errors (`rows`: (partner name, title) of the problem and conflict rows, which stand for those files)."""
    from koop_tui.text import some

    lines = []
    if problems:
        lines.append(plural(len(problems), "koop: warning: {n} partner file with touchpoints dated in the future "
                                           "(ignored until then), first: {first}",
                            "koop: warning: {n} partner files with touchpoints dated in the future (ignored until "
                            "then), first: {first}", first=problems[0]))
    rows = [title if name in title else f"{name}: {title}" for name, title in rows]
    if rows:
        shown = some(rows, 3, "; ")
        lines.append(plural(len(rows), "koop: warning: {n} partner file with errors, nothing computed from it "
                                       "({files}); run `koop check`",
                            "koop: warning: {n} partner files with errors, nothing computed from them ({files}); "
                            "run `koop check`", files=shown))
    return lines


def render_table(items, today: date, color: bool, width: int | None) -> str:
    """Two lines per item: status, when (engine.common.due_words, as in the app), title and partner; then the
    explanation, indented."""
    from koop_tui.engine.common import due_words
    from koop_tui.text import cut

    lines = []
    status_width = max(len(status_word(s)) for s in COLORS) + 1  # "overdue " in English
    for item in items:
        status = f"{status_word(item.status):<{status_width}}"
        if color:
            status = COLORS[item.status] + status + RESET
        names = [n for n in (item.contact_name, item.partner_name) if n and n not in item.title]
        rest = f"{due_words(item, today):>10}  {item.title}" + (f" — {' · '.join(names)}" if names else "")
        rest = common.printable(rest)
        why = "  " + common.printable(item.explanation)
        if width:  # in the columns the terminal draws: 山田 takes four
            why = cut(why, width)
        head, *more = _title_lines(rest, status_width + 1, width)
        lines.extend([f"{status} {head}", *(" " * (status_width + 1) + line for line in more)])
        lines.append(f"{DIM}{why}{RESET}" if color else why)
    return "\n".join(lines)


def _title_lines(rest: str, start: int, width: int | None) -> list[str]:
    """The title and names after the status (`start` columns in), continued under the title where a terminal is
    narrower: what to do and with whom is never cut (German titles ran to 89 columns)."""
    from koop_tui.text import cells

    if not width or start + cells(rest) <= width:
        return [rest]
    import textwrap

    when, title = rest[:10], rest[12:]  # due_words right-aligned in 10 columns, two blanks, the title
    parts = textwrap.wrap(title, max(width - start - 12, 20), break_long_words=False, break_on_hyphens=False)
    return [f"{when}  {parts[0]}"] + [" " * 12 + part for part in parts[1:]]


def summary(items, owner: str | None) -> str:
    from koop_tui.engine.due import counts_text, due_counts

    parts = counts_text(due_counts(items))
    text = plural(len(items), "{n} item", "{n} items") + (f" ({parts})" if parts else "")
    if owner is not None:
        text += " · " + _("owner {owner} (and unowned); --all for everyone").format(owner=owner)
    return text


def run(args) -> int:
    from koop_tui import index

    common.check_days(args.within, "--within")
    common.clean_filters(args)
    today = common.today(args)
    root = common.workspace_root(args)
    with debug.timed(f"due list of {root} as of {today}"), common.json_speaks_english(args):
        found = index.due_list(root, today, args.within)
    if args.owner and not _known_owner(args.owner, found):
        refuse_unknown_owner(args, index.workspace(root))  # only then: it loads the workspace
    owner = _owner(args, found.has_owners, found.settings)
    if owner and not args.owner and not _known_owner(owner, found):  # only then: it loads the workspace
        warn_unknown_me(root, owner, index.workspace(root))
    filters = {"owner": owner, "tags": args.tag, "stages": args.stage}
    common.warn_broken_settings(found.settings_problems)
    for line in warning_lines(found.problem_rows(), found.warnings):
        common.say(line, err=True)
    if args.json:
        text = found.json_text(**filters)
        items = found.json_items(**filters) if text is None else []
        if args.tag and (text == [b"[]"] if text is not None else not items):  # only then: it loads the workspace
            refuse_unknown_tags(args, index.workspace(root))
        doc = {
            "schema": SCHEMA_VERSION, "today": today.isoformat(), "workspace": found.settings.name,
            "owner": owner, "within": args.within, "items": items,
        }
        common.write_json(doc, raw={} if text is None else {"items": text})
        return 0
    from koop_tui.engine.due import select
    from koop_tui.engine.triage import group_triage

    # the imported partners to sort: one row (the JSON keeps one item each)
    items = group_triage(select(found.items, **filters))
    if args.tag and not items:
        refuse_unknown_tags(args, index.workspace(root))
    width = common.terminal_width()
    color = width is not None and not os.environ.get("NO_COLOR")
    if items:
        print(render_table(items, today, color, width))
        common.say("")
    elif not found.partner_files:  # nothing to look ahead to
        common.say(common.no_partners_yet())
    else:
        common.say(_("Nothing due. Try --within 7 to look ahead.") if args.within == 0 else _("Nothing due."))
    common.say(summary(items, owner), wrap=True)
    return 0
