"""Auto-commit of koop's own changes, and the summary commit of hand edits before a sync."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from koop_tui.i18n import _
from koop_tui.sync import git
from koop_tui.sync.fs import is_koop_path
from koop_tui.sync.state import Entry, parse_status, repo_state_problem

KOOP_PATHSPECS = ("partners", "koop.toml", ".gitattributes")


@dataclass(frozen=True)
class CommitOutcome:
    """What an auto-commit did: committed or not, and a one-line warning when it failed."""

    committed: bool = False
    warning: str = ""


def auto_commit_enabled(root: Path) -> bool:
    """`auto_commit` from koop.toml (default on); an unreadable koop.toml leaves it on."""
    try:
        data = tomllib.loads((Path(root) / "koop.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    return data.get("auto_commit", True) is not False


def auto_commit(root: Path, paths: list[Path | str], message: str, enabled: bool | None = None) -> CommitOutcome:
    """Commit exactly `paths` with `message` when auto-commit is on and the workspace is a git repository.

    Other changes in the work tree or the index are left alone. Failures come back as a warning: the
    files are already written, so nothing is lost.
    """
    root = Path(root)
    try:
        busy = _not_now(root, enabled)
        if busy is not None:
            return CommitOutcome(warning=busy and _("not committed: {reason}").format(reason=busy))
        rel = _relative(root, paths)
        if not rel or not changed_entries(root, *rel):
            return CommitOutcome()
        res = git.commit_paths(root, rel, message)
    except git.GitError as exc:
        return CommitOutcome(warning=_("not committed: {reason}").format(reason=exc))
    if not res.ok:
        reason = git.failed("commit", res.err + res.out)
        return CommitOutcome(warning=_("not committed: {reason}").format(reason=reason))
    return CommitOutcome(committed=True)


def commit_hand_edit(root: Path, path: Path | str) -> str:
    """Right before koop writes `path`: an uncommitted edit of it (by hand, or by another tool) is committed on
    its own first ("Update 1 partner file by hand: acme"), as `koop sync` would, so that koop's auto-commit
    holds only koop's change. Returns that message, or "" when there was none to commit (or auto-commit is
    off, no repository, a rebase under way, git failing: the auto-commit after the write then takes both)."""
    root = Path(root)
    rel = _relative(root, [path])
    if not rel or not auto_commit_enabled(root):
        return ""
    try:  # one `git status` on every save; the rest only when the file has an edit to commit
        entries = [e for e in changed_entries(root, *rel) if is_koop_path(e.path)]
        if not entries or _not_now(root, True) is not None:
            return ""
        return commit_hand_edits(root, entries)
    except git.GitError:
        return ""


def _not_now(root: Path, enabled: bool | None) -> str | None:
    """None when koop may commit now; else "" (auto-commit off, not a repository) or why not (a rebase...)."""
    if not (auto_commit_enabled(root) if enabled is None else enabled) or not git.is_repo(root):
        return ""
    # a commit now would land inside a rebase or on a detached HEAD and could get lost
    return repo_state_problem(git.git_dir(root), git.branch(root)) or None


def _relative(root: Path, paths: list[Path | str]) -> list[str]:
    out = []
    base = root.resolve()
    for path in paths:
        p = Path(path)
        p = (root / p) if not p.is_absolute() else p
        try:
            out.append(p.resolve().relative_to(base).as_posix() if p.exists() else p.relative_to(root).as_posix())
        except ValueError:
            continue
    return sorted(set(out))


def changed_entries(root: Path, *paths: str) -> list[Entry]:
    """Uncommitted changes (staged, unstaged or untracked) under the given paths."""
    return parse_status(git.status_v2(root, *paths)).entries


def pending_koop_changes(root: Path) -> list[Entry]:
    """Uncommitted changes to koop's files (partner files, koop.toml, .gitattributes)."""
    return [e for e in changed_entries(root, *KOOP_PATHSPECS) if is_koop_path(e.path)]


def hand_edit_message(entries: list[Entry]) -> str:
    """"Update 2 partner files by hand: acme, muster-gmbh" (verb from what happened to the files)."""
    partners = sorted(e.path[len("partners/"):-len(".toml")] for e in entries if e.path.startswith("partners/"))
    others = sorted(e.path for e in entries if not e.path.startswith("partners/"))
    kinds = {e.change for e in entries}
    verb = "Add" if kinds == {"added"} else "Delete" if kinds == {"deleted"} else "Update"
    parts = list(others)
    if partners:
        parts.append(f"{len(partners)} partner file{'s' if len(partners) != 1 else ''}")
    subject = f"{verb} {' and '.join(parts) if len(parts) < 3 else ', '.join(parts)} by hand"
    if partners:
        shown = ", ".join(partners[:6]) + (", …" if len(partners) > 6 else "")
        subject += f": {shown}"
    return subject


def commit_hand_edits(root: Path, entries: list[Entry]) -> str:
    """Commit pending edits of koop's files with a summary message; returns the message."""
    message = hand_edit_message(entries)
    paths = {e.path for e in entries} | {e.orig for e in entries if e.orig}  # a rename commits both names
    res = git.commit_paths(root, sorted(paths), message)
    if not res.ok:
        raise git.GitError(git.failed("commit", res.err + res.out))
    return message
