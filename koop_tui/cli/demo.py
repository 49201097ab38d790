"""`koop demo [DIR]`: generate a realistic demo workspace (a git repo) and open the app on it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from koop_tui.cli import common
from koop_tui.errors import KoopError
from koop_tui.i18n import _
from koop_tui.words import plural, status_word


def configure(parser) -> None:
    parser.add_argument("dir", nargs="?", metavar="DIR", help=_("where (default: a new temporary directory)"))
    parser.add_argument("--seed", type=int, default=7, help=_("another seed gives other partners (default: 7)"))
    parser.add_argument("--no-open", action="store_true", help=_("only generate, do not open the app"))


def create(root: Path, today, seed: int) -> list[str]:
    """Generate into an empty or new directory, then make it a git repo with one commit. Returns what to tell
    about a machine without git (the demo works without it) or without a git identity (the demo commits as its
    persona, in its own repository only)."""
    from koop_tui.demo import PERSONA, generate
    from koop_tui.sync import git
    from koop_tui.sync.driver import register_merge_driver

    if root.exists() and not root.is_dir():
        raise KoopError(_("{path} is not a directory").format(path=root))
    if root.exists() and any(root.iterdir()):
        raise KoopError(_("{path} is not empty; the demo needs a new or empty directory").format(path=root))
    generate(root, today, seed)
    try:
        git.check(root, "init", "-q")
    except git.GitError as exc:
        return [_("{error}: the demo works without it, with no history in git and no sync").format(error=exc)]
    said = []
    if not git.run(root, "var", "GIT_COMMITTER_IDENT").ok:  # a new machine: git knows nobody
        git.check(root, "config", "user.name", PERSONA[0])
        git.check(root, "config", "user.email", PERSONA[1])
        said.append(_("git does not know who you are; the demo commits as {name} <{email}>, in its own repository "
                      "only").format(name=PERSONA[0], email=PERSONA[1]))
    register_merge_driver(root)
    git.check(root, "add", "-A")
    git.check(root, "commit", "-q", "--no-verify", "-m", "Demo workspace")
    return said


def show(root: Path, today) -> int:
    """Open the app; without it, print the due list; without an engine, a summary."""
    try:
        from koop_tui.cli.app import open_app
    except ImportError:
        open_app = None
    if open_app is not None:
        return open_app(root, today)
    from koop_tui.index import workspace as load_workspace

    workspace = load_workspace(root)
    try:
        from koop_tui.engine import due_items
    except ImportError:
        common.say(plural(len(workspace.partners), "{n} partner; try `koop check` and `koop due` there",
                          "{n} partners; try `koop check` and `koop due` there"))
        return 0
    for item in due_items(workspace, today):
        common.say(f"{status_word(item.status):11} {item.title}\n            {item.explanation}")
    return 0


def run(args) -> int:
    today = common.today(args)
    root = (Path(common.directory_given(args.dir)).expanduser().resolve() if args.dir is not None
            else Path(tempfile.mkdtemp(prefix="koop-demo-")))
    with common.creating(root):
        said = create(root, today, args.seed)
    common.say(_("Demo workspace in {path}").format(path=root))
    for line in said:
        common.say(_("koop: note: {what}").format(what=line), err=True)
    if args.no_open:
        return 0
    from koop_tui.cli.app import terminal

    if not terminal():  # made for a script or a pipe: say how to open it, as the app cannot run here
        common.say(_("koop: note: not a terminal, so the app was not opened; open it with: koop -w {path}").format(
            path=root), err=True)
        return 0
    return show(root, today)
