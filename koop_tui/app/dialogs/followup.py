"""Add a follow-up: what, when, optionally with whom."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, FormError, PartnerDialog, resolve_contact
from koop_tui.app.messages import Change
from koop_tui.model import FollowUp


class FollowUpDialog(PartnerDialog):
    """`f`: a dated to-do with the partner, prefilled with the selected contact."""

    @property
    def form_title(self) -> str:
        return f"{'Edit follow-up' if self.record else 'Follow-up'} · {self.partner.name}"

    def fields(self) -> list[Field]:
        f = self.record
        out = [
            Field("text", "What", f.text if f else "", "send offer, ask for references…"),
            Field("due", "Due", f.due.isoformat() if f else "+1w", "+3d, fri, tomorrow, 31.12."),
            self.contact_field("With", "empty: the partner"),
        ]
        if f is not None:
            out.append(Field("done", "Done on", f.done.isoformat() if f.done else "", "empty: still open"))
        return out

    def change(self, values: dict[str, str]) -> Change:
        if not values["text"]:
            raise FormError("What: say what to do")
        due = self.date_of(values["due"], "Due")
        partner = self.partner
        contact = resolve_contact(partner, values["contact"], self.label("contact"))
        if self.record is not None:
            changes = self.edits({"text": values["text"], "due": due, "contact": contact,
                                  "done": self.date_of(values["done"], "Done on", required=False)})
            return Change("edit_record", (self.slug, "followups", self.record.id, changes),
                          {"expected": self.expected(changes)}, slug=self.slug,
                          done=lambda _p: f"Saved follow-up: {values['text']}")
        followup = FollowUp("", due, values["text"], contact, owner=self.app.backend.me)
        return Change("add_followup", (self.slug, followup), slug=self.slug,
                      done=lambda _f: f"Follow-up for {due.isoformat()}: {values['text']}")
