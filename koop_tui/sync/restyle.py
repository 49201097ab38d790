"""The merged data written into one side's text as it was written: comments, blank lines, key order, quoting
and line endings stay, and the other side's comments are carried over.

The merge decides the data (merge.py); this module only writes it. Ours' text is changed with the store's
style-preserving edits (new records put where the canonical writer would order them, changed fields
changed in place, deleted records removed), then the comments theirs added or changed are put above (or beside) the same
record or key when it is still there, else at the end under `# kept by merge:`. A comment both sides
edited differently is kept in both versions, ours first. Anything these edits cannot express raises
Unsupported, and the caller writes the canonical form instead.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from koop_tui.canonical import RECORD_TABLES, canonical_partner_dict
from koop_tui.store.edit import append_record, newline_of, remove_record, set_values

KEPT = "# kept by merge:"
Anchor = tuple  # ("top", key) | (table, record id) | (table, record id, key) | ("end",)


class Unsupported(Exception):
    """A change the style-preserving edits cannot make (the canonical form is written instead)."""


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and "id" in v for v in value)


def _plain(value: Any) -> bool:
    return not isinstance(value, dict) and not (isinstance(value, list) and any(isinstance(v, (dict, list))
                                                                                 for v in value))


def apply_data(text: str, ours: dict, merged: dict, orphans: list[str] | None = None, partner: bool = True) -> str:
    """`text` (which reads as `ours`) edited until it reads as `merged`; the comment lines of removed records
    are added to `orphans`. New records of a partner file go where the canonical order puts them."""
    orphans = [] if orphans is None else orphans
    edits: list[tuple[str | None, str | None, str, Any]] = []
    for key in [*ours, *(k for k in merged if k not in ours)]:
        o, m = ours.get(key), merged.get(key)
        if o == m and type(o) is type(m):
            continue
        if (o is None or _is_records(o)) and (m is None or _is_records(m)) and key != "vetting":
            text = _records(text, key, o or [], m or [], orphans, merged if partner else None)
        elif _plain(o) and _plain(m):
            edits.append((None, None, key, m))
        elif isinstance(o or {}, dict) and isinstance(m or {}, dict):
            _table_edits(key, o or {}, m or {}, edits)
        else:
            raise Unsupported(key)
    return set_values(text, edits) if edits else text


def _table_edits(path: str, ours: dict, merged: dict, edits: list) -> None:
    """Key edits inside a plain table ([vetting]; [ratios], [stages.active] in koop.toml), nested ones too."""
    for key in [*ours, *(k for k in merged if k not in ours)]:
        o, m = ours.get(key), merged.get(key)
        if o == m and type(o) is type(m):
            continue
        if _plain(o) and _plain(m):
            edits.append((path, None, key, m))
        elif isinstance(o or {}, dict) and isinstance(m or {}, dict):
            _table_edits(f"{path}.{key}", o or {}, m or {}, edits)
        else:
            raise Unsupported(f"{path}.{key}")


def _records(text: str, table: str, ours: list[dict], merged: list[dict], orphans: list[str],
             partner: dict | None) -> str:
    """The records of `table` in `text` made `merged`'s; `partner` is the merged partner file (None for
    koop.toml, whose new records go after the last of their kind)."""
    have = {r["id"]: r for r in ours}
    want = {r["id"]: r for r in merged}
    for rid in have:
        if rid not in want:
            text = _remove_block(text, table, rid, orphans)
    edits = []
    for rid, record in want.items():
        if rid not in have:
            continue
        before = have[rid]
        for key in [*before, *(k for k in record if k not in before)]:
            if before.get(key) != record.get(key) or type(before.get(key)) is not type(record.get(key)):
                if not (_plain(before.get(key)) and _plain(record.get(key))):
                    raise Unsupported(f"{table}.{rid}.{key}")
                edits.append((table, rid, key, record.get(key)))
    if edits:
        text = set_values(text, edits)
    new = [record for rid, record in want.items() if rid not in have]
    if partner is not None and table in RECORD_TABLES:
        new = canonical_partner_dict({table: new}).get(table, [])  # canonical order, canonical key order
    placed = [r for r in merged if r["id"] in have]  # the records of this kind in the text, in file order
    for record in new:
        if not all(_plain(v) for v in record.values()):
            raise Unsupported(f"{table}.{record['id']}")
        before = _before(table, record, placed, partner) if partner is not None else None
        text = _insert(text, table, record, before)
        at = next((n for n, r in enumerate(placed) if before and r["id"] == before[1]), len(placed))
        placed.insert(at, record)
    return text


def _before(table: str, record: dict, placed: list[dict], partner: dict) -> tuple[str, str] | None:
    """The record a new one goes right above, so the file keeps the canonical writer's order: the first of
    its kind that sorts after it; with none of its kind yet, the first record of the next kind the
    canonical form writes after it. None: after the last of its kind (or at the end)."""
    if table not in RECORD_TABLES:
        return None
    order = RECORD_TABLES[table][1]
    if placed:
        later = next((r for r in placed if order(r) > order(record)), None)
        return (table, later["id"]) if later else None
    tables = list(RECORD_TABLES)
    for following in tables[tables.index(table) + 1:]:
        records = [r for r in partner.get(following, []) if isinstance(r, dict) and r.get("id")]
        if records:
            return following, records[0]["id"]
    return None


def _insert(text: str, table: str, record: dict, before: tuple[str, str] | None) -> str:
    """append_record, but comments after the last line with data stay at the end of the file."""
    if before is not None:
        return append_record(text, table, record, before=before)
    lines = text.splitlines(keepends=True)
    last = len(lines)
    while last > 0 and (not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")):
        last -= 1
    if last == len(lines) or not any(line.lstrip().startswith("#") for line in lines[last:]):
        return append_record(text, table, record)
    head = append_record("".join(lines[:last]), table, record)
    return head + "".join(lines[last:])


def _remove_block(text: str, table: str, rid: str, orphans: list[str]) -> str:
    """Remove a `[[table]]` record block with its own comment lines (those go to `orphans`); a record
    written another way (an inline array) is removed through tomlkit."""
    lines = text.splitlines(keepends=True)
    plain = [line.rstrip("\r\n") for line in lines]
    anchors = list(_anchors(plain))
    at = next((n for n, anchor, header in anchors if header and anchor == (table, rid)), None)
    if at is None:
        return remove_record(text, table, rid)
    start = _block_above(plain, at)[0][0] if _block_above(plain, at)[0] else at
    following = [n for n, _, header in anchors if header and n > at]
    end = following[0] if following else len(plain)
    end = _block_above(plain, end)[0][0] if following and _block_above(plain, end)[0] else end
    if not following:
        while end > at + 1 and (not plain[end - 1].strip() or plain[end - 1].strip().startswith("#")):
            end -= 1  # comments after the last data line belong to the end of the file
    orphans += [c for c in (_inline(plain[n]) or plain[n].strip() for n in range(start, end)) if c.startswith("#")]
    while start > 0 and not plain[start - 1].strip() and (end >= len(plain) or not plain[end].strip()):
        start -= 1  # one blank line less, not two in a row
    del lines[start:end]
    return "".join(lines)


# ---- comments --------------------------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")
_ID = re.compile(r"""^\s*id\s*=\s*["']([^"']*)["']""")


def _inline(line: str) -> str:
    """The comment beside a value (`stage = "active"  # since 2019`), "" when there is none."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == "\\" and quote == '"':
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return line[i:].rstrip("\r\n")
    return ""


