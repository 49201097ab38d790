"""What the partner screen shows, computed in one place so the app stays a thin view."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from koop_tui.engine.due import partner_items, sort_items
from koop_tui.engine.facts import Ledger, Phase, partner_facts
from koop_tui.engine.staleness import ContactState, contact_states, explain, hints
from koop_tui.engine.warmup import WarmUp, warmup
from koop_tui.model import Agreement, DueItem, Partner, Problem, Workspace


@dataclass(frozen=True)
class AgreementState:
    """An agreement with its next review and the day the reminder starts."""

    agreement: Agreement
    review: date | None
    remind_from: date | None
    days_to_review: int | None


@dataclass(frozen=True)
class PartnerView:
    partner: Partner
    contacts: tuple[ContactState, ...]
    ledger: Ledger
    vetting_missing: tuple[str, ...]
    warmup: WarmUp
    phase: Phase
    agreements: tuple[AgreementState, ...]
    items: tuple[DueItem, ...]
    hints: tuple[str, ...]
    warnings: tuple[Problem, ...]

    @property
    def is_prospect(self) -> bool:
        return self.partner.stage in ("prospect", "vetting")


def partner_view(workspace: Workspace, slug: str, today: date, *, within: int = 0) -> PartnerView | None:
    """Contacts with their own staleness, ledger, vetting, warm-up, projects, agreements and due items; None
    for a partner whose file has errors (nothing is computed from it)."""
    partner = workspace.sound().get(slug)
    if partner is None:
        return None
    facts = partner_facts(partner, workspace.settings, today)
    lead = workspace.settings.agreement_lead_days
    agreements = tuple(
        AgreementState(a, a.review, a.review - timedelta(days=lead) if a.review else None,
                       (a.review - today).days if a.review else None)
        for a in sorted(partner.agreements, key=lambda a: (a.review or date.max, a.id))
    )
    return PartnerView(
        partner=partner,
        contacts=tuple(replace(s, explanation=explain(s, facts)) for s in contact_states(facts)),
        ledger=facts.ledger,
        vetting_missing=tuple(partner.vetting.missing()) if partner.stage in ("prospect", "vetting") else (),
        warmup=warmup(facts.touches),
        phase=facts.phase,
        agreements=agreements,
        items=tuple(sort_items(partner_items(facts, within), today)),
        hints=tuple(hints(facts)),
        warnings=tuple(facts.warnings),
    )
