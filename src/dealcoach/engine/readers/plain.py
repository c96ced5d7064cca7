"""Plain-text transcripts: ``Name: text`` lines and the exports that dress them up.

Recognises per line: ``[00:01:23] Name: text``, ``00:01:23 Name: text``,
``Name (00:01:23): text``, an Otter or Teams header line ``Name  0:00`` with the paragraph below
it, Zoom's ``[Name] 10:01:22`` and ``10:01:22 From Name to Everyone:``, Google Meet's lone
timestamp lines, and ``Name:`` alone on a line. Lines without a speaker continue the previous
turn; lines before the first speaker, and notices such as "Transcription started", are not speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dealcoach.engine.errors import TranscriptError
from dealcoach.engine.model import Segment, Transcript
from dealcoach.engine.readers.cues import prefix
from dealcoach.engine.readers.speakers import clean_name, is_plausible_name
from dealcoach.engine.readers.timecode import TIME, parse_time

_TS_NAME = re.compile(rf"^\[?\(?(?P<time>{TIME})\)?\]?\s*[-–|]?\s*(?P<rest>.+)$")
_NAME_TS = re.compile(
    rf"^(?P<name>[^\[\]():\n]{{1,60}}?)\s*[\(\[](?P<time>{TIME})[\)\]]\s*:?\s*(?P<text>.*)$"
)
_HEADER = re.compile(rf"^(?P<name>[^\d:\n][^:\n]{{0,59}}?)\s+(?:\||-|–|·)?\s*(?P<time>{TIME})\s*$")
_ZOOM_HEADER = re.compile(rf"^\[(?P<name>[^\]\n]{{1,60}})\]\s+(?P<time>{TIME})\s*$")
_ZOOM_CHAT = re.compile(
    rf"^(?P<time>{TIME})\s+(?:From|Van)\s+(?P<name>.+?)\s+(?:to|To|aan|naar)\s+[^:]+?:\s*(?P<text>.*)$"
)
_LONE_TIME = re.compile(rf"^\[?\(?(?P<time>{TIME})\)?\]?$")
_NAME_ONLY = re.compile(r"^(?P<name>[^:\n]{1,60}):$")
_NOTICES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:the )?(?:transcription|transcriptie|transcript|recording|opname|meeting|vergadering|"
        r"live transcription|livetranscriptie)\b.{0,40}\b(?:started|gestart|ended|beëindigd|"
        r"stopped|gestopt|begonnen|paused|gepauzeerd|resumed|hervat)\b.*$",
        r"^.{1,80}\b(?:started|stopped|heeft|has)\b.{0,20}\b(?:transcription|transcriptie|"
        r"recording|opname)\b.*$",
        r"^.{1,80} (?:joined|left) the (?:meeting|call)\.?$",
        r"^.{1,80} (?:heeft|is) de (?:vergadering|meeting|call) (?:verlaten|betreden|"
        r"deelgenomen|gejoined)\.?$",
        r"^(?:page|pagina) \d+ (?:of|van) \d+$",
        r"^(?:transcribed|generated|created) by .*$",
        r"^(?:meeting ended after|vergadering beëindigd na) .*$",
        r"^(?:-{2,}|={2,}|_{2,}).*(?:-{2,}|={2,}|_{2,})?$",
        r"^(?:end of transcript|einde (?:van de )?transcript(?:ie)?)\.?$",
        r"^this editable transcript was computer generated.*$",
        r"^dit bewerkbare transcript is door een computer gegenereerd.*$",
    )
]


@dataclass(slots=True)
class _Turn:
    speaker: str
    lines: list[str]
    start: float | None
    absolute: bool = False  # a wall-clock time (Zoom), made relative afterwards


def read_plain(source: str, text: str) -> Transcript:
    turns: list[_Turn] = []
    header: list[str] = []
    pending_time: float | None = None
    kinds: dict[str, int] = {}

    def begin(speaker: str, start: float | None, first: str, kind: str, absolute=False) -> None:
        nonlocal pending_time
        if start is None:
            start, pending_time = pending_time, None
        turns.append(_Turn(clean_name(speaker), [first] if first else [], start, absolute))
        kinds[kind] = kinds.get(kind, 0) + 1

    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        if any(p.match(line) for p in _NOTICES):
            continue
        if (found := _ZOOM_HEADER.match(line)) and is_plausible_name(found["name"]):
            begin(found["name"], parse_time(found["time"]), "", "zoom_chat", absolute=True)
            continue
        if found := _ZOOM_CHAT.match(line):
            begin(found["name"], parse_time(found["time"]), found["text"], "zoom_chat", True)
            continue
        if found := _LONE_TIME.match(line):
            pending_time = parse_time(found["time"])
            kinds["marker"] = kinds.get("marker", 0) + 1
            continue
        if found := _TS_NAME.match(line):
            named = prefix(found["rest"])
            if named and parse_time(found["time"]) is not None:
                kind = "bracket_ts" if line.startswith("[") else "bare_ts"
                begin(named[0], parse_time(found["time"]), named[1], kind)
                continue
        if (found := _NAME_TS.match(line)) and is_plausible_name(found["name"]):
            begin(found["name"], parse_time(found["time"]), found["text"], "name_paren_ts")
            continue
        if (found := _HEADER.match(line)) and is_plausible_name(found["name"]):
            begin(found["name"], parse_time(found["time"]), "", "otter")
            continue
        if (found := _NAME_ONLY.match(line)) and is_plausible_name(found["name"]):
            begin(found["name"], None, "", "colon")
            continue
        if named := prefix(line):
            begin(named[0], None, named[1], "colon")
            continue
        if turns:
            turns[-1].lines.append(line)
        else:
            header.append(line)

    turns = [t for t in turns if t.lines]
    if len(turns) == 1 and len(header) >= 3:  # e.g. "Wachtwoord: x7Qm2p" under an e-mail
        turns = []
    if not turns:
        what = f"{len(header)} lines of text" if header else "no text"
        raise TranscriptError(
            source, f"no speakers found ({what}, but no line names a speaker such as 'Name: text')"
        )
    _relative_clock(turns)
    segments = tuple(Segment(t.speaker, " ".join(t.lines), t.start, None) for t in turns)
    speech_kinds = {k: v for k, v in kinds.items() if k != "marker"}
    dialect = max(speech_kinds, key=speech_kinds.__getitem__)
    if dialect == "colon" and kinds.get("marker"):
        dialect = "google_meet"
    notes = (f"skipped {len(header)} header lines",) if header else ()
    return Transcript(source, "text", dialect, segments, notes)


def _relative_clock(turns: list[_Turn]) -> None:
    """Zoom writes the time of day; the call starts at its first timestamp."""
    clock = [t.start for t in turns if t.absolute and t.start is not None]
    if not clock:
        return
    origin = clock[0]
    for turn in turns:
        if turn.absolute and turn.start is not None:
            turn.start = round(max(0.0, turn.start - origin), 3)
