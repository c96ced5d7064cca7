"""From the pieces a reader found to speaker turns: merged, named and timed consistently."""

from __future__ import annotations

import re

from dealcoach.engine.model import Segment, Transcript, Utterance
from dealcoach.engine.readers.speakers import UNKNOWN_SPEAKER

WORDS_PER_SECOND = 2.5  # 150 words a minute: to estimate the end of a turn that has none
# Control characters (escape sequences, bells) are never speech; in a terminal they are commands.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def build_utterances(transcript: Transcript, *, merge: bool = True) -> list[Utterance]:
    """Merge consecutive pieces of one speaker into turns (start of the first, end of the last).

    A piece without a speaker continues the previous speaker's turn; in a file that names no
    speaker at all everything belongs to one unknown speaker. ``merge=False`` keeps every piece
    a turn of its own (a labelled corpus is scored on its own turns).
    """
    clean = [
        Segment(s.speaker and _CONTROL.sub("", s.speaker), _CONTROL.sub("", s.text), s.start, s.end)
        for s in transcript.segments
    ]
    counts = [_count_words(s.text) for s in clean]
    segments = _timed(clean, counts)
    utterances: list[Utterance] = []
    current = UNKNOWN_SPEAKER
    for seg, words in zip(segments, counts, strict=True):
        speaker = seg.speaker or current
        current = speaker
        if merge and utterances and utterances[-1].speaker == speaker:
            last = utterances[-1]
            last.pieces.append((len(last.text) + 1, seg.start, seg.end))
            last.text = f"{last.text} {seg.text}"
            last.words += words
            if seg.end is not None and (last.end is None or seg.end > last.end):
                last.end = seg.end
            continue
        utterances.append(
            Utterance(
                index=len(utterances),
                speaker=speaker,
                text=seg.text,
                start=seg.start,
                end=seg.end,
                words=words,
                pieces=[(0, seg.start, seg.end)],
            )
        )
    return utterances


_WORD = re.compile(r"[^\W_]\S*|\S+?[^\W_]\S*")


def _count_words(text: str) -> int:
    """Tokens with a letter or digit in them; "-" and "..." are not words."""
    return len(_WORD.findall(text))


def _timed(segments: list[Segment], counts: list[int]) -> list[Segment]:
    """Give every piece a start and end when some are timed; leave untimed files untimed.

    Missing starts are interpolated by word count between known ones (Google Meet writes a time
    every few minutes); a missing end is the next start, or estimated from the word count.
    """
    known = [i for i, s in enumerate(segments) if s.start is not None]
    if not known:
        return segments
    starts: list[float | None] = [s.start for s in segments]
    words = [max(1, n) for n in counts]
    if len(known) < len(segments):
        _interpolate(starts, words, known)
    out: list[Segment] = []
    for i, seg in enumerate(segments):
        start = starts[i]
        end = seg.end
        if end is None and start is not None:
            following = next((t for t in starts[i + 1 :] if t is not None and t >= start), None)
            estimate = round(start + words[i] / WORDS_PER_SECOND, 3)
            end = min(following, estimate) if following is not None else estimate
            end = max(end, start)
        out.append(Segment(seg.speaker, seg.text, start, end))
    return out


def _interpolate(starts: list[float | None], words: list[int], known: list[int]) -> None:
    first = known[0]
    for i in range(first - 1, -1, -1):  # before the first anchor: count back from it
        starts[i] = max(0.0, round(starts[i + 1] - words[i] / WORDS_PER_SECOND, 3))
    for a, b in zip(known, [*known[1:], None], strict=True):
        gap_words = sum(words[a:b]) if b is not None else None
        span = (starts[b] - starts[a]) if b is not None else None
        elapsed = 0
        for i in range(a + 1, b if b is not None else len(starts)):
            elapsed += words[i - 1]
            if span is not None and gap_words:
                starts[i] = round(starts[a] + span * elapsed / gap_words, 3)
            else:
                starts[i] = round(starts[a] + elapsed / WORDS_PER_SECOND, 3)
