"""init -> add -> log -> set -> snooze through the real CLI: files `koop check` accepts, read back as intended."""

from __future__ import annotations

import subprocess
import tomllib
from datetime import date

from koop_tui.store import load_workspace


def _git(root, *args) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def test_round_trip_through_the_cli(koop, tmp_path):
    root = tmp_path / "coop"
    run = lambda *a: koop(*a, cwd=root)  # noqa: E731
    created = koop("init", str(root), "--name", "Anna's cooperations", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert tomllib.loads((root / "koop.toml").read_text())["name"] == "Anna's cooperations"
    assert (root / ".gitattributes").read_text() == "partners/*.toml merge=koop\nkoop.toml merge=koop\n"
    steps = [
        ("add", "partner", "Müller & Söhne GmbH", "--stage", "active", "--tag", "print", "--tag", "key-account",
         "--since", "2021-03-01", "--owner", "ben"),
        ("add", "contact", "müller", "Jana Weber", "--role", "CEO", "--birthday", "02-29", "--email", "jana@m.example"),
        ("add", "contact", "mueller-soehne", "Tom Berg", "--cadence", "21"),
        ("log", "mue/jana", "call", "--note", "Talked about Q1.", "--date", "-3d"),
        ("log", "Müller", "recomm", "--received", "--date=2026-11-01", "--by", "ben"),
        ("add", "followup", "mueller-soehne/tom", "Send offer", "--due", "+2w"),
        ("set", "mue/jana", "left=2026-11-19", "successor=tom", "phone=+49 30 1234"),
        ("set", "mue", "cadence=14", "tags=print,agency", "website=https://m.example"),
        ("snooze", "mue/tom", "--until", "2026-12-01"),
    ]
    for step in steps:
        result = run(*step)
        assert result.returncode == 0, (step, result.stderr)
        assert result.stderr == "" and len(result.stdout.splitlines()) == 1
    assert run("check").stdout == "ok: 1 partner, no problems\n"
    partner = load_workspace(root).partners["mueller-soehne-gmbh"]
    assert (partner.stage, partner.owner, partner.tags, partner.cadence) == ("active", "ben", ["print", "agency"], 14)
    jana, tom = partner.contact("jana"), partner.contact("tom")
    assert (str(jana.birthday), jana.left, jana.successor, jana.phone) == ("--02-29", date(2026, 11, 19), "tom", "+49 30 1234")
    assert (tom.cadence, tom.snoozed_until) == (21, date(2026, 12, 1))
    touches = [(t.date, t.kind, t.direction, t.contacts, t.by) for t in partner.touchpoints]
    assert touches == [(date(2026, 11, 17), "call", "mutual", ["jana"], "anna"),
                       (date(2026, 11, 1), "recommendation", "received", [], "ben")]
    assert [(f.text, f.due, f.contact) for f in partner.followups] == [("Send offer", date(2026, 12, 4), "tom")]
    log = _git(root, "log", "--format=%s").splitlines()
    assert log[-1] == "Create koop workspace" and log[0] == "Snooze Tom Berg (Müller & Söhne GmbH) until 2026-12-01"
    assert _git(root, "status", "--porcelain") == ""


def test_log_prints_one_line_with_next_due(koop, tmp_path):
    root = tmp_path / "w"
    koop("init", str(root), cwd=tmp_path)
    koop("add", "partner", "Acme", "--stage", "active", cwd=root)
    koop("add", "contact", "acme", "Jana Weber", cwd=root)
    result = koop("log", "acme/jana", "call", cwd=root)
    assert result.returncode == 0
    assert result.stdout.startswith("Logged call (mutual) with Jana Weber (Acme) on 2026-11-20 [")
    assert result.stdout.endswith("]; next due 2026-12-20 (in 30 d)\n")


def test_errors_are_short_and_change_nothing(koop_inproc, tmp_path):
    koop = koop_inproc
    root = tmp_path / "w"
    koop("init", str(root), cwd=tmp_path)
    koop("add", "partner", "Muster GmbH", cwd=root)
    koop("add", "partner", "Muster AG", cwd=root)
    koop("add", "contact", "muster-gmbh", "Jana Weber", cwd=root)
    before = {p.name: p.read_bytes() for p in (root / "partners").iterdir()}
    cases = [
        (("log", "muster", "call"), 1, "koop: partner 'muster' is ambiguous: muster-ag (Muster AG), muster-gmbh (Muster GmbH)"),
        (("log", "nobody", "call"), 1, "koop: no partner matches 'nobody'"),
        (("log", "muster-gmbh/jan", "zz"), 2, "koop: unknown kind 'zz' (kinds: "),
        (("log", "muster-gmbh/tim", "call"), 1, "koop: Muster GmbH has no contact matching 'tim' (known: jana)"),
        (("log", "muster-gmbh", "call", "--date", "soon"), 2, "koop: --date: not a date: 'soon'"),
        (("log", "muster-gmbh", "call", "--date", "+1y"), 2,
         ("koop: --date 2027-11-20 is in the future; a touchpoint records what happened\n"
          "  hint: plan it as a follow-up: koop add followup muster-gmbh TEXT --due 2027-11-20")),
        (("log", "muster-gmbh", "call", "--date", "tomorrow"), 2, "koop: --date 2026-11-21 is in the future"),
        (("set", "muster-gmbh", "stage=activ"), 2, "koop: unknown stage 'activ' (known: imported, prospect, vetting, active, dormant, ended)"),
        (("set", "muster-gmbh", "stage=active"), 1, "koop: vetting of Muster GmbH is incomplete"),
        (("set", "muster-gmbh", "slug=x"), 2, "koop: cannot set 'slug' of a partner"),
        (("set", "muster-gmbh", "cadence"), 2, "koop: expected KEY=VALUE, got 'cadence'"),
        (("set", "muster-gmbh/jana", "successor=jana"), 2, "koop: contact 'jana' cannot be their own successor"),
        (("add", "partner", "muster gmbh"), 1, "koop: partner 'muster gmbh' exists already (partners/muster-gmbh.toml)"),
        (("add", "partner", "///"), 2, "koop: cannot make a file name from '///': it has no Latin letters or digits"),
        (("snooze", "muster-gmbh"), 2, "usage: koop snooze"),
    ]
    for args, code, start in cases:
        result = koop(*args, cwd=root)
        assert (result.returncode, result.stdout) == (code, ""), args
        assert result.stderr.startswith(start), (args, result.stderr)
        assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) <= 4
    assert {p.name: p.read_bytes() for p in (root / "partners").iterdir()} == before


