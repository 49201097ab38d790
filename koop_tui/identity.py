"""Who "I" am: the owner whose partners are "mine" (`koop due`, the app, the calendar) and the `by` of the
touchpoints I log.

In this order: `user = "anna"` in the user config (config.toml in koop's config dir), else $KOOP_USER, else
the owner whose addresses in koop.toml's `[owners]` include `git config user.email` of the workspace. Nobody
named: "" (the callers fall back to koop.toml's default_owner, or to everyone).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from koop_tui import userdirs
from koop_tui.errors import KoopError
from koop_tui.i18n import _


def user_config_path() -> Path:
    return userdirs.config_dir() / "config.toml"


def identify(root: Path | None = None, owners: Mapping[str, Sequence[str]] | None = None) -> tuple[str, str]:
    """(who I am, what said so); ("", "") when nothing does. A user config koop cannot read is an error."""
    configured = _configured_user(user_config_path())
    if configured:
        return configured, f"user in {user_config_path()}"
    named = os.environ.get("KOOP_USER", "").strip()
    if named:
        return named, "$KOOP_USER"
    if owners and root is not None:
        return git_owner(root, owners)
    return "", ""


def me(root: Path | None = None, owners: Mapping[str, Sequence[str]] | None = None) -> str:
    from koop_tui import debug

    name, source = identify(root, owners)
    debug.note(f"you are {name!r} ({source})" if name else "nothing says who you are")
    return name


def known_owners(workspace: Any) -> set[str] | None:
    """Who owns partners, or is named in koop.toml ([owners], default_owner); None while a partner file has errors
    (its owner could be anyone)."""
    if workspace.broken or workspace.file_errors():
        return None
    return with_named({p.owner for p in workspace.partners.values() if p.owner}, workspace.settings)


def with_named(owned: set[str] | None, settings: Any) -> set[str] | None:
    """Who owns partners (`owned`) and who koop.toml names ([owners], default_owner); None while `owned` is not
    known (a partner file with errors)."""
    if owned is None:
        return None
    return owned | set(settings.owners) | ({settings.default_owner} if settings.default_owner else set())


def others_than(known: set[str] | None, name: str, mine: str) -> set[str] | None:
    """`known` (known_owners) when `name` is none of them and not `mine`: a typo would hand partners to nobody.
    None when it is, when nobody owns anything yet (a first owner), or while a partner file has errors."""
    return known if known and name not in known and name != mine else None


def nobody_called(root: Path, owner: str, workspace: Any, everyone: str) -> str:
    """What to say when "mine" is someone nobody is called (`user = "anan"` in the user config for anna): every
    list of theirs is empty, which reads as "Nothing due". Names who the owners are, and `everyone`: how to see
    everyone's list (`koop due --all`, the app's key). "" when someone is called so, or may be (known_owners)."""
    known = known_owners(workspace)
    if not owner or known is None or owner in known:
        return ""
    return _("you are '{owner}' ({source}), and nobody of that name owns a partner (owners: {owners}): your list is "
             "empty; fix the name, or see everyone's with {everyone}").format(
        owner=owner, source=identify(root, workspace.settings.owners)[1] or _("default_owner in koop.toml"),
        owners=", ".join(sorted(known)) or _("none"), everyone=everyone)


def git_owner(root: Path, owners: Mapping[str, Sequence[str]]) -> tuple[str, str]:
    """The owner listed in `owners` with the workspace's `git config user.email`, and what said so."""
    email = _git_email(root) if owners else ""
    if email:
        for owner, addresses in owners.items():
            if email.casefold() in (a.casefold() for a in addresses):
                return owner, f"git user.email {email} in [owners] of koop.toml"
    return "", ""


def _configured_user(path: Path) -> str:
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        from koop_tui.store.parse import unreadable_toml

        raise KoopError(unreadable_toml(exc, text, str(path)),
                        _('fix it; it may say who you are: user = "anna"')) from None
    user = data.get("user", "")
    if not isinstance(user, str):
        raise KoopError(_('{path}: user must be a text, the owner name you go by, e.g. user = "anna"').format(
            path=path))
    return user.strip()


def _git_email(root: Path) -> str:
    from koop_tui.sync.git import GitError, config_get

    try:
        return config_get(root, "user.email") or ""
    except GitError:  # no git: nothing to map
        return ""
