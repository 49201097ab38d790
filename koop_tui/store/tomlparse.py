"""One TOML parse function: rtoml (Rust, ~7x faster) where it agrees with tomllib, tomllib otherwise.

tomllib stays the reference: every rtoml error is re-parsed with tomllib, so problems (message, line, col)
are the same whichever parser runs. KOOP_TOML_PARSER=tomllib forces the fallback (tests, bug hunts).
"""

from __future__ import annotations

import os
import re
import tomllib
from typing import Any

try:
    import rtoml
except ImportError:  # pragma: no cover - depends on the platform having a wheel
    rtoml = None

# rtoml returns its own tzinfo class for offset date-times and keeps CRLF in multi-line strings where tomllib
# normalises it; files containing either take the tomllib path so both parsers give equal values.
_OFFSET_TIME = re.compile(r":\d\d(?::\d\d(?:\.\d+)?)?[ \t]*[zZ+-]")  # starts with a literal: fast scan


def parser_name() -> str:
    """The parser `loads` prefers: "rtoml" or "tomllib"."""
    if rtoml is None or os.environ.get("KOOP_TOML_PARSER") == "tomllib":
        return "tomllib"
    return "rtoml"


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text; raises tomllib.TOMLDecodeError (or RecursionError) exactly as tomllib would."""
    if parser_name() == "rtoml" and "\r" not in text and not _OFFSET_TIME.search(text):
        try:
            return rtoml.loads(text)
        except Exception:  # noqa: BLE001 - any rtoml failure: let tomllib decide and word the error
            pass
    return tomllib.loads(text)
