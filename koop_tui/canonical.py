"""Records <-> plain dicts <-> canonical TOML text.

Canonical means: keys in a fixed order, defaults and empty values omitted, records sorted by date then id,
written with tomli-w. Files koop generates whole (init, demo, import, merge results) use this form so that
diffs stay small. These functions trust their input; validation lives in the store.
"""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date
from functools import cache
from typing import Any

import tomli_w

from koop_tui.model import Birthday, Partner, Reference, Settings, Vetting
from koop_tui.schema import file_keys, names, nested
from koop_tui.schema import keys as schema_keys

# A partner file starts with the partner's name; every other record's keys follow its dataclass fields.
PARTNER_FIRST = ("name",)
PARTNER_KEYS = names(file_keys(Partner, PARTNER_FIRST))
VETTING_KEYS = names(file_keys(Vetting))
REFERENCE_KEYS = names(file_keys(Reference))
TABLE_KEYS = {k.name: k for k in nested(Partner, "records")}  # the record lists of a partner file, by table
# Record lists of a partner file: table name -> (keys in order, sort key of a record dict: its `sort` key, then id).
RECORD_TABLES: dict[str, tuple[tuple[str, ...], Any]] = {
    name: (names(file_keys(k.of)), lambda r, by=k.sort: (_d(r.get(by)), r.get("id", "")))
    for name, k in TABLE_KEYS.items()
}
CONTACT_KEYS, TOUCH_KEYS, FOLLOWUP_KEYS, PROJECT_KEYS, AGREEMENT_KEYS, CONFLICT_KEYS = (
    RECORD_TABLES[table][0]
    for table in ("contacts", "touchpoints", "followups", "projects", "agreements", "conflicts"))


