"""`koop merge-driver %O %A %B %P`: the git merge driver for partner files and koop.toml.

Exit 0 when the merge is clean or its disagreements were written as `[[conflicts]]` records; exit 1 (git then
records a normal conflict) when a version cannot be merged by record, leaving conflict markers in %A.
"""

from __future__ import annotations

import sys
from pathlib import Path

from koop_tui.cli.common import say
from koop_tui.errors import UsageError
from koop_tui.store.files import atomic_write
from koop_tui.sync.merge import MergeInputError, merge_file
from koop_tui.i18n import _, os_reason
from koop_tui.words import plural


def configure(parser) -> None:
    parser.add_argument("base", help=_("common ancestor (%%O)"))
    parser.add_argument("ours", help=_("our version; the result is written here (%%A)"))
    parser.add_argument("theirs", help=_("their version (%%B)"))
    parser.add_argument("path", nargs="?", default="", help=_("the file's path in the repository (%%P)"))


def main(argv: list[str] | None = None) -> int:
    """Entry point git runs (`python -m koop_tui.cli.merge_driver`): skips loading every other command."""
    import argparse

    parser = argparse.ArgumentParser(prog="koop merge-driver")
    configure(parser)
    return run(parser.parse_args(argv))


def run(args) -> int:
    from koop_tui.sync.git import clean_line_merge_texts

    base, ours, theirs = Path(args.base), Path(args.ours), Path(args.theirs)
    name, label = args.path or _("file"), args.path or "file"  # the label is written into the file: English
    for side in (base, ours, theirs):
        if not side.is_file():  # git always gives three files; a person trying the driver by hand may not
            raise UsageError(_("{file}: no such file; git gives the merge driver three files (%O %A %B)").format(
                file=side))
    try:
        sides = [p.read_bytes() for p in (base, ours, theirs)]
        outcome = merge_file(*sides, args.path, clean_line_merge_texts)
    except (MergeInputError, OSError) as exc:
        error = f"{exc.filename}: {os_reason(exc)}" if isinstance(exc, OSError) and exc.filename else exc
        return _fall_back(base, ours, theirs, label, _("{path}: cannot merge by record ({error})").format(
            path=name, error=error))
    except Exception as exc:  # noqa: BLE001 - a crash must end as a visible conflict, never a partial file
        return _fall_back(base, ours, theirs, label, _("{path}: merge driver failed ({error})").format(
            path=name, error=f"{type(exc).__name__}: {exc}"))
    atomic_write(ours, outcome.text.encode("utf-8"))
    if outcome.conflicts:
        fields = ", ".join(outcome.fields)
        say(plural(len(outcome.conflicts), "koop: {path}: {n} conflict recorded ({fields})",
                   "koop: {path}: {n} conflicts recorded ({fields})", path=name, fields=fields), err=True)
    return 0


def _fall_back(base: Path, ours: Path, theirs: Path, label: str, message: str) -> int:
    """Leave git's usual conflict markers in %A, labelled with `label` (the path), and report a conflict."""
    from koop_tui.sync import git

    say(_("koop: {message}; leaving conflict markers").format(message=message), err=True)
    labels = (f"ours:{label}", f"base:{label}", f"theirs:{label}")
    atomic_write(ours, git.merge_file(ours, base, theirs, labels))
    return 1


if __name__ == "__main__":
    sys.exit(main())
