"""`koop import` never claims what it did not do: on a full disk no summary, exit 1, no temp file left; a file
with nothing importable in it is an error. Real processes (the file size limit stands in for a full disk)."""

from __future__ import annotations

from tests.robustness.conftest import assert_short_error, snapshot
from tests.robustness.test_write_faults import _limit_file_size, temp_files

PEOPLE = "partner,name,email\n" + "".join(f"Firma {i},Person {i},p{i}@example.test\n" for i in range(1, 51))


def test_import_on_a_full_disk_prints_no_summary_and_leaves_no_temp_file(ws, koop_process, tmp_path):
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    before = snapshot(ws)
    ran = koop_process("import", str(tmp_path / "people.csv"), "--quiet", cwd=ws,
                       env={"PYTHONDONTWRITEBYTECODE": "1", "KOOP_CACHE_DIR": str(tmp_path / "cache")},
                       preexec_fn=_limit_file_size(40))
    assert ran.code == 1, (ran.out, ran.err)
    assert "created" not in ran.out and "wrote" not in ran.out, ran.out
    assert "Traceback" not in ran.err and "File too large" in ran.err, ran.err
    assert temp_files(ws) == []
    assert snapshot(ws) == before  # no partner file was created


GARBAGE = {
    "binary.vcf": bytes(range(256)) * 4,
    "text.vcf": b"just some notes\nnothing like a card\n",
    "empty.vcf": b"",
    "header-only.csv": b"partner,name,email\n",
}


def test_a_file_with_nothing_importable_is_an_error(ws, koop_process, tmp_path):
    before = snapshot(ws)
    for name, data in GARBAGE.items():
        (tmp_path / name).write_bytes(data)
        ran = koop_process("import", str(tmp_path / name), cwd=ws)
        what = "no vCard in it (no BEGIN:VCARD line)" if name.endswith(".vcf") else "no records in it"
        assert_short_error(ran, 1, f"koop: {name}: {what}", "nothing was imported")
        assert ran.out == ""
    assert snapshot(ws) == before
