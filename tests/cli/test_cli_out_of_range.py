"""Arguments koop cannot use (out of range, not UTF-8, unknown filters, empty words): usage errors, never a crash."""

from __future__ import annotations

import pytest

CAFE = b"Caf\xe9".decode("utf-8", "surrogateescape")  # what Python makes of a Latin-1 argument
FF = b"\xff".decode("utf-8", "surrogateescape")


@pytest.fixture
def root(koop_inproc, tmp_path):
    root = tmp_path / "w"
    koop_inproc("init", str(root), cwd=tmp_path)
    koop_inproc("add", "partner", "Acme", cwd=root)
    return root


@pytest.mark.parametrize(("args", "message"), [
    (("snooze", "acme", "--until", "+9999y"), "koop: --until: date out of range: '+9999y' (years 1 to 9999)"),
    (("log", "acme", "call", "--date", "-9999y"), "koop: --date: date out of range: '-9999y'"),
    (("add", "followup", "acme", "t", "--due", "+8000y"), "koop: --due: date out of range: '+8000y'"),
    (("due", "--today", "+9999y"), "koop: date out of range: '+9999y'"),
    (("due", "--today", "9999-12-31"), "koop: today must be between 1000-01-01 and 9000-12-31, got 9999-12-31"),
    (("due", "--all", "--within", "2914500"), "koop: --within must be between 0 and 3660 days, got 2914500"),
    (("due", "--within", "-1"), "koop: --within must be between 0 and 3660 days, got -1"),
    (("export", "-o", "-", "--within", "99999999"), "koop: --within must be between 0 and 3660 days, got 99999999"),
    (("report", "--days", "-5"), "koop: --days must be between 1 and 3660 days, got -5"),
    (("add", "followup", "acme", " ", "--due", "+1d"), "koop: a follow-up needs a text"),
    (("add", "partner", CAFE), "koop: not valid UTF-8 in name: 'Caf\\xe9'\n  hint: koop reads arguments as UTF-8"),
    (("log", "acme", "call", "--note", FF), "koop: not valid UTF-8 in note: '\\xff'"),
    (("set", "acme", f"note={FF}"), "koop: not valid UTF-8 in pairs: 'note=\\xff'"),
])
def test_refused_as_usage_errors_and_nothing_written(koop_inproc, root, args, message):
    before = {p.name: p.read_bytes() for p in (root / "partners").iterdir()}
    result = koop_inproc(*args, cwd=root)
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    assert result.stderr.startswith(message) and "internal error" not in result.stderr
    assert {p.name: p.read_bytes() for p in (root / "partners").iterdir()} == before


def test_the_longest_look_ahead_works(koop_inproc, root):
    assert koop_inproc("due", "--all", "--within", "3660", cwd=root).returncode == 0
    assert koop_inproc("due", "--today", "9000-12-31", "--within", "3660", cwd=root).returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    (("export", "-o", "-", "--include", "bogus"), "argument --include: invalid choice: 'bogus' (choose from 'contact', "),
    (("export", "-o", "-", "--exclude", "birthdays"), "argument --exclude: invalid choice: 'birthdays' (choose from "),
    (("serve", "--include", "bogus"), "argument --include: invalid choice: 'bogus'"),
    (("due", "--stage", "activ"), ("argument --stage: invalid choice: 'activ' (choose from 'imported', 'prospect', 'vetting', "
                                   "'active', 'dormant', 'ended')")),
])
def test_filters_with_typos_are_refused(koop_inproc, root, args, message):
    result = koop_inproc(*args, cwd=root)
    assert (result.returncode, result.stdout) == (2, "")
    assert f"koop: error: {message}" in result.stderr


def test_empty_words_are_refused(koop_inproc, root, monkeypatch):
    import koop_tui.serve

    async def never_listen(*args):  # a refusal must come before the server starts
        return None

    monkeypatch.setattr(koop_tui.serve, "serve", never_listen)
    for args, message in ((("who", ""), "koop: name a skill to look for"),
                          (("who", " ", "  "), "koop: name a skill to look for"),
                          (("serve", "--host", ""), "koop: --host must name an address")):
        result = koop_inproc(*args, cwd=root)
        assert (result.returncode, result.stdout) == (2, ""), args
        assert result.stderr.startswith(message), args


