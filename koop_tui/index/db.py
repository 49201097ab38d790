"""The lookup and search index: an SQLite database in the user cache dir, one row per partner file.

Like khal's cache of a vdir, it asks "which files changed" by their stat key and rebuilds the rows of each
changed file in one transaction: the file row (stat key, sha256, when read), the partner's name and owner, its
contacts (for lookups by name or email) and its texts in an FTS5 table (for search). Readers never block a
writer (WAL). The workspace files stay the truth: a database that cannot be opened, read or written (a
read-only or full disk, a damaged file) is replaced by one in memory, filled from the files, with the same
answers.
"""

from __future__ import annotations

import os
from ast import literal_eval
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from koop_tui.index import cache
from koop_tui.index.cache import cache_path, same_bytes, settled, stat_key
from koop_tui.model import Partner, errors_of
from koop_tui.store.files import partner_files
from koop_tui.text import fold, spelt_out

VERSION = 6  # of the schema and of what rows_of extracts; another version rebuilds the database
# Above this many changed files, one load through the load cache (on both cores) beats parsing one by one.
FEW = 48

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files(rel TEXT PRIMARY KEY, ino INT, size INT, mtime INT, ctime INT, sha TEXT, read INT,
                                 slug TEXT, name TEXT, folded TEXT, owner TEXT, errors INT, lo INT, hi INT)
                                 WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS contacts(rel TEXT, id TEXT, name TEXT, email TEXT);
