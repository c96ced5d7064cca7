"""Which of the playbook's regexes can match a turn, asked of all of them at once.

Most turns match none of the patterns, yet Python's ``re`` would try every pattern on every turn.
RE2 (``google-re2``) compiles the patterns into one automaton that says in a single pass which of
them may match; Python's ``re`` then runs only those, for the span and the exact semantics.

The RE2 copy of each pattern is *widened*, never narrowed: word boundaries and lookarounds are
dropped, ``\\w`` becomes any non-space, ``\\W`` any character and a counted repeat ``{0,40}``
any number of repeats (a counted repeat is copied that many times into the automaton). So the set
may name a pattern that does not match (``re`` then says no), but never misses one that does. A
pattern RE2 cannot take always runs.
Without RE2 installed every pattern runs: slower, same labels.
"""

from __future__ import annotations

import re

try:  # an accelerator: dealcoach hears the same without it
    import re2
except ImportError:  # pragma: no cover - exercised where the wheel is missing
    re2 = None


class Prefilter:
    """``candidates(text)`` gives the indices of the regexes that may match ``text``."""

    def __init__(self, regexes: list[re.Pattern[str] | None]) -> None:
        """``None`` stands for a regex that is not there (a pattern without ``unless``)."""
        self.size = len(regexes)
        self.always: frozenset[int] = frozenset(range(self.size))
        self._set = None
        self._ids: list[int] = []
        if re2 is None or not regexes:
            return
        options = re2.Options()
        options.never_capture = True
        options.max_mem = 256 << 20  # the set of all patterns needs more than the default
        engine = re2.Set.SearchSet(options)
        always = set()
        for n, regex in enumerate(regexes):
            if regex is None:
                continue  # never asked about; an empty entry would match every text
            widened = widen(regex.pattern)
            try:
                if widened is None:
                    raise ValueError("not widenable")
                engine.Add(widened)
                self._ids.append(n)
            except Exception:  # RE2 lacks the construct: let Python's re decide each time
                always.add(n)
        engine.Compile()
        self._set = engine
        self.always = frozenset(always)

    @property
    def active(self) -> bool:
        return self._set is not None

    def candidates(self, text: str) -> frozenset[int] | None:
        """Indices that may match, or None when every regex must run."""
        if self._set is None:
            return None
        found = self._set.Match(text)
        if not found:
            return self.always
        return self.always.union(self._ids[i] for i in found)


def widen(pattern: str) -> str | None:
    """The pattern in RE2 syntax, matching at least what Python's ``re`` matches (or None)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if in_class:
                if nxt == "w":
                    out.append(r"\S")  # any non-space: wider than a word character
                elif nxt in "WDS":
                    return None  # a negated class inside a class: leave it to Python
                else:
                    out.append(pattern[i : i + 2])
            elif nxt in "bB":
                pass  # a word boundary only narrows
            elif nxt == "w":
                out.append(r"\S")
            elif nxt == "W":
                out.append(r"(?s:.)")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]" and not (out and out[-1] in ("[", "[^")):
                in_class = False
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            if pattern.startswith("[^", i):
                out.append("[^")
                i += 2
            else:
                out.append("[")
                i += 1
            if i < n and pattern[i] == "]":  # a literal ] first in a class
                out.append("\\]")
                i += 1
            continue
        if ch == "{" and (bound := _COUNTED.match(pattern, i)):
            out.append("*" if bound.group(1) == "0" else "+")  # any count: smaller automaton
            i = bound.end()
            continue
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            end = _group_end(pattern, i)
            if end is None:
                return None
            i = end  # a lookaround only narrows
            continue
        out.append(ch)
        i += 1
    return "".join(out)


_COUNTED = re.compile(r"\{(\d+)(?:,\d*)?\}\??")


def _group_end(pattern: str, start: int) -> int | None:
    """The index just past the group that opens at ``start``."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None
