"""Registering `koop merge-driver` with git: `.gitattributes` lines plus `merge.koop.*` in .git/config."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from koop_tui.store.files import atomic_write
from koop_tui.sync import git

ATTRIBUTE_LINES = ("partners/*.toml merge=koop", "koop.toml merge=koop")
DRIVER_NAME = "koop record-level merge of partner files and koop.toml"


def driver_command() -> str:
    """This Python running koop's driver, importable even when koop is not installed (e.g. a checkout)."""
    package_parent = Path(__file__).resolve().parent.parent.parent
    return (
        f"PYTHONPATH={shlex.quote(str(package_parent))} {shlex.quote(sys.executable)} "
        "-m koop_tui.cli.merge_driver %O %A %B %P"
    )


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
        wanted = {"merge.koop.name": DRIVER_NAME, "merge.koop.driver": driver_command()}
        for key, value in wanted.items():
            if git.config_get(root, key) != value:
                git.config_set(root, key, value)
    return changed
