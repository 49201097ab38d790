"""The due list from a derived cache of per-partner results, so a warm start needs no workspace at all.

Due items are computed per partner (engine.partner_items), so they can be cached per file beside the load
cache, under the same never-stale rules (koop_tui/index/cache.py: stat key incl. ctime, re-hash of racy
files) plus today, koop.toml and the engine's code. A warm start stats every partner file and decodes the
few kilobytes of items of each; changed files are parsed and computed one by one; when many files changed,
the whole workspace is loaded as usual and the cache rebuilt from it. When no file changed, the whole sorted
list is read back instead, with each item's JSON as `koop due --json` writes it: nothing is decoded until a
caller asks for the items. Rules: docs/architecture.md.
"""

from __future__ import annotations

import functools
import marshal
import mmap
import os
import threading
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from stat import S_ISREG

from koop_tui.engine.problems import ROW_KINDS, picker
from koop_tui.gcpause import keep_to_exit, paused_gc
from koop_tui.index.cache import (LoadCache, cache_path, header, same_bytes, save_later, settled, stat_key,
                                   wait_for_writer, write_marshal)
from koop_tui.model import DueItem, Partner, Problem, Settings
from koop_tui.store.codec import decode_problems
from koop_tui.store.files import NotRegular, TooLarge
from koop_tui.store.loader import Loaded, load_settings, partner_files

FORMAT = 4
LIST = "due-list"  # the cache of the whole sorted list (_listed)
# Above this many changed files, loading the workspace (with the load cache, on both cores) beats one by one.
FEW = 48
_ENGINE = tuple(f"engine/{p.name}" for p in sorted((Path(__file__).parents[1] / "engine").glob("*.py"))) + (
    "index/due.py", "index/bodies.py")


