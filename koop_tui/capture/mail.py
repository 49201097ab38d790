"""One mail reduced to what capture needs: who, when, which thread, and whether it is to be skipped.

Only headers are read for ordinary mail; a bounce or an auto-reply is read further (its first BODY_LIMIT bytes),
because whether a person left their company is written in the text. Headers in unknown charsets, broken encoded
words, a missing or absurd Date: the mail is kept or skipped with a reason, never an exception.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta, timezone
from email import message_from_bytes
from email.header import decode_header
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

from koop_tui.capture.seen import Seen

BODY_LIMIT = 64 * 1024
HEADER_LIMIT = 256 * 1024
# Header names IMAP fetches (imap.py): everything parse_mail reads.
HEADERS = ("Message-ID", "Date", "From", "To", "Cc", "Subject", "References", "In-Reply-To", "List-Id",
           "List-Unsubscribe", "Precedence", "Auto-Submitted", "Content-Type", "X-Autoreply", "X-Autorespond",
           "Return-Path")
EARLIEST = date(1990, 1, 1)

_LEFT = re.compile(
    r"no longer (?:with|employed|working|works|at)\b|(?:has|have) left (?:the|our) (?:company|organi[sz]ation|firm)"
    r"|is no longer part of|nicht mehr (?:im|in unserem) Unternehmen|(?:hat|haben) (?:das|unser) Unternehmen verlassen"
    r"|nicht mehr f(?:ü|ue)r [^.\n]{1,80}? t(?:ä|ae)tig|nicht mehr bei [^.\n]{1,80}? (?:beschäftigt|tätig)"
    r"|ist ausgeschieden|aus dem Unternehmen ausgeschieden",
    re.IGNORECASE,
)
_USER_UNKNOWN = re.compile(r"\b5\.1\.1\b|user unknown|no such user|mailbox unavailable|does not exist", re.IGNORECASE)


# Control characters but white space: an escape in a subject or a display name must not reach a partner file.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def text_of(value: object) -> str:
    """A header as text on one line: encoded words decoded, unknown charsets and bad bytes replaced, control
    characters dropped, never an exception."""
    if value is None:
        return ""
    return " ".join(_CONTROL.sub("", _decoded_words(str(value))).split())


def _decoded_words(raw: str) -> str:
    if "=?" not in raw:  # no encoded words: most headers
        return raw
    try:
        parts = decode_header(raw)
    except Exception:  # noqa: BLE001 - any malformed header is shown as it came
        return raw
    out = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        try:
            out.append(chunk.decode(charset or "ascii", "replace"))
        except LookupError:  # a charset Python does not know
            out.append(chunk.decode("utf-8", "replace"))
    return "".join(out)


class Headers:
    """A mail's header fields by name (any case), unfolded; what capture reads of ordinary mail."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.fields = fields

    def get(self, name: str, default: str | None = None) -> str | None:
        values = self.fields.get(name.lower())
        return values[0] if values else default

    def get_all(self, name: str, default: list[str] | None = None) -> list[str] | None:
        return self.fields.get(name.lower(), default)


_SIMPLE = re.compile(r'\s*(?:([^,<>@"()\\;:]*?)\s*<([^<>\s,]+)>|([^\s<>,"()]+))\s*')


def _pairs(values: list[str]) -> list[tuple[str, str]]:
    """(display name, address) of address headers: plain lists ("Name <a@b>, c@d") read directly, anything
    with quotes, comments or groups by the stdlib's full address parser."""
    out = []
    for value in values:
        pieces = value.split(",")
        found = [_SIMPLE.fullmatch(piece) for piece in pieces if piece.strip()]
        if not all(found):
            out += getaddresses([value])
            continue
        out += [(m.group(1) or "", m.group(2) or m.group(3)) for m in found]
    return out


def _addresses(msg: Headers, *names: str) -> list[tuple[str, str]]:
    values = []
    for name in names:
        values += msg.get_all(name, [])
    out = []
    for display, address in _pairs(values):
        address = address.strip().strip("<>").lower()
        if "@" in address and " " not in address:
            out.append((address, text_of(display).strip('"\' ')))
    return out


def _day(msg: Headers, today: date) -> date | None:
    """The local day the mail was sent; None for a missing, unreadable or absurd (future, ancient) Date."""
    raw = msg.get("Date")
    if raw is None:
        return None
    try:
        when = parsedate_to_datetime(str(raw))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    try:
        day = when.astimezone().date()
    except (OverflowError, ValueError, OSError):
        return None
    return day if EARLIEST <= day <= today + timedelta(days=1) else None


_ID = re.compile(r"<[^<>\s\x00-\x1f\x7f-\x9f]+>")  # a message id: no blank nor control character (it is stored)


def _message_id(msg: Headers) -> str:
    found = _ID.search(str(msg.get("Message-ID", "")))
    if found:
        return found.group(0)
    basis = "|".join(str(msg.get(h, "")) for h in ("Date", "From", "To", "Subject"))
    return f"<{hashlib.sha256(basis.encode('utf-8', 'replace')).hexdigest()[:24]}@koop.invalid>"


def _thread(msg: Headers, own: str) -> str:
    """The thread a mail belongs to: the first of its References, else what it replies to, else itself."""
    for name in ("References", "In-Reply-To"):
        found = _ID.search(str(msg.get(name, "")))
        if found:
            return found.group(0)
    return own


