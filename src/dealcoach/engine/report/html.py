"""The analysis as one self-contained HTML page: no external assets, every transcript text escaped.

The page shows the outcome, the key figures, a talk-share bar, a timeline of who spoke when with
the labels marked, the findings linking to the lines that prove them, and the whole transcript
with the matched spans highlighted.
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib import resources

from dealcoach.engine.report.words import (
    clock,
    key_figures,
    no_findings,
    quote,
    step_line,
    words_for,
)

LABEL_COLOURS = {
    "question": "#6b7280",
    "time_check": "#0e7490",
    "closing_question": "#7c3aed",
    "next_step": "#2563eb",
    "agreement": "#15803d",
    "rejection": "#b91c1c",
    "stall": "#b45309",
    "not_decision_maker": "#be185d",
}
SEVERITY_COLOURS = {
    "critical": "#b91c1c",
    "warning": "#c2410c",
    "info": "#1d4ed8",
    "good": "#15803d",
}
OUTCOME_COLOURS = {"agreed": "#15803d", "rejected": "#b91c1c", "open": "#c2410c"}


@cache
def _css() -> str:
    return resources.files("dealcoach").joinpath("data", "report.css").read_text("utf-8")


def html_report(doc: dict) -> str:
    """One conversation as a whole page."""
    body = _conversation(doc)
    title = f"dealcoach: {doc['source']}"
    return _page(title, body, lang=doc["language"]["code"])


def html_batch(documents: list[dict], summary: dict) -> str:
    """A batch: the team summary first, then every call, folded."""
    parts = [_summary(summary)]
    for n, doc in enumerate(documents):
        parts.append(
            f'<details class="card"><summary>{escape(doc["source"])} · '
            f"{escape(doc['outcome'])}</summary>{_conversation(doc, prefix=f'c{n}-')}</details>"
        )
    return _page(f"dealcoach: {summary['calls']} calls", "\n".join(parts), lang="en")


def _page(title: str, body: str, *, lang: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{escape(title)}</title>\n<style>{_css()}</style>\n</head>\n"
        f"<body><main>\n{body}\n</main></body>\n</html>\n"
    )


def _conversation(doc: dict, prefix: str = "") -> str:
    w = words_for(doc)
    out = [
        f"<h1>{escape(doc['source'])}</h1>",
        f'<div class="meta">{escape(doc["format"])} ({escape(doc["dialect"])}) · '
        f"{escape(doc['language']['variant'] or doc['language']['code'])} · "
        f"{w['seller']}: {escape(', '.join(doc['roles']['sellers']))} · "
        f"playbook {escape(doc['playbook']['name'])} {escape(doc['playbook']['version'])}</div>",
        _outcome(doc, w),
        '<div class="figures">'
        + "".join(
            f'<div class="figure"><b>{escape(value)}</b><span>{escape(label)}</span></div>'
            for label, value in key_figures(doc)
        )
        + "</div>",
        f"<h2>{w['talk_share']}</h2>",
        _talk_bar(doc),
        f"<h2>{w['timeline']}</h2>",
        _timeline(doc, prefix),
        f"<h2>{w['findings']}</h2>",
        _findings(doc, w, prefix),
        f"<h2>{w['transcript']}</h2>",
        _transcript(doc, prefix),
    ]
    return "\n".join(out)


def _outcome(doc: dict, w: dict) -> str:
    colour = OUTCOME_COLOURS.get(doc["outcome"], "#6b7280")
    return (
        f'<div class="card outcome"><span class="badge" style="background:{colour}">'
        f"{w['outcome']}: {escape(w[doc['outcome']])}</span>"
        f"<span><b>{w['next_step']}:</b> {escape(step_line(doc))}</span></div>"
    )


def _talk_bar(doc: dict) -> str:
    speakers = [s for s in doc["speakers"] if s["talk_share"] > 0]
    speakers.sort(key=lambda s: s["role"] != "seller")
    shades = {
        "seller": ["#2563eb", "#3b82f6", "#60a5fa"],
        "prospect": ["#d97706", "#f59e0b", "#fbbf24", "#b45309"],
    }
    seen = {"seller": 0, "prospect": 0}
    parts = []
    for s in speakers:
        palette = shades[s["role"]]
        colour = palette[seen[s["role"]] % len(palette)]
        seen[s["role"]] += 1
        pct = s["talk_share"] * 100
        parts.append(
            f'<div style="width:{pct:.2f}%;background:{colour}" '
            f'title="{escape(s["name"])}: {pct:.0f}%">{escape(s["name"])} {pct:.0f}%</div>'
        )
    return f'<div class="bar">{"".join(parts)}</div>'


def _spans(doc: dict) -> list[tuple[float, float]]:
    """Each turn's place on the call's clock: real times, or word counts when untimed."""
    us = doc["utterances"]
    if us and all(u["start"] is not None and u["end"] is not None for u in us):
        origin = us[0]["start"]
        return [(u["start"] - origin, u["end"] - origin) for u in us]
    spans, at = [], 0.0
    for u in us:
        spans.append((at, at + max(u["words"], 1)))
        at += max(u["words"], 1)
    return spans


def _timeline(doc: dict, prefix: str) -> str:
    spans = _spans(doc)
    total = max((e for _, e in spans), default=1.0) or 1.0
    width, row, left = 1000.0, 26.0, 64.0
    scale = (width - left) / total
    rows = {"seller": 10.0, "prospect": 10.0 + row + 6}
    marks_y = rows["prospect"] + row + 10
    parts = []
    for u, (start, end) in zip(doc["utterances"], spans, strict=True):
        x = left + start * scale
        wdt = max((end - start) * scale, 0.8)
        colour = "#2563eb" if u["role"] == "seller" else "#f59e0b"
        tip = f"[{u['index'] + 1}] {u['speaker']}: {quote(u['text'], 120)}"
        parts.append(
            f'<a href="#{prefix}u{u["index"]}"><rect x="{x:.1f}" y="{rows[u["role"]]}" '
            f'width="{wdt:.1f}" height="{row}" fill="{colour}"><title>{escape(tip)}</title>'
            "</rect></a>"
        )
        strong = [lb for lb in u["labels"] if lb != "question"]
        for k, label in enumerate(strong):
            parts.append(
                f'<a href="#{prefix}u{u["index"]}"><circle cx="{x + wdt / 2:.1f}" '
                f'cy="{marks_y + 9 * k}" r="4" fill="{LABEL_COLOURS[label]}">'
                f"<title>{escape(label)} [{u['index'] + 1}]</title></circle></a>"
            )
    height = marks_y + 9 * 4
    labels = (
        f'<text x="4" y="{rows["seller"] + 17}" font-size="12" fill="#6b7280">'
        f"{escape(words_for(doc)['seller'])}</text>"
        f'<text x="4" y="{rows["prospect"] + 17}" font-size="12" fill="#6b7280">'
        f"{escape(words_for(doc)['prospect'])}</text>"
    )
    legend = "".join(
        f'<span><i style="background:{c}"></i>{escape(lb)}</span>'
        for lb, c in LABEL_COLOURS.items()
        if lb != "question"
    )
    return (
        f'<svg class="timeline" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="timeline">{labels}{"".join(parts)}</svg><div class="legend">{legend}</div>'
    )


def _findings(doc: dict, w: dict, prefix: str) -> str:
    if not doc["findings"]:
        return f"<p>{escape(no_findings(doc))}</p>"
    out = []
    utterances = doc["utterances"]
    for f in doc["findings"]:
        colour = SEVERITY_COLOURS[f["severity"]]
        quotes = []
        for i in f["evidence"]["utterances"][:4]:
            u = utterances[i]
            when = f" {clock(u['start'])}" if u["start"] is not None else ""
            quotes.append(
                f'<blockquote><a href="#{prefix}u{i}">{w["utterance"]} {i + 1}{when}</a> '
                f"<b>{escape(u['speaker'])}</b>: {escape(quote(u['text']))}</blockquote>"
            )
        out.append(
            f'<div class="finding" style="border-color:{colour}" '
            f'id="{prefix}f-{escape(f["rule"])}">'
            f'<div class="sev" style="color:{colour}">{escape(w[f["severity"]])} · '
            f"<code>{escape(f['rule'])}</code></div>"
            f"<div><b>{escape(f['message'])}</b></div>{''.join(quotes)}"
            f'<div class="advice"><b>{w["advice"]}:</b> {escape(f["advice"])}</div>'
            f'<div class="source">{w["source"]}: {escape(f["source"])}</div></div>'
        )
    return "\n".join(out)


def _highlighted(u: dict) -> str:
    """The turn's text with every matched span marked; overlapping spans merge."""
    text = u["text"]
    spans = sorted(
        (max(0, s), min(len(text), e), m["label"])
        for m in u["matches"]
        for s, e in [m["span"]]
        if e > s
    )
    out, at = [], 0
    merged: list[list] = []
    for s, e, label in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
            merged[-1][2].add(label)
        else:
            merged.append([s, e, {label}])
    for s, e, labels in merged:
        if s < at:
            continue
        out.append(escape(text[at:s]))
        title = ", ".join(sorted(labels))
        out.append(f'<mark title="{escape(title)}">{escape(text[s:e])}</mark>')
        at = e
    out.append(escape(text[at:]))
    return "".join(out)


