"""`--debug` on every command (tracebacks and timings on stderr) and `--today` on every command that depends on
the day, before or after the command's name."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from koop_tui.__main__ import COMMANDS, TODAY_COMMANDS, build_parser


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from koop_tui.demo import generate

    root = tmp_path_factory.mktemp("debug") / "demo"
    generate(root, date(2026, 11, 20), seed=3)
    return root


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_takes_debug_and_the_day_dependent_ones_today(name):
    parser = build_parser(name)
    actions = {a.dest: a for a in parser._subparsers._group_actions[0].choices[name]._actions}
    assert "debug" in actions
    assert ("today" in actions) == (name in TODAY_COMMANDS)
    source = (Path(__file__).resolve().parents[2] / "koop_tui/cli" / f"{COMMANDS[name][0].partition(':')[0]}.py").read_text()
    if re.search(r"\btoday\(args\)", source):  # a command that asks for today must take --today
        assert name in TODAY_COMMANDS


def test_today_is_the_same_before_and_after_the_command(koop, demo):
    before = koop("--today", "2026-12-24", "export", "--all", "-o", "-", cwd=demo, today="2026-01-01")
    after = koop("export", "--all", "-o", "-", "--today", "2026-12-24", cwd=demo, today="2026-01-01")
    env = koop("export", "--all", "-o", "-", cwd=demo, today="2026-12-24")
    assert before.returncode == after.returncode == 0, after.stderr
    assert before.stdout == after.stdout == env.stdout
    assert "DTSTART;VALUE=DATE:20261224" in after.stdout
    due = koop("due", "--all", "--json", "--today", "2026-12-24", cwd=demo, today="2026-01-01")
    assert '"today": "2026-12-24"' in due.stdout


def test_debug_prints_timings_and_leaves_the_output_alone(koop, demo):
    plain = koop("due", "--all", cwd=demo)
    debugged = koop("due", "--all", "--debug", cwd=demo)
    assert debugged.returncode == plain.returncode == 0
    assert debugged.stdout == plain.stdout
    assert plain.stderr == ""
    lines = debugged.stderr.splitlines()
    assert all(re.match(r"koop: debug: +\d+\.\d ms  ", line) for line in lines), lines
    assert re.search(r"due list of .* as of 2026-11-20: \d+\.\d ms$", debugged.stderr, re.M)
    assert lines[-1].endswith("  exit 0")


def test_debug_shows_the_traceback_behind_an_error(koop, demo):
    plain = koop("log", "nosuch", "call", cwd=demo)
    debugged = koop("--debug", "log", "nosuch", "call", cwd=demo)
    assert plain.returncode == debugged.returncode == 1
    assert plain.stderr == "koop: no partner matches 'nosuch'\n  hint: `koop list` shows every partner\n"
    assert "Traceback (most recent call last):" in debugged.stderr
    assert "koop_tui.errors.KoopError: no partner matches 'nosuch'" in debugged.stderr
    assert debugged.stderr.endswith(plain.stderr)
