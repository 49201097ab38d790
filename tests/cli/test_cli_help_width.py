"""Every command's --help fits an 80-column terminal, in English and German; what it shows works as shown: the
capture example is TOML to copy, relative dates and the common options are taken wherever a command takes them."""

from __future__ import annotations

import argparse
import textwrap
import tomllib

import pytest

from koop_tui import i18n
from koop_tui.__main__ import build_parser
from koop_tui.text import cells


def _parsers(parser: argparse.ArgumentParser, name: str = "koop"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, nested in action.choices.items():
                yield from _parsers(nested, f"{name} {sub}")


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_help_fits_80_columns(monkeypatch, language):
    """`koop capture --help` ran to 111 columns (its sources example, a group of options argparse never breaks),
    `koop add partner --help` to 83 (the stages spelled out in the usage)."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("KOOP_LANGUAGE", language)
    i18n.use(None)
    try:
        wide = [f"{name}: {line}" for name, parser in _parsers(build_parser())
                for line in parser.format_help().splitlines() if cells(line) > 80]
    finally:
        monkeypatch.delenv("KOOP_LANGUAGE")
        i18n.use(None)
    assert wide == []


def test_the_capture_example_is_toml_to_copy(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    capture = dict(_parsers(build_parser()))["koop capture"]
    text = capture.format_help()
    example = text.split("e.g.\n\n", 1)[1].split("\n\nA mail thread", 1)[0]
    config = tomllib.loads(textwrap.dedent(example))
    assert config["capture"]["auto"] is True and config["capture"]["sources"][0]["password_cmd"] == "pass show mail"
    usage = text.split("\n\n", 1)[0].splitlines()
    assert usage[1:4] == ["                    [--maildir DIR | --mbox FILE | --ics FILE|URL | --review |",
                          "                     --accept N [N ...] | --reject N [N ...] |",
                          "                     --assign N PARTNER/CONTACT] [-n]"]


@pytest.mark.parametrize("args", [
    ("add", "partner", "Zeta", "--since", "-3d"),                 # "expected one argument"
    ("add", "followup", "acme", "Call back", "--due", "+3t"),
    ("log", "acme", "call", "--date", "-3t"),                     # the German day: taken for an option
    ("add", "contact", "acme", "Ida Roth", "--today", "2026-11-20"),  # "unrecognized arguments: --today"
])
def test_relative_dates_and_common_options_after_a_subcommand(koop_inproc, acme, args):
    run = koop_inproc(*args, cwd=acme)
    assert run.returncode == 0, run.stderr


def test_debug_after_a_subcommand(koop, acme):
    """In a process of its own: debugging, once on, stays on in the process."""
    run = koop("add", "project", "acme", "Relaunch", "--debug", cwd=acme)
    assert run.returncode == 0 and "koop: debug:" in run.stderr


def test_since_minus_three_days_is_three_days_ago(koop_inproc, acme):
    koop_inproc("add", "partner", "Zeta", "--since", "-3d", cwd=acme)
    assert "since = 2026-11-17\n" in (acme / "partners" / "zeta.toml").read_text()


@pytest.mark.parametrize(("argv", "said"), [
    (("shwo", "acme"), "koop: error: unknown command 'shwo'; did you mean 'show'? (koop --help lists them)\n"),
    (("--today", "2026-11-20", "duee"), "koop: error: unknown command 'duee'; did you mean 'due'? (koop --help lists "
                                        "them)\n"),
    (("xyzzy",), "koop: error: unknown command 'xyzzy' (koop --help lists them)\n"),
])
def test_an_unknown_command_names_the_closest_one(koop_inproc, acme, argv, said):
    """It listed all 28 commands in one line of 300 characters."""
    run = koop_inproc(*argv, cwd=acme)
    assert run.returncode == 2 and run.stderr.startswith("usage: koop ") and run.stderr.endswith(said)


def test_every_option_and_argument_says_what_it_is():
    """`koop add partner --help` listed --owner, --cadence, --website and NAME with nothing beside them."""
    silent = [f"{name} {action.option_strings or action.dest}" for name, parser in _parsers(build_parser())
              for action in parser._actions
              if not isinstance(action, argparse._SubParsersAction) and action.help is None]
    assert silent == []
