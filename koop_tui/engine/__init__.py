"""The cadence engine: model + today -> the due list with reasons. Pure: no I/O, no clock, no Textual.

Rules and decisions: docs/engine.md.
"""

import importlib

# name -> (module, name there): imported on first use, so that a command importing one engine module (the
# index's cached due list asks engine.problems only) does not import them all. No name here may be a module's
# (as `warmup` was): importing that module would shadow it.
_NAMES = {
    "ALL_KINDS": ("due", "ALL_KINDS"), "AgreementState": ("view", "AgreementState"),
    "Cadence": ("cadence", "Cadence"), "ContactState": ("staleness", "ContactState"), "Ledger": ("facts", "Ledger"),
    "PartnerView": ("view", "PartnerView"), "Phase": ("facts", "Phase"),
    "ReciprocationRate": ("warmup", "ReciprocationRate"), "WarmUp": ("warmup", "WarmUp"),
    "reciprocation_rate": ("warmup", "reciprocation_rate"),
    "WhoResult": ("knowhow", "WhoResult"), "contact_states": ("staleness", "contact_states"),
    "counts_text": ("due", "counts_text"), "due_counts": ("due", "due_counts"), "due_items": ("due", "due_items"),
    "due_items_for_partner": ("due", "due_items_for_partner"), "next_due": ("staleness", "next_due"),
    "partner_facts": ("facts", "partner_facts"), "partner_view": ("view", "partner_view"),
    "resolve_cadence": ("cadence", "resolve"),
    "select": ("due", "select"), "sort_items": ("due", "sort_items"), "sort_key": ("due", "sort_key"),
    "warnings": ("due", "warnings"), "who": ("knowhow", "who"),
}


def __getattr__(name: str):
    try:
        module, attr = _NAMES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
    globals()[name] = value
    return value


__all__ = [
    "ALL_KINDS", "AgreementState", "Cadence", "ContactState", "Ledger", "PartnerView", "Phase",
    "ReciprocationRate", "WarmUp", "WhoResult", "contact_states", "counts_text", "due_counts", "due_items", "due_items_for_partner",
    "next_due", "partner_facts", "partner_view", "reciprocation_rate", "resolve_cadence", "select", "sort_items",
    "sort_key", "warnings", "who",
]
