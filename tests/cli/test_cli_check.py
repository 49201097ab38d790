"""`koop check`: every problem sorted as path:line:col, a summary line, exit 1 on errors."""

from __future__ import annotations

import shutil
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "config" / "koop.toml"


def _workspace(tmp_path: Path) -> Path:
    (tmp_path / "partners").mkdir()
    shutil.copy(CONFIG, tmp_path / "koop.toml")
    (tmp_path / "partners" / "ok.toml").write_text('name = "Ok"\nslug = "ok"\n')
    return tmp_path


def test_check_clean_workspace(koop, tmp_path):
    result = koop("check", cwd=_workspace(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok: 1 partner, no problems\n", "")


def test_check_lists_problems_sorted_and_exits_1(koop, tmp_path):
    root = _workspace(tmp_path)
    (root / "partners" / "zeta.toml").write_text('name = "Z"\nslug = "zeta"\nstage = "old"\n')
    (root / "partners" / "alpha.toml").write_bytes(b"")
    (root / "partners" / "Beta.toml").write_text("x")
    result = koop("check", cwd=root / "partners")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "partners/Beta.toml: warning: not a partner file name, ignored "
        "(names are lowercase letters, digits and -, ending in .toml)",
        "partners/alpha.toml:1: empty file (restore it from git, or delete it)",
        "partners/zeta.toml:3:1: unknown stage 'old' (known: imported, prospect, vetting, active, dormant, ended)",
        "2 errors, 1 warning in 3 files; 2 partners loaded",
    ]


def test_check_outside_a_workspace_is_a_short_error(koop, tmp_path):
    result = koop("check", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("koop: no koop workspace here") and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 2


def _touches(*ids: str) -> str:
    return "".join(f'\n[[touchpoints]]\nid = "{tid}"\ndate = 2026-11-0{n + 1}\nkind = "call"\n'
                   for n, tid in enumerate(ids))


def test_one_partner_in_two_files_is_a_warning_a_chance_shared_id_is_not(koop, tmp_path):
    """Two files sharing records are one partner (renamed on one clone while edited on another, or copied);
    record ids are 6 random characters, so at team scale two files share one by chance: that says nothing."""
    root = _workspace(tmp_path)
    partners = root / "partners"
    (partners / "acme.toml").write_text('name = "Acme"\nslug = "acme"\n' + _touches("aaa111", "aaa222", "aaa333"))
    (partners / "acme-gmbh.toml").write_text('name = "Acme GmbH"\nslug = "acme-gmbh"\n'
                                             + _touches("aaa111", "aaa222", "bbb444"))
    (partners / "nord.toml").write_text('name = "Nord"\nslug = "nord"\n' + _touches("aaa333", "ccc555"))
    (partners / "solo.toml").write_text('name = "Solo"\nslug = "solo"\n' + _touches("ccc555"))
    result = koop("check", cwd=root)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "partners/acme-gmbh.toml: warning: 2 records also in partners/acme.toml: one partner in two files? "
        "(merge the two files by hand and delete one)",
        "partners/solo.toml: warning: 1 record also in partners/nord.toml: one partner in two files? "
        "(merge the two files by hand and delete one)",
        "0 errors, 2 warnings in 2 files; 5 partners loaded",
    ]


def test_a_line_break_written_into_a_name_is_a_warning_and_shown_on_one_line(koop, tmp_path):
    """A name with a line break, written by hand, printed `koop list`'s row over two lines and `koop check` said
    nothing (typed, it is refused: test_cli_control_characters.py)."""
    root = _workspace(tmp_path)
    (root / "partners" / "two.toml").write_text(
        'name = "Two\\nLines"\nslug = "two"\n\n[[contacts]]\nid = "bob"\nname = "Bob\\tBauer"\n')
    check = koop("check", cwd=root)
    assert (check.returncode, check.stdout.splitlines()) == (0, [
        "partners/two.toml:1:1: warning: the partner's name holds a line break or another control character "
        "(write it on one line)",
        "partners/two.toml:6:1: warning: contact 'bob': the name holds a line break or another control character "
        "(write it on one line)",
        "0 errors, 2 warnings in 1 file; 2 partners loaded",
    ])
    listed = koop("list", cwd=root).stdout.splitlines()
    assert len(listed) == 2 and "  Two Lines  " in listed[1]
    shown = koop("show", "two", cwd=root).stdout
    assert shown.startswith("Two Lines (partners/two.toml)\n") and "  bob  Bob Bauer  " in shown


def test_an_email_written_by_hand_that_is_no_address_is_a_warning_on_its_line(koop, tmp_path):
    """`email = "bo at berg"` written into the file was read as it is and nothing said so (typed, it is refused:
    test_cli_set_sides.py); blanks around an address are no problem, as when typed."""
    root = _workspace(tmp_path)
    (root / "partners" / "berg.toml").write_text(
        'name = "Berg"\nslug = "berg"\n\n[[contacts]]\nid = "bo"\nname = "Bo"\nemail = "bo at berg"\n\n'
        '[[contacts]]\nid = "ida"\nname = "Ida"\nemail = " ida@berg.example "\n\n'
        '[[contacts]]\nid = "ole"\nname = "Ole"\nemail = "ole@berg"\n')
    check = koop("check", cwd=root)
    assert (check.returncode, check.stdout.splitlines()) == (0, [
        "partners/berg.toml:7:1: warning: contact 'bo': email holds 'bo at berg', which is not an e-mail address "
        "(write name@example.com)",
        "partners/berg.toml:17:1: warning: contact 'ole': email holds 'ole@berg', which is not an e-mail address "
        "(write name@example.com)",
        "0 errors, 2 warnings in 1 file; 2 partners loaded",
    ])
