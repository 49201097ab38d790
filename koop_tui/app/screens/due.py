"""Home: who is due, and why. One row per due item; the explanation of the selected row below."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.reactive import var
from textual.widgets import DataTable, Header, ProgressBar, Static

from koop_tui.app.actions import bindings
from koop_tui.app.data import FirstRows
from koop_tui.app.messages import ShowPreview, ShowProgress
from koop_tui.app.screens.base import ITEM_ACTIONS, KoopScreen, Selection
from koop_tui.app.widgets.footer import KoopFooter
from koop_tui.app.widgets.status import MARKS, status_cells
from koop_tui.app.widgets.tables import Rows, StatusTable
from koop_tui.engine.problems import PROBLEM
from koop_tui.engine.triage import TRIAGE
from koop_tui.i18n import N_, NP_, _
from koop_tui.model import DueItem
from koop_tui.text import one_line
from koop_tui.words import plural

OWNER = NP_("column", "Owner")
COLUMNS = (N_("Status"), N_("Due"), OWNER, N_("Partner"), N_("What"))
MINE_COLUMNS = (N_("Status"), N_("Due"), N_("Partner"), N_("What"))


_JOINED = re.compile(r"(?:\s+(?:at|of|to|with|for)\s+|:\s+)\Z")  # words joining a name to the title before it


def without_name(title: str, name: str) -> str:
    """"Complete vetting of Linz Digital OG" -> "Complete vetting", "Meet X at DMEXCO" -> "Meet at DMEXCO",
    "Review agreement with X: referral" -> "Review agreement: referral"; other titles as they are.

    The name is found with str.find, the words before it by one compiled pattern: a pattern per name, as
    _without_name_by_patterns makes them, cost more than the rest of the first frame's rows together. Both give
    the same text (tests/app/test_app_texts.py compares them)."""
    if not name or name[0].isspace():  # the joining words could run into such a name: the patterns decide
        return _without_name_by_patterns(title, name)
    joined, spaced = [], None
    at = title.find(name)
    while at >= 0:
        end = at + len(name)
        after = title[end:end + 1]
        words = _JOINED.search(title, 0, at)
        if words and (not after or after == ":" or after.isspace()):
            joined.append((words.start(), end))
        elif spaced is None and after.isspace() and title[:at] != title[:at].rstrip():
            spaced = (len(title[:at].rstrip()), end)
        at = title.find(name, at + 1)
    cut = min(joined) if joined else spaced
    return title[:cut[0]] + title[cut[1]:] or title if cut else title


def _without_name_by_patterns(title: str, name: str) -> str:
    escaped = re.escape(name)
    short = re.sub(rf"(?:\s+(?:at|of|to|with|for)\s+|:\s+){escaped}(?=$|[:\s])", "", title, count=1)
    if short == title:
        short = re.sub(rf"\s+{escaped}(?=\s)", "", title, count=1)
    return short or title


class DueScreen(KoopScreen):
    """Due contacts, follow-ups, occasions, handovers and reminders, most urgent first."""

    CSS_PATH = "due.tcss"
    BINDINGS = bindings(*ITEM_ACTIONS, "toggle-mine", "pick-owner")
    mine: var[bool | str] = var(True)  # True: mine, False: everyone, a name: that owner's (see OwnerPicker)

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, DueItem] = {}
        self.shown_columns: tuple[str, ...] = ()
        self.told = False  # whether what is said once the workspace is loaded was said (see _once_loaded)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading…"), id="counts", markup=False)
        if not self.app.backend.has_preview:  # else the cached list is shown as the screen mounts: no bar to see
            yield ProgressBar(id="loading", show_eta=False)
        yield StatusTable(id="due", fit_last=True)
        yield Static("", id="explanation", markup=False)
        yield KoopFooter()

    def on_mount(self) -> None:
        if not self.query(StatusTable):
            return  # the app closed as this screen came up: nothing was composed
        if not self.shown_columns:  # a list shown between compose and mount has set them already
            self.shown_columns = MINE_COLUMNS
            self.query_one(StatusTable).add_columns(*self.shown_columns)
        if not self.app.loaded:
            self.show_preview()
            if self.app.load_state is not None:  # files read before this screen was up
                self.show_progress(*self.app.load_state)

    def reload(self, slugs: set[str] | None = None) -> None:
        if not self.query(StatusTable):
            return  # not composed yet; on_mount reloads
        first = self.app.take_first_due(self.mine) if self.app.loaded else None
        mine, fresh = self.app.fresh.get(self, (None, None))
        first = fresh if mine == self.mine and self.revision == self.app.revision - 1 else first
        if first is None:
            super().reload(slugs)
            return
        self.revision, self.changed, self.full = self.app.revision, frozenset(), False
        self.show_loaded(first)

    def after_save(self, slugs: set[str]) -> tuple[bool, list[DueItem]]:
        """The list after a save changed `slugs`, computed in the save's worker thread."""
        mine = self.mine
        return mine, self.app.backend.due_update(slugs, mine)

    def _columns(self) -> tuple[str, ...]:
        """Owner only while listing every owner's items: in "mine" it says me or nobody, and 80 columns need
        the room for What."""
        backend = self.app.backend
        return COLUMNS if backend.has_owners and not (self.mine and backend.me) else MINE_COLUMNS

    def compute(self) -> list[DueItem]:
        if not self.full and self.changed:
            return self.app.backend.due_update(set(self.changed), self.mine)
        return self.app.backend.due(self.mine)

    def on_show_progress(self, message: ShowProgress) -> None:
        self.show_progress(message.done, message.total)

    def on_show_preview(self, message: ShowPreview) -> None:
        if self.app.loaded or not self.show_preview():
            self.app.list_shown()  # else show() tells it once the list is drawn

    def show_progress(self, done: int, total: int) -> None:
        """While the workspace loads: how many of its partner files are read; then that the list is computed."""
        for bar in self.query("#loading").results(ProgressBar):
            if bar.total != total or done == total:  # a new text lays out the screen again: only when it says more
                text = plural(total, "Loading {n} partner…", "Loading {n} partners…") if done < total else \
                    plural(total, "{n} partner read, working out who is due…",
                           "{n} partners read, working out who is due…")
                self.query_one("#counts", Static).update(text)
            bar.update(total=total, progress=done)

    def show_preview(self) -> bool:
        """The cached due list while the workspace loads (the same list the loaded workspace will give)."""
        items = self.app.backend.preview_due(self.mine) if self.query(StatusTable) else None
        if items is None:
            return False
        self.show(items)
        return True

    def show(self, items: list[DueItem]) -> None:
        from koop_tui.engine.common import due_words

        self.query("#loading").remove()
        table = self.query_one(StatusTable)
        columns = self._columns()
        if columns != self.shown_columns:
            self.shown_columns, self.items = columns, {}
            table.clear(columns=True).add_columns(*columns)
        # the loaded workspace usually confirms the preview: then there is no row to redraw
        if not items or items != list(self.items.values()):
            keep = None if self.app.saved_revision == self.revision else table.current_key
            today = self.app.backend.today
            self.app.call_later(self.refresh_bindings)  # the footer offers the item keys only with items
            self.items = {item.key: item for item in items}
            owner = OWNER in self.shown_columns
            cell = status_cells(table)
            table.replace_rows(Rows(items, lambda item: (item.key, (
                cell(item.status), due_words(item, today), *([item.owner] * owner),
                item.partner_name, self._what(item),
            ))), keep, head=isinstance(items, FirstRows) and items.total > len(items))
        self._show_counts(items)
        self._explain()
        self.app.list_shown()
        if self.app.loaded and not self.told:
            self.told = True
            self.call_after_refresh(self._once_loaded)

    def _once_loaded(self) -> None:
        """What the CLI says on stderr, said once the workspace is loaded (not to delay the start): the user's
        config.toml naming a language koop does not speak (i18n.unspoken), and "mine" of someone nobody is
        called, which lists nothing and reads as "Nothing due" (identity.nobody_called)."""
        from koop_tui import identity
        from koop_tui.app.actions import ACTIONS, key_label
        from koop_tui.i18n import unspoken

        language = unspoken()
        if language:
            self.notify(language, severity="warning", timeout=20)
        backend = self.app.backend
        if self.mine is not True or not backend.has_owners:
            return
        key = key_label(self.app.user_keymap.get("toggle-mine", ACTIONS["toggle-mine"].key))
        warning = identity.nobody_called(backend.root, backend.me, backend.workspace, _("key {key}").format(key=key))
        if warning:
            self.notify(warning, title=_("Your list is empty"), severity="warning", timeout=20)

    @staticmethod
    def _what(item: DueItem) -> str:
        """The title without the partner's name, which the Partner column shows ("Complete vetting")."""
        if item.kind == PROBLEM:
            return _("{problem} — fix it (e)").format(problem=item.title.removeprefix(item.partner_name + ": "))
        title = without_name(item.title, item.partner_name) if item.partner_name else item.title
        return f"{title} ⇄" if item.owing else title

    def _show_counts(self, items: list[DueItem]) -> None:
        """The counts of `koop due` (engine.due_counts), and how the rows group them."""
        from koop_tui.engine.due import counts_text, due_counts

        if isinstance(items, FirstRows):  # counted over the whole list (Backend.preview_due)
            counts, grouped, rows = items.counts, items.grouped, items.total
        else:
            counts = due_counts(items)
            grouped, rows = sum(1 for item in items if getattr(item, "campaign", None)), len(items)
        summary = counts_text(counts, MARKS, "  ") or _("Nothing due. Enjoy the quiet.")
        if grouped:
            summary += plural(rows, " · {n} row, campaigns grouped", " · {n} rows, campaigns grouped")
        backend = self.app.backend
        if not backend.has_owners:
            scope = _("everyone")
        elif isinstance(self.mine, str):
            scope = _("{owner}'s (and nobody's)").format(owner=self.mine)
        else:
            scope = _("mine ({me})").format(me=backend.me) if self.mine is True and backend.me else _("all owners")
        if self.app.loaded and not backend.workspace.partners and not backend.workspace.broken:
            self.query_one("#counts", Static).update(
                _("No partners yet: press n for a new one, or run koop import contacts.vcf"))
            return
        self.query_one("#counts", Static).update(f"{summary} · {scope}")

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._explain()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def _explain(self) -> None:
        item = self.items.get(self.query_one(StatusTable).current_key or "")
        text = ""
        if item is not None:
            text = _("{partner}: {explanation}").format(partner=one_line(item.partner_name),
                                                        explanation=item.explanation) \
                if item.partner_name else item.explanation
            if item.owing:
                text += "\n" + _("⇄ your turn: they gave last, after our latest give")
        self.query_one("#explanation", Static).update(text)

    def selection(self) -> Selection | None:
        item = self.items.get(self.query_one(StatusTable).current_key or "")
        if item is None or not item.partner:
            return None
        followup = item.key.rsplit("/", 1)[-1] if item.kind == "followup" else None
        return Selection(item.partner, item.contact, followup)

    def action_open(self) -> None:
        item = self.items.get(self.query_one(StatusTable).current_key or "")
        if campaign := getattr(item, "campaign", None):
            self.app.show_campaign(campaign)
        elif item is not None and item.kind == TRIAGE:
            self._triage()
        else:
            super().action_open()

    def action_log_touch(self) -> None:
        """On a campaign's row: its screen, where `l` and `x` act on one partner at a time."""
        item = self.items.get(self.query_one(StatusTable).current_key or "")
        if campaign := getattr(item, "campaign", None):
            self.app.show_campaign(campaign)
            self.notify(_("A campaign row stands for several partners: pick one here (x marks it done)"), timeout=4)
        else:
            super().action_log_touch()

    def action_pick_owner(self) -> None:
        from koop_tui.app.dialogs.owner_picker import OwnerPicker

        if self._ready():
            self.app.push_screen(OwnerPicker(self.app.backend.owner_choices(), self.mine), self._picked_owner)

    def _picked_owner(self, scope: bool | str | None) -> None:
        if scope is not None and scope != self.mine:
            self.mine, self.full = scope, True
            self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A workspace without partners offers only what works there (`n`, switching screens, help)."""
        if action in ("log_touch", "add_followup", "snooze", "followup_done", "edit_file", "filter", "toggle_mine"):
            return bool(self.items) or not self.app.loaded or bool(self.app.backend.workspace.partners)
        return True

    def action_followup_done(self) -> None:
        """`x` clears the selected item, whatever its kind: a follow-up is done; an agreement reviewed (next
        review); the vetting checklist; a debrief or a proposal done (logged) or not now (snoozed); a handover by
        adding the new contact; a campaign on its screen; a contact or an occasion by logging a touchpoint."""
        item = self.items.get(self.query_one(StatusTable).current_key or "")
        if item is None or item.kind == "followup":
            super().action_followup_done()
            return
        if item.kind == TRIAGE:  # rows standing for several partners: their own screens
            self._triage()
            return
        if getattr(item, "campaign", None):
            self.app.show_campaign(item.campaign)
            return
        if item.kind == PROBLEM:  # what its explanation says clears it: the file fixed, merge conflicts resolved
            self.action_edit_file()
            return
        if item.kind == "conflict":
            self.open_partner(item.partner)
            return
        if not self._ready() or not self._exists(item.partner):
            return
        partner = self.app.backend.partner(item.partner)
        record = item.key.rsplit("/", 1)[-1]
        if item.kind == "agreement":
            from koop_tui.app.dialogs.clear import ReviewedDialog

            agreement = next((a for a in partner.agreements if a.id == record), None)
            if agreement is not None:
                self.app.push_screen(ReviewedDialog(partner.slug, agreement))
        elif item.kind == "vetting":
            from koop_tui.app.dialogs.clear import VettingForm

            self.app.push_screen(VettingForm(partner))
        elif item.kind in ("debrief", "warmup"):
            self._done_or_not_now(item, partner)
        elif item.kind == "handover":
            from koop_tui.app.dialogs.contact_form import ContactForm

            self.app.push_screen(ContactForm(partner.slug, None))
        else:
            self.action_log_touch()

    def _triage(self) -> None:
        """The imported partners to sort (Enter or `x` on their row)."""
        from koop_tui.app.screens.triage import TriageScreen

        self.app.push_screen(TriageScreen())

    def _done_or_not_now(self, item: DueItem, partner) -> None:
        """A debrief or a proposal: done logs it as a mutual meeting today; not now snoozes the partner."""
        from koop_tui.app.dialogs.choice import ChoiceDialog

        what = _("Debrief") if item.kind == "debrief" else _("Proposed a cooperation")
        detail = _("Done: logs a meeting today ({what}). Not now: snooze {partner} until a date (all its reminders "
                   "wait).").format(what=what, partner=partner.name)
        answers = [("d", _("Done"), "done"), ("n", _("Not now"), "later")]
        self.app.push_screen(ChoiceDialog(item.title, detail, answers),
                             lambda choice: self._cleared(choice, item, partner, what))

    def _cleared(self, choice: str | None, item: DueItem, partner, what: str) -> None:
        from koop_tui.app.dialogs.snooze import SnoozeDialog
        from koop_tui.app.messages import Change
        from koop_tui.model import Touchpoint

        if choice == "later":
            self.app.push_screen(SnoozeDialog(partner.slug))
        elif choice == "done":
            backend = self.app.backend
            kind = "meeting" if "meeting" in backend.workspace.settings.kinds else next(
                iter(backend.workspace.settings.kinds))
            note = _("{what}: {title}").format(what=what, title=item.title) if item.kind == "debrief" else what
            touch = Touchpoint("", backend.today, kind, "mutual", [], note, backend.me)
            self.app.save(Change("log_touch", (partner.slug, touch), slug=partner.slug,
                                 done=lambda _t: _("Logged: {note} ({partner})").format(note=note,
                                                                                        partner=partner.name)))

    def action_toggle_mine(self) -> None:
        self.mine = not self.mine
        self.full = True
        self.reload()
