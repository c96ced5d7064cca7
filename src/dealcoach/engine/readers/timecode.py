"""Timestamps as transcript tools write them, to seconds.

Teams writes ``0:0:2.16``, Zoom ``00:00:02.160``, SRT ``00:00:02,160``, Otter ``1:02`` and
``1:02:03``, AssemblyAI milliseconds. One parser for the text forms keeps them consistent.
"""

from __future__ import annotations

import re

# h:m:s(.fff), m:s(.fff); each field one or more digits; the fraction after "." or ",".
TIME = r"\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d{1,9})?"
_TIME_RE = re.compile(rf"^\s*({TIME})\s*$")


def parse_time(value: str) -> float | None:
    """Seconds for ``h:m:s.fff`` / ``m:s`` forms, or None when it is not a time."""
    value = value.strip()
    if not _TIME_RE.match(value):
        return None
    value = value.replace(",", ".")
    parts = value.split(":")
    try:
        seconds = float(parts[-1])
        minutes = int(parts[-2])
        hours = int(parts[-3]) if len(parts) == 3 else 0
    except ValueError:
        return None
    if len(parts) == 3 and (minutes >= 60 or seconds >= 60):
        return None
    if len(parts) == 2 and seconds >= 60:
        return None
    return round(hours * 3600 + minutes * 60 + seconds, 3)
