"""Git attributes that would switch off koop's merge: checked before every merge `koop sync` makes.

koop's files must be merged by koop's driver (`merge=koop`) and stored as plain UTF-8. A `.gitattributes`
line such as `*.toml merge=union` (git's union merge writes a key twice) or `working-tree-encoding=UTF-16`
(files koop cannot read) would break every teammate's workspace, so sync refuses to merge under it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from koop_tui.i18n import _
from koop_tui.sync import git
from koop_tui.sync.fs import PARTNER_FILE

CHECKED = ("merge", "working-tree-encoding", "filter")
# A path no partner has: attributes set by pattern (`partners/*.toml`) apply to it as to a new partner file.
PROBE = "partners/koop-attribute-probe.toml"


def _wrong(attribute: str, value: str) -> str:
    """"merge=union" when the attribute's value is not what koop needs, else ""."""
    if attribute == "merge":
        ok = value == "koop"
    elif attribute == "working-tree-encoding":
        ok = value == "unspecified" or value.replace("-", "").lower() == "utf8"
    else:
        ok = value == "unspecified"
    if ok:
        return ""
    if attribute == "merge" and value == "unspecified":
        return _("no merge=koop")  # the line was removed, or a later one unsets it with `!merge`
    return f"{'-' if value == 'unset' else ''}{attribute}" + ("" if value in ("set", "unset") else f"={value}")


def attribute_problems(root: Path, paths: list[str], index: str | None = None) -> list[str]:
    """["partners/acme.toml: merge=union", ...] for koop paths whose attributes are not koop's.

    With `index` (a temporary index file), the `.gitattributes` files of that index are read instead of the
    work tree's, so a commit's attributes can be checked before it is merged or checked out.
    """
    args = ["check-attr", "-z", "--stdin", *(["--cached"] if index else []), *CHECKED]
    res = git.run(root, *args, input="".join(p + "\0" for p in paths).encode(),
                  env={"GIT_INDEX_FILE": index} if index else None)
    if not res.ok:
        raise git.GitError(git.failed("check-attr", res.err))
    parts = res.out.split("\0")
    wrong: dict[str, list[str]] = {}
    for path, attribute, value in zip(parts[0::3], parts[1::3], parts[2::3]):
        bad = _wrong(attribute, value)
        if bad:
            wrong.setdefault(path, []).append(bad)
    probe = wrong.pop(PROBE, None)
    if probe is not None:  # every partner file, new ones too: said once, as the pattern
        wrong = {"partners/*.toml": probe, **{p: bad for p, bad in wrong.items() if bad != probe or p == "koop.toml"}}
    return [f"{path}: {' '.join(bad)}" for path, bad in sorted(wrong.items(), key=lambda kv: kv[0] != "koop.toml")]


def koop_paths(names: list[str]) -> list[str]:
    """koop.toml, the partner files among `names`, and a probe path standing for new partner files."""
    return ["koop.toml", PROBE, *(n for n in names if PARTNER_FILE.match(n))]


def worktree_problems(root: Path) -> list[str]:
    """Attribute problems of koop's files in the work tree (its .gitattributes files as they are now)."""
    try:
        names = [f"partners/{e.name}" for e in os.scandir(Path(root) / "partners")]
    except OSError:
        names = []
    return attribute_problems(root, koop_paths(names))


def commit_problems(root: Path, commit: str) -> list[str]:
    """Attribute problems of koop's files as `commit` would set them (its own .gitattributes files)."""
    names = git.ls_tree(root, commit, "partners")
    with tempfile.TemporaryDirectory(prefix="koop-attr-") as tmp:
        index = str(Path(tmp) / "index")
        res = git.run(root, "read-tree", commit, env={"GIT_INDEX_FILE": index})
        if not res.ok:
            raise git.GitError(git.failed("read-tree", res.err))
        return attribute_problems(root, koop_paths(names), index)


def attribute_files(root: Path, commit: str = "HEAD") -> list[str]:
    """The .gitattributes files tracked in `commit`, to name where a wrong line may be."""
    out = git.run(root, "ls-tree", "-r", "-z", "--name-only", commit)
    return [p for p in out.out.split("\0") if p == ".gitattributes" or p.endswith("/.gitattributes")]


def local_attribute_file(root: Path) -> str:
    """`.git/info/attributes` when it has lines (it outranks every .gitattributes, and only this clone reads
    it: a line there is fixed there, not by a commit), else ""."""
    path = git.git_dir(root) / "info" / "attributes"
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return ".git/info/attributes" if lines else ""
