"""The analysis library: transcript file in, explained analysis out. No web, no database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dealcoach.engine.call_metrics import CallMetrics, call_metrics
from dealcoach.engine.errors import DealcoachError, PlaybookError, RosterError, TranscriptError
from dealcoach.engine.findings import Call, Finding, find
from dealcoach.engine.labels import label_utterances
from dealcoach.engine.labels.model import default_model
from dealcoach.engine.language import detect_language, forced_language
from dealcoach.engine.metrics import TalkMetrics, talk_metrics
from dealcoach.engine.model import LanguageGuess, RoleAssignment, Transcript, Utterance
from dealcoach.engine.outcome import call_outcome, next_step
from dealcoach.engine.playbook import Playbook, default_playbook, load_playbook
from dealcoach.engine.readers import read_transcript
from dealcoach.engine.roles import Roster, assign_roles, load_roster
from dealcoach.engine.turns import build_utterances

__all__ = [
    "Analysis",
    "DealcoachError",
    "PlaybookError",
    "Roster",
    "RosterError",
    "TranscriptError",
    "analyze",
    "analyze_transcript",
    "load_playbook",
    "load_roster",
    "read_transcript",
]


@dataclass(slots=True)
class Analysis:
    """Everything dealcoach knows about one conversation."""

    transcript: Transcript
    language: LanguageGuess
    roles: RoleAssignment
    utterances: list[Utterance]
    metrics: TalkMetrics
    playbook: Playbook
    call_metrics: CallMetrics
    outcome: str
    next_step: dict | None
    findings: list[Finding]


def analyze(
    path: str | Path,
    *,
    sellers: Sequence[str] = (),
    roster: Roster | None = None,
    lang: str | None = None,
    input_format: str | None = None,
    playbook: Playbook | None = None,
) -> Analysis:
    """Read and analyse one transcript file."""
    transcript = read_transcript(path, input_format=input_format)
    return analyze_transcript(
        transcript, sellers=sellers, roster=roster, lang=lang, playbook=playbook
    )


def analyze_transcript(
    transcript: Transcript,
    *,
    sellers: Sequence[str] = (),
    roster: Roster | None = None,
    lang: str | None = None,
    playbook: Playbook | None = None,
    merge_turns: bool = True,
) -> Analysis:
    """Analyse a transcript already read; ``merge_turns=False`` keeps every segment a turn."""
    playbook = playbook or default_playbook()
    utterances = build_utterances(transcript, merge=merge_turns)
    if not utterances:
        raise TranscriptError(transcript.source, "no speech found")
    language = (
        forced_language(lang)
        if lang
        else detect_language(" ".join(u.text for u in utterances[:400]))
    )
    rules = playbook.language(language.code)
    roles = assign_roles(transcript.source, utterances, rules.roles, sellers=sellers, roster=roster)
    model = default_model() if rules.use_model else None
    label_utterances(utterances, rules, model)
    outcome = call_outcome(utterances, rules)
    talk = talk_metrics(utterances)
    step = next_step(utterances, outcome, rules, model)
    calls = call_metrics(
        utterances,
        outcome,
        early_seconds=playbook.rules["no_time_check"].params["early_seconds"],
        talk_on_words=playbook.rules["talked_after_close"].params["talk_on_words"],
        small_talk=rules.phrases.get("small_talk"),
    )
    call = Call(
        utterances=utterances,
        talk=talk,
        metrics=calls,
        outcome=outcome,
        next_step=step,
        phrases=rules.phrases,
        min_turns=int(playbook.evidence["min_turns"]),
        min_minutes=float(playbook.evidence["min_minutes"]),
    )
    return Analysis(
        transcript=transcript,
        language=language,
        roles=roles,
        utterances=utterances,
        metrics=talk,
        playbook=playbook,
        call_metrics=calls,
        outcome=outcome,
        next_step=step,
        findings=find(call, playbook, rules),
    )
