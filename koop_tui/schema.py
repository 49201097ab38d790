"""How a record's fields are described once, in model.py, and read back by everything that handles records.

Each field of a record dataclass is declared with `key()` (a value: its value type and what a file missing it
means), `table()` (a nested table, `[vetting]`) or `records()` (a list of records, `[[contacts]]`). From that one
declaration canonical.py takes the key order and how records sort, store/validate.py the checks and their fast
mode (store/fastpath.py), store/codec.py the cache's tuple layout and store/changes.py what may be edited.
This module knows no record class: it reads whichever dataclass it is given.
"""

from __future__ import annotations

from dataclasses import MISSING, Field, dataclass, field, fields
from functools import cache
from typing import Any

# Value types: store/fields.py checks each (CHECKS), store/fastpath.py has its fast mode (COLUMNS).
VALUES = ("text", "name", "texts", "day", "days", "stage", "domains", "addresses", "birthday", "anchoring",
          "direction", "contact_id", "contact_ids", "record_id", "agreement_what", "anything")
NESTED = ("table", "records")


def key(value: str, default: Any = MISSING, *, factory: Any = MISSING, missing: str = "", edit: bool = True,
        shared: bool = False, settings: str = "") -> Any:
    """A key of a record's file as a dataclass field. `value`: its value type (VALUES). `missing`: what a file
    without it means, "" (the default), "error" (an error, the record still loads, blank) or "skip" (an error,
    the record is skipped). `edit`: `koop set` and the forms may change it. `shared`: few distinct values, kept
    once in memory and in the cache. `settings`: a missing key reads as this koop.toml setting."""
    assert value in VALUES, value
    meta = {"value": value, "missing": missing, "edit": edit, "shared": shared, "settings": settings}
    return field(default=default, default_factory=factory, metadata=meta)


def table(cls: type) -> Any:
    """A nested table (`[vetting]`), always present."""
    return field(default_factory=cls, metadata={"value": "table", "of": cls})


def records(cls: type, noun: str, sort: str = "") -> Any:
    """A list of records (`[[contacts]]`): `noun` names one in messages, `sort` is the key they sort by in
    canonical files (then by id)."""
    return field(default_factory=list, metadata={"value": "records", "of": cls, "noun": noun, "sort": sort})


@dataclass(frozen=True)
class Key:
    """One key of a record, as its dataclass field declares it."""

    name: str
    value: str
    default: Any  # what a file without the key reads as; None for a list or a field without a default
    missing: str = ""
    edit: bool = True
    shared: bool = False
    settings: str = ""
    of: type | None = None  # the record class of a nested table or record list
    noun: str = ""
    sort: str = ""

    @property
    def nested(self) -> bool:
        return self.value in NESTED


def _key(f: Field) -> Key:
    meta = dict(f.metadata)
    if "value" not in meta:
        raise TypeError(f"field {f.name} is not declared with schema.key(), table() or records()")
    return Key(f.name, default=None if f.default is MISSING else f.default, **meta)


@cache
def keys(cls: type) -> tuple[Key, ...]:
    """Every key of a record class, in the order of its dataclass fields (the cache's tuple layout)."""
    return tuple(_key(f) for f in fields(cls))


@cache
def file_keys(cls: type, first: tuple[str, ...] = ()) -> tuple[Key, ...]:
    """The plain (not nested) keys of a record in canonical file order: `first` ahead, then as declared."""
    plain = [k for k in keys(cls) if not k.nested]
    return (*(k for name in first for k in plain if k.name == name), *(k for k in plain if k.name not in first))


@cache
def nested(cls: type, value: str) -> tuple[Key, ...]:
    """The nested tables ("table") or record lists ("records") of a record class, as declared."""
    return tuple(k for k in keys(cls) if k.value == value)


def names(ks: tuple[Key, ...]) -> tuple[str, ...]:
    return tuple(k.name for k in ks)
