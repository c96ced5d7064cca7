"""Microsoft Teams transcripts saved as Word (.docx).

Teams writes a header (title, date, duration), then per entry a line with the speaker and the
time, then the paragraph. Older exports write VTT-like ``0:0:0.0 --> 0:0:5.3`` lines above the
name. The paragraphs are read with python-docx and handed to the plain-text reader, which knows
both shapes.
"""

from __future__ import annotations

import io
import re
import zipfile

from dealcoach.engine.errors import TranscriptError
from dealcoach.engine.model import Transcript
from dealcoach.engine.readers.cues import timing
from dealcoach.engine.readers.plain import read_plain


def read_docx(source: str, data: bytes) -> Transcript:
    try:
        import docx  # python-docx; imported here so other formats do not pay for it
    except ImportError:  # pragma: no cover - a dependency, present after installation
        raise TranscriptError(source, "reading .docx needs python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TranscriptError(source, f"not a readable .docx file ({exc})") from None
    except Exception as exc:  # python-docx raises its own errors on malformed packages
        raise TranscriptError(
            source, f"not a readable .docx file ({exc.__class__.__name__})"
        ) from None
    lines: list[str] = []
    for paragraph in document.paragraphs:
        lines.extend(paragraph.text.split("\n"))
    for table in document.tables:
        for row in table.rows:
            lines.append(": ".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
    lines = _vtt_like(lines)
    if not any(line.strip() for line in lines):
        raise TranscriptError(source, "the transcript is empty")
    result = read_plain(source, "\n".join(lines))
    return Transcript(source, "docx", "teams", result.segments, result.notes)


def _vtt_like(lines: list[str]) -> list[str]:
    """Turn ``0:0:0.0 --> 0:0:5.3`` / ``Name`` / ``text`` triples into ``[0:00:00] Name: text``."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        times = timing(lines[i]) if "-->" in lines[i] else None
        if times and i + 2 < len(lines) + 1 and i + 1 < len(lines):
            name = lines[i + 1].strip()
            if name and not re.search(r"[:.?!]$", name):
                out.append(f"[{_clock(times[0])}] {name}:")
                i += 2
                continue
        out.append(lines[i])
        i += 1
    return out


def _clock(seconds: float) -> str:
    whole = int(seconds)
    millis = int(seconds % 1 * 1000)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{millis:03d}"
