"""Recognise and clean speaker names in the many ways transcripts put them before the words."""

from __future__ import annotations

import re
from functools import lru_cache

UNKNOWN_SPEAKER = "Unknown speaker"

# Words that stand before a colon in headers and prose but never name a speaker.
_NOT_NAMES = {
    "note",
    "notes",
    "notitie",
    "agenda",
    "tip",
    "vraag",
    "antwoord",
    "let op",
    "ps",
    "p.s",
    "datum",
    "date",
    "time",
    "tijd",
    "onderwerp",
    "subject",
    "locatie",
    "location",
    "deelnemers",
    "attendees",
    "participants",
    "title",
    "titel",
    "meeting",
    "vergadering",
    "transcript",
    "transcriptie",
    "http",
    "https",
    "www",
    "re",
    "fw",
    "fwd",
    "van",
    "aan",
    "to",
    "from",
    "cc",
    "bcc",
    "duration",
    "duur",
    "started",
    "ended",
    "recording",
    "opname",
    "kind",
    "language",
    "taal",
    "summary",
    "samenvatting",
    "action items",
    "actiepunten",
    "conclusie",
    "conclusion",
    "example",
    "voorbeeld",
    "bijvoorbeeld",
    "dus",
    "maar",
    "en",
    "ja",
    "nee",
    "ok",
    "oke",
    "okay",
    "so",
    "but",
    "and",
    "yes",
    "no",
    "well",
    "nou",
    "kijk",
    "look",
    "listen",
    "wait",
    "wacht",
    "stap",
    "step",
    "punt",
    "point",
    "prijs",
    "price",
    "kosten",
    "cost",
    "total",
    "totaal",
    "edit",
    "update",
    "warning",
    "waarschuwing",
    "important",
    "belangrijk",
    "question",
    "answer",
    "q",
    "a",
    "nb",
    "ad",
    "optie",
    "option",
    "phone",
    "telefoon",
    "tel",
    "email",
    "e-mail",
    "mail",
    "web",
    "website",
    "address",
    "adres",
    "wachtwoord",
    "password",
    "passcode",
    "toegangscode",
    "vergader-id",
    "meeting id",
    "meeting-id",
    "id",
    "link",
    "url",
    "dial-in",
    "inbellen",
    "organizer",
    "organisator",
    "host",
}
_PARTICLES = {
    "van",
    "de",
    "der",
    "den",
    "het",
    "ten",
    "ter",
    "te",
    "in",
    "op",
    "'t",
    "le",
    "la",
    "du",
    "di",
    "da",
    "von",
    "bin",
    "el",
    "al",
    "y",
    "dos",
    "das",
    "del",
    "'s",
    "st.",
}
_GENERIC = re.compile(
    r"^(?:speaker|spreker|spk|participant|deelnemer|unknown speaker|onbekende spreker)"
    r"(?:[ _-]?\d{1,3}|[ _-][a-z])?$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-ZÀ-ÖØ-Þ]\.|\(.*\))$")
_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


# Teams and Zoom mark guests: "Sam Lee [EXT]", "Sam Lee (Guest)", "[EXT] Sam Lee".
_GUEST_TAG = re.compile(
    r"\s*[\[(](?:ext|external|extern|externe|guest|gast)[\])]\s*", re.IGNORECASE
)
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_AFFILIATION = re.compile(r"\s+[-|–·]\s+")  # "Sam Lee - Acme", "Sam Lee | Acme"


def is_guest_tag(raw: str) -> bool:
    return bool(_GUEST_TAG.fullmatch(f"[{raw.strip()}]"))


_SQUARE_GUEST_TAG = re.compile(r"\s*\[(?:ext|external|extern|externe|guest|gast)\]\s*", re.I)


@lru_cache(maxsize=4096)
def clean_name(raw: str) -> str:
    """Strip brackets, quotes, an ``[EXT]`` tag and stray spaces; keep ``SPEAKER_00`` and
    "Wendy Clarke (Guest)" as the tool wrote them. Cached: a call repeats a few names."""
    name = _SQUARE_GUEST_TAG.sub(" ", raw).strip().strip("[]<>\"'“”").strip()
    return " ".join(name.split())


def is_plausible_name(raw: str) -> bool:
    """True for strings that can name a speaker: ``Jan de Vries``, ``SPEAKER_00``, ``Speaker 2``."""
    name = clean_name(raw)
    if not name or len(name) > 60:
        return False
    if _GENERIC.match(name):
        return True
    if name.lower() in _NOT_NAMES:
        return False
    if _EMAIL.match(name):
        return True  # some tools name speakers by their address
    base = _PAREN.sub("", name) or name  # "Jan de Vries (Acme)" -> judge "Jan de Vries"
    base = _AFFILIATION.split(base, maxsplit=1)[0]  # "Sam Lee - Acme" -> judge "Sam Lee"
    tokens = [t.rstrip(",") for t in base.split()]  # "Lee, Sam" as Outlook writes it
    if not 1 <= len(tokens) <= 5:
        return False
    if any(ch.isdigit() for ch in base):
        return False
    capitalised = 0
    for token in tokens:
        if token.lower() in _PARTICLES:
            continue
        if not _TOKEN.match(token):
            return False
        capitalised += 1
    return capitalised >= 1
