"""Snooze a contact or a whole partner until a date; an empty date wakes it up."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, FormDialog, resolve_contact
from koop_tui.app.messages import Change


class SnoozeDialog(FormDialog):
    """`s`: the item leaves the due list until the date and comes back by itself."""

    def __init__(self, slug: str, contact: str | None = None) -> None:
        super().__init__()
        self.slug = slug
        self.contact_id = contact

    @property
    def form_title(self) -> str:
        return f"Snooze · {self.app.backend.partner(self.slug).name}"

    def fields(self) -> list[Field]:
        partner = self.app.backend.partner(self.slug)
        contact = partner.contact(self.contact_id) if self.contact_id else None
        names = tuple(c.name for c in partner.contacts)
        return [
            Field("until", "Until", "+2w", "+2w, 2027-01-10; empty: wake up now"),
            Field("contact", "Who", contact.name if contact else "", "empty: the whole partner", names),
        ]

    def change(self, values: dict[str, str]) -> Change:
        until = self.date_of(values["until"], "Until", required=False)
        partner = self.app.backend.partner(self.slug)
        contact = resolve_contact(partner, values["contact"])
        who = partner.contact(contact).name if contact else partner.name
        said = f"Snoozed {who} until {until.isoformat()}" if until else f"{who} is awake again"
        return Change("snooze", (self.slug, contact, until), slug=self.slug, done=lambda _r: said)
