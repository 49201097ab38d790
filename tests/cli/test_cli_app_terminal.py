"""`koop` and `koop demo` with a pipe or a file for input or output: the app drew escape codes into the pipe
and waited for keys that never came (a cron job hung); now `koop` says so and `koop demo` says how to open it."""

from __future__ import annotations


def test_koop_without_a_terminal_is_a_usage_error(koop, acme):
    run = koop(cwd=acme)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == ("koop: the app needs a terminal, and koop's input or output is a pipe or a file\n"
                          "  hint: run koop in a terminal; in a script: koop due --json, koop list --json\n")


def test_koop_outside_a_workspace_still_says_that_first(koop, tmp_path):
    run = koop(cwd=tmp_path)
    assert run.returncode == 1 and run.stderr.startswith("koop: no koop workspace here")


def test_demo_without_a_terminal_makes_the_workspace_and_says_how_to_open_it(koop, tmp_path):
    run = koop("demo", "d", cwd=tmp_path)
    assert run.returncode == 0 and run.stdout == f"Demo workspace in {tmp_path / 'd'}\n"
    assert run.stderr.endswith("koop: note: not a terminal, so the app was not opened; open it with: "
                               f"koop -w {tmp_path / 'd'}\n")
    assert (tmp_path / "d" / "koop.toml").is_file()
