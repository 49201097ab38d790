"""Fast parsing of the three versions of a merge: each `[table]` block is parsed once.

The three versions of a file share almost all their blocks, so parsing distinct blocks (tomllib is pure
Python) is what keeps a merge of two 1,000-touchpoint files fast. Any doubt falls back to a full parse.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from typing import Any

# A table header on a line of its own; inside a multi-line string or array such a split leaves the
# preceding block unterminated, so tomllib rejects it and the whole text is parsed normally instead.
_HEADER = re.compile(r"""^\[\[?[ \t]*[A-Za-z0-9_"'.\- \t]+\]\]?[ \t]*(?:#[^\n]*)?\r?$""", re.M)


class _Fallback(Exception):
    """Block-wise parsing is not safe for this text."""


# The plain subset koop itself writes, read without tomllib; anything else in a block goes to tomllib.
_LINE = re.compile(r"^([A-Za-z0-9_-]+) = (.+?)\r?$")
_TABLE = re.compile(r"^(\[\[?)([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)(\]\]?)\r?$")
_STR = r'"[^"\\\x00-\x1f\x7f]*"'
_STRING = re.compile(_STR)
_STRINGS = re.compile(r"\[(?:" + _STR + r"(?:, " + _STR + r")*)?\]")
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,15})\.[0-9]{1,15}")


def _value(text: str) -> Any:
    if _STRING.fullmatch(text):
        return text[1:-1]
    if _DATE.fullmatch(text):
        return date.fromisoformat(text)
    if _INT.fullmatch(text):
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    if _STRINGS.fullmatch(text):
        return [s[1:-1] for s in _STRING.findall(text)]
    if _FLOAT.fullmatch(text):
        return float(text)
    raise _Fallback(text)


def quick_loads(block: str, prune) -> dict:
    """prune(tomllib.loads(block)) for one block in koop's plain subset; tomllib itself for anything else."""
    try:
        return _quick(block)
    except (_Fallback, ValueError):
        return prune(tomllib.loads(block))


def _quick(block: str) -> dict:
    doc: dict[str, Any] = {}
    table = doc
    for number, line in enumerate(block.split("\n")):
        if not line or line == "\r" or line.startswith("#"):
            continue
        kv = _LINE.match(line)
        if kv is None:
            header = _TABLE.match(line) if number == 0 else None
            if header is None or len(header[1]) != len(header[3]):
                raise _Fallback(line)
            *parents, last = header[2].split(".")
            node = doc
            for name in parents:
                node = node.setdefault(name, {})
            table = {}
            node[last] = [table] if header[1] == "[[" else table
            continue
        key, value = kv[1], _value(kv[2])
        if key in table:
            raise _Fallback(key)
        if value != "" and value != []:
            table[key] = value  # empty values are dropped, as prune does
    if not table and table is not doc and type(node[last]) is dict:
        raise _Fallback("empty table")  # prune drops it; let tomllib + prune decide
    return doc


def split_blocks(text: str) -> list[str]:
    """The text cut before every table header (the first block holds the top-level keys)."""
    starts = [0, *(m.start() for m in _HEADER.finditer(text) if m.start() > 0), len(text)]
    return [text[a:b] for a, b in zip(starts, starts[1:]) if b > a]


class BlockParser:
    """Parses texts block by block, sharing parsed blocks (treat them as read-only) between texts."""

    def __init__(self, prune) -> None:
        self._prune = prune
        self._cache: dict[str, dict] = {}

    def loads(self, text: str) -> dict:
        """Like prune(tomllib.loads(text)); raises tomllib.TOMLDecodeError on invalid text."""
        try:
            doc: dict[str, Any] = {}
            owned = {id(doc)}
            for block in split_blocks(text):
                part = self._cache.get(block)
                if part is None:
                    part = self._cache[block] = quick_loads(block, self._prune)
                _combine(doc, part, owned)
            return doc
        except (tomllib.TOMLDecodeError, _Fallback):
            return self._prune(tomllib.loads(text))


def _combine(doc: dict, part: dict, owned: set[int]) -> None:
    """Add one parsed block to the document; shared blocks are copied before they would change."""
    for key, value in part.items():
        have = doc.get(key)
        if have is None:
            doc[key] = value
        elif type(have) is list and type(value) is list and all(type(v) is dict for v in value):
            if id(have) not in owned:
                doc[key] = have = list(have)
                owned.add(id(have))
            have.extend(value)
        elif type(have) is dict and type(value) is dict:
            if id(have) not in owned:
                doc[key] = have = dict(have)
                owned.add(id(have))
            _combine(have, value, owned)
        else:
            raise _Fallback(key)
