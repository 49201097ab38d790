"""Per-user places outside the workspace: config (feed token, who "I" am: koop_tui.identity, capture sources),
data (what capture keeps between runs) and cache.

Environment overrides (KOOP_CONFIG_DIR, KOOP_DATA_DIR, KOOP_CACHE_DIR) keep tests inside tmp_path.
"""

from __future__ import annotations

import os
from pathlib import Path


def config_dir() -> Path:
    given = os.environ.get("KOOP_CONFIG_DIR")
    if given:
        return Path(given)
    from platformdirs import user_config_path

    return user_config_path("koop", appauthor=False)


def data_dir() -> Path:
    given = os.environ.get("KOOP_DATA_DIR")
    if given:
        return Path(given)
    from platformdirs import user_data_path

    return user_data_path("koop", appauthor=False)


def cache_dir() -> Path:
    given = os.environ.get("KOOP_CACHE_DIR")
    if given:
        return Path(given)
    from platformdirs import user_cache_path

    return user_cache_path("koop", appauthor=False)

