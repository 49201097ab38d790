"""A capture run: read each source batch by batch, match, log sure touchpoints, queue the rest, raise departures,
and say what changed. Review actions (accept, reject, assign) work on the queue the runs fill.

A batch is used whole or not at all: its sure touchpoints join the pending ones and the state (cursor, threads,
queue, pending) is saved; a source that fails ends with one line and the next run reads it again from its last
saved cursor. The pending touchpoints are written at the end of the run, one write per partner file (a run
interrupted before that writes them at the end of the next).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from koop_tui.capture.config import CaptureConfig, Source
from koop_tui.capture.match import Departure, Directory, Proposal, Reason, departures, match, merge_threads
from koop_tui.capture.sources import Batch, Context, Progress, SourceError, read_ics, read_maildir, read_mbox
from koop_tui.capture.state import State
from koop_tui.errors import KoopError
from koop_tui.i18n import Said, _
from koop_tui.words import plural
from koop_tui.model import Contact, FollowUp, Partner, Touchpoint
from koop_tui.slugs import new_record_id


def read_source(source: Source, cursor: dict, ctx: Context) -> Iterator[Batch]:
    """The batches of one source, by its type."""
    if source.type == "imap":
        from koop_tui.capture.imap import read_imap

        return read_imap(source, cursor, ctx)
    if source.type == "caldav":
        from koop_tui.capture.caldav_ import read_caldav

        return read_caldav(source, cursor, ctx)
    return {"maildir": read_maildir, "mbox": read_mbox, "ics": read_ics}[source.type](source, cursor, ctx)


@dataclass
class Outcome:
    read: int = 0
    captured: list[tuple[str, Touchpoint]] = field(default_factory=list)
    queued: int = 0
    skipped: Counter = field(default_factory=Counter)
    departures: list[Departure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    no_longer_due: list[str] = field(default_factory=list)
    slugs: set[str] = field(default_factory=set)


def _due_names(store, slugs: set[str], today: date) -> set[str]:
    from koop_tui.engine import due_items_for_partner

    names = set()
    for slug in slugs:
        if slug in store.workspace.partners:
            for item in due_items_for_partner(store.workspace, slug, today):
                if item.kind == "contact" and item.status in ("due", "overdue") and item.due <= today:
                    names.add(item.contact_name or item.partner_name)
    return names


def touch_of(p: Proposal, by: str, config: CaptureConfig, contacts: list[str] | None = None) -> Touchpoint:
    return Touchpoint(id="", date=p.day, kind=p.kind, direction="mutual", contacts=list(contacts or p.contacts),
                      note=p.subject if config.subject else "", by=by, source=p.source)


def log_touches(store, slug: str, touches: list[Touchpoint]) -> list[Touchpoint]:
    """Append touchpoints to one partner file in one write; those whose source it holds already are left out."""
    from koop_tui.canonical import partner_to_dict
    from koop_tui.store.edit import append_records

    def op(partner: Partner, text: str, stale: Partner) -> tuple[str, Any]:
        have = {t.source for t in partner.touchpoints if t.source}
        taken = {r.id for table in ("touchpoints", "followups", "projects", "agreements", "conflicts")
                 for r in getattr(partner, table)}
        added = []
        for touch in touches:
            if touch.source in have:
                continue
            touch = replace(touch, id=new_record_id(taken))
            taken.add(touch.id)
            have.add(touch.source)
            partner.touchpoints.append(touch)
            added.append(touch)
        records = [partner_to_dict(Partner(slug=partner.slug, name=partner.name, touchpoints=[touch]),
                                   store.settings)["touchpoints"][0] for touch in added]
        return append_records(text, "touchpoints", records), added

    name = store.partner(slug).name
    return store.apply(slug, op, Said.plural(len(touches), "Capture {n} touchpoint with {partner}",
                                             "Capture {n} touchpoints with {partner}", partner=name))


class Run:
    """One capture run over some sources, for `koop capture` and the app's Captured screen."""

    def __init__(self, store, config: CaptureConfig, state: State, today: date, by: str, *, dry_run: bool = False,
                 progress: Progress | None = None) -> None:
        self.store, self.config, self.state, self.today, self.by = store, config, state, today, by
        self.dry_run = dry_run
        self.ctx = Context(config, today, progress or (lambda what, done, total: None))
        self.outcome = Outcome()
        self._due_before: dict[str, set[str]] = {}
        for kind in ("mail", "meeting"):
            if kind not in store.settings.kinds:
                raise KoopError(_("koop.toml has no touchpoint kind '{kind}', which capture logs").format(kind=kind),
                                _("add [kinds.{kind}] to koop.toml").format(kind=kind))

    def run(self, sources: list[Source]) -> Outcome:
        for source in sources:
            try:
                for batch in read_source(source, dict(self.state.cursors.get(source.name, {})), self.ctx):
                    if batch.read == 0 and batch.cursor == self.state.cursors.get(source.name):
                        continue  # nothing new: nothing to save either
                    self._use(batch.items)
                    self.outcome.read += batch.read
                    self.state.cursors[source.name] = batch.cursor
                    if not self.dry_run:
                        self.state.save()
            except SourceError as exc:
                self.outcome.errors.append(f"{source.name}: {exc}")
        self._flush()
        for slug in sorted(self.outcome.slugs):
            after = _due_names(self.store, {slug}, self.today)
            self.outcome.no_longer_due += sorted(self._due_before[slug] - after)
        return self.outcome

    def _use(self, items) -> None:
        directory = Directory(self.store.workspace)
        proposals, found = [], []
        for item in items:
            if item.skip:
                self.outcome.skipped[item.skip] += 1
            proposals += match(item, directory, self.config)
            found += departures(item, directory)
        earlier = {p.group: p for p in self.state.pending + self.state.queue}
        for p in merge_threads(proposals):
            if p.key in self.state.rejected:
                continue
            if p.group in earlier:  # a thread an earlier batch of this run (or of one interrupted) found
                self._join(earlier[p.group], p)
                continue
            if p.group in self.state.groups:
                continue
            if p.reason:
                self.outcome.queued += self.state.enqueue(p)
            else:
                self.state.pending.append(p)
            self.state.groups[p.group] = p.source
        for departure in found:
            if departure.key not in self.state.raised:
                self._raise(departure)

    def _join(self, have: Proposal, p: Proposal) -> None:
        """One proposal for a thread whose mails of one day came in two batches, as if they had come in one."""
        (joined,) = merge_threads([have, p])
        if joined == have:
            return
        (self.state.queue if have in self.state.queue else self.state.pending).remove(have)
        if joined.reason:
            self.outcome.queued += self.state.enqueue(joined) and not have.reason
        else:
            self.state.pending.append(joined)
        self.state.groups[joined.group] = joined.source

    def _flush(self) -> None:
        """Write the sure touchpoints of every batch read (and of a run interrupted before it wrote them): one
        write per partner file however many batches had touchpoints for it."""
        by_slug: dict[str, list[Proposal]] = {}
        for p in self.state.pending:
            by_slug.setdefault(p.slug, []).append(p)
        for slug, proposals in by_slug.items():
            self._log(slug, proposals)
        self.state.pending = []
        if by_slug and not self.dry_run:
            self.state.save()

    def _log(self, slug: str, proposals: list[Proposal]) -> None:
        touches = [touch_of(p, self.by, self.config) for p in proposals]
        if self.dry_run:
            self.outcome.captured += [(slug, t) for t in touches]
            return
        if slug not in self._due_before:
            self._due_before[slug] = _due_names(self.store, {slug}, self.today)
        try:
            added = log_touches(self.store, slug, touches)
        except KoopError as exc:  # a partner file with problems: its touchpoints wait in the queue
            self.outcome.errors.append(str(exc))
            for p in proposals:
                self.outcome.queued += self.state.enqueue(replace(p, reason=Reason.NOT_SAVED, detail=str(exc)))
            return
        self.outcome.captured += [(slug, t) for t in added]
        self.outcome.slugs.add(slug)

    def _raise(self, departure: Departure) -> None:
        self.outcome.departures.append(departure)
        self.state.raised.add(departure.key)
        if self.dry_run:
            return
        partner = self.store.partner(departure.slug)
        try:
            self.store.add_followup(departure.slug, FollowUp(id="", due=departure.day, text=departure.text,
                                                             contact=departure.contact, owner=partner.owner))
        except KoopError as exc:
            self.state.raised.discard(departure.key)
            self.outcome.errors.append(str(exc))


