"""Clearing a due item that is not a follow-up: an agreement reviewed, the vetting checklist filled in."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, pick
from koop_tui.app.messages import Change
from koop_tui.model import ANCHORING, Agreement, Partner, Reference


class ReviewedDialog(FormDialog):
    """`x` on an agreement review: it was reviewed; when is the next review (empty: none)."""

    def __init__(self, slug: str, agreement: Agreement) -> None:
        super().__init__()
        self.slug = slug
        self.agreement = agreement
        self.record = agreement

    @property
    def form_title(self) -> str:
        return f"Reviewed · agreement {self.agreement.what}"

    def fields(self) -> list[Field]:
        return [Field("review", "Next review", "+1y", "+1y, 2027-06-01; empty: no more reviews")]

    def change(self, values: dict[str, str]) -> Change:
        after = self.date_of(values["review"], "Next review", required=False)
        if after is not None and after <= self.today:
            raise FormError("Next review: a day after today, e.g. +1y")
        changes = self.edits({"review": after}, every=True)
        said = f"next review {after.isoformat()}" if after else "no more reviews"
        partner = self.app.backend.partner(self.slug)
        label = f"agreement {self.agreement.what}" + (f" ({partner.name})" if partner is not None else "")
        return Change("edit_record", (self.slug, "agreements", self.agreement.id, changes),
                      {"expected": self.expected(changes), "message": f"Review {label}: {said}"},
                      slug=self.slug, done=lambda _p: f"Agreement {self.agreement.what} reviewed: {said}")


class VettingForm(FormDialog):
    """`x` on a vetting reminder (or `V` on a partner): the checklist. A reference is added as "who: what"."""

    def __init__(self, partner: Partner) -> None:
        super().__init__()
        self.partner = partner
        self.record = partner.vetting

    @property
    def form_title(self) -> str:
        missing = self.partner.vetting.missing()
        return f"Vetting · {self.partner.name}" + (f" (missing: {', '.join(missing)})" if missing else "")

    def fields(self) -> list[Field]:
        v = self.partner.vetting
        return [
            Field("contribution", "Contribution", v.contribution, "what they bring to the network"),
            Field("reference", "Add reference", "", "who: what they said (another partner)"),
            Field("anchoring", "Anchoring", v.anchoring, ", ".join(ANCHORING), ANCHORING),
            Field("decision", "Decision", v.decision, "e.g. go, wait, no"),
        ]

    def change(self, values: dict[str, str]) -> Change:
        anchoring = pick(list(ANCHORING), values["anchoring"], "Anchoring") if values["anchoring"] else ""
        parsed = {"contribution": values["contribution"], "anchoring": anchoring, "decision": values["decision"]}
        try:
            changes = self.edits(parsed)
        except FormError:
            if not values["reference"]:
                raise
            changes = {}
        expected = self.expected(changes)
        if values["reference"]:
            by, _sep, said = values["reference"].partition(":")
            if not by.strip():
                raise FormError("Add reference: who said it, e.g. Nord Design: reliable, fast")
            shown = self.record.references
            changes["references"] = [*shown, Reference(by.strip(), said.strip())]
            expected["references"] = shown
        return Change("edit_record", (self.partner.slug, "vetting", None, changes),
                      {"expected": expected}, slug=self.partner.slug,
                      done=lambda _p: f"Vetting of {self.partner.name}: saved " + ", ".join(changes))
