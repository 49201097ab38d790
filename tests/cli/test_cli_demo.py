"""The demo workspace: deterministic, clean for `koop check`, and full of the situations koop handles."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date, timedelta

from koop_tui import i18n
from koop_tui.demo import generate
from koop_tui.store import load_workspace

TODAY = date(2026, 11, 20)


def _digest(root) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.toml")):
        h.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def test_demo_is_deterministic_per_seed_and_today(tmp_path):
    generate(tmp_path / "a", TODAY)
    generate(tmp_path / "b", TODAY)
    generate(tmp_path / "c", TODAY, seed=8)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b") != _digest(tmp_path / "c")


def test_demo_has_every_situation(tmp_path):
    generate(tmp_path, TODAY)
    ws = load_workspace(tmp_path)
    assert ws.problems == [] and len(ws.partners) >= 40
    partners = list(ws.partners.values())
    assert {p.stage for p in partners} == {"prospect", "vetting", "active", "dormant", "ended"}
    assert all(2 <= len(p.contacts) <= 4 for p in partners if p.slug != "fotostudio-lichtblick")
    contacts = [c for p in partners for c in p.contacts]
    assert any(c.left and c.successor for c in contacts)
    assert any(len(p.contacts) == 1 and p.contacts[0].left for p in partners)
    birthdays = [c.birthday for c in contacts if c.birthday]
    assert any(b.year is None for b in birthdays) and any(b.year for b in birthdays)
    assert any((b.month, b.day) == (2, 29) for b in birthdays)
    touches = [t for p in partners for t in p.touchpoints]
    assert {"gave", "received", "mutual"} <= {t.direction for t in touches}
    assert min(t.date for t in touches) <= TODAY - timedelta(days=300) and max(t.date for t in touches) <= TODAY
    assert any(not p.touchpoints for p in partners)
    open_followups = [f for p in partners for f in p.followups if f.done is None]
    assert any(f.due < TODAY for f in open_followups) and any(f.due == TODAY for f in open_followups)
    assert any(p.stage in ("prospect", "vetting") and p.vetting.contribution and p.vetting.missing() for p in partners)
    projects = [pr for p in partners for pr in p.projects]
    assert any(pr.end is None for pr in projects) and any(pr.end == TODAY - timedelta(days=14) for pr in projects)
    assert any(a.review == TODAY + timedelta(days=21) for p in partners for a in p.agreements)
    assert {p.owner for p in partners} == {"anna", "ben"} and ws.settings.default_owner == "anna"
    assert ws.settings.fairs and all(p.skills for p in partners)
    soon = [p for p in partners if p.since and 0 < (p.since.replace(year=TODAY.year) - TODAY).days <= 30]
    assert soon


def test_demo_command_makes_a_clean_git_repo(koop, tmp_path):
    result = koop("demo", "d", "--no-open", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == f"Demo workspace in {tmp_path / 'd'}\n"
    root = tmp_path / "d"
    git = lambda *a: subprocess.run(["git", *a], cwd=root, capture_output=True, text=True).stdout  # noqa: E731
    assert git("log", "--format=%s") == "Demo workspace\n" and git("status", "--porcelain") == ""
    assert koop("check", cwd=root).stdout == "ok: 45 partners, no problems\n"
    again = koop("demo", "d", "--no-open", cwd=tmp_path)
    assert again.returncode == 1 and "not empty" in again.stderr


# The English demo's bytes at TODAY, seed 7: the English tests and pictures are made from it. Change it only with a
# change of the file format or of the demo itself, never with a translation.
ENGLISH_DEMO = "68fa6ff2a59f80e0a79758fb2277653714578df5f76ac667d21f43f22f91b485"


def _texts(root) -> dict[str, list[str]]:
    ws = load_workspace(root)
    pixelwerk, klangfarbe = ws.partners["pixelwerk-berlin"], ws.partners["klangfarbe-tonstudio"]
    return {"followups": [f.text for f in pixelwerk.followups], "roles": [c.role for c in pixelwerk.contacts],
            "warm-up": [t.note for t in klangfarbe.touchpoints], "project": [pr.name for pr in pixelwerk.projects],
            "campaign": [c.name for c in ws.settings.campaigns]}


def test_the_english_demo_is_unchanged(tmp_path):
    generate(tmp_path, TODAY)
    assert _digest(tmp_path) == ENGLISH_DEMO
    texts = _texts(tmp_path)
    assert texts["followups"] == ["Send offer", "Send portfolio update"]
    assert texts["warm-up"] == ["Commented on their LinkedIn post.", "Shared their case study with a mention.",
                                "They recommended us to a client."]
    assert texts["project"] == ["Relaunch shop"] and texts["campaign"] == ["Christmas cards"]


def test_the_german_demo_writes_its_texts_in_german_and_its_file_values_as_they_are(tmp_path):
    i18n.use("de")
    generate(tmp_path / "a", TODAY)
    generate(tmp_path / "b", TODAY)
    i18n.use("en")
    generate(tmp_path / "en", TODAY)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b") != ENGLISH_DEMO
    assert _digest(tmp_path / "en") == ENGLISH_DEMO
    texts = _texts(tmp_path / "a")
    assert texts["followups"] == ["Angebot schicken", "Aktuelles Portfolio schicken"]
    assert texts["roles"] == ["Geschäftsführung", "Geschäftsführung", "Partner/in"]
    assert texts["warm-up"] == ["Ihren LinkedIn-Beitrag kommentiert.", "Ihre Fallstudie mit Erwähnung geteilt.",
                                "Sie haben uns einem Kunden empfohlen."]
    assert texts["project"] == ["Shop-Relaunch"] and texts["campaign"] == ["Weihnachtskarten"]
    german, english = load_workspace(tmp_path / "a"), load_workspace(tmp_path / "en")
    assert german.problems == []
    for slug, partner in english.partners.items():  # the file format's values: stages, kinds, ids, dates, keys
        other = german.partners[slug]
        assert (other.stage, other.tags, other.skills, other.owner) == (partner.stage, partner.tags, partner.skills,
                                                                         partner.owner)
        assert [(t.id, t.date, t.kind, t.direction) for t in other.touchpoints] == \
            [(t.id, t.date, t.kind, t.direction) for t in partner.touchpoints]
        assert [(f.id, f.due, f.done) for f in other.followups] == [(f.id, f.due, f.done) for f in partner.followups]
        assert [c.id for c in other.contacts] == [c.id for c in partner.contacts]


def test_the_german_demo_command_passes_koop_check(koop, tmp_path):
    result = koop("demo", "d", "--no-open", cwd=tmp_path, env={"LANGUAGE": "de"})
    assert result.returncode == 0, result.stderr
    assert koop("check", cwd=tmp_path / "d", env={"LANGUAGE": "de"}).stdout == "ok: 45 Partner, keine Probleme\n"
    settings = (tmp_path / "d" / "koop.toml").read_text(encoding="utf-8")
    assert 'language = "de"  ' in settings and '# language' not in settings  # the team's feed speaks German
    feed = koop("export", "-o", "-", cwd=tmp_path / "d").stdout  # run in English: the feed is the workspace's
    assert "SUMMARY:Weihnachtskarten: Webmanufaktur Lüneburg — fällig" in feed.splitlines()
    notes = (tmp_path / "d" / "partners" / "pixelwerk-berlin.toml").read_text(encoding="utf-8")
    assert 'text = "Angebot schicken"' in notes and "Wöchentlicher Jour fixe: Stand und nächste Schritte." in notes
