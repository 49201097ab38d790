"""The load cache never serves stale data: every kind of change to the workspace is seen on the next load."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import koop_tui
from koop_tui.index import cache, chunks, parallel, warm
from koop_tui.index.warm import load
from koop_tui.store import loader
from tests.store.conftest import use_helper

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))
from generate import generate  # noqa: E402

CONFLICTED = """name = "Clash"
slug = "clash"

[[conflicts]]
id = "c9d0"
field = "note"
ours = 2026-01-01
theirs = "later"
"""


@pytest.fixture
def counted(monkeypatch):
    """The list of files parsed (by the cached path or the plain loader) since the test started."""
    seen: list[str] = []
    for module, name in ((chunks, "parse_partner"), (loader, "parse_partner_bytes")):
        real = getattr(module, name)

        def spy(data, rel, settings, real=real):
            seen.append(rel)
            return real(data, rel, settings)

        monkeypatch.setattr(module, name, spy)
    return seen


@pytest.fixture
def root(tmp_path) -> Path:
    ws = tmp_path / "ws"
    generate(ws, partners=6, touchpoints=60, seed=3)
    (ws / "partners" / "broken.toml").write_text('name = "Broken"\nslug = "broken"\nstage = "activ"\n')
    (ws / "partners" / "syntax.toml").write_text('name = "Syntax\nslug = "syntax"\n')
    (ws / "partners" / "clash.toml").write_text(CONFLICTED)
    return ws


def snapshot(loaded) -> tuple:
    ws = loaded.workspace
    return ws.settings, ws.partners, [str(p) for p in ws.problems], sorted(ws.broken), loaded.fingerprints


def cold(root: Path, tmp_path: Path, monkeypatch) -> tuple:
    """What a load without any cache gives (a fresh, empty cache dir)."""
    with monkeypatch.context() as m:
        m.setenv("KOOP_CACHE_DIR", str(tmp_path / f"cold-{time.monotonic_ns()}"))
        return snapshot(load(root))


def settle() -> None:
    """Let the coarse file-system clock tick, so an edit gets a new ctime."""
    time.sleep(0.05)


def test_warm_load_parses_nothing_and_equals_the_cold_load(root, counted, tmp_path, monkeypatch):
    first = snapshot(load(root))
    assert len(counted) == 9
    assert first[3] == ["partners/syntax.toml"]
    assert any(p.startswith("partners/broken.toml:3:") for p in first[2])
    assert "clash" in first[1] and first[1]["clash"].conflicts[0].ours.year == 2026
    counted.clear()
    assert snapshot(load(root)) == first
    assert counted == []
    assert first == cold(root, tmp_path, monkeypatch)


def _hand_edit(p: Path) -> None:
    p.write_text(p.read_text().replace('stage = "', 'note = "edited by hand"\nstage = "', 1))


def _same_size_same_mtime(p: Path) -> None:
    st = p.stat()
    text = p.read_text()
    p.write_text(text.replace(' GmbH ', ' GmbX ', 1).replace(' AG ', ' AX ', 1).replace(' KG ', ' KX ', 1)
                 .replace(' Studio ', ' Studix ', 1))
    assert p.stat().st_size == st.st_size and p.read_text() != text
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))


def _same_mtime_other_size(p: Path) -> None:
    st = p.stat()
    p.write_text(p.read_text() + "\n")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))


def _rename(p: Path) -> None:
    p.rename(p.with_name("renamed.toml"))


def _swap(p: Path) -> None:
    other = p.with_name("partner-00001.toml")
    tmp = p.with_name("swap.tmp")
    p.rename(tmp)
    other.rename(p)
    tmp.rename(other)


def _add(p: Path) -> None:
    p.with_name("newcomer.toml").write_text('name = "Newcomer"\nslug = "newcomer"\n')


CHANGES = {
    "hand edit": _hand_edit,
    "same size and mtime, other content": _same_size_same_mtime,
    "same mtime, other size": _same_mtime_other_size,
    "deleted": Path.unlink,
    "added": _add,
    "renamed": _rename,
    "two files swapped": _swap,
    "broken file fixed": lambda p: p.with_name("broken.toml").write_text('name = "Broken"\nslug = "broken"\n'),
}


@pytest.mark.parametrize("racy_ns", [0, cache.RACY_NS], ids=["stat only", "stat and hash"])
@pytest.mark.parametrize("change", list(CHANGES))
def test_a_changed_file_is_read_again(root, change, racy_ns, counted, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "RACY_NS", racy_ns)
    before = snapshot(load(root))
    settle()
    CHANGES[change](root / "partners" / "partner-00000.toml")
    after = snapshot(load(root))
    assert after == cold(root, tmp_path, monkeypatch)
    assert after != before
    counted.clear()
    assert snapshot(load(root)) == after and counted == []


def test_git_checkout_of_another_commit_is_seen(root, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "RACY_NS", 0)
    git = ["git", "-C", str(root)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    old = snapshot(load(root))
    settle()
    _same_size_same_mtime(root / "partners" / "partner-00002.toml")
    (root / "partners" / "partner-00003.toml").unlink()
    subprocess.run([*git, "commit", "-qam", "two"], check=True)
    new = snapshot(load(root))
    assert new[1]["partner-00002"].name != old[1]["partner-00002"].name and "partner-00003" not in new[1]
    settle()
    subprocess.run([*git, "checkout", "-q", "HEAD~1"], check=True)
    back = snapshot(load(root))
    assert back[:4] == old[:4]
    assert back == cold(root, tmp_path, monkeypatch)


def test_changed_settings_reparse_everything(root, counted, tmp_path, monkeypatch):
    load(root)
    text = (root / "koop.toml").read_text()
    (root / "koop.toml").write_text(text.replace('[kinds.call]\nweight = 1.0\ndirection = "mutual"',
                                                 '[kinds.call]\nweight = 1.0\ndirection = "received"'))
    counted.clear()
    after = snapshot(load(root))
    assert len(counted) == 9
    calls = [t for p in after[1].values() for t in p.touchpoints if t.kind == "call"]
    assert calls and all(t.direction in ("received", "gave") for t in calls)
    assert after == cold(root, tmp_path, monkeypatch)


@pytest.mark.parametrize(("edit", "reread"), [
    (('[kinds.call]\nweight = 1.0\n', '[kinds.call]\nweight = 0.3\n'), 0),  # a weight: the engine's, not the file's
    (('default_cadence = ', 'name = "Renamed"\ndefault_cadence = '), 0),
    (('[[campaigns]]', '[[campaigns]]\nid = "summer"\nname = "Summer party"\ndate = "07-01"\nkinds = ["gift"]\n\n'
      '[[campaigns]]'), 0),
    (('[kinds.call]\nweight = 1.0\n', '[kinds.ring]\nweight = 1.0\n'), 9),  # a kind gone: its touches are unknown
    (('[kinds.call]\nweight = 1.0\n', '[kinds.fax]\nweight = 1.0\n\n[kinds.call]\nweight = 1.0\n'), 9),  # a new kind
    (('default_cadence = ', 'default_owner = "zoe"\ndefault_cadence = '), 9),  # owner of files without one
])
def test_only_settings_files_depend_on_reread_them(root, counted, tmp_path, monkeypatch, edit, reread):
    """Campaigns, cadences, weights, the name: editing them in koop.toml (a teammate's, pulled) is a warm load;
    kinds and the default owner change what files read as, so every file is read again."""
    load(root)
    text = (root / "koop.toml").read_text()
    assert edit[0] in text
    (root / "koop.toml").write_text(text.replace(edit[0], edit[1], 1))
    counted.clear()
    after = snapshot(load(root))
    assert len(counted) == reread
    assert after == cold(root, tmp_path, monkeypatch)


def test_another_koop_version_reparses_everything(root, counted, monkeypatch):
    first = snapshot(load(root))
    monkeypatch.setattr(koop_tui, "__version__", "99.0")
    counted.clear()
    assert snapshot(load(root)) == first
    assert len(counted) == 9


def _entries_mangled(path: Path) -> None:
    head, entries = marshal.loads(path.read_bytes())
    rel = "partners/partner-00000.toml"
    key, sha, read_ns, encoded, problems = entries[rel]
    entries[rel] = (key, sha, read_ns, ("m", ("not", "a", "partner")), problems)
    entries["partners/partner-00001.toml"] = ("garbage",)
    path.write_bytes(marshal.dumps((head, entries)))


DAMAGE = {
    "garbage": lambda p: p.write_bytes(b"\x00not marshal at all" * 10),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "empty": lambda p: p.write_bytes(b""),
    "wrong shape": lambda p: p.write_bytes(marshal.dumps([1, 2, 3])),
    "damaged entries": _entries_mangled,
    "a directory": lambda p: (p.unlink(), p.mkdir()),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_is_ignored_and_rebuilt(root, damage, counted, tmp_path, monkeypatch):
    first = snapshot(load(root))
    path = cache.cache_path(root)
    DAMAGE[damage](path)
    assert snapshot(load(root)) == first
    if damage != "a directory":
        counted.clear()
        assert snapshot(load(root)) == first and counted == []


def test_equal_stat_but_other_content_is_caught_by_the_hash(root, monkeypatch):
    """A timestamp that did not tick (coarse clocks) leaves stat equal; the hash of a recent file decides."""
    load(root)
    target = root / "partners" / "partner-00004.toml"
    _same_size_same_mtime(target)
    path = cache.cache_path(root)
    head, entries = marshal.loads(path.read_bytes())
    rel = "partners/partner-00004.toml"
    entry = entries[rel]
    entries[rel] = (cache.stat_key(os.lstat(target)), entry[1], time.time_ns(), *entry[3:])
    path.write_bytes(marshal.dumps((head, entries)))
    name = target.read_text().splitlines()[0].split('"')[1]
    assert load(root).workspace.partners["partner-00004"].name == name
    assert "X" in name or "Studix" in name


def test_the_cache_lives_outside_the_workspace(root):
    load(root)
    assert cache.cache_path(root).is_file()
    assert root not in cache.cache_path(root).parents
    assert sorted(p.name for p in root.iterdir()) == ["koop.toml", "partners"]


def test_parsing_on_all_cores_gives_the_same_workspace(root, tmp_path, monkeypatch):
    serial = cold(root, tmp_path, monkeypatch)
    use_helper(monkeypatch, 2)
    pooled, helpers = [], []
    real, real_helper = parallel.parse_many, parallel.Helper
    monkeypatch.setattr(warm, "parse_many", lambda *a: pooled.append(1) or real(*a))
    monkeypatch.setattr(parallel, "Helper", lambda *a: helpers.append(real_helper(*a)) or helpers[-1])
    slow = warm.parse_file  # this process parses slowly, so the helper surely takes some files
    monkeypatch.setattr(warm, "parse_file", lambda *a: time.sleep(0.3) or slow(*a))
    assert cold(root, tmp_path, monkeypatch) == serial
    assert pooled == [1] and helpers[0].delivered > 0
    seen = []  # from a worker thread, as the app loads: the helper is a fresh interpreter, never a fork
    worker = threading.Thread(target=lambda: seen.append(cold(root, tmp_path, monkeypatch)))
    worker.start()
    worker.join()
    assert seen == [serial] and pooled == [1, 1]
    shutil.rmtree(tmp_path / "ws" / "partners")
    (tmp_path / "ws" / "partners").mkdir()
    assert cold(root, tmp_path, monkeypatch)[1] == {}
