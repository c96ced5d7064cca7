"""Conversation metrics read off the labels: how the seller asked, checked, closed and ended.

These are the figures the method's rules judge. In an untimed transcript every "seconds" figure is
estimated from words at the speaking rate below and the result says so (``clock: "words"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dealcoach.engine.model import PROSPECT, SELLER, Utterance
from dealcoach.engine.turns import WORDS_PER_SECOND

_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
_WORD = re.compile(r"\w+")
_SENTENCES = re.compile(r"[^.!?…]+[.!?…]*")


@dataclass(slots=True)
class AfterClose:
    """What followed one closing question."""

    utterance: int
    next_speaker: str | None  # the next turn's role, or None when the call ended there
    next_utterance: int | None
    silence_s: float | None  # pause before the next turn (timed transcripts only)
    words_after: int  # words the seller said after the question, in the same turn
    seller_talked_on: bool

    def to_dict(self) -> dict:
        return {
            "utterance": self.utterance,
            "next_speaker": self.next_speaker,
            "next_utterance": self.next_utterance,
            "silence_s": None if self.silence_s is None else round(self.silence_s, 3),
            "words_after": self.words_after,
            "seller_talked_on": self.seller_talked_on,
        }


@dataclass(slots=True)
class CallMetrics:
    clock: str  # "timed" or "words" (seconds estimated from word counts)
    minutes: float
    questions: dict[str, int]
    questions_per_10_min: dict[str, float]
    first_question: dict | None
    closing_questions: list[int]
    time_checks: list[int]
    time_check_early: bool
    after_close: list[AfterClose] = field(default_factory=list)
    ending: dict = field(default_factory=dict)
    label_counts: dict[str, int] = field(default_factory=dict)
    starts: list[float] = field(default_factory=list)  # each turn's start, seconds from the first
    ends: list[float] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "clock": self.clock,
            "minutes": round(self.minutes, 2),
            "questions": dict(self.questions),
            "questions_per_10_min": {k: round(v, 2) for k, v in self.questions_per_10_min.items()},
            "first_seller_question": self.first_question,
            "closing_questions": list(self.closing_questions),
            "time_checks": list(self.time_checks),
            "time_check_early": self.time_check_early,
            "after_closing_questions": [a.to_dict() for a in self.after_close],
            "ending": dict(self.ending),
            "label_counts": dict(self.label_counts),
        }


def call_clock(utterances: list[Utterance]) -> tuple[str, list[float], list[float]]:
    """Start and end of every turn in seconds from the first: real when timed, else estimated."""
    if utterances and all(u.start is not None and u.end is not None for u in utterances):
        origin = utterances[0].start or 0.0
        starts = [(u.start or 0.0) - origin for u in utterances]
        ends = [(u.end or 0.0) - origin for u in utterances]
        return "timed", starts, ends
    starts, ends, at = [], [], 0.0
    for u in utterances:
        starts.append(at)
        at += u.words / WORDS_PER_SECOND
        ends.append(at)
    return "words", starts, ends


def call_metrics(
    utterances: list[Utterance],
    outcome: str | None,
    *,
    early_seconds: float = 120.0,
    talk_on_words: int = 12,
    small_talk: re.Pattern[str] | None = None,
) -> CallMetrics:
    """The label-based figures of one call; ``talk_on_words`` words after a close is talking on."""
    clock, starts, ends = call_clock(utterances)
    seconds = max(ends) if ends else 0.0
    minutes = seconds / 60.0
    questions = {SELLER: 0, PROSPECT: 0}
    counts: dict[str, int] = {}
    for u in utterances:
        for label in u.labels:
            counts[label] = counts.get(label, 0) + 1
        if "question" in u.labels:
            questions[u.role] += 1
    per_10 = {
        role: (n / minutes * 10.0 if minutes >= 1.0 else 0.0) for role, n in questions.items()
    }
    closing = [u.index for u in utterances if u.role == SELLER and "closing_question" in u.labels]
    checks = [u.index for u in utterances if u.role == SELLER and "time_check" in u.labels]
    return CallMetrics(
        clock=clock,
        minutes=minutes,
        questions=questions,
        questions_per_10_min=per_10,
        first_question=_first_question(utterances, starts, ends, small_talk),
        closing_questions=closing,
        time_checks=checks,
        time_check_early=any(
            round(said_at(utterances[i], "time_check", starts, ends)) <= early_seconds
            for i in checks
        ),
        after_close=[
            _after_close(utterances, i, clock, starts, ends, talk_on_words) for i in closing
        ],
        ending=_ending(utterances, outcome),
        label_counts=counts,
        starts=starts,
        ends=ends,
    )


def said_at(u: Utterance, label: str, starts: list[float], ends: list[float]) -> float:
    """When a label's words were said, in seconds from the call's start.

    Timed: from the merged piece that holds them. Untimed: into the turn in proportion to the
    place of the words.
    """
    spans = [m.span[0] for m in u.matches if m.label == label]
    if not spans or not u.text:
        return starts[u.index]
    if u.start is not None:
        at = u.time_at(min(spans))
        if at is not None:
            return starts[u.index] + (at - u.start)
    return starts[u.index] + (ends[u.index] - starts[u.index]) * min(spans) / len(u.text)


def is_small_talk(u: Utterance, small_talk: re.Pattern[str] | None) -> bool:
    """A short greeting or line check ("how are you?", "can you hear me?"): no real question."""
    return small_talk is not None and u.words <= 12 and bool(small_talk.search(u.text.lower()))


def _first_question(
    utterances: list[Utterance],
    starts: list[float],
    ends: list[float],
    small_talk: re.Pattern[str] | None = None,
):
    first = next(
        (
            u
            for u in utterances
            if u.role == SELLER and "question" in u.labels and not is_small_talk(u, small_talk)
        ),
        None,
    )
    if first is None:
        return None
    before = utterances[: first.index]
    seller_s = sum(ends[u.index] - starts[u.index] for u in before if u.role == SELLER)
    total_s = sum(ends[u.index] - starts[u.index] for u in before)
    # The part of the first question's own turn spoken before the question counts as pitch too.
    lead = _words_before_question(first)
    seller_words = sum(u.words for u in before if u.role == SELLER) + lead
    seller_s += lead / WORDS_PER_SECOND if first.start is None else _lead_seconds(first, lead)
    total_s += lead / WORDS_PER_SECOND if first.start is None else _lead_seconds(first, lead)
    return {
        "utterance": first.index,
        "turns_before": first.index,
        "seconds": round(said_at(first, "question", starts, ends), 3),
        "seller_words_before": seller_words,
        "seller_seconds_before": round(seller_s, 3),
        "seller_share_before": round(seller_s / total_s, 4) if total_s else None,
    }


def _lead_seconds(u: Utterance, lead_words: int) -> float:
    if not u.words or u.seconds is None:
        return lead_words / WORDS_PER_SECOND
    return u.seconds * lead_words / u.words


def _words_before_question(u: Utterance) -> int:
    """Words of the turn before the sentence that asks (the whole turn when it cannot tell)."""
    spans = [m.span for m in u.matches if m.label == "question"]
    if not spans:
        return 0
    start = min(s for s, _ in spans)
    cut = max((m.end() for m in _SENTENCE_END.finditer(u.text, 0, start)), default=0)
    return len(_WORD.findall(u.text[:cut]))


def _after_close(
    utterances: list[Utterance],
    index: int,
    clock: str,
    starts: list[float],
    ends: list[float],
    talk_on_words: int,
) -> AfterClose:
    u = utterances[index]
    spans = [m.span for m in u.matches if m.label == "closing_question"]
    end = max((e for _, e in spans), default=len(u.text))
    stop = _SENTENCE_END.search(u.text, end)
    tail = u.text[stop.end() :] if stop else ""  # unpunctuated: the question may run on
    # A second question straight after ("...? Are you feeling good about it?") still waits.
    words_after = sum(
        len(_WORD.findall(sentence))
        for sentence in _SENTENCES.findall(tail)
        if not sentence.rstrip().endswith("?")
    )
    nxt = utterances[index + 1] if index + 1 < len(utterances) else None
    silence = None
    if nxt is not None and clock == "timed":
        silence = max(0.0, starts[nxt.index] - ends[index])
    talked_on = words_after >= talk_on_words or (nxt is not None and nxt.role == SELLER)
    return AfterClose(
        utterance=index,
        next_speaker=None if nxt is None else nxt.role,
        next_utterance=None if nxt is None else nxt.index,
        silence_s=silence,
        words_after=words_after,
        seller_talked_on=talked_on,
    )


def _ending(utterances: list[Utterance], outcome: str | None) -> dict:
    last = {
        role: next((u.index for u in reversed(utterances) if u.role == role), None)
        for role in (SELLER, PROSPECT)
    }
    return {
        "last_seller_utterance": last[SELLER],
        "last_prospect_utterance": last[PROSPECT],
        "last_speaker": utterances[-1].role if utterances else None,
        "committed": outcome == "agreed",
        "state": {"agreed": "committed", "rejected": "rejected"}.get(outcome or "", "open"),
    }
