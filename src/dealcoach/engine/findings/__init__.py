"""Findings: the method's rules held against one call, each with its evidence and advice.

The rules (``rules.py``) say whether they apply and what proves it; the playbook says whether a
rule runs, how severe it is, which idea of the method it applies, its thresholds, and what to
tell the seller in the call's language. A rule that another fired rule makes redundant
(``suppressed_by``) stays quiet, so findings never repeat or contradict each other.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from dealcoach.engine.findings.rules import RULES, Call, Evidence
from dealcoach.engine.playbook import SEVERITIES, LanguagePlaybook, Playbook

__all__ = ["RULES", "SEVERITIES", "Call", "Finding", "find"]


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: str
    utterances: tuple[int, ...]
    metrics: dict
    message: str
    advice: str
    source: str

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "evidence": {"utterances": list(self.utterances), "metrics": dict(self.metrics)},
            "message": self.message,
            "advice": self.advice,
            "source": self.source,
        }


def find(call: Call, playbook: Playbook, language: LanguagePlaybook) -> list[Finding]:
    """Every finding of the call, most severe first (then in the order of ``RULES``).

    A transcript in which only one side speaks (a voicemail, a file without speaker names) is
    no conversation to judge: it gets no findings.
    """
    roles = {u.role for u in call.utterances}
    if len(roles) < 2:
        return []
    fired: dict[str, Evidence] = {}
    for rule_id, rule in RULES.items():
        settings = playbook.rules[rule_id]
        if not settings.enabled:
            continue
        evidence = rule.check(call, settings.params)
        if evidence is not None:
            fired[rule_id] = evidence
            call.fired[rule_id] = evidence
    findings = []
    for rule_id, evidence in fired.items():
        settings = playbook.rules[rule_id]
        if any(other in fired for other in settings.suppressed_by):
            continue
        text = language.advice[rule_id]
        values = _values(evidence.metrics, language, estimated=call.metrics.clock == "words")
        findings.append(
            Finding(
                rule=rule_id,
                severity=settings.severity,
                utterances=evidence.utterances,
                metrics=evidence.metrics,
                message=_fill(text.message, values),
                advice=_fill(text.advice, values),
                source=text.source or settings.source,
            )
        )
    findings.sort(key=lambda f: SEVERITIES.index(f.severity))
    return findings


_DURATIONS = ("minutes", "seconds")  # figures that an untimed transcript only estimates


def _values(metrics: dict, language: LanguagePlaybook, *, estimated: bool = False) -> dict:
    """The figures as the message shows them: decimal commas in Dutch, "~" before a duration
    estimated from word counts (a transcript without times)."""
    values = {}
    for key, value in metrics.items():
        shown = value
        if isinstance(value, float) and language.code == "nl":
            shown = str(value).replace(".", ",")
        if estimated and key.endswith(_DURATIONS) and isinstance(value, int | float):
            shown = f"~{shown}"
        values[key] = shown
    if "kind" in metrics:
        names = language.kind_names
        values["kind_name"] = names.get(metrics["kind"]) or names.get("step", "")
        values["when"] = f" ({metrics['time']})" if metrics.get("time") else ""
    return values


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _fill(template: str, values: dict) -> str:
    """Quote the figures; a figure the rule did not report becomes empty, never an error."""
    shown = _Blank({k: "-" if v is None else v for k, v in values.items()})
    return string.Formatter().vformat(template, (), shown)
