"""What koop changed, by record id, so that a change can be undone by a new change (never a history rewrite).

Each change the Store writes is one line of JSON in the workspace's journal (next to the workspace lock, so in
`.git/` for a git workspace: per clone, never committed): the file, the message (English, and when it is an
i18n.Said what it is made of, so undo and history say it in the user's language), and for every record it touched
(the partner's own fields and its vetting by key, contacts and records whole) the value before and after. Undo
checks that each of those records is still as the change left it, then writes the values before; redo the
other way round. Undo and redo are journal lines too, so repeated undo walks back and a new change ends redo.

A bulk action (sorting imported partners, a handover, a campaign marked done for several partners) writes one
line per partner file, all with the same `group` (the number of its first line) and `title` (the action's
message): one undo or redo takes the whole group (a Unit), and is refused as a whole.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from koop_tui.i18n import Said, shown
from koop_tui.store.files import lock_path

TABLES = ("contacts", "touchpoints", "followups", "projects", "agreements", "conflicts")
KEEP = 500  # changes (a bulk action counts once) kept; older ones can no longer be undone


@dataclass
class Entry:
    """One journal line: a change ("change"), or the undo or redo of the change numbered `of`."""

    n: int
    kind: str
    slug: str
    message: str
    records: list[dict[str, Any]] = field(default_factory=list)
    of: int | None = None
    time: str = ""
    group: int | None = None  # the bulk action this line is part of (the number of its first line)
    title: str = ""  # that bulk action's message

    @property
    def shown(self) -> str:
        """The message in the user's language (the journal keeps it in English, and what it is made of)."""
        return shown(self.message)


@dataclass
class Unit:
    """What one undo or redo takes: one change, or every line of a bulk action (the same group)."""

    entries: list[Entry]

    @property
    def message(self) -> str:
        """The change's message in English (a Said when the journal knows what it is made of)."""
        return self.entries[0].title or self.entries[0].message

    @property
    def shown(self) -> str:
        """The change's message in the user's language."""
        return shown(self.message)

    @property
    def phrase(self) -> str:
        """The change as it goes on after "Undid:" in the user's language; an English message ("Log call with …",
        the commit's) in lower case: "Undid: log call with Jana Weber (Muster GmbH)"."""
        text = self.shown
        return f"{text[:1].lower()}{text[1:]}" if text == self.message else text

    @property
    def slug(self) -> str:
        """The partner it changed; "" for a bulk action over several."""
        return self.entries[0].slug if len({e.slug for e in self.entries}) == 1 else ""

    @property
    def numbers(self) -> set[int]:
        return {e.n for e in self.entries}

    @property
    def bulk(self) -> bool:
        return self.entries[0].group is not None


def journal_path(root: Path) -> Path:
    return lock_path(root).with_name(lock_path(root).stem + "-journal.jsonl")


