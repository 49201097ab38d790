"""Clearing a due item that is not a follow-up: an agreement reviewed, the vetting checklist filled in."""

from __future__ import annotations

from datetime import date

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, pick, spoken
from koop_tui.app.messages import Change
from koop_tui.engine.reminders import agreement_word
from koop_tui.i18n import _, day
from koop_tui.model import ANCHORING, Agreement, Partner, Reference
from koop_tui.words import anchoring_word, vetting_missing


class ReviewedDialog(FormDialog):
    """`x` on an agreement review: it was reviewed; when is the next review (empty: none)."""

    def __init__(self, slug: str, agreement: Agreement) -> None:
        super().__init__()
        self.slug = slug
        self.agreement = agreement
        self.record = agreement

    @property
    def form_title(self) -> str:
        return _("Reviewed · agreement {what}").format(what=agreement_word(self.agreement.what))

    def fields(self) -> list[Field]:
        return [Field("review", _("Next review"), _("+1y"),
                      _("+1y, {example}; empty: no more reviews").format(example=day(date(2027, 6, 1))))]

    def change(self, values: dict[str, str]) -> Change:
        after = self.date_of(values["review"], self.label("review"), required=False)
        if after is not None and after <= self.today:
            raise FormError(_("{field}: a day after today, e.g. +1y").format(field=self.label("review")))
        changes = self.edits({"review": after}, every=True)
        partner = self.app.backend.partner(self.slug)
        label = f"agreement {self.agreement.what}" + (f" ({partner.name})" if partner is not None else "")
        logged = f"next review {after.isoformat()}" if after else "no more reviews"  # the journal: English
        what = agreement_word(self.agreement.what)
        done = _("Agreement {what} reviewed: next review {day}").format(what=what, day=day(after)) if after else \
            _("Agreement {what} reviewed: no more reviews").format(what=what)
        return Change("edit_record", (self.slug, "agreements", self.agreement.id, changes),
                      {"expected": self.expected(changes), "message": f"Review {label}: {logged}"},
                      slug=self.slug, done=lambda _p: done)


class VettingForm(FormDialog):
    """`x` on a vetting reminder (or `V` on a partner): the checklist. A reference is added as "who: what"."""

    def __init__(self, partner: Partner) -> None:
        super().__init__()
        self.partner = partner
        self.record = partner.vetting

    @property
    def form_title(self) -> str:
        missing = self.partner.vetting.missing()
        title = _("Vetting · {partner}").format(partner=self.partner.name)
        return title + (_(" (missing: {fields})").format(fields=vetting_missing(missing)) if missing else "")

    def fields(self) -> list[Field]:
        v = self.partner.vetting
        return [
            Field("contribution", _("Contribution"), v.contribution, _("what they bring to the network")),
            Field("reference", _("Add reference"), "", _("who: what they said (another partner)")),
            Field("anchoring", _("Anchoring"), anchoring_word(v.anchoring), ", ".join(map(anchoring_word, ANCHORING)),
                  spoken(ANCHORING, anchoring_word)),
            Field("decision", _("Decision"), v.decision, _("e.g. go, wait, no")),
        ]

    def change(self, values: dict[str, str]) -> Change:
        anchoring = pick(ANCHORING, values["anchoring"], self.label("anchoring"), anchoring_word) \
            if values["anchoring"] else ""
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
                raise FormError(_("{field}: who said it, e.g. Nord Design: reliable, fast").format(
                    field=self.label("reference")))
            shown = self.record.references
            changes["references"] = [*shown, Reference(by.strip(), said.strip())]
            expected["references"] = shown
        return Change("edit_record", (self.partner.slug, "vetting", None, changes),
                      {"expected": expected}, slug=self.partner.slug,
                      done=lambda _p: _("Vetting of {partner}: saved {fields}").format(
                          partner=self.partner.name, fields=", ".join(map(self.label_of, changes))))
