"""`koop merge-driver %O %A %B %P`: the git merge driver for partner files and koop.toml.

Exit 0 when the merge is clean or its disagreements were written as `[[conflicts]]` records; exit 1 (git then
records a normal conflict) when a version cannot be merged by record, leaving conflict markers in %A.
"""

from __future__ import annotations

import sys
from pathlib import Path

from koop_tui.store.files import atomic_write
from koop_tui.sync.merge import MergeInputError, is_settings_path, merge_texts, same_meaning


def configure(parser) -> None:
    parser.add_argument("base", help="common ancestor (%%O)")
    parser.add_argument("ours", help="our version; the result is written here (%%A)")
    parser.add_argument("theirs", help="their version (%%B)")
    parser.add_argument("path", nargs="?", default="", help="the file's path in the repository (%%P)")


def main(argv: list[str] | None = None) -> int:
    """Entry point git runs (`python -m koop_tui.cli.merge_driver`): skips loading every other command."""
    import argparse

    parser = argparse.ArgumentParser(prog="koop merge-driver")
    configure(parser)
    return run(parser.parse_args(argv))


def run(args) -> int:
    base, ours, theirs = Path(args.base), Path(args.ours), Path(args.theirs)
    name = args.path or "file"
    try:
        texts = [p.read_bytes().decode("utf-8") for p in (base, ours, theirs)]
        outcome = merge_texts(*texts, partner=not is_settings_path(args.path))
    except (MergeInputError, UnicodeDecodeError, OSError) as exc:
        return _fall_back(base, ours, theirs, name, f"{name}: cannot merge by record ({exc})")
    except Exception as exc:  # noqa: BLE001 - a crash must end as a visible conflict, never a partial file
        return _fall_back(base, ours, theirs, name, f"{name}: merge driver failed ({type(exc).__name__}: {exc})")
    atomic_write(ours, _keeping_comments(outcome, texts, (ours, base, theirs)).encode("utf-8"))
    if outcome.conflicts:
        fields = ", ".join(outcome.fields)
        print(f"koop: {name}: {len(outcome.conflicts)} conflict(s) recorded ({fields})", file=sys.stderr)
    return 0


def _keeping_comments(outcome, texts: list[str], paths: tuple[Path, Path, Path]) -> str:
    """The record merge's text, or git's clean line merge of the files when it reads as exactly the same data.

    A merge that equals neither side is written in the canonical form, which drops comments and hand layout;
    when the sides changed different lines, git's line merge keeps them, and the record merge vouches for it.
    """
    if outcome.conflicts or outcome.text in texts[1:]:
        return outcome.text
    from koop_tui.sync import git

    lines = git.clean_line_merge(*paths)
    try:
        text = lines.decode("utf-8") if lines is not None else None
    except UnicodeDecodeError:
        return outcome.text
    return text if text is not None and same_meaning(outcome.text, text) else outcome.text


def _fall_back(base: Path, ours: Path, theirs: Path, name: str, message: str) -> int:
    """Leave git's usual conflict markers in %A and report a conflict."""
    from koop_tui.sync import git

    print(f"koop: {message}; leaving conflict markers", file=sys.stderr)
    labels = (f"ours:{name}", f"base:{name}", f"theirs:{name}")
    atomic_write(ours, git.merge_file(ours, base, theirs, labels))
    return 1


if __name__ == "__main__":
    sys.exit(main())