@dataclass
class DueSummary:
    """What the due list needs of a workspace: all owners' items due by today, sorted, and the file health."""

    settings: Settings
    _items: list[DueItem] | None  # None: still in `listed`, decoded when first asked for (items)
    has_owners: bool
    warnings: list[Problem] = field(default_factory=list)  # touchpoints dated in the future
    broken: list[str] = field(default_factory=list)
    problems: int = 0
    sources: tuple = ()  # koop.toml's hash and each file's stat key: what the items were computed from
    settings_problems: list[Problem] = field(default_factory=list)  # koop.toml's: the defaults stood in
    listed: tuple = ()  # from the cached list (_keep_list): the items still encoded, their JSON, their heads
    # computed here (_Builder.summary): the items' JSON made once, for the output and for the cached list
    json_list: Callable[[], tuple] | None = None
    _heads: list[DueItem] | None = field(default=None, repr=False, compare=False)  # first_items
    _heads_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def items(self) -> list[DueItem]:
        if self._items is None:
            from koop_tui.index.bodies import decode_items

            items = decode_items(marshal.loads(self.listed[0]))
            if self._heads is not None:  # the app's rows take these fields instead of decoding them one by one,
                with self._heads_lock:   # and are the items: lists made of both compare by identity
                    for head, item in zip(self._heads, items):
                        if type(head) is _Head:
                            _become(head, item.__dict__)  # shared: neither changes
                items = list(self._heads)
            self._items = items
        return self._items

    def first_items(self) -> list[DueItem]:
        """The items, as `items` gives them; from the cached list each is decoded only when a field other than
        its key, kind, status, owner, stage and tags is first read (_Head): the app's first frame draws ~200 of
        ~17,000 rows, and counts, selects and groups them by those fields. Campaign and triage items are decoded
        at once (their rows are grouped by their dates too), in one go."""
        if self._items is not None:
            return self._items
        if self._heads is None:
            from koop_tui.index.bodies import decode_items

            encoded, _, _, which, picks, ends, keys, statuses, names = self.listed
            source = (encoded, array("Q", ends), {None: None}, self._heads_lock)
            new, out, grouped = object.__new__, [], []
            for at, (key, status, pick) in enumerate(zip(keys, statuses, array("I", which))):
                owner, kind, stage, tags = picks[pick]
                item = new(_Head)
                item.__dict__.update(key=key, kind=kind, status=names[status], owner=owner, stage=stage, tags=tags,
                                     _source=source, _at=at)
                out.append(item)
                if kind in _GROUPED:
                    grouped.append(at)
            ends, days, _ = source[1:]
            whole = decode_items([_encoded_at(encoded, ends, at) for at in grouped], days)
            for at, item in zip(grouped, whole):
                out[at] = item
            self._heads = out
        return self._heads

    def head_items(self, owner: str | None, count: int) -> tuple[list[DueItem], dict[str, int]] | None:
        """For the first rows of engine.select(items, owner=owner) with campaign and triage items grouped (the
        app's rows): those selected items, in list order, that the first `count` rows are made of (every campaign
        and triage item, the others up to the `count`th), decoded, and how many of the others come after them,
        per status (a row each). From the cached list only, without an object per item; None otherwise."""
        if self._items is not None or self._heads is not None or not self.listed:
            return None
        from koop_tui.index.bodies import decode_items

        encoded, _, _, which, picks, ends, _, statuses, names = self.listed
        keep = picker(owner=owner)
        kinds = [(keep(*pick), pick[1] in _GROUPED) for pick in picks]
        wanted, after, others = [], bytearray(), 0
        for at, pick in enumerate(array("I", which)):
            kept, grouped = kinds[pick]
            if not kept:
                continue
            if grouped or others < count:
                wanted.append(at)
                others += not grouped
            else:
                after.append(statuses[at])
        ends = array("Q", ends)
        items = decode_items(_encoded_at(encoded, ends, at) for at in wanted)
        return items, {names[code]: after.count(code) for code in set(after)}

    @property
    def partner_files(self) -> int:
        """How many partner files the list was computed from, broken ones included."""
        return len(self.sources[1]) if self.sources else 0

    def computed_from(self, loaded: Loaded) -> bool:
        """True when `loaded` was read from exactly the files (and koop.toml) these items were computed from."""
        keys = {rel: tuple(entry[0]) for rel, entry in loaded.stat_keys.items()}
        return self.sources == (loaded.settings_sha256, keys)

    def json_text(self, **filters) -> list[bytes] | None:
        """From the cached list: the JSON list of the items engine.select keeps with these filters (item_json
        each) in parts, as cli.common.write_json writes it one level deep; the bytes kept, none decoded.
        A list computed here makes its text on the first call. None when the items are not kept as text
        (json_items)."""
        if self._items is not None:
            if self.json_list is None:
                return None
            if not self.listed:
                self.listed = (None, *self.json_list())
        keep = picker(**filters)
        texts = self._texts(lambda pick: keep(*pick))
        if not texts:
            return [b"[]"]
        return [b"[\n    ", *(part for text in texts for part in (text, SEP))][:-1] + [b"\n  ]"]

    def json_items(self, **filters) -> list[dict]:
        """item_json of the items engine.select keeps with these filters."""
        keep = picker(**filters)
        return [item_json(i) for i in self.items if keep(i.owner, i.kind, i.stage, i.tags)]

    def problem_rows(self) -> list[tuple[str, str]]:
        """(partner name, title) of the rows about files with errors (engine.problems.ROW_KINDS)."""
        if self._items is None:
            import orjson

            found = map(orjson.loads, self._texts(lambda pick: pick[1] in ROW_KINDS))
            return [(d["partner_name"], d["title"]) for d in found]
        return [(i.partner_name, i.title) for i in self._items if i.kind in ROW_KINDS]

    def _texts(self, wanted: Callable[[tuple], bool]) -> list[bytes]:
        """The JSON texts of the cached items whose (owner, kind, stage, tags) are wanted: one slice when all are."""
        _, text, ends, which, picks, *_ = self.listed
        chosen = [wanted(pick) for pick in picks]
        if all(chosen):
            return [text] if text else []
        out, start = [], 0
        for end, pick in zip(array("Q", ends), array("I", which)):
            if chosen[pick]:
                out.append(text[start:end])
            start = end + len(SEP)
        return out


