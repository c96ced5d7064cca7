"""Timestamps as transcript tools write them, to seconds.

Teams writes ``0:0:2.16``, Zoom ``00:00:02.160``, SRT ``00:00:02,160``, Otter ``1:02`` and
``1:02:03``, AssemblyAI milliseconds. One parser for the text forms keeps them consistent.
"""

from __future__ import annotations

import re

# h:m:s(.fff), m:s(.fff); each field one or more digits; the fraction after "." or ",".
TIME = r"\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d{1,9})?"
# The same, with its fields captured: first, second, optional third, fraction.
TIME_FIELDS = r"(\d{1,3}):(\d{1,2})(?::(\d{1,2}))?(?:[.,](\d{1,9}))?"
_TIME_RE = re.compile(r"^\s*(?:(\d{1,3}):)?(\d{1,3}):(\d{1,2})(?:[.,](\d{1,9}))?\s*$")


# Classic Teams pads no field at all, the milliseconds included: "0:1:4.80" is 64.080 s.
_UNPADDED = re.compile(r"(?<![\d:])\d:\d:\d{1,2}[.,]\d|(?<![\d:])\d:\d{1,2}:\d[.,]\d")


def unpadded_millis(text: str) -> bool:
    """True when a file writes times with no padding at all, as classic Teams does.

    The first cues decide: a tool pads all its times or none of them.
    """
    return _UNPADDED.search(text, 0, 16_000) is not None


def parse_time(value: str, *, integer_millis: bool = False) -> float | None:
    """Seconds for ``h:m:s.fff`` / ``m:s`` forms, or None when it is not a time.

    ``integer_millis`` reads the fraction as a whole number of milliseconds (``4.80`` is
    4.080 s), for files that pad no field, like classic Teams.
    """
    found = _TIME_RE.match(value)
    if not found:
        return None
    return seconds_of(*found.groups(), integer_millis=integer_millis)


def seconds_of(
    hours_s: str | None,
    minutes_s: str,
    seconds_s: str,
    fraction: str | None,
    *,
    integer_millis: bool = False,
) -> float | None:
    """Seconds from the fields of a time already matched; None when a field is out of range."""
    hours = int(hours_s) if hours_s else 0
    minutes, seconds = int(minutes_s), int(seconds_s)
    if seconds >= 60 or (hours_s and minutes >= 60):
        return None
    if fraction:
        seconds += int(fraction) / 1000.0 if integer_millis else float("0." + fraction)
    return round(hours * 3600 + minutes * 60 + seconds, 3)
