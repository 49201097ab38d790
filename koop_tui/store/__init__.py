"""Workspace files <-> model: loading with validation, safe writes, edits that keep what people wrote.

The names below are imported on first use, so a command needing one part (the due cache needs the cache and
the parser, not the writer) does not pay for the others at start-up.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "Store": "koop_tui.store.store",
    "load_workspace": "koop_tui.store.loader",
    "parse_partner_bytes": "koop_tui.store.parse",
    "parse_settings_bytes": "koop_tui.store.settings_check",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'koop_tui.store' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
