"""Text edits that keep what the person wrote: appended record blocks, and field edits through tomlkit.

Both work on the decoded text without its BOM; the caller re-adds the BOM and verifies the result.
"""

from __future__ import annotations

import re
from dataclasses import asdict, is_dataclass
from datetime import date
from typing import Any

from koop_tui.canonical import format_key, format_value
from koop_tui.model import Birthday
from koop_tui.store import tomlparse
from koop_tui.store.locate import Locator, _scan_rest

BOM = "\ufeff"


def newline_of(text: str) -> str:
    """The file's newline style: CRLF if its first line ends so, else LF."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def with_newlines(text: str, nl: str) -> str:
    """Every line ending in the file's style (tomlkit inserts bare LF into CRLF files)."""
    return re.sub(r"(?<!\r)\n", "\r\n", text) if nl == "\r\n" else text


def render_block(table: str, record: dict[str, Any]) -> list[str]:
    """A `[[table]]` block in canonical key order, one `key = value` per line."""
    return [f"[[{table}]]"] + [f"{format_key(k)} = {format_value(v)}" for k, v in record.items()]


def _append_block(lines: list[str], block: list[str], nl: str, gap: int = 1) -> list[str]:
    """Add a block at the end of the file, after `gap` blank lines."""
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += nl
    blank = not lines or lines[-1].strip() == ""
    lines.extend(line + nl for line in ([] if blank else [""] * gap) + block)
    return lines


def _gap(lines: list[str], header: int | None) -> int:
    """The blank lines above a table header (line number, 1-based) and its comment lines: a new record is
    set apart like its neighbour; 1 without one."""
    if header is None:
        return 1
    at = header - 1
    while at > 0 and lines[at - 1].lstrip().startswith("#"):
        at -= 1
    blanks = 0
    while at - blanks > 0 and lines[at - blanks - 1].strip() == "":
        blanks += 1
    return blanks


def append_record(text: str, table: str, record: dict[str, Any], before: tuple[str, str] | None = None) -> str:
    """Insert a record block after the last record of `table` (or at the end), changing no other line; into
    the array itself where the file writes the table as an inline array (`touchpoints = [{...}]`). With
    `before`, (table, id) of a record written as a `[[table]]` block: right above that record and its comments."""
    nl = newline_of(text)
    if before is not None:
        records = tomlparse.loads(text).get(before[0], [])
        index = next((i for i, r in enumerate(records) if isinstance(r, dict) and r.get("id") == before[1]), None)
        locator = Locator(text)
        header = locator.positions.get((before[0], index)) if index is not None else None
        if header is not None and text.splitlines()[header[0] - 1].lstrip().startswith("[["):
            lines = text.splitlines(keepends=True)
            at = header[0] - 1
            while at > 0 and lines[at - 1].lstrip().startswith("#"):
                at -= 1
            gap = _gap(lines, header[0])
            lines[at:at] = [line + nl for line in [*render_block(table, record), *[""] * gap]]
            return "".join(lines)
    if re.search(rf"(?m)^[ \t]*{table}[ \t]*=", text):
        import tomlkit  # only here and for field edits: appending a block, as koop log does, needs no parse

        doc = tomlkit.parse(text)
        records = doc.get(table)
        if isinstance(records, tomlkit.items.Array):
            entry = tomlkit.inline_table()
            entry.update(record)
            records.append(entry)
            return with_newlines(tomlkit.dumps(doc), nl)
    return _insert_block(text, table, render_block(table, record), nl)


def append_records(text: str, table: str, records: list[dict[str, Any]]) -> str:
    """Several records appended as by append_record, one after the other, with one look at the file."""
    if len(records) < 2 or re.search(rf"(?m)^[ \t]*{table}[ \t]*=", text):
        for record in records:
            text = append_record(text, table, record)
        return text
    block = render_block(table, records[0])
    for record in records[1:]:
        block += ["", *render_block(table, record)]
    return _insert_block(text, table, block, newline_of(text))


def _insert_block(text: str, table: str, block: list[str], nl: str) -> str:
    """Lines of `[[table]]` blocks after the last record of the table, or at the end of the file."""
    lines = text.splitlines(keepends=True)
    locator = Locator(text)
    indexes = [key[1] for key in locator.positions if len(key) == 2 and key[0] == table and isinstance(key[1], int)]
    after, last = None, locator.headers[-1] if locator.headers else None
    if indexes:
        last = locator.positions[(table, max(indexes))][0]
        after = next((h for h in locator.headers if h > last), None)
    gap = _gap(lines, last)
    if after is None:
        return "".join(_append_block(lines, block, nl, gap))
    at = after - 1  # 0-based index of the next header; comments and blanks just above it belong to it,
    while at > 0 and (lines[at - 1].strip() == "" or lines[at - 1].lstrip().startswith("#")):
        at -= 1
    while at < after - 1 and lines[at].strip() != "" and any(line.strip() == "" for line in lines[at:after - 1]):
        at += 1  # but comments right under the last record, before a blank line, are that record's own
    lines[at:at] = [line + nl for line in [""] * gap + block]
    return "".join(lines)


