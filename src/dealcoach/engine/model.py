"""The conversation model: plain frozen records that every stage of the engine passes on."""

from __future__ import annotations

from dataclasses import dataclass, field

SELLER = "seller"
PROSPECT = "prospect"


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of speech as the source file has it (a cue, a line, an ASR segment)."""

    speaker: str | None
    text: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True, slots=True)
class Transcript:
    """What a reader returns: the pieces of speech and what the reader recognised."""

    source: str
    format: str  # family: vtt, srt, text, json, docx
    dialect: str  # the tool that wrote it: teams, zoom, whisperx, otter, ...
    segments: tuple[Segment, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """Why an utterance carries a label: the pattern or rule and the span it matched."""

    label: str
    pattern_id: str
    span: tuple[int, int]
    source: str = "rule"

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "pattern": self.pattern_id,
            "span": list(self.span),
            "source": self.source,
        }


@dataclass(slots=True)
class Utterance:
    """One speaker turn: consecutive pieces of one speaker, merged."""

    index: int
    speaker: str
    text: str
    start: float | None
    end: float | None
    words: int
    role: str = PROSPECT
    labels: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    # Pattern hits the shipped model overruled as very unlikely (shown, never counted as labels).
    overruled: list[Match] = field(default_factory=list)
    # Where each merged piece begins in ``text`` and when it was said: (offset, start, end).
    pieces: list[tuple[int, float | None, float | None]] = field(default_factory=list)

    @property
    def seconds(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return max(0.0, self.end - self.start)

    def time_at(self, offset: int) -> float | None:
        """When the character at ``offset`` was said: in its piece, in proportion to its place."""
        if self.start is None:
            return None
        pieces = self.pieces or [(0, self.start, self.end)]
        n = max(i for i, piece in enumerate(pieces) if piece[0] <= offset or i == 0)
        begin, start, end = pieces[n]
        stop = pieces[n + 1][0] if n + 1 < len(pieces) else len(self.text)
        if start is None:
            return self.start
        if end is None or stop <= begin:
            return start
        return start + (end - start) * (offset - begin) / (stop - begin)


@dataclass(frozen=True, slots=True)
class RoleAssignment:
    """Who is on the seller's side, and how that was decided."""

    sellers: tuple[str, ...]
    source: str  # "given", "roster" or "heuristic"
    reason: str


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str  # "nl" or "en"
    confidence: float
    source: str  # "detected" or "forced"
    variant: str | None = None  # "nl-BE" when Flemish markers dominate