def summary(outcome: Outcome) -> list[str]:
    """What a run changed, in lines: "12 touchpoints captured, 3 to review; Jana Weber is no longer due"."""
    line = plural(len(outcome.captured), "{n} touchpoint captured, {queued} to review",
                  "{n} touchpoints captured, {queued} to review", queued=outcome.queued)
    names = outcome.no_longer_due
    if len(names) > 3:
        line += plural(len(names) - 3, "; {names} and {n} more are no longer due",
                       "; {names} and {n} more are no longer due", names=", ".join(names[:3]))
    elif names:
        line += plural(len(names), "; {names} is no longer due", "; {names} are no longer due",
                       names=", ".join(names))
    lines = [line]
    if outcome.skipped:
        lines.append(skipped_line(outcome.skipped))
    lines += [d.shown for d in outcome.departures]
    return lines


def skipped_line(skipped: Counter) -> str:
    """"skipped: 1,000 list mails and newsletters, 12 auto-replies, 2 with too many people, ..."."""
    said = {
        "list": lambda n: plural(n, "{n} list mail or newsletter", "{n} list mails and newsletters"),
        "auto": lambda n: plural(n, "{n} auto-reply", "{n} auto-replies"),
        "crowd": lambda n: plural(n, "{n} with too many people", "{n} with too many people"),
        "declined": lambda n: plural(n, "{n} declined", "{n} declined"),
        "cancelled": lambda n: plural(n, "{n} cancelled", "{n} cancelled"),
        "future": lambda n: plural(n, "{n} in the future", "{n} in the future"),
        "undated": lambda n: plural(n, "{n} without a usable date", "{n} without a usable date"),
        "no-uid": lambda n: plural(n, "{n} event without a UID", "{n} events without a UID"),
        "frequent": lambda n: plural(n, "{n} series recurring more than daily", "{n} series recurring more than daily"),
    }
    parts = [said[why](skipped[why]) for why in said if skipped.get(why)]
    parts += [f"{n} {why}" for why, n in sorted(skipped.items()) if why not in said]
    return _("skipped: {what}").format(what=", ".join(parts))


