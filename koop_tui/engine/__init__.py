"""The cadence engine: model + today -> the due list with reasons. Pure: no I/O, no clock, no Textual.

Rules and decisions: docs/engine.md.
"""

from koop_tui.engine.cadence import Cadence, resolve as resolve_cadence
from koop_tui.engine.due import (
    ALL_KINDS,
    counts_text,
    due_counts,
    due_items,
    due_items_for_partner,
    next_due,
    select,
    sort_items,
    sort_key,
    warnings,
)
from koop_tui.engine.facts import Ledger, Phase, partner_facts
from koop_tui.engine.knowhow import WhoResult, who
from koop_tui.engine.staleness import ContactState, contact_states
from koop_tui.engine.view import AgreementState, PartnerView, partner_view
from koop_tui.engine.warmup import ReciprocationRate, WarmUp, reciprocation_rate, warmup

__all__ = [
    "ALL_KINDS", "AgreementState", "Cadence", "ContactState", "Ledger", "PartnerView", "Phase",
    "ReciprocationRate", "WarmUp", "WhoResult", "contact_states", "counts_text", "due_counts", "due_items", "due_items_for_partner",
    "next_due", "partner_facts", "partner_view", "reciprocation_rate", "resolve_cadence", "select", "sort_items",
    "sort_key", "warmup", "warnings", "who",
]
