"""CalDAV calendars through the caldav library: every calendar of the account (or the one collection the URL
names), events from the last run's day minus a margin up to today; the first run reaches back LOOKBACK days.
Plain http only to the local machine. Whatever the server or the library raises ends as one SourceError line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from koop_tui.capture.calendar import LOOKBACK, BadCalendar, parse_events
from koop_tui.capture.config import Source
from koop_tui.capture.sources import Batch, Context, SourceError
from koop_tui.errors import KoopError
from koop_tui.i18n import _

MARGIN = 14  # days read again: events edited or synced late
LOCAL = ("127.0.0.1", "::1", "localhost")


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    status = re.search(r"\b([1-5]\d\d [A-Z][A-Za-z ]+?)\s*'", text)
    if status:
        return _("the server answered {status}").format(status=status.group(1))
    return text[:140] or type(exc).__name__


def _calendars(client, url: str) -> list:
    try:
        found = client.principal().calendars()
    except Exception:  # noqa: BLE001 - not an account URL: maybe one collection
        found = []
    return found or [client.calendar(url=url)]


def read_caldav(source: Source, cursor: dict, ctx: Context) -> Iterator[Batch]:
    try:
        import caldav
    except ImportError:
        raise SourceError(_("CalDAV needs the caldav package: pip install 'koop-tui[caldav]'")) from None
    parts = urlsplit(source.where)
    if parts.scheme not in ("http", "https") or (parts.scheme == "http" and parts.hostname not in LOCAL):
        raise SourceError(_("{url}: CalDAV needs an https:// URL (http only to 127.0.0.1)").format(url=source.where))
    try:
        password = source.password()
    except KoopError as exc:
        raise SourceError(str(exc)) from None
    last = cursor.get("day")
    start = (date.fromisoformat(last) - timedelta(days=MARGIN)) if last else ctx.today - timedelta(days=LOOKBACK)
    try:
        with caldav.DAVClient(url=source.where, username=source.user or None, password=password or None,
                              timeout=int(source.timeout), require_tls=parts.scheme == "https") as client:
            items, read = [], 0
            for calendar in _calendars(client, source.where):
                try:
                    found = calendar.search(event=True, start=datetime.combine(start, time.min),
                                            end=datetime.combine(ctx.today + timedelta(days=1), time.min))
                except ValueError as exc:  # the library parses what the server sent with icalendar
                    raise BadCalendar(_("not a readable iCalendar file ({reason})").format(
                        reason=_reason(exc)[:80])) from None
                for obj in found:
                    data = obj.data
                    read += 1
                    items += parse_events(data.encode("utf-8") if isinstance(data, str) else data, ctx.today,
                                          ctx.config.max_people, ctx.config.me, since=start)
    except BadCalendar as exc:
        raise SourceError(_("{url}: an event is {problem}").format(url=source.where, problem=exc)) from None
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - the library raises its own, niquests' and lxml's errors
        raise SourceError(f"{source.where}: {_reason(exc)}") from None
    ctx.progress(source.name, read, read)
    yield Batch(source.name, items, {"day": ctx.today.isoformat()}, read)
