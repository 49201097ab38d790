"""`koop serve`: the calendar as a read-only feed for calendar apps to subscribe to."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import stat
from pathlib import Path

from koop_tui.cli.common import refuse_broken_settings, say, today, workspace_root
from koop_tui.cli.due import owner_filter
from koop_tui.cli.export import add_feed_options, feed_options
from koop_tui.errors import KoopError, UsageError
from koop_tui.i18n import _, os_reason
from koop_tui.userdirs import config_dir

DEFAULT_PORT = 5545
TOKEN_FILE = "feed-token"
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,128}")


def configure(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default: 127.0.0.1)"))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=_("port (default: {port}; 0 picks a free one)").format(port=DEFAULT_PORT))
    parser.add_argument("--rotate-token", action="store_true",
                        help=_("replace the secret in the feed URL; existing subscriptions stop working"))
    parser.add_argument("--quiet", action="store_true", help=_("no access log on stderr"))
    parser.add_argument("--public-url", metavar="URL",
                        help=_("where subscribers reach this server (behind a reverse proxy), e.g. "
                               "https://koop.example.com/feed: the links printed are made from it"))
    add_feed_options(parser)


def run(args) -> int:
    from koop_tui import serve
    from koop_tui.ics import calendar_for
    from koop_tui.index import workspace as load_workspace
    from koop_tui.store.loader import load_settings

    if not 0 <= args.port <= 65535:
        raise UsageError(_("--port must be between 0 and 65535"))
    public = public_base(args.public_url) if args.public_url else None
    if not args.host.strip():
        raise UsageError(_("--host must name an address, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (all)"))
    root = workspace_root(args)
    options = feed_options(args)
    refuse_broken_settings(load_settings(root)[1])
    token = feed_token(root, rotate=args.rotate_token)
    log = None if args.quiet else serve.stderr_log

    def render(day):
        workspace = load_workspace(root)
        refuse_broken_settings(workspace.problems)  # while koop.toml is broken, the last good calendar is served
        return calendar_for(workspace, day, owner=owner_filter(args, workspace), options=options)[0]

    feed = serve.Feed(root, render, lambda: today(args), log=serve.stderr_log)
    feed.current()
    server = serve.FeedServer(feed, token, log=log)

    def ready(port: int) -> None:
        host = shown_host(args.host)
        where = f"{host}:{port}/{token}/koop.ics"
        say(_("Serving the koop calendar of {root}").format(root=root) + f"\n  http://{where}\n  webcal://{where}",
            flush=True)
        if public is not None:
            scheme, rest = public
            links = f"\n  {scheme}://{rest}/{token}/koop.ics\n  webcal://{rest}/{token}/koop.ics"
            say(_("Subscribers reach it at") + links, flush=True)
        if args.host not in ("127.0.0.1", "localhost", "::1"):
            say(_("koop: warning: listening on {host}; anyone who can reach it and knows the URL can read the calendar "
                  "(plain HTTP)").format(host=args.host), err=True, flush=True)
        say(_("Press Ctrl-C to stop."), err=True, flush=True)

    try:
        asyncio.run(serve.serve(server, args.host, args.port, ready))
    except OSError as exc:
        raise KoopError(_("cannot listen on {host}:{port}: {error}").format(host=args.host, port=args.port,
                                                                            error=os_reason(exc))) from None
    except KeyboardInterrupt:
        pass
    return 0


def shown_host(host: str) -> str:
    """The host a link names: this machine's name for an address meaning all of them (0.0.0.0, ::), which no
    subscriber can open; an IPv6 address in brackets."""
    if host.strip() in ("0.0.0.0", "::"):
        import socket

        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def public_base(url: str) -> tuple[str, str]:
    """(scheme, host and path without a trailing slash) of --public-url; a usage error unless http(s)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(_("--public-url must be an http(s) address without ?query or #fragment, got {url}").format(
                             url=repr(url)),
                         _("e.g. https://koop.example.com/feed (the reverse proxy passes /TOKEN/koop.ics on)"))
    return parts.scheme, (parts.netloc + parts.path).rstrip("/")


def token_path() -> Path:
    return config_dir() / TOKEN_FILE


def feed_token(root: Path, *, rotate: bool = False) -> str:
    """The secret of the feed URL, kept in the user's config dir (mode 0600), created on first use."""
    path = token_path()
    where = path.parent.resolve()
    if where == root or root in where.parents:
        raise KoopError(_("the feed token would live inside the workspace ({path}); set KOOP_CONFIG_DIR "
                          "elsewhere").format(path=path))
    if not rotate:
        existing = _read_token(path)
        if existing is not None:
            return existing
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = secrets.token_urlsafe(32)
    tmp = path.with_name(f".{TOKEN_FILE}-{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.write(fd, f"{token}\n".encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        if rotate:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # a concurrent first start may have won: then use its token
    except FileExistsError:
        return _read_token(path) or token
    finally:
        tmp.unlink(missing_ok=True)
    return token


def _read_token(path: Path) -> str | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KoopError(_("cannot read the feed token {path}: {error}").format(path=path, error=os_reason(exc)),
                        _("it must be a regular file, not a link; `koop serve --rotate-token` makes a new "
                          "one")) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise KoopError(_("the feed token {path} is not a regular file").format(path=path))
        text = os.read(fd, 256).decode("ascii", "replace").strip()
    finally:
        os.close(fd)
    if not TOKEN_SHAPE.fullmatch(text):
        raise KoopError(_("the feed token file {path} is damaged").format(path=path),
                        _("run `koop serve --rotate-token`"))
    return text
