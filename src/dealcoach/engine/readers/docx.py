"""Microsoft Teams transcripts saved as Word (.docx).

Teams writes a header (title, date, duration), then per entry a line with the speaker and the
time, then the paragraph; the plain-text reader knows that shape. Classic exports write a
VTT-like ``0:0:0.0 --> 0:0:3.140`` line, the name and the text in one paragraph; those are read
here as cues, with their end times.
"""

from __future__ import annotations

import io
import zipfile

from dealcoach.engine.errors import TranscriptError
from dealcoach.engine.model import Segment, Transcript
from dealcoach.engine.readers.cues import timing
from dealcoach.engine.readers.plain import read_plain
from dealcoach.engine.readers.speakers import clean_name
from dealcoach.engine.readers.timecode import unpadded_millis


def read_docx(source: str, data: bytes) -> Transcript:
    lines = _lines(source, data)
    if not any(line.strip() for line in lines):
        raise TranscriptError(source, "the transcript is empty")
    legacy = _cues(lines)
    if legacy:
        return Transcript(source, "docx", "teams_legacy", tuple(legacy))
    result = read_plain(source, "\n".join(lines))
    return Transcript(source, "docx", "teams", result.segments, result.notes)


def _lines(source: str, data: bytes) -> list[str]:
    try:
        import docx  # python-docx; imported here so other formats do not pay for it
    except ImportError:  # pragma: no cover - a dependency, present after installation
        raise TranscriptError(source, "reading .docx needs python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TranscriptError(source, f"not a readable .docx file ({exc})") from None
    except Exception as exc:  # python-docx raises its own errors on malformed packages
        name = exc.__class__.__name__
        raise TranscriptError(source, f"not a readable .docx file ({name})") from None
    lines: list[str] = []
    for paragraph in document.paragraphs:
        lines.extend(paragraph.text.split("\n"))
    for table in document.tables:
        for row in table.rows:
            lines.append(": ".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
    return lines


def _cues(lines: list[str]) -> list[Segment]:
    """``0:0:0.0 --> 0:0:3.140`` / ``Name`` / text lines, as classic Teams writes them."""
    integer_millis = unpadded_millis("\n".join(lines[:200]))
    segments: list[Segment] = []
    i = 0
    while i < len(lines):
        times = timing(lines[i], integer_millis=integer_millis) if "-->" in lines[i] else None
        if times is None:
            i += 1
            continue
        text: list[str] = []
        j = i + 2
        while j < len(lines) and "-->" not in lines[j]:
            text.append(lines[j].strip())
            j += 1
        name = clean_name(lines[i + 1]) if i + 1 < len(lines) else ""
        words = " ".join(" ".join(text).split())
        if name and words:
            segments.append(Segment(name, words, times[0], times[1]))
        i = j
    return segments
