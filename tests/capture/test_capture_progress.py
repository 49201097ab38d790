"""A large first run: read in batches with progress (the CLI's bar on a terminal, the app's bar on the Captured
screen), and an interrupted run resumes at the batch it was in: what the finished batches found is written by the
next run, nothing of the unfinished batch is used."""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import ProgressBar

from koop_tui.capture import sources
from tests.capture.conftest import day, mail, maildir, mbox, write_config

pytestmark = pytest.mark.timeout(120)
PEOPLE = ("jana@muster.example", "tom@muster.example", "ole@nord.example")


def mails(n: int):
    """n mails, each its own thread on its own day, from the three known contacts in turn."""
    return [mail(PEOPLE[i % 3], "anna@me.example", f"Mail {i}", day(n - i), f"<m{i}@x>") for i in range(n)]


def sources_logged(ws: Path) -> list[str]:
    return sorted(line.split('"')[1] for path in (ws / "partners").glob("*.toml")
                  for line in path.read_text().splitlines() if line.startswith("source = "))


@pytest.mark.parametrize("kind", ["maildir", "mbox"])
def test_an_interrupted_run_keeps_the_batches_it_finished_and_the_next_resumes(ws, tmp_path, monkeypatch, kind):
    from koop_tui.capture.config import CaptureConfig, Source
    from koop_tui.capture.session import Session
    from koop_tui.store import Store

    monkeypatch.setattr(sources, "CHUNK", 4)
    where = (maildir(tmp_path / "mail", mails(10)) if kind == "maildir" else mbox(tmp_path / "mail.mbox", mails(10)))
    source = Source(name="mail", type=kind, where=str(where))
    config = CaptureConfig(me=frozenset({"anna@me.example"}))
    calls = []

    def interrupt(what: str, done: int, total: int) -> None:
        calls.append((what.split()[0], done, total))
        if done > 4:  # the second batch is read: stop before it is used
            raise KeyboardInterrupt

    session = Session(Store(ws), date(2026, 11, 20), "anna", config)
    with pytest.raises(KeyboardInterrupt):
        session.run([source], progress=interrupt)
    assert calls == [("mail", 4, 10), ("mail", 8, 10)]
    assert sources_logged(ws) == []  # touchpoints are written at the end of a run, one write per partner
    (state,) = (Path(os.environ["KOOP_DATA_DIR"]) / "capture").glob("*.json")
    saved = json.loads(state.read_text())
    if kind == "maildir":  # in the order of their unique names
        first = [re.search(r"<m\d+@x>", (where / "new" / n).read_text()).group(0)
                 for n in sorted(os.listdir(where / "new"))[:4]]
    else:
        first = [f"<m{i}@x>" for i in range(4)]
    assert sorted(p["source"] for p in saved["pending"]) == sorted(f"mail:{mid}" for mid in first)  # batch 1
    cursor = saved["cursors"]["mail"]
    assert (len(cursor["."]) if kind == "maildir" else cursor["count"]) == 4

    outcome = Session(Store(ws), date(2026, 11, 20), "anna", config).run([source])
    assert (outcome.read, len(outcome.captured)) == (6, 10)  # the rest is read; the first batch's are written too
    assert sources_logged(ws) == sorted(f"mail:<m{i}@x>" for i in range(10))  # each once
    saved = json.loads(state.read_text())
    cursor = saved["cursors"]["mail"]
    assert (len(cursor["."]) if kind == "maildir" else cursor["count"], saved["pending"]) == (10, [])


def test_the_cli_draws_a_progress_bar_on_a_terminal_only(ws, tmp_path, koop, monkeypatch):
    monkeypatch.setattr(sources, "CHUNK", 4)
    box = maildir(tmp_path / "mail", mails(10))
    assert koop("capture", "--maildir", str(box), "-q", "-n", cwd=ws)[2] == ""  # not a terminal: no bar
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = koop("capture", "--maildir", str(box), "-q", cwd=ws)
    bars = [line[24:] for line in err.split("\r")[1:]]
    assert bars == [" [############..................]  40% 4/10\x1b[K",
                    " [########################......]  80% 8/10\x1b[K",
                    " [##############################] 100% 10/10\x1b[K\n"]
    assert out.splitlines()[0] == ("10 touchpoints captured, 0 to review; "
                                   "Jana Weber, Tom Berg, Ole Hansen are no longer due")


async def test_the_captured_screen_shows_a_bar_while_it_reads_and_hides_it_after(ws, tmp_path, monkeypatch):
    from koop_tui.app.app import make_app
    from tests.app.conftest import settle

    monkeypatch.setattr(sources, "CHUNK", 4)
    box = maildir(tmp_path / "mail", mails(10))
    write_config(f'[capture]\nme = ["anna@me.example"]\n\n[[capture.sources]]\nname = "mail"\ntype = "maildir"\n'
                 f'path = "{box}"\n')
    app = make_app(ws, date(2026, 11, 20), me="anna", watch_interval=None, keymap={})
    shown = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("5")
        await settle(pilot, app)
        bar = app.screen.query_one("#captured-progress", ProgressBar)
        assert bar.display is False
        original = app.screen._show_progress

        def spy(what: str, done: int, total: int) -> None:
            original(what, done, total)
            shown.append((done, total, bar.display, str(app.screen.query_one("#captured-status").render())))

        monkeypatch.setattr(app.screen, "_show_progress", spy)
        await pilot.press("c")
        await settle(pilot, app)
        assert (bar.display, bar.total, bar.progress) == (False, 10, 10)
    assert [s[:3] for s in shown] == [(4, 10, True), (8, 10, True), (10, 10, False)]
    assert shown[0][3] == "Capturing mail: 4/10"


def test_a_thread_split_over_two_batches_is_one_proposal_as_in_one_batch(ws, tmp_path, koop, monkeypatch):
    monkeypatch.setattr(sources, "CHUNK", 1)
    box = maildir(tmp_path / "mail", [])
    for name, msg in (("1", mail("jana@muster.example", "anna@me.example", "Offer", day(2, 9), "<t1@x>")),
                      ("2", mail("Lisa Brandt <lisa@muster.example>", "anna@me.example", "Re: Offer", day(2, 11),
                                 "<t2@x>", References="<t1@x>"))):
        (box / "new" / name).write_bytes(msg.as_bytes())
    code, out, err = koop("capture", "--maildir", str(box), cwd=ws)
    assert (code, out, err) == (0, "0 touchpoints captured, 1 to review\n", "")
    code, out, _ = koop("capture", "--review", cwd=ws)
    assert out == ('  1  2026-11-18  mail with Muster GmbH: new contact at Muster GmbH: '
                   'Lisa Brandt <lisa@muster.example>?  "Offer"\n')
    code, out, _ = koop("capture", "--accept", "1", cwd=ws)
    assert out == "logged  2026-11-18  mail with Jana Weber, Lisa Brandt (Muster GmbH)  [mail:<t1@x>]\n"