def _transcript(doc: dict, prefix: str) -> str:
    out = []
    for u in doc["utterances"]:
        chips = "".join(
            f'<span class="chip" style="background:{LABEL_COLOURS[lb]}">{escape(lb)}</span>'
            for lb in u["labels"]
        )
        when = clock(u["start"]) if u["start"] is not None else f"#{u['index'] + 1}"
        out.append(
            f'<div class="u {escape(u["role"])}" id="{prefix}u{u["index"]}">'
            f'<div class="when">{when}</div><div><span class="who">{escape(u["speaker"])}</span>'
            f"{chips}<div>{_highlighted(u)}</div></div></div>"
        )
    return "\n".join(out)


def _summary(summary: dict) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(r['rule'])}</code></td>"
        f'<td class="sev-{escape(r["severity"])}">{escape(r["severity"])}</td>'
        f'<td class="num">{r["calls"]}</td></tr>'
        for r in summary["recurring_findings"]
    )
    calls = "".join(
        f"<tr><td>{escape(c['source'])}</td><td>{escape(', '.join(c['sellers']))}</td>"
        f'<td>{escape(c["outcome"])}</td><td class="num">{c["seller_share"] * 100:.0f}%</td>'
        f'<td class="num">{c["questions"]}</td>'
        f'<td class="num">{c["critical"]} / {c["warning"]}</td></tr>'
        for c in summary["per_call"]
    )
    outcomes = " · ".join(f"{escape(k)} {v}" for k, v in summary["outcomes"].items())
    failed = ""
    if summary.get("failed"):
        items = "".join(f"<li>{escape(message)}</li>" for message in summary["failed"])
        failed = (
            f'<div class="card"><b>{len(summary["failed"])} file(s) could not be analysed</b>'
            f"<ul>{items}</ul></div>"
        )
    figures = [
        ("calls", str(summary["calls"])),
        ("open-ending rate", f"{summary['open_ending_rate'] * 100:.0f}%"),
        ("mean seller talk share", f"{summary['mean_seller_share'] * 100:.0f}%"),
        ("seller questions per call", f"{summary['questions_per_call']:.1f}"),
        ("closing questions per call", f"{summary['closing_questions_per_call']:.1f}"),
    ]
    cards = "".join(
        f'<div class="figure"><b>{escape(v)}</b><span>{escape(k)}</span></div>' for k, v in figures
    )
    return (
        f'<h1>Team summary</h1><div class="meta">{outcomes}</div>'
        f'<div class="figures">{cards}</div>{failed}'
        '<h2>Findings that recur</h2><table class="card"><tr><th>rule</th><th>severity</th>'
        f'<th class="num">calls</th></tr>{rows}</table>'
        '<h2>Calls</h2><table class="card"><tr><th>call</th><th>seller</th><th>outcome</th>'
        '<th class="num">seller share</th><th class="num">questions</th>'
        f'<th class="num">critical / warning</th></tr>{calls}</table>'
    )
