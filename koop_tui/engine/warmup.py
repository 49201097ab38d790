"""Give first, ask later: the warm-up of prospects and the workspace's reciprocation rate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from koop_tui import i18n
from koop_tui.engine.facts import sorted_touches
from koop_tui.i18n import _
from koop_tui.model import Partner, Touchpoint, Workspace
from koop_tui.words import plural


@dataclass(frozen=True)
class WarmUp:
    """Gives so far, whether (and when) they gave back, and whether we followed up with a conversation.

    state: `give-first` (nothing given yet), `waiting` (gave, nothing back), `ready` (they gave back:
    propose the cooperation), `proposed` (a mutual touch followed their give).
    """

    gives: tuple[Touchpoint, ...] = ()
    reciprocated: date | None = None
    proposed: date | None = None

    @property
    def first_give(self) -> date | None:
        return self.gives[0].date if self.gives else None

    @property
    def state(self) -> str:
        if not self.gives:
            return "give-first"
        if self.reciprocated is None:
            return "waiting"
        return "proposed" if self.proposed is not None else "ready"

    @property
    def summary(self) -> str:
        """One line for the partner screen, e.g. "2 gives since 2026-10-01; they gave back 2026-11-01: propose"."""
        if not self.gives:
            return _("nothing given yet — give first: recommend, comment, share, link")
        text = plural(len(self.gives), "{n} give since {date}", "{n} gives since {date}",
                      date=i18n.day(self.first_give))
        if self.reciprocated is None:
            return text + "; " + _("waiting for them to give back")
        text += "; " + _("they gave back {date}").format(date=i18n.day(self.reciprocated))
        if self.proposed is not None:
            return text + "; " + _("talked since {date}").format(date=i18n.day(self.proposed))
        return text + " — " + _("ready to propose a cooperation")

    def gave_back_within(self, days: int) -> bool:
        first = self.first_give
        return bool(first and self.reciprocated and (self.reciprocated - first).days <= days)


def warmup(touches: list[Touchpoint]) -> WarmUp:
    """From past touches in date order: our gives, their first receipt on or after our first give."""
    gives = tuple(t for t in touches if t.direction == "gave")
    if not gives:
        return WarmUp()
    first = gives[0].date
    back = next((t.date for t in touches if t.direction == "received" and t.date >= first), None)
    proposed = None
    if back is not None:
        proposed = next((t.date for t in touches if t.direction == "mutual" and t.date >= back), None)
    return WarmUp(gives, back, proposed)


_TOUCH_ORDER = attrgetter("date", "id")  # the order of sorted_touches


@dataclass(frozen=True)
class ReciprocationRate:
    """Of the partners whose first touch was our give, how many gave back within `days` (pending left out)."""

    days: int
    gave_to: tuple[str, ...]
    gave_back: tuple[str, ...]
    pending: tuple[str, ...]

    @property
    def rate(self) -> float | None:
        return len(self.gave_back) / len(self.gave_to) if self.gave_to else None

    def sentence(self) -> str:
        if not self.gave_to:
            if not self.pending:
                return _("nothing to measure yet: no partner we gave to first")
            return plural(len(self.pending),
                          "nothing to measure yet: {n} partner we gave to first, within the {days} days",
                          "nothing to measure yet: {n} partners we gave to first, all within the {days} days",
                          days=self.days)
        text = plural(len(self.gave_to), "of {n} prospect we gave to, {back} gave back within {days} days ({rate})",
                      "of {n} prospects we gave to, {back} gave back within {days} days ({rate})",
                      back=len(self.gave_back), days=self.days, rate=i18n.percent(self.rate))
        if self.pending:
            text += plural(len(self.pending), "; {n} more still within the {days} days",
                           "; {n} more still within the {days} days", days=self.days)
        return text


def reciprocation_rate(workspace: Workspace, today: date, days: int | None = None) -> ReciprocationRate:
    """Partners we gave to first; those whose first give is younger than `days` without reply are pending."""
    days = workspace.settings.reciprocation_days if days is None else days
    gave_to, gave_back, pending = [], [], []
    sound = workspace.sound()  # never from a partner whose file has errors
    for slug in sorted(sound):
        partner: Partner = sound[slug]
        first = min((t for t in partner.touchpoints if t.date <= today), key=_TOUCH_ORDER, default=None)
        if first is None or first.direction != "gave":  # the sort below only for those who began with a give
            continue
        touches, _ = sorted_touches(partner, today)
        w = warmup(touches)
        if w.gave_back_within(days):
            gave_to.append(slug)
            gave_back.append(slug)
        elif w.reciprocated is None and (today - w.first_give).days < days:
            pending.append(slug)
        else:
            gave_to.append(slug)
    return ReciprocationRate(days, tuple(gave_to), tuple(gave_back), tuple(pending))
