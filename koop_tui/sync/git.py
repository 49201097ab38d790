"""Every git call koop makes: non-interactive, clean environment, timeouts, nothing destructive.

Only this module starts git. It never runs `reset --hard`, `stash`, `rebase`, `clean` or a forced push.
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from koop_tui import i18n
from koop_tui.errors import KoopError
from koop_tui.i18n import _

# Variables that point git at another repository, index or config (`git rev-parse --local-env-vars`).
REPO_ENV_VARS = (
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE", "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_PREFIX", "GIT_SHALLOW_FILE",
    "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM",
)
LOCAL_TIMEOUT = 30.0
NETWORK_TIMEOUT = 90.0


class GitError(KoopError):
    """git is missing, timed out, or failed where failure is not an answer; uncaught, the CLI says it in a line."""


def not_installed() -> GitError:
    return GitError(_("git is not installed (or not on PATH)"))


def _timed_out(command: str, seconds: float) -> GitError:
    return GitError(_("git {command} did not finish within {seconds} s").format(command=command,
                                                                               seconds=f"{seconds:.0f}"))


def failed(command: str, err: str = "") -> str:
    """git's own line from `err`, else "git COMMAND failed": what a GitError says when git refused."""
    return first_line(err) or _("git {command} failed").format(command=command)


@dataclass(frozen=True)
class GitResult:
    """What one git run produced."""

    code: int
    out: str
    err: str

    @property
    def ok(self) -> bool:
        return self.code == 0


def clean_env(root: Path) -> dict[str, str]:
    """The caller's environment without repo pointers, never prompting, C locale, stopping at `root`; koop's
    language passed on, so that the merge driver git runs speaks it."""
    env = {k: v for k, v in os.environ.items() if k not in REPO_ENV_VARS and not k.startswith("GIT_CONFIG_KEY_")
           and not k.startswith("GIT_CONFIG_VALUE_")}
    env.update(
        GIT_TERMINAL_PROMPT="0",
        GIT_SSH_COMMAND="ssh -o BatchMode=yes -o ConnectTimeout=15",
        GIT_ASKPASS="",
        SSH_ASKPASS="",
        GIT_EDITOR=":",
        GIT_MERGE_AUTOEDIT="no",
        GIT_PAGER="cat",
        LC_ALL="C",
        LANGUAGE="C",
        **{i18n.PASSED: i18n.language()},
        GIT_CEILING_DIRECTORIES=str(Path(root).resolve().parent),
    )
    return env


def run(root: Path, *args: str, timeout: float = LOCAL_TIMEOUT, input: bytes | None = None,
        env: dict[str, str] | None = None) -> GitResult:
    """Run `git -C root ARGS` and return its exit code and output; raise GitError if it cannot run.

    `env` adds variables to the clean environment (e.g. a temporary GIT_INDEX_FILE)."""
    raw = run_bytes(root, *args, timeout=timeout, input=input, env=env)
    return GitResult(raw.code, raw.out.decode("utf-8", "replace"), raw.err.decode("utf-8", "replace"))


@dataclass(frozen=True)
class _Raw:
    code: int
    out: bytes
    err: bytes


def _command(root: Path, args: tuple[str, ...]) -> list[str]:
    return ["git", "-C", str(root), "-c", "core.quotepath=off", "-c", "color.ui=never", *args]


class Running:
    """A git command started in the background; `wait` gives what it produced. Its output goes to temporary
    files: a long listing never stalls it on a full pipe while this process does other work."""

    def __init__(self, root: Path, args: tuple[str, ...], timeout: float) -> None:
        import tempfile

        self.args, self.timeout = args, timeout
        self.out, self.err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        try:
            self.proc = subprocess.Popen(_command(root, args), env=clean_env(root), stdin=subprocess.DEVNULL,
                                         stdout=self.out, stderr=self.err)
        except FileNotFoundError:
            self._close()
            raise not_installed() from None

    def wait(self) -> GitResult:
        try:
            code = self.proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self._close()
            raise _timed_out(self.args[0], self.timeout) from None
        out, err = (self._read(f) for f in (self.out, self.err))
        self._close()
        return GitResult(code, out, err)

    @staticmethod
    def _read(handle) -> str:
        handle.seek(0)
        return handle.read().decode("utf-8", "replace")

    def _close(self) -> None:
        self.out.close()
        self.err.close()


