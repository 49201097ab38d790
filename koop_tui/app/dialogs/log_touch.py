"""Log a touchpoint: kind by typing (completed from the workspace's kinds), date as typed, Enter saves."""

from __future__ import annotations

from textual.widgets import Input

from koop_tui.app.dialogs.base import Field, FormError, PartnerDialog, pick, resolve_contact
from koop_tui.app.messages import Change
from koop_tui.i18n import _, day, pgettext
from koop_tui.model import DIRECTIONS, Touchpoint, kind_shown


class LogTouchDialog(PartnerDialog):
    """Prefilled with the selected contact and today; the direction follows the kind unless typed. With a
    `record`: edit that touchpoint (several people comma-separated)."""

    keys = {"contact": "contacts"}

    @property
    def form_title(self) -> str:
        title = _("Edit touchpoint · {partner}") if self.record else _("Log touchpoint · {partner}")
        return title.format(partner=self.partner.name)

    def fields(self) -> list[Field]:
        kinds = tuple(self.app.backend.workspace.settings.kinds)
        active = [c for c in self.partner.contacts if c.active_on(self.today)]
        t = self.record
        return [
            Field("kind", _("Kind"), t.kind if t else "", _("call, mail, meeting… (→ completes)"), kinds),
            Field("date", _("Date"), self.text_of(t.date) if t else _("today"),
                  _("today, yesterday, fri, -3d, 20.11.")),
            self.contact_field(_("With"), _("empty: everyone at the partner"), active),
            Field("direction", _("Direction"), t.direction if t else "", _("from the kind"), DIRECTIONS),
            Field("note", _("Note"), t.note if t else "", _("what happened")),
        ]

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "field-kind":
            return
        kinds = self.app.backend.workspace.settings.kinds
        try:
            kind = kinds[pick(list(kinds), event.value, "kind")]
        except FormError:
            return
        self.query_one("#field-direction", Input).placeholder = _("{direction} (from {kind})").format(
            direction=kind.direction, kind=kind.name)

    def change(self, values: dict[str, str]) -> Change:
        kinds = self.app.backend.workspace.settings.kinds
        if not values["kind"]:
            raise FormError(_("{field}: type one, e.g. call").format(field=self.label("kind")))
        kind = pick(list(kinds), values["kind"], self.label("kind"))
        when = self.date_of(values["date"] or "today", self.label("date"), past=True)
        if when > self.today:
            raise FormError(_("{field}: a touchpoint lies in the past or today (use a follow-up for the future)")
                            .format(field=self.label("date")))
        direction = pick(list(DIRECTIONS), values["direction"], self.label("direction")) if values["direction"] \
            else kinds[kind].direction
        partner = self.partner
        if self.record is not None:
            return self.edit(kind, when, direction, values)
        contact = resolve_contact(partner, values["contact"], self.label("contact"))
        touch = Touchpoint("", when, kind, direction, [contact] if contact else [], values["note"],
                           self.app.backend.me)
        who = partner.contact(contact).name if contact else pgettext("after with", "everyone")
        word = kind_shown(kind, kinds)
        return Change("log_touch", (self.slug, touch), slug=self.slug, contact=contact,
                      done=lambda _t: _("Logged {kind} with {who} ({partner})").format(kind=word, who=who,
                                                                                     partner=partner.name))

    def edit(self, kind: str, when, direction: str, values: dict[str, str]) -> Change:
        t, name = self.record, self.partner.name
        word = kind_shown(kind, self.app.backend.workspace.settings.kinds)
        contacts = self.contacts_of(values["contact"], self.label("contact"))
        changes = self.edits({"kind": kind, "date": when, "contact": contacts, "direction": direction,
                              "note": values["note"]})
        return Change("edit_record", (self.slug, "touchpoints", t.id, changes), {"expected": self.expected(changes)},
                      slug=self.slug, done=lambda _p: _("Saved the {kind} of {day} ({partner})").format(
                          kind=word, day=day(when), partner=name))
