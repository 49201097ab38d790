"""Add an agreement with a partner; it comes up for review before its review date."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, pick
from koop_tui.app.messages import Change
from koop_tui.model import Agreement

WHAT = ("referral-commission", "shared-offer", "exclusivity", "other")


class AgreementForm(FormDialog):
    """`A` on a partner."""

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug

    @property
    def form_title(self) -> str:
        return f"New agreement · {self.app.backend.partner(self.slug).name}"

    def fields(self) -> list[Field]:
        return [
            Field("what", "What", "", ", ".join(WHAT), WHAT),
            Field("text", "Terms", "", "10 % on referred projects for the first year"),
            Field("signed", "Signed", "today", "today, 2025-01-15"),
            Field("review", "Review", "+1y", "+1y, 2027-01-15; empty: no review"),
        ]

    def change(self, values: dict[str, str]) -> Change:
        what = pick(list(WHAT), values["what"] or "other", "What")
        signed = self.date_of(values["signed"], "Signed", required=False)
        review = self.date_of(values["review"], "Review", required=False)
        if signed and review and review <= signed:
            raise FormError("Review: after the signing date")
        agreement = Agreement("", what, values["text"], signed, review)
        when = f", review {review.isoformat()}" if review else ""
        return Change("add_agreement", (self.slug, agreement), slug=self.slug,
                      done=lambda _a: f"Agreement {what}{when}")