def test_empty_and_repeated_tags_are_dropped(koop_inproc, root):
    added = koop_inproc("add", "partner", "Beta", "--tag=", "--tag", "seo", "--tag", " print ", "--tag", "seo",
                        "--skill", "", "--skill", "layout", "--skill", "layout", cwd=root)
    assert added.returncode == 0, added.stderr
    text = (root / "partners" / "beta.toml").read_text()
    assert 'tags = ["seo", "print"]\n' in text and 'skills = ["layout"]\n' in text
    assert koop_inproc("set", "beta", "tags=a,,b, a", cwd=root).stdout == "Set tags=a,b for Beta\n"
    assert 'tags = ["a", "b"]\n' in (root / "partners" / "beta.toml").read_text()


def test_control_characters_never_reach_the_terminal(koop_inproc, root):
    """A name or note holding ESC sequences, written into the file by hand (typed, it is refused:
    test_cli_control_characters.py), is shown with U+FFFD."""
    (root / "partners/esc-31mred.toml").write_text('name = "Esc\\u001b[31mRed\\u0007"\nslug = "esc-31mred"\n')
    logged = koop_inproc("log", "esc", "call", cwd=root)
    assert logged.stdout.startswith("Logged call (mutual) with Esc\ufffd[31mRed\ufffd on ")
    missing = koop_inproc("log", "zz\x1b]0;title\x07", "call", cwd=root)
    assert missing.stderr == "koop: no partner matches 'zz\ufffd]0;title\ufffd'\n  hint: `koop list` shows every partner\n"
    (root / "partners/evil.toml").write_text('name = "Evil \\u202eHbmG emcA"\nslug = "evil"\n')
    listed = koop_inproc("list", cwd=root).stdout  # a right-to-left override would show "Acme GmbH" reversed
    assert "Evil \ufffdHbmG emcA" in listed and "\u202e" not in listed


def test_names_without_latin_letters_take_a_slug_or_an_id(koop_inproc, root):
    refused = koop_inproc("add", "partner", "日本商事", cwd=root)
    assert refused.returncode == 2 and refused.stderr == (
        "koop: cannot make a file name from '日本商事': it has no Latin letters or digits\n"
        "  hint: give one yourself, e.g. --slug nihon-shoji (a-z, 0-9 and -)\n")
    assert koop_inproc("add", "partner", "日本商事", "--slug", "nihon-shoji", cwd=root).returncode == 0
    assert 'name = "日本商事"' in (root / "partners/nihon-shoji.toml").read_text()
    again = koop_inproc("add", "partner", "Other", "--slug", "nihon-shoji", cwd=root)
    assert (again.returncode, again.stderr.splitlines()[0]) == (1, "koop: partners/nihon-shoji.toml exists already")
    bad = koop_inproc("add", "partner", "Other", "--slug", "Bad Slug", cwd=root)
    assert (bad.returncode, bad.stderr.splitlines()[0]) == (2, "koop: --slug: 'Bad Slug' is not usable as a file name")
    no_id = koop_inproc("add", "contact", "nihon", "山田 太郎", cwd=root)
    assert no_id.returncode == 2 and "  hint: give one yourself, e.g. --id taro" in no_id.stderr
    assert koop_inproc("add", "contact", "日本", "山田 太郎", "--id", "taro", cwd=root).returncode == 0
    assert koop_inproc("log", "日本商事/taro", "call", cwd=root).returncode == 0


def test_no_workspace_is_made_inside_another(koop_inproc, root):
    """`koop init partners` would have put a koop.toml among the partner files."""
    inner = koop_inproc("init", str(root / "partners"), cwd=root)
    assert inner.returncode == 1 and inner.stderr.startswith(f"koop: {root / 'partners'} is inside the workspace {root}")
    assert sorted(p.name for p in (root / "partners").iterdir()) == ["acme.toml"]
    again = koop_inproc("init", str(root), cwd=root)  # the workspace itself: completed, koop.toml kept
    assert again.returncode == 0 and "already set up" in again.stdout