CREATE INDEX IF NOT EXISTS contacts_rel ON contacts(rel);
CREATE INDEX IF NOT EXISTS contacts_email ON contacts(email);
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5(
    text, partner, spelt, rel UNINDEXED, record UNINDEXED, field UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3');
"""


def _words(values: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(v for v in values if v))


def rows_of(partner: Partner) -> Iterator[tuple[str, str, str]]:
    """(record id or "", field, text) of everything search looks at in a partner: names, contacts, emails,
    notes, skills and tags (records without text are left out)."""
    yield "", "name", partner.name
    yield "", "skills", _words([*partner.skills, *partner.tags])
    yield "", "note", partner.note
    yield "", "website", _words([partner.website, *partner.domains])
    for c in partner.contacts:
        yield c.id, "contact", _words([c.name, c.role])
        yield c.id, "email", _words([c.email, *c.emails])
        yield c.id, "skills", _words(c.skills)
        yield c.id, "note", c.note
    for t in partner.touchpoints:
        yield t.id, "touchpoint", t.note
    for f in partner.followups:
        yield f.id, "followup", f.text
    for p in partner.projects:
        yield p.id, "project", _words([p.name, p.note])
    for a in partner.agreements:
        yield a.id, "agreement", _words([a.what, a.text])


def emails_of(contact) -> list[str]:
    return [e.casefold() for e in [contact.email, *contact.emails] if e]


@dataclass(frozen=True)
class Hit:
    """One search result: the partner, the matching record (id, "" for the partner itself) and field, the text
    around the words found, and where in it they are (`marks`: start and end of each)."""

    slug: str
    name: str
    record: str
    field: str
    text: str
    marks: tuple[tuple[int, int], ...] = ()

    @property
    def snippet(self) -> str:
        """The text with each word found between [ and ], for plain output."""
        return bracketed(self.text, self.marks)


class Found(list):
    """A search's hits, best first, and `unread`: the partner files that could not be read, so were not searched
    (rel paths)."""

    def __init__(self, hits: list[Hit], unread: list[str]) -> None:
        super().__init__(hits)
        self.unread = unread


def path_of(root: Path) -> Path:
    """Where the index of the workspace at root lives."""
    return cache_path(root, "index").with_suffix(".sqlite")


def _connect(path: Path | None) -> sqlite3.Connection:
    if path is None:
        db = sqlite3.connect(":memory:", check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=10, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")  # derived data: a crash costs a rebuild, never a wrong answer
    db.isolation_level = None
    return db


class Index:
    """The index of one workspace; `sync()` brings its rows up to date with the files."""

    def __init__(self, root: Path, path: Path | None = None, in_memory: bool = False) -> None:
        self.root = Path(root)
        self._koop_toml = ""  # koop.toml's stat key and read time, stored with the rows' settings key
        self.path: Path | None = None  # in memory
        if not in_memory:
            self.path = path or path_of(self.root)
        try:
            try:
                self.db = self._open(self.path)
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError):
                    raise
                self._discard()  # not a database (damaged): made again
                self.db = self._open(self.path)
        except (sqlite3.Error, OSError):  # read-only, full, or still damaged: the same rows, in memory
            self.db, self.path = self._open(None), None

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection:
        db = _connect(path)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != VERSION:
                with _transaction(db):
                    for table in ("meta", "files", "contacts", "texts"):
                        db.execute(f"DROP TABLE IF EXISTS {table}")
                    for statement in (s.strip() for s in SCHEMA.split(";")):
                        if statement:
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version={VERSION}")
            return db
        except BaseException:
            db.close()
            raise

    def sync(self) -> None:
        """Re-read the files changed since their rows were made (stat key; re-hashed while racy), drop the rows
        of files gone. On a database that fails meanwhile, start over in memory."""
        try:
            self._sync()
        except sqlite3.Error as exc:
            if self.path is None:
                raise
            self.db.close()
            if not isinstance(exc, sqlite3.OperationalError):  # damaged inside: made again by the next reader
                try:
                    self._discard()
                except OSError:
                    pass
            self.db, self.path = self._open(None), None
            self._sync()

    def _sync(self) -> None:
        key, settings = self._settings_key()
        names, _ = partner_files(self.root / "partners")
        vouched, racy = {}, {}  # by file name: the stat key of a settled row (cache.settled), a racy row
        if self.db.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone() == (key,):
            rows = "SELECT substr(rel, 10), ino, size, mtime, ctime{} FROM files " \
                   "WHERE (max(mtime, ctime) < read - ?) = ?"
            vouched = {row[0]: row[1:] for row in self.db.execute(rows.format(""), (cache.RACY_NS, 1))}
            racy = {row[0]: row for row in self.db.execute(rows.format(", sha"), (cache.RACY_NS, 0))}
        changed, present, lstat = [], [], os.lstat
        folder = _open_dir(self.root / "partners") if names else None
        where = "" if folder is not None else f"{self.root}/partners/"
        try:
            for name in names:  # once per file on every read: a stat (by the folder's fd) and a comparison
                try:
                    st = lstat(where + name, dir_fd=folder)
                except OSError:
                    continue
                present.append(name)
                stat = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
                if vouched.get(name) != stat:
                    row = racy.get(name)
                    if row is None or row[1:5] != stat or not self._same("partners/" + name, row[5], stat):
                        changed.append("partners/" + name)
        finally:
            if folder is not None:
                os.close(folder)
        known = vouched.keys() | racy.keys()
        gone = {f"partners/{name}" for name in known - set(present)}
        if not changed and not gone and known:
            return
        if settings is None:
            settings = self._settings_key(parse=True)[1]
        fresh = self._read(changed, settings) if len(changed) <= FEW else self._load_all(changed)
        with _transaction(self.db):
            if not known:
                for table in ("files", "contacts", "texts"):
                    self.db.execute(f"DELETE FROM {table}")
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('settings', ?)", (key,))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('koop.toml', ?)", (self._koop_toml,))
            self._replace(gone | set(changed), fresh)

    def refresh(self, rels: list[str]) -> None:
        """Bring the rows of these partner files up to date (a command that has just changed them), and only
        theirs: the others wait for the next sync, which stats them all. Rows made for another koop.toml are all
        out of date: then a whole sync."""
        try:
            key, settings = self._settings_key(parse=True)
            if self.db.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone() != (key,):
                return self.sync()
            fresh = self._read(rels, settings)
            with _transaction(self.db):
                self._replace(set(rels), fresh)
        except sqlite3.Error:
            pass  # the next sync finds the files changed (or the database unusable) and deals with it

    def _replace(self, rels: set[str], fresh: dict[str, tuple]) -> None:
        """Inside a transaction: the rows of `rels` dropped, those read (`fresh`) put in."""
        for rel in rels:
            self._forget(rel)
        last = self.db.execute("SELECT rowid FROM texts ORDER BY rowid DESC LIMIT 1").fetchone()
        self._next = (last[0] if last else 0) + 1
        for rel, (file_key, sha, read, partner, errors) in fresh.items():
            self._put(rel, file_key, sha, read, partner, errors)

    def _settings_key(self, parse: bool = False) -> tuple[str, object]:
        """(what of koop.toml the rows depend on, the settings, or None when not read). koop.toml is read only
        when its stat key differs from the one stored with that key, or is not settled (the racy rule of the
        partner files): a warm sync imports no parser. Stores the stat key it went by."""
        try:
            st = os.lstat(self.root / "koop.toml")
            seen = repr((stat_key(st), time.time_ns()))
        except OSError:
            st, seen = None, ""
        stored = dict(self.db.execute("SELECT key, value FROM meta WHERE key IN ('koop.toml', 'settings')"))
        if not parse and st is not None and stored.get("koop.toml") and "settings" in stored:
            then, read_at = literal_eval(stored["koop.toml"])
            if tuple(then) == stat_key(st) and settled(tuple(then), read_at):
                return stored["settings"], None
        from koop_tui.store.loader import load_settings

        settings, _ = load_settings(self.root)
        key = settings_key(settings)
        if stored.get("settings") == key and stored.get("koop.toml") != seen:
            with _transaction(self.db):
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('koop.toml', ?)", (seen,))
        self._koop_toml = seen
        return key, settings

    def _same(self, rel: str, sha: str, key: tuple) -> bool:
        """A file whose stat key equals its row's but which may have changed since (racy): equal bytes? Once its
        last change lies far enough back, the row's read time moves on, so the key alone vouches from then on."""
        now = time.time_ns()
        same = bool(sha) and same_bytes(self.root / rel, sha)  # no hash: it could not be read (never a FIFO's)
        if same and settled(key, now):
            self.db.execute("UPDATE files SET read = ? WHERE rel = ?", (now, rel))
        return same

    def _read(self, rels: list[str], settings) -> dict[str, tuple]:
        from koop_tui.index.chunks import parse_file

        fresh = {}
        for rel in rels:
            try:
                entry, partner, problems = parse_file(self.root, rel, settings)
            except Exception:  # noqa: BLE001 - unreadable: koop check reports it
                fresh.update(self._unreadable([rel]))
                continue
            if entry is not None:  # None: changed while read; the next sync reads it again
                fresh[rel] = (entry[0], entry[1], entry[2], partner, bool(errors_of(problems)))
        return fresh

    def _load_all(self, rels: list[str]) -> dict[str, tuple]:
        from koop_tui.index.warm import load

        loaded = load(self.root)
        wanted = set(rels)
        by_rel = {f"partners/{slug}.toml": p for slug, p in loaded.workspace.partners.items()}
        bad = loaded.workspace.file_errors()
        fresh = {rel: (*keys, by_rel.get(rel), rel in bad) for rel, keys in loaded.stat_keys.items() if rel in wanted}
        return fresh | self._unreadable([rel for rel in rels if rel not in fresh])

    def _unreadable(self, rels: list[str]) -> dict[str, tuple]:
        """Rows of files that cannot be read (a symlink, a FIFO, too large, no permission): without a partner
        and a hash, as of a file that does not parse, so that `broken` lists them (a search says they were not
        searched) and they are read again only when their stat key changes."""
        fresh = {}
        for rel in rels:
            try:
                fresh[rel] = (stat_key(os.lstat(self.root / rel)), "", time.time_ns(), None, True)
            except OSError:  # gone meanwhile
                pass
        return fresh

    def _forget(self, rel: str) -> None:
        """Drop a file's rows; its texts by their rowids (FTS5 cannot look up an unindexed column)."""
        span = self.db.execute("SELECT lo, hi FROM files WHERE rel = ?", (rel,)).fetchone()
        if span is not None and span[0] is not None:
            self.db.execute("DELETE FROM texts WHERE rowid BETWEEN ? AND ?", span)
        self.db.execute("DELETE FROM files WHERE rel = ?", (rel,))
        self.db.execute("DELETE FROM contacts WHERE rel = ?", (rel,))

    def _put(self, rel: str, key: tuple, sha: str, read: int, partner: Partner | None, errors: bool) -> None:
        """A file's rows; its texts take the next rowids, kept in its file row as (lo, hi)."""
        slug = rel.removeprefix("partners/").removesuffix(".toml")
        texts = [] if partner is None else [
            (self._next + i, text, f"{partner.name} {spelt(partner.name)}", spelt(text), rel, record, field)
            for i, (record, field, text) in enumerate(t for t in rows_of(partner) if t[2])]
        span = (texts[0][0], texts[-1][0]) if texts else (None, None)
        self._next += len(texts)
        self.db.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (rel, *key, sha, read, slug, *((partner.name, fold(partner.name), partner.owner) if partner
                                                        else (None, None, None)), int(errors), *span))
        if partner is None:  # broken: its file row keeps it from being read again until it changes
            return
        self.db.executemany("INSERT INTO contacts VALUES (?, ?, ?, ?)",
                            [(rel, c.id, c.name, email) for c in partner.contacts for email in emails_of(c) or [""]])
        self.db.executemany("INSERT INTO texts(rowid, text, partner, spelt, rel, record, field) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", texts)

    # -- questions ------------------------------------------------------------------------------------------

    def partners(self, *starts: str) -> list[tuple[str, str]]:
        """(slug, name) of every partner file that reads, by slug; with `starts` (folded as text.fold folds),
        only those whose slug or folded name starts with one of them."""
        if not starts:
            return list(self.db.execute("SELECT slug, name FROM files WHERE name IS NOT NULL ORDER BY slug"))
        test = " OR ".join("substr(slug, 1, ?) = ? OR substr(folded, 1, ?) = ?" for _ in starts)
        values = [v for start in starts for v in (len(start), start) * 2]
        return list(self.db.execute(f"SELECT slug, name FROM files WHERE name IS NOT NULL AND ({test}) ORDER BY slug",
                                    values))

    def owners(self) -> set[str] | None:
        """Who owns partners; None while a partner file does not read or has errors (its owner could be anyone,
        as identity.known_owners says of a loaded workspace)."""
        if self.db.execute("SELECT 1 FROM files WHERE name IS NULL OR errors LIMIT 1").fetchone():
            return None
        return {owner for owner, in self.db.execute("SELECT DISTINCT owner FROM files WHERE owner != ''")}

    def broken(self) -> list[str]:
        """The partner files that do not read (rel paths), by name."""
        return [rel for rel, in self.db.execute("SELECT rel FROM files WHERE name IS NULL ORDER BY rel")]

    def by_email(self, email: str) -> list[tuple[str, str]]:
        """(slug, contact id) of the contacts with this email address (case does not matter)."""
        return list(self.db.execute(
            "SELECT f.slug, c.id FROM contacts c JOIN files f USING (rel) WHERE c.email = ? ORDER BY f.slug, c.id",
            (email.strip().casefold(),)))

    def search(self, text: str, limit: int = 50) -> list[Hit]:
        """The records whose text, with their partner's name, holds every word of `text` (the last one as a
        prefix, as people type), best first: bm25, a word in the record's own text counting ten times one in
        its partner's name, names and contacts before notes. One hit per record; where only the partner's name
        matched, one hit for the partner.

        Ranking is over the first CANDIDATES matches: a word of one or two letters matches most of a large
        workspace, and scoring all of it is slow; each further letter narrows it (docs/performance.md)."""
        words = [_plain(w) for w in _WORD.findall(text)]  # as the index reads them: "a@b.example" is three
        if not words:
            return []
        query = fts_query(text)
        found = self.db.execute("SELECT bm25(texts, 10.0, 1.0, 10.0), field, rel, record, rowid FROM texts "
                                "WHERE texts MATCH ? LIMIT ?", (query, CANDIDATES)).fetchall()
        found.sort(key=lambda row: (round(row[0] * FIELD_WEIGHT.get(row[1], 1.0), 9), *row[1:4]))
        best = [row[4] for row in found[: limit * 4]]
        rows = {row[0]: row[1:] for row in self.db.execute(
            f"SELECT t.rowid, f.slug, f.name, t.record, t.field, t.text FROM texts t JOIN files f USING (rel) "
            f"WHERE t.rowid IN ({','.join('?' * len(best))})", best)}
        hits, seen = [], set()
        for rowid in best:
            slug, name, record, field, body = rows[rowid]
            shown = found_in(body, words)
            if shown is None:  # nothing in the record's own text: its partner's name matched
                record, field, shown = "", "name", (name, ())
            if (slug, record) in seen:
                continue
            seen.add((slug, record))
            hits.append(Hit(slug, name, record, field, *shown))
            if len(hits) == limit:
                break
        return hits

    def close(self) -> None:
        self.db.close()


