"""`koop who SKILL...`: which partners can do what a client asks for, ranked and explained."""

from __future__ import annotations

from koop_tui.cli import common
from koop_tui.errors import UsageError
from koop_tui.i18n import _


def configure(parser) -> None:
    parser.add_argument("skills", nargs="+", metavar="SKILL", help=_("skills or offers to look for (case-insensitive)"))
    parser.add_argument("--json", action="store_true", help=_("print the ranking as JSON"))
    parser.add_argument("--limit", type=int, default=20, metavar="N", help=_("show at most N partners (default 20)"))


def run(args) -> int:
    from koop_tui.engine import who

    if args.limit < 1:
        raise UsageError(_("--limit must be 1 or more"))
    args.skills = [s.strip() for s in args.skills if s.strip()]
    if not args.skills:
        raise UsageError(_("name a skill to look for, e.g. koop who seo"))
    today = common.today(args)
    workspace = common.load(args)
    common.warn_left_out(workspace)  # their skills may be what could not be read
    with common.json_speaks_english(args):
        results = who(workspace, args.skills, today)[: args.limit]
    if args.json:
        doc = [{
            "partner": r.partner, "partner_name": r.partner_name, "stage": r.stage, "matched": list(r.matched),
            "skills": list(r.skills),
            "contacts": [{"id": cid, "name": name, "matched": list(hit)} for cid, name, hit in r.contacts],
            "ask": r.ask, "balance": r.balance, "last_touch": r.last_touch.isoformat() if r.last_touch else None,
            "explanation": r.explanation,
        } for r in results]
        common.write_json(doc)
        return 0
    if not results:
        common.say(_("Nobody with {skills} yet. Add skills to partners or contacts (skills = [...]).").format(
            skills=", ".join(args.skills)))
        return 0
    for n, r in enumerate(results, 1):
        ask = _(": ask {name}").format(name=r.ask) if r.ask else ""
        common.say(f"{n:>2}. {r.partner_name} ({r.partner}){ask}")
        common.say(f"    {r.explanation}", wrap=True)
    return 0