# Review: the queue filled by runs.

def _take(state: State, keys: list[str]) -> list[Proposal]:
    """The proposals of `keys`, in the order they were given (the queue's stored order is the order mails were
    read in, which need not be the order the review listed them in)."""
    queued = {p.key: p for p in state.queue}
    found = [queued[k] for k in dict.fromkeys(keys) if k in queued]
    missing = sorted(set(keys) - set(queued))
    if missing:
        raise KoopError(_("not in the review queue: {key}").format(key=missing[0]),
                        _("run `koop capture --review` to list it"))
    return found


def accept(store, state: State, keys: list[str], by: str, config: CaptureConfig) -> list[tuple[str, Touchpoint]]:
    """Log the proposals; unknown people at the partner become its contacts first."""
    out = []
    for p in _take(state, keys):
        contacts = list(p.contacts)
        for address, name in p.new_people:
            partner = store.partner(p.slug)
            existing = next((c for c in partner.contacts if address in {a.casefold() for a in c.addresses()}), None)
            if existing is None:
                existing = store.add_contact(p.slug, Contact(id="", name=name or address.split("@")[0],
                                                             email=address))
            contacts.append(existing.id)
        out += [(p.slug, t) for t in log_touches(store, p.slug, [touch_of(p, by, config, contacts)])]
        state.queue.remove(p)
        state.save()
    return out


def assign(store, state: State, key: str, target: str, by: str,
           config: CaptureConfig) -> tuple[str, Touchpoint | None]:
    """Log a proposal for one existing contact (`slug/contact`); that contact takes the unknown addresses."""
    from koop_tui.store.lookup import find_target

    (p,) = _take(state, [key])
    partner, contact = find_target(store.workspace, target)
    if contact is None:
        raise KoopError(_("assign to a contact: PARTNER/CONTACT, got {target}").format(target=repr(target)))
    addresses = [a for a, _ in p.new_people if a not in {x.casefold() for x in contact.addresses()}]
    if addresses:
        store.set_fields(partner.slug, contact.id, {"emails": contact.emails + addresses})
    proposal = replace(p, slug=partner.slug, contacts=sorted(set(p.contacts if p.slug == partner.slug else [])
                                                             | {contact.id}))
    added = log_touches(store, partner.slug, [touch_of(proposal, by, config)])
    state.queue.remove(p)
    state.save()
    return partner.slug, (added[0] if added else None)


def reject(state: State, keys: list[str]) -> int:
    """Drop proposals from the queue and remember them, so no later run proposes them again."""
    found = _take(state, keys)
    for p in found:
        state.queue.remove(p)
        state.rejected.add(p.key)
    state.save()
    return len(found)
