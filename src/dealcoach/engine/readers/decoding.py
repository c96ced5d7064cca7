"""Turn a file's bytes into text the way sales teams' tools actually save it.

UTF-8 with or without BOM, UTF-16/32 with BOM (and UTF-16 without one, recognised by its NUL
pattern), Windows-1252 as a fallback for files saved by Dutch Windows users. Line endings become
``\n``. Anything that still is not text is refused with a reason, never guessed at.
"""

from __future__ import annotations

import codecs

from dealcoach.engine.errors import TranscriptError

MAX_BYTES = 50 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in a text transcript (tab, newline and CR excluded).
_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}


def check_size(source: str, size: int, limit: int = MAX_BYTES) -> None:
    if size > limit:
        raise TranscriptError(
            source,
            f"file too large ({size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.0f} MB)",
        )


def decode(source: str, data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` with normalised line endings, or raise TranscriptError."""
    if not data.strip():
        raise TranscriptError(source, "the transcript is empty")
    text, encoding = _decode(source, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\ufeff", "")
    if not text.strip():
        raise TranscriptError(source, "the transcript is empty")
    return text, encoding


def _decode(source: str, data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise TranscriptError(
                    source,
                    f"unreadable encoding: starts as {encoding} but breaks at byte {exc.start}",
                ) from None
    if b"\x00" in data:
        guessed = _utf16_without_bom(data)
        if guessed:
            try:
                return data.decode(guessed), guessed
            except UnicodeDecodeError:
                pass
        raise TranscriptError(source, "binary data, not a text transcript")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError as exc:
            raise TranscriptError(
                source,
                f"unreadable encoding: neither UTF-8 nor Windows-1252 (byte {exc.start}); "
                "save the file as UTF-8",
            ) from None
    if _looks_binary(text):
        raise TranscriptError(source, "binary data, not a text transcript")
    return text, encoding


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:8000]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    return controls > max(2, len(sample) // 200)
