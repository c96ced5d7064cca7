"""Score the labeller against a labelled corpus: per-label precision, recall and F1, outcome
accuracy with its confusion table, next-step kind accuracy, and every miss with its pattern."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from dealcoach.engine.errors import DealcoachError
from dealcoach.engine.model import Segment, Transcript
from dealcoach.engine.playbook import LABELS, Playbook

OUTCOMES = ("agreed", "rejected", "open")


class CorpusError(DealcoachError):
    """The evaluation corpus cannot be read."""


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: bool, found: bool) -> None:
        if expected and found:
            self.tp += 1
        elif found:
            self.fp += 1
        elif expected:
            self.fn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    split: str
    conversations: int = 0
    utterances: int = 0
    labels: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in LABELS})
    asr_question: Counts = field(default_factory=Counts)
    outcome_confusion: dict[str, dict[str, int]] = field(
        default_factory=lambda: {g: dict.fromkeys(OUTCOMES, 0) for g in OUTCOMES}
    )
    kind_right: int = 0
    kind_total: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        return sum(c.f1 for c in self.labels.values()) / len(self.labels)

    @property
    def outcome_accuracy(self) -> float:
        right = sum(self.outcome_confusion[o][o] for o in OUTCOMES)
        total = sum(sum(row.values()) for row in self.outcome_confusion.values())
        return right / total if total else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.kind_total if self.kind_total else 0.0

    def to_dict(self) -> dict:
        return {
            "split": self.split,
            "conversations": self.conversations,
            "utterances": self.utterances,
            "labels": {
                k: {
                    "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4),
                    "f1": round(c.f1, 4),
                    "support": c.tp + c.fn,
                }
                for k, c in self.labels.items()
            },
            "macro_f1": round(self.macro_f1, 4),
            "asr_question_f1": round(self.asr_question.f1, 4),
            "outcome_accuracy": round(self.outcome_accuracy, 4),
            "outcome_confusion": self.outcome_confusion,
            "next_step_kind_accuracy": round(self.kind_accuracy, 4),
            "next_step_kind_total": self.kind_total,
        }


def load_corpus(root: str | Path, split: str) -> list[dict]:
    """The split's conversations; a line that is not one names its file, line and problem."""
    folder = Path(root) / split
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise CorpusError(f"{folder}: no .jsonl files (expected CORPUS/{split}/*.jsonl)")
    conversations = []
    for path in files:
        try:
            lines = path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{path}: cannot be read ({exc})") from None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as exc:
                raise CorpusError(f"{path}: line {n} is not JSON ({exc})") from None
            problem = _conversation_problem(item)
            if problem:
                raise CorpusError(f"{path}: line {n} is not a conversation ({problem})")
            conversations.append(item)
    return conversations


def _conversation_problem(item) -> str | None:
    if not isinstance(item, dict):
        return "not an object"
    if not isinstance(item.get("seller"), str):
        return "no seller"
    if item.get("language") not in (None, "nl", "en"):
        return f"language {item.get('language')!r} is not nl or en"
    utterances = item.get("utterances")
    if not isinstance(utterances, list) or not utterances:
        return "no utterances"
    for k, u in enumerate(utterances):
        if not isinstance(u, dict) or not all(
            isinstance(u.get(f), str) for f in ("speaker", "text")
        ):
            return f"utterance {k} needs a speaker and a text"
        labels = u.get("labels")
        if not isinstance(labels, list) or any(label not in LABELS for label in labels):
            return f"utterance {k}: labels must be a list of {', '.join(LABELS)}"
    return None


def evaluate(root: str | Path, split: str, playbook: Playbook) -> Report:
    from dealcoach.engine import analyze_transcript

    report = Report(split)
    for conv in load_corpus(root, split):
        segments = tuple(Segment(u["speaker"], u["text"]) for u in conv["utterances"])
        transcript = Transcript(conv["id"], "text", "corpus", segments)
        analysis = analyze_transcript(
            transcript,
            sellers=[conv["seller"]],
            lang=conv.get("language"),
            playbook=playbook,
            merge_turns=False,  # score on the corpus' own turns
        )
        report.conversations += 1
        asr = conv.get("style") == "asr"
        for gold, got in zip(conv["utterances"], analysis.utterances, strict=True):
            report.utterances += 1
            expected, found = set(gold["labels"]), set(got.labels)
            for label in LABELS:
                report.labels[label].add(label in expected, label in found)
            if asr:
                report.asr_question.add("question" in expected, "question" in found)
            if expected != found:
                report.errors.append(
                    {
                        "conversation": conv["id"],
                        "utterance": got.index,
                        "role": got.role,
                        "text": got.text,
                        "missed": sorted(expected - found),
                        "extra": sorted(found - expected),
                        "patterns": [f"{m.label}:{m.pattern_id}" for m in got.matches],
                        "overruled": [f"{m.label}:{m.pattern_id}" for m in got.overruled],
                    }
                )
        gold_outcome = conv.get("outcome")
        if gold_outcome in OUTCOMES:
            report.outcome_confusion[gold_outcome][analysis.outcome or "open"] += 1
            if gold_outcome != analysis.outcome:
                report.errors.append(
                    {
                        "conversation": conv["id"],
                        "outcome": analysis.outcome,
                        "expected_outcome": gold_outcome,
                    }
                )
        if gold_outcome == "agreed" and conv.get("next_step_kind"):
            report.kind_total += 1
            kind = (analysis.next_step or {}).get("kind")
            if kind == conv["next_step_kind"]:
                report.kind_right += 1
            else:
                report.errors.append(
                    {
                        "conversation": conv["id"],
                        "kind": kind,
                        "expected_kind": conv["next_step_kind"],
                    }
                )
    return report