def _why_skipped(msg: Headers, max_people: int, people: int) -> str:
    if msg.get("List-Id") or msg.get("List-Unsubscribe"):
        return "list"
    if str(msg.get("Precedence", "")).strip().lower() in ("bulk", "list", "junk"):
        return "list"
    auto = str(msg.get("Auto-Submitted", "no")).strip().lower()
    if (auto and auto != "no") or msg.get("X-Autoreply") or msg.get("X-Autorespond"):
        return "auto"
    if people > max_people:
        return "crowd"
    return ""


def is_report_or_auto(msg: Headers) -> bool:
    """A bounce (delivery report) or an automatic reply: worth reading beyond the headers."""
    ctype = str(msg.get("Content-Type", "")).lower()
    auto = str(msg.get("Auto-Submitted", "no")).strip().lower()
    sender = str(msg.get("From", "")).lower()
    return ("multipart/report" in ctype or (auto not in ("", "no")) or bool(msg.get("X-Autoreply"))
            or "mailer-daemon" in sender or "postmaster@" in sender)


def _decoded(raw: bytes) -> str:
    """Header bytes as text: UTF-8 (RFC 6532), else Latin-1, which every byte string is."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


_END = re.compile(rb"(?:^|\n)\r?\n")
_FIELD = re.compile(rb"^([!-9;-~]+):[ \t]*(.*(?:\r?\n[ \t].*)*)", re.MULTILINE)  # a name, ":", folded lines
_WANTED = frozenset(h.lower() for h in HEADERS)


def parse_headers(data: bytes) -> Headers:
    """The fields capture reads, from the header block of a raw mail: up to the first blank line (the body and
    any attachment are never looked at); folded lines joined, lines that are no header field passed over."""
    block = data[:HEADER_LIMIT]
    end = _END.search(block)
    fields: dict[str, list[str]] = {}
    for found in _FIELD.finditer(block, 0, end.start() if end else len(block)):
        name = found.group(1).decode("ascii").lower()
        if name in _WANTED:
            fields.setdefault(name, []).append(" ".join(_decoded(found.group(2)).split()))
    return Headers(fields)


def parse_mail(headers: Headers, today: date, max_people: int, me: frozenset[str]) -> Seen:
    """What a mail's headers say; the left list is filled by read_departures for bounces and auto-replies."""
    own = _message_id(headers)
    senders = _addresses(headers, "From")
    people = senders + _addresses(headers, "To", "Cc")
    seen, unique = set(), []
    for address, name in people:
        if address not in seen:
            seen.add(address)
            unique.append((address, name))
    day = _day(headers, today)
    others = [a for a, _ in unique if a not in me]
    skip = _why_skipped(headers, max_people, len(others))
    if day is None and not skip:
        skip = "undated"
    return Seen(
        source=f"mail:{own}", kind="mail", thread=_thread(headers, own), day=day, sender=senders[0][0] if senders else "",
        people=unique, subject=text_of(headers.get("Subject")), skip=skip, auto=is_report_or_auto(headers),
    )


def _body_text(msg: Message) -> str:
    parts = []
    for part in msg.walk():
        if part.get_content_maintype() != "text":
            continue
        try:
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset() or "utf-8"
            try:
                parts.append(payload.decode(charset, "replace"))
            except LookupError:
                parts.append(payload.decode("utf-8", "replace"))
        except Exception:  # noqa: BLE001 - a broken part says nothing
            continue
    return "\n".join(parts)


def _sentence(text: str, at: re.Match) -> str:
    start = max(text.rfind("\n", 0, at.start()), text.rfind(". ", 0, at.start()) + 1, 0)
    end_candidates = [i for i in (text.find("\n", at.end()), text.find(". ", at.end())) if i >= 0]
    end = min(end_candidates) if end_candidates else len(text)
    line = " ".join(text[start:end].split()).strip(" .")
    return line if len(line) <= 140 else line[:137] + "..."


def read_departures(mail: Seen, raw: bytes) -> None:
    """Fill mail.left from a bounce's delivery status (5.1.1, user unknown) or an auto-reply saying the person
    left; `raw` is the mail's first BODY_LIMIT bytes (or all of it)."""
    try:
        msg = message_from_bytes(raw[: HEADER_LIMIT + BODY_LIMIT], policy=compat32)
    except Exception:  # noqa: BLE001 - a mail that cannot be parsed tells nothing
        return
    if "multipart/report" in str(msg.get("Content-Type", "")).lower() or "mailer-daemon" in mail.sender:
        for part in msg.walk():
            if part.get_content_type() != "message/delivery-status":
                continue
            for block in part.get_payload() if isinstance(part.get_payload(), list) else []:
                status = str(block.get("Status", ""))
                recipient = str(block.get("Final-Recipient", "") or block.get("Original-Recipient", ""))
                address = recipient.split(";")[-1].strip().strip("<>").lower()
                if status.startswith("5.1.1") and "@" in address:
                    code = str(block.get("Diagnostic-Code", "")).split(";")[-1]
                    mail.left.append((address, "bounce-status", " ".join(f"{status} {code}".split())[:130]))
        if not mail.left:
            body = _body_text(msg)
            hit = _USER_UNKNOWN.search(body)
            if hit:
                for address in sorted(set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", body))):
                    if "mailer-daemon" not in address.lower() and "postmaster" not in address.lower():
                        mail.left.append((address.lower(), "bounce", _sentence(body, hit)))
        return
    for text in (_body_text(msg), mail.subject):
        hit = _LEFT.search(text)
        if hit and mail.sender:
            mail.left.append((mail.sender, "auto-reply", _sentence(text, hit)))
            return
