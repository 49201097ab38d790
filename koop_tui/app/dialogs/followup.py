"""Add a follow-up: what, when, optionally with whom."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, FormError, PartnerDialog, resolve_contact
from koop_tui.app.messages import Change
from koop_tui.i18n import _, day
from koop_tui.model import FollowUp


class FollowUpDialog(PartnerDialog):
    """`f`: a dated to-do with the partner, prefilled with the selected contact."""

    @property
    def form_title(self) -> str:
        title = _("Edit follow-up · {partner}") if self.record else _("Follow-up · {partner}")
        return title.format(partner=self.partner.name)

    def fields(self) -> list[Field]:
        f = self.record
        out = [
            Field("text", _("What"), f.text if f else "", _("send offer, ask for references…")),
            Field("due", _("Due"), self.text_of(f.due) if f else "+1w", _("+3d, fri, tomorrow, 31.12.")),
            self.contact_field(_("With"), _("empty: the partner")),
        ]
        if f is not None:
            out.append(Field("done", _("Done on"), self.text_of(f.done), _("empty: still open")))
        return out

    def change(self, values: dict[str, str]) -> Change:
        if not values["text"]:
            raise FormError(_("{field}: say what to do").format(field=self.label("text")))
        due = self.date_of(values["due"], self.label("due"))
        partner = self.partner
        contact = resolve_contact(partner, values["contact"], self.label("contact"))
        if self.record is not None:
            changes = self.edits({"text": values["text"], "due": due, "contact": contact,
                                  "done": self.date_of(values["done"], self.label("done"), required=False, past=True,
                                                     side="done")})
            return Change("edit_record", (self.slug, "followups", self.record.id, changes),
                          {"expected": self.expected(changes)}, slug=self.slug,
                          done=lambda _p: _("Saved follow-up: {text}").format(text=values["text"]))
        followup = FollowUp("", due, values["text"], contact, owner=self.app.backend.me)
        return Change("add_followup", (self.slug, followup), slug=self.slug,
                      done=lambda _f: _("Follow-up for {day}: {text}").format(day=day(due), text=values["text"]))
