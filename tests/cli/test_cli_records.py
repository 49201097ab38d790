"""`koop set PARTNER/ID` and `koop rm` on every kind of record, through the real command: one line of what
changed, exit codes, and unchanged files on bad input."""

from __future__ import annotations

import pytest

from tests.cli.conftest import data, files

TODAY = "2026-11-23"


def test_set_any_record_by_id_or_prefix(koop, ws):
    steps = [
        (("set", "muster/t1", "kind=meeting", "contacts=jana,tom", "date=-40d"),
         "Set kind=meeting, contacts=jana,tom, date=2026-10-14 for meeting with Jana Weber, Tom Berg on 2026-10-14 "
         "(Muster GmbH)"),
        (("set", "muster/f1aa", "due=+1w", "text=Send the offer", "contact="),
         "Set due=2026-11-30, text=Send the offer, contact= for follow-up 'Send the offer' (Muster GmbH)"),
        (("set", "muster/p1aa", "end=2026-11-20", "note=Went live"),
         "Set end=2026-11-20, note=Went live for project 'Relaunch shop' (Muster GmbH)"),
        (("set", "muster/g1", "review=2027-01-15"),
         "Set review=2027-01-15 for agreement referral-commission ('10 % on referrals') (Muster GmbH)"),
        (("set", "print", "vetting.contribution=Fast print runs", "vetting.anchoring=established"),
         "Set contribution=Fast print runs, anchoring=established for the vetting of Print Ahoi"),
    ]
    for args, said in steps:
        result = koop(*args, cwd=ws, today=TODAY)
        assert (result.returncode, result.stdout, result.stderr) == (0, said + "\n", ""), args
    saved = data(ws)
    t1 = saved["touchpoints"][0]
    assert (t1["kind"], t1["contacts"], str(t1["date"])) == ("meeting", ["jana", "tom"], "2026-10-14")
    assert "contact" not in saved["followups"][0] and str(saved["followups"][0]["due"]) == "2026-11-30"
    assert str(saved["projects"][0]["end"]) == "2026-11-20"
    assert str(saved["agreements"][0]["review"]) == "2027-01-15"
    assert data(ws, "print-ahoi")["vetting"] == {"contribution": "Fast print runs", "anchoring": "established"}
    assert koop("check", cwd=ws, today=TODAY).returncode == 0


def test_rm_records_and_contacts(koop, ws):
    steps = [
        (("rm", "muster/t2bb", "--yes"), "Deleted mail with Tom Berg on 2026-11-13 (Muster GmbH)"),
        (("rm", "muster/g1aa", "-y"), "Deleted agreement referral-commission ('10 % on referrals') (Muster GmbH)"),
        (("rm", "muster/jana", "--yes", "--move-to", "tom"), "Deleted Jana Weber (Muster GmbH)"),
        (("rm", "lingua/eva", "--yes", "--keep-touches"), "Deleted Eva Lang (Lingua Team)"),
    ]
    for args, said in steps:
        result = koop(*args, cwd=ws, today=TODAY)
        assert (result.returncode, result.stdout, result.stderr) == (0, said + "\n", ""), args
    saved = data(ws)
    assert [t["id"] for t in saved["touchpoints"]] == ["t1aa"] and saved["touchpoints"][0]["contacts"] == ["tom"]
    assert "agreements" not in saved and [c["id"] for c in saved["contacts"]] == ["tom"]
    assert saved["followups"][0]["contact"] == "tom" and saved["projects"][0]["contacts"] == ["tom"]
    lingua = data(ws, "lingua-team")
    assert "contacts" not in lingua and "contacts" not in lingua["touchpoints"][0]
    assert koop("check", cwd=ws, today=TODAY).returncode == 0


