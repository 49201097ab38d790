"""Log a touchpoint: kind by typing (completed from the workspace's kinds), date as typed, Enter saves."""

from __future__ import annotations

from textual.widgets import Input

from koop_tui.app.dialogs.base import Field, FormError, PartnerDialog, pick, resolve_contact
from koop_tui.app.messages import Change
from koop_tui.model import DIRECTIONS, Touchpoint


class LogTouchDialog(PartnerDialog):
    """Prefilled with the selected contact and today; the direction follows the kind unless typed. With a
    `record`: edit that touchpoint (several people comma-separated)."""

    keys = {"contact": "contacts"}

    @property
    def form_title(self) -> str:
        return f"{'Edit touchpoint' if self.record else 'Log touchpoint'} · {self.partner.name}"

    def fields(self) -> list[Field]:
        kinds = tuple(self.app.backend.workspace.settings.kinds)
        active = [c for c in self.partner.contacts if c.active_on(self.today)]
        t = self.record
        return [
            Field("kind", "Kind", t.kind if t else "", "call, mail, meeting… (→ completes)", kinds),
            Field("date", "Date", t.date.isoformat() if t else "today", "today, yesterday, fri, -3d, 20.11."),
            self.contact_field("With", "empty: everyone at the partner", active),
            Field("direction", "Direction", t.direction if t else "", "from the kind", DIRECTIONS),
            Field("note", "Note", t.note if t else "", "what happened"),
        ]

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "field-kind":
            return
        kinds = self.app.backend.workspace.settings.kinds
        try:
            kind = kinds[pick(list(kinds), event.value, "kind")]
        except FormError:
            return
        self.query_one("#field-direction", Input).placeholder = f"{kind.direction} (from {kind.name})"

    def change(self, values: dict[str, str]) -> Change:
        kinds = self.app.backend.workspace.settings.kinds
        if not values["kind"]:
            raise FormError("Kind: type one, e.g. call")
        kind = pick(list(kinds), values["kind"], "Kind")
        day = self.date_of(values["date"] or "today", "Date", past=True)
        if day > self.today:
            raise FormError("Date: a touchpoint lies in the past or today (use a follow-up for the future)")
        direction = pick(list(DIRECTIONS), values["direction"], "Direction") if values["direction"] \
            else kinds[kind].direction
        partner = self.partner
        if self.record is not None:
            return self.edit(kind, day, direction, values)
        contact = resolve_contact(partner, values["contact"], self.label("contact"))
        touch = Touchpoint("", day, kind, direction, [contact] if contact else [], values["note"],
                           self.app.backend.me)
        who = partner.contact(contact).name if contact else "everyone"
        return Change("log_touch", (self.slug, touch), slug=self.slug, contact=contact,
                      done=lambda _t: f"Logged {kind} with {who} ({partner.name})")

    def edit(self, kind: str, day, direction: str, values: dict[str, str]) -> Change:
        t, name = self.record, self.partner.name
        contacts = self.contacts_of(values["contact"], self.label("contact"))
        changes = self.edits({"kind": kind, "date": day, "contact": contacts, "direction": direction,
                              "note": values["note"]})
        return Change("edit_record", (self.slug, "touchpoints", t.id, changes), {"expected": self.expected(changes)},
                      slug=self.slug, done=lambda _p: f"Saved the {kind} of {day.isoformat()} ({name})")
