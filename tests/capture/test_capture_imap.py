"""IMAP capture against a real server (pymap) on 127.0.0.1: read-only, headers only, incremental per folder,
and one clear line for a wrong password, a missing folder, a server that never answers."""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
from pathlib import Path

import pytest

from tests.capture.conftest import basic_mails, day, mail, write_config
from tests.capture.servers import fill_imap, start_pymap, stop

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def imap_server():
    proc, port = start_pymap()
    yield port
    stop(proc)


def append(port: int, folder: str, messages) -> None:
    fill_imap(port, folder, [msg.as_bytes().replace(b"\n", b"\r\n") for msg in messages])


def config(port: int, folders='["INBOX", "Sent"]', password_cmd="echo secret", timeout=10) -> None:
    write_config(f'''[capture]
me = ["anna@me.example"]

[[capture.sources]]
name = "work"
type = "imap"
host = "127.0.0.1"
port = {port}
tls = false
user = "anna"
password_cmd = "{password_cmd}"
folders = {folders}
timeout = {timeout}
''')


def cursor() -> dict:
    (path,) = (Path(os.environ["KOOP_DATA_DIR"]) / "capture").glob("*.json")
    return json.loads(path.read_text())["cursors"]["work"]


def test_imap_inbox_and_sent_are_read_once_then_only_what_is_new(ws, koop, imap_server):
    append(imap_server, "INBOX", basic_mails())
    append(imap_server, "Sent", [mail("anna@me.example", "ole@nord.example", "Hi Ole", day(6), "<s1@me.example>")])
    config(imap_server)
    code, out, err = koop("capture", cwd=ws)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "captured  2026-11-10  mail with Jana Weber (Muster GmbH)  [mail:<a1@muster.example>]",
        "captured  2026-11-14  mail with Ole Hansen (Nord Design)  [mail:<s1@me.example>]",
        "2 touchpoints captured, 1 to review; Jana Weber, Ole Hansen are no longer due",
        "skipped: 1 list mail or newsletter",
    ]
    first = cursor()
    assert set(first) == {"INBOX", "Sent"} and first["INBOX"]["uid"] >= 4
    assert koop("capture", cwd=ws)[1] == "0 touchpoints captured, 0 to review\n"
    append(imap_server, "INBOX", [mail("tom@muster.example", "anna@me.example", "Later", day(1), "<t9@x>")])
    code, out, _ = koop("capture", cwd=ws)
    assert out.splitlines() == ["captured  2026-11-19  mail with Tom Berg (Muster GmbH)  [mail:<t9@x>]",
                                "1 touchpoint captured, 0 to review; Tom Berg is no longer due"]
    assert cursor()["INBOX"]["uid"] == first["INBOX"]["uid"] + 1


def test_a_wrong_password_and_a_missing_folder_end_with_one_line(ws, koop, imap_server):
    config(imap_server, password_cmd="echo wrong")
    code, out, err = koop("capture", cwd=ws)
    assert code == 1 and err.startswith("koop: capture: work: 127.0.0.1: login refused for anna: ")
    assert err.count("\n") == 1 and out == "0 touchpoints captured, 0 to review\n"
    append(imap_server, "INBOX", basic_mails()[:1])
    config(imap_server, folders='["INBOX", "Archive"]')
    code, out, err = koop("capture", cwd=ws)
    assert code == 1 and err == "koop: capture: work: 127.0.0.1: no folder Archive (the others were read)\n"
    assert out.splitlines()[-1].startswith("1 touchpoint captured")


def test_a_server_that_never_answers_times_out_with_one_line(ws, koop):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    held = []
    thread = threading.Thread(target=lambda: held.append(listener.accept()), daemon=True)
    thread.start()
    config(listener.getsockname()[1], timeout=1)
    code, out, err = koop("capture", cwd=ws)
    assert (code, err) == (1, "koop: capture: work: 127.0.0.1: cannot connect: no answer (timed out)\n")
    listener.close()


def test_plain_imap_is_refused_beyond_the_local_machine(ws, koop):
    write_config('[[capture.sources]]\nname = "work"\ntype = "imap"\nhost = "imap.example.com"\ntls = false\n')
    code, out, err = koop("capture", cwd=ws)
    assert err == ("koop: capture: work: imap.example.com: IMAP without TLS only to 127.0.0.1; "
                   "remove tls = false\n")


def test_folder_names_with_umlauts_and_spaces_are_sent_in_modified_utf7(ws, koop, imap_server):
    append(imap_server, "Entw&APw-rfe", [mail("jana@muster.example", "anna@me.example", "Draft", day(3), "<u1@x>")])
    append(imap_server, "Gesendete Objekte",
           [mail("anna@me.example", "ole@nord.example", "Hallo", day(2), "<u2@me.example>")])
    config(imap_server, folders='["Entwürfe", "Gesendete Objekte"]')
    code, out, err = koop("capture", cwd=ws)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "captured  2026-11-17  mail with Jana Weber (Muster GmbH)  [mail:<u1@x>]",
        "captured  2026-11-18  mail with Ole Hansen (Nord Design)  [mail:<u2@me.example>]",
        "2 touchpoints captured, 0 to review; Jana Weber, Ole Hansen are no longer due",
    ]
    assert set(cursor()) == {"Entwürfe", "Gesendete Objekte"}
    assert koop("capture", cwd=ws)[1] == "0 touchpoints captured, 0 to review\n"  # STATUS in UTF-7 too


def keyring_config(port: int, extra: str = "") -> None:
    write_config(f'[capture]\nme = ["anna@me.example"]\n\n[[capture.sources]]\nname = "work"\ntype = "imap"\n'
                 f'host = "127.0.0.1"\nport = {port}\ntls = false\nuser = "anna"\nkeyring = "imap.test"\n'
                 f'folders = ["INBOX"]\n{extra}')


def test_a_password_from_the_system_keyring(ws, koop, imap_server, monkeypatch):
    import types

    stored = {("imap.test", "anna"): "secret"}
    fake = types.SimpleNamespace(get_password=lambda service, user: stored.get((service, user)))
    monkeypatch.setitem(sys.modules, "keyring", fake)
    append(imap_server, "INBOX", basic_mails()[:1])
    keyring_config(imap_server)
    code, out, err = koop("capture", cwd=ws)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "1 touchpoint captured, 0 to review; Jana Weber is no longer due"
    stored.clear()
    code, out, err = koop("capture", cwd=ws)
    assert (code, err) == (1, "koop: capture: work: the system keyring has no password for anna at imap.test\n"
                              "  hint: store it with: keyring set imap.test anna\n")

    def locked(service, user):
        raise RuntimeError("Failed to unlock the collection!")

    fake.get_password = locked
    code, out, err = koop("capture", cwd=ws)
    assert (code, err) == (1, "koop: capture: work: the system keyring could not be read: "
                              "Failed to unlock the collection!\n")


def test_keyring_configured_but_not_installed_says_what_to_install(ws, koop, monkeypatch):
    monkeypatch.setitem(sys.modules, "keyring", None)  # import keyring raises ImportError
    keyring_config(1)
    code, out, err = koop("capture", cwd=ws)
    assert (code, err) == (1, 'koop: capture: work: keyring = "imap.test" needs the keyring package\n'
                              "  hint: pip install 'koop-tui[keyring]', or use password_cmd\n")
    keyring_config(1, 'password_cmd = "echo x"\n')
    code, out, err = koop("capture", cwd=ws)
    assert code == 1 and "source work: keyring or password_cmd, not both" in err
