"""The partner page as plain lines: the app's partner header and `koop show` read them from here."""

from __future__ import annotations

from datetime import date
from typing import Any

from koop_tui.engine.common import ago
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
        lines.append(plural(len(partner.conflicts), "⚠ {n} merge conflict to resolve: see below",
                                   "⚠ {n} merge conflicts to resolve: see below"))
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
    return [f"agreement {a.agreement.what}: review {a.review.isoformat()} ({ago(-a.days_to_review)})"
            for a in view.agreements if a.review is not None and a.days_to_review is not None
            and a.days_to_review <= 60]


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows as aligned columns (two spaces apart), the last column unpadded."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)] if rows else []
    return [("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)) + ("  " if widths else "") + r[-1]).rstrip()
            for r in rows]


def page_lines(partner: Partner, view: Any, today: date) -> list[str]:
    """Everything the partner page shows, with each record's id (what `koop set/rm PARTNER/ID` take)."""
    def name(cid: str | None) -> str:
        contact = partner.contact(cid) if cid else None
        return contact.name if contact else (cid or "")

    out = [f"{partner.name} (partners/{partner.slug}.toml)", *header_lines(partner, view, today)]
    states = {s.contact.id: s for s in (view.contacts if view else ()) if s.contact}
    rows = []
    for c in partner.contacts:
        state = states.get(c.id)
        if c.left and c.left <= today:
            status = f"left {c.left.isoformat()}" + (f" → {name(c.successor)}" if c.successor else "")
        elif state is None or state.status is None:
            status = "—"
        elif state.snoozed_until is not None:
            status = f"snoozed until {state.snoozed_until.isoformat()}"
        else:
            due = f", due {ago((today - state.due).days)}" if state.due else ""
            status = f"{state.status} ({state.cadence.days} d{due})"
        rows.append((c.id, c.name, c.role or "—", status))
    sections = [
        ("contacts", rows),
        ("follow-ups", [(f.id, f.due.isoformat(), f"done {f.done.isoformat()}" if f.done else "open",
                         name(f.contact) or "—", f.text)
                        for f in sorted(partner.followups, key=lambda f: (f.done is not None, f.due, f.id))]),
        ("timeline", [(t.id, t.date.isoformat(), t.direction, t.kind,
                       ", ".join(map(name, t.contacts)) or "everyone", t.note)
                      for t in sorted(partner.touchpoints, key=lambda t: (t.date, t.id), reverse=True)]),
        ("projects", [(p.id, p.start.isoformat(), p.end.isoformat() if p.end else "running", p.name)
                      for p in partner.projects]),
        ("agreements", [(a.id, a.what, f"signed {a.signed.isoformat()}" if a.signed else "unsigned",
                         f"review {a.review.isoformat()}" if a.review else "no review", a.text)
                        for a in partner.agreements]),
    ]
    for title, section in sections:
        if section or title in ("contacts", "timeline"):
            out += ["", f"{title}:"] + (_table(section) if section else ["  none"])
    return out
