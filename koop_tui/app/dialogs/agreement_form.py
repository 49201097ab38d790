"""Add an agreement with a partner; it comes up for review before its review date."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, pick
from koop_tui.app.messages import Change
from koop_tui.model import Agreement

WHAT = ("referral-commission", "shared-offer", "exclusivity", "other")


class AgreementForm(FormDialog):
    """`A` on a partner; with a `record`, edit that agreement (`enter` on it)."""

    def __init__(self, slug: str, record: Agreement | None = None) -> None:
        super().__init__()
        self.slug = slug
        self.record = record

    @property
    def form_title(self) -> str:
        return f"{'Edit agreement' if self.record else 'New agreement'} · {self.app.backend.partner(self.slug).name}"

    def fields(self) -> list[Field]:
        a = self.record
        return [
            Field("what", "What", a.what if a else "", ", ".join(WHAT), WHAT),
            Field("text", "Terms", a.text if a else "", "10 % on referred projects for the first year"),
            Field("signed", "Signed", self.text_of(a.signed) if a else "today", "today, 2025-01-15"),
            Field("review", "Review", self.text_of(a.review) if a else "+1y", "+1y, 2027-01-15; empty: no review"),
        ]

    def change(self, values: dict[str, str]) -> Change:
        what = pick(list(WHAT), values["what"] or "other", "What")
        signed = self.date_of(values["signed"], "Signed", required=False)
        review = self.date_of(values["review"], "Review", required=False)
        if signed and review and review <= signed:
            raise FormError("Review: after the signing date")
        if self.record is not None:
            changes = self.edits({"what": what, "text": values["text"], "signed": signed, "review": review})
            return Change("edit_record", (self.slug, "agreements", self.record.id, changes),
                          {"expected": self.expected(changes)}, slug=self.slug, done=lambda _a: f"Saved agreement {what}")
        agreement = Agreement("", what, values["text"], signed, review)
        when = f", review {review.isoformat()}" if review else ""
        return Change("add_agreement", (self.slug, agreement), slug=self.slug,
                      done=lambda _a: f"Agreement {what}{when}")