def _anchors(lines: list[str]):
    """(index, anchor, header line?) for every line that holds a table header or a key."""
    table, rid = None, None
    for n, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        header = _HEADER.match(line)
        if header:
            table, rid = header[1], None
            if stripped.startswith("[["):
                for follow in lines[n + 1:]:
                    if _HEADER.match(follow):
                        break
                    found = _ID.match(follow)
                    if found:
                        rid = found[1]
                        break
            yield n, (table, rid), True
            continue
        key = _KEY.match(line)
        if key:
            yield n, ("top", key[1]) if table is None else (table, rid, key[1]), False


def comments(text: str) -> dict[Anchor, tuple[list[str], str]]:
    """Per anchor: the comment lines above it and the comment beside it. Comments after the last line with
    data belong to ("end",)."""
    lines = text.splitlines()
    out: dict[Anchor, tuple[list[str], str]] = {}
    done = 0
    for n, anchor, header in _anchors(lines):
        above = [line.strip() for line in lines[done:n] if line.strip().startswith("#")]
        done = n + 1
        if anchor not in out:
            beside = (_HEADER.match(lines[n])[2] or "").strip() if header else _inline(lines[n])
            out[anchor] = (above, beside)
    rest = [line.strip() for line in lines[done:] if line.strip().startswith("#")]
    if rest:
        out[("end",)] = (rest, "")
    return out


