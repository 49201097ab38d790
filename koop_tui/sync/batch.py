"""`koop sync`'s merge of the koop files changed on both sides, in this process.

Git starts the merge driver once per file (a process each); sync instead reads base, ours and theirs of all
such files with one `git cat-file --batch`, merges them with the driver's own code (merge_file), and lets
`git merge` do everything else (one-side changes, additions, deletions, the index). For the files merged
here, a block in `.git/info/attributes` (the one attributes file that outranks .gitattributes) gives them
git's built-in `binary` merge while `git merge` runs: git keeps ours and leaves the path unmerged without
starting anything; sync then writes the results and stages them, which resolves them. A file this process
cannot merge by record is left to the real driver, which marks a normal conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from koop_tui.store.files import atomic_write
from koop_tui.sync import git
from koop_tui.sync.fs import PARTNER_FILE

if TYPE_CHECKING:
    from koop_tui.sync.merge import MergeOutcome

Progress = Callable[[int, int], None]


def is_koop_file(path: str) -> bool:
    return path == "koop.toml" or bool(PARTNER_FILE.match(path))


def both_sides(root: Path, base: str | None, ours: str, theirs: str) -> dict[str, tuple[str | None, str, str]]:
    """koop files that `ours` and `theirs` both changed (or both added) since `base`, deletions aside: path ->
    the blob ids of base (None when added), ours and theirs."""
    sides = [{c.path: c for c in git.changes(root, base, side, "partners", "koop.toml")
              if c.new is not None and is_koop_file(c.path)} for side in (ours, theirs)]
    return {p: (sides[0][p].old, sides[0][p].new, sides[1][p].new) for p in sorted(sides[0].keys() & sides[1].keys())}


def to_merge(root: Path, ours: str, theirs: str) -> dict[str, tuple[str | None, str, str]]:
    """The koop files changed differently on both sides (both_sides, same content aside)."""
    ids = both_sides(root, git.merge_base(root, ours, theirs), ours, theirs)
    return {path: sides for path, sides in ids.items() if sides[1] != sides[2]}


def premerge(root: Path, ids: dict[str, tuple[str | None, str, str]],
             progress: Progress | None = None) -> dict[str, MergeOutcome]:
    """The merged outcome of each file of `ids` (to_merge), by path. A file that cannot be merged by record
    gets what the driver would write, git's conflict markers, and stays unmerged (`unmerged`)."""
    from koop_tui.sync.merge import MergeOutcome, merge_file  # not loaded by a sync with nothing to merge

    blobs = git.read_blobs(root, sorted({oid for sides in ids.values() for oid in sides if oid}))
    out = {}
    for done, (path, sides) in enumerate(ids.items(), 1):
        b, o, t = ((blobs.get(oid) or b"") if oid else b"" for oid in sides)
        try:
            out[path] = merge_file(b, o, t, path, git.clean_line_merge_texts)
        except Exception:  # noqa: BLE001 - as the driver: a file koop cannot merge ends as a visible conflict
            out[path] = MergeOutcome(_markers(path, b, o, t).decode("utf-8", "surrogateescape"), unmerged=True)
        if progress:
            progress(done, len(ids))
    return out


