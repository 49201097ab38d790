"""What every command needs: the workspace path, today, and the loaded workspace."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from koop_tui.dates import parse_date
from koop_tui.errors import KoopError, UsageError


def workspace_root(args) -> Path:
    """`--workspace`, else $KOOP_WORKSPACE, else the nearest directory upwards holding koop.toml."""
    given = getattr(args, "workspace", None) or os.environ.get("KOOP_WORKSPACE")
    if given:
        root = Path(given).expanduser()
        if not (root / "koop.toml").is_file():
            raise KoopError(f"no koop workspace at {root} (koop.toml missing)", "run `koop init` there first")
        return root.resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "koop.toml").is_file():
            return candidate
    raise KoopError(
        "no koop workspace here (no koop.toml in this directory or above)",
        "run `koop init`, `cd` into a workspace, or pass --workspace / set KOOP_WORKSPACE",
    )


def today(args) -> date:
    """`--today` (hidden, for scripts and tests), else $KOOP_TODAY, else the system date."""
    text = getattr(args, "today", None) or os.environ.get("KOOP_TODAY")
    if not text:
        return date.today()
    try:
        return parse_date(text, date.today())
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def load(args):
    """Load the workspace named by the arguments."""
    from koop_tui.store import load_workspace

    return load_workspace(workspace_root(args))


def write_json(doc) -> None:
    """Print doc as JSON: UTF-8, two-space indent, a final newline; the bytes of
    `json.dumps(doc, ensure_ascii=False, indent=2)` (numbers below 1e-4 may be spelt 1e-5 for 1e-05).

    orjson writes it 20x faster than the json module, whose indenting encoder is pure Python (0.55 s for the
    due list of 5,000 partners); without orjson, the json module writes it.
    """
    import sys

    try:
        import orjson
    except ImportError:
        import json

        data = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()
    else:
        data = orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a text-only stream (tests that swap sys.stdout)
        sys.stdout.write(data.decode())
    else:
        out.write(data)
        out.flush()


def after_change(root: Path, paths: list[Path], message: str) -> None:
    """Called after every change koop made to workspace files; commits it when auto-commit is on.

    Only `paths` are committed; a failed commit is a one-line warning, the written files stay.
    """
    import sys

    from koop_tui.sync import auto_commit

    outcome = auto_commit(root, paths, message)
    if outcome.warning:
        print(f"koop: warning: {outcome.warning} (the change is saved)", file=sys.stderr)
