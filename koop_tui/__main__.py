"""The `koop` command: parse arguments, run one command; import the app only to open it."""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys

from koop_tui import __version__, debug
from koop_tui.errors import KoopError, UsageError
from koop_tui.gcpause import hold_for_start_up, start_up_over
from koop_tui.i18n import N_, _, ngettext, translated

# name -> (module under koop_tui.cli, one-line help). Each module has configure(parser) and run(args) -> int
# ("module:name": configure_name and run_name, for small commands sharing a module).
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", N_("create a new workspace")),
    "demo": ("demo", N_("generate a demo workspace and open the app on it")),
    "add": ("add", N_("add a partner, contact, follow-up, project or agreement")),
    "log": ("log", N_("log a touchpoint")),
    "snooze": ("snooze", N_("snooze a partner or contact until a date")),
    "set": ("set", N_("change fields of a partner, contact or any record")),
    "rm": ("rm", N_("delete a contact or a record (asks first)")),
    "done": ("records:done", N_("mark a follow-up done")),
    "end": ("records:end", N_("end a joint project")),
    "reviewed": ("records:reviewed", N_("an agreement was reviewed: set its next review")),
    "show": ("show:show", N_("the partner page as text, with the ids of its records")),
    "list": ("show:list", N_("partners with status, last touch and next due")),
    "undo": ("undo:undo", N_("reverse koop's last change (with a new change)")),
    "redo": ("undo:redo", N_("make the change undone last again")),
    "history": ("undo:history", N_("list the changes to the workspace or a partner, who made them and when")),
    "due": ("due", N_("list who is due, and why")),
    "check": ("check", N_("validate every file of the workspace")),
    "who": ("who", N_("find partners by know-how")),
    "search": ("search", N_("search names, contacts, emails, notes and skills")),
    "report": ("report", N_("text charts: months, owners, warm-up, cooling")),
    "export": ("export", N_("write the calendar (.ics) or contacts (.vcf)")),
    "serve": ("serve", N_("serve the calendar feed over HTTP")),
    "sync": ("sync", N_("commit, fetch, merge and push the workspace")),
    "import": ("import_", N_("import contacts from vCard or CSV")),
    "triage": ("triage", N_("imported partners to sort; give several a stage, a cadence, or archive them")),
    "capture": ("capture", N_("log touchpoints from your own mail and calendars")),
    "merge-driver": ("merge_driver", N_("git merge driver for koop files (used by git)")),
    "completion": ("completion", N_("print a shell completion script (bash, zsh or fish)")),
}
# Commands whose work depends on the day (due items, relative dates like +2w): they take --today.
TODAY_COMMANDS = {"demo", "add", "log", "snooze", "set", "due", "who", "report", "export", "serve", "capture", "done",
                  "end", "reviewed", "show", "list", "import", "triage"}
# Commands that read the workspace once and end: the caches their load writes are written after their output,
# and the collector held for start-up stays off (what they allocate is acyclic, and is freed at exit).
ONE_LOAD = {"add", "log", "snooze", "set", "rm", "done", "end", "reviewed", "show", "list", "due", "check", "who", "report", "export"}


# Commands whose KEY=VALUE pairs may follow an option (`koop set P stage=active --yes note=x`).
LATE_PAIRS = {"set"}


# argparse's own messages (usage, option titles, its errors), translated by koop's catalog.
ARGPARSE = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("show program's version number and exit"), N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"), N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"), N_("can't open '%(filename)s': %(error)s"),
)


def _speak_argparse() -> None:
    """argparse looks its texts up with the gettext module's functions: koop's catalog answers instead."""
    argparse._ = lambda message: translated(message) if message else message
    argparse.ngettext = ngettext


class _Formatter(argparse.HelpFormatter):
    """Help that fits the terminal: argparse keeps a group of options (`[--a | --b N [N ...]]`) on one line however
    long, so it is broken after its bars; an epilog's example (a paragraph of indented lines) keeps its layout
    while prose paragraphs are wrapped."""

    def _format_usage(self, usage, actions, groups, prefix) -> str:
        lines: list[str] = []
        for line in super()._format_usage(usage, actions, groups, prefix).split("\n"):
            if line.lstrip().startswith("| ") and lines:  # argparse split a group after a `[N ...]`
                lines[-1] += " " + line.lstrip()
            else:
                lines.append(line)
        return "\n".join(self._at_bars(line) for line in lines)

    def _at_bars(self, line: str) -> str:
        if len(line) <= self._width or " | " not in line:
            return line
        first = line.index(" | ")
        indent = " " * (max(line.rfind("[", 0, first), line.rfind("(", 0, first)) + 1)
        pieces = line.split(" | ")
        out = [pieces[0]]
        for piece in pieces[1:]:
            if len(out[-1]) + 3 + len(piece) <= self._width:
                out[-1] += " | " + piece
            else:
                out[-1] += " |"
                out.append(indent + piece)
        return "\n".join(out)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        fill = super()._fill_text
        paragraphs = re.split(r"\n[ \t]*\n", text.strip("\n"))
        return "\n\n".join("\n".join(indent + line for line in p.splitlines()) if p.startswith(" ")
                           else fill(p, width, indent) for p in paragraphs)


