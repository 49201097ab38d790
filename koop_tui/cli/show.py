"""`koop show PARTNER` (the partner page as text) and `koop list` (partners with status, last touch, next due)."""

from __future__ import annotations

from koop_tui.cli import common
from koop_tui.cli.common import say
from koop_tui.cli.due import refuse_unknown_owner, refuse_unknown_tags
from koop_tui.i18n import _, pgettext
from koop_tui.model import STAGES
from koop_tui.words import plural

STATUS_ORDER = ("overdue", "due", "soon", "ok")
# The widest partner name `koop list` shows in full; longer ones end in "…" (--json keeps them whole).
NAME_COLUMN = 40


def configure_show(parser) -> None:
    parser.add_argument("partner", metavar="PARTNER", help=_("slug or name prefix, or a contact's e-mail address"))


def configure_list(parser) -> None:
    parser.add_argument("--stage", choices=STAGES, action="append", default=[], help=_("repeatable"))
    parser.add_argument("--tag", action="append", default=[], metavar="T", help=_("repeatable: any of them"))
    parser.add_argument("--owner", metavar="O", help=_("only this owner's partners"))
    parser.add_argument("--json", action="store_true", help=_("one JSON array"))


def run_show(args) -> int:
    """One partner's file is read (index.open_target), not the whole workspace."""
    from koop_tui import index
    from koop_tui.engine import partner_view
    from koop_tui.engine.page import page_lines

    store, partner, __ = index.open_target(common.workspace_root(args), args.partner)
    common.refuse_broken_settings(store.workspace.problems)
    today = common.today(args)
    width = common.terminal_width()
    rel = f"partners/{partner.slug}.toml"
    errors = store.workspace.file_errors().get(rel)
    from koop_tui.store.parse import unread_keys

    # the values that could not be read are said to be so, not shown as the defaults standing in
    unread = unread_keys(store.root, rel, store.settings) if errors else frozenset()
    lines = page_lines(partner, partner_view(store.workspace, partner.slug, today), today, store.settings.kinds,
                       width, unread)
    if errors:
        # the page shows the file as read, where an unreadable value stands as its default: say so first
        lines[1:1] = [plural(len(errors), "⚠ {n} problem in the file; nothing is computed from this partner until "
                                          "it is fixed (koop check):",
                             "⚠ {n} problems in the file; nothing is computed from this partner until it is fixed "
                             "(koop check):")] + [f"  {e}" for e in errors]
    for line in lines:
        say(line)
    return 0


def rows(workspace, today, problems: list) -> list[dict]:
    """Each partner with its most urgent status (of its contacts not snoozed and of its due items: a follow-up,
    a handover, a campaign, as the app's partners list and the due list rank it), last touch and next due date
    (the engine's view). A partner file with errors, loaded or not, gives a row with status "problem" naming where
    (`problems`: its engine.problems.problem_items), and nothing computed: its stage, tags and dates may be the
    very values that could not be read."""
    from koop_tui.engine import partner_view
    from koop_tui.engine.problems import slug_of

    errors = {slug_of(rel): found for rel, found in workspace.file_errors().items()}
    out = [{"slug": item.partner, "name": item.partner_name, "stage": None, "owner": item.owner or None,
            "tags": [], "status": "problem", "last_touch": None, "next_due": None,
            "problem": str(errors[item.partner][0]) + (plural(len(errors[item.partner]) - 1, " (and {n} more)",
                                                              " (and {n} more)") if len(errors[item.partner]) > 1
                                                       else "")}
           for item in problems]
    for slug in sorted(workspace.sound()):
        view = partner_view(workspace, slug, today)
        partner = view.partner
        states = [s for s in view.contacts if s.status and s.snoozed_until is None]
        dues = [s.due for s in states if s.due] + [i.due for i in view.items if i.due]
        status = min([s.status for s in states] + [i.status for i in view.items], key=STATUS_ORDER.index,
                     default="ok")
        last = max((t.date for t in partner.touchpoints if t.date <= today), default=None)
        out.append({"slug": slug, "name": partner.name, "stage": partner.stage, "owner": partner.owner,
                    "tags": list(partner.tags), "status": status, "last_touch": last and last.isoformat(),
                    "next_due": min(dues).isoformat() if dues else None, "problem": None})
    return sorted(out, key=lambda r: r["slug"])


