"""A change to one partner touches one file: resolve the partner, read that file alone, write it safely."""

from __future__ import annotations

from pathlib import Path

from koop_tui.errors import KoopError
from koop_tui.model import Contact, Partner, Workspace
from koop_tui.slugs import PARTNER_FILE_RE
from koop_tui.store.loader import load
from koop_tui.store.lookup import BrokenPartner, find_contact, is_email, split_target
from koop_tui.store.store import OnChange, Store
from koop_tui.text import fold


def open_target(root: Path, text: str, on_change: OnChange | None = None) -> tuple[Store, Partner, Contact | None]:
    wanted = text.strip().casefold()
    whole = PARTNER_FILE_RE.match(f"{wanted}.toml") and (root / "partners" / f"{wanted}.toml").is_file()
    slug, contact_text = (wanted, None) if whole else _resolve(root, text)

    from koop_tui import index

    store = Store(root, _Indexed(root, on_change), loaded=load(root, names=[f"{slug}.toml"]), load=index.load)
    partner = store.partner(slug)
    return store, partner, None if contact_text is None else find_contact(partner, contact_text)


class _Indexed:
    """The on_change of a one-file store: the caller's, then the index rows of the changed files brought up to
    date once the command has printed (cache.save_later: in its detached writer), so that the next lookup or
    search finds them current instead of parsing the file and rewriting its search rows itself. Only those
    files: the next reader's sync stats all the others anyway."""

    def __init__(self, root: Path, on_change: OnChange | None) -> None:
        self.root, self.on_change, self.changed = root, on_change, {}
        self.before_write = getattr(on_change, "before_write", None)

    def __call__(self, paths: list[Path], message: str) -> None:
        if self.on_change is not None:
            self.on_change(paths, message)
        queued = bool(self.changed)
        self.changed.update(dict.fromkeys(paths))
        if not queued:  # once: the writer refreshes every file changed by then
            from koop_tui.index.cache import save_later

            save_later(self._refresh)

    def _refresh(self) -> None:
        from koop_tui.index.db import Index, path_of

        changed, self.changed = list(self.changed), {}
        if not path_of(self.root).exists():  # no index yet: none to keep
            return
        partners = (Path(self.root) / "partners").resolve()
        rels = [f"partners/{p.name}" for p in changed]
        index = Index(self.root)
        try:
            if all(Path(p).parent.resolve() == partners for p in changed):
                index.refresh(rels)
            else:  # a change outside partners/ (none today): the whole index
                index.sync()
        finally:
            index.close()


class _Named:
    """A partner as the lookup rules read it: its slug and name (cheaper than a Partner per file)."""

    __slots__ = ("slug", "name")

    def __init__(self, slug: str, name: str) -> None:
        self.slug, self.name = slug, name


def _resolve(root: Path, text: str) -> tuple[str, str | None]:
    """(slug, contact part) of `PARTNER[/CONTACT]`, resolved over the index's slugs and names with stand-in
    partners, exactly as store.lookup.find_target resolves it over the loaded workspace.

    Every partner a lookup rule can match has a slug or name starting with what was typed (the whole text, or
    the part before its last `/`): only those are asked for. An error is made again over all of them, for its
    suggestions."""
    from koop_tui.index.db import Index

    starts = {fold(text.strip()), fold(text.rpartition("/")[0].strip())} - {""}
    index = Index(root)
    try:
        index.sync()
        found = index.by_email(text) if is_email(text) else []
        try:
            wanted = {slug for slug, __ in found} or starts  # the partners the text can name
            rows = index.partners(*wanted) if wanted else []
            return _split(rows, [], text, found)
        except KoopError:
            try:
                return _split(index.partners(), index.broken(), text, found)
            except BrokenPartner as broken:  # said again from the file read alone, naming its first error
                read = load(root, names=[broken.rel.removeprefix("partners/")]).workspace
                raise BrokenPartner(read, broken.rel) from None
    finally:
        index.close()


def _split(rows: list[tuple[str, str]], broken: list[str], text: str,
           by_email: list[tuple[str, str]]) -> tuple[str, str | None]:
    named = {slug: _Named(slug, name) for slug, name in rows}
    stand_ins = Workspace(settings=None, partners=named, broken=broken)  # type: ignore[arg-type]
    partner, contact_text = split_target(stand_ins, text, lambda _address: by_email)
    return partner.slug, contact_text
