"""Search the workspace (ctrl+f): names, contacts, emails, notes and skills, ranked, with the matched text."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Input, Static

from koop_tui.app.actions import bindings
from koop_tui.app.screens.base import KoopScreen, Selection, TypesOn
from koop_tui.app.widgets.footer import KoopFooter
from koop_tui.app.widgets.tables import StatusTable, cut
from koop_tui.app.widgets.text_box import TextBox
from koop_tui.i18n import N_, _, day
from koop_tui.text import one_line
from koop_tui.words import field_word, plural

COLUMNS = (N_("Partner"), N_("Where"), N_("Found"))
CONTACT_FIELDS = ("contact", "email", "skills", "note")  # a hit's fields naming one of the partner's contacts


FOUND = Style(bold=True, underline=True)
PLACE_WIDTH = 24  # a project's or agreement's name in Where is cut to this: the text found needs the room
RECORDS = {"touchpoint": ("touchpoints", "date"), "followup": ("followups", "due"), "project": ("projects", "name"),
           "agreement": ("agreements", "what")}  # a record with a random id -> where it is and what names it


def place(partner: Any, hit: Any) -> str:
    """Where the words were found, as the partner's page names it: a touchpoint or follow-up by its day, a project
    or agreement by its name; a contact by its id (a name people chose). A random id ("touchpoint 0ebhcp") told
    two results with the same text apart for nobody."""
    word = field_word(hit.field)
    records, attribute = RECORDS.get(hit.field, ("", ""))
    record = next((r for r in getattr(partner, records, ()) if r.id == hit.record), None) if records else None
    if record is None:
        return f"{word} {hit.record}".rstrip()
    value = getattr(record, attribute)
    return f"{word} {cut(one_line(value), PLACE_WIDTH) if isinstance(value, str) else day(value)}"


def found_text(hit: Any) -> Text:
    """The text found, its words found in bold and underlined (not in [ ]: a bracket in a note is the note's)."""
    text = Text(hit.text, no_wrap=True, end="")
    for start, end in hit.marks:
        text.stylize(FOUND, start, end)
    return text


class SearchScreen(TypesOn, KoopScreen):
    """Type words: the results follow each key (every word must occur, the last may be the start of one); Down
    moves into them, Enter opens the partner. Typing in the results goes on in the box (TypesOn)."""

    CSS_PATH = "search.tcss"
    BOX = "words"
    BINDINGS = bindings("back", "log-touch", "filter", "filter-to-list")

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.hits: dict[str, Any] = {}  # the rows' hits, by row key

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextBox(placeholder=_("search names, contacts, emails, notes, skills…"), id="words",
                      select_on_focus=False)  # typing in the results goes on after the words
        yield StatusTable(id="found", fit_last=True, keep_marked=True)  # the text found, its match in sight
        yield Static(_("Type to search the whole workspace."), id="said", markup=False)
        yield KoopFooter()

    def on_mount(self) -> None:
        self.query_one(StatusTable).add_columns(*COLUMNS)
        self.query_one("#words", Input).focus()

    def reload(self, slugs: set[str] | None = None) -> None:
        if self.text:
            super().reload(slugs)

    def compute(self) -> list[tuple[Any, str]]:
        backend = self.app.backend
        return [(h, place(backend.partner(h.slug), h)) for h in backend.search(self.text)]

    def show(self, found: list[tuple[Any, str]]) -> None:
        hits = [h for h, _where in found]
        self.hits = {f"{h.slug}/{h.record}": h for h in hits}
        rows = [(f"{h.slug}/{h.record}", (h.name, where, found_text(h))) for h, where in found]
        table = self.query_one(StatusTable)
        keep = table.current_key
        table.clear(columns=True).add_columns(*COLUMNS)  # widths of these results, not of the widest so far
        table.replace_rows(rows, keep)
        said = plural(len(hits), "{n} found; Down, then Enter opens the partner at it",
                      "{n} found; Down, then Enter opens the partner at the one selected") if hits else \
            _("Nothing matches '{text}'.").format(text=self.text)
        if unread := len(self.app.backend.workspace.broken):  # "nothing matches" is not known for them
            said += "\n" + plural(unread, "{n} partner file could not be read and was not searched; ! shows why",
                                   "{n} partner files could not be read and were not searched; ! shows why")
        self.query_one("#said", Static).update(said)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.text = event.value.strip()
        if self.text:
            self.reload()
        else:
            self.query_one(StatusTable).replace_rows([], None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_to_list()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def _hit(self) -> Any:
        """The selected row's hit (index.db.Hit), or None."""
        return self.hits.get(self.query_one(StatusTable).current_key or "")

    def selection(self) -> Selection | None:
        """The hit's partner; its contact or follow-up when the hit is one (`l` logs with that contact)."""
        hit = self._hit()
        if hit is None:
            return None
        kind = hit.field if hit.record else "partner"
        if kind in CONTACT_FIELDS:
            return Selection(hit.slug, contact=hit.record)
        if kind == "followup":
            partner = self.app.backend.partner(hit.slug)
            followup = next((f for f in partner.followups if f.id == hit.record), None) if partner else None
            return Selection(hit.slug, contact=followup.contact if followup else None, followup=hit.record)
        return Selection(hit.slug)

    def action_open(self) -> None:
        """The partner's page, its cursor on the record found."""
        hit = self._hit()
        if hit is not None:
            self.open_partner(hit.slug, hit.record)

    def action_filter(self) -> None:
        self.set_focus(self.query_one("#words", Input))  # at once: the keys typed behind go into it

    def action_to_list(self) -> None:
        self.set_focus(self.query_one(StatusTable))  # at once: a key typed behind may act on the list
