"""Never invent: a partner whose file has an error yields one problem item and nothing computed from it.

Each case breaks one value of a partner that otherwise has due items, and checks the real `koop` process:
`due` (stderr warning, JSON problem item), `export` (one calendar event), `report` and `who` (not counted), and
that contradicting [ratios] are errors of `koop check` and never used.
"""

from __future__ import annotations

import json

import pytest

ACME = """name = "Acme"
slug = "acme"
stage = "active"
owner = "anna"
tags = ["seo"]
since = 2025-01-01
skills = ["seo"]

[[contacts]]
id = "jana"
name = "Jana Weber"

[[touchpoints]]
id = "t1a2b3"
date = 2026-11-01
kind = "call"
contacts = ["jana"]
"""

BETA = """name = "Beta Print"
slug = "beta-print"
owner = "anna"
since = 2025-01-01
skills = ["print"]
"""

# name -> (file, the broken text, line of the problem); every one of them is read with a default by the model
BROKEN = {
    "unknown stage": ("beta-print", BETA.replace('owner = "anna"', 'stage = "activ"\nowner = "anna"'), 3),
    "impossible touchpoint date": ("acme", ACME.replace("date = 2026-11-01", 'date = "2026-11-31"'), 15),
    "impossible since": ("acme", ACME.replace("since = 2025-01-01", 'since = "2025-02-30"'), 6),
    "impossible date literal": ("acme", ACME.replace("date = 2026-11-01", "date = 2026-11-31"), 15),
    "wrong type": ("acme", ACME.replace('owner = "anna"', "owner = 7"), 4),
}
NAMES = {"acme": "Acme", "beta-print": "Beta Print"}


@pytest.fixture
def root(koop_inproc, tmp_path):
    root = tmp_path / "w"
    koop_inproc("init", str(root), cwd=tmp_path)
    (root / "partners" / "acme.toml").write_text(ACME, encoding="utf-8")
    (root / "partners" / "beta-print.toml").write_text(BETA, encoding="utf-8")
    return root


def due_json(koop, root) -> tuple[list[dict], str]:
    run = koop("due", "--all", "--json", cwd=root)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["items"], run.stderr


def test_a_sound_workspace_has_items_of_both_partners(koop, root):
    items, stderr = due_json(koop, root)
    assert stderr == ""
    assert {"vetting:beta-print", "contact:beta-print"} <= {i["key"] for i in items}
    assert not [i for i in items if i["kind"] == "problem"]


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_partner_with_an_error_yields_only_its_problem_item(koop, root, case):
    slug, text, line = BROKEN[case]
    path = root / "partners" / f"{slug}.toml"
    path.write_text(text, encoding="utf-8")
    items, stderr = due_json(koop, root)
    mine = [i for i in items if i["partner"] == slug]
    title = f"{NAMES[slug]}: 1 problem in partners/{slug}.toml:{line}"
    if case == "impossible date literal":  # a TOML syntax error: the file is not loaded, its name is unknown
        title = f"{slug}: 1 problem in partners/{slug}.toml:{line}"
    assert [(i["key"], i["kind"], i["title"], i["status"], i["due"]) for i in mine] == [
        (f"problem:{slug}", "problem", title, "due", "2026-11-20")]
    assert mine[0]["explanation"].endswith("nothing is computed from this partner until the file is fixed; "
                                          "to clear: fix the file (e) until koop check is clean")
    assert mine[0]["stage"] == "" and mine[0]["tags"] == []  # never the default that stood in
    assert items[0] == mine[0]  # problems come first
    assert stderr.splitlines() == [
        f"koop: warning: 1 partner file with errors, nothing computed from it ({title}); run `koop check`"]
    other = "acme" if slug == "beta-print" else "beta-print"
    assert [i for i in items if i["partner"] == other]  # the other partner is computed as before
    assert path.read_text(encoding="utf-8") == text  # nothing was written

    table = koop("due", "--all", cwd=root)
    assert table.returncode == 0 and title in table.stdout

    assert koop("export", "-o", "cal.ics", cwd=root).returncode == 0
    events = (root / "cal.ics").read_text(encoding="utf-8").replace("\r\n ", "").split("BEGIN:VEVENT")[1:]
    ours = [e for e in events if f"partners/{slug}.toml" in e]
    assert len(ours) == 1 and f"SUMMARY:{title}" in ours[0] and "CATEGORIES:problem" in ours[0]

    report = koop("report", "--json", cwd=root)
    assert report.returncode == 0
    doc = json.loads(report.stdout)
    assert doc["partner_files_with_errors"] == 1
    assert sum(doc["partners"].values()) == 1  # only the sound partner is counted

    who = koop("who", "seo", "print", "--json", cwd=root)
    assert slug not in {r["partner"] for r in json.loads(who.stdout)}


def test_the_problem_item_passes_stage_and_tag_filters_but_not_another_owner(koop, root):
    path = root / "partners" / "acme.toml"
    path.write_text(ACME.replace('stage = "active"', 'stage = "activ"'), encoding="utf-8")
    run = koop("due", "--json", "--stage", "dormant", "--tag", "nothing", cwd=root)
    assert [i["key"] for i in json.loads(run.stdout)["items"]] == ["problem:acme"]
    run = koop("due", "--json", "--owner", "ben", cwd=root)
    assert "problem:acme" not in {i["key"] for i in json.loads(run.stdout)["items"]}


def test_warm_due_cache_gives_the_same_problem_item(koop, root, tmp_path):
    (root / "partners" / "beta-print.toml").write_text(BETA.replace("since", 'stage = "x"\nsince'), encoding="utf-8")
    env = {"KOOP_CACHE_DIR": str(tmp_path / "cache")}
    runs = [koop("due", "--all", "--json", cwd=root, env=env) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout and runs[0].stderr == runs[1].stderr
    assert "problem:beta-print" in runs[1].stdout and "vetting:beta-print" not in runs[1].stdout


def test_contradicting_ratios_are_an_error_and_never_used(koop, root):
    before = koop("due", "--all", "--json", cwd=root).stdout
    settings = root / "koop.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("soon = 0.8", "soon = 2.0")
                        .replace("overdue = 1.5", "overdue = 0.5"), encoding="utf-8")
    check = koop("check", cwd=root)
    assert check.returncode == 1
    assert "koop.toml:" in check.stdout and "[ratios] contradict each other: soon = 2, overdue = 0.5" in check.stdout
    due = koop("due", "--all", "--json", cwd=root)
    assert due.returncode == 0 and due.stdout == before  # computed with the shipped ratios
    assert "the shipped defaults stand in" in due.stderr and "[ratios] contradict" in due.stderr
    log = koop("log", "acme/jana", "call", cwd=root)
    assert log.returncode == 1 and "[ratios] contradict" in log.stderr
    assert "2026-11-20" not in (root / "partners" / "acme.toml").read_text(encoding="utf-8")
