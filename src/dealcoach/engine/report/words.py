"""The few words a report needs around the playbook's messages, in the call's language."""

from __future__ import annotations

WORDS = {
    "en": {
        "outcome": "Outcome",
        "agreed": "agreed",
        "rejected": "rejected",
        "open": "open, no commitment",
        "key_figures": "Key figures",
        "findings": "Findings",
        "next_step": "Next step",
        "no_next_step": "No next step was agreed.",
        "proposed": "proposed",
        "agreed_step": "agreed",
        "transcript": "Transcript",
        "timeline": "Timeline",
        "talk_share": "Talk share",
        "seller_share": "seller talk share",
        "questions": "seller questions",
        "per_10": "per 10 min",
        "closing_questions": "closing questions",
        "first_question": "first seller question",
        "after": "after",
        "duration": "duration",
        "words": "words",
        "turns": "turns",
        "time_check": "time check",
        "yes": "yes",
        "no": "no",
        "seller": "seller",
        "prospect": "prospect",
        "advice": "Advice",
        "source": "Method",
        "no_findings": "No findings.",
        "one_speaker": "No findings: the transcript has one speaker, so seller and prospect cannot "
        "be told apart. Use an export with speaker names, or a diarized one.",
        "utterance": "line",
        "good": "went well",
        "info": "note",
        "warning": "to improve",
        "critical": "broke the method",
        "given": "given",
        "roster": "roster",
        "heuristic": "guessed",
        "kinds": {},
    },
    "nl": {
        "outcome": "Uitkomst",
        "agreed": "afgesproken",
        "rejected": "afgewezen",
        "open": "open, geen toezegging",
        "key_figures": "Kerncijfers",
        "findings": "Bevindingen",
        "next_step": "Vervolgstap",
        "no_next_step": "Er is geen vervolgstap afgesproken.",
        "proposed": "voorgesteld",
        "agreed_step": "afgesproken",
        "transcript": "Transcript",
        "timeline": "Tijdlijn",
        "talk_share": "Spreektijd",
        "seller_share": "spreektijd verkoper",
        "questions": "vragen verkoper",
        "per_10": "per 10 min",
        "closing_questions": "afsluitvragen",
        "first_question": "eerste vraag verkoper",
        "after": "na",
        "duration": "duur",
        "words": "woorden",
        "turns": "beurten",
        "time_check": "kom ik gelegen",
        "yes": "ja",
        "no": "nee",
        "seller": "verkoper",
        "prospect": "klant",
        "advice": "Advies",
        "source": "Methode",
        "no_findings": "Geen bevindingen.",
        "one_speaker": "Geen bevindingen: in dit transcript spreekt maar één spreker, dus verkoper "
        "en klant zijn niet te onderscheiden. Gebruik een export met sprekernamen.",
        "utterance": "regel",
        "good": "ging goed",
        "info": "let op",
        "warning": "kan beter",
        "critical": "tegen de methode",
        "given": "opgegeven",
        "roster": "teamlijst",
        "heuristic": "afgeleid",
        "kinds": {
            "demo": "demo",
            "meeting": "afspraak",
            "call": "belafspraak",
            "pilot": "proefopstelling",
            "presentation": "presentatie",
            "working_group": "werkgroep",
            "introduction": "kennismaking met de beslisser",
            "order": "order",
            "proposal": "voorstel",
        },
    },
}


def words_for(doc: dict) -> dict:
    return WORDS.get(doc["language"]["code"], WORDS["en"])


def number(value: float, doc: dict, digits: int = 1) -> str:
    """A decimal as the call's language writes it: 19.7 in English, 19,7 in Dutch."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if doc["language"]["code"] == "nl" else text


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def key_figures(doc: dict) -> list[tuple[str, str]]:
    """The handful of numbers a seller looks at first, as (label, value) pairs."""
    w = words_for(doc)
    metrics = doc["metrics"]
    conv = metrics["conversation"]
    seller = metrics["sides"]["seller"]
    first = conv["first_seller_question"]
    figures = [
        (w["duration"], clock(doc["duration_s"]) if doc["duration_s"] is not None
         else f"~{clock(conv['minutes'] * 60)}"),
        (w["seller_share"], f"{seller['talk_share'] * 100:.0f}%"),
        (w["questions"], f"{conv['questions']['seller']}" + (  # no rate under a minute
            f" ({number(conv['questions_per_10_min']['seller'], doc)} {w['per_10']})"
            if conv["minutes"] >= 1.0 else "")),
        (w["closing_questions"], str(len(conv["closing_questions"]))),
        (w["first_question"], "-" if first is None  # turns counted from 1, as people count
         else f"{w['utterance']} {first['utterance'] + 1} ({w['after']} "
              f"{clock(first['seconds'])})"),
        (w["time_check"], w["yes"] if conv["time_check_early"] else w["no"]),
    ]  # fmt: skip
    return figures


def quote(text: str, limit: int = 240) -> str:
    """A line as quoted in a report: whole when short, cut at a word when long."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def no_findings(doc: dict) -> str:
    """Why a report has no findings: nothing to say, or only one speaker to judge."""
    w = words_for(doc)
    return w["one_speaker"] if len(doc["speakers"]) < 2 else w["no_findings"]


def step_line(doc: dict) -> str:
    w = words_for(doc)
    step = doc.get("next_step")
    if not step or not step.get("agreed"):
        return w["no_next_step"]
    kind = step.get("kind")
    parts = [w["kinds"].get(kind, kind) if kind else w["next_step"].lower()]
    if step.get("time"):
        parts.append(step["time"])
    where = f"{w['utterance']} {step['utterance'] + 1}"  # counted from 1
    return f"{w['agreed_step']}: " + ", ".join(parts) + f" ({where})"
