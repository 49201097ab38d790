"""The cached due list equals the engine's over a fresh load after every kind of change, and skips work when warm."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from koop_tui.index import bodies, chunks
from koop_tui.index import due as duecache
from koop_tui.engine import due_items, select, warnings
from koop_tui.model import DueItem
from koop_tui.index import warm as loader

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))
from generate import generate  # noqa: E402

TODAY = date(2026, 11, 23)
LOAD, PARSE = loader.load, chunks.parse_file  # the real ones, for reference loads the spies below do not count


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
    real_parse, real_load = chunks.parse_file, loader.load
    monkeypatch.setattr(chunks, "parse_file", lambda r, rel, s: seen.append(rel) or real_parse(r, rel, s))
    monkeypatch.setattr(loader, "load", lambda r, *a, **k: seen.append("load") or real_load(r, *a, **k))
    return seen


def reference(root: Path, today: date, tmp_path: Path, monkeypatch, within: int = 0) -> tuple:
    """What the engine gives over a load with an empty cache."""
    with monkeypatch.context() as m:
        m.setenv("KOOP_CACHE_DIR", str(tmp_path / f"fresh-{time.monotonic_ns()}"))
        unhurried(m)
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
    from koop_tui.index import cache

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


@pytest.fixture
def settled_now(monkeypatch) -> None:
    """No racy window: files count as settled once read, so the first summary keeps the whole sorted list."""
    from koop_tui.index import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)


@pytest.fixture
def looked(monkeypatch) -> list[str]:
    """Files whose due cache entry was looked up one by one (none when the whole sorted list was taken)."""
    seen: list[str] = []
    real = duecache._Builder.cached
    monkeypatch.setattr(duecache._Builder, "cached", lambda self, rel: seen.append(rel) or real(self, rel))
    return seen


def whole(found: duecache.DueSummary) -> tuple:
    return (found.items, found.has_owners, found.warnings, found.broken, found.problems, found.sources,
            found.settings_problems)


def list_file(root: Path) -> Path:
    return duecache.cache_path(root, duecache.LIST)


def test_an_unchanged_workspace_takes_the_whole_sorted_list(root, parsed, looked, settled_now, tmp_path,
                                                            monkeypatch):
    (root / "partners" / "Misnamed.toml").write_text("")  # a problem counted on top of the files' own
    first = got(root)
    assert first == reference(root, TODAY, tmp_path, monkeypatch) and list_file(root).exists()
    parsed.clear(), looked.clear()
    listed = duecache.due_summary(root, TODAY)
    assert (listed.items, listed.has_owners, listed.warnings, sorted(listed.broken)) == first
    assert parsed == [] and looked == []
    list_file(root).unlink()
    by_file = duecache.due_summary(root, TODAY)
    assert len(looked) == 9 and parsed == []
    assert whole(listed) == whole(by_file) and listed.problems > 1


@pytest.mark.parametrize("filters", [{}, {"owner": "anna"}, {"owner": "nobody"}, {"tags": ["seo", "print"]},
                                     {"stages": ["active"]}])
def test_the_whole_list_gives_the_json_of_its_items_without_decoding_them(root, settled_now, filters):
    got(root)
    listed = duecache.due_summary(root, TODAY)
    text, rows = b"".join(listed.json_text(**filters)), listed.problem_rows()
    assert listed._items is None  # answered from the kept JSON
    items = select(listed.items, **filters)
    assert listed.json_text(**filters) is None  # once decoded, the items are written as objects
    assert json.loads(text) == json.loads(json.dumps(listed.json_items(**filters), default=str))
    assert listed.json_items(**filters) == [duecache.item_json(i) for i in items]
    assert rows == listed.problem_rows() == [(i.partner_name, i.title) for i in items if i.kind == "problem"]
    assert rows and (filters.get("owner") == "nobody" or len(items) > len(rows))


def test_the_first_items_are_decoded_one_by_one_when_more_than_their_head_is_read(root, settled_now):
    """The app's first frame reads ~200 of ~17,000 rows: the rest stay encoded until read (or compared), or until
    the whole list is decoded (the app's load)."""
    got(root)
    items = duecache.due_summary(root, TODAY).items
    listed = duecache.due_summary(root, TODAY)
    first = listed.first_items()
    heads = [item for item in first if type(item) is not DueItem]
    assert listed._items is None and len(heads) > 2
    assert [(i.key, i.kind, i.status, i.owner, i.stage, i.tags) for i in first] == \
           [(i.key, i.kind, i.status, i.owner, i.stage, i.tags) for i in items]
    assert not any(type(item) is DueItem for item in heads)  # reading the head decoded none
    assert heads[0].due == next(i.due for i in items if i.key == heads[0].key) and type(heads[0]) is DueItem
    assert type(heads[1]) is not DueItem and first == items  # comparing decodes
    assert all(type(i) is DueItem for i in first) and [i.__dict__ for i in first] == [i.__dict__ for i in items]
    listed = duecache.due_summary(root, TODAY)
    first = listed.first_items()
    assert listed.items == items and all(type(i) is DueItem for i in first)  # the heads took the decoded items
    assert [i.__dict__ for i in first] == [i.__dict__ for i in items]


def test_files_changed_just_before_they_were_read_are_checked_by_content_when_the_list_is_read(
        root, parsed, looked, tmp_path, monkeypatch):
    """Right after a change (a `koop log`, a pull) the next list is kept too, with the hashes of the files whose
    stat key cannot vouch for them yet: the run after it takes the list once those files hash the same."""
    first = got(root)  # the generator wrote every file a moment ago: each one racy
    value = marshal.loads(list_file(root).read_bytes())
    assert len(value[3]) == 9  # (position, hash) of each racy file
    looked.clear(), parsed.clear()
    assert got(root) == first and looked == [] and parsed == []
    target = next(p for p in sorted((root / "partners").glob("partner-*.toml")) if 'stage = "dormant"' in p.read_text())
    kept = {key[0]: key for key in value[2]}
    restage(target, "vetting")  # same size; the stat key below is made to look as listed: only the hash tells
    with monkeypatch.context() as m:
        m.setattr(duecache, "stat_key", lambda st: kept[st.st_ino])
        after = got(root)
    assert after == reference(root, TODAY, tmp_path, monkeypatch) and after != first
    assert parsed == [f"partners/{target.name}"]



@pytest.mark.parametrize("change", ["edit, same size and mtime", "add", "delete", "rename", "koop.toml",
                                    "another day", "engine code"])
def test_the_list_is_not_taken_after_any_kind_of_change(root, looked, settled_now, tmp_path, monkeypatch, change):
    got(root)
    files, day = sorted((root / "partners").glob("partner-*.toml")), TODAY
    time.sleep(0.01)
    if change == "edit, same size and mtime":
        target = next(p for p in files if 'stage = "dormant"' in p.read_text())
        old = target.stat()
        restage(target, "vetting")
        os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns))
        assert target.stat().st_size == old.st_size
    elif change == "add":
        (root / "partners" / "fresh.toml").write_text('name = "Fresh"\nslug = "fresh"\nsince = 2025-01-01\n')
    elif change == "delete":
        files[0].unlink()
    elif change == "rename":
        files[0].rename(root / "partners" / "zz-renamed.toml")
    elif change == "koop.toml":
        toml = root / "koop.toml"
        toml.write_text(toml.read_text() + "\ndefault_cadence = 7\n")
    elif change == "another day":
        day = date(2027, 3, 1)
    else:
        monkeypatch.setattr(duecache, "_ENGINE", duecache._ENGINE + ("engine/added.py",))
    looked.clear()
    assert got(root, day) == reference(root, day, tmp_path, monkeypatch)
    assert looked


