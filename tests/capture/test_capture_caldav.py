"""CalDAV capture against a real server (Radicale) on 127.0.0.1, filled through the caldav client; a server
answering 500 ends with one line."""

from __future__ import annotations

import http.server
import threading

import caldav
import pytest

from tests.capture.conftest import write_config
from tests.capture.servers import start_radicale, stop
from tests.capture.test_capture_calendar import at, calendar, event

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def radicale(tmp_path):
    proc, port = start_radicale(tmp_path / "radicale")
    yield port
    stop(proc)


def config(url: str) -> None:
    write_config(f'''[capture]
me = ["anna@me.example"]

[[capture.sources]]
name = "dav"
type = "caldav"
url = "{url}"
user = "anna"
password_cmd = "echo x"
timeout = 10
''')


def test_caldav_meetings_are_logged_once(ws, koop, radicale):
    url = f"http://127.0.0.1:{radicale}/"
    with caldav.DAVClient(url=url, username="anna", password="x", require_tls=False) as client:
        work = client.principal().make_calendar(name="work")
        work.save_event(calendar(event("m1@cal", at(3), "Jour fixe", ["jana@muster.example", "anna@me.example"])).decode())
        work.save_event(calendar(event("m2@cal", at(2), "Off", ["tom@muster.example"], status="CANCELLED")).decode())
        work.save_event(calendar(event("m4@cal", at(-2), "Next week", ["tom@muster.example"])).decode())
    config(url)
    code, out, err = koop("capture", cwd=ws)
    assert (code, err) == (0, "")
    assert out.splitlines() == ["captured  2026-11-17  meeting with Jana Weber (Muster GmbH)  [cal:m1@cal]",
                                "1 touchpoint captured, 0 to review; Jana Weber is no longer due",
                                "skipped: 1 cancelled"]
    # the last days are read again (events edited late): what is skipped is said again, nothing is logged twice
    assert koop("capture", cwd=ws)[1] == "0 touchpoints captured, 0 to review\nskipped: 1 cancelled\n"


class _Fails(http.server.BaseHTTPRequestHandler):
    def _fail(self):
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PROPFIND = do_REPORT = do_OPTIONS = _fail

    def log_message(self, *args):
        pass


def test_a_caldav_server_answering_500_ends_with_one_line(ws, koop):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Fails)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/anna/work/"
        config(url)
        code, out, err = koop("capture", cwd=ws)
        assert (code, err) == (1, f"koop: capture: dav: {url}: the server answered 500 Internal Server Error\n")
        assert out == "0 touchpoints captured, 0 to review\n"
    finally:
        server.shutdown()
        server.server_close()
