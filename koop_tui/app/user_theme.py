"""The theme chosen in the command palette, kept for the next start in the user's config.toml (`theme = "…"`)."""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path

from koop_tui.app.keymap import config_path


def load_theme(path: Path | None = None) -> str:
    """The `theme` of the user's config.toml, or "" (no file, no key, a broken file: load_keymap reports it).
    Read with tomllib: tomlkit, which keeps the file's layout, is needed only to write (save_theme)."""
    try:
        value = tomllib.loads((path or config_path()).read_text(encoding="utf-8")).get("theme", "")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    return value if isinstance(value, str) else ""


def save_theme(name: str, path: Path | None = None) -> None:
    """Set `theme` in config.toml, keeping the rest of the file (comments, [keys]) as it is; atomic."""
    import tomlkit

    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    doc = tomlkit.parse(text)
    if doc.get("theme") == name:
        return
    if "theme" in doc:
        doc["theme"] = name
    else:  # a top-level key goes before the first table
        body = tomlkit.document()
        body["theme"] = name
        doc = tomlkit.parse(tomlkit.dumps(body) + ("\n" + text if text else ""))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(tomlkit.dumps(doc))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class UserThemeMixin:
    """Starts with the user's theme and saves a new choice (only when the app reads the user's config)."""

    user_theme: str | None = None  # None: the user's config is not used (tests, benchmarks)

    def use_user_theme(self) -> None:
        if self.user_theme is None:
            return
        if self.user_theme in self.available_themes:
            self.theme = self.user_theme
        self.theme_changed_signal.subscribe(self, self._keep_theme)

    def _keep_theme(self, theme) -> None:
        if theme.name != self.user_theme:
            self.user_theme = theme.name
            self.run_worker(lambda: save_theme(theme.name), thread=True, group="config", exit_on_error=False)