def diff(before: dict[str, Any], after: dict[str, Any], order: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The records that differ between two canonical partner dicts: {table, id, before, after, next}; the
    partner's own fields (table None) and its vetting ("vetting") hold only the keys that changed; a record added
    has before None, one deleted after None; `next` is the id of the record after it in the file (`order`: the
    ids of each table in file order), where an undone delete puts it back."""
    out = []
    for table in (None, "vetting"):
        b = before if table is None else before.get("vetting", {})
        a = after if table is None else after.get("vetting", {})
        skip = (*TABLES, "vetting") if table is None else ()
        keys = [k for k in dict.fromkeys([*b, *a]) if k not in skip and b.get(k) != a.get(k)]
        if keys:
            out.append({"table": table, "id": None, "before": {k: b[k] for k in keys if k in b},
                        "after": {k: a[k] for k in keys if k in a}})
    for table in TABLES:
        b = {r["id"]: r for r in before.get(table, [])}
        a = {r["id"]: r for r in after.get(table, [])}
        for rid in dict.fromkeys([*b, *a]):
            if b.get(rid) != a.get(rid):
                out.append({"table": table, "id": rid, "before": b.get(rid), "after": a.get(rid),
                            "next": _next(order, table, rid)})
    return out


def _next(order: dict[str, list[str]], table: str, rid: str) -> list[str] | None:
    """[table, id] of the record after `rid` in the file: the next of its table; for the only record of its
    table, the first record of the next table (tables stand in canonical order); None: the end."""
    ids = order.get(table, [])
    if rid in ids[:-1]:
        return [table, ids[ids.index(rid) + 1]]
    if ids != [rid]:
        return None
    later = TABLES[TABLES.index(table) + 1:]
    return next(([t, order[t][0]] for t in later if order.get(t)), None)


def now_of(data: dict[str, Any], record: dict[str, Any]) -> Any:
    """What a journal record is in the canonical partner dict `data` now (same shape as its before/after)."""
    table, keys = record["table"], {*(record["before"] or {}), *(record["after"] or {})}
    if table in (None, "vetting"):
        here = data if table is None else data.get("vetting", {})
        return {k: here[k] for k in keys if k in here}
    return next((r for r in data.get(table, []) if r.get("id") == record["id"]), None)


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$date"}:
            return date.fromisoformat(value["$date"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def read(root: Path) -> list[Entry]:
    """The journal's entries, oldest first; unreadable lines are skipped (the journal is a convenience)."""
    try:
        lines = journal_path(root).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    out = []
    for line in lines:
        try:
            raw = json.loads(line)
            out.append(Entry(raw["n"], raw["kind"], raw["slug"], _said(raw["message"], raw.get("said")),
                             _decode(raw["records"]), raw.get("of"), raw.get("time", ""), raw.get("group"),
                             _said(raw.get("title", ""), raw.get("title_said"))))
        except (ValueError, KeyError, TypeError):
            continue
    return out


def append(root: Path, kind: str, slug: str, message: str, records: list[dict], of: int | None = None,
           group: dict[str, Any] | None = None) -> int:
    """Add one entry (under the workspace lock, which the Store holds while it writes); its number.

    `group`: {"id", "message"} of the bulk action it belongs to; an id of None becomes this entry's number."""
    path = journal_path(root)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    n = 1 + max((_number(line) for line in lines[-3:]), default=0)
    raw = {"n": n, "kind": kind, "slug": slug, "message": message, "records": _encode(records), "of": of,
           "time": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    if isinstance(message, Said):
        raw["said"] = message.to_json()
    if group is not None:
        group["id"] = group["id"] or n
        raw |= {"group": group["id"], "title": group["message"]}
        if isinstance(group["message"], Said):
            raw["title_said"] = group["message"].to_json()
    line = json.dumps(raw, ensure_ascii=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    if len(lines) >= KEEP and (group is None or _group(lines[-1]) != group["id"]):  # never cut a bulk action
        kept = _last_units(lines, KEEP // 2)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text("\n".join(kept + [line]) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return n
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    return n


def _said(message: str, said: Any) -> str:
    """The English message, as a Said when the line keeps what it is made of (and that still makes the message)."""
    made = Said.from_json(said) if said is not None else None
    return made if made is not None and made == message else message


def _group(line: str) -> int | None:
    try:
        return json.loads(line).get("group")
    except (ValueError, AttributeError):
        return None


def _last_units(lines: list[str], count: int) -> list[str]:
    """The lines of the last `count` changes, a bulk action's lines counting as one and kept whole."""
    start, units, previous = len(lines), 0, None
    while start > 0:
        group = _group(lines[start - 1])
        if group is None or group != previous:
            if units == count:
                break
            units += 1
        previous = group
        start -= 1
    return lines[start:]


def _number(line: str) -> int:
    try:
        return int(json.loads(line)["n"])
    except (ValueError, KeyError, TypeError):
        return 0


def units(entries: list[Entry]) -> list[list[Entry]]:
    """The entries in runs: each line alone, a bulk action's lines (same kind and group, one after the other)
    together."""
    out: list[list[Entry]] = []
    for e in entries:
        last = out[-1][-1] if out else None
        if last is not None and e.group is not None and (last.group, last.kind) == (e.group, e.kind):
            out[-1].append(e)
        else:
            out.append([e])
    return out


def stacks(entries: list[Entry]) -> tuple[list[Unit], list[Unit]]:
    """(changes that can be undone, last one last; undone changes that can be redone, next one last)."""
    done: list[Unit] = []
    undone: list[Unit] = []
    for run in units(entries):
        kind, of = run[0].kind, {e.of for e in run}
        if kind == "change":
            done.append(Unit(run))
            undone.clear()
        elif kind == "undo" and done and of <= done[-1].numbers:
            _move(done, undone, of)
        elif kind == "redo" and undone and of <= undone[-1].numbers:
            _move(undone, done, of)
        else:  # out of order (a journal line lost): start afresh from here
            done.clear()
            undone.clear()
    return done, undone


def _move(source: list[Unit], target: list[Unit], numbers: set) -> None:
    """Move the lines `numbers` of the last unit of `source` to `target`; when a bulk undo could write only part
    of its files (a disk error), the rest stays where it was, to be undone (or redone) on its own."""
    unit = source.pop()
    rest = [e for e in unit.entries if e.n not in numbers]
    if rest:
        source.append(Unit(rest))
    target.append(Unit([e for e in unit.entries if e.n in numbers]))
