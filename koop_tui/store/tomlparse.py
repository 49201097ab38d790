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
# RecursionError after a few hundred. Nesting is at most the number of opening brackets: texts with more than
# MAX_OPENS take tomllib, and a result of toml-rs that nests deeper than MAX_DEPTH (a level both surely read
# alike) is parsed again by tomllib, which decides. Partner files nest three levels deep but have three opening
# brackets per touchpoint, so a partner with years of history still takes the fast path.
MAX_DEPTH = 400
MAX_OPENS = 2000


def parser_name() -> str:
    """The parser `loads` prefers: "toml-rs" or "tomllib"."""
    if _fast_loads is None or os.environ.get("KOOP_TOML_PARSER") == "tomllib":
        return "tomllib"
    return "toml-rs"


def _nests_within(value: Any, limit: int) -> bool:
    """Whether tables and arrays in a parsed document nest at most `limit` levels deep (level by level)."""
    level, depth = [value], 1
    while level:
        if depth > limit:
            return False
        level = [v for c in level for v in (c.values() if type(c) is dict else c) if type(v) in (dict, list)]
        depth += 1
    return True


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text; raises tomllib.TOMLDecodeError (or RecursionError) exactly as tomllib would."""
    opens = text.count("[") + text.count("{")
    # toml-rs skips a leading byte order mark, which tomllib reports as an invalid statement
    if parser_name() == "toml-rs" and not text.startswith("\ufeff") and opens <= MAX_OPENS:
        try:
            value = _fast_loads(text, toml_version="1.0.0")
        except Exception:  # noqa: BLE001 - any toml-rs failure: let tomllib decide and word the error
            pass
        else:
            if opens <= MAX_DEPTH or _nests_within(value, MAX_DEPTH):
                return value
    return tomllib.loads(text)
