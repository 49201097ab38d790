"""`koop sync`: commit koop's files, fetch, merge with the record-level driver, push. Never forced.

Returns a SyncResult (data, no printing), so the app can run it in a worker thread.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from koop_tui.errors import KoopError
from koop_tui.i18n import _, number
from koop_tui.model import Problem
from koop_tui.store.files import atomic_write, workspace_lock
from koop_tui.sync import attributes, batch, git
from koop_tui.sync.batch import Progress
from koop_tui.sync.commit import KOOP_PATHSPECS, changed_entries, commit_hand_edits, pending_koop_changes
from koop_tui.sync.driver import register_merge_driver
from koop_tui.sync.fs import is_koop_path
from koop_tui.sync.incoming import Incoming, summarize
from koop_tui.sync.remote import Remote, explain_remote_error, find_remote, is_rejected
from koop_tui.sync.repair import repair, resolve_unmerged
from koop_tui.sync.state import DETACHED, repo_state, state_text
from koop_tui.sync.validate import (
    described, errors_under, file_errors, new_errors, partner_paths, read_koop_file,
)
from koop_tui.words import plural

PUSH_ATTEMPTS = 3


def _state_hint(state: str) -> str:
    """What to do about a git operation in progress (state.repo_state) before koop can sync."""
    if state == "index.lock":
        return _("if no git command is running, remove .git/index.lock yourself, then sync again")
    if state == "MERGE_HEAD":
        return _("finish it: `koop sync --repair`, or fix the files and `git commit --no-edit`")
    if state in ("rebase-merge", "rebase-apply"):
        return _("finish or abort it first: `git rebase --continue` or `git rebase --abort`")
    if state == DETACHED:
        return _("switch to your branch first, e.g. `git switch main`")
    return _("finish it with git first")


class SyncStop(Exception):
    """Sync cannot go on; the message and hint are for people, nothing was lost."""

    def __init__(self, message: str, hint: str = "", conflicts: list[str] | None = None) -> None:
        super().__init__(message)
        self.message, self.hint, self.conflicts = message, hint, conflicts or []


@dataclass
class SyncResult:
    """What a sync did; `ok` False means it stopped (message and hint say why and what to do)."""

    ok: bool
    message: str
    hint: str = ""
    committed: list[str] = field(default_factory=list)
    incoming: Incoming | None = None
    pushed: int = 0
    new_branch: str = ""  # "origin/feature" when the push made that branch beside others on the remote
    conflicts: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    followed: list[tuple[str, str]] = field(default_factory=list)  # deleted here, edited there: (old, renamed to)
    repaired: list[str] = field(default_factory=list)
    concluded: str = ""  # the message of an interrupted merge this sync committed (also in `committed`)
    merged: int = 0  # files changed on both sides, merged by record
    brought_in: list[Problem] = field(default_factory=list)  # errors in koop files as they came in (_brought_in)
    progress: Progress | None = field(default=None, repr=False, compare=False)

    def deletions_met(self) -> list[str]:
        """What the merge did with files deleted on one side and edited on the other, a line each."""
        return [_("kept: {path} (deleted on one side, edited on the other)").format(path=path) for path in self.kept] \
            + [_("followed: {old} was renamed to {new} on one side and edited on the other; the edits are in {new}")
               .format(old=old, new=new) for old, new in self.followed]


def run_sync(root: Path, repair_merge: bool = False, progress: Progress | None = None) -> SyncResult:
    """Commit pending changes of koop files, fetch, merge, push; stop with an explanation when unsafe.

    `progress(done, total)` is called while files changed on both sides are merged."""
    root = Path(root)
    result = SyncResult(ok=False, message="")
    result.progress = progress
    try:
        head = _sync(root, repair_merge, result)
    except SyncStop as stop:
        result.message, result.hint = stop.message, stop.hint
        result.conflicts = stop.conflicts or result.conflicts
        return result
    except git.GitError as exc:
        result.message = _("sync stopped: {error}").format(error=exc)
        result.hint = _("nothing was lost; fix the cause and run `koop sync` again")
        return result
    result.ok = True
    result.conflicts = _conflict_files(root, head)
    result.message = _done_message(result)
    return result


CONFLICTS_CACHE = "koop-conflicts"


CONFLICT_PATTERNS = (r"\[\[conflicts\]\]", "^<<<<<<< ")
CONFLICT_FILES = ("koop.toml", "partners/*.toml")
RESCAN_AT_MOST = 300  # changed files grepped by name; more: one grep of all (each name is matched to each file)


def _conflict_files(root: Path, head: str | None) -> list[str]:
    """koop files holding conflict records or markers. After a sync, koop's files are as committed, so the
    answer depends on the commit synced to (`head`, None when not known here) alone: it is kept in
    .git/koop-conflicts with its commit. For another commit only the files changed since that one are read
    again (a sync would otherwise read every partner file)."""
    head = head or git.head(root)
    cache = git.git_dir(root) / CONFLICTS_CACHE
    try:
        key, _, files = cache.read_text(encoding="utf-8").partition("\n")
        known = {f for f in files.split("\0") if f}
    except (OSError, UnicodeDecodeError):
        key, known = "", set()
    if head and key == head:
        return sorted(known)
    found = _rescan(root, key, head, known) if head and git.is_commit_id(key) else None
    if found is None:
        found = git.files_containing(root, CONFLICT_PATTERNS, *CONFLICT_FILES)
    if head:
        try:
            atomic_write(cache, (head + "\n" + "\0".join(found)).encode("utf-8"), flush=False)
        except OSError:
            pass
    return found


def _rescan(root: Path, scanned: str, head: str, known: set[str]) -> list[str] | None:
    """The conflict files at `head` from those at `scanned` (`known`) and the koop files changed between
    the two commits; None when that is not known (a commit gone) or would not be quicker."""
    try:
        changed = {c.path for c in git.changes(root, scanned, head, *CONFLICT_FILES)}
    except git.GitError:
        return None
    if len(changed) > RESCAN_AT_MOST:
        return None
    present = sorted(p for p in changed if (root / p).is_file())
    again = set(git.files_containing(root, CONFLICT_PATTERNS, *present)) if present else set()
    return sorted((known - changed) | again)


def _done_message(result: SyncResult) -> str:
    incoming = result.incoming
    parts = [_("received {what}").format(what=incoming.text()) if incoming else _("nothing to fetch")]
    if result.pushed and result.new_branch:
        parts.append(plural(result.pushed, "pushed {n} commit to the new branch {branch}",
                            "pushed {n} commits to the new branch {branch}", branch=result.new_branch))
    elif result.pushed:
        parts.append(plural(result.pushed, "pushed {n} commit", "pushed {n} commits"))
    broken = sorted({p.path for p in result.brought_in})
    if broken:
        parts.append(plural(len(broken), "{n} file came in with errors ({files})",
                            "{n} files came in with errors ({files})", files=", ".join(broken)))
    return _("synced: {what}").format(what="; ".join(parts))


def _sync(root: Path, repair_merge: bool, result: SyncResult) -> str | None:
    """The steps of a sync; returns HEAD when it is known to be what the remote has (else None)."""
    if not git.is_repo(root):
        git.run(root, "--version")  # raises "git is not installed" rather than blaming the workspace
        raise SyncStop(_("this workspace is not a git repository"),
                       _("run `git init` in it and add a remote to sync"))
    with _one_sync_at_a_time(root):
        return _sync_locked(root, repair_merge, result)


SYNC_LOCK = "koop-sync.lock"


@contextmanager
def _one_sync_at_a_time(root: Path) -> Iterator[None]:
    """Only one sync per clone: a second one would take the first's attribute block for one a killed sync left
    (and conclude its merge), or commit what the first is committing. An flock, so a killed sync holds none."""
    try:
        fd = os.open(git.git_dir(root) / SYNC_LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError:
        yield  # a git directory koop cannot write to: git's own steps say why
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncStop(_("another koop sync is running in this workspace"),
                           _("wait for it to finish (the app's sync, or `koop sync` in another terminal), "
                             "then sync again if you still need to")) from None
        yield
    finally:
        os.close(fd)


@contextmanager
def _no_saves(root: Path) -> Iterator[None]:
    """The store's workspace lock while sync changes the work tree: a save (the app, `koop log`) waits, so it
    neither lands between git's merge and the merged files sync writes (which would overwrite it) nor reads a
    file half merged."""
    with ExitStack() as stack:
        try:
            stack.enter_context(workspace_lock(root))
        except KoopError as exc:
            raise SyncStop(_("cannot merge now: {problem}").format(problem=exc.message),
                           _("your changes are committed locally; run `koop sync` again in a moment")) from None
        yield


def _sync_locked(root: Path, repair_merge: bool, result: SyncResult) -> str | None:
    left_to_sync = batch.take_back_override(root)  # files a killed sync had git leave unmerged for it
    with _no_saves(root):
        if repair_merge:
            _repair(root, result)
        _conclude_interrupted_merge(root, result, left_to_sync)
    _check_state(root)
    changes = changed_entries(root, *KOOP_PATHSPECS)
    pending = [e for e in changes if is_koop_path(e.path) and e.change != "unmerged"]
    _refuse_broken_edits(root, pending)
    if register_merge_driver(root):
        result.committed.append("Register koop merge driver in .gitattributes")
        pending = [e for e in pending_koop_changes(root) if e.change != "unmerged"]
    _refuse_wrong_attributes(root, attributes.worktree_problems(root), "HEAD")
    if any(e.change == "deleted" for e in changes):  # without a deletion, nothing to count
        _refuse_mass_deletion(root)
    if pending:
        try:
            msg = commit_hand_edits(root, pending)
        except git.GitError as exc:  # a hook, commit signing: git's line says which
            if exc.message == git.nobody():
                raise
            raise SyncStop(_("could not commit your hand edits of koop's files") + "\n  "
                           + _("git says: {line}").format(line=exc.message),
                           _("your edits are saved, nothing was shared; fix what git names (a hook, commit signing), "
                             "then sync again")) from None
        result.committed = [m for m in result.committed if not m.startswith("Register")] + [msg]
    remote = find_remote(root)
    if remote is None:
        raise SyncStop(_("no remote to sync with; your changes are committed locally"),
                       _("add one, e.g. `git remote add origin URL`, then run `koop sync` again"))
    for attempt in range(PUSH_ATTEMPTS):
        in_step = _fetch_and_merge(root, remote, result)
        if in_step:
            return in_step  # HEAD is the upstream: nothing to push
        if _push(root, remote, result, last=attempt == PUSH_ATTEMPTS - 1):
            return None
    return None


def _conclude_interrupted_merge(root: Path, result: SyncResult, left_to_sync: set[str]) -> None:
    """A merge that stopped before its commit (the process killed, e.g. in a pre-merge-commit hook) with
    nothing left unmerged but the files a killed sync had git leave to it (`left_to_sync`) is committed as
    the merge it was, after its koop files are merged again (a kill may have come before sync wrote its
    results) and checked. Anything else stays refused by _check_state."""
    gitdir = git.git_dir(root)
    if not (gitdir / "MERGE_HEAD").exists() and not (gitdir / "AUTO_MERGE").exists():
        return
    ours = git.head(root)
    if ours is None or repo_state(gitdir, ours) not in ("", "MERGE_HEAD") \
            or not set(git.unmerged_paths(root)) <= left_to_sync:
        return
    theirs = git.rev(root, "MERGE_HEAD") or _lost_merge(root, gitdir, ours)
    if theirs is None or git.merge_base(root, ours, theirs) == theirs:
        return
    results = batch.premerge(root, batch.to_merge(root, ours, theirs), result.progress)
    batch.write_results(root, results)
    result.merged += len(results)
    message = (gitdir / "MERGE_MSG").read_text(encoding="utf-8", errors="replace").partition("\n")[0] \
        if (gitdir / "MERGE_MSG").exists() else "Merge"
    _commit_merge(root, ours)
    result.committed.append(message)
    result.concluded = message
    new = git.head(root)
    result.incoming = _add(result.incoming, summarize(root, ours, new))
    result.brought_in += _brought_in(root, ours, new)


def _lost_merge(root: Path, gitdir: Path, ours: str) -> str | None:
    """The upstream commit whose merge a killed `git merge` left staged without MERGE_HEAD, else None.

    git writes MERGE_HEAD only after the pre-merge-commit hook; a kill before leaves the merged index and
    AUTO_MERGE (the merge's tree). When the index is that tree, HEAD has not moved, and every staged path is
    one the upstream changed, it is the upstream's merge: MERGE_HEAD and MERGE_MSG are written back."""
    remote = find_remote(root)
    theirs = git.rev(root, remote.tracking) if remote else None
    if theirs is None or not (gitdir / "AUTO_MERGE").exists() or git.rev(root, "ORIG_HEAD") != ours:
        return None
    auto = git.run(root, "rev-parse", "--verify", "-q", "AUTO_MERGE^{tree}").out.strip()
    if not auto or git.check(root, "write-tree").strip() != auto:
        return None
    base = git.merge_base(root, ours, theirs)
    staged = set(git.check(root, "diff", "--cached", "--name-only", "-z", "HEAD").split("\0")) - {""}
    incoming = {p for _, p in git.name_status(root, base, theirs)}
    if not staged or not staged <= incoming:
        return None
    git.check(root, "update-ref", "MERGE_HEAD", theirs)
    (gitdir / "MERGE_MSG").write_text(f"Merge remote-tracking branch '{remote.name}/{remote.branch}'\n",
                                      encoding="utf-8")
    return theirs


def _check_state(root: Path) -> None:
    state = repo_state(git.git_dir(root), git.branch(root))
    if state:
        raise SyncStop(_("cannot sync: {problem}").format(problem=state_text(state)), _state_hint(state))
    unmerged = git.unmerged_paths(root)
    if unmerged:
        raise SyncStop(_("cannot sync: unresolved conflicts in {files}").format(files=", ".join(unmerged)),
                       _("run `koop sync --repair`, or fix them and `git add` them"), unmerged)


def _refuse_mass_deletion(root: Path) -> None:
    tracked = git.ls_tree(root, "HEAD", "partners") if git.head(root) else []
    try:
        present = {f"partners/{name}" for name in os.listdir(root / "partners")}
    except OSError:
        present = set()
    missing = [p for p in tracked if p not in present]
    if missing and len(missing) * 2 > len(tracked):
        raise SyncStop(
            plural(len(tracked), "refusing to sync: {deleted} of {n} partner file is deleted in the work tree",
                   "refusing to sync: {deleted} of {n} partner files are deleted in the work tree",
                   deleted=number(len(missing))),
            _("restore them with `git restore partners`, or if you mean it, commit the deletion yourself "
              "(`git commit -a`) and sync again"),
        )


def _refuse_broken_edits(root: Path, pending: list) -> None:
    """A hand edit that leaves a file unusable is not shared: every teammate's koop would skip that partner (or
    run on default settings), and the next merge of that file would stop. Files that load with problems
    (an unknown stage, open [[conflicts]]) are shared: `koop check` shows them to everyone."""
    changed = sorted(e.path for e in pending if e.change not in ("deleted", "unmerged") and e.path.endswith(".toml"))
    if not changed:
        return
    from koop_tui.store.files import NotRegular, TooLarge, read_regular
    from koop_tui.store.loader import load_settings, unreadable

    settings = load_settings(root)[0]
    found = []
    for path in changed:
        try:
            data = read_regular(root / path)[0]
        except (OSError, NotRegular, TooLarge) as exc:
            found.append(unreadable(path, exc))
            continue
        usable, errors = file_errors(data, path, settings)
        if not usable:
            found.append(errors[0])
    if not found and "koop.toml" in changed:
        _refuse_settings_breaking_partners(root, settings)
    if found:
        first = found[0]
        where = _("line {line}: {problem}").format(line=first.line, problem=first.message) if first.line \
            else first.message
        message = _("refusing to sync: {path} is broken ({problem})").format(path=first.path, problem=where)
        if len(found) > 1:
            message += plural(len(found) - 1, "; {n} more broken file", "; {n} more broken files")
        raise SyncStop(message, _("nothing was committed; fix it (`koop check` lists every problem) or undo the "
                                  "edit (`git restore {path}`, or remove a new file), then sync again").format(
                                      path=first.path))


def _refuse_settings_breaking_partners(root: Path, settings) -> None:
    """A hand edit of koop.toml under which partner files get errors (a kind they use removed) is not shared:
    every teammate's koop would compute nothing from those partners."""
    from koop_tui.store.settings_check import parse_settings_bytes

    committed = git.read_blobs(root, ["HEAD:koop.toml"]).get("HEAD:koop.toml") if git.head(root) else None
    before = parse_settings_bytes(committed or b"")[0]
    errors = errors_under(root, partner_paths(root), settings,
                          lambda paths: {path: read_koop_file(root, path)[0] for path in paths}, before, set())
    if errors:
        files = {p.path for p in errors}
        raise SyncStop(
            plural(len(files), "refusing to sync: koop.toml as edited gives {n} partner file errors it did not "
                   "have: {problem}", "refusing to sync: koop.toml as edited gives {n} partner files errors they "
                   "did not have: {problem}", problem=described(errors)),
            _("nothing was committed; put back in koop.toml what those files use, or change the files first "
              "(`koop check` lists every problem), then sync again"))


def _fetch_and_merge(root: Path, remote: Remote, result: SyncResult) -> str | None:
    """Fetch and merge what came in; returns HEAD when it is the upstream (nothing to merge or push)."""
    res = git.fetch(root, remote.name)
    if not res.ok:
        raise SyncStop(*explain_remote_error(remote, res.err))
    with _no_saves(root):
        return _merge(root, remote, result)


def _merge(root: Path, remote: Remote, result: SyncResult) -> str | None:
    """_fetch_and_merge after the fetch."""
    old, upstream = git.revs(root, "HEAD", remote.tracking)
    if upstream is None:
        return None  # the branch does not exist there yet: the push creates it
    if old == upstream:
        return old
    if old is not None and git.merge_base(root, old, upstream) == upstream:
        return None  # nothing new there
    _refuse_incoming_mass_deletion(root, old, upstream, remote)
    _refuse_incoming_settings_deletion(root, old, upstream, remote)
    _refuse_incoming_attributes(root, old, upstream, remote)
    ids = batch.to_merge(root, old, upstream) if old else {}
    with batch.keeping_ours(root, ids):
        running = git.start_merge(root, f"{remote.name}/{remote.branch}")
        try:  # koop's merge of the files changed on both sides, and its check, while git merges the rest
            results = batch.premerge(root, ids, result.progress)
            errors = batch.check_results(root, git.merge_base(root, old, upstream), upstream, ids, results) \
                if old else []
        except BaseException:
            running.wait()
            if git.rev(root, "MERGE_HEAD"):
                git.merge_abort(root)
            raise
        res = running.wait()
    merging = git.rev(root, "MERGE_HEAD") is not None
    if merging:
        batch.write_results(root, results)  # this resolves the files git left unmerged for sync
        result.merged += len(results)
    if not res.ok and (not merging or git.unmerged_paths(root)):
        _finish_failed_merge(root, res, result)
    if git.rev(root, "MERGE_HEAD"):
        _commit_merge(root, old, attributes_checked=True, errors=errors)
    new = git.head(root)
    if new and new != old:
        known = {p: (r.ours, r.data) for p, r in results.items() if r.ours is not None and r.data is not None}
        result.incoming = _add(result.incoming, summarize(root, old, new, known))
        if old:
            result.brought_in += _brought_in(root, old, new)
    return new if new == upstream else None  # a fast-forward


def _brought_in(root: Path, old: str, new: str) -> list[Problem]:
    """Errors koop's files have as this sync brought them in (from `old` to `new`) that they did not have at
    `old`: a file a teammate shared with plain git that koop cannot use or that has errors, or a koop.toml
    under which partner files get errors (then every partner file is checked). They are shared already, and
    nothing of this clone is lost, so they are not refused but named, and sync exits 1."""
    from koop_tui.store.loader import load_settings
    from koop_tui.store.settings_check import parse_settings_bytes

    changes = {c.path: c for c in git.changes(root, old, new, "partners", "koop.toml")
               if batch.is_koop_file(c.path)}
    if not changes:
        return []
    wanted = {path for path, c in changes.items() if c.new is not None}
    settings_changed = "koop.toml" in changes
    if settings_changed:
        wanted.update(partner_paths(root))
    settings = load_settings(root)[0]
    blobs = git.read_blobs(root, [c.old for c in changes.values() if c.old]) if changes else {}
    settings_before = parse_settings_bytes(blobs.get(changes["koop.toml"].old) or b"")[0] \
        if settings_changed else settings

    def before(paths: list[str]) -> dict[str, bytes | None]:
        return {path: (blobs.get(changes[path].old) if changes[path].old else None) if path in changes
                else read_koop_file(root, path)[0] for path in paths}

    return errors_under(root, sorted(wanted), settings, before, settings_before, set(changes))


def _add(before: Incoming | None, inc: Incoming) -> Incoming:
    return inc if before is None else before.add(inc)


def _refuse_incoming_mass_deletion(root: Path, old: str | None, upstream: str, remote: Remote) -> None:
    if old is None:
        return
    base = git.merge_base(root, old, upstream)
    deleted = [p for s, p in git.name_status(root, base, upstream, "partners") if s == "D"] if base else []
    ours = git.ls_tree(root, "HEAD", "partners") if deleted else []
    if len(ours) >= 2 and len(deleted) * 2 > len(ours):
        raise SyncStop(
            plural(len(ours), "refusing to merge: {branch} deletes {deleted} of {n} partner file",
                   "refusing to merge: {branch} deletes {deleted} of {n} partner files", branch=remote.tracking,
                   deleted=number(len(deleted))),
            _("nothing was changed here; if that is intended, merge it yourself: `git merge {branch}`").format(
                branch=remote.tracking),
        )


def _refuse_incoming_settings_deletion(root: Path, old: str | None, upstream: str, remote: Remote) -> None:
    """koop.toml makes the directory a koop workspace: merged away, no koop command (not even `koop sync`)
    would find the workspace here any more."""
    base = git.merge_base(root, old, upstream) if old else None
    if base and any(c.status == "D" for c in git.changes(root, base, upstream, "koop.toml") if c.path == "koop.toml"):
        raise SyncStop(
            _("refusing to merge: {branch} deletes koop.toml, which makes this directory a koop workspace").format(
                branch=f"{remote.name}/{remote.branch}"),
            _("nothing was changed here; bring it back where it was deleted (`git log --diff-filter=D -- koop.toml` "
              "names the commit; `git revert` it) and push that, then sync here again"))


def _finish_failed_merge(root: Path, res: git.GitResult, result: SyncResult) -> None:
    """Modify/delete conflicts keep the edited file; anything else stops with the list of files."""
    if not git.unmerged_paths(root):
        in_the_way = _files_in_the_way(res.err + res.out)
        if in_the_way:
            files = ", ".join(in_the_way[:5])
            if len(in_the_way) > 5:
                files = plural(len(in_the_way) - 5, "{files} and {n} more", "{files} and {n} more", files=files)
            raise SyncStop(_("merge not started: the incoming changes would overwrite {files}, not committed here "
                             "(untracked, or changed and not committed)").format(files=files),
                           _("nothing was changed; move that file away (or commit it, if it is yours to share), "
                             "then sync again"))
        raise SyncStop(_("merge failed: {error}").format(error=git.first_line(res.err + res.out)),
                       _("nothing was lost; fix the cause (see git's message) and sync again"))
    rep = resolve_unmerged(root, only_deletions=True)
    result.kept += rep.kept
    result.followed += rep.followed
    left = git.unmerged_paths(root)
    if left:
        raise SyncStop(
            _("merge stopped with conflicts koop could not resolve in: {files}").format(files=", ".join(left)),
            _("run `koop sync --repair`; for other files fix the markers, `git add` them, `git commit --no-edit`, "
              "then `koop sync`"),
            left,
        )


def _files_in_the_way(text: str) -> list[str]:
    """The files git lists when a merge would overwrite untracked or uncommitted ones."""
    files, listing = [], False
    for line in text.splitlines():
        if "would be overwritten by merge" in line:
            listing = True
        elif listing and line.startswith("\t"):
            files.append(line.strip())
        else:
            listing = False
    return files


def _commit_merge(root: Path, old: str | None, attributes_checked: bool = False, errors: list | None = None) -> None:
    """Commit the merge in progress once its files check out; a result with errors is aborted, never shared.
    `attributes_checked`: this sync checked the work tree's attributes before merging; `errors`: what the
    check of the files merged by record found (batch.check_results), None to check the work tree's."""
    problems = _merge_problems(root, old, attributes_checked, errors)
    if problems:
        aborted = git.merge_abort(root)
        message = _("refusing to commit the merge: {problem}; the merge was undone, your files are as before, "
                    "nothing was pushed") if aborted.ok else \
            _("refusing to commit the merge: {problem}; the merge is not committed (undo it with "
              "`git merge --abort`), nothing was pushed")
        raise SyncStop(message.format(problem=problems),
                       _("the incoming change or its .gitattributes is at fault: fix it where it was made "
                         "(`koop check` there), then sync again"))
    done = git.commit_merge(root)
    if not done.ok:
        raise SyncStop(_("could not commit the merge: {error}").format(error=git.first_line(done.err + done.out)),
                       _("fix the cause, then `git commit --no-edit` and `koop sync`"))


def _merge_problems(root: Path, old: str | None, attributes_checked: bool, errors: list | None) -> str:
    """What is wrong with the merge in the work tree ("" when nothing): attributes that switch off koop's
    merge, or files changed on both sides (the ones the merge produced) that have new errors. Attributes
    checked before the merge are checked again only when the incoming side changed a .gitattributes."""
    theirs = git.rev(root, "MERGE_HEAD")
    base = git.merge_base(root, old, theirs) if old and theirs else None
    again = not attributes_checked or base is None or _attributes_incoming(root, old, theirs)
    wrong = attributes.worktree_problems(root) if again else []
    if wrong:
        return _("it sets git attributes koop's files must not have ({attribute})").format(attribute=wrong[0])
    if base is None:
        return ""
    if errors is None:
        ids = batch.both_sides(root, base, old, theirs)
        errors = new_errors(root, [p for p in ids if (root / p).is_file()], batch.side_versions(root, ids))
    return _("the merged {problem}").format(problem=described(errors)) if errors else ""


def _refuse_wrong_attributes(root: Path, wrong: list[str], commit: str, incoming: str = "") -> None:
    """Stop before merging under git attributes that would switch off koop's merge or its UTF-8."""
    if not wrong:
        return
    files = ", ".join(attributes.attribute_files(root, commit)) or ".gitattributes"
    first = wrong[0] + (plural(len(wrong) - 1, " (and {n} more)", " (and {n} more)") if len(wrong) > 1 else "")
    if incoming:
        raise SyncStop(
            _("refusing to merge: {branch} sets git attributes that switch off koop's merge or encoding: "
              "{attribute}").format(branch=incoming, attribute=first),
            _("nothing was changed here; koop's files need `merge=koop` and plain UTF-8: in the clone that changed "
              "{files}, remove that line (or put back `partners/*.toml merge=koop` and `koop.toml merge=koop`), "
              "sync there, then sync here again").format(files=files))
    local = attributes.local_attribute_file(root)
    if local:
        files = f"{files}, {local}"
    raise SyncStop(
        _("refusing to sync: git attributes switch off koop's merge or encoding: {attribute}").format(
            attribute=first),
        _("koop's files need `merge=koop` and plain UTF-8: remove that line from {files} "
          "(`git check-attr -a PATH` shows what applies), commit, then sync again").format(files=files))


def _refuse_incoming_attributes(root: Path, old: str | None, upstream: str, remote: Remote) -> None:
    """The attributes the incoming commits set, checked before git merges (or checks out) under them."""
    if _attributes_incoming(root, old, upstream):
        _refuse_wrong_attributes(root, attributes.commit_problems(root, upstream), upstream,
                                 f"{remote.name}/{remote.branch}")


def _attributes_incoming(root: Path, old: str | None, theirs: str) -> bool:
    """Whether `theirs` changed a .gitattributes file since its merge base with `old` (or `old` is None)."""
    base = git.merge_base(root, old, theirs) if old else None
    return base is None or bool(git.name_status(root, base, theirs, ".gitattributes", "*/.gitattributes"))


def _push(root: Path, remote: Remote, result: SyncResult, last: bool) -> bool:
    """Push when there is something to push; False when the remote moved meanwhile (fetch and merge again)."""
    head, upstream = git.revs(root, "HEAD", remote.tracking)
    if head is None or head == upstream:
        return True  # nothing to push
    ahead = git.count(root, f"{remote.tracking}..HEAD") if upstream else \
        git.count(root, "HEAD", "--not", f"--remotes={remote.name}")  # a new branch: what the remote lacks
    beside = upstream is None and bool(git.run(root, "for-each-ref", "--count=1", f"refs/remotes/{remote.name}/").out)
    if not ahead:
        return True
    res = git.push(root, remote.name, remote.branch, set_upstream=not remote.configured)
    if res.ok:
        result.pushed += ahead
        if beside:  # the remote has other branches (the team's): this one is not what they sync
            result.new_branch = f"{remote.name}/{remote.branch}"
        return True
    if is_rejected(res.out + res.err) and not last:
        return False
    raise SyncStop(*explain_remote_error(remote, res.out + res.err, pushing=True))


def _repair(root: Path, result: SyncResult) -> None:
    rep = repair(root)
    result.repaired += rep.merged
    result.kept += rep.kept
    result.followed += rep.followed
    if rep.failed:
        files = [p for p, why in rep.failed]
        raise SyncStop(_("could not repair: {files}").format(files="; ".join(f"{p}: {why}" for p, why in rep.failed)),
                       _("fix these files by hand, `git add` them, then `git commit --no-edit`"), files)
    if git.rev(root, "MERGE_HEAD") and not git.unmerged_paths(root):
        done = git.commit_merge(root)
        if not done.ok:
            raise SyncStop(_("could not commit the repaired merge: {error}").format(
                error=git.first_line(done.err + done.out)),
                _("commit it yourself with `git commit --no-edit`, then `koop sync`"))
