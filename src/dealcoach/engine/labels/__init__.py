"""Label every utterance with the eight labels of labels.md, each with the pattern that fired.

Patterns come from the playbook. Context rules are data too: a pattern with ``after`` fires only
when the other side's last turns carry one of those labels ("ja" after "zullen we dinsdag...?" is
agreement; "ja" after "klopt dat?" is not).
"""

from __future__ import annotations

import re

from dealcoach.engine.labels.model import LabelModel, features, head_features, words
from dealcoach.engine.labels.prefilter import Prefilter
from dealcoach.engine.labels.question import find_question, is_punctuated
from dealcoach.engine.model import Match, Utterance
from dealcoach.engine.playbook import DEFAULT_ROLE, LABELS, LanguagePlaybook

CONTEXT_TURNS = 3  # how far back "after" looks for the other side's labels


def normalise(text: str) -> str:
    """Lower case with typographic apostrophes made plain; same length, so spans still fit."""
    lowered = text.lower().replace("’", "'").replace("‘", "'")
    if len(lowered) != len(text):  # a few characters change length when lowered
        lowered = "".join(ch.lower()[:1] or ch for ch in text).replace("’", "'")
    return lowered


def label_utterances(
    utterances: list[Utterance], playbook: LanguagePlaybook, model: LabelModel | None = None
) -> None:
    """Set ``labels`` and ``matches`` on every utterance, in place.

    The playbook's patterns decide first; a ``model`` may then add labels they missed.
    """
    order = {label: n for n, label in enumerate(LABELS)}
    prefilter = _prefilter(playbook)
    lowers = [normalise(u.text) for u in utterances]
    tokens = [words(lower) for lower in lowers] if model is not None else []
    vetoing = model.vetoing if model is not None else frozenset()
    for i, utterance in enumerate(utterances):
        utterance.overruled = []
        lower = lowers[i]
        matches: list[Match] = []
        found = find_question(lower, playbook.question)
        if found:
            matches.append(Match("question", found[0], found[1]))
        context = _context(utterances, i)
        previous = utterances[i - 1] if i else None
        adjacent = set(previous.labels) if previous and previous.role != utterance.role else set()
        may = prefilter.candidates(lower)
        for n, pattern in enumerate(playbook.patterns):
            if may is not None and 3 * n not in may:
                continue
            if pattern.role != "any" and pattern.role != utterance.role:
                continue
            if pattern.after and not (
                (adjacent if pattern.adjacent else context) & set(pattern.after)
            ):
                continue
            hit = pattern.regex.search(lower)
            if hit is None:
                continue
            if pattern.requires is not None and (
                (may is not None and 3 * n + 1 not in may) or pattern.requires.search(lower) is None
            ):
                continue
            if pattern.unless is not None and (
                (may is None or 3 * n + 2 in may) and pattern.unless.search(lower) is not None
            ):
                continue
            matches.append(Match(pattern.label, pattern.id, hit.span()))
        labels = {m.label for m in matches}
        if model is not None:
            text = (lower, *_neighbours(utterances, tokens, i))
            known = _Known(model, utterances[i].role, i, len(utterances), text, labels, context)
            if vetoing and labels & vetoing:
                matches, overruled = _vetoed(model, known, matches, labels, vetoing)
                utterance.overruled = overruled
            _add_model_labels(
                model, utterances, i, text, labels, context, matches, order, playbook.phrases, known
            )
        if playbook.overrides:
            matches = _overridden(matches, labels, playbook.overrides)
        for asking in ("closing_question", "time_check"):  # both always ask (labels.md)
            if asking in labels and "question" not in labels:
                span = next(m.span for m in matches if m.label == asking)
                matches.append(Match("question", f"question.implied_by_{asking}", span))
                labels.add("question")
        utterance.matches = _first_per_label(matches)
        utterance.labels = sorted(labels, key=order.__getitem__)


