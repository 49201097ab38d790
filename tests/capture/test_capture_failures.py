"""Sources that fail part-way: one clear line and exit status 1, nothing of the unfinished batch written, the
batches before it kept, and the next run goes on from there."""

from __future__ import annotations

import http.server
import re
import socket
import threading

import pytest

from koop_tui.capture import sources
from tests.capture.conftest import basic_mails, day, mail, maildir, write_config
from tests.capture.servers import start_pymap, stop
from tests.capture.test_capture_caldav import config as caldav_config
from tests.capture.test_capture_imap import append, config as imap_config

pytestmark = pytest.mark.timeout(90)


def test_an_unreadable_mail_stops_the_batch_it_is_in_and_the_next_run_goes_on(ws, tmp_path, koop, monkeypatch):
    monkeypatch.setattr(sources, "CHUNK", 2)
    box = maildir(tmp_path / "mail", [
        mail("jana@muster.example", "anna@me.example", f"Mail {i}", day(5 - i), f"<m{i}@x>") for i in range(4)])
    names = sorted(p.name for p in (box / "new").iterdir())
    broken = box / "new" / (names[2] + "x")  # sorts in the second batch; a folder where a mail file should be
    broken.mkdir()
    code, out, err = koop("capture", "--maildir", str(box), "-q", cwd=ws)
    assert (code, err) == (1, f"koop: capture: maildir:{box}: {broken}: Is a directory\n")
    assert out == "2 touchpoints captured, 0 to review; Jana Weber is no longer due\n"  # the first batch only
    text = (ws / "partners" / "muster.toml").read_text()
    first = [re.search(r"<m\d@x>", (box / "new" / name).read_text()).group(0) for name in names[:2]]
    assert sorted(line for line in text.splitlines() if line.startswith("source")) == sorted(
        f'source = "mail:{mid}"' for mid in first)
    broken.rmdir()
    code, out, err = koop("capture", "--maildir", str(box), "-q", cwd=ws)
    assert (code, err, out) == (0, "", "2 touchpoints captured, 0 to review\n")


class _Drops:
    """An IMAP server that greets, then drops the connection (or stops answering) at LOGIN or a later command."""

    def __init__(self, at: bytes, hang: bool = False) -> None:
        self.at, self.hang, self.done = at, hang, threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        conn, _ = self.listener.accept()
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"* OK ready\r\n")
            while True:
                tag, command = (lines.readline().strip().split(b" ") + [b""])[:2]
                if command.upper() == self.at:
                    if self.hang:  # no answer until the test is over
                        self.done.wait(30)
                    return
                if command.upper() == b"CAPABILITY":
                    conn.sendall(b"* CAPABILITY IMAP4rev1\r\n")
                conn.sendall(tag + b" OK done\r\n")


@pytest.mark.parametrize("at,hang", [(b"LOGIN", False), (b"LIST", False), (b"LIST", True)])
def test_a_dropped_or_hanging_connection_ends_with_one_line_and_the_next_run_goes_on(ws, koop, at, hang):
    server = _Drops(at, hang)
    imap_config(server.listener.getsockname()[1], timeout=1)
    code, out, err = koop("capture", cwd=ws)
    server.done.set()
    server.listener.close()
    assert code == 1 and err.startswith("koop: capture: work: 127.0.0.1: connection lost: ")
    if hang:
        assert err == "koop: capture: work: 127.0.0.1: connection lost: no answer (timed out)\n"
    assert err.count("\n") == 1 and out == "0 touchpoints captured, 0 to review\n"
    proc, port = start_pymap()
    try:
        append(port, "INBOX", basic_mails()[:1])
        imap_config(port, folders='["INBOX"]')
        code, out, err = koop("capture", cwd=ws)
    finally:
        stop(proc)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "1 touchpoint captured, 0 to review; Jana Weber is no longer due"


def test_a_password_command_that_fails_ends_with_its_error(ws, koop):
    imap_config(1, password_cmd="sh -c 'echo no entry for mail >&2; exit 3'")
    code, out, err = koop("capture", cwd=ws)
    assert (code, err) == (1, "koop: capture: work: password_cmd exited with 3\n  hint: no entry for mail\n")


BROKEN = b"""<?xml version="1.0" encoding="utf-8"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
<response><href>/anna/work/x.ics</href><propstat><prop><getetag>"1"</getetag>
<C:calendar-data>BEGIN:VCALENDAR
BEGIN:VEVENT
UID:x1
DTSTART:2026111
</C:calendar-data></prop><status>HTTP/1.1 200 OK</status></propstat></response>
</multistatus>
"""


class _Garbles(http.server.BaseHTTPRequestHandler):
    """A CalDAV server whose one event is broken iCalendar."""

    def _answer(self, status: int, body: bytes = b"") -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(status)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PROPFIND(self):  # noqa: N802 - the method's name
        self._answer(404)

    def do_REPORT(self):  # noqa: N802
        self._answer(207, BROKEN)

    do_OPTIONS = do_GET = do_PROPFIND

    def log_message(self, *args):
        pass


def test_a_caldav_event_in_broken_icalendar_ends_with_one_line(ws, koop):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Garbles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/anna/work/"
        caldav_config(url)
        code, out, err = koop("capture", cwd=ws)
    finally:
        server.shutdown()
        server.server_close()
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"koop: capture: dav: {url}: an event is not a readable iCalendar file (Found no ")
    assert out == "0 touchpoints captured, 0 to review\n"


def test_control_characters_in_headers_do_not_reach_the_partner_file():
    """An escape or a bell in a subject, a display name or a Message-ID (raw or as an encoded word) would be
    stored in the touchpoint's note, a proposed contact's name or its source: they are dropped."""
    from datetime import date

    from koop_tui.capture.mail import parse_headers, parse_mail

    raw = (b"From: =?utf-8?q?Lisa=1B[31m_Brandt?= <lisa@muster.example>\r\n"
           b"To: Anna\x07 <anna@me.example>\r\nSubject: Offer \x1b]0;owned\x07 =?utf-8?q?Q1=07?=\r\n"
           b"Date: Tue, 10 Nov 2026 10:00:00 +0000\r\nMessage-ID: <a1\x1b[31m@muster.example>\r\n\r\nHi")
    seen = parse_mail(parse_headers(raw), date(2026, 11, 20), 10, frozenset({"anna@me.example"}))
    assert seen.subject == "Offer ]0;owned Q1"
    assert seen.people == [("lisa@muster.example", "Lisa[31m Brandt"), ("anna@me.example", "Anna")]
    assert seen.source.startswith("mail:<") and seen.source.endswith("@koop.invalid>")