class _Head(DueItem):
    """An item of the cached list of which only the head is decoded (DueSummary.first_items). Reading another
    field, comparing or hashing it decodes it whole: it becomes a plain DueItem, its __dict__ in field order.
    Once the whole list is decoded (DueSummary.items, in the app's load worker) each takes its item's fields."""

    def _decode(self) -> None:
        from koop_tui.index.bodies import decode_items

        values = self.__dict__
        source = values.get("_source")
        if source is None:  # decoded meanwhile
            return
        encoded, ends, days, lock = source
        with lock:  # the UI thread reads rows, the load worker may decode the whole list meanwhile
            if type(self) is not _Head:
                return
            at = values["_at"]
            whole = decode_items((_encoded_at(encoded, ends, at),), days)[0]
            _become(self, whole.__dict__)

    def __eq__(self, other: object) -> bool:
        self._decode()
        return self == other

    def __hash__(self) -> int:
        self._decode()
        return hash(self)

    def __repr__(self) -> str:
        self._decode()
        return repr(self)


def _become(head: _Head, values: dict, set_=object.__setattr__) -> None:
    """The head takes an item's fields (its __dict__ swapped at once: a head read meanwhile finds one)."""
    set_(head, "__dict__", values)
    set_(head, "__class__", DueItem)


def _decoded(name: str) -> property:
    def read(self: _Head) -> object:
        self._decode()
        return self.__dict__[name]

    return property(read)


for _name in (f.name for f in fields(DueItem)):
    if _name not in ("key", "kind", "status", "owner", "stage", "tags"):
        setattr(_Head, _name, _decoded(_name))

def _encoded_at(encoded, ends: array, at: int) -> tuple:
    """Item `at` of the cached list, still encoded: each item is marshalled alone, `ends` says where each ends."""
    return marshal.loads(encoded[ends[at - 1] if at else _TUPLE:ends[at]])


_GROUPED = ("campaign", "triage")  # the app's rows group these (engine.campaigns, engine.triage) by their dates
_TUPLE = 5  # the length of a marshalled tuple's type and count, before its first item


def item_json(item: DueItem) -> dict:
    """The item's JSON object (docs/due-json.md); dates stay dates and tags a tuple, as write_json writes them
    (ISO, an array). Read from __dict__: 17,000 items at team scale."""
    d = item.__dict__
    ratio = d["ratio"]
    return {
        "key": d["key"], "kind": d["kind"], "status": d["status"], "due": d["due"], "title": d["title"],
        "partner": d["partner"], "partner_name": d["partner_name"],
        "contact": d["contact"], "contact_name": d["contact_name"],
        "ratio": None if ratio is None else round(ratio, 2), "owing": d["owing"],
        "owner": d["owner"], "stage": d["stage"], "tags": d["tags"], "changed": d["changed"],
        "recurring": d["recurring"], "explanation": d["explanation"],
    }


SEP = b",\n    "  # between two items of the due list's JSON, one level deep (cli.common.write_json)
_END = b"\n    }" + SEP + b"{"  # where one item ends and the next begins: JSON strings hold no raw newline


