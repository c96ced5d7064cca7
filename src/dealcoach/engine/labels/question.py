"""Is a turn a question? A question mark says so; without one (speech recognition writes none)
the word order does: an auxiliary verb before its subject, or a question word, at the start of a
clause; an indirect question or a tag question. Word lists come from the playbook."""

from __future__ import annotations

import re

from dealcoach.engine.playbook import QuestionRules

_TOKEN = re.compile(r"[\w']+|[.!?;,:]")
_BREAK = frozenset(".!?;,:")


def find_question(lower: str, rules: QuestionRules) -> tuple[str, tuple[int, int]] | None:
    """``(rule id, span)`` of the first sign that ``lower`` asks something, or None."""
    mark = lower.find("?")
    if mark >= 0:
        start = max(lower.rfind(".", 0, mark), lower.rfind("!", 0, mark), -1) + 1
        while start < mark and lower[start] == " ":
            start += 1
        return "question.mark", (start, mark + 1)
    for pid, regex in rules.phrases:
        found = regex.search(lower)
        if found:
            return pid, found.span()
    if is_punctuated(lower):
        return None  # written (or punctuating ASR) text marks its questions with "?"
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(lower)]
    return _clause_start_question(tokens, rules) or _run_on_question(tokens, rules)


_PUNCTUATED = re.compile(r"[.!?;]")


def is_punctuated(lower: str) -> bool:
    """Written text (or speech recognition that punctuates) marks its questions with "?"."""
    return _PUNCTUATED.search(lower) is not None


def _clause_start_question(tokens, rules: QuestionRules):
    clause_start = True
    after_comma = False
    for n, (word, start, _end) in enumerate(tokens):
        if word in _BREAK:
            clause_start = True
            after_comma = word == ","
            continue
        nxt = tokens[n + 1][0] if n + 1 < len(tokens) else ""
        if clause_start:
            if word in rules.auxiliaries and nxt in rules.subjects and _asks(tokens, n, rules):
                return "question.inversion", (start, tokens[n + 1][2])
            if _wh_asks(tokens, n, rules, after_comma):
                return "question.wh", (start, tokens[n + 1][2])
        # A clause may start again after a discourse marker ("ok so do you ...").
        clause_start = word in rules.markers
        after_comma = False
    return None


def _clause(tokens, n: int) -> list[str]:
    """The words from ``n`` to the end of their clause."""
    out = []
    for word, _s, _e in tokens[n:]:
        if word in _BREAK:
            break
        out.append(word)
    return out


def _wh_asks(tokens, n: int, rules: QuestionRules, after_comma: bool) -> bool:
    """A question word that asks, not one that opens a clause inside a statement.

    Not: "what makes us different is ..." (the clause is the subject of "is"), "when someone
    calls in sick, ..." (a subject right after when/where opens a clause), and ", which takes
    an hour" (a relative clause after a comma).
    """
    word = tokens[n][0]
    nxt = tokens[n + 1][0] if n + 1 < len(tokens) else ""
    if word not in rules.wh or not nxt or nxt in _BREAK or nxt in rules.wh_statement_next:
        return False
    if after_comma and word in rules.relative_after_comma and nxt not in rules.auxiliaries:
        return False
    if word in rules.subordinating and nxt in rules.subjects:
        return False  # "when someone calls in sick", "wanneer het regent"
    if word in rules.free_relatives and nxt not in rules.auxiliaries:
        # "what makes us different is that ...": the clause is the subject of a copula
        return not any(w in rules.copulas for w in _clause(tokens, n)[2:-1])
    return True


_DEMONSTRATIVES = frozenset({"that", "this", "it", "dat", "dit", "da", "het"})


def _asks(tokens, n: int, rules: QuestionRules) -> bool:
    """Verb-subject order that is a statement after all: Dutch drops the topic ("weet ik niet",
    "doe ik"), "do that." and "belt u maar" order. With "ik"/"we" only verbs that ask count."""
    word, subject = tokens[n][0], tokens[n + 1][0]
    if subject in rules.statement_subjects and word not in rules.asking_with_statement_subjects:
        return False
    if rules.imperative_particles.intersection(_clause(tokens, n)[2:5]):
        return False
    after = tokens[n + 2][0] if n + 2 < len(tokens) else ""
    return not (subject in _DEMONSTRATIVES and (not after or after in _BREAK))


def _run_on_question(tokens, rules: QuestionRules):
    """In unpunctuated speech a question may sit mid-sentence: "... and will it be with you",
    "tell me quickly what is it", "... what would make it better". The word before decides
    whether it is a statement after all."""
    for n in range(1, len(tokens) - 1):
        before, word, nxt = tokens[n - 1][0], tokens[n][0], tokens[n + 1][0]
        if (
            word in rules.auxiliaries
            and nxt in rules.mid_subjects
            and before not in rules.mid_blockers
            and not (word in rules.object_auxiliaries and nxt in _DEMONSTRATIVES)
            and _asks(tokens, n, rules)
        ):
            return "question.inversion_mid", (tokens[n][1], tokens[n + 1][2])
        third = tokens[n + 2][0] if n + 2 < len(tokens) else ""
        if (
            word in rules.wh
            and nxt in rules.auxiliaries
            and (third in rules.mid_subjects or word in rules.free_relatives)
            and before not in rules.wh_mid_blockers
        ):
            return "question.wh_mid", (tokens[n][1], tokens[min(n + 2, len(tokens) - 1)][2])
    return None
