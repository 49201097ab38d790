"""Departed contacts: logging with one warns, a duplicate needs --yes, follow-ups move to the successor, check warns."""

from __future__ import annotations

from datetime import date

from koop_tui.store import load_workspace


def test_a_contact_who_left_hands_over_and_is_not_added_twice(koop, tmp_path):
    root = tmp_path / "w"
    koop("init", str(root), cwd=tmp_path)
    for step in [("add", "partner", "Muster GmbH", "--stage", "active"),
                 ("add", "contact", "muster", "Jana Weber", "--email", "jana@m.example"),
                 ("add", "contact", "muster", "Tom Berg"),
                 ("add", "followup", "muster/jana", "Send offer", "--due", "+2w"),
                 ("add", "followup", "muster/jana", "Ask for references", "--due", "+3w")]:
        assert koop(*step, cwd=root).returncode == 0, step
    left = koop("set", "muster/jana", "left=-1d", "successor=tom", cwd=root)
    assert left.stdout == ("Set left=2026-11-19, successor=tom for Jana Weber (Muster GmbH); "
                           "2 open follow-ups moved to tom\n")
    partner = load_workspace(root).partners["muster-gmbh"]
    assert [f.contact for f in partner.followups] == ["tom", "tom"]

    logged = koop("log", "muster/jana", "call", cwd=root)
    assert logged.returncode == 0
    assert logged.stderr == "koop: warning: Jana Weber left Muster GmbH on 2026-11-19; Tom Berg took over; logged anyway\n"

    for args in (("Jana Weber",), ("jana  weber",), ("J. Weber", "--email", "JANA@m.example")):
        refused = koop("add", "contact", "muster", *args, cwd=root)
        assert refused.returncode == 2, args
        assert refused.stderr.startswith("koop: Muster GmbH already has Jana Weber (jana, left 2026-11-19); not added\n")
        assert "koop set muster-gmbh/jana left=" in refused.stderr and "--yes" in refused.stderr
    assert len(load_workspace(root).partners["muster-gmbh"].contacts) == 2
    assert koop("add", "contact", "muster", "Jana Weber", "--yes", "--id", "jana2", cwd=root).returncode == 0

    assert koop("add", "followup", "muster/jana", "Old thread", "--due", "+1w", cwd=root).returncode == 0
    checked = koop("check", cwd=root)
    assert checked.returncode == 0
    assert "warning: follow-up" in checked.stdout and "with Jana Weber, who left on 2026-11-19" in checked.stdout
    assert 'give it to the successor: contact = "tom"' in checked.stdout
    assert load_workspace(root).partners["muster-gmbh"].contact("jana").left == date(2026, 11, 19)
