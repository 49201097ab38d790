"""The partner screen's header: stage, owner, tags, since, vetting checklist, ledger and warm-up."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.widgets import Static

from koop_tui.model import Partner

CHECK = {True: "✓", False: "✗"}


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    """First attribute (or key) present on an engine result whose exact shape may grow."""
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


def header_lines(partner: Partner, view: Any, today: date) -> list[str]:
    """Plain lines; kept free of widgets so they are easy to test and reuse."""
    facts = [partner.stage, f"owner {partner.owner or '—'}"]
    if partner.tags:
        facts.append("tags " + ", ".join(partner.tags))
    if partner.since:
        years = (today - partner.since).days // 365
        facts.append(f"since {partner.since.isoformat()} ({years} y)")
    if partner.snoozed_until and partner.snoozed_until > today:
        facts.append(f"snoozed until {partner.snoozed_until.isoformat()}")
    lines = [" · ".join(facts)]
    if partner.skills:
        lines.append("know-how: " + ", ".join(partner.skills))
    if partner.stage in ("prospect", "vetting"):
        missing = set(partner.vetting.missing())
        checks = [f"{CHECK[name not in missing]} {name}" for name in ("contribution", "references", "anchoring")]
        decision = partner.vetting.decision or "open"
        lines.append("vetting: " + "  ".join(checks) + f"  · decision: {decision}")
    lines += _ledger_lines(view) + _warmup_lines(view)
    if partner.conflicts:
        lines.append(f"⚠ {len(partner.conflicts)} merge conflict(s) to resolve (e: edit the file)")
    return lines


def _ledger_lines(view: Any) -> list[str]:
    ledger = _get(view, "ledger", "reciprocity")
    if ledger is None:
        return []
    given = _get(ledger, "given", "gave", default=0.0) or 0.0
    received = _get(ledger, "received", default=0.0) or 0.0
    owing = _get(ledger, "owing", "you_owe", default=False)
    line = f"ledger (365 d): given {given:.1f} ↑ · received {received:.1f} ↓"
    return [line + (" · ⇄ you owe them" if owing else "")]


def _warmup_lines(view: Any) -> list[str]:
    warmup = _get(view, "warmup", "warm_up")
    if warmup is None:
        return []
    text = _get(warmup, "explanation", "summary", "state", default=None)
    return [f"warm-up: {text if text is not None else warmup}"]


class PartnerHeader(Static):
    """Shows the header lines; the screen hands it the snapshot."""

    def show(self, partner: Partner, view: Any, today: date) -> None:
        title = Text(partner.name, style="bold")
        body = "\n".join(header_lines(partner, view, today))
        self.update(Text.assemble(title, "\n", body))
