"""The errors of partner files as they are on disk now: what auto-commit checks before committing them."""

from __future__ import annotations

from pathlib import Path

from koop_tui.model import Problem, errors_of
from koop_tui.slugs import PARTNER_FILE_RE
from koop_tui.store.files import NotRegular, TooLarge, read_regular
from koop_tui.store.loader import load_settings, unreadable
from koop_tui.store.parse import parse_partner_bytes


def partner_file_errors(root: Path, rels: list[str]) -> dict[str, list[Problem]]:
    """rel -> its errors, for each partner file among `rels` (workspace-relative) that has any; a missing file
    has none (a deletion is committed as such)."""
    root, found = Path(root), {}
    partners = [rel for rel in rels if rel.startswith("partners/") and PARTNER_FILE_RE.match(rel[len("partners/"):])]
    if not partners:
        return found
    settings, _ = load_settings(root)
    for rel in partners:
        try:
            data, _ = read_regular(root / rel)
        except FileNotFoundError:
            continue
        except (OSError, NotRegular, TooLarge) as exc:
            found[rel] = [unreadable(rel, exc)]
            continue
        errors = errors_of(parse_partner_bytes(data, rel, settings)[1])
        if errors:
            found[rel] = errors
    return found
