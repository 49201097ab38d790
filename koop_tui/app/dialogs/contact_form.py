"""New contact at a partner, or edit one."""

from __future__ import annotations

from typing import Any

from koop_tui.app.dialogs.base import Field, FormDialog, FormError
from koop_tui.app.dialogs.partner_form import split_list
from koop_tui.app.messages import Change
from koop_tui.i18n import _
from koop_tui.dates import parse_birthday
from koop_tui.store.fields import typed_address
from koop_tui.store.lookup import describe_contact, same_person
from koop_tui.model import Contact


class ContactForm(FormDialog):
    """`n` on a partner: new contact; `c` on a contact: edit its fields."""

    def __init__(self, slug: str, contact: Contact | None) -> None:
        super().__init__()
        self.slug = slug
        self.contact = contact
        self.asked: tuple | None = None  # (name, email) the form warned was a duplicate: a second Enter adds it
        self.record = contact

    @property
    def form_title(self) -> str:
        partner = self.app.backend.partner(self.slug)
        if self.contact:
            return _("Edit · {name}").format(name=self.contact.name)
        return _("New contact · {partner}").format(partner=partner.name)

    def fields(self) -> list[Field]:
        c = self.contact
        return [
            Field("name", _("Name"), c.name if c else "", "Jana Weber"),
            *([] if c else [Field("id", _("Id"), "", _("empty: from the name (a-z, 0-9, -)"))]),
            Field("role", _("Role"), c.role if c else "", _("Managing director")),
            Field("email", _("Email"), c.email if c else "", ""),
            Field("phone", _("Phone"), c.phone if c else "", ""),
            Field("birthday", _("Birthday"), str(c.birthday) if c and c.birthday else "",
                  _("02-29, 1980-02-29 or 29.2.")),
            Field("cadence", _("Cadence"), str(c.cadence or "") if c else "", _("days; empty: from the partner")),
            Field("skills", _("Know-how"), ", ".join(c.skills) if c else "", _("seo, translation")),
        ]

    def parsed(self, values: dict[str, str]) -> dict[str, Any]:
        if not values["name"]:
            raise FormError(_("{field}: a contact needs a name").format(field=self.label("name")))
        c = self.contact
        try:
            birthday = c.birthday if self.left_as_shown("birthday", values["birthday"]) else \
                parse_birthday(values["birthday"], self.today) if values["birthday"] else None
        except ValueError as exc:
            raise FormError(_("{field}: {error}").format(field=self.label("birthday"), error=exc)) from None
        try:
            email = c.email if self.left_as_shown("email", values["email"]) else typed_address(values["email"])
        except ValueError as exc:
            raise FormError(_("{field}: {error}").format(field=self.label("email"), error=exc)) from None
        return {
            "name": values["name"], "role": values["role"], "email": email, "phone": values["phone"],
            "birthday": birthday, "cadence": self.int_of(values["cadence"], self.label("cadence")),
            "skills": split_list(values["skills"]),
        }

    def change(self, values: dict[str, str]) -> Change:
        fields = self.parsed(values)
        partner = self.app.backend.partner(self.slug)
        if self.contact is None:
            contact = Contact(self.key_of(values["id"], fields["name"], self.label("id"), "taro"), **fields)
            twin = same_person(partner, contact.name, contact.addresses())
            asked, self.asked = self.asked, (contact.name, contact.email)
            if twin is not None and asked != self.asked:
                raise FormError(_("{field}: {partner} already has {contact}; Enter again adds another contact "
                                  "anyway").format(field=self.label("name"), partner=partner.name,
                                                   contact=describe_contact(twin)))
            return Change("add_contact", (self.slug, contact), slug=self.slug,
                          done=lambda c: _("New contact {name} at {partner}").format(name=contact.name,
                                                                                        partner=partner.name))
        c = self.contact
        changes = self.edits(fields)
        return Change("set_fields", (self.slug, c.id, changes), {"expected": self.expected(changes)}, slug=self.slug,
                      done=lambda _r: _("Saved {name}: {fields}").format(
                          name=c.name, fields=", ".join(map(self.label_of, changes))))