def run_bytes(root: Path, *args: str, timeout: float = LOCAL_TIMEOUT, input: bytes | None = None,
              env: dict[str, str] | None = None) -> _Raw:
    cmd = _command(root, args)
    try:
        proc = subprocess.run(
            cmd, env={**clean_env(root), **(env or {})}, input=input, capture_output=True, timeout=timeout,
            stdin=None if input is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise not_installed() from None
    except subprocess.TimeoutExpired:
        raise _timed_out(args[0], timeout) from None
    return _Raw(proc.returncode, proc.stdout, proc.stderr)


def check(root: Path, *args: str, timeout: float = LOCAL_TIMEOUT) -> str:
    """Run git and return stdout; raise GitError with git's own message on failure."""
    res = run(root, *args, timeout=timeout)
    if not res.ok:
        raise GitError(first_line(res.err) or _("git {command} failed ({code})").format(command=args[0], code=res.code))
    return res.out


# What git says when it does not know who commits (no user.name or user.email anywhere, as on a new machine)
_NO_IDENTITY = ("Please tell me who you are", "unable to auto-detect email address", "empty ident name")


def nobody() -> str:
    """What to do when git does not know who commits."""
    return _("git does not know who you are; tell it once: git config --global user.name \"Your Name\" and "
             "git config --global user.email you@example.com")


def first_line(text: str) -> str:
    """The most telling line of git's stderr (fatal/error lines first); git not knowing who commits is said with
    what to do about it."""
    if any(words in text for words in _NO_IDENTITY):
        return nobody()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[0] if lines else ""


def is_repo(root: Path) -> bool:
    """True when `root` itself is the top of a git work tree (a parent repository does not count)."""
    dot_git = Path(root) / ".git"
    if not dot_git.exists():
        return False
    if dot_git.is_dir() and not dot_git.is_symlink() and (dot_git / "HEAD").is_file() \
            and (dot_git / "objects").is_dir() and (dot_git / "refs").is_dir():
        return True  # what git itself checks before it takes a directory for a repository at `root`
    try:
        res = run(root, "rev-parse", "--show-toplevel")
    except GitError:
        return False
    return res.ok and Path(res.out.strip()).resolve() == Path(root).resolve()


def git_dir(root: Path) -> Path:
    """The repository's .git directory (also for worktrees, where .git is a file). A `.git` directory at the
    top of the work tree is it (git itself finds it so, its environment cleaned): no git is started."""
    dot_git = Path(root).resolve() / ".git"
    if dot_git.is_dir() and not dot_git.is_symlink():
        return dot_git
    out = check(root, "rev-parse", "--absolute-git-dir").strip()
    return Path(out)


def head(root: Path) -> str | None:
    """The commit HEAD points at, or None on an unborn branch."""
    res = run(root, "rev-parse", "--verify", "-q", "HEAD")
    return res.out.strip() if res.ok else None


def rev(root: Path, name: str) -> str | None:
    if name == "MERGE_HEAD":  # git keeps MERGE_HEAD as a file of its own: read, no git started
        try:
            first = (git_dir(root) / name).read_text(encoding="ascii").split("\n", 1)[0].strip()
        except FileNotFoundError:
            return None  # no merge
        except (OSError, UnicodeDecodeError):
            first = ""
        if _COMMIT_ID.fullmatch(first):
            return first
    res = run(root, "rev-parse", "--verify", "-q", name + "^{commit}")
    return res.out.strip() if res.ok else None


def revs(root: Path, *names: str) -> list[str | None]:
    """The commits of several names in one git call (None for a name that is not a commit)."""
    res = run(root, "rev-parse", *(n + "^{commit}" for n in names))
    if res.ok and len(res.out.split()) == len(names):
        return res.out.split()
    return [rev(root, name) for name in names]


def branch(root: Path) -> str | None:
    """The current branch name, or None when HEAD is detached. Read from .git/HEAD when git keeps it as a
    plain file naming a branch; else (a reftable repository's placeholder, a worktree) asked of git."""
    try:
        head_file = (git_dir(root) / "HEAD").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError, GitError):
        head_file = ""
    name = head_file.removeprefix("ref: refs/heads/")
    if head_file.startswith("ref: refs/heads/") and name and name != ".invalid":
        return name
    res = run(root, "symbolic-ref", "-q", "--short", "HEAD")
    return res.out.strip() if res.ok else None


