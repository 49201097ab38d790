"""Add an agreement with a partner; it comes up for review before its review date."""

from __future__ import annotations

from datetime import date

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, pick, spoken
from koop_tui.app.messages import Change
from koop_tui.i18n import _, day
from koop_tui.engine.reminders import agreement_word
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
        title = _("Edit agreement · {partner}") if self.record else _("New agreement · {partner}")
        return title.format(partner=self.app.backend.partner(self.slug).name)

    def fields(self) -> list[Field]:
        a = self.record
        return [
            Field("what", _("What"), agreement_word(a.what) if a else "", ", ".join(map(agreement_word, WHAT)),
                  spoken(WHAT, agreement_word)),
            Field("text", _("Terms"), a.text if a else "", _("10 % on referred projects for the first year")),
            Field("signed", _("Signed"), self.text_of(a.signed) if a else _("today"),
                  _("today, {example}").format(example=day(date(2025, 1, 15)))),
            Field("review", _("Review"), self.text_of(a.review) if a else _("+1y"),
                  _("+1y, {example}; empty: no review").format(example=day(date(2027, 1, 15)))),
        ]

    def change(self, values: dict[str, str]) -> Change:
        what = pick(WHAT, values["what"] or "other", self.label("what"), agreement_word)
        signed = self.date_of(values["signed"], self.label("signed"), required=False)
        review = self.date_of(values["review"], self.label("review"), required=False)
        if signed and review and review <= signed:
            raise FormError(_("{field}: after the signing date").format(field=self.label("review")))
        if self.record is not None:
            changes = self.edits({"what": what, "text": values["text"], "signed": signed, "review": review})
            return Change("edit_record", (self.slug, "agreements", self.record.id, changes),
                          {"expected": self.expected(changes)}, slug=self.slug, done=lambda _a: _("Saved agreement {what}").format(what=agreement_word(what)))
        agreement = Agreement("", what, values["text"], signed, review)
        said = agreement_word(what)
        done = _("Agreement {what}, review {day}").format(what=said, day=day(review)) if review else \
            _("Agreement {what}").format(what=said)
        return Change("add_agreement", (self.slug, agreement), slug=self.slug, done=lambda _a: done)
