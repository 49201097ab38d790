"""Figures over time: touches per month, the team's load per owner, the give-first rate, cooling partners,
and one partner's history. Pure: no I/O, no clock. Definitions: docs/engine.md ("Report figures")."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from koop_tui.engine.common import STATUS_RANK
from koop_tui.engine.facts import LEDGER_DAYS, partner_facts, weights_of
from koop_tui.engine.staleness import contact_states
from koop_tui.engine.warmup import ReciprocationRate, reciprocation_rate
from koop_tui.i18n import _
from koop_tui.model import DueItem, Touchpoint, Workspace

WORKSPACE_MONTHS = 12
PARTNER_MONTHS = 24
COOLING_MONTHS = 6
COOLING_MIN_BEFORE = 2  # fewer touches before say nothing about a trend
PRACTICE = (7, 10)  # the practice of give-first: of 10 prospects given to, 7 give back
STATUSES = ("ok", "soon", "due", "overdue")


@dataclass(frozen=True)
class Month:
    """Touches dated in one calendar month (the current one up to today), by direction."""

    start: date
    gave: int = 0
    received: int = 0
    mutual: int = 0

    @property
    def total(self) -> int:
        return self.gave + self.received + self.mutual


@dataclass(frozen=True)
class OwnerLoad:
    """One owner's partners by status, their touches this month, and the overdue item late the longest."""

    owner: str
    statuses: dict[str, int]
    touches_this_month: int
    oldest_overdue: DueItem | None

    @property
    def partners(self) -> int:
        return sum(self.statuses.values())


@dataclass(frozen=True)
class Cooling:
    """A partner touched at half the rate or less in the last six months than in the six before."""

    slug: str
    name: str
    owner: str
    before: int
    recent: int

    @property
    def change(self) -> float:
        """-0.75: a quarter of the touches before."""
        return (self.recent - self.before) / self.before


@dataclass(frozen=True)
class History:
    """One partner's months (oldest first), the reciprocity balance at each month's end (today for the
    current one), and the shortest cadence of its contacts (None: no cadence)."""

    months: tuple[Month, ...]
    balance: tuple[float, ...]
    in_cadence: tuple[bool | None, ...]
    cadence: int | None


@dataclass(frozen=True)
class Report:
    today: date
    months: tuple[Month, ...]
    owners: tuple[OwnerLoad, ...]
    warmup: ReciprocationRate
    cooling: tuple[Cooling, ...]


def shift_months(day: date, n: int) -> date:
    """The same day n months later (earlier when negative), on the month's last day where it is shorter."""
    index = day.year * 12 + day.month - 1 + n
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, _month_length(year, month + 1)))


