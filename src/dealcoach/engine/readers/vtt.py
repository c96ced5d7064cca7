"""WebVTT as Teams, Zoom, Webex and the rest write it.

One forgiving cue parser covers the dialects: Teams' GUID cue ids, ``<v Name>`` spans (closed or
not) and unpadded ``0:0:2.16`` times; Zoom's numeric ids and ``Name: text`` payloads; Webex's
``1 "Name" (id)`` cue ids; generic NOTE/STYLE/REGION blocks, cue settings and class spans.
Strict libraries reject half of these files, which is why this is our own.
"""

from __future__ import annotations

import html
import re

from dealcoach.engine.model import Segment, Transcript
from dealcoach.engine.readers.cues import prefix, split_prefixed, timing
from dealcoach.engine.readers.speakers import UNKNOWN_SPEAKER, clean_name
from dealcoach.engine.readers.timecode import unpadded_millis

_VOICE = re.compile(r"<v(?:\.[\w.-]+)?(?:\s+([^>]*))?>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>")
_WEBEX_ID = re.compile(r'^\s*\d+\s+"([^"]+)"(?:\s*\(\d+\))?\s*$')
_SKIP_BLOCKS = ("NOTE", "STYLE", "REGION")


def read_vtt(source: str, text: str) -> Transcript:
    raw_cues: list[tuple[str | None, float, float, str]] = []  # (id-speaker, start, end, payload)
    metadata: set[str] = set()  # the kinds of non-cue blocks seen: NOTE, STYLE, REGION
    integer_millis = unpadded_millis(text)
    blocks = re.split(r"\n[ \t]*\n", text.strip("\n"))
    for n, block in enumerate(blocks):
        lines = block.split("\n")
        if n == 0 and lines[0].lstrip().upper().startswith("WEBVTT"):
            lines = _after_header(lines)
            if not lines:
                continue
        kind = lines[0].strip().split(" ", 1)[0].upper()
        if kind in _SKIP_BLOCKS and "-->" not in lines[0]:
            metadata.add(kind)
            continue
        at = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if at is None:
            continue
        times = timing(lines[at], integer_millis=integer_millis)
        if times is None:
            continue
        id_speaker = None
        if at > 0:
            webex = _WEBEX_ID.match(lines[at - 1])
            if webex:
                id_speaker = clean_name(webex.group(1))
        payload = "\n".join(lines[at + 1 :])
        raw_cues.append((id_speaker, times[0], times[1], payload))

    segments: list[Segment] = []
    voiced = any(_VOICE.search(p) for _, _, _, p in raw_cues)
    webex = any(s for s, _, _, _ in raw_cues)
    dialect = "teams" if voiced else "webex" if webex else "generic"
    if voiced and (metadata & {"STYLE", "REGION"}):
        dialect = "generic"
    pieces: list[tuple[str | None, float, float, str]] = []
    for id_speaker, start, end, payload in raw_cues:
        if voiced:
            # A voice span is scoped to its cue: a cue without one has no known speaker.
            for speaker, words in _voice_pieces(payload):
                pieces.append((speaker or UNKNOWN_SPEAKER, start, end, words))
        elif id_speaker:
            words = _plain(payload)
            named = prefix(words)  # Webex may repeat the name in the text
            if named and named[0] == id_speaker:
                words = named[1]
            pieces.append((id_speaker, start, end, words))
        else:
            pieces.append((None, start, end, _plain(payload)))
    if not voiced and not webex:
        prefixed = split_prefixed([p[3] for p in pieces])
        if prefixed is not None:
            dialect = "zoom"
            pieces = [
                (speaker, start, end, words)
                for (_, start, end, _), parts in zip(pieces, prefixed, strict=True)
                for speaker, words in parts
            ]
    for speaker, start, end, words in pieces:
        if words:
            segments.append(Segment(speaker, words, start, end))
    if not any(s.speaker for s in segments):
        dialect = "stream" if "NOTE Confidence" in text or "NOTE duration" in text else "whisper"
        if metadata & {"STYLE", "REGION"}:
            dialect = "generic"
    notes = () if any(s.speaker for s in segments) else ("no speaker names in the file",)
    return Transcript(source, "vtt", dialect, tuple(segments), notes)


def _after_header(lines: list[str]) -> list[str]:
    """Drop the WEBVTT line and header metadata (``Kind:``, ``Language:``) before the cues."""
    rest = lines[1:]
    while rest and "-->" not in rest[0] and ":" in rest[0] and not rest[0].strip().isdigit():
        rest = rest[1:]
    return rest


def _voice_pieces(payload: str) -> list[tuple[str | None, str]]:
    """Split a payload at its ``<v Name>`` spans; text before the first span has no speaker."""
    pieces: list[tuple[str | None, str]] = []
    spans = list(_VOICE.finditer(payload))
    if not spans:
        return [(None, _plain(payload))]
    if spans[0].start() > 0:
        pieces.append((None, _plain(payload[: spans[0].start()])))
    for n, span in enumerate(spans):
        end = spans[n + 1].start() if n + 1 < len(spans) else len(payload)
        name = clean_name(html.unescape(span.group(1) or "")) or None
        pieces.append((name, _plain(payload[span.end() : end])))
    return [(s, t) for s, t in pieces if t]


def _plain(payload: str) -> str:
    text = _TAG.sub("", payload) if "<" in payload else payload
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())  # split() also takes the no-break space
