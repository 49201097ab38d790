"""`koop capture` in German: the run's summary, the skip counts, departures and the review queue; the reasons a
proposal waits are kinds, not English sentences, so the review list picks the same line in either language."""

from __future__ import annotations

import json
from datetime import date

import pytest

from koop_tui import i18n
from koop_tui.capture.match import Proposal, Reason
from koop_tui.capture.run import Outcome, summary
from tests.capture.conftest import basic_mails, day, mail, maildir, write_config

ENGLISH = ("captured, ", "to review", "no longer due", "skipped", "list mail", "several partners", "new contact",
           "may have left", "with Muster", "hint:")


@pytest.fixture
def german(monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    i18n.use(None)


def test_a_maildir_capture_in_german_says_what_it_did(ws, tmp_path, koop, german):
    write_config('[capture]\nme = ["anna@me.example"]\n')
    box = maildir(tmp_path / "mail", basic_mails() + [
        mail("jana@muster.example", "anna@me.example", "Abwesend", day(1), "<g1@x>",
             "Frau Weber ist nicht mehr im Unternehmen.", Auto_Submitted="auto-replied"),
        mail("ole@nord.example", "lisa@muster.example, anna@me.example", "Beide", day(3), "<d1@x>"),
    ])
    code, out, err = koop("capture", "--maildir", str(box), cwd=ws)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "erfasst  10.11.2026  Mail mit Jana Weber (Muster GmbH)  [mail:<a1@muster.example>]",
        "1 Kontaktpunkt erfasst, 3 zu prüfen; Jana Weber ist nicht mehr fällig",
        "übersprungen: 1 Listenmail oder Newsletter, 1 automatische Antwort",
        "Jana Weber hat Muster GmbH vielleicht verlassen: bestätige es und nenne eine Nachfolge "
        "(automatische Antwort: Frau Weber ist nicht mehr im Unternehmen, 19.11.2026)",
    ]
    code, out, err = koop("capture", "--review", cwd=ws)
    # Lisa is unknown at Muster, but the mail names two partners: it waits as such, not as a new contact
    assert out.splitlines() == [
        '  1  15.11.2026  Mail mit Muster GmbH: neuer Kontakt bei Muster GmbH: Lisa Brandt <lisa@muster.example>?'
        '  "Hello"',
        '  2  17.11.2026  Mail mit Muster GmbH: mehrere Partner in einer Mail  "Beide"',
        '  3  17.11.2026  Mail mit Nord Design: mehrere Partner in einer Mail  "Beide"',
    ]
    code, out, err = koop("capture", "--accept", "9", cwd=ws)
    assert (code, out) == (2, "")
    assert err.splitlines()[-2:] == ["koop: kein Vorschlag '9' in der Review-Liste (1-3)",
                                     "  Tipp: koop capture --review listet sie auf"]
    code, out, err = koop("capture", "--maildir", str(box), cwd=ws)
    assert out == "0 Kontaktpunkte erfasst, 0 zu prüfen\n"


def test_no_sources_in_german(ws, koop, german):
    code, out, err = koop("capture", cwd=ws)
    assert code == 2
    assert err.splitlines()[-2:] == ["koop: keine Quellen für die Erfassung eingerichtet",
                                     f"  Tipp: ergänze [[capture.sources]] in {write_config('')}, oder versuch "
                                     "--maildir DIR, --mbox FILE oder --ics FILE"]


def test_a_broken_capture_config_in_german(ws, koop, german):
    path = write_config('[capture]\nmax_people = 0\n')
    code, out, err = koop("capture", "--review", cwd=ws)
    assert code == 1
    assert err.splitlines()[-2:] == [f"koop: {path}: [capture] max_people muss eine positive Zahl sein, nicht 0",
                                     "  Tipp: die Einstellungen stehen in `koop capture --help`"]


def test_a_source_that_is_no_maildir_in_german(ws, tmp_path, koop, german):
    (tmp_path / "empty").mkdir()
    code, out, err = koop("capture", "--maildir", str(tmp_path / "empty"), cwd=ws)
    assert code == 1
    assert err == (f"koop: Erfassung: maildir:{tmp_path / 'empty'}: {tmp_path / 'empty'}: hier ist kein Maildir "
                   "(ein Maildir-Ordner hat cur/ und new/)\n")


