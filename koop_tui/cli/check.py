"""`koop check`: validate every workspace file; exit 1 if any error is found."""

from __future__ import annotations

from koop_tui.cli.common import say, workspace_root
from koop_tui.model import Problem
from koop_tui.words import plural


def configure(parser) -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the problems, no summary")
    parser.add_argument("--json", action="store_true",
                        help="one JSON object: ok, partners, errors, warnings, problems (path, line, col, severity, "
                             "message, hint)")


def sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.col or 0, problem.message)


def summary(problems: list[Problem], partners: int) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"ok: {partners} partner{'s' * (partners != 1)}, no problems"
    files = len({p.path for p in problems})
    parts = [f"{errors} error{'s' * (errors != 1)}"] + ([f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else [])
    files_text = plural(files, "{n} file", "{n} files")
    partners_text = plural(partners, "{n} partner", "{n} partners")
    return f"{', '.join(parts)} in {files_text}; {partners_text} loaded"


def _git_problems(root) -> list[Problem]:
    """A clone whose plain `git pull` would not merge partner files with koop's driver: a warning."""
    from koop_tui.sync.driver import driver_problem

    problem = driver_problem(root)
    return [Problem(".git/config", problem, severity="warning")] if problem else []


def run(args) -> int:
    from koop_tui.gcpause import keep_to_exit
    from koop_tui.index import workspace as load_workspace

    workspace = load_workspace(workspace_root(args))
    keep_to_exit(workspace)
    from koop_tui.store.validate import same_names

    problems = sorted(workspace.problems + _git_problems(workspace_root(args)) + same_names(workspace), key=sort_key)
    if args.json:
        import json

        errors = sum(p.severity == "error" for p in problems)
        print(json.dumps({"ok": not workspace.errors, "partners": len(workspace.partners), "errors": errors,
                          "warnings": len(problems) - errors,
                          "problems": [{"path": p.path, "line": p.line, "col": p.col, "severity": p.severity,
                                        "message": p.message, "hint": p.hint} for p in problems]},
                         ensure_ascii=False, indent=1))
        return 1 if workspace.errors else 0
    for problem in problems:
        prefix = "warning: " if problem.severity == "warning" else ""
        text = str(problem)
        if prefix:
            where, _, rest = text.partition(": ")
            text = f"{where}: {prefix}{rest}"
        say(text)
    if not args.quiet:
        say(summary(problems, len(workspace.partners)))
    return 1 if workspace.errors else 0
