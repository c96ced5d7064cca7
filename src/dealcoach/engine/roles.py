"""Who sells: named sellers, a team roster, or a heuristic that says whom it picked and why."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dealcoach.engine.errors import RosterError, TranscriptError
from dealcoach.engine.model import PROSPECT, SELLER, RoleAssignment, Utterance
from dealcoach.engine.playbook import RoleCues

_WORD = re.compile(r"[\w']+")
CUE_TURNS = 150  # turns from the start in which the heuristic looks for role cues


@dataclass(frozen=True, slots=True)
class Roster:
    """A team's sellers, each with the names they appear under in transcripts."""

    names: tuple[tuple[str, tuple[str, ...]], ...]  # (name, aliases)

    def all_names(self) -> list[str]:
        return [alias for name, aliases in self.names for alias in (name, *aliases)]


def load_roster(path: str | Path) -> Roster:
    """Read a roster file (TOML or YAML): ``[[seller]] name = "..." aliases = ["..."]``."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise RosterError(path, "no such roster file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(path, f"cannot be read ({exc})") from None
    kind = "YAML" if path.suffix.lower() in (".yaml", ".yml") else "TOML"
    try:
        if kind == "YAML":
            import yaml

            data = yaml.safe_load(text) or {}
        else:
            data = tomllib.loads(text)
    except Exception as exc:  # both parsers' errors name the line
        hint = (
            ""
            if path.suffix.lower() in (".toml", ".yaml", ".yml")
            else " (a roster is TOML or YAML)"
        )
        raise RosterError(path, f"not valid {kind}{hint}: {exc}") from None
    entries = data.get("seller", data.get("sellers")) if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise RosterError(path, "expected a list of sellers under 'seller' (each with a name)")
    names: list[tuple[str, tuple[str, ...]]] = []
    for n, entry in enumerate(entries, 1):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise RosterError(path, f"seller {n} has no name")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise RosterError(
                path, f"seller {n} ({entry['name']}): aliases must be a list of names"
            )
        names.append((entry["name"], tuple(aliases)))
    return Roster(tuple(names))


def name_matches(wanted: str, speaker: str) -> bool:
    """Case-insensitive: the full name, or the first name alone (``sanne`` ~ ``Sanne Visser``)."""
    wanted = " ".join(wanted.lower().split())
    speaker_l = " ".join(speaker.lower().split())
    if not wanted:
        return False
    return (
        speaker_l == wanted
        or speaker_l.split(" ", 1)[0] == wanted
        or (" " in wanted and speaker_l.startswith(wanted + " "))
    )


def assign_roles(
    source: str,
    utterances: list[Utterance],
    cues: RoleCues,
    *,
    sellers: Sequence[str] = (),
    roster: Roster | None = None,
) -> RoleAssignment:
    """Set ``role`` on every utterance and return who sells and how that was decided."""
    speakers = list(dict.fromkeys(u.speaker for u in utterances))
    assignment: RoleAssignment | None = None
    if sellers:
        chosen = [s for s in speakers if any(name_matches(w, s) for w in sellers)]
        if not chosen:
            raise TranscriptError(
                source,
                f"seller {', '.join(map(repr, sellers))} is not among the speakers "
                f"({', '.join(speakers)})",
            )
        assignment = RoleAssignment(tuple(chosen), "given", "named with --seller")
    if assignment is None and roster is not None:
        chosen = [s for s in speakers if any(name_matches(w, s) for w in roster.all_names())]
        if chosen:
            assignment = RoleAssignment(tuple(chosen), "roster", "listed in the team roster")
    if assignment is None:
        assignment = _heuristic(utterances, speakers, cues)
    chosen_set = set(assignment.sellers)
    for u in utterances:
        u.role = SELLER if u.speaker in chosen_set else PROSPECT
    return assignment


def _heuristic(utterances: list[Utterance], speakers: list[str], signs: RoleCues) -> RoleAssignment:
    if len(speakers) == 1:
        return RoleAssignment(
            (speakers[0],), "heuristic", f"{speakers[0]} is the only speaker in the transcript"
        )
    cues, customer_words, own_words = signs.cues, signs.customer_words, signs.own_words
    score = dict.fromkeys(speakers, 0.0)
    evidence: dict[str, list[str]] = {s: [] for s in speakers}
    # Each cue counts once per speaker: search all of a speaker's words at once. Introductions
    # and time checks come early, so the opening of a long call is enough.
    spoken: dict[str, list[Utterance]] = {s: [] for s in speakers}
    for u in utterances[:CUE_TURNS]:
        spoken[u.speaker].append(u)
    for speaker, turns in spoken.items():
        joined = "\n".join(u.text for u in turns).lower()
        for cue in cues:
            found = cue.regex.search(joined)
            if not found:
                continue
            score[speaker] += cue.weight
            if cue.weight > 0:
                at = turns[joined.count("\n", 0, found.start())].index
                evidence[speaker].append(f"{cue.what} (utterance {at})")
    questions = _count(u.speaker for u in utterances if "?" in u.text)
    if questions:
        top = max(questions, key=questions.__getitem__)
        score[top] += 1
        evidence[top].append(f"asked the most questions ({questions[top]})")
    focus = _focus(utterances, customer_words, own_words)
    if focus:
        top = max(focus, key=focus.__getitem__)
        if focus[top] > 0:
            score[top] += 1.5
            evidence[top].append("talked most about the other side's situation ('your ...')")
    first = utterances[0].speaker
    score[first] += 0.5
    best = max(speakers, key=lambda s: (score[s], -speakers.index(s)))
    if score[best] <= 0.5:
        reason = f"{best}: no clear seller signal; picked the first speaker"
    else:
        reason = f"{best}: " + "; ".join(evidence[best] or ["spoke first"])
    return RoleAssignment((best,), "heuristic", reason)


def _focus(utterances: list[Utterance], customer: frozenset[str], own: frozenset[str]):
    """Per speaker: (customer words - own words) / (all of them + 5)."""
    counts: dict[str, list[int]] = {}
    for u in utterances:
        pair = counts.setdefault(u.speaker, [0, 0])
        for word in _WORD.findall(u.text.lower()):
            if word in customer:
                pair[0] += 1
            elif word in own:
                pair[1] += 1
    return {s: (c - o) / (c + o + 5) for s, (c, o) in counts.items()}


def _count(items: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts
