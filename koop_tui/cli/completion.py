"""`koop completion bash|zsh|fish`: a shell completion script (shtab) for commands, options, partner slugs,
contact ids and owner names.

The script knows the commands and options; partners, contacts and owners it asks `koop completion --values`
at each Tab, which reads directory listings and the heads of partner files, never the whole workspace.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

SHELLS = ("bash", "zsh", "fish")
VALUES = ("partners", "targets", "owners")
# Top-level keys come before the first table; owner is one of them. A head this long holds it in practice.
HEAD_BYTES = 4096
_OWNER = re.compile(rb'^owner\s*=\s*"([^"\\\n]*)"', re.M)


def configure(parser) -> None:
    import argparse

    from koop_tui.i18n import _

    parser.add_argument("shell", nargs="?", choices=SHELLS, help=_("the shell to complete in"))
    # What the script asks at each Tab: --values KIND WORD (WORD may be empty).
    parser.add_argument("--values", nargs=2, metavar=("KIND", "WORD"), help=argparse.SUPPRESS)


def run(args) -> int:
    from koop_tui.cli.common import say
    from koop_tui.errors import UsageError
    from koop_tui.i18n import _

    if args.values:
        kind, word = args.values
        if kind not in VALUES:
            raise UsageError(_("--values takes one of {kinds}, got {kind}").format(kinds=", ".join(VALUES),
                                                                                    kind=repr(kind)))
        for value in values(kind, word):
            say(value)
        return 0
    if not args.shell:
        raise UsageError(_("name the shell: koop completion bash|zsh|fish"),
                         _('e.g. eval "$(koop completion bash)" in ~/.bashrc; README, "Shell completion"'))
    sys.stdout.write(script(args.shell))
    return 0


def script(shell: str) -> str:
    import shtab

    from koop_tui.__main__ import build_parser

    parser = build_parser()
    for action in _actions(parser):
        kind = _kind(action)
        if kind:
            action.complete = _completer(kind)
    return shtab.complete(parser, shell=shell, preamble=_PREAMBLE[shell])


def _actions(parser):
    import argparse

    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _actions(sub)


def _kind(action) -> str:
    if "--owner" in action.option_strings or "--by" in action.option_strings:
        return "owners"
    if not action.option_strings and action.metavar == "PARTNER":
        return "partners"
    if not action.option_strings and action.metavar == "PARTNER[/CONTACT]":
        return "targets"
    return ""


def _completer(kind: str) -> dict[str, str]:
    return {
        "bash": f"_koop_values_{kind}",
        "zsh": f"_koop_values_{kind}",
        "fish": f"(koop completion --values {kind} (commandline -ct) 2>/dev/null)",
    }


_PREAMBLE = {
    "bash": "\n".join(
        f'_koop_values_{kind}() {{ koop completion --values {kind} "$1" 2>/dev/null; }}' for kind in VALUES),
    "zsh": "\n".join(
        f'_koop_values_{kind}() {{ local -a values; values=("${{(@f)$(koop completion --values {kind} "$PREFIX" '
        f'2>/dev/null)}}"); compadd -a values; }}' for kind in VALUES),
    "fish": "",
}


def values(kind: str, word: str = "") -> list[str]:
    """What completes `word`: partner slugs, PARTNER/CONTACT targets or owner names; [] outside a workspace."""
    root = _workspace()
    if root is None:
        return []
    if kind == "owners":
        found = _owners(root)
    elif kind == "targets" and "/" in word:
        slug = word.split("/", 1)[0]
        found = [f"{slug}/{cid}" for cid in _contact_ids(root / "partners" / f"{slug}.toml")]
    else:
        found = _slugs(root)
    return sorted(v for v in found if v.startswith(word))


def _workspace() -> Path | None:
    given = os.environ.get("KOOP_WORKSPACE")
    if given:
        root = Path(given).expanduser()
        return root if (root / "koop.toml").is_file() else None
    here = Path.cwd()
    for candidate in (here, *here.parents):
        if (candidate / "koop.toml").is_file():
            return candidate
    return None


def _slugs(root: Path) -> list[str]:
    from koop_tui.slugs import PARTNER_FILE_RE

    try:
        names = os.listdir(root / "partners")
    except OSError:
        return []
    return [name[:-5] for name in names if PARTNER_FILE_RE.match(name)]


def _contact_ids(path: Path) -> list[str]:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    contacts = data.get("contacts", [])
    return [c["id"] for c in contacts if isinstance(c, dict) and isinstance(c.get("id"), str)] \
        if isinstance(contacts, list) else []


def _owners(root: Path) -> set[str]:
    """Owners named in koop.toml ([owners], default_owner) and by the partner files (`owner` in their head)."""
    import tomllib

    found: set[str] = set()
    try:
        settings = tomllib.loads((root / "koop.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        settings = {}
    owners = settings.get("owners", {})
    found.update(name for name in owners if isinstance(owners, dict))
    if isinstance(settings.get("default_owner"), str):
        found.add(settings["default_owner"])
    partners = root / "partners"
    for slug in _slugs(root):
        try:
            fd = os.open(partners / f"{slug}.toml", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            head = os.read(fd, HEAD_BYTES)
        except OSError:
            continue
        finally:
            os.close(fd)
        match = _OWNER.search(head.split(b"\n[", 1)[0])
        if match:
            found.add(match.group(1).decode("utf-8", "replace"))
    return {name for name in found if name}
