"""The call's outcome and its next step, read off the labels.

``agreed``: the prospect accepted a concrete next step or the order, and did not say no after it.
``rejected``: a clear no with no agreement after it. ``open``: neither (labels.md).
"""

from __future__ import annotations

from dealcoach.engine.labels import normalise
from dealcoach.engine.labels.model import LabelModel, kind_features
from dealcoach.engine.model import PROSPECT, SELLER, Utterance
from dealcoach.engine.playbook import LanguagePlaybook

AGREED, REJECTED, OPEN = "agreed", "rejected", "open"


def call_outcome(utterances: list[Utterance], playbook: LanguagePlaybook | None = None) -> str:
    """Agreed, rejected or open. An agreement counts only when it accepts something concrete:
    a proposed next step, a step the prospect names, or (with a ``playbook``) a closing question
    that names a step or the order. "Sounds good" to "what is your impression?" stays open."""
    last_agreement = last_rejection = -1
    for u in utterances:
        if u.role != PROSPECT:
            continue
        if "agreement" in u.labels and _accepts_a_step(utterances, u, playbook):
            last_agreement = u.index
        if "rejection" in u.labels:
            last_rejection = u.index
    if last_agreement >= 0 and last_agreement > last_rejection:
        return AGREED
    if last_rejection >= 0:
        return REJECTED
    return OPEN


def _accepts_a_step(
    utterances: list[Utterance], answer: Utterance, playbook: LanguagePlaybook | None
) -> bool:
    if "next_step" in answer.labels:
        return True
    for u in reversed(utterances[max(0, answer.index - 3) : answer.index]):
        if u.role == PROSPECT:
            continue
        if "next_step" in u.labels:
            return True
        if "closing_question" in u.labels and (playbook is None or _kind([u], playbook)):
            return True
    return False


def next_step(
    utterances: list[Utterance],
    outcome: str,
    playbook: LanguagePlaybook,
    model: LabelModel | None = None,
) -> dict | None:
    """The proposed next step (the last one, or the one agreed to), its kind and time phrase.

    The kind comes from the playbook's kind patterns; when they name none for an agreed step, a
    shipped ``model`` that knows kinds reads the words of the turns that proposed or accepted it
    (rules first, then the model: 0.669 out of fold, against 0.587 and 0.634 alone).
    """
    proposals = [u for u in utterances if u.role == SELLER and
                 ({"next_step", "closing_question"} & set(u.labels))]  # fmt: skip
    if not proposals and not any("next_step" in u.labels for u in utterances):
        return None
    agreed = outcome == AGREED
    if agreed:
        proposal, answer = _agreed_proposal(utterances, proposals, playbook)
        window = [u for u in utterances if proposal.index <= u.index <= answer + 2]
    else:
        candidates = [u for u in utterances if "next_step" in u.labels] or proposals
        proposal = candidates[-1]
        window = [proposal]
    kind = _kind(window, playbook)
    if kind is None:  # the confirmation is logistics; the step itself was named earlier
        earlier = [u for u in proposals if u.index < proposal.index]
        kind = next((k for u in reversed(earlier) if (k := _kind([u], playbook))), None)
    source = "rule" if kind else None
    if kind is None and agreed and model is not None and model.kinds:
        turns = kind_turns(utterances, proposal.index)
        kind = model.kind(kind_features(turns, None))
        source = "model" if kind else None
    time = _time(window, _settled_after(utterances, proposals, answer) if agreed else [], playbook)
    return {
        "agreed": agreed,
        "kind": kind,
        "kind_source": source,
        "utterance": proposal.index,
        "answer": answer if agreed else None,
        "time": time,
    }


def _time(
    window: list[Utterance], settled: list[Utterance], playbook: LanguagePlaybook
) -> str | None:
    """The time phrase of the step: the most precise one said around the agreement or in the
    logistics agreed after it ("next week" is settled as "Thursday the 29th at ten")."""
    if playbook.time_phrase is None:
        return None
    found = []
    for u in window + settled:
        hit = playbook.time_phrase.search(normalise(u.text))
        if hit:
            found.append(u.text[hit.start() : hit.end()])
    return max(found, key=len, default=None)  # the first of the longest: max keeps it


def _settled_after(
    utterances: list[Utterance], proposals: list[Utterance], answer: int
) -> list[Utterance]:
    """Seller proposals after the agreed one that the prospect agreed to, with the agreements."""
    out = []
    for u in utterances[answer + 1 :]:
        if u.role == PROSPECT and "agreement" in u.labels:
            before = [p for p in proposals if answer < p.index < u.index]
            if before:
                out += [before[-1], u]
    return out


def _agreed_proposal(
    utterances: list[Utterance], proposals: list[Utterance], playbook: LanguagePlaybook
) -> tuple[Utterance, int]:
    """The proposal the prospect agreed to, and the agreeing turn.

    The latest agreed closing question that names a step wins, then any agreed proposal that
    names one; the logistics agreed after it ("I'll send the invite", "fine, see you then") do
    not replace the demo that was agreed.
    """
    pairs = []
    for u in utterances:
        if u.role == PROSPECT and "agreement" in u.labels:
            before = [p for p in proposals if p.index < u.index]
            pairs.append((before[-1] if before else u, u.index))
    if not pairs:  # agreed on a turn no proposal precedes
        last = proposals[-1] if proposals else utterances[-1]
        return last, last.index

    named = [(p, a) for p, a in pairs if _kind([p], playbook)]
    asked = [(p, a) for p, a in named if "closing_question" in p.labels]
    return (asked or named or pairs)[-1]


KIND_WINDOW = 8  # turns before the agreed proposal in which the step may have been named


def kind_turns(utterances: list[Utterance], proposal: int) -> list[tuple[str, bool]]:
    """The turns around the agreed proposal that proposed, confirmed or accepted a step, and
    whether each is next to it: what the model reads to name the kind."""
    return [
        (normalise(u.text), abs(u.index - proposal) <= 3)
        for u in utterances[max(0, proposal - KIND_WINDOW) : proposal + 4]
        if {"next_step", "closing_question", "agreement"} & set(u.labels)
    ]


def _kind(turns: list[Utterance], playbook: LanguagePlaybook) -> str | None:
    """The first kind (in the playbook's order of precedence) that these turns name."""
    text = " ".join(normalise(u.text) for u in turns)
    return next((k for k, regex in playbook.kinds if regex.search(text)), None)
