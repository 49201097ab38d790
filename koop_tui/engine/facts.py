"""What the engine derives once per partner and reuses for every item: sorted touches, ledger, project phase."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter

from koop_tui import i18n
from koop_tui.i18n import _
from koop_tui.model import Partner, Problem, Project, Settings, Touchpoint
from koop_tui.words import plural

LEDGER_DAYS = 365
_ORDER = attrgetter("date", "id")
_DATE = attrgetter("date")


def weight_of(kind: str, settings: Settings) -> float:
    """A touch of an unknown kind counts fully; `koop check` reports the kind."""
    k = settings.kinds.get(kind)
    return k.weight if k is not None else 1.0


@dataclass(frozen=True)
class Ledger:
    """Reciprocity with one partner: weighted gives and receipts in the last 365 days."""

    gave: float = 0.0
    received: float = 0.0
    gave_count: int = 0
    received_count: int = 0
    last_gave: date | None = None
    last_received: date | None = None

    @property
    def owing(self) -> bool:
        """They gave last: their latest `received` is newer than our latest `gave`."""
        if self.last_received is None:
            return False
        return self.last_gave is None or self.last_received > self.last_gave

    @property
    def balance(self) -> float:
        """Positive: we gave more than we received."""
        return round(self.gave - self.received, 2)


@dataclass(frozen=True)
class Phase:
    """Where a partner stands with joint projects on a given day."""

    running: tuple[Project, ...] = ()
    ended: tuple[Project, ...] = ()
    planned: tuple[Project, ...] = ()

    @property
    def state(self) -> str:
        """`project` while one runs, `between` after the last one ended, `none` otherwise."""
        if self.running:
            return "project"
        return "between" if self.ended else "none"

    @property
    def last_ended(self) -> Project | None:
        return self.ended[-1] if self.ended else None


_NO_PROJECTS = Phase()


@dataclass
class Facts:
    partner: Partner
    settings: Settings
    today: date
    touches: list[Touchpoint]
    future: list[Touchpoint]
    phase: Phase
    warnings: list[Problem] = field(default_factory=list)
    successors: frozenset[str] = frozenset()  # contact ids some contact who left handed over to
    weights: dict[str, float] = field(default_factory=dict)  # kind -> weight
    last_gave: date | None = None
    last_received: date | None = None
    _ledger: Ledger | None = None

    @property
    def owing(self) -> bool:
        """They gave last (same rule as Ledger.owing, without summing the year)."""
        return self.last_received is not None and (self.last_gave is None or self.last_received > self.last_gave)

    @property
    def ledger(self) -> Ledger:
        """The full ledger, computed on first use: the due list needs only `owing`."""
        if self._ledger is None:
            self._ledger = ledger(self.touches, self.settings, self.today, self.weights,
                                  (self.last_gave, self.last_received))
        return self._ledger


def sorted_touches(partner: Partner, today: date) -> tuple[list[Touchpoint], list[Touchpoint]]:
    """Past touches (up to today) by date then id, and the future ones the engine ignores."""
    touches = sorted(partner.touchpoints, key=_ORDER)
    cut = len(touches)
    while cut and touches[cut - 1].date > today:
        cut -= 1
    if cut == len(touches):
        return touches, []
    return touches[:cut], touches[cut:]


def weights_of(settings: Settings) -> dict[str, float]:
    """Kind -> weight, clamped to [0, 1] so a mistyped weight can never make staleness negative."""
    return {name: min(1.0, max(0.0, k.weight)) for name, k in settings.kinds.items()}


def ledger(touches: list[Touchpoint], settings: Settings, today: date,
           weights: dict[str, float] | None = None, lasts: tuple | None = None) -> Ledger:
    """Weighted sums over the last 365 days; the last dates over all history."""
    weights = weights if weights is not None else weights_of(settings)
    recent = touches[bisect_right(touches, today - timedelta(days=LEDGER_DAYS), key=_DATE):]
    gave = [weights.get(t.kind, 1.0) for t in recent if t.direction == "gave"]
    received = [weights.get(t.kind, 1.0) for t in recent if t.direction == "received"]
    last_gave, last_received = lasts or (_last(touches, "gave"), _last(touches, "received"))
    return Ledger(round(sum(gave), 2), round(sum(received), 2), len(gave), len(received),
                  last_gave, last_received)


def _last(touches: list[Touchpoint], direction: str) -> date | None:
    return next((t.date for t in reversed(touches) if t.direction == direction), None)


def phase(partner: Partner, today: date) -> Phase:
    if not partner.projects:
        return _NO_PROJECTS
    running, ended, planned = [], [], []
    for p in sorted(partner.projects, key=lambda p: (p.end or date.max, p.start, p.id)):
        if p.start > today:
            planned.append(p)
        elif p.end is None or p.end >= today:
            running.append(p)
        else:
            ended.append(p)
    return Phase(tuple(running), tuple(ended), tuple(planned))


def future_warning(partner: Partner, future: list[Touchpoint]) -> list[Problem]:
    if not future:
        return []
    first = future[0]
    if len(future) > 1:
        message = plural(len(future) - 1,
                         "touchpoint {id} is dated {date}, in the future and {n} more; ignored until then",
                         "touchpoint {id} is dated {date}, in the future and {n} more; ignored until then",
                         id=first.id, date=i18n.day(first.date))
    else:
        message = _("touchpoint {id} is dated {date}, in the future; ignored until then").format(
            id=first.id, date=i18n.day(first.date))
    return [Problem(
        f"partners/{partner.slug}.toml",
        message,
        hint=_("fix the date or wait"),
        severity="warning",
    )]


def partner_facts(partner: Partner, settings: Settings, today: date,
                  weights: dict[str, float] | None = None) -> Facts:
    """`weights` (from weights_of) may be passed in when computing many partners with the same settings."""
    weights = weights if weights is not None else weights_of(settings)
    touches, future = sorted_touches(partner, today)
    return Facts(
        partner, settings, today, touches, future, phase(partner, today), future_warning(partner, future),
        frozenset(c.successor for c in partner.contacts if c.successor and c.left is not None), weights,
        _last(touches, "gave"), _last(touches, "received"),
    )
