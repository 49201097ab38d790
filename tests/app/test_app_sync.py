"""The sync key runs a real sync in a worker and says what happened; the header shows the sync state."""

from __future__ import annotations

import subprocess

from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE


def git(root, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


async def test_sync_without_a_remote_commits_and_says_what_to_do(root, make):
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Anna")
    git(root, "config", "user.email", "anna@example.com")
    app = make()
    notes: list[tuple[str, str | None]] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.sub_title.startswith("sync: changed ")  # nothing committed yet
        app.notify = lambda message, **kw: notes.append((message, kw.get("severity")))
        await pilot.press("S")
        await settle(pilot, app)
        stopped = [(m, s) for m, s in notes if "no remote" in m]
        assert stopped and "git remote add" in stopped[0][0] and stopped[0][1] == "warning"
        assert git(root, "log", "--oneline").strip() and not git(root, "status", "--porcelain", "--", ".").strip()
        assert app.sub_title == "sync: clean"


async def test_sync_in_german_says_what_happened_and_the_header_state_in_german(root, make, tmp_path):
    from koop_tui import i18n

    remote = tmp_path / "team.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Anna")
    git(root, "config", "user.email", "anna@example.com")
    git(root, "remote", "add", "origin", str(remote))
    i18n.use("de")
    app = make()
    notes: list[tuple[str, str | None, str | None]] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.sub_title.startswith("Abgleich: ") and app.sub_title.endswith(" geändert")
        app.notify = lambda message, **kw: notes.append((message, kw.get("title"), kw.get("severity")))
        await pilot.press("S")
        await settle(pilot, app)
        assert notes[0] == ("Gleiche ab…", None, None)
        assert notes[-1] == ("abgeglichen: nichts zu holen; 1 Commit hochgeladen", None, "information")
        assert app.sub_title == "Abgleich: aktuell"
        git(root, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
        await pilot.press("S")
        await settle(pilot, app)
        message, title, severity = notes[-1]
        assert (title, severity) == ("Abgleich angehalten", "warning")
        assert message.startswith("das Remote-Repository „origin“ gibt es nicht, oder es ist kein Git-Repository\n"
                                  "  git meldet: fatal: ")
        assert message.endswith("\nprüf die URL mit `git remote -v`; deine Änderungen sind lokal committet; führ "
                                "`koop sync` erneut aus, sobald das behoben ist")


async def test_a_file_edited_outside_the_app_shows_in_the_header_sync_state(root, make):
    """The header said "sync: clean" beside a partner file edited by hand, until the next save in the app."""
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Anna")
    git(root, "config", "user.email", "anna@example.com")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.sub_title == "sync: clean"
        path = root / "partners" / "nord-design.toml"
        path.write_text(path.read_text(encoding="utf-8").replace('name = "Nord Design"', 'name = "Nord Design AG"'),
                        encoding="utf-8")
        app._refresh_from_disk()
        await settle(pilot, app)
        assert app.sub_title == "sync: changed 1"
