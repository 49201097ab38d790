"""Load a workspace: a thin loop of safe reads around the pure per-file parsers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from koop_tui.i18n import _, decimal, os_reason
from koop_tui.model import Problem, Settings, Workspace
from koop_tui.settings import default_settings
from koop_tui.store.files import (  # partner_files: read here, kept light for the index
    MAX_FILE_BYTES,
    Fingerprint,
    NotRegular,
    TooLarge,
    clean_temp_files,
    partner_files,
    read_regular,
)
from koop_tui.store.parse import parse_partner_bytes
from koop_tui.store.settings_check import parse_settings_bytes


@dataclass
class Loaded:
    """A workspace plus the fingerprint of every partner file that was read (for change detection)."""

    workspace: Workspace
    fingerprints: dict[str, Fingerprint] = field(default_factory=dict)
    settings_fingerprint: Fingerprint | None = None
    # (stat key, sha256, read at ns) of each file the load cache vouches for: what derived caches key on
    stat_keys: dict[str, tuple] = field(default_factory=dict)

    @property
    def settings_sha256(self) -> str:
        """koop.toml's hash ("" when it could not be read): what every derived cache entry depends on."""
        return self.settings_fingerprint.sha256 if self.settings_fingerprint else ""


def unreadable(rel: str, exc: Exception) -> Problem:
    """The problem of a file read_regular refused (missing excepted): not a plain file, too large, an OS error."""
    if isinstance(exc, NotRegular):
        text = _("symlink ignored") if str(exc) == "symlink" else _("not a regular file, ignored")
        return Problem(rel, text, hint=_("partner files must be plain files"))
    if isinstance(exc, TooLarge):
        mib = exc.args[0] / (1024 * 1024)
        return Problem(rel, _("file too large ({size} MiB; limit {limit} MiB), skipped").format(
            size=decimal(mib), limit=MAX_FILE_BYTES // (1024 * 1024)))
    return Problem(rel, _("cannot read: {reason}").format(reason=os_reason(exc)))


def load_settings(root: Path, loaded: Loaded | None = None) -> tuple[Settings, list[Problem]]:
    """koop.toml over the shipped defaults; a missing or unreadable file gives the defaults and a problem."""
    try:
        data, fingerprint = read_regular(root / "koop.toml")
    except FileNotFoundError:
        return default_settings(), [Problem("koop.toml", _("missing"), hint=_("run `koop init`"))]
    except (OSError, NotRegular, TooLarge) as exc:
        return default_settings(), [unreadable("koop.toml", exc)]
    if loaded is not None:
        loaded.settings_fingerprint = fingerprint
    return parse_settings_bytes(data, "koop.toml")


def load_partner(root: Path, name: str, loaded: Loaded) -> None:
    """Read and parse one partner file into `loaded`, replacing what was there for it."""
    ws = loaded.workspace
    rel = f"partners/{name}"
    slug = name.removesuffix(".toml")
    ws.partners.pop(slug, None)
    loaded.stat_keys.pop(rel, None)
    if rel in loaded.fingerprints or rel in ws.broken:
        ws.problems[:] = [p for p in ws.problems if p.path != rel]
        if rel in ws.broken:
            ws.broken.remove(rel)
        loaded.fingerprints.pop(rel, None)
    try:
        data, fingerprint = read_regular(root / rel)
    except FileNotFoundError:
        return
    except (OSError, NotRegular, TooLarge) as exc:
        ws.problems.append(unreadable(rel, exc))
        ws.broken.append(rel)
        return
    loaded.fingerprints[rel] = fingerprint
    partner, problems = parse_partner_bytes(data, rel, ws.settings)
    ws.problems.extend(problems)
    if partner is None:
        ws.broken.append(rel)
    else:
        ws.partners[partner.slug] = partner


Progress = Callable[[int, int], None]
# fill(root, names, loaded, progress) reads the partner files into loaded: the index's reads through its cache
Fill = Callable[[Path, list[str], Loaded, Progress | None], None]


def read_all(root: Path, names: list[str], loaded: Loaded, progress: Progress | None = None) -> None:
    """The plain fill: every partner file read and parsed, one after the other."""
    for done, name in enumerate(names, 1):
        load_partner(root, name, loaded)
        if progress is not None and (done % 50 == 0 or done == len(names)):
            progress(done, len(names))


def load(root: Path, progress: Progress | None = None, fill: Fill = read_all, names: list[str] | None = None) -> Loaded:
    """Load koop.toml and every partner file; problems are collected, never raised.
    progress(done, total) hears how far the partner files are (called in the loading thread).
    names: only these partner files (a change to one partner), without looking at the rest of partners/."""
    root = Path(root)
    loaded = Loaded(Workspace(settings=default_settings()))
    loaded.workspace.settings, problems = load_settings(root, loaded)
    loaded.workspace.problems.extend(problems)
    if names is None:
        clean_temp_files(root / "partners")
        names, problems = partner_files(root / "partners")
        loaded.workspace.problems.extend(problems)
    fill(root, names, loaded, progress)
    return loaded


def load_workspace(root: Path) -> Workspace:
    """Load koop.toml and every partners/*.toml; one broken file never stops the others."""
    return load(root).workspace
