"""The lookup and search index never answers from stale rows, and without a usable cache dir answers the same."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from koop_tui import index
from koop_tui.index import db as index_db
from koop_tui.index.db import Index, fts_query
from koop_tui.store import load_workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))
from generate import generate  # noqa: E402


@pytest.fixture
def root(tmp_path) -> Path:
    ws = tmp_path / "ws"
    generate(ws, partners=8, touchpoints=80, seed=4)
    (ws / "partners" / "broken.toml").write_text('name = "Broken\nslug = "broken"\n')  # a syntax error
    return ws


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The partner files the index parsed (one by one) since the test started."""
    from koop_tui.index import chunks

    seen, real = [], chunks.parse_partner
    monkeypatch.setattr(chunks, "parse_partner", lambda data, rel, s: seen.append(rel) or real(data, rel, s))
    return seen


def answers(index: Index) -> tuple:
    """Everything the index answers: partners, broken files, every email's owners, searches, and how many rows
    it searches (the rows of a changed file are replaced, not added to)."""
    try:
        index.sync()
        emails = sorted({e for e, in index.db.execute("SELECT email FROM contacts WHERE email != ''")})
        return (index.partners(), index.broken(), {e: index.by_email(e) for e in emails},
                {q: index.search(q) for q in ("weber", "seo", "a", "gmbh 3", "agency ke")},
                index.db.execute("SELECT count(*) FROM texts").fetchone()[0])
    finally:
        index.close()


def rows(root: Path) -> tuple:
    return answers(Index(root))


def expected(root: Path) -> tuple:
    """The same answers from a database in memory, filled from the files alone."""
    return answers(Index(root, in_memory=True))


def settle() -> None:
    time.sleep(0.05)


def test_the_rows_are_the_workspace(root):
    ws = load_workspace(root)
    partners, broken, _, found, _ = rows(root)
    assert partners == sorted((p.slug, p.name) for p in ws.partners.values())
    assert broken == ["partners/broken.toml"]
    for hits in found.values():
        assert len({(h.slug, h.record) for h in hits}) == len(hits)  # one hit per record
    some = next(iter(ws.partners.values()))
    found = index.search(root, some.name)  # the façade: the hits, and the files not searched
    assert any(h.slug == some.slug and h.field == "name" for h in found)
    assert found.unread == ["partners/broken.toml"]


def test_a_warm_sync_reads_nothing(root, reads, monkeypatch):
    """Not a partner file, nor koop.toml."""
    from koop_tui.store import loader

    monkeypatch.setattr(index_db, "settled", lambda key, read_at: True)
    rows(root)
    reads.clear()
    settings, real = [], loader.load_settings
    monkeypatch.setattr(loader, "load_settings", lambda *a: settings.append(1) or real(*a))
    rows(root)
    assert reads == [] and settings == []


@pytest.mark.parametrize("racy", [False, True], ids=["stat only", "stat and hash"])
def test_every_change_is_seen(root, reads, racy, monkeypatch):
    if not racy:
        monkeypatch.setattr(index_db, "settled", lambda key, read_at: True)
    rows(root)
    partners = root / "partners"
    first, second = sorted(partners.glob("partner-*.toml"))[:2]
    settle()
    first.write_text(first.read_text().replace('name = "', 'name = "Zebra ', 1))  # a hand edit
    (partners / "partner-renamed.toml").write_bytes(second.read_bytes().replace(
        f'slug = "{second.stem}"'.encode(), b'slug = "partner-renamed"'))
    second.unlink()  # a rename
    (partners / "broken.toml").write_text('name = "Fixed"\nslug = "broken"\n')  # a broken file fixed
    reads.clear()
    found = rows(root)
    assert sorted(reads) == sorted(["partners/" + first.name, "partners/partner-renamed.toml", "partners/broken.toml"])
    assert found == expected(root)
    assert any(name.startswith("Zebra") for _, name in found[0])


def test_same_size_and_mtime_with_other_content_is_seen(root):
    rows(root)
    path = sorted((root / "partners").glob("partner-*.toml"))[0]
    text = path.read_text()
    st = path.stat()
    settle()
    changed = text.replace('name = "', 'name = "X', 1).replace("\n\n", "\n", 1)
    assert len(changed) == len(text)
    path.write_text(changed)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert rows(root) == expected(root)


def test_koop_toml_that_changes_how_files_read_rebuilds_the_rows(root, reads):
    rows(root)
    settings = root / "koop.toml"
    settings.write_text('default_owner = "zoe"\n' + settings.read_text())
    reads.clear()
    found = rows(root)
    assert len(reads) == len(list((root / "partners").glob("*.toml")))
    assert found == expected(root)


