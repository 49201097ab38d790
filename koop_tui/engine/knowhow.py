"""Know-how search: which partner can do what a client asks for, ranked and explained."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from koop_tui.engine.common import ago
from koop_tui.engine.facts import partner_facts
from koop_tui.model import Workspace

# Better stages first; ended partners are never suggested.
STAGE_ORDER = {"active": 0, "dormant": 1, "vetting": 2, "prospect": 3}


def norm(skill: str) -> str:
    return " ".join(skill.split()).casefold()


def covered(wanted: str, skills: set[str]) -> bool:
    """A skill covers what is asked for when it is that skill or a narrower one named after it:
    "translation" is covered by "translation-de-en" and "translation legal", "seo" not by "seoul"."""
    return wanted in skills or any(s.startswith((wanted + "-", wanted + " ")) for s in skills)


@dataclass(frozen=True)
class WhoResult:
    """One ranked partner: the skills it covers, who covers them, and why it ranks where it does."""

    partner: str
    partner_name: str
    stage: str
    matched: tuple[str, ...]
    contacts: tuple[tuple[str, str, tuple[str, ...]], ...]  # (id, name, matched skills)
    balance: float
    last_touch: date | None
    explanation: str


def who(workspace: Workspace, skills, today: date) -> list[WhoResult]:
    """Rank by skills matched, then stage, then reciprocity balance (they owe us first), then freshness, slug.

    Skills may be given separately or comma-separated ("seo,translation").
    """
    wanted = list(dict.fromkeys(norm(s) for given in skills for s in given.split(",") if s.strip()))
    ranked = []
    for slug, p in workspace.sound().items():
        if p.stage not in STAGE_ORDER:
            continue
        own = {norm(s) for s in p.skills}
        people = []
        for c in p.contacts:
            if not c.active_on(today):
                continue
            theirs = {norm(s) for s in c.skills}
            hit = tuple(w for w in wanted if covered(w, theirs))
            if hit:
                people.append((c.id, c.name, hit))
        coverage = own.union(*(set(h) for _, _, h in people)) if people else own
        matched = tuple(w for w in wanted if covered(w, coverage))
        if not matched:
            continue
        facts = partner_facts(p, workspace.settings, today)
        last = facts.touches[-1].date if facts.touches else None
        result = WhoResult(slug, p.name, p.stage, matched, tuple(people), facts.ledger.balance, last,
                           _explain(matched, wanted, people, p.stage, facts.ledger.balance, last, today))
        fresh = (today - last).days if last else 10**6
        ranked.append(((-len(matched), STAGE_ORDER[p.stage], -result.balance, fresh, slug), result))
    return [r for _, r in sorted(ranked, key=lambda x: x[0])]


def _explain(matched, wanted, people, stage, balance, last, today) -> str:
    parts = [f"{len(matched)}/{len(wanted)} skills: {', '.join(matched)}"]
    if people:
        parts.append("; ".join(f"{name}: {', '.join(hit)}" for _, name, hit in people[:3]))
    parts.append(f"stage {stage}")
    if balance > 0:
        parts.append(f"balance +{balance:g} (you gave more)")
    elif balance < 0:
        parts.append(f"balance {balance:g} (they gave more)")
    else:
        parts.append("balance even")
    parts.append(f"last touch {ago((today - last).days)}" if last else "never in touch")
    return "; ".join(parts)
