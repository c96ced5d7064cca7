"""Read a transcript file in any supported format into a :class:`Transcript`.

The format is sniffed from the content first and the extension second (``input_format`` forces
one), and :func:`read_transcript` reports what it recognised when nothing fits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from dealcoach.engine.errors import TranscriptError
from dealcoach.engine.model import Transcript
from dealcoach.engine.readers.asr_json import read_json
from dealcoach.engine.readers.decoding import MAX_BYTES, check_size, decode
from dealcoach.engine.readers.docx import read_docx
from dealcoach.engine.readers.plain import read_plain
from dealcoach.engine.readers.srt import read_srt
from dealcoach.engine.readers.vtt import read_vtt

TextReader = Callable[[str, str], Transcript]
READERS: dict[str, TextReader] = {
    "vtt": read_vtt,
    "srt": read_srt,
    "text": read_plain,
    "json": read_json,
}
FORMATS = (*READERS, "docx")
_SRT_START = re.compile(r"^\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", re.MULTILINE)
_CUE_TIMING = re.compile(r"^\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}\s*-->", re.MULTILINE)


def read_transcript(
    path: str | Path, *, input_format: str | None = None, max_bytes: int = MAX_BYTES
) -> Transcript:
    """Read ``path`` as a transcript; raise :class:`TranscriptError` saying what is wrong."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        check_size(source, size, max_bytes)
        data = path.read_bytes()
    except FileNotFoundError:
        raise TranscriptError(source, "no such file") from None
    except IsADirectoryError:
        raise TranscriptError(source, "is a directory, not a transcript file") from None
    except PermissionError:
        raise TranscriptError(source, "permission denied") from None
    except OSError as exc:
        raise TranscriptError(source, f"cannot be read ({exc.strerror or exc})") from None
    return read_bytes(source, data, suffix=path.suffix.lower(), input_format=input_format)


def read_bytes(
    source: str, data: bytes, *, suffix: str = "", input_format: str | None = None
) -> Transcript:
    """Read a transcript from memory; ``suffix`` (``.vtt``) is only a hint."""
    if input_format is not None and input_format not in FORMATS:
        raise TranscriptError(
            source, f"unknown input format {input_format!r}; choose from {', '.join(FORMATS)}"
        )
    if not data.strip():
        raise TranscriptError(source, "the transcript is empty")
    if input_format == "docx" or (input_format is None and data[:4] == b"PK\x03\x04"):
        if input_format is None and suffix not in (".docx", ".docm", ""):
            raise TranscriptError(source, "a zip archive, not a transcript (expected a .docx)")
        return _nonempty(read_docx(source, data))
    if input_format is None and suffix == ".docx":
        raise TranscriptError(source, "not a readable .docx file (it is not a zip package)")
    text, _encoding = decode(source, data)
    fmt = input_format or detect_format(text, suffix)
    return _nonempty(READERS[fmt](source, text))


def detect_format(text: str, suffix: str = "") -> str:
    """The reader for ``text``: content decides; the extension breaks ties."""
    head = text.lstrip()[:2000]
    if head.upper().startswith("WEBVTT"):
        return "vtt"
    if suffix == ".json" or (head[:1] in "{[" and _is_json(text)):
        return "json"
    if _SRT_START.search(head):
        return "srt"
    if _CUE_TIMING.search(head):
        return "vtt" if suffix == ".vtt" or "." in head.split("-->", 1)[0][-5:] else "srt"
    if suffix == ".vtt":
        return "vtt"
    if suffix == ".srt":
        return "srt"
    return "text"


def _is_json(text: str) -> bool:
    import json

    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _nonempty(transcript: Transcript) -> Transcript:
    if not transcript.segments:
        what = f"a {transcript.format} file" if transcript.format else "the file"
        raise TranscriptError(transcript.source, f"no speech found: {what} without any cue text")
    return transcript
