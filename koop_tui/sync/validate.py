"""Checks of koop's files that sync makes before it commits or shares them."""

from __future__ import annotations

from pathlib import Path

from koop_tui.model import Problem


def file_errors(data: bytes, path: str, settings) -> tuple[bool, list[Problem]]:
    """(usable, errors) of one koop file's bytes; conflict records are not errors here (they are the merge's
    way to keep both values), a file that cannot be loaded at all is not usable."""
    from koop_tui.store.fields import is_conflict_record
    from koop_tui.store.parse import parse_partner_bytes, read_toml
    from koop_tui.store.settings_check import parse_settings_bytes

    parsed, _, problems = read_toml(data, path)
    if parsed is not None and path.startswith("partners/"):
        parsed, problems = parse_partner_bytes(data, path, settings)
    elif parsed is not None:
        problems = parse_settings_bytes(data, path)[1]
    errors = [p for p in problems if p.severity == "error" and not is_conflict_record(p.message)]
    if parsed is None and not errors:
        errors = [Problem(path, "cannot be used")]
    return parsed is not None, errors


def new_errors(root: Path, paths: list[str], sides: dict[str, bytes | None]) -> list[Problem]:
    """Errors in the work tree's `paths` that none of their versions in `sides` ("rev:path" -> bytes) had:
    what a merge would add. An unusable file is always an error."""
    from koop_tui.store.loader import load_settings

    settings, _ = load_settings(root)
    found = []
    for path in paths:
        try:
            data = (Path(root) / path).read_bytes()
        except OSError as exc:
            found.append(Problem(path, f"cannot read: {exc.strerror or exc}"))
            continue
        usable, errors = file_errors(data, path, settings)
        if usable and errors:
            before = {p.message for spec, side in sides.items() if side is not None and spec.endswith(":" + path)
                      for p in file_errors(side, path, settings)[1]}
            errors = [p for p in errors if p.message not in before]
        found += errors
    return found


def described(problems: list[Problem]) -> str:
    """"partners/acme.toml line 3: message (and 2 more)" for a one-line refusal."""
    first = problems[0]
    where = f" line {first.line}" if first.line else ""
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{first.path}{where}: {first.message}{more}"
