"""A teammate's partner name with terminal escapes reaches `koop sync`'s summary stripped (cli.common.say)."""

from __future__ import annotations

from gitteam import commit_all, git, partner_text


def test_sync_summary_strips_terminal_escapes_from_a_teammates_partner_name(team):
    (team.b / "partners" / "evil.toml").write_text(partner_text("evil", "Evil\x1b[2J\x1b]0;pwned\x07 Corp"),
                                                   encoding="utf-8")
    commit_all(team.b, "Add evil")
    git(team.b, "push", "-q")
    run = team.sync(team.a)
    assert run.returncode == 0, run.stderr
    assert "\x1b" not in run.stdout + run.stderr and "\x07" not in run.stdout + run.stderr
    assert "1 new partner (Evil\ufffd[2J\ufffd]0;pwned\ufffd Corp)" in run.stdout