def _prefilter(playbook: LanguagePlaybook) -> Prefilter:
    """One RE2 set over every pattern's regex, requires and unless (index 3n, 3n+1, 3n+2)."""
    built = playbook.compiled.get("prefilter")
    if built is None:
        regexes = []
        for p in playbook.patterns:
            regexes += [p.regex, p.requires, p.unless]
        built = playbook.compiled["prefilter"] = Prefilter(regexes)
    return built


class _Known:
    """The vocabulary numbers of one turn's features, worked out once and only when asked."""

    __slots__ = ("_args", "_known", "model")

    def __init__(
        self,
        model: LabelModel,
        role: str,
        i: int,
        n: int,
        text: tuple[str, list[str], list[str], list[str]],
        labels: set[str],
        context: set[str],
    ) -> None:
        self.model = model
        self._known: list[int] | None = None
        self._args = (role, i, n, text, set(labels), context)

    def numbers(self, matches: list[Match]) -> list[int]:
        if self._known is None:
            role, i, n, (lower, tokens, answered, reply), rule_labels, context = self._args
            fired = [m.pattern_id for m in matches]
            position = _position(i, n)
            head = head_features(lower, role, len(tokens), rule_labels, context, position, fired)
            self._known = self.model.turn_known(tokens, answered, head, reply)
        return self._known


def _vetoed(
    model: LabelModel,
    known: _Known,
    matches: list[Match],
    labels: set[str],
    vetoing: frozenset[str],
) -> tuple[list[Match], list[Match]]:
    """Drop the pattern labels the model finds very unlikely (below the label's ``veto``).

    Patterns are tuned on the corpus they were written from; on new text some fire where people
    hear nothing ("yeah" as a back-channel after a proposal). The veto level is set on text the
    patterns never saw (the training script's ``calib`` split); 0 keeps every hit.
    """
    numbers = known.numbers(matches)
    dropped = {
        label
        for label in labels & vetoing
        if model.probability(label, numbers) < model.labels[label].veto
    }
    if not dropped:
        return matches, []
    labels -= dropped
    return [m for m in matches if m.label not in dropped], [
        m for m in matches if m.label in dropped
    ]


def _add_model_labels(
    model: LabelModel,
    utterances: list[Utterance],
    i: int,
    text: tuple[str, list[str], list[str], list[str]],
    labels: set[str],
    context: set[str],
    matches: list[Match],
    order: dict[str, int],
    phrases: dict,
    known: _Known,
) -> None:
    """Let the model add what the patterns missed, within what the contract allows.

    ``text`` is the turn lower-cased, its words, the words of the turn it answers and of the
    reply to it. The model's numbers come straight from the words (``LabelModel.turn_known``);
    feature names are built only to explain a label the model adds.
    """
    lower = text[0]
    role = utterances[i].role
    small_talk = phrases.get("small_talk")
    rule_labels = set(labels)
    for label in sorted(model.labels, key=order.__getitem__):  # question before what it asks
        if not model_may_add(label, role, lower, labels, context, small_talk):
            continue
        if model.probability(label, known.numbers(matches)) >= model.labels[label].threshold:
            fired = [m.pattern_id for m in matches if m.source != "model"]
            seen = model_features(utterances, i, lower, rule_labels, context, fired)
            span = _span(lower, model, label, seen)
            matches.append(Match(label, f"model.{label}", span, "model"))
            labels.add(label)


def model_may_add(
    label: str,
    role: str,
    lower: str,
    labels: set[str],
    context: set[str],
    small_talk: re.Pattern[str] | None,
) -> bool:
    """Whether the contract lets the model give ``label`` to this turn at all. The training
    script asks the same, so thresholds are chosen for what the model may really do."""
    if label in labels or DEFAULT_ROLE[label] not in ("any", role):
        return False
    if label == "question" and is_punctuated(lower):
        return False  # written text marks its questions; the model hears speech
    if label in _ASKING:
        if "question" not in labels:
            return False  # the model may say what a question asks, not that a turn asks
        if small_talk is not None and small_talk.search(lower):
            return False  # "hi, is this Laura?" asks nothing of the method
    # an agreement accepts something the other side proposed
    return not (label in MODEL_NEEDS and not (context & MODEL_NEEDS[label]))