def carry_comments(result: str, base: str, ours: str, theirs: str, orphans: list[str] = ()) -> str:
    """Put the comments theirs added or changed (against base) into `result` (ours' text with the merged
    data): above or beside the same anchor, or at the end under `# kept by merge:` when it is gone.

    A comment block only theirs changed is replaced by theirs' version; one both changed keeps ours' lines
    and gets theirs' new ones after them. A comment theirs only moved is not moved (nor copied). `orphans`
    (comment lines of records the merge removed from ours) are kept at the end unless base had them."""
    if not orphans and "#" not in theirs:
        return result  # theirs has no comment to carry
    b, o, t = comments(base), comments(ours), comments(theirs)
    known = {c for above, beside in [*b.values(), *o.values()] for c in [*above, beside] if c}
    in_ours = {c for above, beside in o.values() for c in [*above, beside] if c}
    lines = result.splitlines()
    here = _anchor_lines(lines)
    here[("end",)] = len(lines)
    kept: list[str] = [c for c in orphans if c not in {c for a, s in b.values() for c in [*a, s]}]
    blocks: dict[int, list[str]] = {}  # anchor line -> the comment lines to stand right above it
    beside_new: dict[int, str] = {}
    for anchor, (above, beside) in t.items():
        base_above, base_beside = b.get(anchor, ([], ""))
        ours_above, ours_beside = o.get(anchor, ([], ""))
        at = here.get(anchor)
        add: list[str] = []
        if above != base_above:
            if ours_above == base_above and at is not None:
                blocks[at] = [c for c in above if c not in in_ours or c in ours_above]
            else:
                add = [c for c in above if c not in known]
        if beside and beside != base_beside and beside != ours_beside and beside not in known:
            if ours_beside == base_beside and at is not None and anchor != ("end",):
                beside_new[at] = beside
            else:
                add.append(beside)  # both changed it: theirs' version goes above, ours' stays beside
        if not add:
            continue
        if at is None:
            kept += add
        else:
            blocks.setdefault(at, list(_block_above(lines, at)[1])).extend(add)
    for at, comment in beside_new.items():
        line = lines[at]
        old = _inline(line)
        lines[at] = f"{(line[: len(line) - len(old)] if old else line).rstrip()}  {comment}"
    for at in sorted(blocks, reverse=True):
        _rewrite_block(lines, at, blocks[at])
    if kept:
        if lines and lines[-1].strip():
            lines.append("")
        lines += [KEPT, *kept]
    nl = newline_of(result)
    return nl.join(lines) + (nl if lines and (result.endswith(("\n", "\r")) or kept) else "")


def _rewrite_block(lines: list[str], at: int, wanted: list[str]) -> None:
    """Make the comment lines above `lines[at]` read `wanted`, touching only the lines that change (blank
    lines between comments stay where they are; new lines go before the next line kept, else right above
    the anchor)."""
    indexes, texts = _block_above(lines, at)
    ops = difflib.SequenceMatcher(a=texts, b=wanted, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        where = indexes[i1] if i1 < len(indexes) else at
        for index in reversed(indexes[i1:i2]):
            del lines[index]
        lines[where:where] = wanted[j1:j2]


def _block_above(lines: list[str], at: int) -> tuple[list[int], list[str]]:
    """The comment lines between the line before `at` that holds data and `at` (indexes and texts)."""
    n = at
    while n > 0 and (not lines[n - 1].strip() or lines[n - 1].strip().startswith("#")):
        n -= 1
    indexes = [i for i in range(n, at) if lines[i].strip().startswith("#")]
    return indexes, [lines[i].strip() for i in indexes]


def _anchor_lines(lines: list[str]) -> dict[Anchor, int]:
    """Where each anchor's line is in `lines` (0-based); comments go right above it."""
    out: dict[Anchor, int] = {}
    for n, anchor, _ in _anchors(lines):
        out.setdefault(anchor, n)
    return out
