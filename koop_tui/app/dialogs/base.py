"""Forms as modal dialogs: labelled inputs, Enter saves through the store, Escape cancels.

A failed save (KoopError, conflict, disk full) leaves the form open with what was typed, for retry.

A form that edits an existing record (`record` set) saves only the fields the person changed, against the values
it showed (`expected`): a field changed on disk meanwhile that the person changed too asks mine / theirs / edit;
one the person left alone keeps what is on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from collections.abc import Callable, Sequence
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from koop_tui.app.actions import bindings
from koop_tui.app.messages import Change
from koop_tui.app.type_ahead import hand_on
from koop_tui.app.widgets.tables import cut
from koop_tui.app.widgets.text_box import TextBox
from koop_tui.dates import DATE_HELP, parse_date
from koop_tui.errors import FieldConflict
from koop_tui.i18n import N_, _, day, translated
from koop_tui.slugs import is_slug, slugify
from koop_tui.text import some


PLACEHOLDER_ROOM = 54
"""The cells a field's box has in a form at its full width (dialog.tcss: 72 wide, border, padding, the 14-cell
label); a longer placeholder ends in "…" there instead of stopping mid-word (German agreement kinds)."""


class FormError(ValueError):
    """Input a person must fix; shown under the form, which stays open."""


@dataclass(frozen=True)
class Field:
    """One labelled input of a form."""

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    suggestions: tuple[str, ...] = ()


class FormDialog(ModalScreen):
    """Subclasses give `form_title`, `fields()` and `change(values) -> Change`; the rest is shared."""

    CSS_PATH = "dialog.tcss"
    BINDINGS = bindings("back")
    form_title = N_("Form")  # a subclass's own title, or a text marked with N_ (shown translated)
    hint = N_("enter saves · esc cancels")
    record: Any = None  # the record an edit form changes, as shown; None for a form that adds one
    keys: dict[str, str] = {}  # field name -> the record's key, where they differ ("contact" -> "contacts")
    shown: list[Field] = []  # the fields, as composed

    def __init__(self) -> None:
        super().__init__()
        self.initial: dict[str, str] = {}  # each field's text as the form opened
        self.opened: dict[str, Any] = {}  # the record's values as the form opened (what it showed)
        self.theirs: set[str] = set()  # fields whose value on disk the person chose to keep
        self.pending: dict[str, Any] = {}  # what the last save attempt wanted to change
        self.refused = False  # the error line says why the last save was refused
        self.early: list[events.Key] = []  # keys that came before the first box had the focus (on_key)

    def fields(self) -> list[Field]:
        raise NotImplementedError

    def change(self, values: dict[str, str]) -> Change:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        self.shown = self.fields()
        self.initial = {f.name: f.value.strip() for f in self.shown}
        self.opened = self.before()
        with Vertical(id="form"):
            yield Label(translated(self.form_title), id="form-title", markup=False)
            for f in self.shown:
                suggester = SuggestFromList(f.suggestions, case_sensitive=False) if f.suggestions else None
                with Horizontal(classes="field"):
                    yield Label(f.label, classes="field-label")
                    yield TextBox(f.value, placeholder=cut(f.placeholder, PLACEHOLDER_ROOM), id=f"field-{f.name}",
                                suggester=suggester, compact=True)
            yield Static("", id="form-error", markup=False)
            yield Label(translated(self.hint), id="form-hint")

    def on_key(self, event: events.Key) -> None:
        """Keys typed right behind the one that opened the form come before its first box has the focus: they are
        kept, and handed to that box the moment it gets it (set_focus), ahead of any key typed after them."""
        if self.focused is None:
            event.stop()
            event.prevent_default()
            self.early.append(event)

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        super().set_focus(widget, scroll_visible, from_app_focus)
        if widget is not None:
            early, self.early = self.early, []
            for event in early:
                hand_on(widget, event)

    def on_resize(self, event: events.Resize) -> None:
        """Without room for a blank line between the fields (a long form on 80×24), they go without: the error
        and the hint under the form must stay in sight."""
        self.set_class(event.size.height < 2 * len(self.query(".field")) + 6, "-compact")

    def values(self) -> dict[str, str]:
        return {i.id.removeprefix("field-"): i.value.strip() for i in self.query(Input) if i.id}

    def on_input_changed(self, event: Input.Changed) -> None:
        """Why a save was refused goes once the person edits: it spoke of what was typed before."""
        if self.refused:
            self.refused = False
            self.query_one("#form-error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def before(self) -> dict[str, Any]:
        """The edited record's values of the form's fields (by the record's keys), as the form opened."""
        if self.record is None:
            return {}
        keys = [self.keys.get(f.name, f.name) for f in self.shown]
        return {k: getattr(self.record, k) for k in keys if hasattr(self.record, k)}

    def edits(self, parsed: dict[str, Any], every: bool = False) -> dict[str, Any]:
        """What to save of `parsed` (values by field name), by the record's keys: the fields whose text the person
        changed (`every`: all of them, for a form whose whole content is the change), less those where the person
        kept the value on disk."""
        values = self.values()
        out = {}
        for name, value in parsed.items():
            key = self.keys.get(name, name)
            changed = values.get(name, "") != self.initial.get(name, "") and (
                key not in self.opened or value != self.opened[key])
            if (every or changed) and key not in self.theirs:
                out[key] = value
        self.pending = out
        if not out:
            raise FormError(_("Nothing changed"))
        return out

    def expected(self, changes: dict[str, Any]) -> dict[str, Any]:
        """The values the form showed for the keys it changes: the store refuses those changed on disk since."""
        return {k: self.opened[k] for k in changes if k in self.opened}

    def submit(self) -> None:
        try:
            change = self.change(self.values())
        except FormError as exc:
            self.query_one("#form-error", Static).update(str(exc))
            self.refused = True
            self.point_at(str(exc))
            return
        self.query_one("#form-error", Static).update(_("Saving…"))
        self.app.save(change, on_ok=self._saved, on_error=self._failed, on_conflict=self._conflict)

    def _conflict(self, error: FieldConflict) -> None:
        """Fields the person changed were changed on disk too: ask whose value stays."""
        from koop_tui.app.dialogs.choice import ChoiceDialog

        self.query_one("#form-error", Static).update("")
        empty = _("(empty)")
        lines = [_("{field}: on disk now {theirs}, you typed {mine} (was {was})").format(
                     field=self.label_of(key), theirs=self.text_of(theirs, key) or empty,
                     mine=self.text_of(mine, key) or empty, was=self.text_of(was, key) or empty)
                 for key, was, theirs, mine in error.clashes]
        answers = [("m", _("Mine"), "mine"), ("t", _("Theirs"), "theirs"), ("e", _("Edit"), "edit")]
        self.app.push_screen(ChoiceDialog(_("Changed on disk while you edited"), "\n".join(lines), answers),
                             lambda choice: self._resolve(choice, error.clashes))

    def _resolve(self, choice: str | None, clashes: list[tuple]) -> None:
        """mine: save over the value on disk; theirs: keep it (save the rest); edit (or esc): show it to edit."""
        for key, _was, theirs, _mine in clashes:
            self.opened[key] = theirs
        if choice == "mine":
            self.submit()
            return
        keys = [key for key, *_ in clashes]
        if choice == "theirs":
            self.theirs |= set(keys)
            if set(self.pending) <= self.theirs:
                self.app.notify(_("Kept the values on disk: {fields}").format(fields=", ".join(map(self.label_of, keys))),
                                timeout=6)
                self.dismiss(None)
                return
            self.submit()
            return
        on_disk = {key: theirs for key, _was, theirs, _mine in clashes}
        inputs = []
        for f in self.shown:
            key = self.keys.get(f.name, f.name)
            if key in on_disk:
                inputs.append(self.query_one(f"#field-{f.name}", Input))
                inputs[-1].value = self.text_of(on_disk[key], key)
        empty = _("(empty)")
        typed = ", ".join(f"{self.label_of(key)} {self.text_of(mine, key) or empty}" for key, _w, _t, mine in clashes)
        self.query_one("#form-error", Static).update(
            _("On disk now; you typed {typed}. Edit, then enter saves.").format(typed=typed))
        if inputs:
            inputs[0].focus()

    def contact_names(self, ids: list[str]) -> list[str]:
        """Contact ids as names (an id not found stays an id)."""
        slug = getattr(self, "slug", None) or self.partner.slug
        partner = self.app.backend.partner(slug)
        found = [partner.contact(i) if partner else None for i in ids]
        return [c.name if c else i for c, i in zip(found, ids)]

    def label_of(self, key: str) -> str:
        """The label of the field showing the record's `key`."""
        return next((f.label for f in self.shown if self.keys.get(f.name, f.name) == key), key)

    def text_of(self, value: Any, key: str = "") -> str:
        """A value of the record's `key` as the form's inputs show it (contacts by name)."""
        if value is None:
            return ""
        if key in ("contact", "contacts", "successor"):
            value = self.contact_names(value if isinstance(value, list) else [value])
        if isinstance(value, (list, tuple)):
            return ", ".join(map(str, value))
        if isinstance(value, date):
            return day(value)
        return str(value)

    def label(self, name: str) -> str:
        return next(f.label for f in self.shown if f.name == name)

    def point_at(self, error: str) -> None:
        """Focus the field an error names ("Date: …") and mark it until it is edited."""
        for f in self.shown:
            if error.startswith(f"{f.label}:"):
                field = self.query_one(f"#field-{f.name}", Input)
                field.add_class("-invalid")
                field.focus()
                return

    def _saved(self, result: Any) -> None:
        self.dismiss(self.result_of(result))

    def _failed(self, text: str) -> None:
        if self._record_gone():  # the store names it by its id ("has no follow-up '44ox5z'"), which nobody typed
            text = _("Not saved: this record was deleted since the form opened (by koop rm, a sync or an editor); esc "
                     "closes the form")
        self.query_one("#form-error", Static).update(text)

    def _record_gone(self) -> bool:
        """The record this form edits is no longer in its partner's file (read again by the failed save)."""
        rid = getattr(self.record, "id", None)
        slug = getattr(self, "slug", None) or getattr(getattr(self, "partner", None), "slug", None)
        partner = self.app.backend.partner(slug) if rid and slug else None
        if partner is None:
            return False
        from koop_tui.store.lookup import RECORDS

        return not any(r.id == rid for table in ("contacts", *RECORDS) for r in getattr(partner, table))

    def result_of(self, result: Any) -> Any:
        return result

    def action_back(self) -> None:
        self.dismiss(None)

    @property
    def today(self):
        return self.app.backend.today

    def left_as_shown(self, name: str, text: str) -> bool:
        """Whether the person left field `name` of an edit form as the form showed the record: its value is then
        the record's, read as the file has it and not checked as a typed one is (a hand-written odd value does not
        keep the form from saving its other fields)."""
        return self.record is not None and self.initial.get(name) == text.strip()

    def date_of(self, text: str, label: str, required: bool = True, past: bool = False, side: str = ""):
        """A date typed by a person (koop_tui.dates); None when optional and empty; `past` for what happened;
        `side` "done" or "ahead": the side of today it must lie on (dates.parse_date); none of it for a date
        left_as_shown (a hand-written one a century away, a touchpoint ahead)."""
        if not text:
            if required:
                raise FormError(_("{field}: a date is needed ({help})").format(field=label, help=DATE_HELP))
            return None
        try:
            if self.left_as_shown(next((f.name for f in self.shown if f.label == label), ""), text):
                return parse_date(text, self.today, past=past, near=False)
            return parse_date(text, self.today, past=past, side=side)
        except ValueError as exc:
            raise FormError(f"{label}: {exc}") from None

    @staticmethod
    def key_of(text: str, name: str, label: str, example: str) -> str:
        """A file name or id as typed (empty: koop makes it from the name, which must then have Latin letters)."""
        if text and not is_slug(text):
            raise FormError(_("{field}: use a-z, 0-9 and -, at most 63 characters, e.g. {example}").format(
                field=label, example=example))
        if not text:
            try:
                slugify(name)
            except ValueError:
                raise FormError(_("{field}: the name has no Latin letters or digits to make one of; type one, "
                                  "e.g. {example}").format(field=label, example=example)) from None
        return text

    @staticmethod
    def int_of(text: str, label: str) -> int | None:
        if not text:
            return None
        if not text.isdigit() or int(text) <= 0:
            raise FormError(_("{field}: a whole number of days, e.g. 30").format(field=label))
        return int(text)


class PartnerDialog(FormDialog):
    """A form about one partner, prefilled with the contact selected where it was opened."""

    def __init__(self, slug: str, contact: str | None = None, record: Any = None) -> None:
        super().__init__()
        self.slug = slug
        self.contact_id = contact
        self.record = record  # the record edited; None: the form adds one

    @property
    def partner(self):
        """The partner as loaded now; its file may have gone or broken while the form was open."""
        partner = self.app.backend.partner(self.slug)
        if partner is None:
            raise FormError(_("{slug}: this partner is gone or its file has problems; fix them first").format(
                slug=self.slug))
        return partner

    def contact_field(self, label: str, hint: str, contacts=None) -> Field:
        """The contact input: prefilled with the selected contact, completing from `contacts` (default: all).
        A selected contact not among `contacts` (one who left) is not offered: their successor is, if listed."""
        partner = self.partner
        names = tuple(c.name for c in (partner.contacts if contacts is None else contacts))
        if self.record is not None:
            value = getattr(self.record, self.keys.get("contact", "contact"))
            return Field("contact", label, self.text_of(value, "contacts"), hint, names)
        contact = partner.contact(self.contact_id) if self.contact_id else None
        if contact is not None and contacts is not None and contact not in contacts:
            contact = partner.contact(contact.successor) if contact.successor else None
            contact = contact if contact in contacts else None
        return Field("contact", label, contact.name if contact else "", hint, names)

    def contacts_of(self, text: str, label: str) -> list[str]:
        """Contacts typed as names or ids, comma-separated."""
        partner = self.partner
        return list(dict.fromkeys(resolve_contact(partner, t.strip(), label) for t in text.split(",") if t.strip()))


def resolve_contact(partner, text: str, label: str) -> str | None:
    """A contact by id or name (prefix, case-insensitive); None for empty text (the whole partner)."""
    if not text:
        return None
    lowered = text.lower()
    exact = [c for c in partner.contacts if lowered in (c.id, c.name.lower())]
    if exact:
        return exact[0].id
    found = [c for c in partner.contacts if c.name.lower().startswith(lowered) or c.id.startswith(lowered)]
    if len(found) == 1:
        return found[0].id
    if not found:  # and which there are: what to type instead
        active = [c.name for c in partner.contacts if not c.left]
        if not active:
            raise FormError(_("{field}: {partner} has no contacts yet: leave it empty for the whole partner, or add "
                              "one (n on its page)").format(field=label, partner=partner.name))
        names = some(active, 5)
        raise FormError(_("{field}: no contact {text!r} at {partner}: one of {names}, or empty for the whole "
                          "partner").format(field=label, text=text, partner=partner.name, names=names))
    raise FormError(_("{field}: {text!r} matches {names}").format(field=label, text=text,
                                                                names=", ".join(c.name for c in found)))


def pick(options: Sequence[str], text: str, label: str, word: Callable[[str], str] = str) -> str:
    """The option typed, as the files name it or as the language says it (`word`: a German list shows "ruhend"
    for dormant, so a German types that), or the first one starting with it, tried in the order of `spoken`, so
    it is the one the suggestion showed."""
    lowered = text.lower()
    said = [(option, word(option).lower()) for option in options]
    for option, shown in said:
        if lowered in (option, shown):
            return option
    if lowered:
        for option, shown in said:
            if shown.startswith(lowered):
                return option
        for option, shown in said:
            if option.startswith(lowered):
                return option
    raise FormError(_("{field}: one of {options}").format(field=label, options=", ".join(map(word, options))))


def completed(text: str, names) -> str:
    """What the input showed: the name typed, or the first known name it begins (the suggestion)."""
    if not text or text in names:
        return text
    return next((n for n in sorted(names) if n.lower().startswith(text.lower())), text)


def spoken(options: Sequence[str], word: Callable[[str], str] = str) -> tuple[str, ...]:
    """A field's suggestions for `pick`: each option as the language says it, then as the files name it."""
    return tuple(dict.fromkeys([*map(word, options), *options]))