def run_list(args) -> int:
    from koop_tui import index
    from koop_tui.engine.problems import problem_items

    common.clean_filters(args)
    workspace = index.workspace(common.workspace_root(args))
    common.warn_broken_settings(workspace.problems)  # a listing command: the shipped defaults stand in, as in due
    refuse_unknown_owner(args, workspace)
    problems = problem_items(workspace, common.today(args))
    # a problem row passes the stage and tag filters (they may be what is broken), and the owner filter when its
    # owner could not be read, as in the due list (engine.problems.picker)
    found = [r for r in rows(workspace, common.today(args), problems)
             if (r["status"] == "problem" or ((not args.stage or r["stage"] in args.stage)
                                             and (not args.tag or set(args.tag) & set(r["tags"]))))
             and (args.owner is None or r["owner"] == args.owner or (r["status"] == "problem" and not r["owner"]))]
    if args.tag and not found:
        refuse_unknown_tags(args, workspace)
    if shown_slugs := {r["slug"] for r in found if r["status"] == "problem"}:
        from koop_tui.cli.due import warning_lines

        # the due list's stderr line, word for word: stderr, also with --json
        for line in warning_lines([(i.partner_name, i.title) for i in problems if i.partner in shown_slugs], []):
            say(line, err=True)
    if args.json:
        common.write_json(found)
        return 0
    if not found:
        if not (workspace.partners or workspace.broken):  # nothing to filter: say how to begin
            say(common.no_partners_yet())
        else:
            say(_("no partners match"))
        return 0
    for line in list_lines(found, common.terminal_width()):
        say(line)
    return 0


def list_lines(found: list[dict], width: int | None) -> list[str]:
    """`koop list`'s rows. Off a terminal each row says what its dates are ("last 2026-11-02  next due …"), so a
    line grepped keeps its meaning; on a terminal `width` columns wide a header names the columns instead and
    names are cut to fit (an 80-column terminal wrapped every row)."""
    from datetime import date

    from koop_tui import i18n
    from koop_tui.text import cells, cut, fit, one_line  # names on one line, in the columns 日本 and 😀 take
    from koop_tui.words import stage_word, status_word

    def shown(iso: str | None, none: str) -> str:
        return i18n.day(date.fromisoformat(iso)) if iso else none

    problem = pgettext("status", "problem")
    rows = [r for r in found if r["status"] != "problem"]
    cols = [(status_word(r["status"]), stage_word(r["stage"]), r["owner"] or "—", shown(r["last_touch"], _("never")),
             shown(r["next_due"], "—")) for r in rows]
    statuses = max([len(status_word(s)) for s in STATUS_ORDER] + [len(problem)]) + 1
    if width is None:
        head, limit = None, NAME_COLUMN
        stages, owners, lasts = max(len(stage_word(s)) for s in STAGES) + 1, max([8] + [cells(c[2]) for c in cols]), 10
    else:
        head = (pgettext("list", "status"), pgettext("list", "partner"), pgettext("list", "stage"),
                pgettext("list", "owner"), pgettext("list", "last touch"), pgettext("list", "next due"))
        statuses = max(statuses, len(head[0]) + 1)
        stages, owners, lasts, nexts = (max([cells(c[i]) for c in cols] + [cells(head[i + 1])]) for i in range(1, 5))
        limit = max(12, min(NAME_COLUMN, width - 1 - (statuses + 1 + 2 + stages + 2 + owners + 2 + lasts + 2 + nexts)))

    def short(name: str) -> str:  # one long name must not push every row past the terminal's width
        return cut(one_line(name), limit)

    names = max(cells(short(r["name"])) for r in found)
    out = [] if head is None else [f"{head[0]:<{statuses}} {fit(head[1], names)}  {fit(head[2], stages)}  "
                                   f"{fit(head[3], owners)}  {fit(head[4], lasts)}  {head[5]}"]
    values = iter(cols)
    for r in found:
        if r["status"] == "problem":
            line = f"{problem:<{statuses}} {fit(short(r['name']), names)}  {r['problem']}"
            out.append(line if width is None else cut(line, width))
            continue
        status, stage, owner, last, due = next(values)
        start = f"{status:<{statuses}} {fit(short(r['name']), names)}  {fit(stage, stages)}"
        if head is None:
            out.append(f"{start} {fit(owner, owners)} " + _("last {date}  next due {due}").format(
                date=f"{last:<{lasts}}", due=due))
        else:
            out.append(f"{start}  {fit(owner, owners)}  {fit(last, lasts)}  {due}")
    return out
