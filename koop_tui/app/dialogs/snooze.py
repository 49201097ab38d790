"""Snooze a contact or a whole partner until a date; an empty date wakes it up."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, PartnerDialog, resolve_contact
from koop_tui.app.messages import Change


class SnoozeDialog(PartnerDialog):
    """`s`: the item leaves the due list until the date and comes back by itself."""

    @property
    def form_title(self) -> str:
        return f"Snooze · {self.partner.name}"

    def fields(self) -> list[Field]:
        return [
            Field("until", "Until", "+2w", "+2w, mon, 10.1.; empty: wake up now"),
            self.contact_field("Who", "empty: the whole partner"),
        ]

    def before(self) -> dict:
        """When each of them was snoozed until as the form opened (None: the partner)."""
        partner = self.partner
        return {None: partner.snoozed_until} | {c.id: c.snoozed_until for c in partner.contacts}

    def change(self, values: dict[str, str]) -> Change:
        until = self.date_of(values["until"], "Until", required=False)
        partner = self.partner
        contact = resolve_contact(partner, values["contact"], self.label("contact"))
        record = partner.contact(contact) if contact else partner
        who = record.name
        said = (f"Snoozed {who} until {until.isoformat()}" if until
                else f"{who} is awake again" if record.snoozed_on(self.app.backend.today) else f"{who} was not snoozed")
        self.pending = {"snoozed_until": until}
        was = self.opened.get("snoozed_until", self.opened.get(contact))  # the former once the person chose "mine"
        expected = {"snoozed_until": was} if contact in self.opened else {}
        return Change("snooze", (self.slug, contact, until), {"expected": expected}, slug=self.slug,
                      done=lambda _r: said)