def _month_length(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def _month_end(start: date, today: date) -> date:
    return min(date(start.year, start.month, _month_length(start.year, start.month)), today)


def month_starts(today: date, months: int) -> list[date]:
    """The first days of the last `months` months, the current one last."""
    first = today.replace(day=1)
    return [shift_months(first, i - months + 1) for i in range(months)]


def per_month(touches: list[Touchpoint], today: date, months: int) -> tuple[Month, ...]:
    """Counts of past touches per calendar month over the last `months` months; later ones are ignored."""
    starts = month_starts(today, months)
    counts = [[0, 0, 0] for _ in starts]
    _count(touches, starts[0], today, counts)
    return tuple(Month(s, *c) for s, c in zip(starts, counts))


def _count(touches: list[Touchpoint], first: date, today: date, counts: list[list[int]]) -> None:
    column = {"gave": 0, "received": 1}
    for t in touches:
        if first <= t.date <= today:
            i = (t.date.year - first.year) * 12 + t.date.month - first.month
            counts[i][column.get(t.direction, 2)] += 1


def balance_at(touches: list[Touchpoint], weights: dict[str, float], day: date) -> float:
    """The ledger's balance as it stood on `day`: weighted gives minus receipts in the 365 days up to it."""
    dates = [t.date for t in touches]
    lo, hi = bisect_right(dates, day - timedelta(days=LEDGER_DAYS)), bisect_right(dates, day)
    total = 0.0
    for t in touches[lo:hi]:
        if t.direction == "gave":
            total += weights.get(t.kind, 1.0)
        elif t.direction == "received":
            total -= weights.get(t.kind, 1.0)
    return round(total, 2)


def partner_history(workspace: Workspace, slug: str, today: date, months: int = PARTNER_MONTHS) -> History | None:
    """The partner page's history strip: touches per month, balance over time, whether each month ended
    within the cadence (None before the first touch or without a cadence)."""
    partner = workspace.sound().get(slug)  # nothing is drawn from a file with errors
    if partner is None:
        return None
    facts = partner_facts(partner, workspace.settings, today)
    touches = facts.touches
    cadences = [s.cadence.days for s in contact_states(facts) if s.cadence.days]
    cadence = min(cadences) if cadences else None
    starts = month_starts(today, months)
    ends = [_month_end(s, today) for s in starts]
    weights = weights_of(workspace.settings)
    return History(
        months=per_month(touches, today, months),
        balance=tuple(balance_at(touches, weights, e) for e in ends),
        in_cadence=tuple(_in_cadence(touches, e, cadence) for e in ends),
        cadence=cadence,
    )


def _in_cadence(touches: list[Touchpoint], day: date, cadence: int | None) -> bool | None:
    dates = [t.date for t in touches]
    i = bisect_right(dates, day)
    if cadence is None or i == 0:
        return None
    return (day - dates[i - 1]).days <= cadence


def partner_statuses(workspace: Workspace, items: list[DueItem]) -> dict[str, str]:
    """Each tracked partner's status: the most urgent status among its due items, `ok` without one.
    Ended partners are left out unless something of theirs is due; so is a partner whose file has errors (its
    problem row is counted by the due list, its owner cannot be trusted)."""
    sound = workspace.sound()
    status = {slug: "ok" for slug, p in sound.items() if p.stage != "ended"}
    for item in items:
        if item.partner in sound and (item.partner not in status
                                      or STATUS_RANK[item.status] < STATUS_RANK[status[item.partner]]):
            status[item.partner] = item.status
    return status


@dataclass(frozen=True)
class Scan:
    """What one walk over every touch of the sound partners gives: the workspace's months, each partner's
    touches this month, and its touches in the six months before the last six and in the last six."""

    months: tuple[Month, ...]
    this_month: dict[str, int]
    windows: dict[str, tuple[int, int]]


def scan(workspace: Workspace, today: date) -> Scan:
    """One pass for the figures that count touches, so the report walks the workspace's touches once."""
    starts = month_starts(today, WORKSPACE_MONTHS)
    first, this_month = starts[0], today.replace(day=1)
    mid, start = shift_months(today, -COOLING_MONTHS), shift_months(today, -2 * COOLING_MONTHS)
    counts = [[0, 0, 0] for _ in starts]
    column = {"gave": 0, "received": 1}
    touched, windows = {}, {}
    for slug, p in workspace.sound().items():
        now = before = recent = 0
        for t in p.touchpoints:
            day = t.date
            if day > today or day <= start and day < first:
                continue
            if day >= first:
                counts[(day.year - first.year) * 12 + day.month - first.month][column.get(t.direction, 2)] += 1
                now += day >= this_month
            if day > mid:
                recent += 1
            elif day > start:
                before += 1
        touched[slug], windows[slug] = now, (before, recent)
    return Scan(tuple(Month(s, *c) for s, c in zip(starts, counts)), touched, windows)


def owner_loads(workspace: Workspace, items: list[DueItem], today: date,
                found: Scan | None = None) -> tuple[OwnerLoad, ...]:
    """Per owner (the partner's; "" for nobody), in name order."""
    statuses, sound = partner_statuses(workspace, items), workspace.sound()
    touched = (found or scan(workspace, today)).this_month
    loads: dict[str, dict] = {}
    for slug, status in statuses.items():
        p = sound[slug]
        load = loads.setdefault(p.owner, {"statuses": dict.fromkeys(STATUSES, 0), "touches": 0, "oldest": None})
        load["statuses"][status] += 1
        load["touches"] += touched[slug]
    for item in items:
        p = sound.get(item.partner)
        if item.status != "overdue" or p is None or p.owner not in loads:
            continue
        oldest = loads[p.owner]["oldest"]
        if oldest is None or (item.due, item.key) < (oldest.due, oldest.key):
            loads[p.owner]["oldest"] = item
    return tuple(OwnerLoad(o, v["statuses"], v["touches"], v["oldest"]) for o, v in sorted(loads.items()))


def cooling(workspace: Workspace, today: date, found: Scan | None = None) -> tuple[Cooling, ...]:
    """Partners (not ended) with at least two touches in the six months before the last six, and at most half
    as many in the last six; the steepest fall first."""
    out = []
    for slug, (before, recent) in (found or scan(workspace, today)).windows.items():
        p = workspace.partners[slug]
        if p.stage != "ended" and before >= COOLING_MIN_BEFORE and 2 * recent <= before:
            out.append(Cooling(slug, p.name, p.owner, before, recent))
    return tuple(sorted(out, key=lambda c: (c.change, -c.before, c.slug)))


def report(workspace: Workspace, today: date, items: list[DueItem], days: int | None = None) -> Report:
    """The report's figures; `items` is the workspace's due list for today (everyone's, within 0)."""
    found = scan(workspace, today)
    return Report(today, found.months, owner_loads(workspace, items, today, found),
                  reciprocation_rate(workspace, today, days), cooling(workspace, today, found))


def practice_sentence(rate: ReciprocationRate) -> str:
    good, of = PRACTICE
    if rate.rate is None:
        return _("the practice: {good} of {of}").format(good=good, of=of)
    if rate.rate >= good / of:
        return _("at or above the practice of {good} of {of}").format(good=good, of=of)
    return _("below the practice of {good} of {of}").format(good=good, of=of)
