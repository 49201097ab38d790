"""`koop export` as a user runs it: files, stdout, refusals, stability across runs and after a change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from koop_tui import ics

TODAY = "2026-11-23"
REPO = Path(__file__).resolve().parents[2]


def koop(root: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "KOOP_TODAY": TODAY, "KOOP_WORKSPACE": str(root), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "koop_tui", *args], cwd=cwd or root.parent, env=env,
                          capture_output=True, timeout=60)


def events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def blocks(data: bytes) -> dict[bytes, bytes]:
    out = {}
    for block in data.split(b"BEGIN:VEVENT\r\n")[1:]:
        out[block.split(b"UID:", 1)[1].split(b"\r\n", 1)[0]] = block
    return out


def test_export_writes_the_calendar_and_is_byte_identical_on_rerun(workspace, tmp_path):
    out = tmp_path / "out" / "koop.ics"
    out.parent.mkdir()
    first = koop(workspace, "export", "--out", str(out))
    assert first.returncode == 0, first.stderr
    data = out.read_bytes()
    found = events(data)
    summaries = sorted(str(e["SUMMARY"]) for e in found.values())
    assert "Call Jana Weber (Muster GmbH) — due" in summaries
    assert "Christmas cards: Muster GmbH — due" in summaries
    assert "Send offer (Tom Berg, Nord Design)" in summaries
    assert "Birthday: Tom Berg (Nord Design)" in summaries
    assert ics.uid("contact:acme/jana", "anna-test") in found
    assert first.stderr.decode().startswith(f"koop: wrote {len(found)} events to ")
    assert koop(workspace, "export", "--out", str(out)).returncode == 0
    assert out.read_bytes() == data
    stdout = koop(workspace, "export", "--out", "-")
    assert stdout.stdout == data
    assert not [p for p in out.parent.iterdir() if p.name != "koop.ics"]


def test_a_logged_touchpoint_changes_only_the_affected_events(workspace):
    before = koop(workspace, "export").stdout
    with (workspace / "partners" / "acme.toml").open("a") as f:
        f.write('\n[[touchpoints]]\nid = "t003"\ndate = 2026-11-23\nkind = "call"\ndirection = "mutual"\n'
                'contacts = ["jana"]\n')
    after = koop(workspace, "export", "--within", "60").stdout
    old, new = blocks(before), blocks(after)
    jana = ics.uid("contact:acme/jana", "anna-test").encode()
    assert {u for u in old if old[u] != new.get(u)} <= {jana}
    assert jana in old and old[jana] != new.get(jana)
    assert {u for u in new if u not in old} <= {jana}


def test_options_filter_the_items(workspace):
    only = events(koop(workspace, "export", "--include", "followup").stdout)
    assert [str(e["SUMMARY"]) for e in only.values()] == ["Send offer (Tom Berg, Nord Design)"]
    without = events(koop(workspace, "export", "--exclude", "birthday", "--within", "400").stdout)
    assert all("Birthday" not in str(e["SUMMARY"]) for e in without.values())
    wide = koop(workspace, "export", "--within", "400").stdout
    jana = events(wide)[ics.uid("birthday:acme/jana", "anna-test")]
    assert jana.decoded("DTSTART").isoformat() == "2027-02-28"
    assert wide.count(b"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n") == 2


@pytest.mark.parametrize("target,message", [
    ("koop.toml", "refusing to write"),
    ("partners/x.ics", "refusing to write"),
    ("missing-dir/x.ics", "does not exist"),
])
def test_targets_that_would_damage_the_workspace_are_refused(workspace, target, message):
    before = (workspace / "koop.toml").read_bytes()
    result = koop(workspace, "export", "--out", str(workspace / target))
    assert result.returncode == 1 and message in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    assert (workspace / "koop.toml").read_bytes() == before
    assert not (workspace / "partners" / "x.ics").exists()


def test_a_symlink_target_is_refused(workspace, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "link.ics").symlink_to(victim)
    result = koop(workspace, "export", "--out", str(tmp_path / "link.ics"))
    assert result.returncode == 1 and "symbolic link" in result.stderr.decode()
    assert victim.read_text() == "keep me"


def test_inside_a_git_work_tree_warns_but_writes(workspace):
    subprocess.run(["git", "init", "-q", str(workspace)], check=True)
    result = koop(workspace, "export", "--out", str(workspace / "koop.ics"))
    assert result.returncode == 0
    assert "inside the git work tree" in result.stderr.decode()
    assert (workspace / "koop.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_refuses_to_print_onto_a_terminal(workspace, monkeypatch, capsys):
    from koop_tui.__main__ import main

    monkeypatch.setenv("KOOP_TODAY", TODAY)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["-w", str(workspace), "export"]) == 2
    assert "--out" in capsys.readouterr().err


def test_vcard_export(workspace):
    result = koop(workspace, "export", "--vcard")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(b"BEGIN:VCARD") >= 2 and b"Jana Weber" in result.stdout


def test_mine_by_default_everyone_with_all(workspace, monkeypatch):
    acme = workspace / "partners" / "acme.toml"
    acme.write_text(acme.read_text().replace('stage = "active"\n', 'stage = "active"\nowner = "ben"\n'))

    def partners(*args: str) -> set[str]:
        data = koop(workspace, "export", *args).stdout
        return {line.rsplit(b"/", 1)[1].split(b".")[0].decode()
                for line in data.replace(b"\r\n ", b"").split(b"\r\n") if line.startswith(b"DESCRIPTION:")}

    monkeypatch.setenv("KOOP_USER", "anna")
    assert partners() == {"nord"}
    assert partners("--all") == {"acme", "nord"}
    assert partners("--owner", "ben") == {"acme", "nord"}
