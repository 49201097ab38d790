"""`koop capture` over Maildir, mbox and .ics: what it logs, queues and says, and that it logs nothing twice."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.capture.conftest import TODAY, basic_mails, day, mail, maildir, mbox, write_config

REPO = Path(__file__).resolve().parents[2]


def git_log(root: Path) -> list[str]:
    return subprocess.run(["git", "log", "--format=%s"], cwd=root, capture_output=True, text=True).stdout.split("\n")


def test_a_maildir_capture_logs_the_thread_once_queues_the_stranger_and_commits_once(ws, tmp_path, koop):
    write_config('[capture]\nme = ["anna@me.example"]\n')
    box = maildir(tmp_path / "mail", basic_mails())
    code, out, err = koop("capture", "--maildir", str(box), cwd=ws)
    assert (code, err) == (0, "")
    assert out == (
        "captured  2026-11-10  mail with Jana Weber (Muster GmbH)  [mail:<a1@muster.example>]\n"
        "1 touchpoint captured, 1 to review; Jana Weber is no longer due\n"
        "skipped: 1 list mail or newsletter\n"
    )
    text = (ws / "partners" / "muster.toml").read_text()
    assert text.startswith(
        (REPO / "tests" / "capture" / "conftest.py").read_text().split("PARTNER = '''")[1].split("'''")[0])
    added = text.split('kind = "call"\n')[1]
    touch_id = added.split('id = "')[1].split('"')[0]
    assert added == (f'\n[[touchpoints]]\nid = "{touch_id}"\ndate = 2026-11-10\nkind = "mail"\n'
                     'contacts = ["jana"]\nby = "anna"\nsource = "mail:<a1@muster.example>"\n')
    assert git_log(ws)[0] == "Capture 1 touchpoint from mail and calendars"
    assert not any(p.name.startswith(".koop") or p.suffix == ".json" for p in ws.rglob("*") if ".git" not in p.parts)

    code, out, err = koop("capture", "--maildir", str(box), cwd=ws)
    assert (code, out) == (0, "0 touchpoints captured, 0 to review\n")
    assert (ws / "partners" / "muster.toml").read_text() == text

    code, out, _ = koop("capture", "--review", cwd=ws)
    assert out == ('  1  2026-11-15  mail with Muster GmbH: new contact at Muster GmbH: '
                   'Lisa Brandt <lisa@muster.example>?  "Hello"\n')


def test_a_new_mail_in_a_logged_thread_on_the_same_day_adds_nothing_a_new_day_does(ws, tmp_path, koop):
    box = maildir(tmp_path / "mail", basic_mails()[:1])
    assert koop("capture", "--maildir", str(box), cwd=ws)[1].endswith("1 touchpoint captured, 0 to review; "
                                                                        "Jana Weber is no longer due\n")
    maildir(box, [mail("jana@muster.example", "anna@me.example", "Re: Offer", day(10, 16), "<a3@muster.example>",
                       References="<a1@muster.example>"),
                  mail("jana@muster.example", "anna@me.example", "Re: Offer", day(2), "<a4@muster.example>",
                       References="<a1@muster.example>")])
    code, out, _ = koop("capture", "--maildir", str(box), cwd=ws)
    assert out == ("captured  2026-11-18  mail with Jana Weber (Muster GmbH)  [mail:<a4@muster.example>]\n"
                   "1 touchpoint captured, 0 to review\n")


def test_review_accept_makes_the_new_contact_reject_is_remembered_assign_adds_the_address(ws, tmp_path, koop):
    box = maildir(tmp_path / "mail", [
        mail("Lisa Brandt <lisa@muster.example>", "anna@me.example", "Hi", day(5), "<b1@muster.example>"),
        mail("=?utf-8?q?J=C3=BCrgen?= <juergen@muster.example>", "anna@me.example", "Hi", day(4), "<c1@x>"),
        mail("ole@nord.example", "jana@muster.example, anna@me.example", "Both", day(3), "<d1@x>"),
        mail("jweber@muster.example", "anna@me.example", "New address", day(2), "<e1@x>"),
    ])
    code, out, _ = koop("capture", "--maildir", str(box), cwd=ws)
    assert out.splitlines()[-1] == "0 touchpoints captured, 5 to review"
    code, out, _ = koop("capture", "--review", cwd=ws)
    assert out.splitlines() == [
        '  1  2026-11-15  mail with Muster GmbH: new contact at Muster GmbH: Lisa Brandt <lisa@muster.example>?  "Hi"',
        '  2  2026-11-16  mail with Muster GmbH: new contact at Muster GmbH: Jürgen <juergen@muster.example>?  "Hi"',
        '  3  2026-11-17  mail with Muster GmbH: several partners in one mail  "Both"',
        '  4  2026-11-17  mail with Nord Design: several partners in one mail  "Both"',
        '  5  2026-11-18  mail with Muster GmbH: new contact at Muster GmbH: jweber@muster.example?  "New address"',
    ]
    code, out, err = koop("capture", "--accept", "1", "3", cwd=ws)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "logged  2026-11-15  mail with Lisa Brandt (Muster GmbH)  [mail:<b1@muster.example>]",
        "logged  2026-11-17  mail with Jana Weber (Muster GmbH)  [mail:<d1@x>]",
    ]
    assert git_log(ws)[:2] == ["Capture: log 2 reviewed touchpoints", "start"]  # one commit, none "by hand"
    text = (ws / "partners" / "muster.toml").read_text()
    assert '[[contacts]]\nid = "lisa"\nname = "Lisa Brandt"\nemail = "lisa@muster.example"\n' in text
    code, out, _ = koop("capture", "--reject", "1", cwd=ws)  # Jürgen: the queue is renumbered
    assert out == "1 rejected; it will not be proposed again\n"
    code, out, _ = koop("capture", "--assign", "2", "muster/jana", cwd=ws)
    assert out == "logged  2026-11-18  mail with Jana Weber (Muster GmbH)  [mail:<e1@x>]\n"
    text = (ws / "partners" / "muster.toml").read_text()
    assert 'emails = ["j.weber@muster-gruppe.example", "jweber@muster.example"]' in text
    assert koop("capture", "--review", cwd=ws)[1] == '  1  2026-11-17  mail with Nord Design: several partners in one mail  "Both"\n'
    (box / "cur").mkdir(exist_ok=True)
    assert koop("capture", "--maildir", str(box), cwd=ws)[1] == "0 touchpoints captured, 0 to review\n"
    code, out, err = koop("capture", "--accept", "7", cwd=ws)
    assert code == 2 and err.splitlines()[-2:] == ["koop: no proposal '7' in the review queue (1-1)",
                                                   "  hint: koop capture --review lists them"]


def test_dry_run_writes_nothing_and_keeps_no_state(ws, tmp_path, koop):
    box = maildir(tmp_path / "mail", basic_mails())
    before = (ws / "partners" / "muster.toml").read_bytes()
    code, out, _ = koop("capture", "--maildir", str(box), "--dry-run", cwd=ws)
    assert out == ("would log  2026-11-10  mail with Jana Weber (Muster GmbH)  [mail:<a1@muster.example>]\n"
                   "1 touchpoint captured, 1 to review\nskipped: 1 list mail or newsletter\n"
                   "dry run: nothing written\n")
    assert (ws / "partners" / "muster.toml").read_bytes() == before
    assert not (Path(os.environ["KOOP_DATA_DIR"]) / "capture").exists() or not list(
        (Path(os.environ["KOOP_DATA_DIR"]) / "capture").glob("*.json"))


def test_mbox_and_skips_lists_auto_replies_crowds_and_bad_dates(ws, tmp_path, koop):
    crowd = ", ".join(f"p{i}@elsewhere.example" for i in range(10))
    box = mbox(tmp_path / "mail.mbox", [
        mail("jana@muster.example", "anna@me.example", "List", day(3), "<l1@x>", List_Unsubscribe="<mailto:u@x>"),
        mail("jana@muster.example", "anna@me.example", "Bulk", day(3), "<l2@x>", Precedence="bulk"),
        mail("jana@muster.example", "anna@me.example", "Away", day(3), "<l3@x>", Auto_Submitted="auto-replied"),
        mail("jana@muster.example", f"anna@me.example, {crowd}, x@y.example", "All", day(3), "<l4@x>"),
        mail("jana@muster.example", "anna@me.example", "No date", "", "<l5@x>"),
        mail("jana@muster.example", "anna@me.example", "Future", "Mon, 01 Jan 2савсем", "<l6@x>"),
        mail("jana@muster.example", "anna@me.example", "Far", "Mon, 01 Jan 2035 10:00:00 +0000", "<l7@x>"),
        mail("tom@muster.example", "anna@me.example", "=?x-unknown?q?Gr=FC=DFe?=", day(1), None),
    ])
    write_config('[capture]\nme = ["anna@me.example"]\n')
    code, out, err = koop("capture", "--mbox", str(box), cwd=ws)
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == [
        "1 touchpoint captured, 0 to review; Tom Berg is no longer due",
        "skipped: 2 list mails and newsletters, 1 auto-reply, 1 with too many people, 3 without a usable date"]
    assert out.splitlines()[0].startswith("captured  2026-11-19  mail with Tom Berg (Muster GmbH)  [mail:<")
    mbox(box, [mail("jana@muster.example", "anna@me.example", "Later", day(1), "<l9@x>")])
    code, out, _ = koop("capture", "--mbox", str(box), cwd=ws)
    assert out.splitlines() == ["captured  2026-11-19  mail with Jana Weber (Muster GmbH)  [mail:<l9@x>]",
                                "1 touchpoint captured, 0 to review; Jana Weber is no longer due"]


def test_a_bounce_for_a_contact_raises_a_due_item_with_the_evidence(ws, tmp_path, koop):
    from email.message import EmailMessage

    bounce = EmailMessage()
    bounce["From"] = "Mail Delivery System <MAILER-DAEMON@mx.me.example>"
    bounce["To"] = "anna@me.example"
    bounce["Subject"] = "Undelivered Mail Returned to Sender"
    bounce["Date"] = day(2)
    bounce["Message-ID"] = "<bounce1@mx>"
    bounce.set_content("This is the mail system at host mx.me.example.")
    status = EmailMessage()
    status.set_content("Reporting-MTA: dns; mx.me.example\n\nFinal-Recipient: rfc822; tom@muster.example\n"
                       "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n")
    raw = bounce.as_bytes().decode()
    boundary = "XYZ"
    text = (raw.split("\n\n", 1)[0].replace("Content-Type: text/plain; charset=\"utf-8\"",
            f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"')
            + f"\n\n--{boundary}\nContent-Type: text/plain\n\nUser unknown.\n"
            f"--{boundary}\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.me.example\n\n"
            "Final-Recipient: rfc822; tom@muster.example\nAction: failed\nStatus: 5.1.1\n"
            f"Diagnostic-Code: smtp; 550 5.1.1 User unknown\n\n--{boundary}--\n")
    folder = maildir(tmp_path / "mail", [])
    (folder / "new" / "1.bounce").write_text(text)
    code, out, _ = koop("capture", "--maildir", str(folder), cwd=ws)
    assert out.splitlines() == [
        "0 touchpoints captured, 0 to review",
        "Tom Berg may have left Muster GmbH: confirm and name a successor "
        "(bounce 5.1.1 550 5.1.1 User unknown, 2026-11-18)",
    ]
    code, out, _ = koop("due", cwd=ws)
    assert "Tom Berg may have left Muster GmbH: confirm and name a successor" in out
    assert koop("capture", "--maildir", str(folder), cwd=ws)[1] == "0 touchpoints captured, 0 to review\n"


def test_german_and_english_departure_auto_replies(ws, tmp_path, koop):
    box = maildir(tmp_path / "mail", [
        mail("jana@muster.example", "anna@me.example", "Automatische Antwort", day(3), "<g1@x>",
             "Guten Tag,\nFrau Weber ist nicht mehr für die Muster GmbH tätig. Bitte wenden Sie sich an Tom Berg.",
             Auto_Submitted="auto-replied"),
        mail("ole@nord.example", "anna@me.example", "Automatic reply", day(3), "<g2@x>",
             "Thanks for your mail. Ole has left the company.", X_Autoreply="yes"),
    ])
    code, out, _ = koop("capture", "--maildir", str(box), cwd=ws)
    assert out.splitlines()[1:] == [
        "skipped: 2 auto-replies",
        "Jana Weber may have left Muster GmbH: confirm and name a successor "
        "(auto-reply: Frau Weber ist nicht mehr für die Muster GmbH tätig, 2026-11-17)",
        "Ole Hansen may have left Nord Design: confirm and name a successor "
        "(auto-reply: Ole has left the company, 2026-11-17)",
    ]


def test_bad_sources_end_with_one_line_and_exit_1(ws, tmp_path, koop):
    code, out, err = koop("capture", "--maildir", str(tmp_path / "nope"), cwd=ws)
    assert code == 1 and err == f"koop: capture: maildir:{tmp_path / 'nope'}: {tmp_path / 'nope'}: not a folder\n"
    (tmp_path / "bad.ics").write_bytes(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\n\x00garbage")
    code, out, err = koop("capture", "--ics", str(tmp_path / "bad.ics"), cwd=ws)
    assert code == 1 and err.count("\n") == 1 and "not a readable iCalendar file" in err
    (tmp_path / "contacts.vcf").write_bytes(b"BEGIN:VCARD\nVERSION:3.0\nFN:Ida\nEND:VCARD\n")  # read as no mails
    code, out, err = koop("capture", "--mbox", str(tmp_path / "contacts.vcf"), cwd=ws)
    assert code == 1 and err == (f"koop: capture: mbox:{tmp_path / 'contacts.vcf'}: {tmp_path / 'contacts.vcf'}: "
                                 "not an mbox file (it does not begin with a \"From \" line)\n")
    (tmp_path / "empty.mbox").write_bytes(b"")
    assert koop("capture", "--mbox", str(tmp_path / "empty.mbox"), cwd=ws)[0] == 0  # an mbox with no mail yet
    code, out, err = koop("capture", cwd=ws)
    assert code == 2 and "no capture sources configured" in err
    write_config('[capture]\n[[capture.sources]]\ntype = "imap"\nhost = "x"\npassword = "secret"\n')
    code, out, err = koop("capture", cwd=ws)
    assert code == 1 and "no password in files; use password_cmd" in err


def test_garbage_and_huge_mails_do_not_stop_the_rest(ws, tmp_path, koop):
    box = maildir(tmp_path / "mail", basic_mails()[:1])
    (box / "new" / "2.garbage").write_bytes(b"\xff\xfe\x00\x01" * 100 + b"\n\n" + b"\x00" * 1000)
    big = mail("tom@muster.example", "anna@me.example", "Big", day(1), "<big@x>")
    big.add_attachment(b"\x00" * 1024, maintype="application", subtype="octet-stream")
    with open(box / "new" / "3.big", "wb") as f:  # a 50 MB mail: its attachment runs on to the end
        f.write(big.as_bytes())
        f.truncate(50 * 1024 * 1024)
    code, out, err = koop("capture", "--maildir", str(box), cwd=ws)
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == ["2 touchpoints captured, 0 to review; Jana Weber, Tom Berg are no longer due",
                                     "skipped: 1 without a usable date"]


def test_the_real_command_runs_in_a_subprocess_without_textual(ws, tmp_path):
    box = maildir(tmp_path / "mail", basic_mails())
    env = dict(os.environ, KOOP_TODAY=TODAY, PYTHONPATH=str(REPO))
    code = ("import sys, runpy; sys.argv = ['koop', 'capture', '--maildir', sys.argv[1]];"
            "from koop_tui.__main__ import main; rc = main(sys.argv[1:]);"
            "assert 'textual' not in sys.modules; sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code, str(box)], cwd=ws, env=env, capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.endswith("1 touchpoint captured, 1 to review; Jana Weber is no longer due\n"
                                "skipped: 1 list mail or newsletter\n")


def test_raw_utf8_and_latin1_headers_folded_lists_and_two_touchpoints_in_one_block(ws, tmp_path, koop):
    write_config('[capture]\nme = ["anna@me.example"]\nsubject = true\n')
    box = maildir(tmp_path / "mail", [])
    (box / "new" / "1.utf8").write_bytes(
        "Received: from mx.example by mx2.example;\n Thu, 19 Nov 2026 09:00:00 +0000\n"
        "From: Jürgen Weiß <jana@muster.example>\nTo: someone@else.example,\n\tanna@me.example\n"
        "Subject: Grüße aus\n Köln\nDate: Wed, 18 Nov 2026 10:00:00 +0100\nMessage-ID: <u1@x>\n\nHallo\n".encode())
    (box / "new" / "2.latin1").write_bytes(
        "From: tom@muster.example\nTo: anna@me.example\nSubject: Schöne Grüße\n"
        "Date: Thu, 19 Nov 2026 10:00:00 +0100\nMessage-ID: <l1@x>\n\nHallo\n".encode("latin-1"))
    code, out, err = koop("capture", "--maildir", str(box), cwd=ws)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "2 touchpoints captured, 0 to review; Jana Weber, Tom Berg are no longer due"
    added = (ws / "partners" / "muster.toml").read_text().split('kind = "call"\n')[1]
    ids = [line.split('"')[1] for line in added.splitlines() if line.startswith("id = ")]
    assert added == (f'\n[[touchpoints]]\nid = "{ids[0]}"\ndate = 2026-11-18\nkind = "mail"\ncontacts = ["jana"]\n'
                     'note = "Grüße aus Köln"\nby = "anna"\nsource = "mail:<u1@x>"\n'
                     f'\n[[touchpoints]]\nid = "{ids[1]}"\ndate = 2026-11-19\nkind = "mail"\ncontacts = ["tom"]\n'
                     'note = "Schöne Grüße"\nby = "anna"\nsource = "mail:<l1@x>"\n')


def test_accepted_proposals_are_taken_in_the_order_given_not_the_order_mails_were_read(tmp_path):
    """The queue is stored as mails were read (Maildir order is the file system's); the review lists it by day."""
    from koop_tui.capture.match import Proposal
    from koop_tui.capture.run import _take
    from koop_tui.capture.state import State

    def proposal(n: int) -> Proposal:
        return Proposal(source=f"mail:<{n}@x>", slug="muster", partner="Muster GmbH", day=date(2026, 11, n),
                        kind="mail", thread=f"<{n}@x>")

    state = State(tmp_path / "state.json", queue=[proposal(17), proposal(15), proposal(16)])
    keys = [proposal(15).key, proposal(17).key, proposal(15).key]
    assert [p.day.day for p in _take(state, keys)] == [15, 17]
