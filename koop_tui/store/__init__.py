"""Workspace files <-> model: loading with validation, safe writes, edits that keep what people wrote.

Placeholder loader (trusting, no validation); the full store replaces it keeping these signatures.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from koop_tui.canonical import partner_from_dict
from koop_tui.model import Problem, Workspace
from koop_tui.settings import default_settings_dict, merge_settings_dicts, settings_from_dict


def load_workspace(root: Path) -> Workspace:
    """Load koop.toml and every partners/*.toml; problems are collected, never raised."""
    root = Path(root)
    ws_dict = tomllib.loads((root / "koop.toml").read_text(encoding="utf-8"))
    settings = settings_from_dict(merge_settings_dicts(default_settings_dict(), ws_dict))
    workspace = Workspace(settings=settings)
    for path in sorted((root / "partners").glob("*.toml")):
        rel = f"partners/{path.name}"
        try:
            partner = partner_from_dict(tomllib.loads(path.read_text(encoding="utf-8")), settings)
        except Exception as exc:  # noqa: BLE001 - placeholder
            workspace.problems.append(Problem(rel, str(exc)))
            workspace.broken.append(rel)
            continue
        workspace.partners[partner.slug] = partner
    return workspace
