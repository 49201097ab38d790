"""Where a key sits in a TOML text: a small line scanner, run only when a file has problems.

It maps key paths such as ("touchpoints", 3, "contacts") to (line, col), both 1-based. Table headers
and `key =` lines are recorded; multi-line strings and arrays are skipped so their content never matches.
"""

from __future__ import annotations

import re

Path_ = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _read_key(line: str, pos: int) -> tuple[list[str], int] | None:
    """Parse a dotted key at `pos`; return its parts and the position after it, or None."""
    parts: list[str] = []
    while True:
        while pos < len(line) and line[pos] in " \t":
            pos += 1
        if pos >= len(line):
            return None
        ch = line[pos]
        if ch in "\"'":
            end = line.find(ch, pos + 1)
            if end < 0:
                return None
            parts.append(line[pos + 1 : end])
            pos = end + 1
        else:
            match = _BARE.match(line, pos)
            if not match:
                return None
            parts.append(match.group())
            pos = match.end()
        while pos < len(line) and line[pos] in " \t":
            pos += 1
        if pos < len(line) and line[pos] == ".":
            pos += 1
            continue
        return parts, pos


def _scan_rest(line: str, pos: int, depth: int, delim: str | None) -> tuple[int, str | None]:
    """Follow strings, comments and brackets to the end of the line; return bracket depth and open delimiter."""
    while pos < len(line):
        if delim:
            if delim in ('"""', "'''"):
                end = line.find(delim, pos)
                if end < 0:
                    return depth, delim
                pos, delim = end + 3, None
                continue
            if delim == '"' and line[pos] == "\\":
                pos += 2
                continue
            if line[pos] == delim:
                delim = None
            pos += 1
            continue
        ch = line[pos]
        if ch == "#":
            break
        if line.startswith('"""', pos) or line.startswith("'''", pos):
            delim, pos = line[pos : pos + 3], pos + 3
            continue
        if ch in "\"'":
            delim = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth = max(0, depth - 1)
        pos += 1
    return depth, delim if delim in ('"""', "'''") else None


def _may_continue(line: str) -> bool:
    """Whether a value could run past this line; balanced brackets and no triple quotes is the common case."""
    return ('"""' in line or "'''" in line or line.count("[") != line.count("]")
            or line.count("{") != line.count("}"))


class Locator:
    """Positions of every table header and key in a TOML text; with `wanted`, of those up to the line where
    the last of the wanted paths is found (the first place of a path is its place: find gives the same answer
    for them, and a file's issues usually sit near its top)."""

    def __init__(self, text: str, wanted: set[Path_] | None = None) -> None:
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.headers: list[int] = []  # line numbers of every table header, in order
        self._arrays: dict[Path_, int] = {}
        depth, delim = 0, None
        table: Path_ = ()
        for lineno, line in enumerate(text.splitlines(), start=1):
            if delim or depth:
                depth, delim = _scan_rest(line, 0, depth, delim)
                continue
            col = len(line) - len(line.lstrip(" \t"))
            stripped = line[col:]
            if stripped.startswith("["):
                table = self._header(stripped, lineno, col + 1) or table
            else:
                parsed = _read_key(line, col)
                if not (parsed and parsed[1] < len(line) and line[parsed[1]] == "="):
                    continue
                key = tuple(parsed[0])
                for end in (*range(1, min(len(key), 8)), len(key)):  # `a.b = 1` also locates `a`
                    self.positions.setdefault(table + key[:end], (lineno, col + 1))
                if _may_continue(line):
                    depth, delim = _scan_rest(line, parsed[1] + 1, 0, None)
            if wanted is not None and wanted <= self.positions.keys():
                break

    def _header(self, stripped: str, lineno: int, col: int) -> Path_ | None:
        is_array = stripped.startswith("[[")
        parsed = _read_key(stripped, 2 if is_array else 1)
        if not parsed:
            return None
        resolved: Path_ = ()
        for i, part in enumerate(parsed[0]):
            resolved += (part,)
            if is_array and i == len(parsed[0]) - 1:
                index = self._arrays.get(resolved, -1) + 1
                self._arrays[resolved] = index
                resolved += (index,)
            elif resolved in self._arrays:
                resolved += (self._arrays[resolved],)
        self.positions.setdefault(resolved, (lineno, col))
        self.headers.append(lineno)
        return resolved

    def find(self, path: Path_) -> tuple[int, int]:
        """Position of `path`, else of its nearest enclosing table or key; (1, 1) for the top."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return (1, 1)