@pytest.mark.parametrize("damage", ["empty", "garbage", "truncated", "other shape", "directory"])
def test_a_damaged_list_is_no_list(root, looked, settled_now, tmp_path, monkeypatch, damage):
    first = got(root)
    path = list_file(root)
    data = path.read_bytes()
    path.unlink()
    if damage == "directory":
        path.mkdir()
    else:
        path.write_bytes({"empty": b"", "garbage": b"garbage", "truncated": data[: len(data) // 2],
                          "other shape": marshal.dumps((1, 2, 3, 4))}[damage])
    looked.clear()
    assert got(root) == first == reference(root, TODAY, tmp_path, monkeypatch)
    assert len(looked) == 9


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
    list_file(root).unlink()  # the whole list would stand in for the per-file entries
    path = duecache.LoadCache(root, "", "due").path
    if damage is None:
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes(damage)
    parsed.clear()
    assert got(root) == reference(root, TODAY, tmp_path, monkeypatch)
    assert len(parsed) == 9


def test_items_hold_their_fields_in_field_order_as_the_encoding_reads_them(root, tmp_path, monkeypatch):
    items = reference(root, TODAY, tmp_path, monkeypatch)[0]
    assert items and all(list(item.__dict__) == list(bodies._ITEM_FIELDS) for item in items)
    assert bodies.decode_items([bodies.encode_item(item) for item in items]) == items


def test_look_ahead_is_computed_not_cached(root, parsed, tmp_path, monkeypatch):
    got(root)
    parsed.clear()
    assert got(root, TODAY, 30) == reference(root, TODAY, tmp_path, monkeypatch, within=30)
    assert parsed == ["load"]
    parsed.clear()
    got(root)
    assert parsed == []


@pytest.fixture
def helped(monkeypatch) -> list:
    """Cold loads parse with the helper (one file per chunk; this process parses slowly, so it surely takes
    some); the helpers made."""
    from koop_tui.index import parallel, warm
    from tests.store.conftest import use_helper

    use_helper(monkeypatch, 1)
    monkeypatch.setattr(duecache, "FEW", 0)  # a cold summary loads the workspace
    helpers, real_parse, real_helper = [], warm.parse_file, parallel.Helper
    monkeypatch.setattr(warm, "parse_file", lambda *a: time.sleep(0.3) or real_parse(*a))
    monkeypatch.setattr(parallel, "Helper", lambda *a: helpers.append(real_helper(*a)) or helpers[-1])
    return helpers


def test_a_due_list_from_files_the_helper_parsed_is_the_engines(root, helped, tmp_path, monkeypatch):
    monkeypatch.setenv("KOOP_CACHE_DIR", str(tmp_path / "cold"))
    assert got(root) == reference(root, TODAY, tmp_path, monkeypatch)
    helper = helped[0]
    assert helper.delivered and helper.proc.returncode == 0  # it parsed files, ended and was waited for
    assert got(root) == reference(root, TODAY, tmp_path, monkeypatch)  # the cache written from its entries


FORKED = """
import json, sys, time
from datetime import date
from pathlib import Path

from koop_tui.index.due import build_due
from koop_tui.index import parallel, warm

parallel.POOL_MIN_BYTES, parallel.CHUNK_FILES = 0, 1
helpers = []

class Counted(parallel.Helper):
    def __init__(self, *args):
        helpers.append(self)
        super().__init__(*args)

parallel.Helper = Counted
real_parse = warm.parse_file
warm.parse_file = lambda *a: time.sleep(0.2) or real_parse(*a)  # this process only: the helper surely takes some
loaded = warm.load(Path(sys.argv[1]))
summary = build_due(Path(sys.argv[1]), date(2026, 11, 23), loaded)
helper = helpers[0]
print(json.dumps({"forked": isinstance(helper.proc, parallel.Forked), "delivered": helper.delivered,
                  "code": helper.proc.returncode, "items": [item.key for item in summary.items]}))
"""


def test_a_cli_process_forks_its_helper_and_gets_the_same_due_list(root, tmp_path, monkeypatch):
    """No other thread runs in a command's process: its helper is a fork, at work at once (in the app, and in
    this test process, a fresh interpreter)."""
    env = dict(os.environ, KOOP_CACHE_DIR=str(tmp_path / "cold"), PYTHONPATH=str(Path(__file__).parents[2]))
    run = subprocess.run([sys.executable, "-c", FORKED, str(root)], env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    got_back = json.loads(run.stdout)
    assert got_back["forked"] and got_back["delivered"] and got_back["code"] == 0
    assert got_back["items"] == [item.key for item in reference(root, TODAY, tmp_path, monkeypatch)[0]]


def test_a_known_list_computed_from_the_loaded_files_is_kept(root, tmp_path, monkeypatch):
    """The app's start when the cached list was confirmed: nothing is computed again."""
    monkeypatch.setenv("KOOP_CACHE_DIR", str(tmp_path / "cold"))
    monkeypatch.setattr(duecache.DueSummary, "computed_from", lambda self, loaded: True)
    monkeypatch.setattr(duecache, "build_due", lambda *a, **k: pytest.fail("computed again"))
    known = duecache.DueSummary(None, [], False)
    loaded, found = duecache.open_for_day(root, TODAY, known=known)
    assert found is known
    assert list(loaded.workspace.partners.items()) == list(plain(root).partners.items())


def plain(root: Path):
    """The workspace as a load with no cache and no helper gives it (partners in file-name order)."""
    with pytest.MonkeyPatch.context() as m:
        m.setenv("KOOP_NO_POOL", "1")
        m.setenv("KOOP_CACHE_DIR", str(root.parent / f"plain-{time.monotonic_ns()}"))
        unhurried(m)
        return LOAD(root).workspace


def unhurried(m) -> None:
    """The reference loads parse at full speed, also where `helped` slows this process's parsing down."""
    from koop_tui.index import warm

    m.setattr(warm, "parse_file", PARSE)


def test_koop_due_json_is_the_same_cold_warm_and_after_an_edit(root, tmp_path):
    def due(cache: str) -> dict:
        env = dict(os.environ, KOOP_CACHE_DIR=str(tmp_path / cache), KOOP_TODAY=TODAY.isoformat())
        run = subprocess.run([sys.executable, "-m", "koop_tui", "-w", str(root), "due", "--json", "--all"],
                             env=env, capture_output=True, text=True, check=True)
        assert "1 partner file with errors, nothing computed from it (syntax: 1 problem in partners/syntax.toml:1)" in run.stderr
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


@pytest.mark.parametrize("filters", [{}, {"owner": "anna"}, {"owner": "nobody"}, {"stages": ["active"]}])
def test_a_computed_list_makes_its_json_once_for_the_output_and_the_cached_list(root, settled_now, filters,
                                                                               monkeypatch):
    made, real = [], duecache._json_list
    monkeypatch.setattr(duecache, "_json_list", lambda items: made.append(1) or real(items))
    found = duecache.due_summary(root, TODAY)  # computed: no cache yet
    assert found._items is not None and list_file(root).exists()
    text = b"".join(found.json_text(**filters))
    assert json.loads(text) == json.loads(json.dumps(found.json_items(**filters), default=str))
    assert made == [1]  # the list written after it took the same text
    listed = duecache.due_summary(root, TODAY)
    assert b"".join(listed.json_text(**filters)) == text
