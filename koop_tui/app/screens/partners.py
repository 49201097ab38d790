"""All partners: filter as you type (words, `stage:`, `tag:`, `owner:`, `status:`), sorted by staleness.

Keyboard flow: `2` puts the cursor in the filter, where every printable key types; Enter opens the highlighted
partner, Down moves into the list, Escape clears the filter. A printable key no action is bound to, typed in the
list, continues the filter, and so do the keys typed after it until the filter has the cursor (fast typing,
a paste without bracketed paste mode): "pixel" arrives whole, its `x` does not mark anything done.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Input, Static

from koop_tui.app.actions import bindings
from koop_tui.app.data import STATUS_ORDER, PartnerRow
from koop_tui.app.screens.base import ITEM_ACTIONS, KoopScreen, Selection, TypesOn
from koop_tui.app.widgets.footer import KoopFooter
from koop_tui.app.widgets.status import days_ago, snoozed, status_cells
from koop_tui.app.widgets.tables import MIN_LAST, StatusTable, cut
from koop_tui.app.widgets.text_box import TextBox
from koop_tui.engine.problems import PROBLEM
from koop_tui.i18n import N_, NP_, _, ngettext, number, pgettext, translated
from koop_tui.model import STAGES
from koop_tui.text import one_line
from koop_tui.words import name_key, stage_word, status_word

COLUMNS = (N_("Status"), N_("Partner"), N_("Last touch"), NP_("column", "Owner"), N_("Stage"), N_("Tags"))
# The partner column takes the room the others leave (the tags, last, are cut to what is left), within these.
NAME_WIDTH = (16, 40)
TAGS_AFTER = 20
"""The tags keep their column while names get this much room; below, names get the tags' room (the filter still
finds tags: `tag:seo`), so a narrow terminal or a longer language (German at 80 columns) shows whole names."""
FIELDS = {"stage": "stage", "tag": "tags", "owner": "owner", "status": "status"}
# The filter's field names in the user's language too ("phase:" for stage: in German), as the columns say them.
FIELD_WORDS = {"stage": NP_("filter", "stage"), "tag": NP_("filter", "tag"), "owner": NP_("filter", "owner"),
               "status": NP_("filter", "status")}
MAX_ROWS = 1000


def problem_label() -> str:
    """The status of a partner whose file has errors: nothing is computed from it (`koop list` says "problem")."""
    return "⚠ " + pgettext("status", "problem")


def _spoken(words: dict[str, str]) -> dict[str, str]:
    """Each name and the word the language says for it, lowercased, to the name (`words`: name to its word)."""
    return {**{word.lower(): name for name, word in words.items()}, **{name: name for name in words}}


def parse_query(text: str) -> tuple[list[str], dict[str, str]]:
    """Free words (all must match) and `field:value` filters, by field (English names or the language's). A stage
    or a status may be named as the list shows it ("ruhend") or as the files write it ("dormant")."""
    names = _spoken({name: translated(word) for name, word in FIELD_WORDS.items()})
    values = {"stage": _spoken({s: stage_word(s) for s in STAGES}),
              "status": _spoken({s: status_word(s) for s in STATUS_ORDER})}
    words, fields = [], {}
    for token in text.lower().split():
        name, sep, value = token.partition(":")
        field = names.get(name) if sep else None
        if field and value:
            fields[field] = values.get(field, {}).get(value, value)
        else:
            words.append(token)
    return words, fields


def unknown(fields: dict[str, str]) -> str:
    """What the summary says of a stage or status no partner can have, naming the ones there are; else ""."""
    for field, names, word in (("stage", STAGES, stage_word), ("status", tuple(STATUS_ORDER), status_word)):
        value = fields.get(field)
        if value is not None and value not in names:
            return _("no {field} \"{value}\" (there are: {names})").format(
                field=translated(FIELD_WORDS[field]), value=value, names=", ".join(word(n) for n in names))
    return ""


def matches(row: PartnerRow, words: list[str], fields: dict[str, str]) -> bool:
    if any(w not in row.search for w in words):
        return False
    for name, value in fields.items():
        if row.status == PROBLEM and name in ("stage", "tag"):
            continue  # they may be what is broken: the row stays in sight, as in the due list
        have = getattr(row, FIELDS[name])
        if isinstance(have, tuple):
            if value not in have:
                return False
        elif have != value:
            return False
    return True


class PartnersScreen(TypesOn, KoopScreen):
    """Every partner, worst status first; the filter box narrows the list with each key."""

    CSS_PATH = "partners.tcss"
    BOX = "filter"
    # `/` searches the workspace, as on the due list (the filter: `2`, or typing in the list)
    BINDINGS = bindings(*ITEM_ACTIONS, "sort", "filter-to-list", "search", shown=("search",))

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[PartnerRow] = []
        self.by_name = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextBox(placeholder=_("filter: words, stage:active tag:seo owner:ben status:due"), id="filter",
                    select_on_focus=False)
        yield StatusTable(id="partners", fit_last=True)
        yield Static("", id="summary", markup=False)
        yield KoopFooter()

    def on_mount(self) -> None:
        self.query_one(StatusTable).add_columns(*COLUMNS)
        self.entered()

    def entered(self) -> None:
        """Shown by its key (`2`): the cursor goes to the filter (once mounted: on_mount calls this too)."""
        if self.is_mounted:
            self.set_focus(self.query_one("#filter", Input))  # at once: the keys typed behind `2` go into it

    def compute(self) -> list[PartnerRow]:
        return self.app.backend.partner_rows()

    def show(self, rows: list[PartnerRow]) -> None:
        self.rows = sorted(rows, key=self._sort_key)
        self.apply_filter()

    def _sort_key(self, row: PartnerRow):
        if self.by_name:
            return (name_key(row.name), row.slug)
        return (STATUS_ORDER.get(row.status, -1), -row.ratio, name_key(row.name), row.slug)  # problems first

    def apply_filter(self) -> None:
        words, fields = parse_query(self.query_one("#filter", Input).value)
        shown = [r for r in self.rows if matches(r, words, fields)]
        table = self.query_one(StatusTable)
        today = self.app.backend.today
        cell = status_cells(table)
        rows = shown[:MAX_ROWS]
        name, columns = self._layout(table, rows)
        keep = table.current_key
        if len(table.ordered_columns) != len(columns):
            table.clear(columns=True).add_columns(*columns)
        table.replace_rows([(r.slug, (
            cell(r.status, snoozed() if r.snoozed else None), cut(one_line(r.name), name),
            days_ago((today - r.last).days) if r.last else _("never"), r.owner, stage_word(r.stage),
            *([", ".join(r.tags)] if columns is COLUMNS else []),
        ) if r.status != PROBLEM else (
            cell("overdue", problem_label()), cut(one_line(r.name), name), "—", r.owner, "—",
            *([""] if columns is COLUMNS else []),
        )) for r in rows], keep)
        total = len(self.rows)
        summary = ngettext("{shown} of {n} partner", "{shown} of {n} partners", total).format(
            shown=number(len(shown)), n=number(total))
        if len(shown) > MAX_ROWS:
            summary += _(" (first {n}; type to narrow)").format(n=number(MAX_ROWS))
        said = "" if shown else unknown(fields)  # then the order of no rows is not worth the room
        order = said or (_("sorted by name") if self.by_name else _("sorted by staleness"))
        if not total and self.app.loaded:  # "0 of 0 partners" says nothing of what to do
            self.query_one("#summary", Static).update(
                _("No partners yet: press n for a new one, or run koop import contacts.vcf"))
            return
        self.query_one("#summary", Static).update(f"{summary} · {order}")

    def _layout(self, table: StatusTable, rows: list[PartnerRow]) -> tuple[int, tuple[str, ...]]:
        """Room for names at this width, and the columns: no sideways scrolling at 80 columns, the tags left out
        before names get less than TAGS_AFTER, longer names cut with "…"."""
        width = (table.size.width or self.app.size.width) - 2  # the vertical scrollbar
        status = (["▲ " + status_word("overdue")] + [snoozed()] * any(r.snoozed for r in rows)
                  + [problem_label()] * any(r.status == PROBLEM for r in rows))
        others = [max([len(translated(COLUMNS[i]))] + [len(value) for value in values]) for i, values in (
            (0, status), (2, [days_ago(123), _("never")]),
            (3, [r.owner for r in rows]), (4, [stage_word(r.stage) for r in rows]))]
        room = width - sum(others) - 2 * table.cell_padding * len(COLUMNS)
        if room - MIN_LAST >= TAGS_AFTER:
            return min(NAME_WIDTH[1], room - MIN_LAST), COLUMNS
        room += 2 * table.cell_padding  # the tags' padding
        return max(NAME_WIDTH[0], min(NAME_WIDTH[1], room)), COLUMNS[:-1]

    def on_resize(self, _event) -> None:
        if self.rows:
            self.apply_filter()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.apply_filter()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        table = self.query_one(StatusTable)
        if table.current_key is None:
            self.notify(_("No partner matches the filter"), severity="warning", timeout=3)
            return
        self.set_focus(table)
        self.open_partner(table.current_key)

    def action_to_list(self) -> None:
        self.set_focus(self.query_one(StatusTable))  # at once: a key typed behind may act on the list


    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def selection(self) -> Selection | None:
        key = self.query_one(StatusTable).current_key
        return Selection(key) if key else None

    def action_filter(self) -> None:
        self.set_focus(self.query_one("#filter", Input))  # at once: the keys typed behind go into it

    def action_sort(self) -> None:
        self.by_name = not self.by_name
        self.show(self.rows)

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus or box.value:
            box.value = ""
            self.apply_filter()
            self.set_focus(self.query_one(StatusTable))  # at once: a key typed behind acts on the list
        else:
            super().action_back()
