"""IMAP, read-only and headers only: each folder is selected with EXAMINE, and only the UIDs above the last one
read are fetched while the folder's UIDVALIDITY stays the same (otherwise the folder is read again; the sources
already logged keep that from logging twice). TLS always, except to the local machine with `tls = false`.
"""

from __future__ import annotations

import base64
import imaplib
import re
import socket
import ssl
from collections.abc import Iterator

from koop_tui.capture.config import Source
from koop_tui.capture.mail import BODY_LIMIT, HEADER_LIMIT, HEADERS
from koop_tui.capture.sources import CHUNK, Batch, Context, SourceError, seen_from_bytes
from koop_tui.errors import KoopError
from koop_tui.i18n import _
from koop_tui.words import plural

LOCAL = ("127.0.0.1", "::1", "localhost")
_UID = re.compile(rb"UID (\d+)")


def utf7(folder: str) -> str:
    """A folder name as IMAP writes it, modified UTF-7 (RFC 3501 5.1.3): "Entwürfe" -> "Entw&APw-rfe"."""
    out, wide = [], []

    def shift() -> None:
        if wide:
            packed = base64.b64encode("".join(wide).encode("utf-16-be")).decode("ascii")
            out.append("&" + packed.rstrip("=").replace("/", ",") + "-")
            wide.clear()

    for char in folder:
        if " " <= char <= "~":
            shift()
            out.append("&-" if char == "&" else char)
        else:
            wide.append(char)
    shift()
    return "".join(out)


def _quoted(folder: str) -> str:
    """A folder name as a quoted IMAP string, non-ASCII in modified UTF-7."""
    return '"' + utf7(folder).replace("\\", "\\\\").replace('"', '\\"') + '"'


def connect(source: Source) -> imaplib.IMAP4:
    if not source.tls and source.host not in LOCAL:
        raise SourceError(_("{host}: IMAP without TLS only to 127.0.0.1; remove tls = false").format(host=source.host))
    try:
        if source.tls:
            return imaplib.IMAP4_SSL(source.host, source.port or 993, timeout=source.timeout,
                                     ssl_context=ssl.create_default_context())
        return imaplib.IMAP4(source.host, source.port or 143, timeout=source.timeout)
    except (OSError, imaplib.IMAP4.error, EOFError) as exc:
        raise SourceError(_("{host}: cannot connect: {reason}").format(host=source.host, reason=_reason(exc))) from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return _("no answer (timed out)")
    text = exc.args[0] if exc.args else exc
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return " ".join(str(text).split())[:120] or type(exc).__name__


def _check(answer: tuple, what: str) -> list:
    typ, data = answer
    if typ != "OK":
        raise SourceError(f"{what}: {_reason(Exception(data[0] if data else typ))}")
    return data


def _headers(data: list) -> list[tuple[int, bytes]]:
    out = []
    for part in data:
        if isinstance(part, tuple) and len(part) >= 2:
            found = _UID.search(part[0])
            if found:
                out.append((int(found.group(1)), part[1] or b""))
    return out


_STATUS = re.compile(rb"(UIDNEXT|UIDVALIDITY) (\d+)")


def _unchanged(client: imaplib.IMAP4, folder: str, known: dict) -> bool:
    """Whether the folder got nothing since the cursor: one STATUS, without selecting or searching it."""
    typ, data = client.status(_quoted(folder), "(UIDNEXT UIDVALIDITY)")
    found = dict(_STATUS.findall(b" ".join(d for d in data if isinstance(d, bytes)))) if typ == "OK" else {}
    return (b"UIDNEXT" in found and int(found.get(b"UIDVALIDITY", -1)) == known.get("validity")
            and int(found[b"UIDNEXT"]) <= known.get("uid", 0) + 1)


def _folder(client: imaplib.IMAP4, source: Source, folder: str, cursor: dict, ctx: Context) -> Iterator[Batch]:
    known = cursor.get(folder, {})
    if known and _unchanged(client, folder, known):
        return
    where = _("folder {folder}").format(folder=folder)
    _check(client.select(_quoted(folder), readonly=True), where)
    validity = int((client.response("UIDVALIDITY")[1] or [b"0"])[0] or 0)
    last = known.get("uid", 0) if known.get("validity") == validity else 0
    data = _check(client.uid("SEARCH", None, f"UID {last + 1}:*"), where)
    uids = sorted(int(u) for u in (data[0] or b"").split() if int(u) > last)  # "n:*" also names the last one
    fields = " ".join(HEADERS).upper()
    for start in range(0, len(uids), CHUNK):
        chunk = uids[start:start + CHUNK]
        wanted = ",".join(map(str, chunk))
        data = _check(client.uid("FETCH", wanted, f"(UID BODY.PEEK[HEADER.FIELDS ({fields})])"), where)
        items = []
        for uid, head in _headers(data):
            items.append(seen_from_bytes(head, ctx, lambda uid=uid: _first_bytes(client, uid)))
        cursor[folder] = {"validity": validity, "uid": chunk[-1]}
        ctx.progress(f"{source.name} {folder}", start + len(chunk), len(uids))
        yield Batch(f"{source.name} {folder}", items, {k: dict(v) for k, v in cursor.items()}, len(chunk))


def _first_bytes(client: imaplib.IMAP4, uid: int) -> bytes:
    """The first bytes of a bounce or an auto-reply, whose text says whether the person left."""
    typ, data = client.uid("FETCH", str(uid), f"(UID BODY.PEEK[]<0.{HEADER_LIMIT + BODY_LIMIT}>)")
    found = _headers(data) if typ == "OK" else []
    return found[0][1] if found else b""


def read_imap(source: Source, cursor: dict, ctx: Context) -> Iterator[Batch]:
    """Batches of new mail per folder; a folder that does not exist is reported after the others are read."""
    try:
        password = source.password()
    except KoopError as exc:
        raise SourceError(str(exc)) from None
    client = connect(source)
    missing = []
    try:
        try:
            client.login(source.user, password)
        except imaplib.IMAP4.abort:
            raise  # the connection broke: not a refusal
        except imaplib.IMAP4.error as exc:
            raise SourceError(_("{host}: login refused for {user}: {reason}").format(
                host=source.host, user=source.user, reason=_reason(exc))) from None
        for folder in source.folders:
            if _exists(client, folder):
                yield from _folder(client, source, folder, cursor, ctx)
            else:
                missing.append(folder)
    except (OSError, imaplib.IMAP4.error, imaplib.IMAP4.abort, EOFError) as exc:
        raise SourceError(_("{host}: connection lost: {reason}").format(host=source.host,
                                                                        reason=_reason(exc))) from None
    finally:
        try:
            client.shutdown()
        except (OSError, imaplib.IMAP4.error, EOFError):
            pass
    if missing:
        raise SourceError(plural(len(missing), "{host}: no folder {folders} (the others were read)",
                                 "{host}: no folders {folders} (the others were read)", host=source.host,
                                 folders=", ".join(missing)))


def _exists(client: imaplib.IMAP4, folder: str) -> bool:
    typ, data = client.list('""', _quoted(folder))
    return typ == "OK" and any(d for d in data if d)