def config_get(root: Path, key: str) -> str | None:
    res = run(root, "config", "--get", key)
    return res.out.strip() if res.ok else None


def config_values(root: Path, *keys: str) -> dict[str, str]:
    """The values of several config keys in one git call, by the keys as given (absent: not in the dict)."""
    canonical = {_config_key(k): k for k in keys}
    pattern = "^(" + "|".join(re.escape(k) for k in canonical) + ")$"
    res = run(root, "config", "-z", "--get-regexp", pattern)
    out: dict[str, str] = {}
    for entry in res.out.split("\0") if res.ok else []:
        key, value = entry.partition("\n")[0::2]
        if key in canonical:
            out[canonical[key]] = value  # the last one wins, as for `git config --get`
    return out


def _config_key(key: str) -> str:
    """A key as git writes it: section and name lower-case, a subsection (a branch name) as it is."""
    section, rest = key.partition(".")[0::2]
    middle, name = rest.rpartition(".")[0::2]
    return f"{section.lower()}.{middle + '.' if middle else ''}{name.lower()}"


def config_set(root: Path, key: str, value: str) -> None:
    check(root, "config", "--local", key, value)


def remotes(root: Path) -> list[str]:
    return check(root, "remote").split()


def status_v2(root: Path, *paths: str) -> str:
    """`git status --porcelain=v2 --branch -z` (optionally limited to paths); untracked files listed."""
    return check(root, "status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--", *paths)


def unmerged_paths(root: Path) -> list[str]:
    """Paths with unmerged entries in the index (read from the index alone: no file in the work tree is
    looked at, which a `git diff` would do for every file)."""
    out = check(root, "ls-files", "-u", "-z")
    return sorted({entry.partition("\t")[2] for entry in out.split("\0") if entry})


def stage_all(root: Path, paths: list[str]) -> None:
    """Stage additions, edits and deletions of exactly these paths."""
    if paths:
        check(root, "add", "-A", "--", *paths)


def stage_files(root: Path, paths: list[str]) -> None:
    """Stage the work tree's content of these files, present and tracked (or unmerged: that resolves them).
    One `git update-index` reading the names from stdin: `git add` with the names as pathspecs also
    matches every file of their directories against each of them, looking for untracked ones."""
    if paths:
        raw = run_bytes(root, "update-index", "-z", "--stdin", input="".join(p + "\0" for p in paths).encode())
        if raw.code != 0:
            raise GitError(failed("update-index", raw.err.decode("utf-8", "replace")))


def commit_paths(root: Path, paths: list[str], message: str) -> GitResult:
    """Commit only these paths (`git commit --only`), leaving anything else staged as it was."""
    stage_all(root, paths)
    return run(root, "commit", "--no-edit", "-q", "-m", message, "--only", "--", *paths, timeout=120)


def commit_merge(root: Path) -> GitResult:
    """Conclude a merge whose conflicts were resolved, with git's prepared message."""
    return run(root, "commit", "--no-edit", "-q", timeout=120)