CANDIDATES = 3000  # matches ranked per search (see search)
FIELD_WEIGHT = {"name": 2.0, "contact": 1.5, "email": 1.5}  # bm25 is negative: a larger factor ranks higher
SNIPPET_WORDS = 12
_WORD = re.compile(r"\w+")


def _plain(word: str) -> str:
    """A word as the index compares it: case folded, accents removed (unicode61 remove_diacritics 2)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


_BLANKS = re.compile(r"\s+")


def spelt(text: str) -> str:
    """The words of text with umlauts or ß, written out (text.spelt_out): indexed beside the text, so "mueller"
    and "strasse" find "Müller" and "Straße" (the tokenizer makes "muller" of one and keeps "ß")."""
    if text.isascii():
        return ""
    return " ".join(dict.fromkeys(out for word in _WORD.findall(text) if (out := spelt_out(word)) != word))


def _spellings(word: str) -> tuple[str, str]:
    """The two ways a word of the text can have been typed: as the index compares it, and written out."""
    return _plain(word), _plain(spelt_out(word))


def snippet(text: str, words: list[str]) -> str | None:
    """found_in's text with each word found between [ and ]; None when none occurs."""
    found = found_in(text, words)
    return None if found is None else bracketed(*found)


def bracketed(text: str, marks: tuple[tuple[int, int], ...]) -> str:
    out, at = [], 0
    for start, end in marks:
        out += [text[at:start], "[", text[start:end], "]"]
        at = end
    return "".join(out) + text[at:]


