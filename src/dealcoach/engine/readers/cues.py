"""What VTT and SRT cues share: the timing line and speaker prefixes inside the cue text."""

from __future__ import annotations

import re

from dealcoach.engine.readers.speakers import clean_name, is_guest_tag, is_plausible_name
from dealcoach.engine.readers.timecode import TIME_FIELDS, seconds_of

_TIMING = re.compile(rf"^\s*{TIME_FIELDS}\s*-->\s*{TIME_FIELDS}")
# "Name: text", "[SPEAKER_00]: text", "[Name] text", ">> Name: text"
_PREFIX = re.compile(
    r"^\s*(?:>>\s*)?(?:\[(?P<bracketed>[^\]\n]{1,60})\]\s*:?|(?P<name>[^:\n]{1,60}?)\s*:)(?:\s+(?P<rest>.*))?$"
)
_DASH = re.compile(r"^\s*[-–]\s+(?P<rest>.+)$")

Pieces = list[tuple[str | None, str]]


def timing(line: str, *, integer_millis: bool = False) -> tuple[float, float] | None:
    """``(start, end)`` from a cue timing line, ignoring cue settings after it."""
    found = _TIMING.match(line)
    if not found:
        return None
    fields = found.groups()
    start = _seconds(fields[:4], integer_millis)
    end = _seconds(fields[4:], integer_millis)
    if start is None or end is None:
        return None
    return start, max(start, end)


def _seconds(fields: tuple, integer_millis: bool) -> float | None:
    first, second, third, fraction = fields
    if third is None:  # m:s
        return seconds_of(None, first, second, fraction, integer_millis=integer_millis)
    return seconds_of(first, second, third, fraction, integer_millis=integer_millis)


def prefix(line: str) -> tuple[str, str] | None:
    """``(speaker, text)`` when the line starts with a plausible speaker prefix."""
    found = _PREFIX.match(line)
    if not found:
        return None
    raw = found.group("bracketed") or found.group("name") or ""
    if found.group("bracketed") and is_guest_tag(raw):  # "[EXT] Sam Lee: text"
        return prefix(found.group("rest") or "")
    if not is_plausible_name(raw):
        return None
    return clean_name(raw), (found.group("rest") or "").strip()


def split_prefixed(payloads: list[str]) -> list[Pieces] | None:
    """Split each cue payload into speaker pieces, or None when the file names no speakers.

    A file counts as prefixed when at least two cues and two fifths of all cues open with a
    speaker prefix; a single "Note: ..." in a cue is then no speaker change.
    """
    opening = sum(1 for p in payloads if prefix(p.split("\n", 1)[0]))
    dashed = sum(1 for p in payloads if _DASH.match(p.split("\n", 1)[0]))
    if opening >= 2 and opening * 5 >= 2 * len(payloads):
        return [_split(p, use_prefix=True) for p in payloads]
    if dashed >= 2 and dashed * 5 >= len(payloads):
        return [_split(p, use_prefix=False) for p in payloads]
    return None


def _split(payload: str, *, use_prefix: bool) -> Pieces:
    pieces: Pieces = []
    for line in payload.split("\n"):
        line = line.strip()
        if not line:
            continue
        named = prefix(line) if use_prefix else None
        dash = None if named else _DASH.match(line)
        if named:
            pieces.append(named)
        elif dash:
            pieces.append((None, dash.group("rest").strip()))
        elif pieces:
            speaker, text = pieces[-1]
            pieces[-1] = (speaker, f"{text} {line}")
        else:
            pieces.append((None, line))
    return [(s, " ".join(t.split())) for s, t in pieces if t.strip()]
