"""Every test runs with its own user dirs, a fixed git identity, English, and no inherited koop settings."""

from __future__ import annotations

import os

import pytest

SNAPSHOTS = "koop_snapshot_report"


def pytest_configure(config) -> None:
    """A test pilot's key press waits until the process looks idle: under 5 % CPU over a sleep of 20 ms, again
    and again. The same rule over 5 ms sleeps says the same sooner (tests/app: 3.0 -> 2.2 minutes)."""
    import textual._wait as wait  # textual is pinned: these module constants are read at each wait

    wait.SLEEP_GRANULARITY = 1 / 200
    wait.SLEEP_IDLE = wait.SLEEP_GRANULARITY / 20


# The suite runs on every core with pytest-xdist (pyproject: -n auto). syrupy makes its session report (the count of
# snapshots, and exit 1 for a snapshot no test uses any more) only in a single process. So every test comparing a
# snapshot runs in one worker (--dist loadgroup), whose report is then the whole one; the main process prints it
# and fails on it as syrupy would.


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the group
def pytest_collection_modifyitems(config, items) -> None:
    if hasattr(config, "workerinput"):
        for item in items:
            if "snapshot" in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.xdist_group("snapshots"))


@pytest.hookimpl(trylast=True)  # after syrupy's own hook has made the report
def pytest_sessionfinish(session) -> None:
    config = session.config
    report = getattr(getattr(config, "_syrupy", None), "report", None)
    if hasattr(config, "workerinput") and report is not None:
        import syrupy

        with getattr(syrupy, "__terminal_color")(config):
            lines = list(report.lines)
        if not any(line.strip() for line in lines):
            return
        unused = bool(report.num_unused and not config.option.update_snapshots
                      and not config.option.warn_unused_snapshots)
        config.workeroutput[SNAPSHOTS] = {"lines": lines, "unused": unused}
    elif not hasattr(config, "workerinput") and getattr(config, SNAPSHOTS, None):
        if any(worker["unused"] for worker in getattr(config, SNAPSHOTS)):
            session.exitstatus |= 1


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    """--snapshot-update runs in one process: syrupy deletes the snapshots no test uses only there."""
    return 0 if config.option.update_snapshots else None


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    worker = getattr(node, "workeroutput", {}).get(SNAPSHOTS)
    if worker:
        setattr(node.config, SNAPSHOTS, [*getattr(node.config, SNAPSHOTS, []), worker])


def pytest_terminal_summary(terminalreporter, config) -> None:
    for worker in getattr(config, SNAPSHOTS, ()):
        terminalreporter.write_sep("-", "snapshot report summary")
        for line in worker["lines"]:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("KOOP_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("KOOP_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("KOOP_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name, value in {
        "GIT_AUTHOR_NAME": "Anna Test",
        "GIT_AUTHOR_EMAIL": "anna@example.test",
        "GIT_COMMITTER_NAME": "Anna Test",
        "GIT_COMMITTER_EMAIL": "anna@example.test",
    }.items():
        monkeypatch.setenv(name, value)
    # COLUMNS and LINES: xdist's workers set them to 80×24, and an app started from a test (tmux) took its size
    # from them instead of from its terminal
    for name in ("KOOP_WORKSPACE", "KOOP_TODAY", "KOOP_USER", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "COLUMNS",
                 "LINES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    # English unless a test asks for another language: a developer's German locale changes no result
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "KOOP_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    from koop_tui import i18n

    i18n.use(None)
    yield
    i18n.use(None)
    os.environ.pop("KOOP_TODAY", None)


def koop_here(monkeypatch, capsys, args: tuple[str, ...], cwd, today: str) -> tuple[int, str, str]:
    """Run `koop ARGS` in this process as user "anna" on `today`: (exit code, stdout, stderr).

    Fast, for the many short cases, and monkeypatch reaches into the command.
    """
    from koop_tui.__main__ import main

    monkeypatch.chdir(cwd)
    monkeypatch.setenv("KOOP_TODAY", today)
    monkeypatch.setenv("KOOP_USER", "anna")
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse: --help and usage errors
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    out, err = capsys.readouterr()
    return code, out, err
