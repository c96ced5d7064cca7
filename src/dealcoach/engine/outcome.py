"""The call's outcome and its next step, read off the labels.

``agreed``: the prospect accepted a concrete next step or the order, and did not say no after it.
``rejected``: a clear no with no agreement after it. ``open``: neither (labels.md).
"""

from __future__ import annotations

from dealcoach.engine.labels import normalise
from dealcoach.engine.model import PROSPECT, SELLER, Utterance
from dealcoach.engine.playbook import LanguagePlaybook

AGREED, REJECTED, OPEN = "agreed", "rejected", "open"


def call_outcome(utterances: list[Utterance]) -> str:
    last_agreement = last_rejection = -1
    for u in utterances:
        if u.role != PROSPECT:
            continue
        if "agreement" in u.labels:
            last_agreement = u.index
        if "rejection" in u.labels:
            last_rejection = u.index
    if last_agreement >= 0 and last_agreement > last_rejection:
        return AGREED
    if last_rejection >= 0:
        return REJECTED
    return OPEN


def next_step(utterances: list[Utterance], outcome: str, playbook: LanguagePlaybook) -> dict | None:
    """The proposed next step (the last one, or the one agreed to), its kind and time phrase."""
    proposals = [u for u in utterances if u.role == SELLER and
                 ({"next_step", "closing_question"} & set(u.labels))]  # fmt: skip
    if not proposals and not any("next_step" in u.labels for u in utterances):
        return None
    agreed = outcome == AGREED
    if agreed:
        answer = max(u.index for u in utterances if "agreement" in u.labels and u.role == PROSPECT)
        before = [u for u in proposals if u.index < answer]
        proposal = before[-1] if before else (proposals[-1] if proposals else utterances[answer])
        window = [u for u in utterances if proposal.index <= u.index <= answer + 2]
    else:
        candidates = [u for u in utterances if "next_step" in u.labels] or proposals
        proposal = candidates[-1]
        window = [proposal]
    kind = _kind(window, playbook)
    if kind is None:  # the confirmation is logistics; the step itself was named earlier
        earlier = [u for u in proposals if u.index < proposal.index]
        kind = next((k for u in reversed(earlier) if (k := _kind([u], playbook))), None)
    time = None
    if playbook.time_phrase is not None:
        for u in window:
            found = playbook.time_phrase.search(normalise(u.text))
            if found:
                time = u.text[found.start() : found.end()]
                break
    return {"agreed": agreed, "kind": kind, "utterance": proposal.index, "time": time}


def _kind(turns: list[Utterance], playbook: LanguagePlaybook) -> str | None:
    """The first kind (in the playbook's order of precedence) that these turns name."""
    text = " ".join(normalise(u.text) for u in turns)
    return next((k for k, regex in playbook.kinds if regex.search(text)), None)
