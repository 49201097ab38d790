"""Capture settings from the user's config.toml (never the workspace): the user's own addresses, the rules, and
the sources. A password is never stored: `password_cmd` is run when a source needs one.

```toml
[capture]
me = ["anna@example.com"]           # the user's own addresses: never matched as a contact
auto = true                          # log sure touchpoints directly (false: everything waits for review)
max_people = 10                      # mails and events with more people are skipped
subject = false                      # store the subject as the touchpoint's note
skip = ["newsletter@", "example.org"]  # addresses (or their start) and domains never captured

[[capture.sources]]
name = "work"                        # the name shown in progress and errors, and the cursor's key
type = "imap"                        # maildir | mbox | imap | ics | caldav
host = "imap.example.com"
user = "anna@example.com"
password_cmd = "pass show mail"      # or: keyring = "imap.example.com" (the system keyring, with user)
folders = ["INBOX", "Sent"]
```
"""

from __future__ import annotations

import shlex
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from koop_tui.errors import KoopError
from koop_tui.i18n import _

TYPES = ("maildir", "mbox", "imap", "ics", "caldav")
TIMEOUT = 30.0


@dataclass
class Source:
    """One place capture reads; `where` is a path or a URL, `host` for IMAP."""

    name: str
    type: str
    where: str = ""
    host: str = ""
    port: int = 0
    user: str = ""
    password_cmd: str = ""
    keyring: str = ""  # a service name in the system keyring, with `user`: the other way to a password
    tls: bool = True
    folders: list[str] = field(default_factory=lambda: ["INBOX", "Sent"])
    timeout: float = TIMEOUT

    def password(self) -> str:
        """From the system keyring, or the output of password_cmd (first line); a clear error when it fails."""
        if self.keyring:
            return from_keyring(self.keyring, self.user)
        if not self.password_cmd:
            return ""
        try:
            done = subprocess.run(shlex.split(self.password_cmd), capture_output=True, text=True, timeout=60)
        except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
            raise KoopError(_("password_cmd failed: {error}").format(error=exc)) from None
        if done.returncode != 0:
            raise KoopError(_("password_cmd exited with {code}").format(code=done.returncode),
                            (done.stderr.strip().splitlines() or [""])[0])
        return (done.stdout.splitlines() or [""])[0]


def from_keyring(service: str, user: str) -> str:
    """The password the system keyring holds for user at service (the keyring package, an optional dependency:
    imported only here, so koop runs without it)."""
    try:
        import keyring
    except ImportError:
        raise KoopError(_("keyring = \"{service}\" needs the keyring package").format(service=service),
                        _("pip install 'koop-tui[keyring]', or use password_cmd")) from None
    try:
        secret = keyring.get_password(service, user)
    except Exception as exc:  # noqa: BLE001 - keyring.errors.* and whatever a backend raises (no D-Bus, locked)
        reason = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise KoopError(_("the system keyring could not be read: {reason}").format(reason=reason)) from None
    if secret is None:
        raise KoopError(_("the system keyring has no password for {user} at {service}").format(user=user,
                                                                                                 service=service),
                        _("store it with: keyring set {service} {user}").format(service=service, user=user))
    return secret


@dataclass
class CaptureConfig:
    me: frozenset[str] = frozenset()
    auto: bool = True
    max_people: int = 10
    subject: bool = False
    skip: tuple[str, ...] = ()
    sources: list[Source] = field(default_factory=list)

    def skipped(self, address: str) -> bool:
        """An address on the skip list: given whole, by its start ("newsletter@") or by its domain."""
        domain = address.rpartition("@")[2]
        return any(address == s or (s.endswith("@") and address.startswith(s)) or domain == s or
                   domain.endswith("." + s) for s in self.skip)


def config_path() -> Path:
    """The user's config.toml (shared with the app's [keys])."""
    from koop_tui.userdirs import config_dir

    return config_dir() / "config.toml"


def _fail(path: Path, message: str) -> KoopError:
    return KoopError(_("{path}: [capture] {problem}").format(path=path, problem=message),
                     _("see `koop capture --help` for the settings"))


def _source(path: Path, i: int, raw: object) -> Source:
    if not isinstance(raw, dict):
        raise _fail(path, _("sources[{i}] must be a table").format(i=i))
    kind = raw.get("type")
    name = str(raw.get("name") or f"{kind}-{i + 1}")
    if kind not in TYPES:
        raise _fail(path, _("source {name}: type must be one of {types}, got {kind}").format(
            name=name, types=", ".join(TYPES), kind=repr(kind)))
    if "password" in raw:
        raise _fail(path, _("source {name}: no password in files; use password_cmd = \"pass show mail\"").format(
            name=name))
    where = raw.get("path") or raw.get("url") or ""
    if not isinstance(where, str) or (kind != "imap" and not where):
        raise _fail(path, _("source {name}: needs {key}").format(name=name, key="url" if kind == "caldav" else "path"))
    if kind == "imap" and not isinstance(raw.get("host"), str):
        raise _fail(path, _("source {name}: needs {key}").format(name=name, key="host"))
    if raw.get("keyring") and raw.get("password_cmd"):
        raise _fail(path, _("source {name}: keyring or password_cmd, not both").format(name=name))
    if raw.get("keyring") and not raw.get("user"):
        raise _fail(path, _("source {name}: keyring needs user (the name the password is stored under)").format(
            name=name))
    folders = raw.get("folders", ["INBOX", "Sent"])
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        raise _fail(path, _("source {name}: folders must be a list of folder names").format(name=name))
    try:
        return Source(
            name=name, type=kind, where=str(Path(where).expanduser()) if kind in ("maildir", "mbox") else where,
            host=raw.get("host", ""), port=int(raw.get("port", 0)), user=str(raw.get("user", "")),
            password_cmd=str(raw.get("password_cmd", "")), keyring=str(raw.get("keyring", "")),
            tls=bool(raw.get("tls", True)), folders=folders,
            timeout=float(raw.get("timeout", TIMEOUT)),
        )
    except (TypeError, ValueError) as exc:
        raise _fail(path, _("source {name}: {problem}").format(name=name, problem=exc)) from None


def load_config(path: Path) -> CaptureConfig:
    """The [capture] table of the user's config.toml; defaults when there is none; KoopError when it is wrong."""
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return CaptureConfig()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        from koop_tui.store.parse import unreadable_toml

        raise KoopError(unreadable_toml(exc, text, str(path))) from None
    raw = data.get("capture", {})
    if not isinstance(raw, dict):
        raise _fail(path, _("must be a table"))
    me = raw.get("me", [])
    skip = raw.get("skip", [])
    for key, value in (("me", me), ("skip", skip)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _fail(path, _("{key} must be a list of text").format(key=key))
    max_people = raw.get("max_people", 10)
    if isinstance(max_people, bool) or not isinstance(max_people, int) or max_people < 1:
        raise _fail(path, _("max_people must be a positive number, got {value}").format(value=repr(max_people)))
    sources = raw.get("sources", [])
    if not isinstance(sources, list):
        raise _fail(path, "sources must be [[capture.sources]] tables")
    return CaptureConfig(
        me=frozenset(a.strip().lower() for a in me), auto=bool(raw.get("auto", True)), max_people=max_people,
        subject=bool(raw.get("subject", False)), skip=tuple(s.strip().lower() for s in skip if s.strip()),
        sources=[_source(path, i, s) for i, s in enumerate(sources)],
    )
