"""Bytes of one workspace file -> records + problems. Pure (no I/O), so a cache can wrap it."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from koop_tui.i18n import N_, _, os_reason, translated
from koop_tui.model import Partner, Problem, Settings
from koop_tui.store import tomlparse
from koop_tui.store.codec import decode_partner
from koop_tui.store.fastpath import fast_body
from koop_tui.store.fields import DATE_REASONS, Issue, library_text
from koop_tui.store.locate import Locator
from koop_tui.store.validate import check_partner

BOM = b"\xef\xbb\xbf"
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")
# tomllib takes quadratic time on long dotted keys (`a.a.a... = 1`): 10,000 parts cost seconds, so refuse early.
MAX_KEY_PARTS = 64
_DEEP_KEY = re.compile(r"^[ \t]*(?:[A-Za-z0-9_-]+[ \t]*\.[ \t]*){%d}" % MAX_KEY_PARTS, re.M)
# Scanning megabytes with that regex cost a third of the fast parser's time. A match is a run of key characters with
# MAX_KEY_PARTS dots: deleting key characters and turning all else into newlines leaves that many dots in a row.
_KEY_CHARS = b"".join(bytes(range(a, b + 1)) for a, b in (b"az", b"AZ", b"09")) + b"_- \t"
_DOTS_ONLY = bytes(c if c == ord(".") else ord("\n") for c in range(256))
_TUPLE = re.compile(r"\('[^()]*'(?:, '[^()]*')*,?\)")  # tomllib names keys as ('a', 'b'): show a.b
_SYNTAX_HINTS = {"Cannot overwrite a value": N_("duplicate key"), "Cannot declare": N_("duplicate table")}
# tomllib's messages (Python 3.11-3.13), shown in the user's language; one it adds later is shown as it says it.
_SYNTAX = tuple((re.compile(pattern), message) for pattern, message in (
    (r"Invalid statement", N_("Invalid statement")),
    (r"Expected newline or end of document after a statement",
     N_("Expected newline or end of document after a statement")),
    (r"Expected ']' at the end of a table declaration", N_("Expected ']' at the end of a table declaration")),
    (r"Expected ']]' at the end of an array declaration", N_("Expected ']]' at the end of an array declaration")),
    (r"Expected '=' after a key in a key/value pair", N_("Expected '=' after a key in a key/value pair")),
    (r"Expected (?P<what>'.*')", N_("Expected {what}")),
    (r"Found invalid character (?P<char>.+)", N_("Found invalid character {char}")),
    (r"Cannot declare (?P<key>.+) twice", N_("Cannot declare {key} twice")),
    (r"Cannot overwrite a value", N_("Cannot overwrite a value")),
    (r"Cannot mutate immutable namespace (?P<key>.+)", N_("Cannot mutate immutable namespace {key}")),
    (r"Cannot redefine namespace (?P<key>.+)", N_("Cannot redefine namespace {key}")),
    (r"Invalid initial character for a key part", N_("Invalid initial character for a key part")),
    (r"Unclosed array", N_("Unclosed array")),
    (r"Duplicate inline table key (?P<key>.+)", N_("Duplicate inline table key {key}")),
    (r"Unclosed inline table", N_("Unclosed inline table")),
    (r"Unescaped '\\' in a string", N_("Unescaped '\\' in a string")),
    (r"Invalid hex value", N_("Invalid hex value")),
    (r"Escaped character is not a Unicode scalar value", N_("Escaped character is not a Unicode scalar value")),
    (r"Unterminated string", N_("Unterminated string")),
    (r"Illegal character (?P<char>.+)", N_("Illegal character {char}")),
    (r"Invalid date or datetime", N_("Invalid date or datetime")),
    (r"Invalid value", N_("Invalid value")),
))


def decode(data: bytes, rel_path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text without a BOM, or a problem naming the line of the first bad byte."""
    if not data:
        return None, [Problem(rel_path, _("empty file"), 1, None, _("restore it from git, or delete it"))]
    body = data[len(BOM):] if data.startswith(BOM) else data
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        utf16 = body[:2] in (b"\xff\xfe", b"\xfe\xff")
        hint = _("the file looks like UTF-16; save it as UTF-8") if utf16 else _("save the file as UTF-8")
        return None, [Problem(rel_path, _("not valid UTF-8 (byte {byte})").format(byte=f"0x{body[exc.start]:02x}"),
                              line, None, hint)]


def conflict_markers(text: str, rel_path: str) -> list[Problem]:
    """Git conflict blocks (<<<<<<< ... >>>>>>>), each reported once with its line range."""
    if "<<<<<<<" not in text:  # the usual case, decided without splitting the text into lines
        return []
    problems, start = [], None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.startswith("<<<<<<<") and start is None:
            start = lineno
        elif line.startswith(">>>>>>>") and start is not None:
            problems.append(Problem(
                rel_path, _("unresolved merge conflict in {path}, lines {first}\u2013{last}").format(
                    path=rel_path, first=start, last=lineno), start, None,
                _("keep the right lines and delete the markers"),
            ))
            start = None
    if start is not None:
        problems.append(Problem(rel_path, _("unresolved merge conflict in {path}, from line {first}").format(
            path=rel_path, first=start), start))
    return problems


def unreadable_toml(exc: Exception, text: str, path: str) -> str:
    """Why a TOML file outside the workspace (the user's config.toml) cannot be read, as one line in the user's
    language: "path:line:col: what (hint)" for a syntax error, "path: reason" otherwise."""
    if isinstance(exc, tomllib.TOMLDecodeError):
        problem = _syntax_problem(exc, text, path)
        where = f"{path}:{problem.line}:{problem.col}: {problem.message}"
        return f"{where} ({problem.hint})" if problem.hint else where
    return "{}: {}".format(path, os_reason(exc) if isinstance(exc, OSError) else _("not valid UTF-8"))


