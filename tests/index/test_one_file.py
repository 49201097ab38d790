"""A change to one partner reads and writes one file, and resolves PARTNER[/CONTACT] as a whole load would."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from koop_tui import index
from koop_tui.errors import KoopError
from koop_tui.index import chunks
from koop_tui.store import load_workspace, loader
from koop_tui.store.lookup import find_target
from tests.conftest import koop_here

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))
from generate import generate  # noqa: E402


@pytest.fixture
def root(tmp_path) -> Path:
    ws = tmp_path / "ws"
    generate(ws, partners=12, touchpoints=120, seed=6)
    (ws / "partners" / "broken-one.toml").write_text('name = "Broken One\n')
    (ws / "partners" / "slash.toml").write_text('name = "Weber/Ida Gallery"\nslug = "slash"\n')
    (ws / "partners" / "twice.toml").write_text('name = "Twice"\nslug = "twice"\n\n[[contacts]]\nid = "ida"\n'
                                                'name = "Ida Twice"\nemail = "ida@twice.example"\n\n[[contacts]]\n'
                                                'id = "ida2"\nname = "Ida Other"\nemails = ["IDA@twice.example"]\n')
    return ws


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    seen: list[str] = []
    for module, name in ((loader, "parse_partner_bytes"), (chunks, "parse_partner")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda data, rel, s, real=real: seen.append(rel) or real(data, rel, s))
    return seen


def answer(fn, *args):
    try:
        partner, contact = fn(*args)
    except KoopError as exc:
        return "error", str(exc), exc.hint
    return partner.slug, contact.id if contact else None


def test_every_way_of_naming_resolves_as_a_whole_load_does(root):
    ws = load_workspace(root)
    texts = ["slash", "Weber/Ida", "weber/ida gallery", "broken", "nobody", "", "  ",
             *[p.slug for p in list(ws.partners.values())[:3]],
             "ida@twice.example", "nobody@nowhere.example", "not@an-address", "a b@c.example"]
    emails = [c.email for p in ws.partners.values() for c in p.contacts if c.email][:4]
    assert emails
    texts += [*emails, emails[0].upper(), f" {emails[1]} "]
    for p in list(ws.partners.values())[:6]:
        texts += [p.name, p.name.upper(), p.name[:3], p.name.split()[0], f"{p.slug}/{p.contacts[0].id}" if p.contacts else p.slug,
                  f"{p.name}/{p.contacts[0].name.split()[0]}" if p.contacts else p.name, f"{p.slug}/nobody"]
    for text in texts:
        one = answer(lambda t: index.open_target(root, t)[1:], text)
        assert one == answer(find_target, ws, text), text


def test_logging_by_slug_reads_one_file_and_by_name_only_what_changed(root, parsed, monkeypatch, capsys):
    slug = sorted(p.stem for p in (root / "partners").glob("partner-*.toml"))[3]
    code, out, err = koop_here(monkeypatch, capsys, ("log", slug, "call", "--note", "pinged"), root, "2026-11-23")
    assert code == 0, err
    assert parsed == [f"partners/{slug}.toml"]
    name = load_workspace(root).partners[slug].name
    koop_here(monkeypatch, capsys, ("search", "x"), root, "2026-11-23")  # the index is built
    parsed.clear()
    code, out, err = koop_here(monkeypatch, capsys, ("log", name, "mail"), root, "2026-11-23")
    assert code == 0, err
    # the file to change (the index rows are current), then, after the output, its rows brought up to date
    assert parsed == [f"partners/{slug}.toml"] * 2
    parsed.clear()
    code, out, err = koop_here(monkeypatch, capsys, ("search", "pinged", "--json"), root, "2026-11-23")
    assert parsed == []  # nothing changed since
    assert f'"partner": "{slug}"' in out and '"snippet": "[pinged]"' in out


def test_koop_search_in_a_process_of_its_own(root):
    import json
    import subprocess

    ws = load_workspace(root)
    partner = next(p for p in ws.partners.values() if p.contacts)
    contact = partner.contacts[0]
    run = subprocess.run([sys.executable, "-m", "koop_tui", "-w", str(root), "search", contact.name, "--json"],
                         capture_output=True, text=True, check=True)
    found = json.loads(run.stdout)
    assert {"partner": partner.slug, "partner_name": partner.name, "record": contact.id, "field": "contact",
            "snippet": " ".join(f"[{w}]" for w in contact.name.split()) + (f", {contact.role}" if contact.role else ""),
            "text": contact.name + (f", {contact.role}" if contact.role else ""),
            "marks": [[contact.name.index(w), contact.name.index(w) + len(w)] for w in contact.name.split()]} in found
    plain = subprocess.run([sys.executable, "-m", "koop_tui", "-w", str(root), "search", "zzzz"],
                           capture_output=True, text=True, check=True)
    assert plain.stdout == "Nothing matches 'zzzz'.\n"
    # "nothing matches" is not known of a file that could not be read: said on stderr, with --json too
    unread = ("koop: warning: 1 partner file could not be read and was not searched (partners/broken-one.toml); "
              "run `koop check`\n")
    assert plain.stderr == unread and run.stderr == unread
    (root / "partners" / "broken-one.toml").unlink()
    fixed = subprocess.run([sys.executable, "-m", "koop_tui", "-w", str(root), "search", "zzzz"],
                           capture_output=True, text=True, check=True)
    assert fixed.stderr == ""
    empty = subprocess.run([sys.executable, "-m", "koop_tui", "-w", str(root), "search", " "],
                           capture_output=True, text=True)
    assert empty.returncode == 2 and "give something to look for" in empty.stderr


def test_an_email_address_names_the_contact_who_has_it(root):
    from koop_tui.store.lookup import Ambiguous

    ws = load_workspace(root)
    having = [(p, c) for p in ws.partners.values() for c in p.contacts for _ in c.addresses()]
    partner, contact = next((p, c) for p, c in having if c.email and
                            sum(c.email.casefold() in map(str.casefold, o.addresses()) for __, o in having) == 1)
    for text in (contact.email, contact.email.upper(), f"  {contact.email} "):
        __, found, person = index.open_target(root, text)
        assert (found.slug, person.id) == (partner.slug, contact.id)
    with pytest.raises(Ambiguous) as twice:
        index.open_target(root, "ida@twice.example")
    assert "twice/ida, twice/ida2" in str(twice.value)
    with pytest.raises(KoopError) as nobody:
        index.open_target(root, "nobody@nowhere.example")
    assert str(nobody.value) == ("no contact has the e-mail address 'nobody@nowhere.example'\n"
                                 "  hint: see `koop search nobody@nowhere.example`; 1 partner file could not be "
                                 "read, it may be the one (partners/broken-one.toml): run `koop check`")


def test_a_change_refreshes_the_rows_of_its_file_alone(root, parsed, monkeypatch, capsys):
    """The writer after a one-file change parses that file only; a file changed by hand meanwhile is found by
    the next sync, and a changed koop.toml makes the refresh a whole sync."""
    koop_here(monkeypatch, capsys, ("search", "x"), root, "2026-11-23")  # the index is built
    slugs = sorted(p.stem for p in (root / "partners").glob("partner-*.toml"))
    by_hand = root / "partners" / f"{slugs[5]}.toml"
    by_hand.write_text(by_hand.read_text().replace("\nname = ", '\nnote = "handmade"\nname = ', 1))
    parsed.clear()
    code, out, err = koop_here(monkeypatch, capsys, ("log", slugs[3], "call", "--note", "pinged"), root, "2026-11-23")
    assert code == 0, err
    assert parsed == [f"partners/{slugs[3]}.toml"] * 2  # the change, then the refresh of its rows
    parsed.clear()
    code, out, err = koop_here(monkeypatch, capsys, ("search", "handmade", "--json"), root, "2026-11-23")
    assert parsed == [f"partners/{slugs[5]}.toml"] and f'"partner": "{slugs[5]}"' in out
    settings = root / "koop.toml"
    settings.write_text('default_owner = "zoe"\n' + settings.read_text())  # how files read: all rows stale
    parsed.clear()
    code, out, err = koop_here(monkeypatch, capsys, ("log", slugs[3], "mail"), root, "2026-11-23")
    assert code == 0, err
    files = len(list((root / "partners").glob("*.toml")))
    assert len(parsed) == 1 + files and parsed.count(f"partners/{slugs[3]}.toml") == 2


def test_changes_made_outside_a_command_refresh_their_rows_each_time(root, parsed, monkeypatch, tmp_path):
    """A store of open_target used without the command's queue (save_later runs the refresh at once)."""
    from datetime import date

    from koop_tui.index.db import Index
    from koop_tui.model import Touchpoint

    monkeypatch.setenv("KOOP_CACHE_DIR", str(tmp_path / "cache"))
    Index(root).sync()
    slugs = sorted(p.stem for p in (root / "partners").glob("partner-*.toml"))
    store, partner, __ = index.open_target(root, slugs[2])
    for note in ("firstnote", "secondnote"):
        parsed.clear()
        store.log_touch(partner.slug, Touchpoint("", date(2026, 11, 20), "call", "", [], note, "anna"))
        assert parsed == [f"partners/{slugs[2]}.toml"]  # its rows refreshed (the verify parses apart)
        assert [h.slug for h in index.search(root, note)] == [slugs[2]]