def test_another_version_rebuilds_and_a_damaged_database_is_replaced(root, monkeypatch):
    before = rows(root)
    monkeypatch.setattr(index_db, "VERSION", index_db.VERSION + 1)
    assert rows(root) == before
    path = Index(root).path
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"not a database at all" * 100)
    assert rows(root) == before
    assert Index(root).path == path  # made again on disk, not left to memory


@pytest.mark.parametrize("medium", ["read-only", "full"])
def test_a_database_that_cannot_be_written_gives_the_same_answers(root, medium, monkeypatch):
    """A read-only medium, or a full disk (the database may not grow by a page): the rows come from the files,
    in memory, and answer the same."""
    import sqlite3

    rows(root)
    real = index_db._connect

    def connect(path):
        if path is None:
            return real(None)
        if medium == "read-only":
            return sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
        db = real(path)
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        return db

    monkeypatch.setattr(index_db, "_connect", connect)
    path = sorted((root / "partners").glob("partner-*.toml"))[0]
    settle()
    words = " ".join(f"word{n}" for n in range(3000))  # more than the database may grow by
    path.write_text(path.read_text().replace('name = "', f'name = "Zebra {words} ', 1))
    index = Index(root)
    index.sync()
    assert index.path is None and index.partners() == expected(root)[0]
    index.close()
    assert rows(root) == expected(root)


def test_a_cache_dir_that_is_a_file_gives_the_same_answers(root, tmp_path, monkeypatch):
    before = rows(root)
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    monkeypatch.setenv("KOOP_CACHE_DIR", str(blocker / "cache"))
    assert rows(root) == before


READER = """
import sys
from pathlib import Path
from koop_tui.index.db import Index
root = Path(sys.argv[1])
for _ in range(int(sys.argv[2])):
    index = Index(root)
    index.sync()
    print(len(index.partners()), len(index.search("a")), flush=True)
    index.close()
"""


def test_two_readers_while_a_third_rebuilds(root, tmp_path):
    """Readers never fail nor see half a rebuild: each answer is the whole workspace's."""
    generate(root, partners=60, touchpoints=1500, seed=9)  # enough for a rebuild to take a while
    whole = rows(root)
    rebuild = [sys.executable, "-c", READER, str(root), "1"]
    env = {**os.environ, "KOOP_NO_POOL": "1"}
    shutil.rmtree(Index(root).path.parent)  # the next sync rebuilds everything
    writer = subprocess.Popen(rebuild, stdout=subprocess.PIPE, text=True, env=env)
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(root), "5"], stdout=subprocess.PIPE,
                                text=True, env=env) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0] for p in (writer, *readers)]
    assert all(p.returncode == 0 for p in (writer, *readers))
    want = f"{len(whole[0])} {len(whole[3]['a'])}"
    assert all(line == want for out in outputs for line in out.splitlines()), outputs


def test_what_people_type_is_never_fts_syntax():
    assert fts_query('seo AND "x" NEAR(') == '"seo" "AND" """x""" "NEAR("*'
    assert fts_query("  ") == ""


def test_the_snippet_marks_the_words_found_around_the_first():
    from koop_tui.index.db import snippet

    text = "Met Jürgen at the fair in Köln; he asked about SEO for the shop and about translations, twice."
    assert snippet(text, ["koln"]) == "…the fair in [Köln]; he asked about SEO for the shop and…"
    assert snippet(text, ["about", "tr"]) == "…Köln; he asked [about] SEO for the shop and [about] [translations], twice."
    assert snippet("Jürgen", ["jur"]) == "[Jürgen]"
    assert snippet(text, ["zebra"]) is None
    assert snippet("  Lots   of\n\n blanks  around   [a] note  ", ["note"]) == "Lots of blanks around [a] [note]"


def test_a_hit_knows_where_its_words_are_so_a_bracket_in_the_text_is_not_taken_for_one():
    from koop_tui.index.db import found_in

    text, marks = found_in("Quote [1] for the  SEO audit", ["seo"])
    assert text == "Quote [1] for the SEO audit"
    assert [text[a:b] for a, b in marks] == ["SEO"]
    text, marks = found_in("A long note with many words before the word we look for: licences, and more after it", ["lic"])
    assert text.startswith("…") and [text[a:b] for a, b in marks] == ["licences"]


def searched(ws: Path, slug: str, text: str, queries: tuple[str, ...], in_memory: bool = False) -> dict:
    """(slug, record, field, snippet) of each query's hits in a workspace of one partner file."""
    (ws / "partners").mkdir(parents=True)
    (ws / "koop.toml").write_text('name = "Test"\n')
    (ws / "partners" / f"{slug}.toml").write_text(f'slug = "{slug}"\n{text}')
    index = Index(ws, in_memory=in_memory)
    try:
        index.sync()
        return {q: [(h.slug, h.record, h.field, h.snippet) for h in index.search(q)] for q in queries}
    finally:
        index.close()


