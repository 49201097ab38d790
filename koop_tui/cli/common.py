"""What every command needs: the workspace path, today, and the loaded workspace."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from koop_tui.dates import parse_date
from koop_tui.errors import KoopError, UsageError
from koop_tui import i18n
from koop_tui.i18n import _
from koop_tui.words import plural


def directory_given(text: str) -> str:
    """A directory typed on the command line; an empty one (`koop init "$DIR"` with DIR unset) is refused rather
    than taken as the current directory."""
    if not text.strip():
        raise UsageError(_("the directory name is empty"), _("leave it out for the default"))
    return text


@contextmanager
def creating(root: Path) -> Iterator[None]:
    """Making a workspace at root (`koop init`, `koop demo`): a file system that refuses is named, not an
    internal error."""
    try:
        yield
    except OSError as exc:  # a parent that is a file, no permission, a read-only disk
        raise KoopError(_("could not create {path}: {reason}").format(path=exc.filename or root,
                                                                      reason=i18n.os_reason(exc))) from None


def warn_left_out(workspace) -> None:
    """Say on stderr how many partner files with errors a command leaves out (their values could not be read)."""
    if bad := workspace.file_errors():
        say(plural(len(bad), "koop: warning: {n} partner file with errors left out; run `koop check`",
                   "koop: warning: {n} partner files with errors left out; run `koop check`"), err=True)


def workspace_root(args) -> Path:
    """`--workspace`, else $KOOP_WORKSPACE, else the nearest directory upwards holding koop.toml."""
    given = getattr(args, "workspace", None)
    if given is not None:
        given = directory_given(given)
    given = given or os.environ.get("KOOP_WORKSPACE")
    if given:
        root = Path(given).expanduser()
        if not (root / "koop.toml").is_file():
            raise KoopError(_("no koop workspace at {root} (koop.toml missing)").format(root=root),
                            _("run `koop init` there first"))
        return root.resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "koop.toml").is_file():
            return candidate
    raise KoopError(
        _("no koop workspace here (no koop.toml in this directory or above)"),
        _("run `koop init`, `cd` into a workspace, or pass --workspace / set KOOP_WORKSPACE"),
    )


def json_speaks_english(args):
    """A block whose texts are English when the command prints --json (a stable form for scripts), else in the
    user's language."""
    from contextlib import nullcontext

    return i18n.using(i18n.SOURCE) if getattr(args, "json", False) else nullcontext()