# "-3d", "-1w": a relative date after an option (`--since -3d`), never taken for an option of its own.
RELATIVE_DATE = re.compile(r"^-\d+[dwmytj]?$|^-\d*\.\d+$")


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = RELATIVE_DATE

    def error(self, message: str) -> None:  # usage errors: two lines, exit 2
        self.print_usage(sys.stderr)
        self.exit(2, _("koop: error: {message}").format(message=message) + "\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser; with `only`, just that command's options are configured (the others are not imported)."""
    _speak_argparse()
    parser = _Parser(prog="koop", description=_("Keep business cooperations alive."))
    parser.add_argument("--version", action="version", version=f"koop {__version__}",
                        help=_("show program's version number and exit"))  # Python 3.11 fixes it in English
    parser.add_argument(
        "-w", "--workspace", metavar="DIR",
        help=_("workspace directory (default: $KOOP_WORKSPACE, else the nearest directory upwards with a "
               "koop.toml)"),
    )
    _add_common(parser, today=True, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module_name, help_text) in COMMANDS.items():
        help_text = translated(help_text)
        cmd = sub.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        _add_common(cmd, today=name in TODAY_COMMANDS, top=False)
        if only is None or name == only:
            module_name, __, suffix = module_name.partition(":")  # "records:done": configure_done and run_done
            module = importlib.import_module(f"koop_tui.cli.{module_name}")
            getattr(module, f"configure_{suffix}" if suffix else "configure")(cmd)
            for nested in _nested(cmd):  # `koop add partner X --today D` as `koop add --today D partner X`
                _add_common(nested, today=name in TODAY_COMMANDS, top=False)
            cmd.set_defaults(_run=getattr(module, f"run_{suffix}" if suffix else "run"))
    return parser


def _nested(parser) -> list[argparse.ArgumentParser]:
    """The parsers of a command's own subcommands (`add partner`, `add contact`, ...)."""
    return [nested for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for nested in dict.fromkeys(action.choices.values())]


def _add_common(parser, *, today: bool, top: bool) -> None:
    """--debug (every command) and --today (the app and TODAY_COMMANDS), before or after the command's name;
    after it they default to SUPPRESS, so that a value given before the name stands."""
    parser.add_argument("--debug", action="store_true", default=False if top else argparse.SUPPRESS,
                        help=_("tracebacks and timings on stderr"))
    if today:
        parser.add_argument("--today", metavar="DATE", default=None if top else argparse.SUPPRESS,
                            help=_("compute as of DATE instead of the system date (also $KOOP_TODAY)"))


def _command_in(argv: list[str]) -> str:
    """The command named in argv (after the global options); "" when there is none of ours (the app opens,
    or the unknown command is reported: no command's options are needed, and none is imported)."""
    word = _first_word(argv)
    return word if word in COMMANDS else ""


def _first_word(argv: list[str]) -> str | None:
    """The first argument after the global options: the command's name, or None (the app)."""
    args = iter(argv)
    for arg in args:
        if arg == "--":
            return next(args, None)
        if arg in ("-w", "--workspace", "--today"):
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def _refuse_unknown_command(parser, argv: list[str]) -> None:
    """`koop shwo` listed all 28 commands; it names the closest one instead."""
    import difflib

    word = _first_word(argv)
    if word is None or word in COMMANDS:
        return
    close = difflib.get_close_matches(word, list(COMMANDS), n=1, cutoff=0.6)
    if close:
        parser.error(_("unknown command '{word}'; did you mean '{command}'? (koop --help lists them)").format(
            word=word, command=close[0]))
    parser.error(_("unknown command '{word}' (koop --help lists them)").format(word=word))


def main(argv: list[str] | None = None) -> int:
    """koop's entry point; called without argv it is the process's start (see gcpause.hold_for_start_up)."""
    if argv is None:
        hold_for_start_up()
    _tolerant_output()
    try:
        return _main(argv)
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        debug.traceback_to_stderr()
        from koop_tui.cli.common import say

        say(_("koop: internal error: {error} ({log})").format(error=_one_line(exc), log=_write_crash_log()), err=True)
        return 1


def _tolerant_output() -> None:
    """Output a terminal or pipe cannot encode (a Latin-1 locale, PYTHONIOENCODING=ascii) shows a ? where a
    character does not fit, instead of ending koop: names, —, → and ✓ are everywhere in its output."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    text = text if len(text) <= 160 else text[:157] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _write_crash_log() -> str:
    """Put the traceback of the exception being handled in the cache dir; say where (or why not)."""
    import traceback
    from datetime import datetime

    from koop_tui.userdirs import cache_dir

    try:
        path = cache_dir() / "crash.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().isoformat(timespec="seconds")
        path.write_text(f"koop {__version__} at {stamp}: {' '.join(sys.argv)}\n{traceback.format_exc()}")
    except Exception as exc:  # noqa: BLE001
        return _("could not write the traceback: {error}").format(error=exc)
    return _("traceback in {path}").format(path=path)


def _refuse_undecodable(args) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates, which no file can hold: a usage error. The
    rest become NFC (koop_tui/text.py), so "Müller" typed decomposed names the same partner."""
    from koop_tui.cli.common import PATH_ARGS
    from koop_tui.text import nfc

    for name, value in vars(args).items():
        if name in PATH_ARGS:
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                    raise UsageError(_("not valid UTF-8 in {name}: '{shown}'").format(name=name, shown=shown),
                                     _("koop reads arguments as UTF-8; use a UTF-8 terminal or locale")) from None
        if isinstance(value, str):
            setattr(args, name, nfc(value))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            setattr(args, name, [nfc(v) for v in value])


def _warn_unspoken() -> None:
    """A language koop does not speak, named in its own settings (i18n.unspoken): said once, on stderr."""
    from koop_tui.i18n import unspoken

    warning = unspoken()
    if warning:
        from koop_tui.cli.common import say

        say(_("koop: warning: {warning}").format(warning=warning), err=True)


def _run_writing_after(args, detach: bool) -> int:
    """Run a command; the caches its load queued are written after its output (index.write_after). When a
    child process writes them, this process ends here: freeing a large heap that the child shares
    copy-on-write costs more than at any other time (~0.15 s at team scale)."""
    from koop_tui.index import write_after, writes_later

    with writes_later() as writes:
        try:
            code = args._run(args)
        except Exception:  # a command that failed after its load: its caches still save the next one a load
            write_after(writes, detach=False)
            raise
    if write_after(writes, detach):
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    return code


def _start_debugging(args) -> None:
    """Say what koop runs, and time the command's own work (which may end the process: _run_writing_after)."""
    debug.enable()
    debug.note(f"koop {__version__}, Python {sys.version.split()[0]}, {args.command or 'app'}: arguments read")
    run = getattr(args, "_run", None)
    if run is not None:
        def timed_run(args) -> int:
            with debug.timed(args.command):
                code = run(args)
            debug.note(f"exit {code}")
            return code

        args._run = timed_run


def _main(argv: list[str] | None) -> int:
    detach = argv is None  # koop is its own process: cache writes may outlive it (index.write_after)
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(_command_in(argv))
    _refuse_unknown_command(parser, argv)
    args, extra = parser.parse_known_args(argv)
    if extra and getattr(args, "command", None) in LATE_PAIRS and not any(e.startswith("-") for e in extra):
        args.pairs += extra  # `koop set P a=1 --yes b=2`: argparse takes positionals in one run only
    elif extra:
        parser.error(_("unrecognized arguments: %s") % " ".join(extra))
    if args.debug:
        _start_debugging(args)
    try:
        _refuse_undecodable(args)
        if args.command not in (None, "completion", "merge-driver"):  # the app notifies; a shell or git reads these
            _warn_unspoken()
        if args.command is None:
            from koop_tui.cli.app import run as run_app

            return run_app(args)
        if args.command in ONE_LOAD:  # one load, its output, the end: the collector may stay held (gcpause)
            return _run_writing_after(args, detach)
        start_up_over()  # the app resumes it once its first screen is up; a command needs no more than this
        return args._run(args)
    except KoopError as exc:
        from koop_tui.cli.common import say

        debug.traceback_to_stderr()
        say(f"koop: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("koop: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
