"""The record codec: a partner as plain tuples (dates as ordinals, repeated strings interned) and back.

marshal writes and reads these far faster than pickle writes dataclasses; the validator's fast mode (fastpath.py)
produces this form directly, the parse helper sends it between processes and the index's load cache stores it.
The layout is the model's: a record is the tuple of its fields in declared order (koop_tui/schema.py), a nested
table its tuple, a record list a tuple of them.
"""

from __future__ import annotations

import marshal
from datetime import date
from functools import cache
from operator import attrgetter
from sys import intern
from typing import Any, Callable

from koop_tui.model import Birthday, Partner, Problem
from koop_tui.schema import Key, keys, names

Entry = tuple  # a load cache entry: (stat key, sha256 hex, read at ns, encoded partner or None, encoded problems)


def _ordinal(value: date | None) -> int | None:
    if value is None:
        return None
    if type(value) is not date:
        raise ValueError("not a plain date")
    return value.toordinal()


def _day(value: int | None) -> date | None:
    return None if value is None else date.fromordinal(value)


def _born(value: Birthday | None) -> tuple | None:
    return None if value is None else (value.month, value.day, value.year)


def _birthday(value: tuple | None) -> Birthday | None:
    return None if value is None else Birthday(*value)


def _interned(value: list[str]) -> list[str]:
    return [intern(v) for v in value]


def _encoder(k: Key) -> Callable[[Any], Any] | None:
    if k.value == "records":
        return lambda rows, cls=k.of: _encode_rows(rows, cls)
    if k.value == "table":
        return lambda record, cls=k.of: _encode_rows((record,), cls)[0]
    if k.value in ("texts", "domains", "addresses"):
        return list
    return {"day": _ordinal, "birthday": _born, "contact_ids": _interned}.get(k.value, intern if k.shared else None)


def _decoder(k: Key) -> Callable[[Any], Any] | None:
    if k.value == "records":
        return lambda rows, cls=k.of: _decode_rows(rows, cls)
    if k.value == "table":
        return lambda values, cls=k.of: _decode_rows((values,), cls)[0]
    if k.value == "day":
        return date.fromordinal if k.missing else _day  # a required date is never None
    return {"birthday": _birthday}.get(k.value, list if k.value in ("texts", "domains", "addresses", "contact_ids")
                                       else None)


@cache
def _coders(cls: type) -> tuple[Callable[[Any], tuple], tuple, tuple]:
    """A record class's fields in declared order (the tuple layout): a getter of them all, and the encoder and
    decoder of those that have one, by position."""
    ks = keys(cls)
    return (attrgetter(*names(ks)), tuple((i, f) for i, k in enumerate(ks) if (f := _encoder(k))),
            tuple((i, f) for i, k in enumerate(ks) if (f := _decoder(k))))


def _encode_rows(records: Any, cls: type) -> tuple:
    """Records as tuples, a column at a time (the values of one key converted by one map)."""
    if not records:
        return ()
    get, encoders, _ = _coders(cls)
    cols: list[Any] = list(zip(*map(get, records)))
    for i, encode in encoders:
        cols[i] = map(encode, cols[i])
    return tuple(zip(*cols))


def _decode_rows(rows: tuple, cls: type) -> list:
    """Records from their tuples, a column at a time."""
    if not rows:
        return []
    cols: list[Any] = list(zip(*rows))
    for i, decode in _coders(cls)[2]:
        cols[i] = map(decode, cols[i])
    return list(map(cls, *cols))


def encode_partner(p: Partner) -> tuple[str, object]:
    """("m", tuples) for marshal; ("p", pickle bytes) for partners holding values tuples cannot (conflicts)."""
    try:
        if p.conflicts:
            raise ValueError("conflicts hold arbitrary values")
        body = _encode_rows((p,), Partner)[0]
        marshal.dumps(body)
        return ("m", body)
    except (ValueError, TypeError, AttributeError):
        import pickle  # rare (conflicts): a one-file write does not pay for importing it

        return ("p", pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL))


def decode_partner(encoded: tuple[str, object]) -> Partner:
    tag, body = encoded
    if tag == "p":
        import pickle

        partner = pickle.loads(body)
        if not isinstance(partner, Partner):
            raise ValueError("not a partner")
        return partner
    return _decode_rows((body,), Partner)[0]


def encode_problems(problems: list[Problem]) -> tuple:
    return tuple((p.path, p.message, p.line, p.col, p.hint, p.severity) for p in problems)


def decode_problems(encoded: tuple) -> list[Problem]:
    return [Problem(*values) for values in encoded]
