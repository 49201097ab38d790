"""Add a follow-up: what, when, optionally with whom."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, resolve_contact
from koop_tui.app.messages import Change
from koop_tui.model import FollowUp


class FollowUpDialog(FormDialog):
    """`f`: a dated to-do with the partner, prefilled with the selected contact."""

    def __init__(self, slug: str, contact: str | None = None) -> None:
        super().__init__()
        self.slug = slug
        self.contact_id = contact

    @property
    def form_title(self) -> str:
        return f"Follow-up · {self.app.backend.partner(self.slug).name}"

    def fields(self) -> list[Field]:
        partner = self.app.backend.partner(self.slug)
        contact = partner.contact(self.contact_id) if self.contact_id else None
        names = tuple(c.name for c in partner.contacts)
        return [
            Field("text", "What", "", "send offer, ask for references…"),
            Field("due", "Due", "+1w", "today, +3d, +2w, 2026-12-01"),
            Field("contact", "With", contact.name if contact else "", "empty: the partner", names),
        ]

    def change(self, values: dict[str, str]) -> Change:
        if not values["text"]:
            raise FormError("What: say what to do")
        due = self.date_of(values["due"], "Due")
        partner = self.app.backend.partner(self.slug)
        contact = resolve_contact(partner, values["contact"])
        followup = FollowUp("", due, values["text"], contact, owner=self.app.backend.me)
        return Change("add_followup", (self.slug, followup), slug=self.slug,
                      done=lambda _f: f"Follow-up for {due.isoformat()}: {values['text']}")
