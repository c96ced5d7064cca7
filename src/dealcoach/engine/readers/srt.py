"""SubRip (.srt): numbered cues with ``00:00:01,000 --> 00:00:03,500`` times.

Speakers come as ``Name:`` or ``[SPEAKER_00]:`` prefixes, as ``- `` dialogue dashes, or not at
all (then the whole file is one unknown speaker and the output says so).
"""

from __future__ import annotations

import html
import re

from dealcoach.engine.errors import TranscriptError
from dealcoach.engine.model import Segment, Transcript
from dealcoach.engine.readers.cues import split_prefixed, timing

_DIARIZED = re.compile(r"^(?:SPEAKER|Speaker|spk)[ _]?\d+$")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|\{\\[^}]*\}")


def read_srt(source: str, text: str) -> Transcript:
    cues: list[tuple[float, float, str]] = []
    bad_times = 0
    for block in re.split(r"\n[ \t]*\n", text.strip("\n")):
        lines = [line for line in block.split("\n") if line.strip()]
        at = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if at is None:
            continue
        times = timing(lines[at])
        if times is None:
            bad_times += 1
            continue
        payload = "\n".join(_TAG.sub("", html.unescape(line)) for line in lines[at + 1 :])
        cues.append((times[0], times[1], payload))
    if not cues:
        if bad_times:
            raise TranscriptError(
                source, f"no readable cue times in {bad_times} SRT cues (expected 00:00:01,000)"
            )
        raise TranscriptError(source, "no cues found in the SRT file")
    split = split_prefixed([payload for _, _, payload in cues])
    segments: list[Segment] = []
    dialect = "plain"
    for n, (start, end, payload) in enumerate(cues):
        pieces = split[n] if split is not None else [(None, " ".join(payload.split()))]
        for speaker, words in pieces:
            if words:
                segments.append(Segment(speaker, words, start, end))
    if split is not None:
        names = {s.speaker for s in segments if s.speaker}
        dialect = "prefixed" if names else "dashes"
        if names and all(_DIARIZED.match(n) for n in names):
            dialect = "diarized"
    notes: tuple[str, ...] = ()
    if not any(s.speaker for s in segments):
        notes = ("no speaker names in the file",)
    if bad_times:
        notes += (f"skipped {bad_times} cues with unreadable times",)
    return Transcript(source, "srt", dialect, tuple(segments), notes)
