"""A workspace with a partner at muster.example, and mail and calendar sources built with mailbox and icalendar."""

from __future__ import annotations

import mailbox
import subprocess
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest

TODAY = "2026-11-20"
PARTNER = '''name = "Muster GmbH"
slug = "muster"
stage = "active"
domains = ["muster.example"]

[[contacts]]
id = "jana"
name = "Jana Weber"
email = "jana@muster.example"
emails = ["j.weber@muster-gruppe.example"]

[[contacts]]
id = "tom"
name = "Tom Berg"
email = "tom@muster.example"

[[touchpoints]]
id = "t001"
date = 2026-10-01
kind = "call"
'''
NORD = '''name = "Nord Design"
slug = "nord"
stage = "active"

[[contacts]]
id = "ole"
name = "Ole Hansen"
email = "ole@nord.example"
'''


@pytest.fixture
def ws(tmp_path) -> Path:
    root = tmp_path / "ws"
    (root / "partners").mkdir(parents=True)
    config = Path(__file__).resolve().parents[2] / "config" / "koop.toml"
    (root / "koop.toml").write_text(config.read_text())
    (root / "partners" / "muster.toml").write_text(PARTNER)
    (root / "partners" / "nord.toml").write_text(NORD)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    return root


def mail(frm: str, to: str, subject: str, when: str, mid: str | None, body: str = "Hello", **headers) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = frm, to, subject
    if when:
        msg["Date"] = when
    if mid:
        msg["Message-ID"] = mid
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


def day(n: int, hour: int = 10) -> str:
    """A Date header n days before TODAY."""
    when = datetime(2026, 11, 20, hour, tzinfo=timezone(timedelta(hours=1))) - timedelta(days=n)
    return when.strftime("%a, %d %b %Y %H:%M:%S +0100")


def maildir(path: Path, messages) -> Path:
    box = mailbox.Maildir(path, create=True)
    for msg in messages:
        box.add(msg)
    return path


def mbox(path: Path, messages) -> Path:
    box = mailbox.mbox(path, create=True)
    for msg in messages:
        box.add(msg)
    box.flush()
    box.close()
    return path


def basic_mails() -> list[EmailMessage]:
    return [
        mail("Jana Weber <jana@muster.example>", "anna@me.example", "Offer", day(10), "<a1@muster.example>"),
        mail("anna@me.example", "jana@muster.example", "Re: Offer", day(10, 14), "<a2@me.example>",
             In_Reply_To="<a1@muster.example>", References="<a1@muster.example>"),
        mail("Lisa Brandt <lisa@muster.example>", "anna@me.example", "Hello", day(5), "<b1@muster.example>"),
        mail("news@muster.example", "anna@me.example", "News", day(4), "<n1@muster.example>", List_Id="<news>"),
    ]


@pytest.fixture
def koop(monkeypatch, capsys):
    """`koop ARGS` in this process as anna on TODAY: (exit code, stdout, stderr)."""
    from tests.conftest import koop_here

    def run(*args: str, cwd: Path, today: str = TODAY) -> tuple[int, str, str]:
        return koop_here(monkeypatch, capsys, args, cwd, today)

    return run


def write_config(text: str) -> Path:
    import os

    path = Path(os.environ["KOOP_CONFIG_DIR"]) / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path
