"""`koop set` holds dates to the side of today that `koop log --date`, `koop done --date` and `koop snooze` hold
them to: a touchpoint and a done follow-up record what happened, a snooze ends after today. It used to save such
a date (a touchpoint dated next month, ignored until then; a snooze that had ended before it began)."""

from __future__ import annotations

import re

import pytest

from tests.cli.conftest import files


def ids(koop_inproc, acme) -> list[str]:
    return re.findall(r"\[([a-z0-9]{4,12})\]", koop_inproc("log", "acme", "call", "--date", "-3d", cwd=acme).stdout
                      + koop_inproc("add", "followup", "acme", "Send offer", "--due", "+3d", cwd=acme).stdout)


@pytest.mark.parametrize("target, pair, said", [
    ("acme/{touch}", "date=+1d", "koop: date: 2026-11-21 is in the future; it says when something happened\n"),
    ("acme/{followup}", "done=2026-12-01", "koop: done: 2026-12-01 is in the future; it says when something happened\n"),
    ("acme", "snoozed_until=2026-11-20", "koop: snoozed_until: 2026-11-20 is not after today; pick a later day\n"),
    ("acme/jana", "snoozed_until=-1w", "koop: snoozed_until: 2026-11-13 is not after today; pick a later day\n"),
])
def test_a_date_on_the_wrong_side_of_today_is_refused_and_nothing_is_written(koop_inproc, acme, target, pair, said):
    touch, followup = ids(koop_inproc, acme)
    before = files(acme)
    run = koop_inproc("set", target.format(touch=touch, followup=followup), pair, cwd=acme)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", said)
    assert files(acme) == before


def test_dates_on_their_side_are_saved(koop_inproc, acme):
    touch, followup = ids(koop_inproc, acme)
    for target, pair in ((f"acme/{touch}", "date=today"), (f"acme/{followup}", "done=yesterday"),
                         ("acme", "snoozed_until=+1d"), ("acme/jana", "snoozed_until="), ("acme", "snoozed_until=")):
        run = koop_inproc("set", target, pair, cwd=acme)
        assert run.returncode == 0, (pair, run.stderr)


@pytest.mark.parametrize("args, said", [
    (("log", "acme", "call", "--date", "0206-11-20"),
     "koop: --date: 0206-11-20 is more than 100 years from today; check the year\n"),
    (("add", "followup", "acme", "Renew", "--due", "9999-12-31"),
     "koop: --due: 9999-12-31 is more than 100 years from today; check the year\n"),
    (("snooze", "acme", "--until", "3026-01-01"),
     "koop: --until: 3026-01-01 is more than 100 years from today; check the year\n"),
    (("set", "acme", "since=0001-01-01"), "koop: since: 0001-01-01 is more than 100 years from today; check the year\n"),
    (("add", "contact", "acme", "Eva", "--birthday", "2027-01-01"),
     "koop: --birthday: 2027-01-01 is after today; check the year\n"),
    (("set", "acme/jana", "birthday=1900-05-01"),
     "koop: birthday: 1900-05-01 is more than 100 years back; check the year\n"),
])
def test_a_mistyped_year_is_refused_and_nothing_is_written(koop_inproc, acme, args, said):
    """A year typed wrong (0206 for 2026) was saved: a touchpoint 1,820 years ago made the partner overdue by
    664,000 days, a birth year after today wished a happy birthday to someone who turns -973."""
    before = files(acme)
    run = koop_inproc(*args, cwd=acme)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", said)
    assert files(acme) == before


@pytest.mark.parametrize("args, said", [
    (("add", "contact", "acme", "Bo Berg", "--email", "bo at berg"),
     "koop: --email: 'bo at berg' is not an e-mail address (write name@example.com)\n"),
    (("set", "acme/jana", "email=jana.weber"),
     "koop: email: 'jana.weber' is not an e-mail address (write name@example.com)\n"),
])
def test_a_typed_email_that_is_no_address_is_refused(koop_inproc, acme, args, said):
    """`--email "bo at berg"` was stored: no mail could be matched to Bo, and `koop log bo@berg…` found nobody."""
    before = files(acme)
    run = koop_inproc(*args, cwd=acme)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", said)
    assert files(acme) == before
    assert koop_inproc("set", "acme/jana", "email= jana@weber.example ", cwd=acme).returncode == 0
    assert 'email = "jana@weber.example"\n' in (acme / "partners" / "acme.toml").read_text()