@pytest.mark.parametrize("in_memory", [False, True], ids=["on disk", "in memory"])
def test_umlauts_and_sharp_s_are_found_as_people_type_them(tmp_path, in_memory):
    found = searched(tmp_path / "ws", "grossmann-druck",
                     'name = "Großmann Druck"\n\n[[contacts]]\nid = "juergen"\nname = "Jürgen Müller"\n\n'
                     '[[touchpoints]]\nid = "tp01"\ndate = 2026-11-02\nkind = "call"\n'
                     'note = "Maße für die Hauptstraße besprochen"\n',
                     ("gross", "GROSS", "groß", "mueller", "muller", "Müller", "juergen mue", "masse", "hauptstrasse"),
                     in_memory)
    name = [("grossmann-druck", "", "name", "[Großmann] Druck")]
    person = [("grossmann-druck", "juergen", "contact", "Jürgen [Müller]")]
    assert found["gross"] == found["GROSS"] == found["groß"] == name
    assert found["mueller"] == found["muller"] == found["Müller"] == person
    assert found["juergen mue"] == [("grossmann-druck", "juergen", "contact", "[Jürgen] [Müller]")]
    assert found["masse"] == [("grossmann-druck", "tp01", "touchpoint", "[Maße] für die Hauptstraße besprochen")]
    assert found["hauptstrasse"] == [("grossmann-druck", "tp01", "touchpoint", "Maße für die [Hauptstraße] besprochen")]


def test_what_is_typed_is_read_into_words_as_the_index_reads_the_text(tmp_path):
    """An address or a word with punctuation matched its record, but the snippet looked for it whole, found
    nothing and showed the partner's name instead of the email that matched."""
    found = {q: [hit[1:] for hit in hits] for q, hits in searched(
        tmp_path / "ws", "acme",
        'name = "Acme"\n\n[[contacts]]\nid = "jana"\nname = "Jana Weber"\nemail = "jana@weber.example"\n\n'
        '[[touchpoints]]\nid = "tp01"\ndate = 2026-11-02\nkind = "call"\nnote = "Lunch near their office"\n',
        ("jana@weber.example", "weber.exa", "NEAR(", "!!!", '"')).items()}
    assert found["jana@weber.example"] == [("jana", "email", "[jana]@[weber].[example]")]
    assert found["weber.exa"] == [("jana", "email", "jana@[weber].[example]")]
    assert found["NEAR("] == [("tp01", "touchpoint", "Lunch [near] their office")]
    assert found["!!!"] == found['"'] == []


@pytest.mark.parametrize("many", [False, True], ids=["read one by one", "read by a load"])
def test_a_partner_file_that_cannot_be_read_is_listed_as_broken(root, many, monkeypatch):
    """A symlink or a FIFO has no rows, as a file that does not parse: a search says it was not searched, a name
    not found names it. Once a plain file again, it is read."""
    import os

    if many:
        monkeypatch.setattr(index_db, "FEW", 0)
    partners = root / "partners"
    (partners / "linked.toml").symlink_to(sorted(partners.glob("partner-*.toml"))[0])
    os.mkfifo(partners / "pipe.toml")
    assert rows(root)[1] == ["partners/broken.toml", "partners/linked.toml", "partners/pipe.toml"]
    assert rows(root)[1] == ["partners/broken.toml", "partners/linked.toml", "partners/pipe.toml"]  # kept so
    (partners / "linked.toml").unlink()
    (partners / "linked.toml").write_text('name = "Linked"\nslug = "linked"\n')
    partners_now, broken = rows(root)[:2]
    assert broken == ["partners/broken.toml", "partners/pipe.toml"] and ("linked", "Linked") in partners_now


def test_owners_are_known_only_while_every_partner_file_reads_without_errors(root):
    """As identity.known_owners says of a loaded workspace: the owner of a file with errors could be anyone."""
    from koop_tui.identity import known_owners, with_named

    def owners():
        index = Index(root)
        try:
            index.sync()
            return index.owners()
        finally:
            index.close()

    assert owners() is None  # broken.toml does not parse
    (root / "partners" / "broken.toml").write_text('name = "Fixed"\nslug = "broken"\nowner = 5\n')
    assert owners() is None  # it reads, but its owner does not
    (root / "partners" / "broken.toml").write_text('name = "Fixed"\nslug = "broken"\nowner = "zoe"\n')
    ws = load_workspace(root)
    assert "zoe" in owners() and with_named(owners(), ws.settings) == known_owners(ws)