# Arguments naming files may hold any name the file system allows; the others become values in koop's files.
PATH_ARGS = frozenset({"workspace", "dir", "file", "out", "base", "ours", "theirs", "path"})
# C0/C1 control characters (ESC, BEL, CSI, ...) from names and notes must never reach the terminal, nor the
# bidirectional overrides and isolates, which reorder what a line shows (a name that seems to be another's).
CONTROL = frozenset([*range(0x20), 0x7F, *range(0x80, 0xA0)])
_CONTROL = {c: "\N{REPLACEMENT CHARACTER}" for c in [*CONTROL, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def no_partners_yet() -> str:
    """What a list of a workspace without partner files says instead of "nothing": how to begin."""
    return _("No partners yet. Add one: koop add partner NAME (or koop import contacts.vcf)")


def printable(text: str, keep: str = "") -> str:
    """text with every control character but those in `keep` shown as U+FFFD."""
    return text.translate({c: r for c, r in _CONTROL.items() if chr(c) not in keep} if keep else _CONTROL)


def say(text: str = "", *, err: bool = False, flush: bool = False, wrap: bool = False) -> None:
    """Print text on stdout (stderr with `err`): the one way every command prints lines that may carry user data
    (a teammate's partner name, a note), so no terminal escape in them reaches the terminal. Only the newlines
    between koop's own lines are kept; the due table's colours are added after its texts went through
    printable (due.render_table). `wrap`: a sentence longer than the terminal is wide is broken between words
    (the terminal would break it inside one), its further lines indented; piped, it stays one line."""
    import sys

    text = printable(text, keep="\n")
    width = terminal_width(err) if wrap else None
    if width:
        text = wrapped(text, width)
    print(text, file=sys.stderr if err else sys.stdout, flush=flush)


def terminal_width(err: bool = False) -> int | None:
    """The columns of the terminal stdout (stderr) shows; None when it goes to a pipe or a file, where a row stays
    a line, for grep."""
    import sys

    return os.get_terminal_size(2 if err else 1).columns if (sys.stderr if err else sys.stdout).isatty() else None


def wrapped(text: str, width: int) -> str:
    """Each line of `text` wider than `width` broken between words, further lines two deeper than its own."""
    import textwrap

    from koop_tui.text import cells

    out = []
    for line in text.split("\n"):
        if cells(line) <= width:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]
        out.extend(textwrap.wrap(line, width=width, initial_indent="", subsequent_indent=indent + "  ",
                                 break_long_words=False, break_on_hyphens=False, drop_whitespace=True) or [line])
    return "\n".join(out)


def clean_filters(args) -> None:
    """--owner and --tag without surrounding blanks (as `log --by`); typed empty (`--owner "$WHO"` with WHO unset)
    they are a usage error: --owner fell back to "mine" and --tag matched nothing, so `koop due` said "Nothing
    due"."""
    owner = getattr(args, "owner", None)
    if owner is not None:
        if not owner.strip():
            raise UsageError(_("--owner is empty"), _("leave it out, or give a name"))
        args.owner = owner.strip()
    tags = getattr(args, "tag", None) or []
    if any(not tag.strip() for tag in tags):
        raise UsageError(_("--tag is empty"), _("leave it out, or give a tag"))
    if tags:
        args.tag = [tag.strip() for tag in tags]


# What `--today` may be: centuries from either end of the calendar, so cadences and horizons stay in range.
TODAY_RANGE = (date(1000, 1, 1), date(9000, 12, 31))


def today(args) -> date:
    """`--today` (hidden, for scripts and tests), else $KOOP_TODAY, else the system date."""
    given = getattr(args, "today", None)
    if given is not None and not given.strip():  # `--today "$DAY"` with DAY unset: not silently the system date
        raise UsageError(_("--today is empty"), _("leave it out for the system date"))
    text = given or os.environ.get("KOOP_TODAY")
    if not text:
        return date.today()
    try:
        day = parse_date(text, date.today(), near=False)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not TODAY_RANGE[0] <= day <= TODAY_RANGE[1]:
        raise UsageError(_("today must be between {first} and {last}, got {day}").format(
            first=i18n.day(TODAY_RANGE[0]), last=i18n.day(TODAY_RANGE[1]), day=i18n.day(day)))
    return day


# The longest look-ahead or look-back a command takes, in days: ten years, far beyond any cadence or horizon.
MAX_DAYS = 3660


def check_days(value: int | None, option: str, low: int = 0) -> None:
    """Refuse a number of days below `low` or above MAX_DAYS (the dates it reaches must stay in range)."""
    if value is not None and not low <= value <= MAX_DAYS:
        raise UsageError(_("{option} must be between {low} and {high} days, got {value}").format(
            option=option, low=low, high=MAX_DAYS, value=value))


def load(args, strict: bool = False):
    """Load the workspace named by the arguments; a broken koop.toml is refused when `strict`, else a warning."""
    from koop_tui import debug
    from koop_tui.gcpause import keep_to_exit
    from koop_tui.index import workspace as load_workspace

    root = workspace_root(args)
    with debug.timed(f"load {root}"):
        workspace = load_workspace(root)
    keep_to_exit(workspace)
    (refuse_broken_settings if strict else warn_broken_settings)(workspace.problems)
    return workspace


def _settings_errors(problems) -> str:
    """"koop.toml:3:7: message" of the first koop.toml error (and how many more), or "" when it is fine.

    Merge conflict records are not errors here: koop.toml keeps one side's value in place, so every command
    works with it until the conflict is resolved (warn_broken_settings names them)."""
    from koop_tui.store.fields import errors_not_conflicts

    errors = errors_not_conflicts(problems, "koop.toml")
    if not errors:
        return ""
    return f"{errors[0]}" + (plural(len(errors) - 1, " (and {n} more)", " (and {n} more)") if len(errors) > 1 else "")


def refuse_broken_settings(problems) -> None:
    """Commands that write or publish stop on a broken koop.toml: with the shipped defaults in its place they
    would log without `by`, or give calendar events other UIDs (subscribers would see duplicates)."""
    first = _settings_errors(problems)
    if first:
        raise KoopError(_("{problem}; koop.toml has problems, nothing was done").format(problem=first),
                        _("fix it (koop check)"))


def warn_broken_settings(problems) -> None:
    """Listing commands go on with the shipped defaults in place of a broken koop.toml, and say so."""
    from koop_tui.store.fields import is_conflict_record

    first = _settings_errors(problems)
    if first:
        say(_("koop: warning: {problem}; the shipped defaults stand in for what is broken; fix it (koop check)")
            .format(problem=first), err=True)
    conflicts = [p for p in problems if p.path == "koop.toml" and is_conflict_record(p.message)]
    for problem in conflicts:
        where = f"koop.toml:{problem.line}" if problem.line else "koop.toml"
        say(_("koop: conflict: {where}: {message} (the value in place is used; set the one you want in "
              "koop.toml and delete its [[conflicts]] entry)").format(where=where, message=problem.message), err=True)


def write_json(doc, raw: dict[str, list[bytes]] | None = None) -> None:
    """Print doc as JSON: UTF-8, two-space indent, a final newline, dates in ISO form; the bytes of
    `json.dumps(doc, ensure_ascii=False, indent=2)` (numbers below 1e-4 may be spelt 1e-5 for 1e-05).
    raw: key of doc -> its value as JSON text in parts, indented for its place (index's DueSummary.json_text),
    written as they are, not copied.

    orjson writes it 20x faster than the json module, whose indenting encoder is pure Python (0.55 s for the
    due list of 5,000 partners).
    """
    import sys

    import orjson

    raw = raw or {}
    marks = {key: f"\0{os.urandom(8).hex()}" for key in raw}  # no text of the user's holds them
    data = orjson.dumps({k: marks.get(k, v) for k, v in doc.items()} if raw else doc,
                        option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    parts = [data]
    for key, mark in marks.items():
        head, _, tail = parts.pop().partition(orjson.dumps(mark))
        parts += [head, *raw[key], tail]
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a text-only stream (tests that swap sys.stdout)
        sys.stdout.write(b"".join(parts).decode())
    else:
        out.writelines(parts)
        out.flush()


class AutoCommit:
    """The store's on_change for a workspace: commits each change koop makes (after_change), and right before
    koop writes a partner file, commits a pending hand edit of it on its own (sync.commit_hand_edit)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, paths: list[Path], message: str) -> None:
        after_change(self.root, paths, message)

    def before_write(self, path: Path) -> None:
        if not _has_git(self.root):  # no repository, nothing to commit: no need to read the file or ask git
            return
        from koop_tui.sync import commit_hand_edit

        if not _with_errors(self.root, [path]):  # a broken hand edit is committed with the fix, if ever
            commit_hand_edit(self.root, path)


def _has_git(root: Path) -> bool:
    """False when root holds no .git: then it is no repository (sync.git.is_repo), and there is nothing to commit."""
    return os.path.lexists(Path(root) / ".git")


_TOLD: set[str] = set()  # partner files said to have errors and left uncommitted (said once per process)


def _with_errors(root: Path, paths: list[Path]) -> dict:
    from koop_tui.store.health import partner_file_errors

    rels = []
    for path in map(Path, paths):
        try:
            rels.append((path if not path.is_absolute() else path.relative_to(root)).as_posix())
        except ValueError:
            continue
    return partner_file_errors(root, rels)


def after_change(root: Path, paths: list[Path], message: str) -> None:
    """Called after every change koop made to workspace files; commits it when auto-commit is on.

    Only `paths` are committed, and never a partner file that has errors (it stays uncommitted, said once);
    a failed commit is a one-line warning, the written files stay. Without a repository, nothing happens.
    """
    if not _has_git(root):
        return
    broken = _with_errors(Path(root), paths)
    if broken:
        paths = [p for p in paths if not any(Path(p).as_posix().endswith(rel) for rel in broken)]
        for rel in sorted(set(broken) - _TOLD):
            n = len(broken[rel])
            say(plural(n, "koop: warning: {path} has {n} problem and was not committed (first: {first}); fix it "
                          "(koop check)",
                       "koop: warning: {path} has {n} problems and was not committed (first: {first}); fix it "
                       "(koop check)", path=rel, first=broken[rel][0]), err=True)
        _TOLD.update(broken)
        if not paths:
            return
    from koop_tui.sync import auto_commit

    outcome = auto_commit(root, paths, message)
    if outcome.warning:
        say(_("koop: warning: {warning} (the change is saved)").format(warning=outcome.warning), err=True)
