"""Reading the places mail and calendars live, in batches: each batch is read whole before anything from it is
used, and carries the source's cursor after it, so an interrupted or failed run resumes at the batch it was in.

Maildir (a folder with cur/ and new/, or a tree of them as mbsync, offlineimap and notmuch keep them), mbox
(Thunderbird, mutt), .ics files and URLs here; IMAP in imap.py, CalDAV in caldav_.py; run.read_source picks.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from koop_tui.capture.calendar import BadCalendar, parse_events
from koop_tui.capture.config import CaptureConfig, Source
from koop_tui.capture.mail import BODY_LIMIT, HEADER_LIMIT, parse_headers, parse_mail, read_departures
from koop_tui.capture.seen import Seen

Progress = Callable[[str, int, int], None]  # (what, done, total)
MAX_ICS = 50 * 1024 * 1024


class SourceError(Exception):
    """A source that could not be read to the end: one line for the user; nothing of the batch is used."""


@dataclass
class Batch:
    label: str
    items: list[Seen]
    cursor: dict[str, Any]  # the source's whole cursor after this batch
    read: int = 0  # messages or events read (items holds those that may matter)


@dataclass
class Context:
    config: CaptureConfig
    today: date
    progress: Progress = field(default=lambda what, done, total: None)


def seen_from_bytes(head: bytes, ctx: Context, more: Callable[[], bytes] | None = None) -> Seen:
    """A mail from its raw header block; `more` gives its first bytes when it is a bounce or an auto-reply."""
    mail = parse_mail(parse_headers(head), ctx.today, ctx.config.max_people, ctx.config.me)
    if mail.auto and more is not None:
        read_departures(mail, more())
    return mail


def _head_of(path: Path) -> bytes:
    """The header block of a mail file: read in chunks until the first blank line, never the attachments."""
    with open(path, "rb") as f:
        data = f.read(16384)
        while b"\n\n" not in data and b"\r\n\r\n" not in data and len(data) < HEADER_LIMIT:
            chunk = f.read(65536)
            if not chunk:
                break
            data += chunk
    return data


def _first_bytes(path: Path) -> Callable[[], bytes]:
    def read() -> bytes:
        with open(path, "rb") as f:
            return f.read(HEADER_LIMIT + BODY_LIMIT)

    return read


def maildir_folders(root: Path) -> list[Path]:
    """The Maildir folders at or under root (a folder has cur/ or new/), sorted."""
    if not root.is_dir():
        raise SourceError(f"{root}: not a folder")
    out = []
    for here, dirs, _ in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("cur", "new", "tmp"))
        if os.path.isdir(os.path.join(here, "cur")) or os.path.isdir(os.path.join(here, "new")):
            out.append(Path(here))
        if len(Path(here).relative_to(root).parts) >= 4:
            dirs[:] = []
    if not out:
        raise SourceError(f"{root}: no Maildir here (a Maildir folder has cur/ and new/)")
    return out


def read_maildir(source: Source, cursor: dict, ctx: Context) -> Iterator[Batch]:
    """Each Maildir folder is a batch; a message counts once by its unique name (flags after ':' may change)."""
    root = Path(source.where)
    cursor = {k: list(v) for k, v in cursor.items()}
    for folder in maildir_folders(root):
        rel = str(folder.relative_to(root)) if folder != root else "."
        seen = set(cursor.get(rel, []))
        files = []
        for sub in ("new", "cur"):
            try:
                names = os.listdir(folder / sub)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise SourceError(f"{folder / sub}: {exc.strerror or exc}") from None
            files += [(name.split(":", 1)[0], sub, name) for name in names if not name.startswith(".")]
        new = [(key, folder / sub / name) for key, sub, name in sorted(files) if key not in seen]
        items = []
        for done, (key, path) in enumerate(new, 1):
            try:
                items.append(seen_from_bytes(_head_of(path), ctx, _first_bytes(path)))
            except FileNotFoundError:  # moved by the mail program meanwhile: it is read under its new name next time
                continue
            except OSError as exc:
                raise SourceError(f"{path}: {exc.strerror or exc}") from None
            seen.add(key)
            if done % 500 == 0:
                ctx.progress(f"{source.name} {rel}", done, len(new))
        if new:
            cursor[rel] = sorted(seen)
        yield Batch(f"{source.name} {rel}", items, dict(cursor), len(new))


def read_mbox(source: Source, cursor: dict, ctx: Context) -> Iterator[Batch]:
    """An mbox file is one batch; later runs skip the messages counted before while the file's start is the same."""
    import mailbox

    path = Path(source.where)
    try:
        with open(path, "rb") as f:
            start = hashlib.sha256(f.read(4096)).hexdigest()
        box = mailbox.mbox(path, create=False)
        keys = box.keys()
    except (OSError, mailbox.Error) as exc:
        raise SourceError(f"{path}: {getattr(exc, 'strerror', None) or exc}") from None
    skip = cursor.get("count", 0) if cursor.get("start") == start and cursor.get("count", 0) <= len(keys) else 0
    items = []
    for done, key in enumerate(keys[skip:], 1):
        try:
            f = box.get_file(key)
            head = f.read(HEADER_LIMIT + BODY_LIMIT)  # parse_headers stops at the blank line
            f.close()
        except (OSError, KeyError) as exc:
            raise SourceError(f"{path}: {exc}") from None
        items.append(seen_from_bytes(head, ctx, lambda head=head: head))
        if done % 500 == 0:
            ctx.progress(source.name, done, len(keys) - skip)
    box.close()
    yield Batch(source.name, items, {"start": start, "count": len(keys)}, len(keys) - skip)


def fetch_ics(where: str, timeout: float) -> bytes:
    """The bytes of an .ics file or URL (http, https, webcal), at most MAX_ICS."""
    import urllib.error
    import urllib.request

    if where.startswith(("http://", "https://", "webcal://")):
        url = "https://" + where[len("webcal://"):] if where.startswith("webcal://") else where
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": "koop"}),
                                        timeout=timeout) as answer:
                data = answer.read(MAX_ICS + 1)
        except urllib.error.HTTPError as exc:
            raise SourceError(f"{url}: the server answered {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise SourceError(f"{url}: {reason}") from None
    else:
        try:
            with open(where, "rb") as f:
                data = f.read(MAX_ICS + 1)
        except OSError as exc:
            raise SourceError(f"{where}: {exc.strerror or exc}") from None
    if len(data) > MAX_ICS:
        raise SourceError(f"{where}: larger than {MAX_ICS // 1024 // 1024} MB; not read")
    return data


def read_ics(source: Source, cursor: dict, ctx: Context) -> Iterator[Batch]:
    """A calendar file or URL is one batch; unchanged content reads as nothing new."""
    data = fetch_ics(source.where, source.timeout)
    digest = hashlib.sha256(data).hexdigest()
    if cursor.get("sha256") == digest and cursor.get("today") == ctx.today.isoformat():
        yield Batch(source.name, [], cursor, 0)
        return
    try:
        items = parse_events(data, ctx.today, ctx.config.max_people, ctx.config.me)
    except BadCalendar as exc:
        raise SourceError(f"{source.where}: {exc}") from None
    yield Batch(source.name, items, {"sha256": digest, "today": ctx.today.isoformat()}, len(items))