def proposal(reason: Reason, new_people=(), detail: str = "") -> Proposal:
    return Proposal(source="mail:<x>", slug="muster", partner="Muster GmbH", day=date(2026, 11, 17), kind="mail",
                    thread="<x>", new_people=[list(p) for p in new_people], reason=reason, detail=detail)


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_review_line_follows_the_reason_not_its_words(language):
    """A proposal with unknown people that names several partners waits for that, in both languages; the
    app's Captured screen and `koop capture --review` ask the same."""
    from koop_tui.app.screens.captured import what
    from koop_tui.cli.capture import review_lines

    i18n.use(language)
    several = proposal(Reason.SEVERAL, [("lisa@muster.example", "Lisa")])
    new = proposal(Reason.NEW_CONTACT, [("lisa@muster.example", "Lisa")])
    assert (several.new_contact, new.new_contact) == (False, True)
    said = {"en": ("several partners in one mail", "new contact: Lisa <lisa@muster.example>?",
                   "new contact at Muster GmbH: Lisa <lisa@muster.example>?"),
            "de": ("mehrere Partner in einer Mail", "neuer Kontakt: Lisa <lisa@muster.example>?",
                   "neuer Kontakt bei Muster GmbH: Lisa <lisa@muster.example>?")}[language]
    assert (what(several), what(new)) == said[:2]
    assert [line.split(": ", 1)[1] for line in review_lines([several, new])] == [said[0], said[2]]


@pytest.mark.parametrize("reason, english, german", [
    (Reason.SEVERAL, "several partners in one mail", "mehrere Partner in einer Mail"),
    (Reason.NEW_CONTACT, "new contact at Muster GmbH", "neuer Kontakt bei Muster GmbH"),
    (Reason.AUTO_OFF, "auto = false: everything waits for review", "auto = false: alles kommt in die Review-Liste"),
    (Reason.NOT_SAVED, "not saved: disk full", "nicht gespeichert: disk full"),
    (Reason.SURE, "", ""),
])
def test_each_reason_in_both_languages(reason, english, german):
    p = proposal(reason, detail="disk full")
    assert p.why == english
    i18n.use("de")
    assert p.why == german


def test_the_state_keeps_the_reason_and_reads_the_english_text_of_earlier_versions():
    p = proposal(Reason.NOT_SAVED, detail="disk full")
    saved = json.loads(json.dumps(p.to_json()))
    assert (saved["reason"], "why" not in saved) == ("not-saved", True)
    assert Proposal.from_json(saved) == p
    old = {k: v for k, v in saved.items() if k not in ("reason", "detail")}
    for why, reason, detail in [("several partners in one meeting", Reason.SEVERAL, ""),
                                ("new contact at Muster GmbH", Reason.NEW_CONTACT, ""),
                                ("auto = false", Reason.AUTO_OFF, ""),
                                ("not saved: disk full", Reason.NOT_SAVED, "disk full")]:
        loaded = Proposal.from_json(old | {"why": why})
        assert (loaded.reason, loaded.detail) == (reason, detail)
    assert Proposal.from_json(old | {"why": ""}).reason is Reason.SURE


@pytest.mark.parametrize("language, lines", [
    ("en", ["0 touchpoints captured, 0 to review", "1 touchpoint captured, 1 to review; Ann is no longer due",
            "2 touchpoints captured, 2 to review; Ann, Ben are no longer due",
            "3 touchpoints captured, 3 to review; Ann, Ben, Cem and 1 more are no longer due",
            "4 touchpoints captured, 4 to review; Ann, Ben, Cem and 2 more are no longer due"]),
    ("de", ["0 Kontaktpunkte erfasst, 0 zu prüfen", "1 Kontaktpunkt erfasst, 1 zu prüfen; Ann ist nicht mehr fällig",
            "2 Kontaktpunkte erfasst, 2 zu prüfen; Ann, Ben sind nicht mehr fällig",
            "3 Kontaktpunkte erfasst, 3 zu prüfen; Ann, Ben, Cem und 1 weitere Person sind nicht mehr fällig",
            "4 Kontaktpunkte erfasst, 4 zu prüfen; Ann, Ben, Cem und 2 weitere sind nicht mehr fällig"]),
])
def test_the_summary_counts_0_1_2(language, lines):
    i18n.use(language)
    names = ["Ann", "Ben", "Cem", "Dag", "Eva"]
    said = [summary(Outcome(captured=[("muster", None)] * n, queued=n, no_longer_due=names[:n + (n > 2)]))[0]
            for n in range(5)]
    assert said == lines


def test_no_english_is_left_in_a_german_capture(ws, tmp_path, koop, german):
    write_config('[capture]\nme = ["anna@me.example"]\nauto = false\n')
    box = maildir(tmp_path / "mail", basic_mails())
    out = "".join(koop("capture", "--maildir", str(box), cwd=ws)[1:]) + "".join(koop("capture", "--review",
                                                                                     cwd=ws)[1:])
    assert "alles kommt in die Review-Liste" in out
    assert [word for word in ENGLISH if word in out] == []
