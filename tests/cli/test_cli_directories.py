"""A directory typed for `koop init`, `koop demo` or `--workspace` that is empty, a file, or cannot be created
is one line naming it (never an internal error), and nothing is created in the current directory instead; an
empty `--today` is refused rather than taken as the system date."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("args", [("init", ""), ("demo", "--no-open", ""), ("-w", "", "due"), ("init", "  ")])
def test_an_empty_directory_name_is_a_usage_error_not_the_current_directory(koop_inproc, tmp_path, args):
    run = koop_inproc(*args, cwd=tmp_path)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == "koop: the directory name is empty\n  hint: leave it out for the default\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [("init",), ("demo", "--no-open")])
def test_a_directory_that_cannot_be_created_is_named(koop_inproc, tmp_path, command):
    (tmp_path / "file").write_text("x")
    run = koop_inproc(*command, str(tmp_path / "file" / "ws"), cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.startswith(f"koop: could not create {tmp_path / 'file' / 'ws'}")
    assert run.stderr.rstrip().endswith("Not a directory") and "internal error" not in run.stderr
    assert (tmp_path / "file").read_text() == "x"


def test_demo_into_a_file_says_it_is_not_a_directory(koop_inproc, tmp_path):
    (tmp_path / "file").write_text("x")
    run = koop_inproc("demo", "--no-open", str(tmp_path / "file"), cwd=tmp_path)
    assert (run.returncode, run.stderr) == (1, f"koop: {tmp_path / 'file'} is not a directory\n")
    assert (tmp_path / "file").read_text() == "x"


def test_german(koop, tmp_path):
    run = koop("init", "", cwd=tmp_path, env={"LANGUAGE": "de", "LANG": "de_DE.UTF-8"})
    assert run.stderr == "koop: der Verzeichnisname ist leer\n  Tipp: lass ihn weg für die Voreinstellung\n"


@pytest.mark.parametrize("args", [("--today", "", "due"), ("due", "--today", " "), ("--today", "", "list")])
def test_an_empty_today_is_a_usage_error_not_the_system_date(koop_inproc, tmp_path, args):
    """`koop due --today "$DAY"` with DAY unset computed silently for the system date."""
    koop_inproc("init", str(tmp_path / "w"), cwd=tmp_path)
    run = koop_inproc(*args, cwd=tmp_path / "w")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == "koop: --today is empty\n  hint: leave it out for the system date\n"


def test_an_empty_today_in_german(koop, tmp_path):
    koop("init", str(tmp_path / "w"), cwd=tmp_path)
    run = koop("--today", "", "due", cwd=tmp_path / "w", env={"LANGUAGE": "de", "LANG": "de_DE.UTF-8"})
    assert run.stderr == "koop: --today ist leer\n  Tipp: lass es weg für das Systemdatum\n"
