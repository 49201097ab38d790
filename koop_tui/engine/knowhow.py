"""Know-how search: which partner can do what a client asks for, ranked and explained."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from koop_tui.engine.common import ago
from koop_tui.engine.facts import partner_facts
from koop_tui.i18n import _, pgettext
from koop_tui.model import Workspace
from koop_tui.words import stage_word

# Better stages first; ended partners are never suggested.
STAGE_ORDER = {"active": 0, "dormant": 1, "vetting": 2, "prospect": 3}


def norm(skill: str) -> str:
    return " ".join(skill.split()).casefold()


def _spaced(skill: str) -> str:
    """A normed skill with its hyphens as blanks: `koop who "media law"` finds the skill media-law."""
    return skill.replace("-", " ")


def covered(wanted: str, skills: set[str]) -> bool:
    """A skill covers what is asked for when it is that skill or a narrower one named after it:
    "translation" is covered by "translation-de-en" and "translation legal", "seo" not by "seoul"; a hyphen and
    a blank are the same ("media law" is "media-law")."""
    wanted, spaced = _spaced(wanted), {_spaced(s) for s in skills}
    return wanted in spaced or any(s.startswith(wanted + " ") for s in spaced)


def covering(wanted: str, skills) -> str | None:
    """The skill, as written, that covers what is asked for (see covered): the same one if there, else the first
    narrower one."""
    written = {_spaced(norm(s)): s for s in reversed(list(skills))}
    wanted = _spaced(wanted)
    if wanted in written:
        return written[wanted]
    return next((s for n, s in written.items() if n.startswith(wanted + " ")), None)


@dataclass(frozen=True)
class WhoResult:
    """One ranked partner: the skills it covers, who covers them, and why it ranks where it does."""

    partner: str
    partner_name: str
    stage: str
    matched: tuple[str, ...]  # the skills asked for that it covers, normalised
    contacts: tuple[tuple[str, str, tuple[str, ...]], ...]  # (id, name, matched skills)
    balance: float
    last_touch: date | None
    explanation: str
    ask: str = ""  # the contact to ask: the first whose skills match, else the first active one
    skills: tuple[str, ...] = ()  # the skills that cover `matched`, as written ("seo-texts" when "seo" was asked for)


def who(workspace: Workspace, skills, today: date) -> list[WhoResult]:
    """Rank by skills matched, then exact matches ("seo" above "seo-texts" for seo), then stage, then reciprocity
    balance (they owe us first), then freshness, slug.

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
        written = [*p.skills, *(s for c in p.contacts if c.active_on(today) for s in c.skills)]
        found = [covering(w, written) for w in matched]
        exact = sum(_spaced(norm(f)) == _spaced(w) for f, w in zip(found, matched))
        named = [(name, [covering(w, p.contact(cid).skills) for w in hit]) for cid, name, hit in people]
        ask = people[0][1] if people else next((c.name for c in p.contacts if c.active_on(today)), "")
        result = WhoResult(slug, p.name, p.stage, matched, tuple(people), facts.ledger.balance, last,
                           _explain(found, wanted, named, p.stage, facts.ledger.balance, last, today), ask,
                           tuple(found))
        fresh = (today - last).days if last else 10**6
        ranked.append(((-len(matched), -exact, STAGE_ORDER[p.stage], -result.balance, fresh, slug), result))
    return [r for _, r in sorted(ranked, key=lambda x: x[0])]


def _short(x: float) -> str:
    """A balance as short as it goes: "2", "-0.6"; German "-0,6"."""
    return f"{x:g}".replace(".", pgettext("decimal separator", "."))


def _explain(found, wanted, people, stage, balance, last, today) -> str:
    """Quotes the skills as written ("seo-texts" when "seo" was asked for)."""
    parts = [_("{found}/{wanted} skills: {skills}").format(found=len(found), wanted=len(wanted),
                                                           skills=", ".join(found))]
    if people:
        parts.append("; ".join(f"{name}: {', '.join(hit)}" for name, hit in people[:3]))
    parts.append(_("stage {stage}").format(stage=stage_word(stage)))
    if balance > 0:
        parts.append(_("balance +{balance} (you gave more)").format(balance=_short(balance)))
    elif balance < 0:
        parts.append(_("balance {balance} (they gave more)").format(balance=_short(balance)))
    else:
        parts.append(_("balance even"))
    parts.append(_("last touch {ago}").format(ago=ago((today - last).days)) if last else _("never in touch"))
    return "; ".join(parts)
