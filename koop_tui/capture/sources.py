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
from koop_tui.i18n import _, os_reason

Progress = Callable[[str, int, int], None]  # (what, done, total)
MAX_ICS = 50 * 1024 * 1024
CHUNK = 1000  # messages per batch: an interrupted first run resumes at the batch it was in


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
        raise SourceError(_("{path}: not a folder").format(path=root))
    out = []
    for here, dirs, _files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("cur", "new", "tmp"))
        if os.path.isdir(os.path.join(here, "cur")) or os.path.isdir(os.path.join(here, "new")):
            out.append(Path(here))
        if len(Path(here).relative_to(root).parts) >= 4:
            dirs[:] = []
    if not out:
        raise SourceError(_("{path}: no Maildir here (a Maildir folder has cur/ and new/)").format(path=root))
    return out


def read_maildir(source: Source, cursor: dict, ctx: Context) -> Iterator[Batch]:
    """Each Maildir folder in batches of CHUNK new messages; a message counts once by its unique name (flags
    after ':' may change)."""
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
                raise SourceError(f"{folder / sub}: {os_reason(exc)}") from None
            files += [(name.split(":", 1)[0], sub, name) for name in names if not name.startswith(".")]
        new = [(key, folder / sub / name) for key, sub, name in sorted(files) if key not in seen]
        label = source.name if rel == "." else f"{source.name} {rel}"
        for start in range(0, len(new), CHUNK):
            chunk, items = new[start:start + CHUNK], []
            for key, path in chunk:
                try:
                    items.append(seen_from_bytes(_head_of(path), ctx, _first_bytes(path)))
                except FileNotFoundError:  # moved by the mail program meanwhile: read under its new name next time
                    continue
                except OSError as exc:
                    raise SourceError(f"{path}: {os_reason(exc)}") from None
                seen.add(key)
            cursor[rel] = sorted(seen)
            ctx.progress(label, start + len(chunk), len(new))
            yield Batch(label, items, dict(cursor), len(chunk))
        if not new:
            yield Batch(label, [], dict(cursor), 0)


def _start_of(path: Path, size: int) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read(size)).hexdigest()


def read_mbox(source: Source, cursor: dict, ctx: Context) -> Iterator[Batch]:
    """An mbox file in batches of CHUNK messages; later runs skip the messages counted before while the file
    starts as it did (the bytes hashed then: an mbox only grows at its end)."""
    import mailbox

    path = Path(source.where)
    try:
        hashed = cursor.get("hashed", 4096)
        same = cursor.get("start") == _start_of(path, hashed)
        start = _start_of(path, 4096)
        hashed = min(4096, path.stat().st_size)
        with open(path, "rb") as f:
            first = f.read(5)
        box = mailbox.mbox(path, create=False)
        keys = box.keys()
    except (OSError, mailbox.Error) as exc:
        raise SourceError(f"{path}: {os_reason(exc)}") from None
    if first and first != b"From ":  # any file reads as an mbox of no messages: "0 touchpoints" said nothing
        box.close()
        raise SourceError(_("{path}: not an mbox file (it does not begin with a \"From \" line)").format(path=path))
    skip = cursor.get("count", 0) if same and cursor.get("count", 0) <= len(keys) else 0
    try:
        for first in range(skip, len(keys), CHUNK):
            items = []
            for key in keys[first:first + CHUNK]:
                try:
                    f = box.get_file(key)
                    head = f.read(HEADER_LIMIT + BODY_LIMIT)  # parse_headers stops at the blank line
                    f.close()
                except (OSError, KeyError) as exc:
                    raise SourceError(f"{path}: {exc}") from None
                items.append(seen_from_bytes(head, ctx, lambda head=head: head))
            done = min(first + CHUNK, len(keys))
            ctx.progress(source.name, done - skip, len(keys) - skip)
            yield Batch(source.name, items, {"start": start, "hashed": hashed, "count": done}, done - first)
        if skip == len(keys):
            yield Batch(source.name, [], {"start": start, "hashed": hashed, "count": len(keys)}, 0)
    finally:
        box.close()


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
            raise SourceError(_("{url}: the server answered {status}").format(
                url=url, status=f"{exc.code} {exc.reason}")) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise SourceError(f"{url}: {os_reason(reason) if isinstance(reason, OSError) else reason}") from None
    else:
        try:
            with open(where, "rb") as f:
                data = f.read(MAX_ICS + 1)
        except OSError as exc:
            raise SourceError(f"{where}: {os_reason(exc)}") from None
    if len(data) > MAX_ICS:
        raise SourceError(_("{path}: larger than {size} MB; not read").format(path=where, size=MAX_ICS // 1024 // 1024))
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
