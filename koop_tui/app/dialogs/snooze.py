"""Snooze a contact or a whole partner until a date; an empty date wakes it up."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, PartnerDialog, resolve_contact
from koop_tui.app.messages import Change
from koop_tui.i18n import _, day


class SnoozeDialog(PartnerDialog):
    """`s`: the item leaves the due list until the date and comes back by itself."""

    @property
    def form_title(self) -> str:
        return _("Snooze · {partner}").format(partner=self.partner.name)

    def fields(self) -> list[Field]:
        return [
            Field("until", _("Until"), "+2w", _("+2w, mon, 10.1.; empty: wake up now")),
            self.contact_field(_("Who"), _("empty: the whole partner")),
        ]

    def before(self) -> dict:
        """When each of them was snoozed until as the form opened (None: the partner)."""
        partner = self.partner
        return {None: partner.snoozed_until} | {c.id: c.snoozed_until for c in partner.contacts}

    def change(self, values: dict[str, str]) -> Change:
        until = self.date_of(values["until"], self.label("until"), required=False, side="ahead")
        partner = self.partner
        contact = resolve_contact(partner, values["contact"], self.label("contact"))
        record = partner.contact(contact) if contact else partner
        who = record.name
        if until:
            said = _("Snoozed {name} until {day}").format(name=who, day=day(until))
        elif record.snoozed_on(self.app.backend.today):
            said = _("{name} is awake again").format(name=who)
        else:
            said = _("{name} was not snoozed").format(name=who)
        self.pending = {"snoozed_until": until}
        was = self.opened.get("snoozed_until", self.opened.get(contact))  # the former once the person chose "mine"
        expected = {"snoozed_until": was} if contact in self.opened else {}
        return Change("snooze", (self.slug, contact, until), {"expected": expected}, slug=self.slug,
                      done=lambda _r: said)
