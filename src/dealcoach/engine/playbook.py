"""The playbook: the method's phrases, patterns, rules and advice, loaded from data and validated.

A playbook is a folder holding ``rules.toml`` (which rules run, their severity, source and
thresholds) and one subfolder per language (``nl/``, ``en/``) with ``labels.toml``,
``question.toml``, ``roles.toml`` and ``advice.toml``. A team's copy is checked against the
published JSON Schema (``data/playbook.schema.json``) and then compiled; every problem is reported
at once, by file and place, so a team that edits its copy learns all its mistakes in one run.
"""

from __future__ import annotations

import json
import re
import string
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from dealcoach.engine.errors import DealcoachError, PlaybookError
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
    adjacent: bool = False  # `after` must be on the turn just before, not a few turns back


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
    statement_subjects: frozenset[str]
    asking_with_statement_subjects: frozenset[str]
    object_auxiliaries: frozenset[str]
    subordinating: frozenset[str]
    free_relatives: frozenset[str]
    relative_after_comma: frozenset[str]
    copulas: frozenset[str]
    imperative_particles: frozenset[str]
    phrases: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True, slots=True)
class RoleCue:
    """A sign that a speaker is the seller, worth ``weight`` points each time it is heard."""

    id: str
    what: str
    weight: int
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class RoleCues:
    cues: tuple[RoleCue, ...]
    customer_words: frozenset[str]  # words of the buyer's world ("your team")
    own_words: frozenset[str]  # words of the seller's world ("our platform")


@dataclass(frozen=True, slots=True)
class Advice:
    message: str
    advice: str
    source: str | None = None  # the method's idea in this language; else rules.toml's source


@dataclass(frozen=True, slots=True)
class LanguagePlaybook:
    code: str
    version: str
    patterns: tuple[LabelPattern, ...]
    question: QuestionRules
    kinds: tuple[tuple[str, re.Pattern[str]], ...]
    time_phrase: re.Pattern[str] | None
    phrases: dict[str, re.Pattern[str]] = field(default_factory=dict)
    roles: RoleCues = RoleCues((), frozenset(), frozenset())
    advice: dict[str, Advice] = field(default_factory=dict)
    kind_names: dict[str, str] = field(default_factory=dict)
    use_model: bool = True  # let the shipped model add labels the patterns missed
    # a label that cancels others in the same turn: "ja, maar ik moet erover nadenken" is a stall
    overrides: dict[str, tuple[str, ...]] = field(default_factory=dict)
    compiled: dict = field(default_factory=dict, compare=False, repr=False)  # built on first use


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """One rule as the playbook sets it: on or off, how severe, why, and its thresholds."""

    id: str
    enabled: bool
    severity: str
    source: str
    suppressed_by: tuple[str, ...]
    params: dict


@dataclass(frozen=True, slots=True)
class Playbook:
    name: str
    version: str
    languages: dict[str, LanguagePlaybook] = field(default_factory=dict)
    rules: dict[str, RuleSettings] = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)
    location: str = "built-in"

    def language(self, code: str) -> LanguagePlaybook:
        return self.languages[code]


def patterns_only(playbook: Playbook) -> Playbook:
    """The same playbook with the shipped model switched off in every language."""
    languages = {code: replace(lang, use_model=False) for code, lang in playbook.languages.items()}
    return replace(playbook, languages=languages)


def default_playbook_dir() -> Traversable:
    return resources.files("dealcoach").joinpath("playbook")


@cache
def default_playbook() -> Playbook:
    return load_playbook(None)


LANGUAGE_FILES = ("labels", "question", "roles", "advice")
PLAYBOOK_FILES = (
    "rules.toml",
    *(f"{code}/{name}.toml" for code in ("nl", "en") for name in LANGUAGE_FILES),
)
SEVERITIES = ("critical", "warning", "info", "good")


def load_playbook(path: str | Path | None) -> Playbook:
    """Load and validate a playbook folder (the built-in one when ``path`` is None).

    A team's copy is first checked against the published schema; the built-in playbook is
    checked by the test suite instead, so that every run does not pay for it.
    """
    root: Traversable | Path = default_playbook_dir() if path is None else Path(path)
    location = "built-in" if path is None else str(path)
    if path is not None and not Path(path).is_dir():
        raise PlaybookError(location, [f"{path} is not a folder"])
    problems: list[str] = []
    document = read_playbook_files(root, problems)
    if problems:
        raise PlaybookError(location, problems)
    if path is not None:
        problems.extend(schema_problems(document))
        if problems:
            raise PlaybookError(location, problems)
    languages: dict[str, LanguagePlaybook] = {}
    for code in ("nl", "en"):
        loaded = _load_language(code, document[code], problems)
        if loaded is not None:
            languages[code] = loaded
    rules, evidence = _load_rules(document["rules"], languages, problems)
    if problems:
        raise PlaybookError(location, problems)
    return Playbook(
        name=str(document["rules"].get("name", "dealcoach method")),
        version=str(document["rules"].get("version", "0")),
        languages=languages,
        rules=rules,
        evidence=evidence,
        location=location,
    )