def _syntax_problem(exc: tomllib.TOMLDecodeError, text: str, rel_path: str) -> Problem:
    message = str(exc)
    match = _POSITION.search(message)
    lines = text.splitlines() or [""]
    line, col = len(lines), len(lines[-1]) + 1
    if match and match.group(1):
        line, col = int(match.group(1)), int(match.group(2))
    message = _TUPLE.sub(lambda m: ".".join(re.findall(r"'([^']*)'", m.group())), _POSITION.sub("", message))
    found = next((h for prefix, h in _SYNTAX_HINTS.items() if message.startswith(prefix)), None)
    hint = translated(found) if found else _("TOML syntax error")
    if found and line <= len(lines):  # point at the repeated key, not past its value
        col = len(lines[line - 1]) - len(lines[line - 1].lstrip()) + 1
    if message.startswith("Invalid date") and line <= len(lines):
        token = re.match(r"[0-9:T .+-]+", lines[line - 1][col - 1 :])
        try:
            date.fromisoformat(token.group().strip() if token else "")
        except ValueError as err:
            reason = library_text(str(err), DATE_REASONS)
            return Problem(rel_path, _("bad date {text}: {error}").format(text=token.group().strip() if token else "",
                                                                            error=reason), line, col)
    return Problem(rel_path, library_text(message, _SYNTAX), line, col, hint)


def may_have_deep_key(data: bytes) -> bool:
    """False when no line can hold a key of MAX_KEY_PARTS dotted parts (a cheap test before the regex)."""
    return b"." * MAX_KEY_PARTS in data.translate(_DOTS_ONLY, _KEY_CHARS)


def read_toml(data: bytes, rel_path: str) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """Decode, look for conflict markers, parse; the dict is None when the file cannot be used."""
    text, problems = decode(data, rel_path)
    if text is None:
        return None, "", problems
    problems = conflict_markers(text, rel_path)
    if problems:
        return None, text, problems
    deep = _DEEP_KEY.search(text) if may_have_deep_key(data) else None
    if deep:
        line = text.count("\n", 0, deep.start()) + 1
        return None, text, [Problem(rel_path, _("key nested too deeply (over {n} dotted parts)").format(
            n=MAX_KEY_PARTS), line, 1)]
    try:
        return tomlparse.loads(text), text, []
    except tomllib.TOMLDecodeError as exc:
        return None, text, [_syntax_problem(exc, text, rel_path)]
    except RecursionError:
        return None, text, [Problem(rel_path, _("nested too deeply to read"), 1, 1)]


def locate(issues: list[Issue], text: str, rel_path: str) -> list[Problem]:
    """Turn issues into `path:line:col` problems; the text is scanned only when there are issues."""
    if not issues:
        return []
    wanted = {tuple(issue.path) for issue in issues} | {tuple(issue.also) for issue in issues if issue.also is not None}
    locator = Locator(text, wanted)
    out = []
    for issue in issues:
        line, col = locator.find(issue.path)
        hint = issue.hint
        if issue.also is not None:
            hint = _("first used on line {line}").format(line=locator.find(issue.also)[0])
        out.append(Problem(rel_path, issue.message, line, col, hint, issue.severity))
    return out


def parse_partner(data: bytes, rel_path: str, settings: Settings) -> tuple[tuple | None, Partner | None, list[Problem]]:
    """(cache encoding, partner, problems) of one file's bytes. A plainly valid file takes the fast path and
    gives only its encoding (partner None: decode_partner builds it); any other the full validator's partner.
    A file read by the fast path has no problems but maybe warnings about two contacts who may be one."""
    parsed, text, problems = read_toml(data, rel_path)
    if parsed is None:
        return None, None, problems
    stem = rel_path.rsplit("/", 1)[-1].removesuffix(".toml")
    fast = fast_body(parsed, stem, settings)
    if fast is not None:
        return ("m", fast[0]), None, locate(fast[1], text, rel_path)
    partner, issues = check_partner(parsed, stem, settings)
    return None, partner, locate(issues, text, rel_path)


def parse_partner_bytes(data: bytes, rel_path: str, settings: Settings) -> tuple[Partner | None, list[Problem]]:
    """One partner file's bytes -> the partner (None if unusable) and its problems, located."""
    encoded, partner, problems = parse_partner(data, rel_path, settings)
    return (decode_partner(encoded) if encoded is not None else partner), problems


def unread_keys(root: Path, rel_path: str, settings: Settings) -> frozenset[str]:
    """The top-level keys of a partner file whose values could not be read (an error): the partner loaded from
    it holds defaults there, which a page must not show as the file's (a stage typed "activ" is no "prospect").
    None are named when the file cannot be read now (read as the loader reads it: never a symlink or a FIFO)."""
    from koop_tui.store.files import NotRegular, TooLarge, read_regular

    try:
        data, __ = read_regular(root / rel_path)
    except (OSError, NotRegular, TooLarge):
        return frozenset()
    parsed, __, __ = read_toml(data, rel_path)
    if parsed is None:
        return frozenset()
    __, issues = check_partner(parsed, rel_path.rsplit("/", 1)[-1].removesuffix(".toml"), settings)
    return frozenset(str(issue.path[0]) for issue in issues if issue.severity == "error" and issue.path)
