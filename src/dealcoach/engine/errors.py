"""The errors the engine raises; the command line turns each into one line for the user."""

from __future__ import annotations

from pathlib import Path


class DealcoachError(Exception):
    """Base of every error that is the input's fault, not the program's."""


class TranscriptError(DealcoachError):
    """The file cannot be read as a transcript; the message says why, in the user's words."""

    def __init__(self, source: str | Path, problem: str) -> None:
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class RosterError(DealcoachError):
    """The roster file of sellers cannot be used."""

    def __init__(self, source: str | Path, problem: str) -> None:
        super().__init__(f"{source}: {problem}")


class PlaybookError(DealcoachError):
    """The playbook data is invalid; the message lists every problem found."""

    def __init__(self, source: str | Path, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        head = f"playbook {source} is invalid ({count} problem{'s' if count != 1 else ''})"
        super().__init__("\n  ".join([head, *problems]))
