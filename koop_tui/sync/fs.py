"""Which files of the repository koop owns (writes go through koop_tui.store.files.atomic_write)."""

from __future__ import annotations

import re

PARTNER_FILE = re.compile(r"^partners/[a-z0-9][a-z0-9-]{0,62}\.toml$")
SETTINGS_FILES = ("koop.toml", ".gitattributes")


def is_koop_path(path: str) -> bool:
    """Files koop owns in the repository: partner files, koop.toml and .gitattributes."""
    return path in SETTINGS_FILES or bool(PARTNER_FILE.match(path))
