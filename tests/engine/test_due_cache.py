"""The cached due list equals the engine's over a fresh load after every kind of change, and skips work when warm."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from koop_tui import duecache
from koop_tui.engine import due_items, warnings
from koop_tui.store import loader

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))
from generate import generate  # noqa: E402

TODAY = date(2026, 11, 23)
LOAD = loader.load  # the real one, for reference loads the spy below does not count


@pytest.fixture
def root(tmp_path) -> Path:
    ws = tmp_path / "ws"
    generate(ws, partners=8, touchpoints=120, seed=5)
    (ws / "partners" / "syntax.toml").write_text('name = "Syntax\nslug = "syntax"\n')
    return ws


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """Files the due cache parsed one by one, and "load" for each full workspace load it fell back to."""
    seen: list[str] = []
    real_parse, real_load = duecache.parse_file, loader.load
    monkeypatch.setattr(duecache, "parse_file", lambda r, rel, s: seen.append(rel) or real_parse(r, rel, s))
    monkeypatch.setattr(loader, "load", lambda r, *a, **k: seen.append("load") or real_load(r, *a, **k))
    return seen


def reference(root: Path, today: date, tmp_path: Path, monkeypatch, within: int = 0) -> tuple:
    """What the engine gives over a load with an empty cache."""
    with monkeypatch.context() as m:
        m.setenv("KOOP_CACHE_DIR", str(tmp_path / f"fresh-{time.monotonic_ns()}"))
        ws = LOAD(root).workspace
    return (due_items(ws, today, within=within), any(p.owner for p in ws.partners.values()),
            warnings(ws, today) if not within else None, sorted(ws.broken))


def got(root: Path, today: date = TODAY, within: int = 0) -> tuple:
    found = duecache.due_summary(root, today, within)
    return found.items, found.has_owners, found.warnings if not within else None, sorted(found.broken)


def settle() -> None:
    time.sleep(0.05)


def test_warm_summary_parses_nothing_and_equals_the_engine(root, parsed, tmp_path, monkeypatch):
    first = got(root)
    assert len(parsed) == 9  # a small workspace: cheaper to parse file by file than to load it
    assert first == reference(root, TODAY, tmp_path, monkeypatch)
    assert first[0] and first[3] == ["partners/syntax.toml"]
    parsed.clear()
    assert got(root) == first
    assert parsed == []  # the broken file too: its problems are cached like any result


def restage(path: Path, stage: str) -> None:
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(f'stage = "{stage}"\n' if line.startswith("stage = ") else line for line in lines))


def test_each_kind_of_change_is_seen_and_only_that_file_is_read(root, parsed, tmp_path, monkeypatch):
    got(root)
    files = sorted((root / "partners").glob("partner-*.toml"))
    settle()
    restage(files[0], "ended")
    files[1].unlink()
    renamed = root / "partners" / "renamed.toml"
    files[2].rename(renamed)
    renamed.write_text(renamed.read_text().replace(f'slug = "{files[2].stem}"', 'slug = "renamed"'))
    (root / "partners" / "fresh.toml").write_text('name = "Fresh"\nslug = "fresh"\nsince = 2025-01-01\n')
    parsed.clear()
    result = got(root)
    assert result == reference(root, TODAY, tmp_path, monkeypatch)
    assert sorted(parsed) == sorted([f"partners/{files[0].name}", "partners/renamed.toml", "partners/fresh.toml"])
    assert "Fresh" in {i.partner_name for i in result[0]}
    assert files[1].stem not in {i.partner for i in result[0]}


def test_same_size_and_restored_mtime_is_still_seen(root, parsed, tmp_path, monkeypatch):
    before = got(root)
    target = next(p for p in sorted((root / "partners").glob("partner-*.toml")) if 'stage = "dormant"' in p.read_text())
    old = target.stat()
    settle()
    restage(target, "vetting")  # same length
    assert target.stat().st_size == old.st_size
    os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns))
    parsed.clear()
    after = got(root)
    assert after == reference(root, TODAY, tmp_path, monkeypatch) and after != before
    assert f"partners/{target.name}" in parsed


def test_racy_entries_are_checked_by_content(root, parsed, monkeypatch):
    from koop_tui.store import cache

    monkeypatch.setattr(cache, "RACY_NS", 10**15)  # every entry counts as racy: its file's hash decides
    first = got(root)
    parsed.clear()
    assert got(root) == first
    assert parsed == []


def test_settings_today_and_engine_code_are_part_of_the_key(root, parsed, tmp_path, monkeypatch):
    got(root)
    parsed.clear()
    assert got(root, date(2027, 3, 1)) == reference(root, date(2027, 3, 1), tmp_path, monkeypatch)
    assert len(parsed) == 9
    settle()
    toml = root / "koop.toml"
    toml.write_text(toml.read_text() + "\ndefault_cadence = 7\n")
    parsed.clear()
    assert got(root) == reference(root, TODAY, tmp_path, monkeypatch)
    assert len(parsed) == 9
    monkeypatch.setattr(duecache, "_ENGINE", duecache._ENGINE + ("engine/added.py",))
    parsed.clear()
    got(root)
    assert len(parsed) == 9


def test_many_changed_files_load_the_workspace_and_few_are_parsed_alone(root, parsed, tmp_path, monkeypatch):
    got(root)
    monkeypatch.setattr(duecache, "FEW", 2)
    settle()
    for path in sorted((root / "partners").glob("partner-*.toml"))[:3]:
        path.write_text(path.read_text() + "\n")
    parsed.clear()
    assert got(root) == reference(root, TODAY, tmp_path, monkeypatch)
    assert parsed == ["load"]


@pytest.mark.parametrize("damage", [b"", b"garbage", None])
def test_a_damaged_cache_is_no_cache(root, parsed, tmp_path, monkeypatch, damage):
    got(root)
    path = duecache.LoadCache(root, "", "due").path
    if damage is None:
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes(damage)
    parsed.clear()
    assert got(root) == reference(root, TODAY, tmp_path, monkeypatch)
    assert len(parsed) == 9


def test_look_ahead_is_computed_not_cached(root, parsed, tmp_path, monkeypatch):
    got(root)
    parsed.clear()
    assert got(root, TODAY, 30) == reference(root, TODAY, tmp_path, monkeypatch, within=30)
    assert parsed == ["load"]
    parsed.clear()
    got(root)
    assert parsed == []


@pytest.fixture
def helped(monkeypatch) -> dict:
    """Cold loads parse with the helper (one file per chunk; this process parses slowly, so it surely takes
    some); records which files this process computed due items for and the helpers made."""
    from koop_tui.store import parallel, warm
    from tests.store.conftest import use_helper

    use_helper(monkeypatch, 1)
    monkeypatch.setattr(duecache, "FEW", 0)  # a cold summary loads the workspace
    seen: dict = {"computed": [], "helpers": [], "class": parallel.Helper}
    real_compute, real_parse, real_helper = duecache._Builder.compute, warm.parse_file, parallel.Helper
    monkeypatch.setattr(duecache._Builder, "compute",
                        lambda self, rel, *a: seen["computed"].append(rel) or real_compute(self, rel, *a))
    monkeypatch.setattr(warm, "parse_file", lambda *a: time.sleep(0.2) or real_parse(*a))
    monkeypatch.setattr(parallel, "Helper", lambda *a: seen["helpers"].append(real_helper(*a)) or seen["helpers"][-1])
    return seen


def test_the_parse_helper_computes_the_due_items_of_the_files_it_parsed(root, helped, tmp_path, monkeypatch):
    monkeypatch.setenv("KOOP_CACHE_DIR", str(tmp_path / "cold"))
    assert got(root) == reference(root, TODAY, tmp_path, monkeypatch)
    helper = helped["helpers"][0]
    assert helper.parsed and helper.proc.returncode == 0  # it ended and was waited for
    assert set(helper.due) == helper.parsed and "partners/syntax.toml" in helper.parsed  # broken files too
    assert not helper.parsed & set(helped["computed"])
    assert len(helped["computed"]) + len(helper.due) == 9
    os.environ["KOOP_CACHE_DIR"] = str(tmp_path / "cold")
    assert got(root) == reference(root, TODAY, tmp_path, monkeypatch)  # the cache written from its bodies


def test_due_items_from_the_helper_must_match_the_loaded_file(root, helped, tmp_path, monkeypatch):
    real = helped["class"].due_bodies

    def stale(self) -> dict:  # bodies of another version of each file: other stat key, no items
        return {rel: ((0, 0, 0, 0), ((), "someone", (), 0)) for rel in real(self)}

    monkeypatch.setattr(helped["class"], "due_bodies", stale)
    monkeypatch.setenv("KOOP_CACHE_DIR", str(tmp_path / "cold"))
    assert got(root) == reference(root, TODAY, tmp_path, monkeypatch)
    assert len(helped["computed"]) == 9  # every one computed here


@pytest.mark.parametrize("ask", ["look ahead", "other day", "not at all"])
def test_a_helper_whose_due_items_are_not_used_is_stopped(root, helped, tmp_path, monkeypatch, ask):
    monkeypatch.setenv("KOOP_CACHE_DIR", str(tmp_path / "cold"))
    loaded = loader.load(root, due_today=TODAY)
    helper = loaded.due_helper
    assert helper is not None and helper.today == TODAY
    if ask == "not at all":  # the app's start when the cached list was confirmed
        from koop_tui.app.data import Backend

        backend = Backend(root, TODAY)
        monkeypatch.setattr("koop_tui.store.Store.__init__", lambda self, *a, **k: setattr(self, "_loaded", loaded))
        monkeypatch.setattr(duecache.DueSummary, "computed_from", lambda self, loaded: True)
        backend._preview = duecache.DueSummary(loaded.workspace.settings, [], False)
        backend.open()
        assert helped["computed"] == []
    else:
        within, today = (7, TODAY) if ask == "look ahead" else (0, date(2027, 1, 1))
        summary = duecache.build_due(root, today, loaded, within)
        assert summary.items == reference(root, today, tmp_path, monkeypatch, within)[0]
        assert len(helped["computed"]) == 9
    assert loaded.due_helper is None and helper.proc.returncode is not None


def test_koop_due_json_is_the_same_cold_warm_and_after_an_edit(root, tmp_path):
    def due(cache: str) -> dict:
        env = dict(os.environ, KOOP_CACHE_DIR=str(tmp_path / cache), KOOP_TODAY=TODAY.isoformat())
        run = subprocess.run([sys.executable, "-m", "koop_tui", "-w", str(root), "due", "--json", "--all"],
                             env=env, capture_output=True, text=True, check=True)
        assert "1 broken file skipped (partners/syntax.toml)" in run.stderr
        return json.loads(run.stdout)

    cold = due("a")
    assert cold["items"] and due("a") == cold
    settle()
    item = next(i for i in cold["items"] if i["kind"] == "contact" and i["contact"])
    path = root / "partners" / f"{item['partner']}.toml"
    path.write_text(path.read_text() + f'\n[[touchpoints]]\nid = "zz99"\ndate = 2026-11-23\nkind = "call"\n'
                                       f'contacts = ["{item["contact"]}"]\n')
    warm = due("a")
    assert warm == due("fresh") and warm != cold
