"""The analysis library: transcript file in, explained analysis out. No web, no database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dealcoach.engine.errors import DealcoachError, PlaybookError, RosterError, TranscriptError
from dealcoach.engine.labels import label_utterances
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
    outcome: str | None = None
    next_step: dict | None = None
    findings: list | None = None


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
) -> Analysis:
    playbook = playbook or default_playbook()
    utterances = build_utterances(transcript)
    if not utterances:
        raise TranscriptError(transcript.source, "no speech found")
    language = (
        forced_language(lang)
        if lang
        else detect_language(" ".join(u.text for u in utterances[:400]))
    )
    roles = assign_roles(
        transcript.source, utterances, language.code, sellers=sellers, roster=roster
    )
    rules = playbook.language(language.code)
    label_utterances(utterances, rules)
    outcome = call_outcome(utterances)
    return Analysis(
        transcript=transcript,
        language=language,
        roles=roles,
        utterances=utterances,
        metrics=talk_metrics(utterances),
        playbook=playbook,
        outcome=outcome,
        next_step=next_step(utterances, outcome, rules),
        findings=[],
    )
