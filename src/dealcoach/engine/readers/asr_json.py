"""Speech-recognition JSON, recognised by its shape rather than its file name.

WhisperX / faster-whisper segments (with ``speaker``), OpenAI Whisper ``verbose_json`` (no
speakers), AWS Transcribe, Deepgram, AssemblyAI (milliseconds) and Rev.ai.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from dealcoach.engine.errors import TranscriptError
from dealcoach.engine.model import Segment, Transcript

Reader = Callable[[Any], tuple[str, list[Segment]]]


def read_json(source: str, text: str) -> Transcript:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        what = exc.msg.removesuffix(" starting at").lower()  # "Unterminated string starting at"
        if exc.msg.startswith("Unterminated") or exc.pos >= len(text.rstrip()):
            what += " (the file looks cut off)"
        raise TranscriptError(
            source, f"JSON broken at line {exc.lineno}, column {exc.colno}: {what}"
        ) from None
    for reader in (_whisper, _aws, _deepgram, _assemblyai, _revai):
        result = reader(data)
        if result is not None:
            dialect, segments = result
            segments = [s for s in segments if s.text]
            notes: tuple[str, ...] = ()
            if not any(s.speaker for s in segments):
                notes = ("no speaker labels in the JSON (one unknown speaker)",)
            return Transcript(source, "json", dialect, tuple(segments), notes)
    raise TranscriptError(source, f"not a transcript: JSON {_describe(data)}; {_EXPECTED}")


_EXPECTED = (
    "expected WhisperX/faster-whisper or Whisper segments, AWS Transcribe, Deepgram, "
    "AssemblyAI or Rev.ai JSON"
)


def _describe(data: Any) -> str:
    if isinstance(data, dict):
        keys = ", ".join(list(data)[:6])
        return f"object with keys {keys}" if keys else "empty object"
    if isinstance(data, list):
        return f"list of {len(data)} items"
    return f"value of type {type(data).__name__}"


def _num(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _speaker(value: Any, numeric_prefix: str = "Speaker") -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{numeric_prefix} {int(value)}"
    return _text(value)


def _whisper(data: Any) -> tuple[str, list[Segment]] | None:
    segments = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(segments, list) or not segments:
        return None
    if not all(isinstance(s, dict) and "text" in s and "start" in s for s in segments[:50]):
        return None
    out = [
        Segment(
            _speaker(s.get("speaker")),
            _text(s.get("text")),
            _num(s.get("start")),
            _num(s.get("end")),
        )
        for s in segments
    ]
    if not isinstance(data, dict):
        dialect = "faster_whisper"
    elif any(s.speaker for s in out):
        dialect = "whisperx"
    else:
        dialect = "whisper_verbose" if isinstance(data, dict) and "task" in data else "whisper"
    return dialect, out


def _aws(data: Any) -> tuple[str, list[Segment]] | None:
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        return None
    results = data["results"]
    if "transcripts" not in results and "items" not in results:
        return None
    audio = results.get("audio_segments")
    if isinstance(audio, list) and audio:
        return "aws_transcribe", [
            Segment(
                _speaker(a.get("speaker_label")),
                _text(a.get("transcript")),
                _num(a.get("start_time")),
                _num(a.get("end_time")),
            )
            for a in audio
        ]
    items = results.get("items") or []
    labels = (results.get("speaker_labels") or {}).get("segments") or []
    # Each word item's speaker: from the item itself (newer output) or the label segments.
    spans = [
        (
            _num(seg.get("start_time")) or 0.0,
            _num(seg.get("end_time")) or 0.0,
            seg.get("speaker_label"),
        )
        for seg in labels
    ]
    out: list[Segment] = []
    words: list[str] = []
    current: tuple[str | None, float | None, float | None] | None = None
    for item in items:
        content = _text((item.get("alternatives") or [{}])[0].get("content"))
        if item.get("type") == "punctuation":
            if words:
                words[-1] += content
            continue
        start, end = _num(item.get("start_time")), _num(item.get("end_time"))
        speaker = item.get("speaker_label") or _label_at(spans, start)
        if current is None or speaker != current[0]:
            if current is not None:
                out.append(Segment(_speaker(current[0]), " ".join(words), current[1], current[2]))
            current, words = (speaker, start, end), []
        current = (current[0], current[1], end if end is not None else current[2])
        words.append(content)
    if current is not None:
        out.append(Segment(_speaker(current[0]), " ".join(words), current[1], current[2]))
    if not out:
        transcripts = results.get("transcripts") or [{}]
        text = _text(transcripts[0].get("transcript"))
        out = [Segment(None, text)] if text else []
    return "aws_transcribe", out


def _label_at(spans: list[tuple[float, float, Any]], at: float | None) -> Any:
    if at is None:
        return None
    for start, end, label in spans:
        if start <= at <= end:
            return label
    return None


def _deepgram(data: Any) -> tuple[str, list[Segment]] | None:
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        return None
    results = data["results"]
    if "channels" not in results and "utterances" not in results:
        return None
    utterances = results.get("utterances")
    if isinstance(utterances, list) and utterances:
        return "deepgram", [
            Segment(
                _speaker(u.get("speaker")),
                _text(u.get("transcript")),
                _num(u.get("start")),
                _num(u.get("end")),
            )
            for u in utterances
        ]
    channels = results.get("channels") or []
    alternative = ((channels[0] if channels else {}).get("alternatives") or [{}])[0]
    words = alternative.get("words") or []
    out: list[Segment] = []
    for word in words:
        token = _text(word.get("punctuated_word") or word.get("word"))
        speaker = _speaker(word.get("speaker"))
        start, end = _num(word.get("start")), _num(word.get("end"))
        if out and out[-1].speaker == speaker:
            last = out[-1]
            out[-1] = Segment(speaker, f"{last.text} {token}", last.start, end)
        else:
            out.append(Segment(speaker, token, start, end))
    if not any(s.speaker for s in out):
        text = _text(alternative.get("transcript"))
        start = out[0].start if out else None
        end = out[-1].end if out else None
        out = [Segment(None, text, start, end)] if text else []
    return "deepgram", out


def _assemblyai(data: Any) -> tuple[str, list[Segment]] | None:
    if not isinstance(data, dict):
        return None
    utterances = data.get("utterances")
    if isinstance(utterances, list) and utterances:
        return "assemblyai", [
            Segment(
                _speaker(u.get("speaker")),
                _text(u.get("text")),
                _ms(u.get("start")),
                _ms(u.get("end")),
            )
            for u in utterances
        ]
    if isinstance(data.get("words"), list) and "text" in data and "status" in data:
        words = data["words"]
        start = _ms(words[0].get("start")) if words else None
        end = _ms(words[-1].get("end")) if words else None
        return "assemblyai", [Segment(None, _text(data.get("text")), start, end)]
    return None


def _ms(value: Any) -> float | None:
    number = _num(value)
    return None if number is None else round(number / 1000.0, 3)


def _revai(data: Any) -> tuple[str, list[Segment]] | None:
    if not isinstance(data, dict) or not isinstance(data.get("monologues"), list):
        return None
    out: list[Segment] = []
    for mono in data["monologues"]:
        elements = mono.get("elements") or []
        text = "".join(str(e.get("value", "")) for e in elements)
        times = [e for e in elements if e.get("type") == "text"]
        start = _num(times[0].get("ts")) if times else None
        end = _num(times[-1].get("end_ts")) if times else None
        name = mono.get("speaker_name") or _speaker(mono.get("speaker"))
        out.append(Segment(_text(name) or None, _text(text), start, end))
    return "revai", out
