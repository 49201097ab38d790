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
    from koop_tui.store.fields import errors_not_conflicts
    from koop_tui.store.parse import parse_partner, read_toml
    from koop_tui.store.settings_check import parse_settings_bytes

    if path.startswith("partners/"):
        encoded, parsed, problems = parse_partner(data, path, settings)  # a file that does not parse: None, None
        parsed = parsed if encoded is None else encoded  # a valid file is only encoded: nothing to build
    else:
        parsed, problems = read_toml(data, path)[0::2]
        if parsed is not None:
            problems = parse_settings_bytes(data, path)[1]
    errors = errors_not_conflicts(problems)
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


def read_koop_file(root: Path, path: str) -> tuple[bytes | None, Problem | None]:
    """A koop file's bytes as the store reads them (no symlink, no FIFO, not too large), else why not; (None,
    None) when it is not there."""
    from koop_tui.store.files import NotRegular, TooLarge, read_regular
    from koop_tui.store.loader import unreadable

    try:
        return read_regular(Path(root) / path)[0], None
    except FileNotFoundError:
        return None, None
    except (OSError, NotRegular, TooLarge) as exc:
        return None, unreadable(path, exc)


def partner_paths(root: Path) -> list[str]:
    """The partner files in the work tree, as `partners/NAME.toml`."""
    import os

    from koop_tui.sync.fs import PARTNER_FILE

    try:
        names = os.listdir(Path(root) / "partners")
    except OSError:
        return []
    return sorted(p for p in (f"partners/{n}" for n in names) if PARTNER_FILE.match(p))


def errors_under(root: Path, paths: list[str], settings, before: Callable[[list[str]], dict[str, bytes | None]],
                 settings_before, changed: set[str]) -> list[Problem]:
    """Errors the work tree's `paths` have under `settings` that their earlier versions (`before(paths)`, asked
    only for files with errors; None: the file is new) did not have under `settings_before`. A file that
    cannot be read as a plain file counts when it is among `changed` (else it was so before)."""
    found: dict[str, list[Problem]] = {}
    for path in paths:
        data, problem = read_koop_file(root, path)
        if problem is not None:
            if path in changed:
                found[path] = [problem]
            continue
        if data is not None:
            errors = file_errors(data, path, settings)[1]
            if errors:
                found[path] = errors
    earlier = before(list(found))
    out = []
    for path in paths:
        errors = found.get(path)
        if not errors:
            continue
        old = earlier.get(path)
        had = {p.message for p in file_errors(old, path, settings_before)[1]} if old is not None else set()
        out += [p for p in errors if p.message not in had]
    return out
