"""`koop sync`'s merge of the koop files changed on both sides, in this process.

Git starts the merge driver once per file (a Python start each); sync instead reads base, ours and theirs
of all such files with one `git cat-file --batch`, merges them with the driver's own code (merge_file), lets
`git merge` do everything else (one-side changes, additions, deletions, the index) with a driver that keeps
ours for the files merged here, and then writes the results and stages them. A file this process cannot
merge by record is left to the real driver, which marks a normal conflict.
"""

from __future__ import annotations

import shlex
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from koop_tui.store.files import atomic_write
from koop_tui.sync import git
from koop_tui.sync.driver import driver_command
from koop_tui.sync.fs import PARTNER_FILE
from koop_tui.sync.merge import MergeInputError, MergeOutcome, merge_file

Progress = Callable[[int, int], None]


def _koop_file(path: str) -> bool:
    return path == "koop.toml" or bool(PARTNER_FILE.match(path))


def both_sides(root: Path, base: str | None, ours: str, theirs: str) -> list[str]:
    """koop files that `ours` and `theirs` both changed (or both added) since `base`, deletions aside."""
    changed = []
    for side in (ours, theirs):
        pairs = git.name_status(root, base, side, "partners", "koop.toml")
        changed.append({p for s, p in pairs if s != "D" and _koop_file(p)})
    return sorted(changed[0] & changed[1])


def premerge(root: Path, ours: str, theirs: str, progress: Progress | None = None) -> dict[str, MergeOutcome]:
    """The merged outcome of every koop file changed differently on both sides, by path."""
    base = git.merge_base(root, ours, theirs)
    paths = both_sides(root, base, ours, theirs)
    revs = [base, ours, theirs] if base else [ours, theirs]
    blobs = git.read_blobs(root, [f"{rev}:{p}" for p in paths for rev in revs])
    out = {}
    for done, path in enumerate(paths, 1):
        b, o, t = ((blobs.get(f"{rev}:{path}") if rev else None) for rev in (base, ours, theirs))
        if o is not None and t is not None and o != t:
            try:
                out[path] = merge_file(b or b"", o, t, path, git.clean_line_merge_texts)
            except MergeInputError:
                pass  # the real driver marks it as a conflict
        if progress:
            progress(done, len(paths))
    return out


@contextmanager
def keeping_ours(results: dict[str, MergeOutcome]) -> Iterator[list[str]]:
    """`-c` settings for `git merge`: the driver keeps ours for the files merged here (a shell `test`, no
    Python started) and runs the real driver for any other file."""
    if not results:
        yield []
        return
    with tempfile.TemporaryDirectory(prefix="koop-merged-") as tmp:
        for path in results:
            marker = Path(tmp) / path
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        # git replaces %P with the path already quoted for the shell.
        yield [f"merge.koop.driver=test -f {shlex.quote(tmp)}/%P || {driver_command()}"]


def write_results(root: Path, results: dict[str, MergeOutcome]) -> None:
    """Write the merged files git left as ours (not those it reports unmerged) and stage them."""
    unmerged = set(git.unmerged_paths(root))
    paths = [p for p in results if p not in unmerged and (Path(root) / p).is_file()]
    for path in paths:
        atomic_write(Path(root) / path, results[path].text.encode("utf-8"))
    for start in range(0, len(paths), 500):
        git.stage_all(root, paths[start:start + 500])
