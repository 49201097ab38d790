"""Log a touchpoint: kind by typing (completed from the workspace's kinds), date as typed, Enter saves."""

from __future__ import annotations

from textual.widgets import Input

from koop_tui.app.dialogs.base import Field, FormError, PartnerDialog, pick, resolve_contact, spoken
from koop_tui.app.messages import Change
from koop_tui.i18n import _, day, pgettext
from koop_tui.model import DIRECTIONS, Touchpoint, kind_shown
from koop_tui.words import direction_word


class LogTouchDialog(PartnerDialog):
    """Prefilled with the selected contact and today; the direction follows the kind unless typed. With a
    `record`: edit that touchpoint (several people comma-separated)."""

    keys = {"contact": "contacts"}

    @property
    def form_title(self) -> str:
        title = _("Edit touchpoint · {partner}") if self.record else _("Log touchpoint · {partner}")
        return title.format(partner=self.partner.name)

    def fields(self) -> list[Field]:
        kinds = self.app.backend.workspace.settings.kinds
        active = [c for c in self.partner.contacts if c.active_on(self.today)]
        t = self.record
        return [
            Field("kind", _("Kind"), self.kind_word(t.kind) if t else "", _("{kinds}… (→ completes)").format(
                kinds=", ".join(kind_shown(k, kinds) for k in ("call", "mail", "meeting") if k in kinds)),
                spoken(tuple(kinds), self.kind_word)),
            Field("date", _("Date"), self.text_of(t.date) if t else _("today"),
                  _("today, yesterday, fri, -3d, 20.11.")),
            self.contact_field(_("With"), _("empty: everyone at the partner"), active),
            Field("direction", _("Direction"), direction_word(t.direction) if t else "", _("from the kind"),
                  spoken(DIRECTIONS, direction_word)),
            Field("note", _("Note"), t.note if t else "", _("what happened")),
        ]

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "field-kind":
            return
        kinds = self.app.backend.workspace.settings.kinds
        try:
            kind = kinds[pick(tuple(kinds), event.value, "kind", self.kind_word)]
        except FormError:
            return
        self.query_one("#field-direction", Input).placeholder = _("{direction} (from {kind})").format(
            direction=direction_word(kind.direction), kind=self.kind_word(kind.name))

    def kind_word(self, name: str) -> str:
        """A kind of the workspace as the list shows it ("Anruf" for call in German)."""
        return kind_shown(name, self.app.backend.workspace.settings.kinds)

    def change(self, values: dict[str, str]) -> Change:
        kinds = self.app.backend.workspace.settings.kinds
        if not values["kind"]:
            raise FormError(_("{field}: type one, e.g. {kind}").format(field=self.label("kind"),
                                                                       kind=self.kind_word("call")))
        kind = pick(tuple(kinds), values["kind"], self.label("kind"), self.kind_word)
        when = self.date_of(values["date"] or "today", self.label("date"), past=True)
        if when > self.today:
            raise FormError(_("{field}: a touchpoint lies in the past or today (use a follow-up for the future)")
                            .format(field=self.label("date")))
        direction = pick(DIRECTIONS, values["direction"], self.label("direction"), direction_word) \
            if values["direction"] else kinds[kind].direction
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
