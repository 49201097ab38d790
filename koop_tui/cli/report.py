"""`koop report`: figures and text charts — touches per month, the team's load per owner, the give-first rate,
cooling partners — and the counts worth knowing; `--json` carries the same figures."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from koop_tui.cli import common
from koop_tui.cli.common import say
from koop_tui.cli.due import owner_filter, owner_options
from koop_tui import i18n
from koop_tui.i18n import _
from koop_tui.model import STAGES
from koop_tui.words import plural, stage_word, status_word


def configure(parser) -> None:
    parser.epilog = _("Prints touches per month (12 months; █ gave ▒ received ░ mutual), per owner the partners "
                      "by status (█ overdue ▓ due ▒ soon ░ ok) with the touches this month and the oldest overdue "
                      "item, the give-first rate against the practice's 7 of 10, and cooling partners (half the "
                      "touches or fewer in the last 6 months than in the 6 before). Definitions: docs/engine.md.")
    parser.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
    parser.add_argument("--days", type=int, default=None, metavar="N",
                        help=_("gave back within N days (default: rules.reciprocation_days)"))
    owner_options(parser)


def figures(workspace, today, days, owner: str | None = None) -> tuple[dict, object]:
    """The JSON document and the report it was made from (for the charts); the due counts are those of
    `koop due` for `owner` (None: everyone), by engine.due_counts; the report's figures are everyone's."""
    from koop_tui.engine import due_counts, due_items, select
    from koop_tui.engine.warmup import warmup
    from koop_tui.engine.facts import sorted_touches
    from koop_tui.engine.report import PRACTICE, report

    items = due_items(workspace, today)
    rep = report(workspace, today, items, days)
    rate = rep.warmup
    partners = workspace.sound().values()  # a partner whose file has errors counts only as a problem
    stages = Counter(p.stage for p in partners)
    month = today - timedelta(days=30)
    warm = Counter()
    touches_30 = 0
    for p in partners:
        past, __ = sorted_touches(p, today)
        touches_30 += sum(1 for t in past if t.date > month)
        if p.stage == "prospect":
            warm[warmup(past).state] += 1
    mine = select(items, owner=owner)
    doc = {
        "today": today.isoformat(),
        "reciprocation": {
            "days": rate.days, "gave_to": len(rate.gave_to), "gave_back": len(rate.gave_back),
            "pending": len(rate.pending), "rate": None if rate.rate is None else round(rate.rate, 3),
            "sentence": rate.sentence(), "practice": {"gave_back": PRACTICE[0], "of": PRACTICE[1]},
        },
        "partners": {s: stages.get(s, 0) for s in STAGES},
        "contacts_active": sum(1 for p in partners for c in p.contacts if c.active_on(today)),
        "touchpoints_30_days": touches_30,
        "prospects_warm_up": {s: warm.get(s, 0) for s in ("give-first", "waiting", "ready", "proposed")},
        "owner": owner,
        "due": {s: n for s, n in due_counts(mine).items() if n},
        "handovers_needed": sum(1 for i in mine if i.kind == "handover"),
        "partner_files_with_errors": len(workspace.file_errors()),
        "months": [{"month": m.start.strftime("%Y-%m"), "gave": m.gave, "received": m.received,
                    "mutual": m.mutual} for m in rep.months],
        "owners": [{"owner": o.owner, "partners": o.statuses, "touches_this_month": o.touches_this_month,
                    "oldest_overdue": _oldest(o.oldest_overdue, today)} for o in rep.owners],
        "cooling": [{"partner": c.slug, "name": c.name, "owner": c.owner, "before": c.before, "recent": c.recent,
                     "change": round(c.change, 3)} for c in rep.cooling],
    }
    return doc, rep


def _oldest(item, today) -> dict | None:
    if item is None:
        return None
    return {"partner": item.partner, "name": item.partner_name, "title": item.title, "due": item.due.isoformat(),
            "days_late": (today - item.due).days}


def run(args) -> int:
    from koop_tui.charts import report_lines

    common.check_days(args.days, "--days", low=1)
    today = common.today(args)
    workspace = common.load(args)
    with common.json_speaks_english(args):
        doc, rep = figures(workspace, today, args.days, owner_filter(args, workspace))
    if args.json:
        common.write_json(doc)
        return 0
    say(_("Report of {date}").format(date=i18n.day(today)))
    # a tally, "prospect 2": a count before the stage's word read "8 Interessent" in German
    stages = ", ".join(f"{stage_word(s)} {i18n.number(n)}" for s, n in doc["partners"].items() if n)
    say(_("Partners: {stages}").format(stages=stages or _("none")), wrap=True)
    say(_("Active contacts: {contacts}; touchpoints in the last 30 days: {touches}").format(
        contacts=i18n.number(doc["contacts_active"]), touches=i18n.number(doc["touchpoints_30_days"])), wrap=True)
    w = doc["prospects_warm_up"]
    say(_("Prospects: {first} to give to first, {waiting} waiting for a give back, {ready} ready for a proposal, "
          "{proposed} proposed").format(first=w["give-first"], waiting=w["waiting"], ready=w["ready"],
                                        proposed=w["proposed"]), wrap=True)
    due = doc["due"]
    items = plural(sum(due.values()), "{n} item", "{n} items")
    counts = ", ".join(f"{i18n.number(n)} {status_word(s)}" for s, n in due.items()) or _("none")
    if doc["owner"]:
        say(_("Due today for {owner} (and unowned; --all for everyone): {items} ({counts}); handovers needed: "
              "{handovers}").format(owner=doc["owner"], items=items, counts=counts,
                                    handovers=doc["handovers_needed"]), wrap=True)
    else:
        say(_("Due today: {items} ({counts}); handovers needed: {handovers}").format(
            items=items, counts=counts, handovers=doc["handovers_needed"]), wrap=True)
    if doc["partner_files_with_errors"]:
        say(plural(doc["partner_files_with_errors"],
                   "Partner files with errors: {n} (one problem item each, nothing else computed from it; "
                   "koop check)",
                   "Partner files with errors: {n} (one problem item each, nothing else computed from them; "
                   "koop check)"), wrap=True)
    say()
    for line in report_lines(rep):
        say(line, wrap=True)
    return 0