def _markers(path: str, base: bytes, ours: bytes, theirs: bytes) -> bytes:
    """git's line merge with conflict markers, labelled as the driver labels them."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="koop-merge-") as tmp:
        files = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            files.append(Path(tmp) / name)
            files[-1].write_bytes(data)
        return git.merge_file(*files, (f"ours:{path}", f"base:{path}", f"theirs:{path}"))


def side_versions(root: Path, ids: dict[str, tuple[str | None, str, str]]):
    """For validate.new_errors: the ours and theirs versions of the asked paths, read by blob id."""
    def versions(paths: list[str]) -> dict[str, list[bytes]]:
        blobs = git.read_blobs(root, sorted({oid for p in paths for oid in ids[p][1:]}))
        return {p: [blobs[oid] for oid in ids[p][1:] if blobs.get(oid) is not None] for p in paths}

    return versions


def check_results(root: Path, base: str | None, theirs: str, ids: dict[str, tuple[str | None, str, str]],
                  results: dict[str, MergeOutcome]) -> list:
    """The errors the merged texts have that neither side had (validate.new_errors), checked before they
    are written, under the settings the merge gives koop.toml."""
    from koop_tui.sync.validate import new_errors

    texts = {p: r.text.encode("utf-8") for p, r in results.items() if not r.unmerged}
    settings = texts.get("koop.toml")
    if settings is None:
        changed = git.changes(root, base, theirs, "koop.toml") if base else []
        if changed and changed[0].path == "koop.toml" and changed[0].new:  # theirs alone changed it
            settings = git.read_blobs(root, [changed[0].new])[changed[0].new]
    return new_errors(root, sorted(texts), side_versions(root, ids), texts, settings)


OVERRIDE_START = "# koop sync: merged in koop's own process (only while git merge runs)"
OVERRIDE_END = "# koop sync: end"


def _attributes_file(root: Path) -> Path:
    return git.git_dir(root) / "info" / "attributes"


@contextmanager
def keeping_ours(root: Path, results: dict) -> Iterator[None]:
    """While `git merge` runs, the files merged here get git's `binary` merge: ours stays, the path is left
    unmerged, no process is started for it (the driver would be one per file). The block is removed
    afterwards; a block left by a killed sync is removed by the next one (take_back_override)."""
    paths = [p for p in results if is_koop_file(p)]  # plain names: nothing to quote in a pattern
    path = _attributes_file(root)
    try:
        kept = _without_block(path.read_text(encoding="utf-8") if path.exists() else "")[0]
    except (OSError, UnicodeDecodeError):
        paths = []  # a file koop cannot read: the real driver merges (the same bytes, a process per file)
    if not paths:
        yield
        return
    if kept and not kept.endswith("\n"):
        kept += "\n"
    block = [OVERRIDE_START, *(f"/{p} merge=binary" for p in paths), OVERRIDE_END]
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, (kept + "\n".join(block) + "\n").encode("utf-8"), flush=False)  # see write_results
    try:
        yield
    finally:
        take_back_override(root)


def take_back_override(root: Path) -> set[str]:
    """Remove sync's block from .git/info/attributes; the paths it named (empty when there was none)."""
    path = _attributes_file(root)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    kept, paths = _without_block(text)
    if kept != text:
        if kept:
            atomic_write(path, kept.encode("utf-8"), flush=False)
        else:
            path.unlink()
    return paths


def _without_block(text: str) -> tuple[str, set[str]]:
    """The text without sync's block, and the paths the block named."""
    lines = text.splitlines(keepends=True)
    starts = [n for n, line in enumerate(lines) if line.rstrip("\r\n") == OVERRIDE_START]
    if not starts:
        return text, set()
    start = starts[0]
    end = next((n for n in range(start, len(lines)) if lines[n].rstrip("\r\n") == OVERRIDE_END), len(lines) - 1)
    paths = {line.split()[0].lstrip("/") for line in lines[start + 1:end] if line.strip()}
    return "".join(lines[:start] + lines[end + 1:]), paths


def write_results(root: Path, results: dict[str, MergeOutcome]) -> None:
    """Write the merged files (those git left unmerged for sync) and stage those merged by record.

    The files are written atomically (a temporary file renamed over) but not flushed: they are derived from
    commits git holds, and a sync that dies before the merge commit leaves an interrupted merge that the
    next sync merges again (after the commit, they are as safe as any file git checks out, which git does
    not flush either)."""
    root = Path(root)
    paths = [p for p in results if (root / p).is_file()]
    for path in paths:
        atomic_write(root / path, results[path].text.encode("utf-8", "surrogateescape"), flush=False)
    git.stage_files(root, [p for p in paths if not results[p].unmerged])