def model_features(
    utterances: list[Utterance],
    i: int,
    lower: str,
    labels: set[str],
    context: set[str],
    patterns: list[str],
) -> list[str]:
    """What the model sees of turn ``i``, given the patterns' labels and the context."""
    position = _position(i, len(utterances))
    previous = _answered(utterances, i)
    reply = _reply(utterances, i)
    role = utterances[i].role
    return features(lower, role, labels, context, position, previous, patterns, reply)


def context_labels(utterances: list[Utterance], i: int) -> set[str]:
    """The other side's labels that turn ``i`` may be answering (see ``_context``)."""
    return _context(utterances, i)


def _answered(utterances: list[Utterance], i: int) -> str:
    """The other side's turn just before this one, lower-cased (what this turn answers)."""
    if i and utterances[i - 1].role != utterances[i].role:
        return normalise(utterances[i - 1].text)
    return ""


def _neighbours(
    utterances: list[Utterance], tokens: list[list[str]], i: int
) -> tuple[list[str], list[str], list[str]]:
    """Turn ``i``'s words, the words of the other side's turn it answers, and of their reply."""
    role = utterances[i].role
    answered = tokens[i - 1] if i and utterances[i - 1].role != role else []
    after = i + 1 < len(utterances) and utterances[i + 1].role != role
    return tokens[i], answered, tokens[i + 1] if after else []


def _reply(utterances: list[Utterance], i: int) -> str:
    """The other side's turn just after this one, lower-cased (how this turn was answered)."""
    if i + 1 < len(utterances) and utterances[i + 1].role != utterances[i].role:
        return normalise(utterances[i + 1].text)
    return ""


def _position(i: int, n: int) -> str:
    return "first" if i < 3 else "last" if i >= n - 3 else "mid"


def _span(lower: str, model: LabelModel, label: str, seen: list[str]) -> tuple[int, int]:
    """Where the words that weighed most for the model stand in the turn (else all of it)."""
    feature = model.strongest(label, seen)
    if feature is not None:
        phrase = feature.split(":", 1)[1].replace("_", r"\W+")
        found = re.search(rf"(?<!\w){phrase}(?!\w)", lower)
        if found:
            return found.span()
    return 0, len(lower)


_ANSWERED = frozenset({"agreement", "rejection", "stall"})
_ASKING = frozenset({"closing_question", "time_check"})
# What the model may only hear in answer to: labels.md defines agreement as accepting a proposal.
MODEL_NEEDS = {"agreement": frozenset({"closing_question", "next_step"})}


def _context(utterances: list[Utterance], i: int) -> set[str]:
    """Labels on the other side's turns that this turn can still be answering.

    Looks back a few turns, but not past this side's own answer: after "call me in April" and a
    vague "I'll send a one-pager", a closing "Fine." no longer agrees to the earlier proposal.
    """
    role = utterances[i].role
    seen: set[str] = set()
    for previous in reversed(utterances[max(0, i - CONTEXT_TURNS) : i]):
        if previous.role == role:
            if _ANSWERED & set(previous.labels):
                break
            continue
        seen.update(previous.labels)
    return seen


def _overridden(
    matches: list[Match], labels: set[str], overrides: dict[str, tuple[str, ...]]
) -> list[Match]:
    """Drop the labels another label in the same turn cancels (the playbook's ``overrides``)."""
    cancelled = {x for label in labels if label in overrides for x in overrides[label]}
    if not cancelled & labels:
        return matches
    labels -= cancelled
    return [m for m in matches if m.label not in cancelled]


def _first_per_label(matches: list[Match]) -> list[Match]:
    """Keep every label's matches, but each pattern once."""
    unique: dict[tuple[str, str], Match] = {}
    for match in matches:
        unique.setdefault((match.label, match.pattern_id), match)
    return list(unique.values())
