"""Registering `koop merge-driver` with git: `.gitattributes` lines plus `merge.koop.*` in .git/config.

Git runs the driver for plain `git pull`, `merge`, `rebase` and `cherry-pick` too, long after koop registered
it, perhaps from another installation. So .git/config names a small launcher in the git directory, not a
Python: the launcher runs the koop that registered it while that exists, else `koop` found on PATH, else a
Python that can import koop; a reinstall or a new virtual environment does not break merges.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from koop_tui.i18n import _
from koop_tui.store.files import atomic_write
from koop_tui.sync import git

ATTRIBUTE_LINES = ("partners/*.toml merge=koop", "koop.toml merge=koop")
DRIVER_NAME = "koop record-level merge of partner files and koop.toml"
LAUNCHER = "koop-merge-driver"

_LAUNCHER_TEXT = """#!/bin/sh
# koop's merge driver for git (pull, merge, rebase, cherry-pick), written by koop; .git/config runs it.
# It finds an installed koop: the one that wrote it, else `koop` on PATH, else a Python that has koop.
# `sh {name} --check` says which koop it would run.
py={py}
top={top}
if [ -x "$py" ] && [ -f "$top/koop_tui/cli/merge_driver.py" ]; then
  [ "$1" = --check ] && {{ echo "$py"; exit 0; }}
  PYTHONPATH="$top"; export PYTHONPATH
  exec "$py" -m koop_tui.cli.merge_driver "$@"
fi
if command -v koop >/dev/null 2>&1; then
  [ "$1" = --check ] && {{ command -v koop; exit 0; }}
  exec koop merge-driver "$@"
fi
for py in python3 python; do
  if command -v "$py" >/dev/null 2>&1 && "$py" -c "import koop_tui.cli.merge_driver" 2>/dev/null; then
    [ "$1" = --check ] && {{ command -v "$py"; exit 0; }}
    exec "$py" -m koop_tui.cli.merge_driver "$@"
  fi
done
echo "koop: no installed koop found to merge $4 by record; install koop, then run \\`koop sync --repair\\`" >&2
exit 1
"""


def _package_parent() -> Path:
    return Path(__file__).resolve().parent.parent.parent


def driver_command() -> str:
    """This Python running koop's driver, importable even when koop is not installed (e.g. a checkout)."""
    return (
        f"PYTHONPATH={shlex.quote(str(_package_parent()))} {shlex.quote(sys.executable)} "
        "-m koop_tui.cli.merge_driver %O %A %B %P"
    )


def launcher_text() -> str:
    return _LAUNCHER_TEXT.format(name=LAUNCHER, py=shlex.quote(sys.executable),
                                 top=shlex.quote(str(_package_parent())))


def launcher_command(gitdir: Path) -> str:
    """What .git/config runs: the launcher in the git directory, through sh (no executable bit needed)."""
    return f"sh {shlex.quote(str(gitdir / LAUNCHER))} %O %A %B %P"


def ensure_gitattributes(root: Path) -> bool:
    """Add koop's merge attributes to .gitattributes, keeping everything else; True when the file changed."""
    path = Path(root) / ".gitattributes"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    present = {" ".join(line.split()) for line in text.splitlines()}
    missing = [line for line in ATTRIBUTE_LINES if line not in present]
    if not missing:
        return False
    newline = "\r\n" if "\r\n" in text else "\n"
    if text and not text.endswith(("\n", "\r")):
        text += newline
    atomic_write(path, (text + newline.join(missing) + newline).encode("utf-8"))
    return True


def register_merge_driver(root: Path) -> bool:
    """Make git use koop's merge driver in this workspace (idempotent); True when .gitattributes changed.

    The git config part is per clone (git never shares it), so `koop sync` repeats this every time.
    """
    changed = ensure_gitattributes(root)
    if git.is_repo(root):
        gitdir = git.git_dir(root)
        launcher = gitdir / LAUNCHER
        text = launcher_text()
        try:
            current = launcher.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            atomic_write(launcher, text.encode("utf-8"), mode=0o755)
        wanted = {"merge.koop.name": DRIVER_NAME, "merge.koop.driver": launcher_command(gitdir)}
        have = git.config_values(root, *wanted)
        for key, value in wanted.items():
            if have.get(key) != value:
                git.config_set(root, key, value)
    return changed


def driver_problem(root: Path) -> str:
    """Why plain git in this clone would not merge koop's files with koop's driver ("" when it would, or when
    the workspace is not a git repository that uses it)."""
    root = Path(root)
    try:
        if not git.is_repo(root) or "merge=koop" not in (root / ".gitattributes").read_text(encoding="utf-8"):
            return ""
        command = git.config_get(root, "merge.koop.driver")
        if not command:
            return _("koop's merge driver is not registered in this clone (git would merge partner files line by "
                     "line); run `koop sync --repair` (any `koop sync` registers the driver again)")
        gitdir = git.git_dir(root)
    except (OSError, UnicodeDecodeError, git.GitError):
        return ""
    if command == launcher_command(gitdir):
        try:
            found = subprocess.run(["sh", str(gitdir / LAUNCHER), "--check"], capture_output=True, timeout=30,
                                   stdin=subprocess.DEVNULL).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            found = False
        return "" if found else _("the merge driver registered in .git/config finds no installed koop; run "
                                  "`koop sync --repair` (any `koop sync` registers the driver again)")
    try:
        words = shlex.split(command)
    except ValueError:
        words = []
    program = next((w for w in words if "=" not in w), "")  # after any VAR=value assignments
    if program.startswith("/") and not Path(program).exists():
        return _("the merge driver registered in .git/config would not run ({program} no longer exists); run "
                 "`koop sync --repair` (any `koop sync` registers the driver again)").format(program=program)
    return ""
