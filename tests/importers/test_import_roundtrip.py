"""koop -> vCard -> koop, merging into hand-written files, and the auto-commit of an import."""

from __future__ import annotations

import subprocess
from pathlib import Path

from koop_tui.canonical import dumps_partner
from koop_tui.model import Birthday, Contact, Partner
from koop_tui.settings import default_settings

SAMPLES = Path(__file__).parent / "samples"


def _partners() -> list[Partner]:
    return [
        Partner(slug="muster-gmbh", name="Muster GmbH", website="https://muster.example", contacts=[
            Contact(id="jana", name="Dr. Jana Weber", role="CEO, founder; board", email="jana@muster.example",
                    phone="+49 30 1234567", birthday=Birthday(2, 29), note="Line one\nLine two: \"quoted\" \\ " + "x" * 90),
            Contact(id="tom", name="Tom Becker", phone="+49 170 1", birthday=Birthday(12, 5, 1980)),
        ]),
        Partner(slug="nord-design", name="Nord Design", note="Print shop in Hamburg"),
        Partner(slug="lena-schaefer", name="Lena Schäfer", contacts=[
            Contact(id="lena", name="Lena Schäfer", role="Fotografin", email="lena@schaefer.example")]),
        Partner(slug="cafe-ole", name="Café Olé", contacts=[Contact(id="ole-2", name="Ole Hansen")]),
    ]


def test_round_trip_koop_vcard_koop_gives_the_same_files(workspace, koop, snapshot, tmp_path):
    settings = default_settings()
    for partner in _partners():
        (workspace / "partners" / f"{partner.slug}.toml").write_text(dumps_partner(partner, settings), encoding="utf-8")
    out = tmp_path / "all.vcf"
    assert koop("export", "--vcard", "--out", str(out)).returncode == 0
    empty = tmp_path / "empty"
    (empty / "partners").mkdir(parents=True)
    (empty / "koop.toml").write_bytes((workspace / "koop.toml").read_bytes())
    result = koop("import", str(out), root=empty)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2] == "4 partners and 4 contacts created, 0 merged, 0 unchanged, 0 skipped"
    # the same files, but waiting to be sorted since the import day (stage and dates stay in koop, not in a vCard)
    assert {rel: data.replace(b'stage = "imported"\nimported = 2026-11-20\n', b"")
            for rel, data in snapshot(empty).items()} == snapshot(workspace)
    assert all(b'stage = "imported"\nimported = 2026-11-20\n' in data
               for rel, data in snapshot(empty).items() if rel.startswith("partners/"))
    again = tmp_path / "again.vcf"
    assert koop("export", "--vcard", "--out", str(again), root=empty).returncode == 0
    assert again.read_bytes() == out.read_bytes()
    assert koop("check", root=empty).returncode == 0


def test_merge_into_a_hand_written_file_keeps_its_style(workspace, koop):
    path = workspace / "partners" / "muster.toml"
    original = (
        '# Muster, our oldest partner\r\nname = "Muster GmbH"\r\nslug = "muster"\r\nstage = "active"\r\n\r\n'
        '[[contacts]]\r\nid = "jana"\r\nname = "Jana Weber"\r\nrole = "CEO"   # since 2024\r\n'
        'email = "Jana.Weber@muster.example"\r\n'
    )
    path.write_bytes(original.encode())
    result = koop("import", str(SAMPLES / "google-old.csv"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1:5] == [
        "merge   partners/muster.toml: Muster GmbH: website",
        "merge   partners/muster.toml: Jana Weber: phone, birthday, note",
        "kept    partners/muster.toml: Jana Weber: existing role 'CEO' (file: 'Geschäftsführerin')",
        "create  partners/krueger-seo-ug.toml: Krüger SEO UG (haftungsbeschränkt) (imported): Sören Krüger",
    ]
    assert path.read_bytes().decode() == original.replace(
        'stage = "active"\r\n', 'stage = "active"\r\nwebsite = "https://muster.example"\r\n'
    ) + 'phone = "+49 170 1234567"\r\nbirthday = "1980-02-29"\r\nnote = "Met at DMEXCO 2020, likes espresso."\r\n'
    check = koop("check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_import_is_one_commit_of_exactly_the_written_files(workspace, koop):
    git = ["git", "-C", str(workspace)]
    subprocess.run([*git, "init", "-q"], check=True)
    (workspace / "notes.txt").write_text("not koop's business\n")
    subprocess.run([*git, "add", "koop.toml"], check=True)
    subprocess.run([*git, "commit", "-qm", "init"], check=True)
    assert koop("import", str(SAMPLES / "apple-3.0.vcf")).returncode == 0
    log = subprocess.run([*git, "log", "--format=%s", "--name-only", "-1"], capture_output=True, text=True).stdout
    assert log.split("\n") == [
        "Import 3 contacts from apple-3.0.vcf", "", "partners/lena-schaefer.toml", "partners/muster-gmbh.toml",
        "partners/nord-design.toml", "",
    ]
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True).stdout
    assert status == "?? notes.txt\n"
