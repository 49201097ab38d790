"""Finishing merges git could not: re-run koop's merge from the index stages or from MERGE_HEAD.

Used by `koop sync --repair` (a clone merged without the driver and left conflict markers) and by every
sync for modify/delete conflicts, where the edited file is kept (never lose data).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from koop_tui.i18n import _
from koop_tui.store.files import atomic_write
from koop_tui.store.validate import one_partner
from koop_tui.sync import git
from koop_tui.sync.fs import is_koop_path
from koop_tui.sync.incoming import record_ids
from koop_tui.sync.merge import MergeInputError, merge_file
from koop_tui.sync.state import files_with_conflicts


@dataclass
class Repair:
    """Which files a repair merged, which it kept whole, and which still need a person."""

    merged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    conflicts: int = 0
    followed: list[tuple[str, str]] = field(default_factory=list)  # (deleted path, the file it was renamed to)


def _has_markers(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return True
    return data.startswith(b"<<<<<<< ") or b"\n<<<<<<< " in data


def _merge_into(root: Path, path: str, base: bytes | None, ours: bytes, theirs: bytes, rep: Repair) -> bool:
    try:
        outcome = merge_file(base or b"", ours, theirs, path, git.clean_line_merge_texts)
    except MergeInputError as exc:
        rep.failed.append((path, str(exc)))
        return False
    atomic_write(root / path, outcome.text.encode("utf-8"))
    rep.merged.append(path)
    rep.conflicts += len(outcome.conflicts)
    return True


def _renamed_to(root: Path, path: str, base: bytes | None, deleting: str) -> str | None:
    """The partner file the side that deleted `path` added in its place: the one new file there that is one
    partner with the deleted one by their records (validate.one_partner). git follows a rename only while the
    file stays mostly alike; renamed and much edited, it is a deletion and a new file."""
    ids = _record_ids(base)
    if not ids or not path.startswith("partners/"):
        return None
    merge_base = git.merge_base(root, "HEAD", "MERGE_HEAD")
    added = [p for status, p in git.name_status(root, merge_base, deleting, "partners")
             if status == "A" and p.endswith(".toml")] if merge_base else []
    found = [p for p in added if (root / p).is_file() and not _has_markers(root / p)
             and one_partner(ids, _record_ids((root / p).read_bytes()))]
    return found[0] if len(found) == 1 else None


def _record_ids(text: bytes | None) -> set[str]:
    try:
        return record_ids(tomllib.loads((text or b"").decode("utf-8")))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return set()


def resolve_unmerged(root: Path, only_deletions: bool = False) -> Repair:
    """Resolve unmerged koop files from stages :1: (base), :2: (ours), :3: (theirs) and stage the result.

    With `only_deletions`, handle modify/delete conflicts alone (keep the edited file).
    """
    rep = Repair()
    unmerged = git.unmerged_paths(root)
    blobs = git.read_blobs(root, [f":{n}:{p}" for p in unmerged for n in (1, 2, 3)])
    done = []
    for path in unmerged:
        base, ours, theirs = (blobs[f":{n}:{path}"] for n in (1, 2, 3))
        if not is_koop_path(path):
            rep.failed.append((path, _("not a koop file")))
        elif ours is None or theirs is None:
            survivor = ours if theirs is None else theirs
            if survivor is None:
                rep.failed.append((path, _("deleted on both sides")))
                continue
            renamed = _renamed_to(root, path, base, "MERGE_HEAD" if theirs is None else "HEAD")
            if renamed is not None:  # deleted by a rename git did not see: the edits go into the new file
                edited, other = survivor, (root / renamed).read_bytes()
                if _merge_into(root, renamed, base, *((edited, other) if theirs is None else (other, edited)), rep):
                    (root / path).unlink(missing_ok=True)
                    rep.followed.append((path, renamed))
                    done += [path, renamed]
                continue
            atomic_write(root / path, survivor)
            rep.kept.append(path)
            done.append(path)
        elif only_deletions:
            rep.failed.append((path, _("conflicting changes")))
        elif (root / path).exists() and not _has_markers(root / path):
            rep.merged.append(path)  # already resolved by hand: take the person's version
            done.append(path)
        elif _merge_into(root, path, base, ours, theirs, rep):
            done.append(path)
    git.stage_all(root, done)
    return rep


def remerge_marked_files(root: Path) -> Repair:
    """During a merge, re-merge koop files that still hold conflict markers from HEAD and MERGE_HEAD."""
    rep = Repair()
    theirs_rev = git.rev(root, "MERGE_HEAD")
    base_rev = git.merge_base(root, "HEAD", "MERGE_HEAD") if theirs_rev else None
    marked = [p for p in files_with_conflicts(root) if _has_markers(root / p)]
    if not marked:
        return rep
    if theirs_rev is None:
        rep.failed.extend((p, _("conflict markers outside a merge; fix by hand")) for p in marked)
        return rep
    specs = [f"{rev}:{p}" for p in marked for rev in filter(None, ("HEAD", theirs_rev, base_rev))]
    blobs = git.read_blobs(root, specs)
    done = []
    for path in marked:
        ours, theirs = blobs.get(f"HEAD:{path}"), blobs.get(f"{theirs_rev}:{path}")
        base = blobs.get(f"{base_rev}:{path}") if base_rev else None
        if ours is None or theirs is None:
            rep.failed.append((path, _("missing on one side of the merge; fix by hand")))
        elif _merge_into(root, path, base, ours, theirs, rep):
            done.append(path)
    git.stage_all(root, done)
    return rep


def repair(root: Path) -> Repair:
    """Everything `koop sync --repair` fixes; concludes the merge when nothing is left unmerged."""
    rep = resolve_unmerged(root)
    more = remerge_marked_files(root)
    rep.merged += more.merged
    rep.failed += more.failed
    rep.conflicts += more.conflicts
    return rep