def export_playbook(target: str | Path) -> list[Path]:
    """Write an editable copy of the built-in playbook into ``target`` (which must be empty).

    If writing fails half-way, what was written is removed again, so a second try can start.
    """
    folder = Path(target)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DealcoachError(f"{folder}: exists and is not an empty folder")
    written: list[Path] = []
    try:
        for name in PLAYBOOK_FILES:
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(default_playbook_dir().joinpath(name).read_text("utf-8"), "utf-8")
            written.append(path)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise DealcoachError(f"{folder}: cannot write the copy ({exc.strerror or exc})") from None
    return written


def read_playbook_files(root: Traversable | Path, problems: list[str]) -> dict:
    """The folder's TOML files as one document, in the shape the schema describes.

    A team's folder may hold only what it changed: a file it lacks is the built-in one, and its
    ``rules.toml`` and ``advice.toml`` are laid over the built-in ones table by table, so a
    folder with a three-line ``rules.toml`` changes one threshold and nothing else.
    """
    builtin = default_playbook_dir()

    def read(name: str) -> dict:
        own = root.joinpath(name)
        if root == builtin or not own.is_file():
            return _read(builtin.joinpath(name), name, problems)
        data = _read(own, name, problems)
        if name == "rules.toml" or name.endswith("/advice.toml"):
            return _overlay(_read(builtin.joinpath(name), name, problems), data)
        return data

    document: dict = {"rules": read("rules.toml")}
    for code in ("nl", "en"):
        document[code] = {name: read(f"{code}/{name}.toml") for name in LANGUAGE_FILES}
    return document


@cache
def playbook_schema() -> dict:
    text = resources.files("dealcoach").joinpath("data", "playbook.schema.json").read_text("utf-8")
    return json.loads(text)


def schema_problems(document: dict) -> list[str]:
    """Every place where the document breaks the published schema, as 'file, place: problem'."""
    from jsonschema import Draft202012Validator  # only a team's own copy pays for the import

    validator = Draft202012Validator(playbook_schema())
    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path))):
        path = list(error.path)
        if not path:
            where = "playbook"
        elif path[0] == "rules":
            where = "rules.toml" + _place(path[1:])
        elif len(path) >= 2:
            where = f"{path[0]}/{path[1]}.toml" + _place(path[2:])
        else:
            where = f"{path[0]}/"
        problems.append(f"{where}: {_schema_message(error)}")
    return problems


def _place(path: list) -> str:
    if not path:
        return ""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return ", " + text


def _schema_message(error) -> str:
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown key")
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    return error.message


def _overlay(base: dict, own: dict) -> dict:
    """``own`` over ``base``: tables merge key by key, everything else replaces."""
    merged = dict(base)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _overlay(base[key], value)
        else:
            merged[key] = value
    return merged


def _read(entry: Traversable | Path, where: str, problems: list[str]) -> dict:
    try:
        return tomllib.loads(entry.read_text("utf-8"))
    except FileNotFoundError:
        problems.append(f"{where}: missing")
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{where}: not valid TOML ({exc})")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{where}: cannot be read ({exc})")
    return {}


def _load_language(code: str, files: dict, problems: list[str]) -> LanguagePlaybook | None:
    before = len(problems)
    labels_where = f"{code}/labels.toml"
    data = files["labels"]
    question_data = files["question"]
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
            "adjacent",
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
                bool(entry.get("adjacent", False)),
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
    phrases = {}
    for key, text in (data.get("phrases") or {}).items():
        compiled = compile_(text, f"{labels_where}, phrases.{key}")
        if compiled is not None:
            phrases[key] = compiled
    overrides = {}
    for label, cancelled in (data.get("overrides") or {}).items():
        bad = [x for x in [label, *cancelled] if x not in LABELS]
        if bad or label in cancelled:
            why = f"unknown label {bad[0]!r}" if bad else "a label cannot cancel itself"
            problems.append(f"{labels_where}, overrides.{label}: {why}")
            continue
        overrides[label] = tuple(cancelled)
    roles = _role_cues(code, files["roles"], compile_, problems)
    advice, kind_names = _advice(code, files["advice"], problems)
    if len(problems) > before or question is None:
        return None
    return LanguagePlaybook(
        code,
        str(data.get("version", "0")),
        tuple(patterns),
        question,
        tuple(kinds),
        time_phrase,
        phrases,
        roles,
        advice,
        kind_names,
        bool((data.get("model") or {}).get("enabled", True)),
        overrides,
    )


