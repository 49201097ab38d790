"""The partner screen's header: stage, owner, tags, since, vetting checklist, ledger and warm-up."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.widgets import Static

from koop_tui.app.widgets.status import days_ago
from koop_tui.model import Partner
from koop_tui.words import plural

CHECK = {True: "✓", False: "✗"}


def header_lines(partner: Partner, view: Any, today: date) -> list[str]:
    """Plain lines; kept free of widgets so they are easy to test and reuse."""
    facts = [partner.stage, f"owner {partner.owner or '—'}"]
    if partner.tags:
        facts.append("tags " + ", ".join(partner.tags))
    if partner.since:
        days = (today - partner.since).days
        age = f"{days // 365} y" if days >= 365 else f"{days // 30} mo" if days >= 30 else "new"
        facts.append(f"since {partner.since.isoformat()} ({age})")
    if partner.snoozed_on(today):
        facts.append(f"snoozed until {partner.snoozed_until.isoformat()}")
    lines = [" · ".join(facts)]
    if partner.skills:
        lines.append("know-how: " + ", ".join(partner.skills))
    if partner.stage in ("prospect", "vetting"):
        missing = set(partner.vetting.missing())
        checks = [f"{CHECK[name not in missing]} {name}" for name in ("contribution", "references", "anchoring")]
        decision = partner.vetting.decision or "open"
        lines.append("vetting: " + "  ".join(checks) + f"  · decision: {decision}")
    lines += _ledger_lines(view) + _warmup_lines(view) + _project_lines(view) + _agreement_lines(view)
    if partner.conflicts:
        lines.append(f"⚠ {plural(len(partner.conflicts), 'merge conflict')} to resolve: see below")
    return lines


def _ledger_lines(view: Any) -> list[str]:
    if view is None:
        return []
    ledger = view.ledger
    line = (f"ledger (365 d): given {ledger.gave:.1f} ↑ ({ledger.gave_count}) · "
            f"received {ledger.received:.1f} ↓ ({ledger.received_count})")
    return [line + (" · ⇄ you owe them" if ledger.owing else "")]


WARMUP_TEXT = {
    "give-first": "give first (comment, recommend, share) before proposing",
    "waiting": "gave {gives}×, waiting for them to give back",
    "ready": "they gave back on {back}: ready to propose a cooperation",
    "proposed": "proposed on {proposed}",
}


def _warmup_lines(view: Any) -> list[str]:
    if view is None or not view.is_prospect:
        return []
    w = view.warmup
    text = WARMUP_TEXT[w.state].format(gives=len(w.gives), back=w.reciprocated, proposed=w.proposed)
    return [f"warm-up: {text}"]


def _project_lines(view: Any) -> list[str]:
    if view is None:
        return []
    phase = view.phase
    if phase.state == "project":
        return ["joint projects: " + ", ".join(p.name for p in phase.running) + " running"]
    if phase.state == "between":
        last = max(phase.ended, key=lambda p: p.end)
        return [f"between projects: {last.name} ended {last.end.isoformat()}"]
    return []


def _agreement_lines(view: Any) -> list[str]:
    if view is None:
        return []
    return [f"agreement {a.agreement.what}: review {a.review.isoformat()} ({days_ago(-a.days_to_review)})"
            for a in view.agreements if a.review is not None and a.days_to_review is not None
            and a.days_to_review <= 60]


class PartnerHeader(Static):
    """Shows the header lines; the screen hands it the snapshot."""

    def show(self, partner: Partner, view: Any, today: date) -> None:
        title = Text(partner.name, style="bold")
        body = "\n".join(header_lines(partner, view, today))
        self.update(Text.assemble(title, "\n", body))
