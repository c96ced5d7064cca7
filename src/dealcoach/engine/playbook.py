"""The playbook: the method's phrases, patterns and word lists, loaded from data and validated.

A playbook is a folder with one subfolder per language (``nl/``, ``en/``) holding TOML files.
Everything is checked before use and every problem is reported at once, by file and entry, so a
team that edits its copy learns all its mistakes in one run.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from dealcoach.engine.errors import PlaybookError
from dealcoach.engine.model import PROSPECT, SELLER

LABELS = (
    "question",
    "time_check",
    "closing_question",
    "next_step",
    "agreement",
    "rejection",
    "stall",
    "not_decision_maker",
)
# Who says it (labels.md); a pattern may narrow or widen this with `role`.
DEFAULT_ROLE = {
    "question": "any",
    "time_check": SELLER,
    "closing_question": SELLER,
    "next_step": SELLER,
    "agreement": PROSPECT,
    "rejection": PROSPECT,
    "stall": PROSPECT,
    "not_decision_maker": PROSPECT,
}
ROLES = (SELLER, PROSPECT, "any")
NEXT_STEP_KINDS = (
    "demo",
    "meeting",
    "call",
    "pilot",
    "presentation",
    "working_group",
    "introduction",
    "order",
    "proposal",
)
_DEFINE = re.compile(r"%(\w+)%")


@dataclass(frozen=True, slots=True)
class LabelPattern:
    id: str
    label: str
    regex: re.Pattern[str]
    role: str
    requires: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    after: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True, slots=True)
class QuestionRules:
    markers: frozenset[str]
    auxiliaries: frozenset[str]
    subjects: frozenset[str]
    wh: frozenset[str]
    wh_statement_next: frozenset[str]
    mid_subjects: frozenset[str]
    mid_blockers: frozenset[str]
    wh_mid_blockers: frozenset[str]
    phrases: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True, slots=True)
class LanguagePlaybook:
    code: str
    version: str
    patterns: tuple[LabelPattern, ...]
    question: QuestionRules
    kinds: tuple[tuple[str, re.Pattern[str]], ...]
    time_phrase: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class Playbook:
    name: str
    version: str
    languages: dict[str, LanguagePlaybook] = field(default_factory=dict)

    def language(self, code: str) -> LanguagePlaybook:
        return self.languages[code]


def default_playbook_dir() -> Traversable:
    return resources.files("dealcoach").joinpath("playbook")


@cache
def default_playbook() -> Playbook:
    return load_playbook(None)


def load_playbook(path: str | Path | None) -> Playbook:
    """Load and validate a playbook folder (the built-in one when ``path`` is None)."""
    root: Traversable | Path = default_playbook_dir() if path is None else Path(path)
    name = "default" if path is None else str(path)
    if path is not None and not Path(path).is_dir():
        raise PlaybookError(name, [f"{path} is not a folder"])
    problems: list[str] = []
    languages: dict[str, LanguagePlaybook] = {}
    version = "0"
    for code in ("nl", "en"):
        folder = root.joinpath(code)
        loaded = _load_language(code, folder, problems)
        if loaded is not None:
            languages[code] = loaded
            version = loaded.version
    if problems:
        raise PlaybookError(name, problems)
    return Playbook(name=name, version=version, languages=languages)


def _read(folder: Traversable | Path, filename: str, where: str, problems: list[str]) -> dict:
    entry = folder.joinpath(filename)
    try:
        return tomllib.loads(entry.read_text("utf-8"))
    except FileNotFoundError:
        problems.append(f"{where}: missing")
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{where}: not valid TOML ({exc})")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{where}: cannot be read ({exc})")
    return {}


def _load_language(code: str, folder, problems: list[str]) -> LanguagePlaybook | None:
    before = len(problems)
    labels_where = f"{code}/labels.toml"
    data = _read(folder, "labels.toml", labels_where, problems)
    question_data = _read(folder, "question.toml", f"{code}/question.toml", problems)
    if len(problems) > before:
        return None
    defines = data.get("define", {})
    if not isinstance(defines, dict):
        problems.append(f"{labels_where}: [define] must be a table of named regexes")
        defines = {}

    def compile_(text, where: str) -> re.Pattern[str] | None:
        if not isinstance(text, str):
            problems.append(f"{where}: must be a string, got {type(text).__name__}")
            return None
        try:
            expanded = _expand(text, defines)
        except KeyError as exc:
            problems.append(f"{where}: unknown %{exc.args[0]}% (not in [define])")
            return None
        try:
            return re.compile(expanded)
        except re.error as exc:
            problems.append(f"{where}: invalid regex ({exc})")
            return None

    patterns: list[LabelPattern] = []
    seen: set[str] = set()
    entries = data.get("pattern", [])
    if not isinstance(entries, list):
        problems.append(f"{labels_where}: 'pattern' must be an array of tables ([[pattern]])")
        entries = []
    for n, entry in enumerate(entries, 1):
        pid = entry.get("id") if isinstance(entry, dict) else None
        where = f"{labels_where}, pattern {n}" + (f" ({pid})" if pid else "")
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a table")
            continue
        unknown = set(entry) - {
            "id",
            "label",
            "regex",
            "role",
            "requires",
            "unless",
            "after",
            "source",
            "what",
        }
        if unknown:
            problems.append(f"{where}: unknown key {', '.join(sorted(unknown))}")
        if not isinstance(pid, str) or not pid:
            problems.append(f"{where}: missing id")
            continue
        if pid in seen:
            problems.append(f"{where}: id {pid} is used twice")
        seen.add(pid)
        label = entry.get("label")
        if label not in LABELS:
            problems.append(f"{where}: unknown label {label!r}; choose from {', '.join(LABELS)}")
            continue
        role = entry.get("role", DEFAULT_ROLE[label])
        if role not in ROLES:
            problems.append(f"{where}: unknown role {role!r}; choose from {', '.join(ROLES)}")
        after = entry.get("after", [])
        if not isinstance(after, list) or any(a not in LABELS for a in after):
            problems.append(f"{where}: after must list labels from {', '.join(LABELS)}")
            after = []
        if "regex" not in entry:
            problems.append(f"{where}: missing regex")
            continue
        regex = compile_(entry["regex"], f"{where}, regex")
        requires = (
            compile_(entry["requires"], f"{where}, requires") if "requires" in entry else None
        )
        unless = compile_(entry["unless"], f"{where}, unless") if "unless" in entry else None
        if regex is None:
            continue
        patterns.append(
            LabelPattern(
                pid,
                label,
                regex,
                role,
                requires,
                unless,
                tuple(after),
                str(entry.get("source", "")),
            )
        )
    kinds: list[tuple[str, re.Pattern[str]]] = []
    for kind, text in (data.get("kinds") or {}).items():
        if kind not in NEXT_STEP_KINDS:
            problems.append(f"{labels_where}, kinds: unknown kind {kind!r}")
            continue
        compiled = compile_(text, f"{labels_where}, kinds.{kind}")
        if compiled is not None:
            kinds.append((kind, compiled))
    time_phrase = None
    if "time_phrase" in (data.get("next_step") or {}):
        time_phrase = compile_(data["next_step"]["time_phrase"], f"{labels_where}, time_phrase")
    question = _question_rules(code, question_data, compile_, problems)
    if len(problems) > before or question is None:
        return None
    return LanguagePlaybook(
        code, str(data.get("version", "0")), tuple(patterns), question, tuple(kinds), time_phrase
    )


def _question_rules(code: str, data: dict, compile_, problems: list[str]) -> QuestionRules | None:
    where = f"{code}/question.toml"
    words: dict[str, frozenset[str]] = {}
    keys = (
        "markers",
        "auxiliaries",
        "subjects",
        "wh",
        "wh_statement_next",
        "mid_subjects",
        "mid_blockers",
        "wh_mid_blockers",
    )
    for key in keys:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{where}: {key} must be a list of words")
            value = []
        words[key] = frozenset(value)
    phrases = []
    for n, entry in enumerate(data.get("phrase", []), 1):
        pid = entry.get("id", f"{code}.question.phrase{n}")
        compiled = compile_(entry.get("regex"), f"{where}, phrase {n} ({pid})")
        if compiled is not None:
            phrases.append((pid, compiled))
    return QuestionRules(phrases=tuple(phrases), **words)


def _expand(text: str, defines: dict, depth: int = 0) -> str:
    if depth > 5 or "%" not in text:
        return text
    return _DEFINE.sub(lambda m: f"(?:{_expand(defines[m.group(1)], defines, depth + 1)})", text)
