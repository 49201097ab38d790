"""Cheap repository status for the app header: one `git status` run, no network."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from koop_tui.i18n import _, number
from koop_tui.sync import git
from koop_tui.sync.fs import is_koop_path

STATES = ("clean", "changed", "ahead", "behind", "conflict", "not-a-repo")


@dataclass(frozen=True)
class Entry:
    """One changed path from `git status --porcelain=v2`."""

    path: str
    change: str  # added | deleted | modified | renamed | unmerged | untracked
    orig: str = ""


@dataclass
class Porcelain:
    """The parsed `git status --porcelain=v2 --branch` output."""

    oid: str | None = None
    head: str | None = None
    upstream: str | None = None
    ahead: int = 0
    behind: int = 0
    entries: list[Entry] = field(default_factory=list)


def _change(xy: str) -> str:
    if "D" in xy:
        return "deleted"
    if "A" in xy:
        return "added"
    return "modified"


def parse_status(out: str) -> Porcelain:
    """Parse `-z` porcelain v2 output (paths are never quoted in this form)."""
    st = Porcelain()
    items = out.split("\0")
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if item.startswith("# branch.oid "):
            oid = item[13:]
            st.oid = None if oid == "(initial)" else oid
        elif item.startswith("# branch.head "):
            head = item[14:]
            st.head = None if head == "(detached)" else head
        elif item.startswith("# branch.upstream "):
            st.upstream = item[18:]
        elif item.startswith("# branch.ab "):
            ahead, behind = item[12:].split()
            st.ahead, st.behind = int(ahead), -int(behind)
        elif item.startswith("1 "):
            parts = item.split(" ", 8)
            st.entries.append(Entry(parts[8], _change(parts[1])))
        elif item.startswith("2 "):
            parts = item.split(" ", 9)
            st.entries.append(Entry(parts[9], "renamed", items[i]))
            i += 1
        elif item.startswith("u "):
            st.entries.append(Entry(item.split(" ", 10)[10], "unmerged"))
        elif item.startswith("? "):
            st.entries.append(Entry(item[2:], "untracked"))
    return st


@dataclass(frozen=True)
class SyncStatus:
    """Where the workspace stands against its last fetched upstream, for the header and `koop sync`."""

    state: str
    branch: str | None = None
    upstream: str | None = None
    ahead: int = 0
    behind: int = 0
    changed: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    busy: str = ""  # a git operation in progress or an odd state that blocks sync

    @property
    def label(self) -> str:
        """Short text for a header: "clean", "changed 2", "ahead 1, behind 3", "conflict 1", "not a repo"."""
        if self.state == "not-a-repo":
            return _("not a repo")
        if self.state == "conflict":
            return _("conflict {n}").format(n=number(len(self.conflicts))) if self.conflicts else _("conflict")
        parts = [_("changed {n}").format(n=number(len(self.changed)))] if self.changed else []
        parts += [_("ahead {n}").format(n=number(self.ahead))] if self.ahead else []
        parts += [_("behind {n}").format(n=number(self.behind))] if self.behind else []
        return ", ".join(parts) or _("clean")

    @property
    def summary(self) -> str:
        """The label, with what blocks sync when something does ("clean; a rebase is in progress")."""
        return f"{self.label}; {self.busy}" if self.busy else self.label


# What git is in the middle of, by the file it keeps in .git while it is (repo_state); "detached": no branch.
STATE_FILES = ("index.lock", "rebase-merge", "rebase-apply", "MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD",
               "BISECT_LOG")
DETACHED = "detached"


def repo_state(gitdir: Path, head: str | None) -> str:
    """Why sync must not run now, as a name ("" when it may): the first of STATE_FILES present in the git
    directory (a git operation in progress), else DETACHED when HEAD is not on a branch."""
    found = next((name for name in STATE_FILES if (gitdir / name).exists()), "")
    return found or ("" if head else DETACHED)


def state_text(state: str) -> str:
    """A repo_state as people read it ("a rebase is in progress"); "" for ""."""
    texts = {
        "index.lock": _("another git process is running, or one crashed and left .git/index.lock"),
        "rebase-merge": _("a rebase is in progress"),
        "rebase-apply": _("a rebase or `git am` is in progress"),
        "MERGE_HEAD": _("a merge is in progress"),
        "CHERRY_PICK_HEAD": _("a cherry-pick is in progress"),
        "REVERT_HEAD": _("a revert is in progress"),
        "BISECT_LOG": _("a bisect is in progress"),
        DETACHED: _("HEAD is detached (not on a branch)"),
    }
    return texts.get(state, state)


def repo_state_problem(gitdir: Path, head: str | None) -> str:
    """Why sync must not run now, as people read it ("" when it may): a git operation in progress or a
    detached HEAD."""
    return state_text(repo_state(gitdir, head))


_marker_cache: dict[tuple[str, int, int, int], bool] = {}


def files_with_conflicts(root: Path) -> list[str]:
    """koop files holding conflict markers or `[[conflicts]]` records (cached by stat, so cheap to repeat)."""
    root = Path(root)
    found = []
    candidates = [root / "koop.toml"]
    try:
        candidates += [Path(e.path) for e in os.scandir(root / "partners") if e.name.endswith(".toml")]
    except OSError:
        pass
    for path in candidates:
        try:
            st = path.stat()
        except OSError:
            continue
        key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
        hit = _marker_cache.get(key)
        if hit is None:
            try:
                data = path.read_bytes()
            except OSError:
                continue
            hit = _marker_cache[key] = (
                b"[[conflicts]]" in data or data.startswith(b"<<<<<<< ") or b"\n<<<<<<< " in data
            )
        if hit:
            found.append(path.relative_to(root).as_posix())
    return sorted(found)


def status(root: Path) -> SyncStatus:
    """The workspace's sync state without touching the network (< 50 ms on a clean repository)."""
    root = Path(root)
    try:
        if not (root / ".git").exists():
            return SyncStatus("not-a-repo")
        res = git.run(root, "status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all",
                      "--", "partners", "koop.toml", ".gitattributes")
    except git.GitError as exc:
        return SyncStatus("not-a-repo", busy=str(exc))
    if not res.ok:
        return SyncStatus("not-a-repo", busy=git.first_line(res.err))
    st = parse_status(res.out)
    unmerged = [e.path for e in st.entries if e.change == "unmerged"]
    changed = tuple(e.path for e in st.entries if e.change != "unmerged" and is_koop_path(e.path))
    conflicts = tuple(sorted(set(unmerged) | set(files_with_conflicts(root))))
    gitdir = root / ".git" if (root / ".git").is_dir() else git.git_dir(root)
    busy = repo_state_problem(gitdir, st.head)
    state = "conflict" if conflicts else "changed" if changed else "behind" if st.behind else \
        "ahead" if st.ahead else "clean"
    return SyncStatus(state, st.head, st.upstream, st.ahead, st.behind, changed, conflicts, busy)