def _json_list(items: tuple[DueItem, ...]) -> tuple[bytes, bytes, bytes, tuple]:
    """What the cached list keeps of the items' JSON: their texts as write_json writes them one level deep,
    SEP between two, where each ends, and which of the distinct (owner, kind, stage, tags) the list's filters
    read is each item's."""
    import orjson

    text = orjson.dumps([item_json(i) for i in items], option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ")
    text = text[len(b"[\n    "):-len(b"\n  ]")] if items else b""
    ends, at = array("Q"), text.find(_END)
    while at >= 0:
        ends.append(at + len(b"\n    }"))
        at = text.find(_END, at + 1)
    if items:
        ends.append(len(text))
    picks: dict[tuple, int] = {}
    which = array("I", (picks.setdefault((i.owner, i.kind, i.stage, i.tags), len(picks)) for i in items))
    return text, ends.tobytes(), which.tobytes(), tuple(picks)


class _Builder:
    """Collects per-file results in file order and writes the cache entries."""

    def __init__(self, root: Path, settings: Settings, sha: str, today: date, within: int = 0) -> None:
        self.root, self.settings, self.today, self.within = root, settings, today, within
        # only the plain due list is cached; a look-ahead neither reads nor writes the cache
        self.cache = None if within else LoadCache(root, sha, "due", _depends(today))
        from koop_tui.engine.facts import weights_of

        self.weights = weights_of(settings)
        self.sha = sha
        self.bodies: dict[str, tuple] = {}
        self.items: dict[str, list[DueItem]] = {}  # the items of the bodies computed here: no need to decode them
        self.keys: dict[str, tuple] = {}

    def cached(self, rel: str) -> bool:
        if rel not in self.cache.entries:
            return False
        try:
            st = os.lstat(f"{self.root}/{rel}")
            entry = self.cache.lookup(rel, st, self.root)
            if entry is None:
                return False
            items, owner, future, count = entry[3]
            self.bodies[rel] = (tuple(items), owner, tuple(future), int(count))
            self.keys[rel] = tuple(entry[0])
            return True
        except Exception:  # noqa: BLE001 - missing, changed or a damaged entry: compute the file again
            return False

    def compute(self, rel: str, key: tuple | None, partner: Partner | None, problems: list[Problem]) -> None:
        from koop_tui.index.bodies import due_body

        found, self.items[rel] = due_body(rel, partner, problems, self.settings, self.today, self.weights, self.within)
        self.take(rel, key, found)

    def take(self, rel: str, key: tuple | None, body: tuple) -> None:
        self.bodies[rel] = body
        if key is not None:
            self.keys[rel] = tuple(key[0])
            if self.cache is not None:
                self.cache.put(rel, (*key, body, ()))

    def parse_one(self, rel: str) -> None:
        """Read and compute one changed file (keyed as the load cache keys it: a write during the read shows)."""
        from koop_tui.index import chunks

        try:
            entry, partner, problems = chunks.parse_file(self.root, rel, self.settings)
        except FileNotFoundError:
            return
        except (OSError, NotRegular, TooLarge):
            self.compute(rel, None, None, [Problem(rel, "cannot read")])
            return
        self.compute(rel, entry[:3] if entry is not None else None, partner, problems)

    def summary(self, names: list[str], extra_problems: int) -> DueSummary:
        from koop_tui.engine.due import sort_items
        from koop_tui.index.bodies import decode_items

        if self.cache is not None:
            self.cache.forget_missing(set(self.bodies))
            self.cache.save()
        encoded_items, items, owners, warnings, broken, problems = [], [], False, [], [], 0
        days: dict = {None: None}  # the decoded items share their dates
        for name in names:
            rel = f"partners/{name}"
            body = self.bodies.get(rel)
            if body is None:
                continue
            encoded, owner, future, count = body
            encoded_items.extend(encoded)
            computed = self.items.get(rel)  # computed here: no need to decode them
            items.extend(decode_items(encoded, days) if computed is None else computed)
            owners = owners or bool(owner)
            warnings.extend(future)
            problems += count
            if owner is None:
                broken.append(rel)
        found = DueSummary(self.settings, sort_items(items, self.today), owners, decode_problems(warnings),
                           broken, problems + extra_problems, (self.sha, self.keys))
        if self.cache is not None:  # built when written: in the app, after the first frame
            rest, ordered = (owners, tuple(warnings), tuple(broken), problems), tuple(found.items)
            found.json_list = functools.cache(lambda: _json_list(ordered))  # `koop due --json` makes it first
            save_later(lambda: self._keep_list(names, encoded_items, items, ordered, rest, found.json_list))
        return found

    def _keep_list(self, names: list[str], encoded_items: list[tuple], items: list[DueItem],
                   ordered: tuple[DueItem, ...], rest: tuple, made: Callable[[], tuple]) -> None:
        """Write the whole list, encoded items in list order, for _listed to read back; only when the cache
        vouches for every file."""
        vouched = self._vouched_keys(names)
        if vouched is None:
            return
        keys, racy = vouched
        position = {id(item): k for k, item in enumerate(items)}  # read back in list order: decoded in order
        # one tuple whose items are each marshalled alone (version 2 has no references between them), so one
        # item can be decoded from its slice (first_items), and where each ends
        each = [marshal.dumps(encoded_items[position[id(item)]], 2) for item in ordered]
        listed = b"(" + len(each).to_bytes(4, "little") + b"".join(each)
        item_ends, end = array("Q"), _TUPLE
        for part in each:
            end += len(part)
            item_ends.append(end)
        codes: dict[str, int] = {}
        statuses = bytes(codes.setdefault(item.status, len(codes)) for item in ordered)
        heads = (item_ends.tobytes(), tuple(item.key for item in ordered), statuses, tuple(codes))
        text, *json_list = made()
        if len(json_list[0]) != 8 * len(ordered):  # an item's end not found: no list rather than a wrong one
            return
        value = (self.cache.header, tuple(names), keys, racy, (len(listed), len(text), *json_list, *rest, *heads))
        size = len(marshal.dumps(value)) + len(listed) + len(text) + 8  # the last 8 bytes: the file's size
        write_marshal(cache_path(self.root, LIST), value, listed, text, size.to_bytes(8, "little"))

    def _vouched_keys(self, names: list[str]) -> tuple[tuple, tuple] | None:
        """Every file's stat key, and (position, hash) of those changed too recently for the key alone to vouch
        for them (the load cache's racy rule): _listed re-hashes those, as LoadCache.lookup does. None when a
        file has no entry (it could not be read)."""
        keys, racy, entries = [], [], self.cache.entries
        for rel in (f"partners/{name}" for name in names):
            key, entry = self.keys.get(rel), entries.get(rel)
            if key is None or entry is None or tuple(entry[0]) != key:
                return None
            if not settled(key, entry[2]):
                racy.append((len(keys), entry[1]))
            keys.append(key)
        return tuple(keys), tuple(racy)


def _depends(today: date) -> tuple[tuple[str, ...], tuple]:
    """What the due cache and its list depend on besides koop.toml and the files: the engine's code, today."""
    return (_ENGINE, (FORMAT, today.toordinal()))


def _mapped(path: Path) -> mmap.mmap:
    """The list's file mapped, not read: a start reads its head and the few items it shows, not the ~20 MB at 5,000
    partners (the items' JSON is for `koop due --json`). It is only ever replaced by a rename (write_marshal), so
    the mapping keeps the file as it was."""
    wait_for_writer()
    with open(path, "rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _listed(root: Path, names: list[str], settings: Settings, sha: str, today: date) -> DueSummary | None:
    """The last summary's whole list, if it was computed from exactly these files as they are now: no entry to
    look up per file, no sorting. Anything odd in the file means no list."""
    try:
        data = _mapped(cache_path(root, LIST))
        head, listed_names, keys, racy, listed = marshal.loads(data)
        if head != header(sha, *_depends(today)) or listed_names != tuple(names):
            return None
        for name, key in zip(names, keys, strict=True):
            st = os.lstat(f"{root}/partners/{name}")
            if stat_key(st) != key or not S_ISREG(st.st_mode):
                return None
        if not all(same_bytes(Path(root, "partners", names[at]), sha256) for at, sha256 in racy):
            return None  # changed just before the list was made, and since
        encoded_size, text_size, ends, which, picks, owners, warnings, broken, problems, *heads = listed
        item_ends, item_keys, statuses, _ = heads
        if not len(array("Q", ends)) == len(array("I", which)) == len(array("Q", item_ends)) == len(item_keys) \
                == len(statuses):
            return None
        if int.from_bytes(data[-8:], "little") != len(data):  # cut short
            return None
        tail = memoryview(data)[len(data) - 8 - encoded_size - text_size:-8]  # after the value: not copied
        rels = [f"partners/{name}" for name in names]
        return DueSummary(settings, None, owners, decode_problems(warnings), list(broken), problems,
                          (sha, dict(zip(rels, keys))),
                          listed=(tail[:encoded_size], tail[encoded_size:], ends, which, picks, *heads))
    except Exception:  # noqa: BLE001 - missing, foreign or damaged: take the entries file by file
        return None


def cached_due(root: Path, today: date, few: int | None = None) -> DueSummary | None:
    """The summary from the cache, parsing changed files one by one; None when more than `few` changed."""
    root = Path(root)
    holder = Loaded(None)  # type: ignore[arg-type] - only its settings fingerprint is filled in
    settings, problems = load_settings(root, holder)
    names, misnamed = partner_files(root / "partners")
    extra = len(problems) + len(misnamed)
    found = _listed(root, names, settings, holder.settings_sha256, today)
    if found is not None:
        found.problems += extra
        found.settings_problems = problems
        return found
    builder = _Builder(root, settings, holder.settings_sha256, today)
    few, misses = FEW if few is None else few, []
    for rel in (f"partners/{n}" for n in names):
        if not builder.cached(rel):
            misses.append(rel)
            if len(misses) > few:  # a cold or much changed workspace: no need to look at the rest
                return None
    for rel in misses:
        builder.parse_one(rel)
    found = builder.summary(names, extra)
    found.settings_problems = problems
    return found


def build_due(root: Path, today: date, loaded: Loaded, within: int = 0) -> DueSummary:
    """The summary of a loaded workspace; rewrites the cache for every file the load cache vouched for."""
    ws = loaded.workspace
    builder = _Builder(Path(root), ws.settings, loaded.settings_sha256, today, within)
    rels = {*loaded.fingerprints, *ws.broken}
    names = sorted(rel.removeprefix("partners/") for rel in rels)
    by_rel = {f"partners/{slug}.toml": p for slug, p in ws.partners.items()}
    problems: dict[str, list[Problem]] = {}
    for problem in ws.problems:
        problems.setdefault(problem.path, []).append(problem)
    for rel in (f"partners/{name}" for name in names):
        builder.compute(rel, loaded.stat_keys.get(rel), by_rel.get(rel), problems.get(rel, []))
    extra = sum(len(found) for path, found in problems.items() if path not in rels)
    summary = builder.summary(names, extra)
    summary.settings_problems = problems.get("koop.toml", [])
    return summary


def due_summary(root: Path, today: date, within: int = 0) -> DueSummary:
    """The due list (items due by today + within) of the workspace at root, as cheaply as the cache allows.

    Only the plain due list (within 0) is cached; a look-ahead is computed from the loaded workspace.
    """
    with paused_gc():
        found = None if within else cached_due(root, today)
        if found is None:
            from koop_tui.index.warm import load

            loaded = load(Path(root))
            found = build_due(root, today, loaded, within)
            keep_to_exit(loaded)
        return found


def open_for_day(root: Path, today: date, progress=None, known: DueSummary | None = None) -> tuple[Loaded, DueSummary]:
    """The whole workspace and its due list of today. known: a due list from the cache, kept when it was
    computed from the very files loaded."""
    from koop_tui.index.warm import KEEP_AT, load

    loaded = load(Path(root), progress)
    if known is not None and known.computed_from(loaded):
        return loaded, known
    with paused_gc(keep=len(loaded.fingerprints) >= KEEP_AT):
        return loaded, build_due(root, today, loaded)
