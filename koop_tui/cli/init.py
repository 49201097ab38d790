"""`koop init [DIR]`: a new workspace with koop.toml, partners/, .gitattributes and a git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

from koop_tui.canonical import format_value
from koop_tui.errors import KoopError
from koop_tui import i18n
from koop_tui.i18n import _


def configure(parser) -> None:
    parser.add_argument("dir", nargs="?", default=".", metavar="DIR", help=_("where (default: here)"))
    parser.add_argument("--name", help=_("workspace name (default: from the directory name)"))


def settings_text(name: str) -> str:
    """The shipped koop.toml with the workspace's name filled in, its campaign named in the user's language (a
    name is the team's text; the keys stay English) and, in a language other than English, that language set for
    the calendar feed."""
    from koop_tui.settings import default_settings_text

    lines = default_settings_text().splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("name = "):
            lines[i] = f"name = {format_value(name)}\n"
            break
    text = "".join(lines).replace('name = "Christmas cards"', "name = " + format_value(_("Christmas cards")))
    if i18n.language() != i18n.SOURCE:  # the team's calendar feed speaks the language the workspace was made in
        text = text.replace('# language = "de"', f'language = "{i18n.language()}"'.ljust(17), 1)
    return text


def inside_git_repo(root: Path) -> bool:
    from koop_tui.sync.git import clean_env, not_installed

    env = clean_env(root)
    env.pop("GIT_CEILING_DIRECTORIES", None)  # here the question is exactly whether a parent repo exists
    try:
        result = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, env=env,
                                capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        raise not_installed() from None
    return result.returncode == 0


def create(root: Path, name: str | None = None) -> list[Path]:
    """Create what is missing (never overwriting koop.toml); return the files written."""
    from koop_tui.cli.common import say
    from koop_tui.store.files import atomic_write
    from koop_tui.sync import git
    from koop_tui.sync.driver import register_merge_driver

    root.mkdir(parents=True, exist_ok=True)
    written = []
    if not (root / "koop.toml").exists():
        title = name or root.name.replace("-", " ").replace("_", " ").strip().capitalize() or _("My cooperations")
        atomic_write(root / "koop.toml", settings_text(title).encode("utf-8"), exclusive=True)
        written.append(root / "koop.toml")
    (root / "partners").mkdir(exist_ok=True)
    try:
        if not inside_git_repo(root):
            git.check(root, "init", "-q")
    except git.GitError as exc:  # the workspace works without git: no history in git, no sync
        say(_("koop: warning: {error}; the workspace works without it, with no history in git and no sync; once "
              "git is installed, run koop init here again").format(error=exc), err=True)
        return written
    if register_merge_driver(root):
        written.append(root / ".gitattributes")
    return written


def run(args) -> int:
    from koop_tui.cli.common import after_change, creating, directory_given, say

    root = Path(directory_given(args.dir)).expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise KoopError(_("{path} is not a directory").format(path=root))
    existed = (root / "koop.toml").exists()
    outer = next((p for p in root.parents if (p / "koop.toml").is_file()), None)
    if not existed and outer is not None:  # e.g. `koop init partners`: its koop.toml would be a broken partner
        raise KoopError(_("{path} is inside the workspace {outer}; not creating another one there").format(
                            path=root, outer=outer), _("choose a directory outside it"))
    if existed and args.name:
        raise KoopError(_("{path} exists already; not overwriting it").format(path=root / "koop.toml"),
                        _("edit its name = line instead"))
    with creating(root):
        written = create(root, args.name)
    if written:
        after_change(root, written, "Create koop workspace" if not existed else "Complete koop workspace setup")
    if existed:
        say(_("Workspace at {path} already set up; koop.toml kept (added .gitattributes)").format(path=root)
            if written else _("Workspace at {path} already set up; koop.toml kept").format(path=root))
    else:
        say(_("Created workspace in {path}").format(path=root) + "\n  "
            + _("next: koop add partner NAME  ·  koop log PARTNER KIND  ·  koop"))
    return 0