def fetch(root: Path, remote: str) -> GitResult:
    return run(root, "fetch", "--quiet", "--no-recurse-submodules", remote, timeout=NETWORK_TIMEOUT)


def start_merge(root: Path, upstream: str) -> Running:
    """Start merging the fetched upstream without committing (koop checks the result first): no rebase, no
    autostash, no editor. A fast-forward has nothing to commit and moves HEAD at once."""
    return Running(root, ("merge", "--no-edit", "--no-autostash", "--ff", "--no-commit", upstream), timeout=120)


def merge_abort(root: Path) -> GitResult:
    """Undo a merge that is not committed: files as before it, unrelated local changes kept."""
    return run(root, "merge", "--abort", timeout=120)


def push(root: Path, remote: str, branch_name: str, set_upstream: bool) -> GitResult:
    """Push the current branch; never forced."""
    args = ["push", "--quiet", "--porcelain"]
    if set_upstream:
        args.append("--set-upstream")
    return run(root, *args, remote, f"HEAD:refs/heads/{branch_name}", timeout=NETWORK_TIMEOUT)


_COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def is_commit_id(text: str) -> bool:
    """A full commit id (SHA-1 or SHA-256), nothing git could read as an option or a name."""
    return bool(_COMMIT_ID.fullmatch(text))


@dataclass(frozen=True)
class Change:
    """A file that differs between two commits, with the ids of its blob in each (None where absent)."""

    status: str  # A, M, D or T (type changed)
    path: str
    old: str | None
    new: str | None


_changes: dict[tuple, list[Change]] = {}


def changes(root: Path, old: str | None, new: str, *paths: str) -> list[Change]:
    """Files under `paths` (none: all) that differ between two commits (old None: everything in new).

    One `git diff --raw` of the whole trees per pair of commits, remembered for commit ids and filtered
    here: a sync asks about the same two commits under several pathspecs (what to merge, what was deleted,
    whether .gitattributes changed, what to check). The blob ids let the versions be read by id, which
    `git cat-file` finds at once, where a `rev:path` makes it walk the trees for every file."""
    key = (str(Path(root)), old, new)
    found = _changes.get(key)
    if found is None:
        found = _changes_uncached(root, old, new)
        if (old is None or _COMMIT_ID.fullmatch(old)) and _COMMIT_ID.fullmatch(new):
            _remember(_changes, key, found)
    return [c for c in found if not paths or any(_in_pathspec(c.path, spec) for spec in paths)]


def _in_pathspec(path: str, spec: str) -> bool:
    """git's pathspec match for the plain names and globs koop uses (`*` also matches `/`, as in git)."""
    if any(ch in spec for ch in "*?["):
        return fnmatch.fnmatchcase(path, spec)
    return path == spec or path.startswith(spec.rstrip("/") + "/")


def _blob_id(oid: str) -> str | None:
    return None if not oid.strip("0") else oid


def _changes_uncached(root: Path, old: str | None, new: str) -> list[Change]:
    if old is None:
        out = check(root, "ls-tree", "-r", "-z", "--full-tree", new)
        found = []
        for entry in out.split("\0"):
            meta, tab, path = entry.partition("\t")
            if tab:
                found.append(Change("A", path, None, meta.split()[2]))
        return found
    out = check(root, "diff", "--raw", "-z", "--no-abbrev", "--no-renames", old, new, "--")
    parts = out.split("\0")
    found = []
    for meta, path in zip(parts[0::2], parts[1::2]):
        fields = meta.split()
        if len(fields) == 5:
            found.append(Change(fields[4][0], path, _blob_id(fields[2]), _blob_id(fields[3])))
    return found


def name_status(root: Path, old: str | None, new: str, *paths: str) -> list[tuple[str, str]]:
    """(status letter, path) of files under `paths` that differ between two commits (old None: everything
    in new)."""
    return [(c.status, c.path) for c in changes(root, old, new, *paths)]


