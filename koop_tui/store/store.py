"""The Store: the loaded workspace plus one method per change, each written safely.

Every change runs under the workspace lock: read the file fresh, apply the change to that text, re-parse and
compare with the intended model, re-check the file right before the atomic replace, then update the model.
A file edited on disk since it was loaded gets the change re-applied to its new content (never overwritten).
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from koop_tui.canonical import partner_to_dict
from koop_tui.errors import ConflictError, InvalidValue, KoopError
from koop_tui.i18n import _, os_reason
from koop_tui.model import Partner, Problem, Settings, Workspace, errors_of
from koop_tui.schema import file_keys
from koop_tui.slugs import partner_path
from koop_tui.store.changes import Changes
from koop_tui.store.edit import BOM
from koop_tui.store.files import (
    Fingerprint,
    NotRegular,
    TooLarge,
    atomic_write,
    digest,
    read_regular,
    workspace_lock,
)
from koop_tui.store.loader import Loaded, load, load_partner, partner_files
from koop_tui.store.lookup import check_hint
from koop_tui.store.parse import parse_partner_bytes
from koop_tui.words import plural

OnChange = Callable[[list[Path], str], None]
"""Called with the files and a message after each change; one with a before_write(path) method also hears right
before koop replaces an existing partner file (cli.common.AutoCommit commits a pending hand edit of it then)."""
# An operation gets (fresh partner copy to change as intended, file text, partner as last loaded) and returns
# (new file text, result for the caller).
Operation = Callable[[Partner, str, Partner], tuple[str, Any]]
ATTEMPTS = 3
_FIRST_TABLE = re.compile(r"(?m)^[ \t]*\[")  # the partner's own keys stand before its first table


def refusal(rel: str, errors: list[Problem]) -> str:
    """"partners/acme.toml has 2 problems, nothing was written: <each problem>", one per line after the first."""
    return (plural(len(errors), "{path} has {n} problem, nothing was written:",
                   "{path} has {n} problems, nothing was written:", path=rel)
            + "".join(f"\n  {p}" for p in errors))


def clone(partner: Partner) -> Partner:
    """A copy an operation may change: new lists and records; record fields are replaced, never mutated."""
    tables = ("contacts", "touchpoints", "followups", "projects", "agreements", "conflicts")
    return replace(partner, vetting=copy.copy(partner.vetting), tags=list(partner.tags), skills=list(partner.skills),
                   **{t: [copy.copy(r) for r in getattr(partner, t)] for t in tables})


def _differing(before: Partner, after: Partner, tables: tuple[str, ...]) -> tuple[Partner, Partner]:
    """Both versions with only the records that differ: a record equal in both has an equal canonical dict, which
    journal.diff leaves out anyway; a one-record change no longer makes the dicts of all the others. Matched by
    id as journal.diff matches them (the last of an id)."""
    kept_before, kept_after = {}, {}
    for table in tables:
        old, new = getattr(before, table), getattr(after, table)
        old_by_id, new_by_id = {r.id: r for r in old}, {r.id: r for r in new}
        same = {rid for rid, r in new_by_id.items() if rid in old_by_id and old_by_id[rid] == r}
        kept_before[table] = [r for r in old if r.id not in same]
        kept_after[table] = [r for r in new if r.id not in same]
    return replace(before, **kept_before), replace(after, **kept_after)


class Store(Changes):
    """A workspace on disk that koop changes safely; safe to call from worker threads."""

    def __init__(self, root: Path, on_change: OnChange | None = None, loaded: Loaded | None = None,
                 load: Callable[[Path], Loaded] = load) -> None:
        """loaded: the workspace as already read (else it is read with `load`, which also re-reads it when
        koop.toml changes; the index passes its load through the cache)."""
        self.root = Path(root).resolve()
        self.on_change = on_change
        self._mutex = threading.RLock()
        self._held = 0  # how deep the calls holding the workspace lock nest (a bulk action holds it throughout)
        self._group: dict[str, Any] | None = None  # the bulk action being written (journal.append)
        self._load = load
        self._loaded = load(self.root) if loaded is None else loaded

    @contextmanager
    def locked(self) -> Iterator[None]:
        """This store's mutex and the workspace lock, taken once however deep the calls nest."""
        with self._mutex, nullcontext() if self._held else workspace_lock(self.root):
            self._held += 1
            try:
                yield
            finally:
                self._held -= 1

    @contextmanager
    def grouped(self, message: str) -> Iterator[None]:
        """The changes made inside are one bulk action for undo (store.journal): one undo reverses them all. The
        workspace lock is held throughout, so no other koop's change comes between them."""
        with self.locked():
            if self._group is not None:
                yield
                return
            self._group = {"id": None, "message": message}
            try:
                yield
            finally:
                self._group = None

    @property
    def workspace(self) -> Workspace:
        return self._loaded.workspace

    @property
    def loaded(self) -> Loaded:
        """The workspace with what each file looked like when read (derived caches key on it)."""
        return self._loaded

    @property
    def settings(self) -> Settings:
        return self._loaded.workspace.settings

    def path_of(self, slug: str) -> Path:
        try:
            return partner_path(self.root / "partners", slug)
        except ValueError as exc:  # e.g. the file was replaced by a symlink leading out of partners/
            raise KoopError(str(exc), "partner files must be plain files inside partners/") from None

    def _write(self, path: Path, rel: str, data: bytes, exclusive: bool = False) -> Fingerprint:
        """atomic_write, with a full disk, a read-only directory or a swapped-in symlink as a one-line KoopError."""
        try:
            return atomic_write(path, data, exclusive=exclusive)
        except FileExistsError:
            raise
        except OSError as exc:
            raise KoopError(_("could not save {path}: {reason}").format(path=rel, reason=os_reason(exc)),
                            _("the file on disk is unchanged")) from None
        except NotRegular as exc:
            raise KoopError(_("could not save {path}: {reason}").format(path=rel, reason=exc)) from None

    def partner(self, slug: str) -> Partner:
        found = self.workspace.partners.get(slug)
        if found is None:
            rel = f"partners/{slug}.toml"
            if rel in self.workspace.broken:
                raise KoopError(_("{path} has problems; fix them first").format(path=rel),
                                check_hint(self.workspace, rel))
            raise KoopError(_("no partner '{slug}'").format(slug=slug))
        return found

    def refresh(self) -> set[str]:
        """Re-read only files changed on disk (stat, then hash); return the slugs that changed."""
        with self._mutex:
            loaded = self._loaded
            settings_fp = loaded.settings_fingerprint
            try:
                __, now = read_regular(self.root / "koop.toml")
            except (OSError, NotRegular, TooLarge):
                now = None
            if (now and now.sha256) != (settings_fp and settings_fp.sha256):
                before = set(loaded.workspace.partners)
                self._loaded = self._load(self.root)
                return before | set(self._loaded.workspace.partners)
            names, __ = partner_files(self.root / "partners")
            known = {rel.removeprefix("partners/") for rel in loaded.fingerprints} | {
                rel.removeprefix("partners/") for rel in loaded.workspace.broken
            }
            changed = set()
            for name in sorted(set(names) | known):
                if self._file_changed(f"partners/{name}"):
                    load_partner(self.root, name, loaded)
                    changed.add(name.removesuffix(".toml"))
            return changed

    def _file_changed(self, rel: str) -> bool:
        old = self._loaded.fingerprints.get(rel)
        try:
            st = (self.root / rel).lstat()
        except FileNotFoundError:
            return old is not None or rel in self._loaded.workspace.broken
        if old is not None and old.same_stat(st):
            return False
        try:
            __, now = read_regular(self.root / rel)
        except (OSError, NotRegular, TooLarge):
            return True
        return old is None or now.sha256 != old.sha256

    def apply(self, slug: str, operation: Operation, message: str, commit: bool = True,
              undoing: tuple[str, int] | None = None) -> Any:
        """Run one change on a partner file; see the module docstring for the steps. Without `commit`, the
        caller reports the change to on_change itself (several files as one change). The change is journaled for
        undo (`undoing`: ("undo" or "redo", the number of the change it reverses or redoes))."""
        path = self.path_of(slug)
        rel = f"partners/{slug}.toml"
        with self._mutex:
            stale = self.partner(slug)
            with self.locked():
                fresh, result, texts = self._apply_locked(path, rel, slug, operation, stale)
                self._journal(slug, fresh, message, undoing, texts)
        if commit and self.on_change is not None:
            self.on_change([path], message)
        return result

    def _apply_locked(self, path: Path, rel: str, slug: str, operation: Operation, stale: Partner) -> Any:
        for __ in range(ATTEMPTS):
            data = self._read(path, rel)
            fresh = self._fresh(slug, rel, data)
            intended = clone(fresh)
            bom = data.startswith(BOM.encode())
            text = data.decode("utf-8")[1 if bom else 0 :]
            new_text, result = operation(intended, text, stale)
            new_data = (BOM if bom else "").encode() + new_text.encode("utf-8")
            partner, problems = self._verify(new_data, rel, intended)
            if digest(self._read(path, rel)) != digest(data):
                continue  # edited on disk while we worked: start over on the new content
            before_write = getattr(self.on_change, "before_write", None)
            if before_write is not None:
                before_write(path)
            fingerprint = self._write(path, rel, new_data)
            ws = self.workspace
            self._loaded.fingerprints[rel] = fingerprint
            ws.problems[:] = [p for p in ws.problems if p.path != rel] + problems
            ws.partners[slug] = partner
            return fresh, result, (text, new_text)
        raise ConflictError(_("{path} keeps changing on disk; not saved").format(path=rel), _("try again in a moment"))

    def _journal(self, slug: str, before: Partner, message: str, undoing: tuple[str, int] | None,
                 texts: tuple[str, str]) -> None:
        """Note the change's records before and after in the journal (store.journal), for undo; `texts`: the
        file before and after."""
        from koop_tui.store import journal

        after = self.workspace.partners[slug]
        order = {}
        for table in journal.TABLES:
            ids = [r.id for r in getattr(before, table)]
            order[table] = ids + [r.id for r in getattr(after, table) if r.id not in ids]
        before, after = _differing(before, after, journal.TABLES)
        records = journal.diff(self._as_written(before, texts[0]), self._as_written(after, texts[1]), order)
        kind, of = undoing or ("change", None)
        if not records and undoing is None:
            return
        try:
            journal.append(self.root, kind, slug, message, records, of, self._group)
        except OSError:
            pass  # the change is saved; only its undo is lost

    def _text_of(self, slug: str) -> str:
        """A partner file's text as it is now, without its BOM (_read says why it cannot be read)."""
        return self._read(self.path_of(slug), f"partners/{slug}.toml").decode("utf-8-sig", errors="replace")

    def _as_written(self, partner: Partner, text: str) -> dict[str, Any]:
        """The partner's canonical dict, with a key that holds the workspace's default (`owner` = default_owner)
        kept when the file writes it: undo puts back the line the file had, not the default it stands for."""
        data = partner_to_dict(partner, self.settings)
        head = _FIRST_TABLE.split(text, maxsplit=1)[0]
        for k in file_keys(Partner):
            if k.settings and k.name not in data and re.search(rf"(?m)^[ \t]*{k.name}[ \t]*=", head):
                data[k.name] = getattr(partner, k.name)
        return data

    def _journal_file(self, slug: str, message: str, text: str) -> None:
        """Note a partner file koop created (undo deletes it while unchanged)."""
        from koop_tui.store import journal

        try:
            journal.append(self.root, "change", slug, message,
                           [{"table": "file", "id": None, "before": None, "after": text}], group=self._group)
        except OSError:
            pass

    def _read(self, path: Path, rel: str) -> bytes:
        try:
            return read_regular(path)[0]
        except FileNotFoundError:
            raise ConflictError(_("{path} was deleted on disk; not saved").format(path=rel)) from None
        except (OSError, NotRegular, TooLarge) as exc:
            raise KoopError(_("cannot read {path}: {reason}").format(path=rel, reason=exc)) from None

    def _fresh(self, slug: str, rel: str, data: bytes) -> Partner:
        """The partner as it is on disk now; reloaded into the workspace if it changed since loading."""
        known = self._loaded.fingerprints.get(rel)
        if known is None or known.sha256 != digest(data):
            load_partner(self.root, f"{slug}.toml", self._loaded)
        partner = self.workspace.partners.get(slug)
        if partner is None:
            raise ConflictError(_("{path} changed on disk and now has problems; not saved").format(path=rel),
                                _("run `koop check`"))
        return partner

    def _verify(self, data: bytes, rel: str, intended: Partner) -> tuple[Partner, list[Problem]]:
        """The new bytes must parse, add no error, and mean exactly the intended partner. Into a file that has
        errors only a change that fixes one of them is written (never invent: nothing else may build on values
        that could not be read)."""
        settings = self.settings
        partner, problems = parse_partner_bytes(data, rel, settings)
        had = errors_of([p for p in self.workspace.problems if p.path == rel])
        before = {p.message for p in had}
        new = [p for p in problems if p.severity == "error" and p.message not in before]
        if new:
            raise InvalidValue(new[0].message + (f" ({new[0].hint})" if new[0].hint else ""))
        after = {p.message for p in problems if p.severity == "error"}
        if had and not before - after:
            raise KoopError(refusal(rel, had),
                            _("fix the file first (koop check): change the broken field, or edit it"))
        if partner is None or (partner != intended and
                               partner_to_dict(partner, settings) != partner_to_dict(intended, settings)):
            raise KoopError(_("refusing to save {path}: the edited file would not read back as intended").format(
                path=rel))
        return partner, problems