def toml_value(value: Any) -> Any:
    """A model value as tomlkit should write it; None means "remove the key"."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, Birthday):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [toml_value(v) if is_dataclass(v) else v for v in value]
    if is_dataclass(value):  # a vetting reference: its non-empty fields
        return {k: v for k, v in asdict(value).items() if v not in (None, "", [])}
    if isinstance(value, (str, int, float, bool, date)):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in a file")


def _table(doc: Any, table: str | None, rid: str | None) -> Any:
    if table is None:
        return doc
    if rid is None:  # a plain table: [vetting], or in koop.toml [ratios], [stages.active]
        import tomlkit

        for part in table.split("."):
            if part not in doc:
                doc[part] = tomlkit.table()
            doc = doc[part]
        return doc
    for item in doc.get(table, []):
        if item.get("id") == rid:
            return item
    raise KeyError(f"{table} record '{rid}' not found")


def _value_span(line: str, start: int) -> tuple[int, int] | None:
    """Start and end of the value after `=` on a line, if the value ends on that line (comment kept)."""
    eq = line.index("=", start)
    begin = eq + 1
    while begin < len(line) and line[begin] in " \t":
        begin += 1
    depth, delim = _scan_rest(line, begin, 0, None)
    if depth or delim:
        return None
    end = len(line.rstrip("\r\n"))
    comment = _comment_start(line, begin)
    if comment is not None:
        end = comment
    while end > begin and line[end - 1] in " \t":
        end -= 1
    return begin, end


def _comment_start(line: str, pos: int) -> int | None:
    delim = None
    while pos < len(line):
        ch = line[pos]
        if delim:
            if ch == "\\" and delim == '"':
                pos += 1
            elif ch == delim:
                delim = None
        elif ch in "\"'":
            delim = ch
        elif ch == "#":
            return pos
        pos += 1
    return None


def _set_line(lines: list[str], locator: Locator, table: tuple, key: str, value: Any, nl: str) -> bool:
    """Replace, remove or add one `key = value` line in place; False when the text is too odd for that."""
    here = locator.positions.get(table + (key,))
    if here is not None:
        index = here[0] - 1
        span = _value_span(lines[index], here[1] - 1)
        if span is None:
            return False
        if value is None:
            del lines[index]
        else:
            line = lines[index]
            lines[index] = line[: span[0]] + format_value(value) + line[span[1] :]
        return True
    if value is None:
        return True
    if table and not any(p[:len(table)] == table for p in locator.positions):  # a plain table not there yet
        _append_block(lines, [f"[{'.'.join(map(format_key, table))}]", f"{format_key(key)} = {format_value(value)}"], nl)
        return True
    if table and table not in locator.positions:
        return False
    start = locator.positions[table][0] if table else 0
    after = next((h for h in locator.headers if h > start), None)
    at = len(lines) if after is None else after - 1
    while at > start and (lines[at - 1].strip() == "" or lines[at - 1].lstrip().startswith("#")):
        at -= 1
    if at == len(lines) and lines and not lines[-1].endswith("\n"):
        lines[-1] += nl
    lines.insert(at, f"{format_key(key)} = {format_value(value)}{nl}")
    return True


def set_values(text: str, edits: list[tuple[str | None, str | None, str, Any]]) -> str:
    """Apply (table, record id, key, value) edits; value None removes the key.

    Single-line values are edited in place (comments and layout stay); anything odder goes through tomlkit.
    """
    nl = newline_of(text)
    for table, rid, key, value in edits:
        value = toml_value(value)
        lines = text.splitlines(keepends=True)
        path = _record_path(text, table, rid)
        if path is not None and _set_line(lines, Locator(text), path, key, value, nl):
            text = "".join(lines)
        else:
            text = _set_with_tomlkit(text, table, rid, key, value, nl)
    return text


def _record_path(text: str, table: str | None, rid: str | None) -> tuple | None:
    if table is None:
        return ()
    if rid is None:
        return tuple(table.split("."))
    records = tomlparse.loads(text).get(table, [])  # toml-rs where it agrees with tomllib: ~20x faster
    index = next((i for i, item in enumerate(records) if isinstance(item, dict) and item.get("id") == rid), None)
    if index is None:
        raise KeyError(f"{table} record '{rid}' not found")
    return (table, index)


def _set_with_tomlkit(text: str, table: str | None, rid: str | None, key: str, value: Any, nl: str) -> str:
    import tomlkit

    doc = tomlkit.parse(text)
    target = _table(doc, table, rid)
    if value is None:
        if key in target:
            del target[key]
    else:
        target[key] = value
    return with_newlines(tomlkit.dumps(doc), nl)


def remove_record(text: str, table: str, rid: str) -> str:
    """Delete one record of an array of tables (and the array when it becomes empty)."""
    import tomlkit

    nl = newline_of(text)
    doc = tomlkit.parse(text)
    records = doc[table]
    index = next(i for i, item in enumerate(records) if item.get("id") == rid)
    if len(records) == 1:
        del doc[table]
    else:
        del records[index]
    out = with_newlines(tomlkit.dumps(doc), nl)
    if out.endswith(nl + nl) and not text.endswith(nl + nl):  # the last block went: not its blank line above
        out = out.rstrip("\r\n") + nl
    return out
