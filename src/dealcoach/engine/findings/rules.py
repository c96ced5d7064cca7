"""The method's rules as small functions: each looks at one call and returns its evidence or None.

A rule only decides *whether* it applies and *what proves it*: the utterances and the figures it
used. Severity, wording, advice and thresholds come from the playbook, so a team can change them
without touching this file. Each rule declares the figures it reports; advice texts may quote them
as ``{name}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import median

from dealcoach.engine.call_metrics import CallMetrics, is_small_talk, said_at
from dealcoach.engine.labels import normalise
from dealcoach.engine.metrics import TalkMetrics
from dealcoach.engine.model import PROSPECT, SELLER, Utterance
from dealcoach.engine.turns import WORDS_PER_SECOND


@dataclass(slots=True)
class Call:
    """What every rule may look at."""

    utterances: list[Utterance]
    talk: TalkMetrics
    metrics: CallMetrics
    outcome: str | None
    next_step: dict | None
    phrases: dict[str, re.Pattern[str]]
    min_turns: int
    min_minutes: float
    fired: dict[str, Evidence] = field(default_factory=dict)  # rules fired so far, in order

    @property
    def enough_evidence(self) -> bool:
        return len(self.utterances) >= self.min_turns and self.metrics.minutes >= self.min_minutes

    def seconds(self, u: Utterance) -> float:
        if self.metrics.clock == "timed" and u.seconds is not None:
            return u.seconds
        return u.words / WORDS_PER_SECOND

    def seller_asked(self, phrase: str, after: int) -> list[tuple[int, str]]:
        """Seller turns after ``after`` that say one of the playbook's ``[phrases]``, each with
        the words that matched (the evidence names what the seller said)."""
        regex = self.phrases.get(phrase)
        if regex is None:
            return []
        found = []
        for u in self.utterances[max(0, after + 1) :]:
            if u.role != SELLER:
                continue
            hit = regex.search(normalise(u.text))
            if hit:
                found.append((u.index, u.text[hit.start() : hit.end()]))
        return found


@dataclass(frozen=True, slots=True)
class Evidence:
    utterances: tuple[int, ...]
    metrics: dict


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    check: Callable[[Call, dict], Evidence | None]
    params: dict  # threshold name -> default value (its type is the type the playbook must use)
    reports: tuple[str, ...]  # figure names the rule puts in its evidence


def _pct(share: float) -> int:
    return round(share * 100)


def open_ending(call: Call, p: dict) -> Evidence | None:
    if call.outcome != "open" or call.metrics.closing_questions:
        return None
    if len(call.utterances) < p["min_turns"]:
        return None
    ending = call.metrics.ending
    last = [
        i
        for i in (ending["last_seller_utterance"], ending["last_prospect_utterance"])
        if i is not None
    ]
    return Evidence(tuple(sorted(last)), {"closing_questions": 0, "outcome": call.outcome})


def no_closing_question(call: Call, p: dict) -> Evidence | None:
    if call.metrics.closing_questions or len(call.utterances) < p["min_turns"]:
        return None
    last = call.metrics.ending["last_seller_utterance"]
    return Evidence(
        () if last is None else (last,), {"closing_questions": 0, "outcome": call.outcome}
    )


def closed_without_commitment(call: Call, p: dict) -> Evidence | None:
    closes = call.metrics.closing_questions
    if call.outcome != "open" or not closes:
        return None
    if not any(u.role == PROSPECT and u.index > closes[0] for u in call.utterances):
        return None  # nobody answered: the transcript may simply stop there
    return Evidence(tuple(closes), {"closing_questions": len(closes)})


def talked_after_close(call: Call, p: dict) -> Evidence | None:
    talked = [a for a in call.metrics.after_close if a.seller_talked_on]
    if not talked:
        return None
    return Evidence(
        tuple(a.utterance for a in talked),
        {"times": len(talked), "words_after": max(a.words_after for a in talked)},
    )


def silence_after_close(call: Call, p: dict) -> Evidence | None:
    after = call.metrics.after_close
    held = [a for a in after if a.next_speaker == PROSPECT and not a.seller_talked_on]
    if not after or len(held) < len(after):
        return None
    silences = [a.silence_s for a in held if a.silence_s is not None]
    return Evidence(
        tuple(a.utterance for a in held),
        {"times": len(held), "silence_s": round(max(silences), 1) if silences else None},
    )


def pitch_before_asking(call: Call, p: dict) -> Evidence | None:
    first = call.metrics.first_question
    if first is None:  # no question at all: few_questions and long_monologue say it
        return None
    seconds = first["seller_seconds_before"]
    before = [
        u.index for u in call.utterances if u.role == SELLER and u.index <= first["utterance"]
    ]
    if seconds <= p["max_seconds"] or not before:
        return None
    return Evidence(
        tuple(before[:3] + ([first["utterance"]] if first["utterance"] not in before[:3] else [])),
        {
            "seconds_before_question": round(seconds),
            "minutes_before_question": round(seconds / 60, 1),
            "first_question": first["utterance"],
        },
    )


def long_monologue(call: Call, p: dict) -> Evidence | None:
    pitch = call.fired.get("pitch_before_asking")  # that finding already quotes the opening
    skip = set(pitch.utterances) if pitch else set()
    long = [
        u
        for u in call.utterances
        if u.role == SELLER and call.seconds(u) > p["max_seconds"] and u.index not in skip
    ]
    if not long:
        return None
    longest = max(long, key=call.seconds)
    return Evidence(
        tuple(u.index for u in long[:5]),
        {
            "count": len(long),
            "longest_seconds": round(call.seconds(longest)),
            "longest_minutes": round(call.seconds(longest) / 60, 1),
        },
    )


def _question_target(call: Call, per_10: float, enough: int) -> float:
    return min(float(enough), per_10 * call.metrics.minutes / 10.0)


def few_questions(call: Call, p: dict) -> Evidence | None:
    if not call.enough_evidence:
        return None
    asked = call.metrics.questions[SELLER]
    target = _question_target(call, p["min_per_10_min"], p["enough"])
    if asked >= target:
        return None
    return Evidence(
        (),
        {
            "questions": asked,
            "minutes": round(call.metrics.minutes),
            "expected": round(target),
            "per_10_min": round(call.metrics.questions_per_10_min[SELLER], 1),
        },
    )


def good_questioning(call: Call, p: dict) -> Evidence | None:
    if not call.enough_evidence:
        return None
    asked = call.metrics.questions[SELLER]
    if asked < max(p["min_questions"], _question_target(call, p["per_10_min"], p["enough"])):
        return None
    small_talk = call.phrases.get("small_talk")
    questions = [
        u.index
        for u in call.utterances
        if u.role == SELLER and "question" in u.labels and not is_small_talk(u, small_talk)
    ]
    return Evidence(
        tuple(questions[:3]),
        {
            "questions": asked,
            "minutes": round(call.metrics.minutes),
            "per_10_min": round(call.metrics.questions_per_10_min[SELLER], 1),
        },
    )


def _seller_share(call: Call) -> float | None:
    seller = call.talk.sides[SELLER]
    prospect = call.talk.sides[PROSPECT]
    if not seller.turns or not prospect.turns:
        return None
    return seller.talk_share


def seller_talks_too_much(call: Call, p: dict) -> Evidence | None:
    share = _seller_share(call)
    if not call.enough_evidence or share is None or share <= p["max_share"]:
        return None
    mono = call.talk.longest_seller_monologue
    return Evidence(
        () if mono is None else (mono["utterance"],),
        {"seller_share_pct": _pct(share), "max_share_pct": _pct(p["max_share"])},
    )


def balanced_talk(call: Call, p: dict) -> Evidence | None:
    share = _seller_share(call)
    if not call.enough_evidence or share is None or not p["min_share"] <= share <= p["max_share"]:
        return None
    return Evidence((), {"seller_share_pct": _pct(share)})


def pitch_to_terse_prospect(call: Call, p: dict) -> Evidence | None:
    prospect = [u for u in call.utterances if u.role == PROSPECT]
    if not prospect or len(prospect) < p["min_prospect_turns"]:
        return None
    terse = median(u.words for u in prospect)
    if terse > p["terse_words"]:
        return None
    replies = [
        call.utterances[u.index + 1]
        for u in prospect
        if u.words <= p["terse_words"]
        and u.index + 1 < len(call.utterances)
        and call.utterances[u.index + 1].role == SELLER
    ]
    pitches = [r for r in replies if r.words >= p["pitch_words"] and "question" not in r.labels]
    if len(replies) < p["min_short_answers"] or len(pitches) * 2 < len(replies):
        return None
    return Evidence(
        tuple(r.index for r in pitches[:5]),
        {
            "prospect_median_words": round(terse),
            "pitches": len(pitches),
            "short_answers": len(replies),
        },
    )


def no_time_check(call: Call, p: dict) -> Evidence | None:
    if len(call.utterances) < p["min_turns"] or call.metrics.time_check_early:
        return None
    later = call.metrics.time_checks[:1]
    opening = [u.index for u in call.utterances if u.role == SELLER][:1]
    return Evidence(
        tuple(later or opening),
        {"later_time_check": later[0] if later else None, "early_seconds": p["early_seconds"]},
    )


def time_checked(call: Call, p: dict) -> Evidence | None:
    """The same "first two minutes" as no_time_check: call_metrics decides it once."""
    if not call.metrics.time_check_early:
        return None
    first = call.metrics.time_checks[0]
    return Evidence((first,), {"seconds": round(_start(call, first))})


def _start(call: Call, index: int, label: str = "time_check") -> float:
    m = call.metrics
    return said_at(call.utterances[index], label, m.starts, m.ends)


def _decision_maker(call: Call) -> tuple[list[int], list[tuple[int, str]]]:
    shown = [
        u.index for u in call.utterances if u.role == PROSPECT and "not_decision_maker" in u.labels
    ]
    if not shown:
        return [], []
    asked = call.seller_asked("decision_maker_request", shown[0] - 4)  # also just before
    return shown, asked


def not_decision_maker(call: Call, p: dict) -> Evidence | None:
    shown, asked = _decision_maker(call)
    if not shown or asked:
        return None
    return Evidence(tuple(shown[:5]), {"times": len(shown), "asked_for_decision_maker": False})


def decision_maker_asked(call: Call, p: dict) -> Evidence | None:
    shown, asked = _decision_maker(call)
    if not shown or not asked:
        return None
    index, words = asked[0]
    cited = tuple(sorted({shown[0], index}))
    return Evidence(cited, {"asked_for_decision_maker": True, "asked_with": words})


def stalling_prospect(call: Call, p: dict) -> Evidence | None:
    if call.outcome != "open":
        return None
    stalls = [u.index for u in call.utterances if u.role == PROSPECT and "stall" in u.labels]
    if not stalls:
        return None
    return Evidence(tuple(stalls[:5]), {"stalls": len(stalls)})


def _no(call: Call) -> tuple[list[int], list[tuple[int, str]]]:
    if call.outcome != "rejected":
        return [], []
    noes = [u.index for u in call.utterances if u.role == PROSPECT and "rejection" in u.labels]
    return noes, call.seller_asked("ask_why_no", noes[0] - 1) if noes else []


def clear_no(call: Call, p: dict) -> Evidence | None:
    noes, asked = _no(call)
    if not noes or asked:
        return None
    return Evidence(tuple(noes[:3]), {"asked_what_went_wrong": False})


def asked_after_no(call: Call, p: dict) -> Evidence | None:
    noes, asked = _no(call)
    if not noes or not asked:
        return None
    index, words = asked[0]
    return Evidence((noes[0], index), {"asked_what_went_wrong": True, "asked_with": words})


def next_step_agreed(call: Call, p: dict) -> Evidence | None:
    step = call.next_step
    if call.outcome != "agreed" or not step or not step.get("agreed"):
        return None
    answer = step.get("answer")
    cited = tuple(sorted({step["utterance"], *([answer] if answer is not None else [])}))
    return Evidence(cited, {"kind": step.get("kind") or "", "time": step.get("time") or ""})


def quick_to_answer(call: Call, p: dict) -> Evidence | None:
    pause = call.talk.seller_patience_s
    answers = sum(
        1
        for a, b in zip(call.utterances, call.utterances[1:], strict=False)
        if a.role == PROSPECT and b.role == SELLER
    )
    if pause is None or answers < p["min_answers"] or pause >= p["min_pause_s"]:
        return None
    return Evidence((), {"pause_s": round(pause, 2), "answers": answers})


def _rule(check, params: dict | None = None, reports: tuple[str, ...] = ()) -> Rule:
    return Rule(check.__name__, check, params or {}, reports)


# In this order: a rule may leave out utterances that an earlier finding already quotes.
RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        _rule(open_ending, {"min_turns": 4}, ("closing_questions", "outcome")),
        _rule(no_closing_question, {"min_turns": 6}, ("closing_questions", "outcome")),
        _rule(closed_without_commitment, reports=("closing_questions",)),
        _rule(talked_after_close, {"talk_on_words": 12}, ("times", "words_after")),
        _rule(silence_after_close, reports=("times", "silence_s")),
        _rule(
            pitch_before_asking,
            {"max_seconds": 90.0},
            ("seconds_before_question", "minutes_before_question", "first_question"),
        ),
        _rule(
            long_monologue,
            {"max_seconds": 120.0},
            ("count", "longest_seconds", "longest_minutes"),
        ),
        _rule(
            few_questions,
            {"min_per_10_min": 1.5, "enough": 11},
            ("questions", "minutes", "expected", "per_10_min"),
        ),
        _rule(
            good_questioning,
            {"per_10_min": 2.4, "enough": 11, "min_questions": 4},
            ("questions", "minutes", "per_10_min"),
        ),
        _rule(seller_talks_too_much, {"max_share": 0.65}, ("seller_share_pct", "max_share_pct")),
        _rule(balanced_talk, {"min_share": 0.30, "max_share": 0.55}, ("seller_share_pct",)),
        _rule(
            pitch_to_terse_prospect,
            {"terse_words": 6, "min_prospect_turns": 5, "pitch_words": 40, "min_short_answers": 3},
            ("prospect_median_words", "pitches", "short_answers"),
        ),
        _rule(
            no_time_check,
            {"early_seconds": 120.0, "min_turns": 4},
            ("later_time_check", "early_seconds"),
        ),
        _rule(time_checked, reports=("seconds",)),
        _rule(not_decision_maker, reports=("times", "asked_for_decision_maker")),
        _rule(decision_maker_asked, reports=("asked_for_decision_maker", "asked_with")),
        _rule(stalling_prospect, reports=("stalls",)),
        _rule(clear_no, reports=("asked_what_went_wrong",)),
        _rule(asked_after_no, reports=("asked_what_went_wrong", "asked_with")),
        _rule(next_step_agreed, reports=("kind", "time")),
        _rule(quick_to_answer, {"min_pause_s": 0.6, "min_answers": 5}, ("pause_s", "answers")),
    )
}
