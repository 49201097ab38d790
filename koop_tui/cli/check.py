"""`koop check`: validate every workspace file; exit 1 if any error is found."""

from __future__ import annotations

from koop_tui.cli.common import say, workspace_root, write_json
from koop_tui.model import Problem
from koop_tui.i18n import _
from koop_tui.words import plural


def configure(parser) -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help=_("print only the problems, no summary"))
    parser.add_argument("--json", action="store_true",
                        help=_("one JSON object: ok, partners, errors, warnings, problems (path, line, col, severity, "
                               "message, hint)"))


def sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.col or 0, problem.message)


def summary(problems: list[Problem], partners: int) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return plural(partners, "ok: {n} partner, no problems", "ok: {n} partners, no problems")
    files = len({p.path for p in problems})
    parts = [plural(errors, "{n} error", "{n} errors")]
    if warnings:
        parts.append(plural(warnings, "{n} warning", "{n} warnings"))
    files_text = plural(files, "{n} file", "{n} files")
    partners_text = plural(partners, "{n} partner", "{n} partners")
    return _("{problems} in {files}; {partners} loaded").format(problems=", ".join(parts), files=files_text,
                                                                partners=partners_text)


def _git_problems(root) -> list[Problem]:
    """A clone whose plain `git pull` would not merge partner files with koop's driver: a warning."""
    from koop_tui.sync.driver import driver_problem

    problem = driver_problem(root)
    return [Problem(".git/config", problem, severity="warning")] if problem else []


def run(args) -> int:
    from koop_tui.gcpause import keep_to_exit
    from koop_tui.index import workspace as load_workspace

    from koop_tui.cli.common import json_speaks_english
    from koop_tui.store.validate import same_names, shared_records

    with json_speaks_english(args):
        workspace = load_workspace(workspace_root(args))
        keep_to_exit(workspace)
        problems = sorted(workspace.problems + _git_problems(workspace_root(args)) + same_names(workspace)
                          + shared_records(workspace),
                          key=sort_key)
    if args.json:
        errors = sum(p.severity == "error" for p in problems)
        write_json({"ok": not workspace.errors, "partners": len(workspace.partners), "errors": errors,
                    "warnings": len(problems) - errors,
                    "problems": [{"path": p.path, "line": p.line, "col": p.col, "severity": p.severity,
                                  "message": p.message, "hint": p.hint} for p in problems]})
        return 1 if workspace.errors else 0
    for problem in problems:
        text = str(problem)
        if problem.severity == "warning":
            where, __, rest = text.partition(": ")
            text = f"{where}: " + _("warning: {problem}").format(problem=rest)
        say(text, wrap=True)
    if not args.quiet:
        say(summary(problems, len(workspace.partners)))
    return 1 if workspace.errors else 0
