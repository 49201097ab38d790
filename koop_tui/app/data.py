"""The app's one door to the store and the engine, so screens never touch either directly.

Methods that read or write files run in worker threads; a lock keeps the model consistent while the UI
thread reads snapshots. Nothing here imports Textual.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from koop_tui import identity
from koop_tui.i18n import _
from koop_tui.model import DueItem, Partner, Workspace

STATUS_ORDER = {"overdue": 0, "due": 1, "soon": 2, "ok": 3}
# The preview parses changed files before the real load parses them again: worth it only for a few.
PREVIEW_FEW = 8
FIRST_ROWS = 200  # rows of a table's first fill (widgets.tables), more than a screen holds


class FirstRows(list):
    """The first rows of a due list (as Backend.due gives them), and what the due screen says of the whole
    list: its number of rows (`total`), its `counts` (engine.due_counts) and its `grouped` campaign rows."""

    total = 0
    counts: dict[str, int] = {}
    grouped = 0


@dataclass(frozen=True)
class PartnerRow:
    """One line of the partners list, with what filtering and sorting need precomputed."""

    slug: str
    name: str
    stage: str
    owner: str
    tags: tuple[str, ...]
    contacts: int
    status: str
    ratio: float
    last: date | None
    search: str = field(repr=False, compare=False, default="")
    snoozed: bool = False


@dataclass(frozen=True)
class PartnerSnapshot:
    """One partner as the partner screen shows it; a copy, so workers may change the original."""

    partner: Partner
    view: Any = None
    errors: tuple = ()  # the errors of its file: then nothing is computed (view None) and the screen is read-only
    history: Any = None  # engine.report.History: the partner page's history strip (None with errors)
    unread: frozenset[str] = frozenset()  # the file's keys whose values could not be read (the header says so)

    @property
    def read_only(self) -> bool:
        """The file has errors, merge conflicts too: the store refuses every change but resolving them, so the
        page offers no other (and no form that could only end in "nothing was written")."""
        return bool(self.errors)

    @property
    def broken(self) -> bool:
        """Errors other than merge conflicts (those are resolved in place, `r`): only `e` edits the file."""
        from koop_tui.engine.problems import conflicts_only

        return bool(self.errors) and not conflicts_only(self.errors, self.partner)


@dataclass(frozen=True)
class Unreadable:
    """A partner the partner screen cannot show: its file could not be read (its errors), or is gone (none)."""

    errors: tuple = ()


def search_text(partner: Partner) -> str:
    """Everything "filter as you type" matches against, lowercased once."""
    parts = [partner.name, partner.slug, partner.note, partner.website, *partner.tags, *partner.skills]
    for contact in partner.contacts:
        parts += [contact.name, contact.role, contact.email, contact.note, *contact.skills]
    return "\n".join(parts).lower()


class Backend:
    """The loaded workspace (via the store), today and who "I" am, plus the engine calls the app needs."""

    def __init__(self, root: Path, today: date, me: str = "", store: Any = None,
                 on_change: Callable[[list[Path], str], None] | None = None) -> None:
        self.root = Path(root)
        self.today = today
        self.lock = threading.RLock()
        self._store = store
        self._on_change = on_change
        self._me = me  # from the user config or $KOOP_USER; else git's user.email through [owners] (_git_owner)
        self._by_git: tuple[dict, str] = ({}, "")
        self._search: dict[str, str] = {}
        self._index: Any = None  # index.open_index, opened by the first search
        self._changes, self._index_at = 0, -1  # changes seen, and how many of them the index has seen
        self._preview: Any = None  # index.DueSummary shown before the workspace is loaded
        self._encoded: Any = None  # index.DueSummary whose items may still be encoded (decode_rest)
        self._all: list[DueItem] | None = None  # every owner's due items, current but for _stale partners
        self._stale: set[str] = set()
        self._told_broken: set[str] = set()  # broken files the person was told about (see new_broken)
        self._told_settings = False  # whether koop.toml's errors were told (see settings_newly_broken)
        self.load_progress: Callable[[int, int], None] | None = None  # told partner files read while opening

    def preview(self) -> bool:
        """The due list from the due cache, before loading the workspace; False when too much changed (worker)."""
        from koop_tui import index

        if self._store is not None:
            return False
        try:
            self._preview = index.cached_due(self.root, self.today, few=PREVIEW_FEW)
        except Exception:  # noqa: BLE001 - the preview is only a head start; the load reports real problems
            self._preview = None
        return self._preview is not None

    @property
    def _early(self) -> Any:
        """The preview (index.DueSummary) while the workspace is not loaded; None once it is."""
        return self._preview if self._store is None else None

    @property
    def has_preview(self) -> bool:
        """A cached due list can be shown before the workspace is loaded."""
        return self._early is not None

    def preview_due(self, mine: bool | str) -> list[DueItem] | None:
        """The due list as due(mine) gives it before the workspace is loaded, or its first FIRST_ROWS rows only
        (FirstRows), made of the few items they need; None without a preview."""
        preview = self._early
        if preview is None:
            return None
        found = preview.head_items(self._owner(mine), FIRST_ROWS)
        if found is None:  # not kept encoded: the whole list is at hand
            return self.due(mine)
        from koop_tui.engine.due import due_counts

        items, after = found  # the rows' items, and the statuses of the list's ungrouped items after them
        rows = self._app_rows(items, preview.settings)
        shown = FirstRows(rows[:FIRST_ROWS])
        shown.total, shown.counts = len(rows) + sum(after.values()), due_counts(rows)
        for status, count in after.items():
            shown.counts[status] += count
        shown.grouped = sum(1 for row in rows if getattr(row, "campaign", None))
        return shown

    def _owner(self, mine: bool | str) -> str | None:
        """The owner whose list `mine` asks for (engine.select's owner; None: everyone's)."""
        return mine if isinstance(mine, str) else self.me if (mine and self.me and self.has_owners) else None

    def open(self) -> None:
        """Load the workspace from disk (worker thread); load_progress(done, total) hears about partner files."""
        from koop_tui import index

        with self.lock:
            store = self._store
            if store is None:  # the preview is kept if it was computed from the files loaded
                store, summary = index.open_for_day(self.root, self.today, self._on_change, self.load_progress,
                                                    self._preview)
            else:
                summary = index.due_of(self.root, self.today, store.loaded)
            with index.holding_gc(store.loaded):
                items = summary.first_items()  # the cached list's items stay encoded until read, as on screen
                self._encoded = summary
                self._store = store
                self._search = {slug: search_text(p) for slug, p in self.workspace.partners.items()}
            self._all = items
            self._preview = None

    def decode_rest(self) -> None:
        """Decode the due items the first frame left encoded (load worker, once the loaded list is on screen), so
        the first save or list that reads every item does not decode them one by one (worker thread)."""
        from koop_tui import index

        summary, self._encoded = self._encoded, None
        if summary is not None:
            with self.lock, index.holding_gc(self._store.loaded):
                summary.items  # noqa: B018 - decodes them all at once; the items already handed out take their fields

    @property
    def store(self) -> Any:
        return self._store

    @property
    def workspace(self) -> Workspace:
        return self._store.workspace

    @property
    def me(self) -> str:
        preview = self._early
        settings = preview.settings if preview else self.workspace.settings
        return self._me or self._git_owner(settings.owners) or settings.default_owner

    def _git_owner(self, owners: dict[str, list[str]]) -> str:
        """Who koop.toml's [owners] says git's user.email is (identity.git_owner), asked once per table."""
        if not owners:
            return ""
        if self._by_git[0] != owners:
            self._by_git = (owners, identity.git_owner(self.root, owners)[0])
        return self._by_git[1]

    @property
    def has_owners(self) -> bool:
        preview = self._early
        if preview is not None:
            return preview.has_owners
        return any(p.owner for p in self.workspace.partners.values())

    def partner(self, slug: str) -> Partner | None:
        return self.workspace.partners.get(slug)

    def refresh(self) -> set[str]:
        """Re-read files changed on disk; the changed slugs (worker thread)."""
        with self.lock:
            changed = set(self._store.refresh())
            self._stale |= changed
            self._changes += bool(changed)
            for slug in changed:
                partner = self.workspace.partners.get(slug)
                if partner is None:
                    self._search.pop(slug, None)
                else:
                    self._search[slug] = search_text(partner)
            return changed

    def new_broken(self) -> list[str]:
        """Files found broken since the last call: each new problem is told once, not at every poll; a file
        fixed and broken again counts as new."""
        with self.lock:
            now = set(self.workspace.broken)
            new, self._told_broken = sorted(now - self._told_broken), now
            return new

    def settings_broken(self) -> bool:
        """koop.toml has errors: the shipped defaults stand in for what could not be read (as `koop due` warns).
        A conflict record is none: the value in place is used."""
        from koop_tui.store.fields import errors_not_conflicts

        with self.lock:
            return bool(errors_not_conflicts(self.workspace.problems, "koop.toml"))

    def settings_newly_broken(self) -> bool:
        """koop.toml broke since the last call (told once, not at every poll; fixed and broken again is new)."""
        broken = self.settings_broken()
        new, self._told_settings = broken and not self._told_settings, broken
        return new

    def on_store(self, step: Callable[[Any], Any]) -> tuple[Any, set[str]]:
        """Run step(store) for a change that may touch many partners (capture); the result and the changed slugs."""
        with self.lock:
            before = dict(self.workspace.partners)
            result = step(self._store)
            after = self.workspace.partners
            changed = {s for s in before.keys() | after.keys() if before.get(s) is not after.get(s)}
            self._stale |= changed
            self._changes += bool(changed)  # the index syncs before the next search
            self._search.update((slug, search_text(after[slug])) for slug in changed if slug in after)
            return result, changed

    def change(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call one Store change method; KoopError/ConflictError propagate to the caller (worker thread)."""
        with self.lock:
            before = dict(self.workspace.partners)
            result = getattr(self._store, method)(*args, **kwargs)
            self._changes += 1
            after = self.workspace.partners
            changed = {s for s in before.keys() | after.keys() if before.get(s) is not after.get(s)}
            self._stale |= changed
            for slug, partner in self.workspace.partners.items():
                if slug not in self._search or slug in changed:
                    self._search[slug] = search_text(partner)
            if method == "new_partner" and isinstance(result, Partner):
                self._search[result.slug] = search_text(result)
            return result

    def due(self, mine: bool | str) -> list[DueItem]:
        """The due list, for me only or for everyone; one row per campaign.

        Until the workspace is loaded: the preview's list (from the due cache).
        """
        owner = self._owner(mine)
        preview = self._early
        if preview is not None:  # no lock: the load holds it, the preview never changes
            from koop_tui.engine import select

            items = preview.first_items()  # decoded as read: the first frame draws ~200 rows
            items = items if owner is None else select(items, owner=owner)  # None: select keeps all
            return self._app_rows(items, preview.settings)
        with self.lock:
            from koop_tui import engine

            items = engine.select(self._all_items(engine), owner=owner)
            return self._app_rows(items, self.workspace.settings)

    def due_update(self, slugs: set[str], mine: bool | str) -> list[DueItem]:
        """The due list after a save changed `slugs` (only those partners are recomputed)."""
        with self.lock:
            self._stale |= slugs
        return self.due(mine)

    def _all_items(self, engine: Any) -> list[DueItem]:
        """Every owner's items, computed once and then only for partners changed since."""
        if self._all is None:
            self._all = engine.due_items(self.workspace, self.today)
        elif self._stale:
            kept = [i for i in self._all if i.partner not in self._stale]
            for slug in self._stale:
                kept += engine.due_items_for_partner(self.workspace, slug, self.today)
            self._all = engine.sort_items(kept, self.today)
        self._stale = set()
        return self._all

    @staticmethod
    def _app_rows(items: list[DueItem], settings: Any) -> list[DueItem]:
        """What the app makes of the engine's list: campaigns grouped, the imported partners to sort one row."""
        from koop_tui.engine.campaigns import group_campaigns
        from koop_tui.engine.triage import group_triage

        return group_triage(group_campaigns(items, {c.id: c.name for c in settings.campaigns}))

    def triage_rows(self) -> list[Partner]:
        """The imported partners waiting to be sorted (engine.triage.waiting)."""
        from koop_tui.engine.triage import waiting

        with self.lock:
            return waiting(self.workspace)

    def partner_rows(self) -> list[PartnerRow]:
        """Every partner with its most urgent contact or due item (a follow-up, a vetting step, ...), for the
        partners list; snoozed contacts and partners are not urgent (the due list leaves them out too). A partner
        file with errors, loaded or not, is a problem row with nothing read from it but its name and owner (its
        stage, tags and dates may be what is broken), as in `koop list`."""
        from koop_tui import engine
        from koop_tui.engine.problems import PROBLEM

        with self.lock:
            settings, rows, today = self.workspace.settings, [], self.today
            worst: dict[str, tuple[int, float]] = {}
            for item in self._all_items(engine):
                if item.kind == PROBLEM:
                    rows.append(PartnerRow(item.partner, item.partner_name, "", item.owner, (), 0, PROBLEM, 0.0,
                                           None, self._search.get(item.partner, item.partner)))
                    continue
                rated = (STATUS_ORDER.get(item.status, 3), -(item.ratio or 0.0))
                worst[item.partner] = min(rated, worst.get(item.partner, rated))
            broken = {row.slug for row in rows}
            sound = self.workspace.sound()  # a partner with merge conflicts only: its conflict row rates it
            for slug, p in self.workspace.partners.items():
                if slug in broken:
                    continue
                states = engine.contact_states(engine.partner_facts(p, settings, today)) if slug in sound else []
                rated = [(STATUS_ORDER[s.status], -(s.ratio or 0.0)) for s in states
                         if s.status and s.snoozed_until is None] + ([worst[slug]] if slug in worst else [])
                rank, neg = min(rated, default=(STATUS_ORDER["ok"], 0.0))
                last = max((t.date for t in p.touchpoints if t.date <= today), default=None)
                rows.append(PartnerRow(slug, p.name, p.stage, p.owner, tuple(p.tags), len(p.contacts),
                                       list(STATUS_ORDER)[rank], -neg, last, self._search.get(slug, ""),
                                       p.snoozed_on(today)))
            return rows

    def snapshot(self, slug: str) -> Any:
        """A private copy of one partner with the engine's view of it, for the partner screen."""
        with self.lock:
            errors = tuple(self.workspace.file_errors().get(f"partners/{slug}.toml", ()))
            partner = self.workspace.partners.get(slug)
            if partner is None:
                return Unreadable(errors)
            from koop_tui.engine.report import partner_history

            return PartnerSnapshot(copy.deepcopy(partner), self.view(slug), errors,
                                   partner_history(self.workspace, slug, self.today),
                                   self._unread(slug) if errors else frozenset())

    def _unread(self, slug: str) -> frozenset[str]:
        """The keys of a partner file with errors whose values could not be read: its model holds defaults there."""
        from koop_tui.store.parse import unread_keys

        return unread_keys(self.root, f"partners/{slug}.toml", self.workspace.settings)

    def why_read_only(self, slug: str) -> str:
        """Why no change can be made to the partner now ("" when one can): its file has errors, or merge
        conflicts only, which the store refuses every change but resolving them for."""
        with self.lock:
            errors = self.workspace.file_errors().get(f"partners/{slug}.toml")
            if not errors:
                return ""
            from koop_tui.engine.problems import conflicts_only

            partner = self.workspace.partners.get(slug)
            if conflicts_only(errors, partner):
                return _("{partner} has merge conflicts: resolve them first (r on its page)").format(
                    partner=partner.name)
        return _("{partner}: its file has problems; nothing can be changed until they are fixed (e edits it, ! "
                 "lists them)").format(partner=partner.name if partner else slug)

    def view(self, slug: str) -> Any:
        """What the partner screen shows (engine.partner_view)."""
        from koop_tui.engine import partner_view

        with self.lock:
            return partner_view(self.workspace, slug, self.today)

    def next_due(self, slug: str, contact: str | None) -> date | None:
        from koop_tui.engine import next_due

        with self.lock:
            return next_due(self.workspace, slug, contact, self.today)

    def search(self, text: str) -> list[Any]:
        """index.search's hits; the index is brought up to date with the files once per change of the
        workspace (a stat of every file), not per key."""
        from koop_tui import index

        with self.lock:
            if self._index is None:
                self._index = index.open_index(self.root)
            if self._index_at != self._changes:
                self._index.sync()
                self._index_at = self._changes
            return self._index.search(text)

    def who(self, skills: list[str]) -> list[Any]:
        from koop_tui.engine import who

        with self.lock:
            return list(who(self.workspace, skills, self.today))

    def owner_choices(self) -> list[tuple[str, bool | str, dict[str, int]]]:
        """For the due list's owner filter: (label, scope, counts) for mine, everyone and each owner, the counts
        those lists would show (an owner's list holds nobody's items too, as `koop due --owner` does)."""
        from koop_tui import engine

        with self.lock:
            items, settings = self._all_items(engine), self.workspace.settings
            owners = sorted({p.owner for p in self.workspace.sound().values() if p.owner})

            def counts(owner: str | None) -> dict[str, int]:
                return engine.due_counts(self._app_rows(engine.select(items, owner=owner), settings))

            choices = [(_("everyone"), False, counts(None))]
            if self.me and owners:
                choices.insert(0, (_("mine ({me})").format(me=self.me), True, counts(self.me)))
            return choices + [(owner, owner, counts(owner)) for owner in owners]

    def report(self) -> Any:
        """The report's figures (engine.report) over everyone's due list."""
        from koop_tui import engine
        from koop_tui.engine.report import report

        with self.lock:
            return report(self.workspace, self.today, self._all_items(engine))

    def campaign_rows(self, campaign_id: str) -> list[Any]:
        """Partners a campaign applies to, done or missing in its current window (engine.campaigns)."""
        from koop_tui.engine.campaigns import campaign_rows

        with self.lock:
            campaign = next((c for c in self.workspace.settings.campaigns if c.id == campaign_id), None)
            if campaign is None:
                return []
            return campaign_rows(self.workspace.sound().values(), campaign, self.today)
