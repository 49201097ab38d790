"""Checks of koop's files that sync makes before it commits or shares them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from koop_tui.i18n import _, os_reason
from koop_tui.model import Problem
from koop_tui.words import plural


def file_errors(data: bytes, path: str, settings) -> tuple[bool, list[Problem]]:
    """(usable, errors) of one koop file's bytes; conflict records are not errors here (they are the merge's
    way to keep both values), a file that cannot be loaded at all is not usable."""
    from koop_tui.store.fields import is_conflict_record
    from koop_tui.store.parse import parse_partner, read_toml
    from koop_tui.store.settings_check import parse_settings_bytes

    if path.startswith("partners/"):
        encoded, parsed, problems = parse_partner(data, path, settings)  # a file that does not parse: None, None
        parsed = parsed if encoded is None else encoded  # a valid file is only encoded: nothing to build
    else:
        parsed, problems = read_toml(data, path)[0::2]
        if parsed is not None:
            problems = parse_settings_bytes(data, path)[1]
    errors = [p for p in problems if p.severity == "error" and not is_conflict_record(p.message)]
    if parsed is None and not errors:
        errors = [Problem(path, _("cannot be used"))]
    return parsed is not None, errors


def new_errors(root: Path, paths: list[str], versions: Callable[[list[str]], dict[str, list[bytes]]],
               current: dict[str, bytes] | None = None, settings_data: bytes | None = None) -> list[Problem]:
    """Errors in the work tree's `paths` that none of their earlier versions had: what a merge would add.
    `versions(paths)` gives those versions (the bytes of each side) and is asked only for the files with
    errors. An unusable file is always an error. `current`: the files' bytes, where they are not (yet) in
    the work tree; `settings_data`: koop.toml's bytes, where the work tree's are not the ones that count."""
    from koop_tui.store.loader import load_settings
    from koop_tui.store.settings_check import parse_settings_bytes

    settings = load_settings(root)[0] if settings_data is None else parse_settings_bytes(settings_data)[0]
    found: dict[str, list[Problem]] = {}
    suspects: dict[str, list[Problem]] = {}  # usable files with errors: new ones, or there before?
    for path in paths:
        try:
            data = current[path] if current is not None else (Path(root) / path).read_bytes()
        except OSError as exc:
            found[path] = [Problem(path, _("cannot read: {error}").format(error=os_reason(exc)))]
            continue
        usable, errors = file_errors(data, path, settings)
        (suspects if usable else found)[path] = errors
    earlier = versions([p for p, errors in suspects.items() if errors])
    for path, errors in suspects.items():
        before = {p.message for side in earlier.get(path, []) for p in file_errors(side, path, settings)[1]}
        found[path] = [p for p in errors if p.message not in before]
    return [problem for path in paths for problem in found.get(path, [])]


def described(problems: list[Problem]) -> str:
    """"partners/acme.toml line 3: message (and 2 more)" for a one-line refusal."""
    first = problems[0]
    text = _("{path} line {line}: {problem}").format(path=first.path, line=first.line, problem=first.message) \
        if first.line else f"{first.path}: {first.message}"
    return text + (plural(len(problems) - 1, " (and {n} more)", " (and {n} more)") if len(problems) > 1 else "")
