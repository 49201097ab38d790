"""Reading the text back out of an SVG screenshot (Rich's export), line by line, for assertions."""

from __future__ import annotations

import html
import re
from collections import defaultdict

CHAR_WIDTH = 12.2  # Rich's SVG export: font size 20 × 0.61
_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


def screen_lines(svg: str) -> list[str]:
    """The terminal's text lines, each text run placed at its column."""
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, text in _TEXT.findall(svg):
        rows[float(y)].append((float(x), html.unescape(text).replace("\xa0", " ")))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, text in sorted(rows[y]):
            line = line.ljust(round(x / CHAR_WIDTH)) + text
        lines.append(line.rstrip())
    return lines