def found_in(text: str, words: list[str]) -> tuple[str, tuple[tuple[int, int], ...]] | None:
    """Up to SNIPPET_WORDS words of text around the first one found, on one line, and where the words found are
    in it (start, end): the whole words typed, the last one also as the start of a word. None when none occurs."""
    *whole, last = words
    spans = [m for m in _WORD.finditer(text)
             if any(w in whole or w.startswith(last) for w in _spellings(m.group()))]
    if not spans:
        return None
    tokens = list(_WORD.finditer(text))
    first = next(i for i, m in enumerate(tokens) if m.start() == spans[0].start())
    lo = max(0, min(first - 3, len(tokens) - SNIPPET_WORDS))
    hi = min(len(tokens), lo + SNIPPET_WORDS)
    begin = 0 if lo == 0 else tokens[lo].start()
    end = len(text) if hi == len(tokens) else tokens[hi - 1].end()
    shown, marks, at = "…" if begin > 0 else "", [], begin
    for m in (m for m in spans if begin <= m.start() and m.end() <= end):
        between = _BLANKS.sub(" ", text[at:m.start()])
        shown += between.lstrip() if at == begin else between  # the text may begin with blanks
        marks.append((len(shown), len(shown) + len(m.group())))
        shown += m.group()
        at = m.end()
    shown += _BLANKS.sub(" ", text[at:end]).rstrip()
    return shown + ("…" if end < len(text) else ""), tuple(marks)


def fts_query(text: str) -> str:
    """FTS5 query of what a person typed: every word must occur, the last one as a prefix; quotes keep FTS5's
    operators (AND, NEAR, *, :, ...) plain words."""
    words = [w.replace('"', '""') for w in text.split()]
    if not words:
        return ""
    return " ".join(f'"{w}"' for w in words[:-1]) + (" " if len(words) > 1 else "") + f'"{words[-1]}"*'


def settings_key(settings) -> str:
    """What of koop.toml the rows depend on: how files read (index.cache.reading_key) and the schema version."""
    from koop_tui.index.cache import reading_key

    return f"{VERSION}:{reading_key(settings)}"


def _open_dir(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One writer at a time (BEGIN IMMEDIATE waits for the other, up to the connection's timeout)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
