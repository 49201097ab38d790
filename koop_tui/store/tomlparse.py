"""One TOML parse function: toml-rs (Rust, ~20x faster) where it agrees with tomllib, tomllib otherwise.

tomllib stays the reference: every toml-rs error is re-parsed with tomllib, so problems (message, line, col)
are the same whichever parser runs. toml-rs is asked for TOML 1.0, the version tomllib reads: its default, 1.1,
accepts inline tables over several lines, trailing commas in them, times without seconds and `\\e`/`\\x`
escapes, all of which tomllib rejects. KOOP_TOML_PARSER=tomllib forces the fallback (tests, bug hunts).
"""

from __future__ import annotations

import os
import tomllib
from typing import Any

try:
    from toml_rs import loads as _fast_loads
except ImportError:  # pragma: no cover - depends on the platform having a wheel
    _fast_loads = None

# toml-rs nests as deep as a text goes (and crashes at some ten thousand levels) where tomllib stops with a
# RecursionError after a few hundred. Nesting is at most the number of opening brackets, and partner files
# have a few hundred at most (three per touchpoint): texts with more take tomllib, which decides alike.
MAX_OPENS = 400


def parser_name() -> str:
    """The parser `loads` prefers: "toml-rs" or "tomllib"."""
    if _fast_loads is None or os.environ.get("KOOP_TOML_PARSER") == "tomllib":
        return "tomllib"
    return "toml-rs"


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text; raises tomllib.TOMLDecodeError (or RecursionError) exactly as tomllib would."""
    # toml-rs skips a leading byte order mark, which tomllib reports as an invalid statement
    if (parser_name() == "toml-rs" and not text.startswith("\ufeff")
            and text.count("[") + text.count("{") <= MAX_OPENS):
        try:
            return _fast_loads(text, toml_version="1.0.0")
        except Exception:  # noqa: BLE001 - any toml-rs failure: let tomllib decide and word the error
            pass
    return tomllib.loads(text)
