"""Talk metrics that need no labels: who talked how much, how long, how fast, how patiently."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median

from dealcoach.engine.model import PROSPECT, SELLER, Utterance

OVERLAP_TOLERANCE_S = 0.05  # cue rounding in exports; less is not an interruption


@dataclass(slots=True)
class SpeakerStats:
    name: str
    role: str
    words: int = 0
    seconds: float | None = None
    turns: int = 0
    talk_share: float = 0.0
    words_per_minute: float | None = None

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "role": self.role,
            "words": self.words,
            "seconds": _r(self.seconds),
            "turns": self.turns,
            "talk_share": round(self.talk_share, 4),
            "words_per_minute": _r(self.words_per_minute, 1),
        }


@dataclass(slots=True)
class TalkMetrics:
    timed: bool
    duration_s: float | None
    speakers: list[SpeakerStats]
    sides: dict[str, SpeakerStats]
    longest_seller_monologue: dict | None
    seller_patience_s: float | None
    overlaps: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "timed": self.timed,
            "share_basis": "seconds" if self.timed else "words",
            "duration_s": _r(self.duration_s),
            "turns": sum(s.turns for s in self.speakers),
            "words": sum(s.words for s in self.speakers),
            "sides": {role: stats.to_dict() for role, stats in self.sides.items()},
            "longest_seller_monologue": self.longest_seller_monologue,
            "seller_patience_s": _r(self.seller_patience_s),
            "overlaps": {"count": len(self.overlaps), "utterances": self.overlaps},
        }


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def talk_metrics(utterances: list[Utterance]) -> TalkMetrics:
    timed = bool(utterances) and all(u.start is not None and u.end is not None for u in utterances)
    per: dict[str, SpeakerStats] = {}
    sides = {SELLER: SpeakerStats("seller", SELLER), PROSPECT: SpeakerStats("prospect", PROSPECT)}
    for u in utterances:
        stats = per.get(u.speaker)
        if stats is None:
            stats = per[u.speaker] = SpeakerStats(u.speaker, u.role)
        for target in (stats, sides[u.role]):
            target.words += u.words
            target.turns += 1
            if timed:
                target.seconds = (target.seconds or 0.0) + (u.seconds or 0.0)
    everyone = list(per.values())
    for group in (everyone, list(sides.values())):
        total = sum((s.seconds or 0.0) if timed else s.words for s in group)
        for s in group:
            amount = (s.seconds or 0.0) if timed else s.words
            s.talk_share = amount / total if total else 0.0
            if timed and s.seconds:
                s.words_per_minute = s.words / (s.seconds / 60.0)
    duration = None
    if timed:
        duration = max(u.end for u in utterances) - min(u.start for u in utterances)  # type: ignore[operator,type-var]
    return TalkMetrics(
        timed=timed,
        duration_s=duration,
        speakers=everyone,
        sides=sides,
        longest_seller_monologue=_longest_monologue(utterances, timed),
        seller_patience_s=_patience(utterances) if timed else None,
        overlaps=_overlaps(utterances) if timed else [],
    )


def _longest_monologue(utterances: list[Utterance], timed: bool) -> dict | None:
    seller = [u for u in utterances if u.role == SELLER]
    if not seller:
        return None
    longest = max(seller, key=lambda u: ((u.seconds or 0.0) if timed else 0.0, u.words))
    return {"utterance": longest.index, "seconds": _r(longest.seconds), "words": longest.words}


def _patience(utterances: list[Utterance]) -> float | None:
    """Median pause before the seller answers the prospect; an interruption counts as zero."""
    gaps = [
        max(0.0, cur.start - prev.end)  # type: ignore[operator]
        for prev, cur in pairwise(utterances)
        if prev.role == PROSPECT and cur.role == SELLER
    ]
    return median(gaps) if gaps else None


def _overlaps(utterances: list[Utterance]) -> list[int]:
    """Turns that start before the previous turn ended."""
    return [
        cur.index
        for prev, cur in pairwise(utterances)
        if cur.start < prev.end - OVERLAP_TOLERANCE_S  # type: ignore[operator]
    ]
