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
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(lower)]
    clause_start = True
    for n, (word, start, _end) in enumerate(tokens):
        if word in _BREAK:
            clause_start = True
            continue
        nxt = tokens[n + 1][0] if n + 1 < len(tokens) else ""
        if clause_start:
            if word in rules.auxiliaries and nxt in rules.subjects:
                return "question.inversion", (start, tokens[n + 1][2])
            if (
                word in rules.wh
                and nxt
                and nxt not in _BREAK
                and nxt not in rules.wh_statement_next
            ):
                return "question.wh", (start, tokens[n + 1][2])
        # A clause may start again after a discourse marker ("ok so do you ...").
        clause_start = word in rules.markers
    return None