def test_init_is_idempotent_and_never_overwrites(koop, tmp_path):
    root = tmp_path / "w"
    assert koop("init", str(root), cwd=tmp_path).returncode == 0
    (root / "koop.toml").write_text('name = "Mine"\n')
    again = koop("init", str(root), cwd=tmp_path)
    assert again.returncode == 0 and "already set up" in again.stdout
    assert (root / "koop.toml").read_text() == 'name = "Mine"\n'
    refused = koop("init", str(root), "--name", "Other", cwd=tmp_path)
    assert refused.returncode == 1 and "exists already" in refused.stderr
    assert (root / "koop.toml").read_text() == 'name = "Mine"\n'


def test_init_inside_an_existing_repo_does_not_nest_one(koop, tmp_path):
    _git(tmp_path, "init", "-q")
    assert koop("init", "sub", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "sub" / ".git").exists() and (tmp_path / "sub" / "partners").is_dir()


def test_snooze_and_clear(koop_inproc, tmp_path):
    koop = koop_inproc
    root = tmp_path / "w"
    koop("init", str(root), cwd=tmp_path)
    koop("add", "partner", "Acme", cwd=root)
    assert koop("snooze", "acme", "--until", "+2w", cwd=root).stdout == "Snoozed Acme until 2026-12-04\n"
    assert "snoozed_until = 2026-12-04" in (root / "partners" / "acme.toml").read_text()
    assert koop("snooze", "acme", "--clear", cwd=root).stdout == "Acme is no longer snoozed\n"
    assert (root / "partners" / "acme.toml").read_text() == 'name = "Acme"\nslug = "acme"\n'
    # clearing what is not snoozed said "no longer snoozed", as if it had been
    assert koop("snooze", "acme", "--clear", cwd=root).stdout == "Acme is not snoozed; nothing changed\n"
    assert koop("snooze", "acme", "--until", "+1w", cwd=root, today="2026-11-01").returncode == 0
    assert koop("snooze", "acme", "--clear", cwd=root).stdout == "Acme is not snoozed; nothing changed\n"  # ended
    assert "snoozed_until = 2026-11-08" in (root / "partners" / "acme.toml").read_text()


def test_adding_a_partner_whose_file_is_broken_is_refused(koop_inproc, tmp_path):
    root = tmp_path / "w"
    koop_inproc("init", str(root), cwd=tmp_path)
    koop_inproc("add", "partner", "Muster GmbH", cwd=root)
    (root / "partners" / "muster-gmbh.toml").write_text('name = "Muster GmbH\n')
    result = koop_inproc("add", "partner", "Muster GmbH", cwd=root)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("koop: partners/muster-gmbh.toml has problems and was not loaded; fix it first\n"
                             "  hint: partners/muster-gmbh.toml:1:20: Illegal character '\\n' (TOML syntax error); "
                             "run `koop check`\n")
    assert sorted(p.name for p in (root / "partners").iterdir()) == ["muster-gmbh.toml"]


def test_every_date_option_reads_dates_as_people_type_them(koop, tmp_path):
    """One parser (koop_tui.dates): weekdays are past ones for a touchpoint, future ones for a follow-up."""
    root = tmp_path / "w"
    koop("init", str(root), cwd=tmp_path)
    # German dates, English messages (LANGUAGE names the language of messages only)
    us, de = ({"LC_ALL": "", "LC_TIME": "", "LANG": "en_US.UTF-8"},
              {"LC_ALL": "", "LC_TIME": "", "LANG": "de_DE.UTF-8", "LANGUAGE": "en"})
    for step, env in [
        (("add", "partner", "Acme", "--stage", "active", "--since", "1.3."), de),
        (("add", "contact", "acme", "Jana Weber", "--birthday", "29.2."), de),
        (("log", "acme/jana", "call", "--date", "mon"), de),
        (("add", "followup", "acme", "Send offer", "--due", "fri"), de),
        (("add", "followup", "acme", "Cards", "--due", "12/31"), us),
        (("snooze", "acme/jana", "--until", "31.1.2027"), de),
    ]:
        result = koop(*step, cwd=root, env=env)
        assert result.returncode == 0, (step, result.stderr)
    partner = load_workspace(root).partners["acme"]
    jana = partner.contact("jana")
    assert (partner.since, str(jana.birthday), jana.snoozed_until) == (date(2026, 3, 1), "--02-29", date(2027, 1, 31))
    assert [t.date for t in partner.touchpoints] == [date(2026, 11, 16)]
    assert [f.due for f in partner.followups] == [date(2026, 11, 27), date(2026, 12, 31)]
    refused = koop("add", "followup", "acme", "Cards", "--due", "12/31", cwd=root, env=de)
    assert (refused.returncode, refused.stderr) == (2, "koop: --due: not a date: '12/31' (use 2026-12-31, 31.12.2026, "
                                                       "31.12., today, yesterday, tomorrow, mon…sun, +2w, -3d, +1m)\n")
