"""What koop changed, by record id, so that a change can be undone by a new change (never a history rewrite).

Each change the Store writes is one line of JSON in the workspace's journal (next to the workspace lock, so in
`.git/` for a git workspace: per clone, never committed): the file, the message, and for every record it touched
(the partner's own fields and its vetting by key, contacts and records whole) the value before and after. Undo
checks that each of those records is still as the change left it, then writes the values before; redo the
other way round. Undo and redo are journal lines too, so repeated undo walks back and a new change ends redo.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from koop_tui.store.files import lock_path

TABLES = ("contacts", "touchpoints", "followups", "projects", "agreements", "conflicts")
KEEP = 500  # journal lines kept; older changes can no longer be undone


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
            out.append(Entry(raw["n"], raw["kind"], raw["slug"], raw["message"], _decode(raw["records"]),
                             raw.get("of"), raw.get("time", "")))
        except (ValueError, KeyError, TypeError):
            continue
    return out


def append(root: Path, kind: str, slug: str, message: str, records: list[dict], of: int | None = None) -> None:
    """Add one entry (under the workspace lock, which the Store holds while it writes)."""
    path = journal_path(root)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    n = 1 + max((_number(line) for line in lines[-3:]), default=0)
    line = json.dumps({"n": n, "kind": kind, "slug": slug, "message": message, "records": _encode(records),
                       "of": of, "time": datetime.now(timezone.utc).isoformat(timespec="seconds")},
                      ensure_ascii=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    if len(lines) >= KEEP:
        kept = lines[-(KEEP // 2):]
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text("\n".join(kept + [line]) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def _number(line: str) -> int:
    try:
        return int(json.loads(line)["n"])
    except (ValueError, KeyError, TypeError):
        return 0


def stacks(entries: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(changes that can be undone, last one last; undone changes that can be redone, next one last)."""
    by_n = {e.n: e for e in entries}
    done: list[Entry] = []
    undone: list[Entry] = []
    for e in entries:
        if e.kind == "change":
            done.append(e)
            undone.clear()
        elif e.kind == "undo" and done and done[-1].n == e.of:
            undone.append(done.pop())
        elif e.kind == "redo" and undone and undone[-1].n == e.of:
            done.append(undone.pop())
        elif e.kind in ("undo", "redo"):  # out of order (a journal line lost): start afresh from here
            done.clear()
            undone.clear()
    return done, [by_n[e.n] for e in undone]