def _role_cues(code: str, data: dict, compile_, problems: list[str]) -> RoleCues:
    where = f"{code}/roles.toml"
    cues = []
    for n, cue in enumerate(data.get("cue", []), 1):
        try:
            regex = compile_(cue["regex"], f"{where}, cue {n} ({cue.get('id', '?')})")
            if regex is not None:
                cues.append(RoleCue(str(cue["id"]), str(cue["what"]), int(cue["weight"]), regex))
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"{where}, cue {n}: needs id, what, weight and regex ({exc})")
    focus = data.get("focus", {})
    return RoleCues(
        tuple(cues), frozenset(focus.get("customer", ())), frozenset(focus.get("own", ()))
    )


def _advice(code: str, data: dict, problems: list[str]) -> tuple[dict[str, Advice], dict]:
    advice = {}
    for rule, entry in data.items():
        if rule == "kinds":
            continue
        if not isinstance(entry, dict) or not {"message", "advice"} <= set(entry):
            problems.append(f"{code}/advice.toml, {rule}: needs a message and an advice")
            continue
        source = str(entry["source"]) if "source" in entry else None
        advice[rule] = Advice(str(entry["message"]), str(entry["advice"]), source)
    return advice, dict(data.get("kinds") or {})


def _load_rules(
    data: dict, languages: dict[str, LanguagePlaybook], problems: list[str]
) -> tuple[dict[str, RuleSettings], dict]:
    """Rule settings over the rules' own defaults; each rule needs advice in every language."""
    from dealcoach.engine.findings.rules import RULES  # the rules know their own thresholds

    evidence = {"min_turns": 10, "min_minutes": 4.0, **(data.get("evidence") or {})}
    table = data.get("rule") or {}
    settings: dict[str, RuleSettings] = {}
    for rule_id, entry in table.items():
        where = f"rules.toml, rule.{rule_id}"
        rule = RULES.get(rule_id)
        if rule is None:
            problems.append(f"{where}: unknown rule; choose from {', '.join(RULES)}")
            continue
        params = dict(rule.params)
        for key, value in entry.items():
            if key in ("enabled", "severity", "source", "suppressed_by"):
                continue
            if key not in rule.params:
                known = ", ".join(rule.params) or "none"
                problems.append(f"{where}: unknown threshold {key!r} (this rule has: {known})")
                continue
            problem = _threshold_problem(key, value, rule.params[key])
            if problem:
                problems.append(f"{where}.{key}: {problem}")
            else:
                params[key] = type(rule.params[key])(value)
        severity = entry.get("severity", "warning")
        if severity not in SEVERITIES:
            problems.append(f"{where}.severity: {severity!r} is not one of {', '.join(SEVERITIES)}")
        suppressed = tuple(entry.get("suppressed_by", ()))
        for other in suppressed:
            if other not in RULES:
                problems.append(f"{where}.suppressed_by: unknown rule {other!r}")
            elif other == rule_id:
                problems.append(f"{where}.suppressed_by: a rule cannot silence itself")
        settings[rule_id] = RuleSettings(
            rule_id,
            bool(entry.get("enabled", True)),
            severity,
            str(entry.get("source", "")),
            suppressed,
            params,
        )
    for rule_id in RULES:
        if rule_id not in settings:
            problems.append(
                f"rules.toml: rule.{rule_id} is missing (set enabled = false to drop it)"
            )
    for code, language in languages.items():
        for rule_id, rule in RULES.items():
            text = language.advice.get(rule_id)
            if text is None:
                problems.append(f"{code}/advice.toml: [{rule_id}] is missing")
                continue
            allowed = {*rule.reports, "kind_name", "when"}
            for field_name in ("message", "advice"):
                for problem in _template_problems(getattr(text, field_name), allowed):
                    problems.append(f"{code}/advice.toml, {rule_id}.{field_name}: {problem}")
    return settings, evidence


def _threshold_problem(key: str, value, default) -> str | None:
    """Why a threshold cannot be used, or None: the type of its default, and a sane range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a number, got {value!r}"
    if isinstance(default, int) and not isinstance(value, int):
        return f"must be a whole number, got {value!r}"
    if value < 0:
        return f"must not be negative, got {value!r}"
    if "share" in key and value > 1:
        return f"is a share between 0 and 1 (0.65 is 65%), got {value!r}"
    return None


def _template_problems(template: str, allowed: set[str]) -> list[str]:
    """Advice may quote the rule's figures as {name}: no formats, positions or attributes."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        return [f"{exc} (write {{{{ and }}}} for a literal brace)"]
    problems = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier():
            problems.append(f"{{{name}}} is not a figure name; write {{name}}")
        elif name not in allowed:
            problems.append(
                f"unknown figure {{{name}}}; this rule reports {', '.join(sorted(allowed))}"
            )
        if spec or conversion:
            problems.append(f"{{{name}}} takes no format or conversion; write {{{name}}}")
    return problems


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
        "statement_subjects",
        "asking_with_statement_subjects",
        "object_auxiliaries",
        "subordinating",
        "free_relatives",
        "relative_after_comma",
        "copulas",
        "imperative_particles",
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
