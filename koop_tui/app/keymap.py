"""User key rebinding: the `[keys]` table of the user's config.toml maps action ids to keys."""

from __future__ import annotations

import tomllib
from pathlib import Path

from koop_tui import userdirs
from koop_tui.app.actions import ACTIONS
from koop_tui.i18n import _


def config_path() -> Path:
    return userdirs.config_dir() / "config.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The rebinding table and human-readable warnings (unknown ids, bad file); never raises."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path}: {exc}"]
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        return {}, [_("{path}: [keys] must be a table of action-id = \"key\"").format(path=path)]
    keymap, warnings = {}, []
    for action_id, key in keys.items():
        if action_id not in ACTIONS:
            warnings.append(_("{path}: unknown action {action!r} in [keys]").format(path=path, action=action_id))
        elif not isinstance(key, str) or not key.strip():
            warnings.append(_("{path}: key for {action!r} must be a non-empty string").format(path=path, action=action_id))
        else:
            keymap[action_id] = key.strip()
    return keymap, warnings