def _d(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _ordered(record: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """Known keys in canonical order, empty values dropped; unknown keys kept after them, sorted."""
    out = {k: record[k] for k in keys if k in record and not _empty(record[k])}
    for key in sorted(set(record) - set(keys)):
        if not _empty(record[key]):
            out[key] = record[key]
    return out


def canonical_partner_dict(data: dict[str, Any]) -> dict[str, Any]:
    """Order and sort a partner file's dict the canonical way (also used by the merge driver)."""
    out = _ordered({k: v for k, v in data.items() if k not in RECORD_TABLES and k != "vetting"}, PARTNER_KEYS)
    vetting = data.get("vetting")
    if isinstance(vetting, dict):
        v = _ordered({k: val for k, val in vetting.items() if k != "references"}, VETTING_KEYS)
        refs = [_ordered(r, REFERENCE_KEYS) for r in vetting.get("references", []) if isinstance(r, dict)]
        if refs:
            v["references"] = refs
        if v:
            out["vetting"] = v
    for table, (keys, sort_key) in RECORD_TABLES.items():
        records = [r for r in data.get(table, []) if isinstance(r, dict)]
        if records:
            out[table] = [_ordered(r, keys) for r in sorted(records, key=sort_key)]
    return out


def format_value(value: Any) -> str:
    """One TOML value on one line: scalars as tomli-w writes them, arrays and tables inline."""
    if isinstance(value, dict):
        inner = ", ".join(f"{format_key(k)} = {format_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if type(value) is str and not _NEEDS_ESCAPE.search(value):
        return f'"{value}"'  # fast path, same text as tomli-w: imports write thousands of values
    if type(value) is int:
        return str(value)
    if type(value) is date:
        return value.isoformat()
    return tomli_w.dumps({"v": value})[4:-1]


_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')


def format_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else format_value(key)


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _emit_table(lines: list[str], prefix: str, data: dict[str, Any]) -> None:
    for key, value in data.items():
        if not isinstance(value, dict) and not _is_table_list(value):
            lines.append(f"{format_key(key)} = {format_value(value)}")
    for key, value in data.items():
        name = f"{prefix}{format_key(key)}"
        if isinstance(value, dict):
            lines.extend(["", f"[{name}]"])
            _emit_table(lines, name + ".", value)
        elif _is_table_list(value):
            for item in value:
                lines.extend(["", f"[[{name}]]"])
                _emit_table(lines, name + ".", item)


def dumps(data: dict[str, Any]) -> str:
    """Canonical TOML text: one `key = value` per line, sub-tables and record lists as [table] / [[table]]."""
    lines: list[str] = []
    _emit_table(lines, "", data)
    while lines and lines[0] == "":
        lines.pop(0)
    return "\n".join(lines) + "\n"


def canonical_text(data: dict[str, Any], memo: dict[tuple[str, int], tuple[dict, str]]) -> str:
    """dumps(canonical_partner_dict(data)), each record's text made once per `memo`: the versions of a merge
    share most record dicts (by identity; the memo holds them, and they must not change while it is used)."""
    head = dumps(canonical_partner_dict({k: v for k, v in data.items() if k not in RECORD_TABLES}))
    chunks = []
    for table, (keys, sort_key) in RECORD_TABLES.items():
        for record in sorted((r for r in data.get(table, []) if isinstance(r, dict)), key=sort_key):
            known = memo.get((table, id(record)))
            if known is None:
                lines: list[str] = []
                _emit_table(lines, "", {table: [_ordered(record, keys)]})
                known = memo[(table, id(record))] = (record, "\n" + "\n".join(lines))
            chunks.append(known[1])
    if head == "\n":
        return "".join(chunks)[2:] + "\n" if chunks else "\n"
    return head[:-1] + "".join(chunks) + "\n"


def _record(obj: Any, keys: tuple[str, ...], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in keys:
        if key in skip:
            continue
        value = getattr(obj, key)
        if isinstance(value, Birthday):
            value = str(value)
        elif isinstance(value, list):
            value = list(value)
        out[key] = value
    return out


def partner_to_dict(partner: Partner, settings: Settings | None = None) -> dict[str, Any]:
    """A partner as the canonical dict of its file. Touch directions equal to the kind's default are omitted."""
    data = _record(partner, PARTNER_KEYS)
    for k in file_keys(Partner):  # empty values go in canonical_partner_dict; these are defaults too
        if (k.default and data[k.name] == k.default) or (
                k.settings and settings is not None and data[k.name] == getattr(settings, k.settings)):
            data.pop(k.name)
    vet = partner.vetting
    data["vetting"] = _record(vet, VETTING_KEYS) | {
        "references": [_record(r, REFERENCE_KEYS) for r in vet.references]
    }
    for table, (keys, _sort) in RECORD_TABLES.items():
        data[table] = [_record(r, keys) for r in getattr(partner, table)]
    if settings is not None:
        for touch, rec in zip(partner.touchpoints, data["touchpoints"]):
            kind = settings.kinds.get(touch.kind)
            if kind is not None and kind.direction == touch.direction:
                rec.pop("direction")
    return canonical_partner_dict(data)


def dumps_partner(partner: Partner, settings: Settings | None = None) -> str:
    """Canonical TOML text of a partner file."""
    return dumps(partner_to_dict(partner, settings))


def parse_birthday(value: Any) -> Birthday:
    """`--MM-DD`, `YYYY-MM-DD` or a date; raise ValueError otherwise."""
    if isinstance(value, date):
        return Birthday(value.month, value.day, value.year)
    text = str(value).strip()
    if text.startswith("--") and len(text) == 7:
        month, day = int(text[2:4]), int(text[5:7])
        date(2000, month, day)  # validates, 2000 is a leap year so --02-29 passes
        return Birthday(month, day)
    d = date.fromisoformat(text)
    return Birthday(d.month, d.day, d.year)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@cache
def _reading(cls: type) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """A record class's field names, and those of its keys read as dates and as birthdays."""
    plain = [k for k in schema_keys(cls) if not k.nested]
    return (frozenset(f.name for f in fields(cls)), tuple(k.name for k in plain if k.value == "day"),
            tuple(k.name for k in plain if k.value == "birthday"))


def _build(cls: type, record: dict[str, Any]) -> Any:
    known, dates, birthdays = _reading(cls)
    kwargs = {k: v for k, v in record.items() if k in known}
    for key in dates:
        if key in kwargs:
            kwargs[key] = _as_date(kwargs[key])
    for key in birthdays:
        if kwargs.get(key) is not None:
            kwargs[key] = parse_birthday(kwargs[key])
    return cls(**kwargs)


def partner_from_dict(data: dict[str, Any], settings: Settings) -> Partner:
    """Build a Partner from a (valid) file dict: missing keys read as their `settings` (owner) or their default;
    touchpoint directions default to the kind's direction."""
    base = {k: v for k, v in data.items() if k not in RECORD_TABLES and k != "vetting"}
    for k in _FROM_SETTINGS:
        base.setdefault(k.name, getattr(settings, k.settings))
    partner: Partner = _build(Partner, base)
    vet = dict(data.get("vetting") or {})
    refs = [_build(Reference, r) for r in vet.pop("references", [])]
    partner.vetting = _build(Vetting, vet)
    partner.vetting.references = refs
    for table, rows in data.items():
        if table not in RECORD_TABLES:
            continue
        cls = TABLE_KEYS[table].of
        if table == "touchpoints":
            rows = [r if "direction" in r else {**r, "direction": _direction(settings, r)} for r in rows]
        setattr(partner, table, [_build(cls, r) for r in rows])
    return partner


_FROM_SETTINGS = tuple(k for k in file_keys(Partner) if k.settings)


def _direction(settings: Settings, touch: dict[str, Any]) -> str:
    kind = settings.kinds.get(touch.get("kind", ""))
    return kind.direction if kind else "mutual"
