"""The partner page as plain lines: the app's partner header and `koop show` read them from here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from koop_tui import i18n
from koop_tui.engine.common import ago
from koop_tui.engine.reminders import agreement_word
from koop_tui.i18n import N_, _, translated
from koop_tui.model import Kind, Partner, kind_shown
from koop_tui.text import cells, fit, one_line
from koop_tui.words import direction_word, plural, stage_word, status_word, vetting_part

CHECK = {True: "✓", False: "✗"}


def header_lines(partner: Partner, view: Any, today: date, unread: frozenset[str] = frozenset()) -> list[str]:
    """Plain lines; kept free of widgets so they are easy to test and reuse. `unread`: the keys of a file with
    errors whose values could not be read; they are said to be so, not shown (the model holds a default in their
    place: a stage typed "activ" would show as "prospect" with an empty vetting checklist)."""

    def fact(key: str, text: str) -> str:
        return _("{key} ⚠ unreadable").format(key=key) if key in unread else text

    facts = [fact("stage", stage_word(partner.stage)),
             fact("owner", _("owner {owner}").format(owner=partner.owner or "—"))]
    if partner.tags or "tags" in unread:
        facts.append(fact("tags", _("tags {tags}").format(tags=", ".join(partner.tags))))
    if "since" in unread:
        facts.append(fact("since", ""))
    elif partner.since:
        days = (today - partner.since).days
        age = (plural(days // 365, "{n} y", "{n} y") if days >= 365 else
               plural(days // 30, "{n} mo", "{n} mo") if days >= 30 else _("new"))
        facts.append(_("since {date} ({age})").format(date=i18n.day(partner.since), age=age))
    if "snoozed_until" in unread:
        facts.append(fact("snoozed_until", ""))
    elif partner.snoozed_on(today):
        facts.append(_("snoozed until {date}").format(date=i18n.day(partner.snoozed_until)))
    lines = [" · ".join(facts)]
    if partner.skills or "skills" in unread:
        lines.append(fact("skills", _("know-how: {skills}").format(skills=", ".join(partner.skills))))
    if "vetting" in unread:
        lines.append(fact("vetting", ""))
    elif "stage" not in unread and partner.stage in ("prospect", "vetting"):
        missing = set(partner.vetting.missing())
        checks = [f"{CHECK[name not in missing]} {vetting_part(name)}"
                  for name in ("contribution", "references", "anchoring")]
        decision = partner.vetting.decision or _("open")
        lines.append(_("vetting: {checks}  · decision: {decision}").format(checks="  ".join(checks),
                                                                           decision=decision))
    lines += _ledger_lines(view) + _warmup_lines(view) + _project_lines(view) + _agreement_lines(view)
    if partner.conflicts:
        lines.append(plural(len(partner.conflicts), "⚠ {n} merge conflict to resolve: see below",
                                   "⚠ {n} merge conflicts to resolve: see below"))
    return lines


def _ledger_lines(view: Any) -> list[str]:
    if view is None:
        return []
    ledger = view.ledger
    line = _("ledger (365 d): given {gave} ↑ ({gave_count}) · received {received} ↓ ({received_count})").format(
        gave=i18n.decimal(ledger.gave), gave_count=ledger.gave_count, received=i18n.decimal(ledger.received),
        received_count=ledger.received_count)
    return [line + (" · " + _("⇄ you owe them") if ledger.owing else "")]


WARMUP_TEXT = {
    "give-first": N_("give first (comment, recommend, share) before proposing"),
    "waiting": N_("gave {gives}×, waiting for them to give back"),
    "ready": N_("they gave back on {back}: ready to propose a cooperation"),
    "proposed": N_("proposed on {proposed}"),
}


def _warmup_lines(view: Any) -> list[str]:
    if view is None or not view.is_prospect:
        return []
    w = view.warmup
    text = translated(WARMUP_TEXT[w.state]).format(
        gives=len(w.gives), back=w.reciprocated and i18n.day(w.reciprocated),
        proposed=w.proposed and i18n.day(w.proposed))
    return [_("warm-up: {text}").format(text=text)]


def _project_lines(view: Any) -> list[str]:
    if view is None:
        return []
    phase = view.phase
    if phase.state == "project":
        return [_("joint projects: {names} running").format(names=", ".join(p.name for p in phase.running))]
    if phase.state == "between":
        last = max(phase.ended, key=lambda p: p.end)
        return [_("between projects: {name} ended {date}").format(name=last.name, date=i18n.day(last.end))]
    return []


def _agreement_lines(view: Any) -> list[str]:
    if view is None:
        return []
    return [_("agreement {what}: review {date} ({when})").format(what=agreement_word(a.agreement.what),
                                                                  date=i18n.day(a.review), when=ago(-a.days_to_review))
            for a in view.agreements if a.review is not None and a.days_to_review is not None
            and a.days_to_review <= 60]


def _table(rows: list[tuple[str, ...]], width: int | None = None) -> list[str]:
    """Rows as aligned columns (two spaces apart, in the columns a terminal draws: 山田 takes four), the last
    column unpadded; with `width` (a terminal's), a last column that would run past it is broken between words
    and continued under itself, or, with too little room beside the others, under the row's second column (a note
    is the page's content: never cut)."""
    import textwrap

    widths = [max(cells(r[i]) for r in rows) for i in range(len(rows[0]) - 1)] if rows else []
    out = []
    for r in rows:
        start = "  " + "  ".join(fit(c, w) for c, w in zip(r, widths)) + ("  " if widths else "")
        if not width or cells(start + r[-1]) <= width:
            out.append((start + r[-1]).rstrip())
            continue
        beside = width - cells(start) >= 24
        indent = cells(start) if beside else 2 + (widths[0] + 2 if widths else 0)
        parts = textwrap.wrap(r[-1], max(width - indent, 20), break_long_words=False, break_on_hyphens=False)
        out += ([start + parts[0]] if beside else [start.rstrip()] + [" " * indent + parts[0]]) + \
            [" " * indent + part for part in parts[1:]]
    return out


def page_lines(partner: Partner, view: Any, today: date, kinds: Mapping[str, Kind] | None = None,
               width: int | None = None, unread: frozenset[str] = frozenset()) -> list[str]:
    """Everything the partner page shows, with each record's id (what `koop set/rm PARTNER/ID` take); a touchpoint's
    kind as the language says it (`kinds`: koop.toml's, for the labels a workspace gives them); `unread`: as
    header_lines takes it."""
    def name(cid: str | None) -> str:
        contact = partner.contact(cid) if cid else None
        return one_line(contact.name) if contact else (cid or "")

    out = [f"{one_line(partner.name)} (partners/{partner.slug}.toml)", *header_lines(partner, view, today, unread)]
    states = {s.contact.id: s for s in (view.contacts if view else ()) if s.contact}
    rows = []
    for c in partner.contacts:
        state = states.get(c.id)
        if c.left and c.left <= today:
            status = _("left {date}").format(date=i18n.day(c.left))
            status += f" → {name(c.successor)}" if c.successor else ""
        elif state is None or state.status is None:
            status = "—"
        elif state.snoozed_until is not None:
            status = _("snoozed until {date}").format(date=i18n.day(state.snoozed_until))
        elif state.due:
            status = plural(state.cadence.days, "{status} ({n} d, due {when})", "{status} ({n} d, due {when})",
                            status=status_word(state.status), when=ago((today - state.due).days))
        else:
            status = plural(state.cadence.days, "{status} ({n} d)", "{status} ({n} d)",
                            status=status_word(state.status))
        rows.append((c.id, one_line(c.name), one_line(c.role) or "—", status))
    sections = [
        (_("contacts"), rows, True),
        (_("follow-ups"), [(f.id, i18n.day(f.due), _("done {date}").format(date=i18n.day(f.done)) if f.done
                            else _("open"), name(f.contact) or "—", f.text)
                           for f in sorted(partner.followups, key=lambda f: (f.done is not None, f.due, f.id))], False),
        (_("timeline"), [(t.id, i18n.day(t.date), direction_word(t.direction), kind_shown(t.kind, kinds),
                          ", ".join(map(name, t.contacts)) or _("everyone"), t.note)
                         for t in sorted(partner.touchpoints, key=lambda t: (t.date, t.id), reverse=True)], True),
        (_("projects"), [(p.id, i18n.day(p.start), i18n.day(p.end) if p.end else _("running"), p.name)
                         for p in partner.projects], False),
        (_("agreements"), [(a.id, a.what,
                            _("signed {date}").format(date=i18n.day(a.signed)) if a.signed else _("unsigned"),
                            _("review {date}").format(date=i18n.day(a.review)) if a.review else _("no review"), a.text)
                           for a in partner.agreements], False),
    ]
    for title, section, always in sections:
        if section or always:
            out += ["", _("{title}:").format(title=title)] + (_table(section, width) if section else ["  " + _("none")])
    return out
