"""Which remote a workspace syncs with, and what a failing fetch or push means for people."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from koop_tui.i18n import _
from koop_tui.sync import git

UNREACHABLE = ("could not resolve host", "connection refused", "failed to connect", "timed out",
               "network is unreachable", "could not read from remote repository", "connection reset",
               "no route to host", "couldn't connect")
MISSING = ("does not appear to be a git repository", "repository not found", "' not found",
           "no such file or directory")
DENIED = ("authentication failed", "could not read username", "could not read password", "permission denied",
          "terminal prompts disabled", "host key verification failed", "access denied")
# An HTTP status as git reports it ("The requested URL returned error: 403"), not any number that happens to
# contain the digits: a port such as 40139 in "Failed to connect to 127.0.0.1 port 40139" is no refusal.
# The URL or path git quotes in its line ("unable to access '…'") is the user's, not git's verdict: a path
# such as /srv/timed out/ must not decide what the failure means.
QUOTED = re.compile(r"'[^'\n]*'")
DENIED_STATUS = re.compile(r"(?:returned error|http(?:/[\d.]+)?)[: ]+40[13]\b")


@dataclass(frozen=True)
class Remote:
    """The remote and branch the current branch syncs with."""

    name: str
    branch: str
    configured: bool  # upstream set in git config (else the first push sets it)

    @property
    def tracking(self) -> str:
        return f"refs/remotes/{self.name}/{self.branch}"


def find_remote(root: Path) -> Remote | None:
    """The branch's upstream, else `origin` (or the only remote) with the same branch name; None: no remote."""
    branch = git.branch(root) or "main"
    config = git.config_values(root, f"branch.{branch}.remote", f"branch.{branch}.merge")
    name, merge = config.get(f"branch.{branch}.remote"), config.get(f"branch.{branch}.merge")
    if name and name != "." and merge:
        return Remote(name, merge.removeprefix("refs/heads/"), True)
    names = git.remotes(root)
    if not names:
        return None
    chosen = "origin" if "origin" in names else names[0]
    return Remote(chosen, branch, False)


def explain_remote_error(remote: Remote, text: str, pushing: bool = False) -> tuple[str, str]:
    """(message, hint) for a failed fetch or push, from git's stderr: what it means, then git's own line as
    git wrote it (git runs in the C locale, see git.clean_env)."""
    low = QUOTED.sub("''", text.lower())
    if any(p in low for p in DENIED) or DENIED_STATUS.search(low):
        message = _("the remote '{remote}' refused access")
        hint = _("set up an SSH key or a credential helper (koop never asks for passwords); your changes are "
                 "committed locally; run `koop sync` again when it works")
    elif any(p in low for p in MISSING):
        message = _("the remote '{remote}' does not exist or is not a git repository")
        hint = _("check the URL with `git remote -v`; your changes are committed locally; run `koop sync` again "
                 "when it is fixed")
    elif any(p in low for p in UNREACHABLE):
        message = _("cannot reach the remote '{remote}'")
        hint = _("your changes are committed locally; run `koop sync` again when the remote is reachable")
    else:
        message = _("could not push to '{remote}'") if pushing else _("could not fetch from '{remote}'")
        hint = _("your changes are committed locally; run `koop sync` again when the cause is fixed")
    message = message.format(remote=remote.name)
    said = push_refusal(text) if pushing and push_refusal(text) else git.first_line(text)
    if said:
        message += "\n  " + _("git says: {line}").format(line=said)
    return message, hint


RACES = ("fetch first", "non-fast-forward", "failed to update ref", "cannot lock ref", "stale info")


def is_rejected(text: str) -> bool:
    """The remote has commits we lack (someone pushed meanwhile): fetch, merge and push again."""
    low = text.lower()
    return "rejected]" in low and any(race in low for race in RACES)


def push_refusal(out: str) -> str:
    """The reason in `git push --porcelain` output ("[remote rejected] (pre-receive hook declined)")."""
    for line in out.splitlines():
        if line.startswith("!\t"):
            return line.split("\t")[-1]
    return ""
