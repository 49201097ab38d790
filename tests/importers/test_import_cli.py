"""`koop import` end to end: created partner files, preview, skip report, idempotence, options."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from koop_tui.store import load_workspace

SAMPLES = Path(__file__).parent / "samples"
ALL_SAMPLES = ["apple-3.0.vcf", "v4.vcf", "android-2.1.vcf", "google-old.csv", "google-new.csv", "outlook.csv", "plain.csv"]


def _partner(root, slug):
    return tomllib.loads((root / "partners" / f"{slug}.toml").read_text(encoding="utf-8"))


def test_apple_vcard_creates_partner_files(workspace, koop):
    result = koop("import", str(SAMPLES / "apple-3.0.vcf"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "apple-3.0.vcf: vCard, 5 records (utf-8)",
        "create  partners/muster-gmbh.toml: Muster GmbH (imported): Dr. Jana Weber, Tom Becker",
        "create  partners/nord-design.toml: Nord Design (imported): no contacts",
        "create  partners/lena-schaefer.toml: Lena Schäfer (imported): Lena Schäfer",
        "skip    line 55: no name nor email",
        "3 partners and 3 contacts created, 0 merged, 0 unchanged, 1 skipped",
        "wrote 3 partner files",
    ]
    muster = _partner(workspace, "muster-gmbh")
    assert (muster["name"], muster["website"]) == ("Muster GmbH", "https://muster.example")
    # to sort (koop triage) before anything is due; a cadence given then counts from the import day
    assert (muster["stage"], str(muster["imported"])) == ("imported", "2026-11-20")
    jana, tom = muster["contacts"]
    assert jana == {
        "id": "jana", "name": "Dr. Jana Weber", "role": "Geschäftsführerin",
        "email": "jana.weber@muster.example", "phone": "+49 170 1234567", "birthday": "1980-02-29",
        "note": "Met at DMEXCO 2020, likes espresso. Prefers calls before 10; never on Fridays.",
    }
    assert (tom["id"], tom["birthday"]) == ("tom", "--03-15")
    assert _partner(workspace, "nord-design") == {
        "name": "Nord Design", "slug": "nord-design", "stage": "imported", "imported": date(2026, 11, 20),
        "website": "https://nord-design.example"}
    lena = _partner(workspace, "lena-schaefer")
    assert lena["contacts"][0]["note"] == "Hochzeits- und Businessfotografie\nsehr zuverlässig"
    ws = load_workspace(workspace)
    assert ws.problems == [] and sorted(ws.partners) == ["lena-schaefer", "muster-gmbh", "nord-design"]


def test_vcard_4_skip_report_and_warnings(workspace, koop):
    result = koop("import", str(SAMPLES / "v4.vcf"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "v4.vcf: vCard, 6 records (utf-8)",
        "create  partners/nord-design.toml: Nord Design (imported): Tom Becker, Kai Brandt",
        "create  partners/traductions-laurent-sarl.toml: Traductions Laurent S.A.R.L. (imported): Émilie Laurent",
        "create  partners/druckerei-hansen-ek.toml: Druckerei Hansen e.K. (imported): Ole Hansen",
        "warn    line 40: Kai Brandt: invalid birthday '1990-13-45' not imported",
        "skip    line 47: Tom Becker: duplicate within the file (first at line 1)",
        "3 partners and 4 contacts created, 0 merged, 0 unchanged, 1 skipped",
        "wrote 3 partner files",
    ]
    hansen = _partner(workspace, "druckerei-hansen-ek")
    assert hansen["website"] == "https://druckerei-hansen.example"
    assert hansen["contacts"] == [
        {"id": "ole", "name": "Ole Hansen", "email": "ole@druckerei-hansen.example", "birthday": "--02-29"}]
    nord = _partner(workspace, "nord-design")
    assert [c["id"] for c in nord["contacts"]] == ["kai", "tom"]
    assert "birthday" not in nord["contacts"][0]


def test_csv_layouts_and_encodings_create_the_same_people(workspace, koop):
    for name in ("google-old.csv", "outlook.csv", "plain.csv"):
        assert koop("import", str(SAMPLES / name)).returncode == 0
    muster = _partner(workspace, "muster-gmbh")
    assert muster["tags"] == ["agency", "key-account"]  # plain CSV tags, new partner
    assert [c["id"] for c in muster["contacts"]] == ["jana", "paul"]
    mueller = _partner(workspace, "druckerei-mueller-ek")
    assert mueller["contacts"][0] == {
        "id": "juergen", "name": "Jürgen Müller", "role": "Inhaber",
        "email": "juergen@druckerei-mueller.example", "phone": "+49 89 111222", "birthday": "1970-03-07",
        "note": "Liefert Visitenkarten in 48 h. Grüße!",
    }
    assert _partner(workspace, "lena-schaefer")["tags"] == ["photo"]
    assert load_workspace(workspace).problems == []


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_reimport_changes_nothing(workspace, koop, snapshot, name):
    first = koop("import", str(SAMPLES / name))
    assert first.returncode == 0, first.stderr
    before = snapshot(workspace)
    second = koop("import", str(SAMPLES / name))
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[-1] == "nothing to do"
    assert "created" in second.stdout and not any(
        line.startswith(("create", "add", "merge")) for line in second.stdout.splitlines())
    assert snapshot(workspace) == before


def test_dry_run_prints_the_preview_and_writes_nothing(workspace, koop, snapshot):
    before = snapshot(workspace)
    result = koop("import", "--dry-run", str(SAMPLES / "google-new.csv"))
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "google-new.csv: Google CSV, 2 records (utf-8)",
        "create  partners/nord-design.toml: Nord Design (imported): Tom Becker",
        "create  partners/estudio-garcia-sl.toml: Estudio García S.L. (imported): Ana María García López",
        "2 partners and 2 contacts created, 0 merged, 0 unchanged, 0 skipped",
        "dry run: nothing written",
    ]
    assert snapshot(workspace) == before


def test_stage_tags_and_owner_apply_to_created_partners(workspace, koop):
    result = koop("import", "--stage", "active", "--tag", "print", "--tag", "munich", "--owner", "ben",
                  "-q", str(SAMPLES / "android-2.1.vcf"))
    assert result.stdout.splitlines()[1:] == [
        "1 partner and 1 contact created, 0 merged, 0 unchanged, 0 skipped", "wrote 1 partner file"]
    data = _partner(workspace, "druckerei-mueller-ek")
    assert (data["stage"], data["tags"], data["owner"]) == ("active", ["print", "munich"], "ben")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--tag", "Bad Tag", "x.vcf"], 2, "koop: not a valid tag: 'Bad Tag'"),
        (["missing.vcf"], 1, "koop: no such file: missing.vcf"),
        (["--stage", "friend", "x.vcf"], 2, "invalid choice: 'friend'"),
    ],
)
def test_errors_are_one_or_two_lines(koop, args, code, message):
    result = koop("import", *args)
    assert result.returncode == code
    assert message in result.stderr and "Traceback" not in result.stderr


def test_unknown_csv_layout_is_refused(workspace, koop, snapshot, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("foo,bar\n1,2\n")
    result = koop("import", str(path))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "koop: unrecognised CSV header: foo, bar"
    assert snapshot(workspace) == {"koop.toml": (workspace / "koop.toml").read_bytes()}


def test_refuses_to_import_while_a_partner_file_is_broken(workspace, koop, snapshot):
    (workspace / "partners" / "muster-gmbh.toml").write_text('name = "Muster GmbH"\nslug = \n')
    before = snapshot(workspace)
    result = koop("import", str(SAMPLES / "apple-3.0.vcf"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "koop: not importing while partner files have problems: partners/muster-gmbh.toml",
        "  hint: fix them first (`koop check`), so that the import can match against them",
    ]
    assert snapshot(workspace) == before


def test_a_contact_found_by_email_stays_at_its_partner(workspace, koop, tmp_path):
    (workspace / "partners" / "muster.toml").write_text(
        'name = "Muster GmbH"\nslug = "muster"\n\n[[contacts]]\nid = "jana"\nname = "Jana Weber"\n'
        'email = "jana@example.test"\nphone = "+49 30 123-45"\n'
    )
    path = tmp_path / "moved.csv"
    path.write_text("partner,name,email,phone,role\nAcme AG,Jana Weber,JANA@example.test,004930 12345,CEO\n")
    result = koop("import", str(path))
    assert result.stdout.splitlines()[1:4] == [
        "merge   partners/muster.toml: Jana Weber: role",
        "kept    partners/muster.toml: Jana Weber: existing organisation 'Muster GmbH' (file: 'Acme AG')",
        "0 partners and 0 contacts created, 1 merged, 0 unchanged, 0 skipped",
    ]
    assert sorted(p.name for p in (workspace / "partners").iterdir()) == ["muster.toml"]
    assert (workspace / "partners" / "muster.toml").read_text().endswith('phone = "+49 30 123-45"\nrole = "CEO"\n')


def test_a_contact_added_to_an_existing_partner_counts_its_cadence_from_the_import_day(workspace, koop, tmp_path):
    import json

    (workspace / "partners" / "muster.toml").write_text(
        'name = "Muster GmbH"\nslug = "muster"\nstage = "active"\ncadence = 30\n\n[[contacts]]\nid = "jana"\n'
        'name = "Jana Weber"\n\n[[touchpoints]]\nid = "t1aa"\ndate = 2026-11-10\nkind = "call"\ncontacts = ["jana"]\n')
    path = tmp_path / "more.csv"
    path.write_text("partner,name,email\nMuster GmbH,Tom Becker,tom@example.test\n")
    assert koop("import", str(path)).returncode == 0
    tom = _partner(workspace, "muster")["contacts"][1]
    assert (tom["name"], tom["imported"]) == ("Tom Becker", date(2026, 11, 20))

    def due(today):
        items = json.loads(koop("due", "--json", "--all", "--today", today).stdout)["items"]
        return {i["key"]: (i["status"], i["due"]) for i in items if i["key"].startswith("contact:")}

    assert due("2026-11-25") == {}  # five days after the import: not due at once
    assert due("2026-12-20")["contact:muster/tom"] == ("due", "2026-12-20")  # the cadence, from the import day


def test_a_pipe_is_imported_and_a_source_beyond_the_cap_is_refused(workspace, koop, tmp_path, monkeypatch):
    import os
    import threading

    from koop_tui.cli import import_
    from koop_tui.errors import KoopError

    pipe = tmp_path / "contacts.vcf"
    os.mkfifo(pipe)
    data = (SAMPLES / "apple-3.0.vcf").read_bytes()
    writer = threading.Thread(target=pipe.write_bytes, args=(data,))
    writer.start()
    result = koop("import", "--dry-run", str(pipe))  # as `koop import <(curl ...)` hands it over
    writer.join()
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "contacts.vcf: vCard, 5 records (utf-8)"

    monkeypatch.setattr(import_, "MAX_IMPORT", len(data) - 1)  # /dev/zero, or a file that is no export
    with pytest.raises(KoopError) as refused:
        import_.read_records(SAMPLES / "apple-3.0.vcf")
    assert refused.value.message.endswith("apple-3.0.vcf: larger than 0 MB; not read")
    monkeypatch.setattr(import_, "MAX_IMPORT", len(data))
    assert len(import_.read_records(SAMPLES / "apple-3.0.vcf")[0]) == 5


def test_a_birth_year_that_cannot_be_is_dropped_and_said(workspace, koop, tmp_path):
    """As a typed birthday (dates.parse_birthday): a year after the import day or more than a century back is a
    slip or an address book's "unknown"; the month and day are kept, with a warning, never a birthday at -73."""
    (tmp_path / "b.csv").write_text("partner,name,birthday\nAcme,Ada,0206-11-20\nAcme,Bo,2099-01-01\n"
                                    "Acme,Cem,1900-05-04\nAcme,Dee,1980-02-29\nAcme,Eli,2026-11-20\n",
                                    encoding="utf-8")
    result = koop("import", str(tmp_path / "b.csv"))
    assert result.returncode == 0, result.stderr
    why = "the year cannot be right (after today or more than 100 years back); imported without the year"
    assert [line for line in result.stdout.splitlines() if line.startswith("warn")] == [
        f"warn    row 2: Ada: birthday 0206-11-20: {why}",
        f"warn    row 3: Bo: birthday 2099-01-01: {why}",
        f"warn    row 4: Cem: birthday 1900-05-04: {why}",
    ]
    assert [(c["id"], c["birthday"]) for c in _partner(workspace, "acme")["contacts"]] == [
        ("ada", "--11-20"), ("bo", "--01-01"), ("cem", "--05-04"), ("dee", "1980-02-29"), ("eli", "2026-11-20")]


def test_control_characters_from_the_source_are_not_stored(workspace, koop, tmp_path):
    """An escape or a line break in an address book's fields would break every line-per-item output (a typed one
    is refused): white space becomes one blank, other control characters go; a note is kept as written."""
    (tmp_path / "c.csv").write_text('partner,name,role,email,note\n"Ev\x1b[31mil\x07 GmbH","Jana\n\tWeber",'
                                    '"CEO\x85Sales",jana@evil.example\x00,"line 1\n\tline 2\x1b]0;x\x07"\n',
                                    encoding="utf-8")
    result = koop("import", str(tmp_path / "c.csv"))
    assert result.returncode == 0, result.stderr
    partner = _partner(workspace, "ev-31mil-gmbh")
    assert partner["name"] == "Ev[31mil GmbH"
    assert partner["contacts"] == [{"id": "jana", "name": "Jana Weber", "role": "CEO Sales",
                                    "email": "jana@evil.example", "note": "line 1\n\tline 2\x1b]0;x\x07"}]