def ls_tree(root: Path, rev_name: str, path: str) -> list[str]:
    res = run(root, "ls-tree", "-r", "-z", "--name-only", rev_name, "--", path)
    return [p for p in res.out.split("\0") if p] if res.ok else []


_merge_bases: dict[tuple[str, str, str], str | None] = {}


def merge_base(root: Path, a: str, b: str) -> str | None:
    """The merge base of two commits; remembered for commit ids (what they name never changes)."""
    key = (str(root), a, b)
    if key in _merge_bases:
        return _merge_bases[key]
    res = run(root, "merge-base", a, b)
    base = res.out.strip() if res.ok else None
    if base and _COMMIT_ID.fullmatch(a) and _COMMIT_ID.fullmatch(b):
        _remember(_merge_bases, key, base)
    return base


def _remember(cache: dict, key, value) -> None:
    if len(cache) >= 64:  # a long-running app syncs many times: keep only what one sync asks again
        cache.clear()
    cache[key] = value


def files_containing(root: Path, patterns: tuple[str, ...], *paths: str) -> list[str]:
    """Tracked and untracked files under `paths` with a line matching one of the (basic) regexes; one
    `git grep`, which reads thousands of files faster than Python would."""
    args = [arg for pattern in patterns for arg in ("-e", pattern)]
    res = run(root, "grep", "-l", "-z", "--untracked", "-I", *args, "--", *paths)
    if res.code not in (0, 1):
        raise GitError(failed("grep", res.err))
    return sorted(p for p in res.out.split("\0") if p)


def count(root: Path, *range_spec: str) -> int:
    res = run(root, "rev-list", "--count", *range_spec)
    return int(res.out.strip()) if res.ok and res.out.strip().isdigit() else 0


def read_blobs(root: Path, specs: list[str]) -> dict[str, bytes | None]:
    """Contents of `rev:path` / `:N:path` objects in one git process; None for objects that do not exist."""
    if not specs:
        return {}
    raw = run_bytes(root, "cat-file", "--batch", input="".join(s + "\n" for s in specs).encode(), timeout=120)
    if raw.code != 0:
        raise GitError(failed("cat-file", raw.err.decode("utf-8", "replace")))
    out: dict[str, bytes | None] = {}
    data, pos = raw.out, 0
    for spec in specs:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out[spec] = data[pos:pos + size]
            pos += size + 1
        else:
            out[spec] = None
    return out


def _merge_file(ours: Path, base: Path, theirs: Path, *options: str) -> subprocess.CompletedProcess | None:
    """`git merge-file -p` (the merge on stdout; exit code = number of conflicts); None when git cannot run."""
    try:
        return subprocess.run(["git", "merge-file", "-p", *options, str(ours), str(base), str(theirs)],
                              env=clean_env(ours.parent), capture_output=True, timeout=LOCAL_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return None


def clean_line_merge(ours: Path, base: Path, theirs: Path) -> bytes | None:
    """git's line-based three-way merge when it has no conflict (it keeps comments and layout); else None."""
    proc = _merge_file(ours, base, theirs, "--quiet")
    return proc.stdout if proc is not None and proc.returncode == 0 else None


def clean_line_merge_texts(base: str, ours: str, theirs: str) -> str | None:
    """clean_line_merge of three texts (through temporary files); None when it conflicts or fails."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="koop-merge-") as tmp:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(tmp) / name
            path.write_bytes(text.encode("utf-8"))
            paths.append(path)
        merged = clean_line_merge(*paths)
    try:
        return merged.decode("utf-8") if merged is not None else None
    except UnicodeDecodeError:
        return None


def merge_file(ours: Path, base: Path, theirs: Path, labels: tuple[str, str, str]) -> bytes:
    """A plain line-based three-way merge with conflict markers (used when koop cannot parse a side)."""
    proc = _merge_file(ours, base, theirs, "-L", labels[0], "-L", labels[1], "-L", labels[2])
    return proc.stdout if proc is not None and proc.returncode >= 0 and proc.stdout else ours.read_bytes()
