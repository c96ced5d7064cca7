"""Which language a conversation is in: Dutch (Netherlands or Flemish) or English, offline.

Counting function words is enough for a few hundred words of speech, works on lower-case
unpunctuated ASR text, and costs microseconds; no model to download.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from dealcoach.engine.model import LanguageGuess

LANGUAGES = ("nl", "en")
_WORD = re.compile(r"[a-zà-ÿ']+")


@cache
def _lexicon() -> dict[str, dict[str, frozenset[str]]]:
    raw = tomllib.loads(
        resources.files("dealcoach").joinpath("data", "language.toml").read_text("utf-8")
    )
    nl = set(raw["nl"]["words"].split())
    en = set(raw["en"]["words"].split())
    shared = nl & en
    return {
        "nl": {"words": frozenset(nl - shared)},
        "en": {"words": frozenset(en - shared)},
        "nl-BE": {
            "words": frozenset(raw["nl-BE"]["words"].split()),
            "strong": frozenset(raw["nl-BE"]["strong"].split()),
        },
    }


def detect_language(text: str) -> LanguageGuess:
    """Guess ``nl`` or ``en`` from ``text``, with a confidence between 0.5 and 1."""
    lexicon = _lexicon()
    nl_words, en_words = lexicon["nl"]["words"], lexicon["en"]["words"]
    flemish = lexicon["nl-BE"]["words"]
    nl = en = be = strong_be = 0
    strong = lexicon["nl-BE"]["strong"]
    for word in _WORD.findall(text.lower()):
        if word in nl_words:
            nl += 1
        elif word in en_words:
            en += 1
        if word in flemish:
            be += 1
            if word in strong:
                strong_be += 1
    total = nl + en
    if total == 0:
        return LanguageGuess("en", 0.5, "detected")
    code = "nl" if nl >= en else "en"
    share = max(nl, en) / total
    # Little evidence pulls the confidence towards a coin toss.
    weight = min(1.0, total / 40)
    confidence = round(0.5 + (share - 0.5) * weight, 3)
    variant = None
    if code == "nl":
        variant = "nl-BE" if strong_be >= 2 and be * 40 >= nl else "nl-NL"
    return LanguageGuess(code, confidence, "detected", variant)


def forced_language(code: str) -> LanguageGuess:
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; choose from {', '.join(LANGUAGES)}")
    return LanguageGuess(code, 1.0, "forced")