@pytest.mark.parametrize("args, code, error", [
    (("set", "muster/zz", "note=x"), 1,
     "koop: Muster GmbH has no record or contact 'zz'\n  hint: `koop show muster-gmbh` lists the ids\n"),
    (("done", "muster/"), 2, "koop: empty record id\n  hint: `koop show muster-gmbh` lists the ids\n"),
    (("rm", "muster/ ", "--yes"), 2, "koop: empty record id\n"),
    (("set", "muster/t", "note=x"), 1,
     "koop: 't' is ambiguous at Muster GmbH: t1aa (touchpoint), t2bb (touchpoint), tom (contact)\n"
     "  hint: type more of the id\n"),
    (("set", "muster/t1aa", "due=today"), 2,
     "koop: cannot set 'due' of a touchpoint (settable: date, kind, direction, contacts, note, by)\n"),
    (("set", "muster/t1aa", "kind=bogus"), 2,
     "koop: unknown kind 'bogus' (kinds: backlink, call, card, comment, fair-visit, gift, greeting, jour-fixe, mail, "
     "meeting, message, recommendation, referral, share)\n"),
    (("set", "muster/t1aa", "date="), 2, "koop: missing date: the date of a touchpoint cannot be empty\n"),
    # a value the file may not hold is a typing mistake, as in `koop add` (they ended with exit 1)
    (("set", "print", "vetting.anchoring=famous"), 2,
     "koop: vetting: unknown anchoring 'famous' (known: newcomer, established, leader)"),
    (("set", "muster", "name="), 2, "koop: missing name: the name of a partner cannot be empty\n"),
    (("set", "muster", "domains=muster"), 2, "koop: domains holds 'muster', which is not a mail domain"),
    # what `koop add` requires, `koop set` does not clear (it wrote a follow-up without text)
    (("set", "muster/f1aa", "text="), 2, "koop: a follow-up needs a text\n"),
    (("set", "muster/p1aa", "name= "), 2, "koop: a project needs a name\n"),
    (("set", "muster/f1aa", "due=someday"), 2, "koop: due: not a date: 'someday'"),
    (("set", "print", "vetting.color=red"), 2,
     "koop: cannot set 'color' of the vetting (settable: contribution, anchoring, decision)\n"),
    (("rm", "muster/t1aa"), 1,
     "koop: not deleted: call with Jana Weber on 2026-10-13 (Muster GmbH)\n  hint: pass --yes to delete without asking\n"),
    (("rm", "muster/jana", "--yes"), 1,
     "koop: Jana Weber is named by 3 other records of Muster GmbH\n"
     "  hint: pass --keep-touches (they stay, for the whole partner) or --move-to CONTACT\n"),
    (("rm", "muster/jana", "--yes", "--move-to", "jana"), 1,
     "koop: Muster GmbH has no other contact 'jana' to take over\n"),
    (("rm", "muster", "--yes"), 2, "koop: say what to delete at Muster GmbH: PARTNER/CONTACT or PARTNER/ID\n"),
    (("rm", "muster/nobody", "--yes"), 1, "koop: Muster GmbH has no record or contact 'nobody'"),
    (("done", "muster/f1aa", "--date", "tomorrow"), 2,
     "koop: --date: 2026-11-24 is in the future; it says when something happened\n"),
    (("snooze", "muster", "--until", "yesterday"), 2, "koop: --until: 2026-11-22 is not after today; pick a later day\n"),
    (("snooze", "muster/jana", "--until", "today"), 2, "koop: --until: 2026-11-23 is not after today; pick a later day\n"),
])
def test_bad_input_is_refused_with_the_files_unchanged(koop, ws, args, code, error):
    before = files(ws)
    result = koop(*args, cwd=ws, today=TODAY)
    assert (result.returncode, result.stdout) == (code, "")
    assert result.stderr.startswith(error)
    assert files(ws) == before


def test_rm_dry_run_says_what_would_change_and_writes_nothing(koop, ws):
    before = files(ws)
    result = koop("rm", "muster/jana", "--move-to", "tom", "--dry-run", cwd=ws, today=TODAY)
    assert (result.returncode, result.stdout) == (0, "would delete Jana Weber (Muster GmbH); 3 records naming them "
                                                     "would go to Tom Berg; dry run: nothing written\n")
    assert files(ws) == before


def test_check_and_import_dry_run_speak_json(koop, ws, tmp_path):
    import json

    (ws / "partners" / "lingua-team.toml").write_text('name = "Lingua Team"\nslug = "lingua-team"\nstage = "activ"\n',
                                                      encoding="utf-8")
    checked = koop("check", "--json", cwd=ws, today=TODAY)
    report = json.loads(checked.stdout)
    assert checked.returncode == 1 and (report["ok"], report["errors"]) == (False, 1)
    assert report["problems"][0]["path"] == "partners/lingua-team.toml" and report["problems"][0]["line"] == 3
    (ws / "partners" / "lingua-team.toml").unlink()
    card = tmp_path / "c.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eva Neu\r\nORG:Neu AG\r\nEND:VCARD\r\n", encoding="utf-8")
    before = files(ws)
    preview = koop("import", str(card), "--dry-run", "--json", cwd=ws, today=TODAY)
    assert preview.returncode == 0, preview.stderr
    plan = json.loads(preview.stdout)
    assert (plan["records"], plan["counts"]["partners"], plan["written"]) == (1, 1, False)
    assert plan["changes"] == [{"action": "create", "text": "partners/neu-ag.toml: Neu AG (imported): Eva Neu"}]
    assert files(ws) == before
    refused = koop("import", str(card), "--json", cwd=ws, today=TODAY)
    assert (refused.returncode, refused.stderr) == (2, "koop: --json previews only: add --dry-run\n")


def test_a_cleared_key_with_a_default_says_what_it_became(koop, ws):
    """`koop set P stage=` made the partner a prospect and said "Set stage=", as if it had no stage now."""
    run = koop("set", "nord", "stage=", "cadence=", cwd=ws, today=TODAY)
    assert (run.returncode, run.stdout) == (0, "Set stage=prospect, cadence= for Nord Design\n")
    assert 'stage = "' not in (ws / "partners" / "nord-design.toml").read_text()
