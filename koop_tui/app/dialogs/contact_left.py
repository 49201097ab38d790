"""A contact left the partner: their cadence stops; a successor takes over, or a handover is flagged."""

from __future__ import annotations

from datetime import date

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, resolve_contact
from koop_tui.app.messages import Change
from koop_tui.model import Contact, Partner
from koop_tui.i18n import _, day, ngettext, number
from koop_tui.store.changes import departure_confirmed, handed_over


class ContactLeftDialog(FormDialog):
    """`d` on a contact: the date they left and who takes over (an existing contact)."""

    def __init__(self, partner: Partner, contact: Contact) -> None:
        super().__init__()
        self.partner = partner
        self.contact = contact
        self.record = contact

    @property
    def form_title(self) -> str:
        return _("{name} left {partner}").format(name=self.contact.name, partner=self.partner.name)

    def fields(self) -> list[Field]:
        others = tuple(c.name for c in self.partner.contacts if c.id != self.contact.id and c.left is None)
        return [
            Field("left", _("Left on"), _("today"),
                  _("today, -1w, {example}").format(example=day(date(2026, 10, 31)))),
            Field("successor", _("Successor"), "", _("who takes over (add them first with n); empty: none"), others),
        ]

    def change(self, values: dict[str, str]) -> Change:
        left = self.date_of(values["left"], self.label("left"), past=True)
        successor = resolve_contact(self.partner, values["successor"], self.label("successor"))
        if successor == self.contact.id:
            raise FormError(_("{field}: someone else than the person who left").format(field=self.label("successor")))
        changes = self.edits({"left": left} | ({"successor": successor} if successor else {}), every=True)
        remaining = [c for c in self.partner.contacts
                     if c.id != self.contact.id and c.active_on(self.app.backend.today)]
        tail = "" if remaining else _(" · handover needed: no active contact left")
        if moved := len(handed_over(self.partner, self.contact.id, changes)):
            tail += ngettext(" · {n} open follow-up now with {name}", " · {n} open follow-ups now with {name}",
                             moved).format(n=number(moved), name=self.partner.contact(successor).name)
        if departure_confirmed(self.partner, self.contact.id, changes):
            tail += _(" · the check whether they left is done")
        name = self.contact.name
        return Change("set_fields", (self.partner.slug, self.contact.id, changes), {"expected": self.expected(changes)},
                      slug=self.partner.slug,
                      done=lambda _r: _("{name} left").format(name=name) + tail)
