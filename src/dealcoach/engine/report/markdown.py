"""The analysis as Markdown: for pasting into a CRM note or a ticket."""

from __future__ import annotations

import re

from dealcoach.engine.report.words import (
    clock,
    key_figures,
    no_findings,
    quote,
    step_line,
    words_for,
)

SEVERITY_MARK = {"critical": "🔴", "warning": "🟠", "info": "🔵", "good": "🟢"}
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """Transcript text is data: no Markdown or HTML in it may take effect."""
    return _SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def markdown_report(doc: dict) -> str:
    w = words_for(doc)
    lines = [f"## {escape(doc['source'])}", ""]
    lines.append(
        f"**{w['outcome']}: {w[doc['outcome']]}** · {w['next_step']}: {escape(step_line(doc))}"
    )
    lines += ["", f"### {w['key_figures']}", ""]
    lines += [f"- {label}: {escape(value)}" for label, value in key_figures(doc)]
    lines += ["", f"### {w['findings']}", ""]
    if not doc["findings"]:
        lines.append(no_findings(doc))
    utterances = doc["utterances"]
    for f in doc["findings"]:
        mark = SEVERITY_MARK[f["severity"]]
        lines.append(f"- {mark} **{escape(f['message'])}** ({w[f['severity']]}, `{f['rule']}`)")
        for n, i in enumerate(f["evidence"]["utterances"][:3]):
            u = utterances[i]
            when = f" {clock(u['start'])}" if u["start"] is not None else ""
            if n:
                lines.append("  >")  # a line of its own: each quote its own paragraph
            lines.append(f"  > [{i + 1}]{when} {escape(u['speaker'])}: {escape(quote(u['text']))}")
        lines.append(f"  - {w['advice']}: {escape(f['advice'])}")
    lines.append("")
    return "\n".join(lines)


def markdown_summary(summary: dict) -> str:
    """The team summary of a batch."""
    lines = [f"## dealcoach: {summary['calls']} calls", ""]
    lines += [
        "- outcomes: " + ", ".join(f"{k} {v}" for k, v in summary["outcomes"].items()),
        f"- open-ending rate: {summary['open_ending_rate'] * 100:.0f}%",
        f"- mean seller talk share: {summary['mean_seller_share'] * 100:.0f}%",
        f"- seller questions per call: {summary['questions_per_call']:.1f}",
        f"- closing questions per call: {summary['closing_questions_per_call']:.1f}",
        "",
        *(
            [f"- could not be analysed: {len(summary['failed'])}"]
            + [f"  - {escape(message)}" for message in summary["failed"]]
            if summary.get("failed")
            else []
        ),
        "",
        "| finding | severity | calls |",
        "|---|---|---:|",
    ]
    for row in summary["recurring_findings"]:
        lines.append(f"| `{row['rule']}` | {row['severity']} | {row['calls']} |")
    lines += [
        "",
        "| call | seller | outcome | seller share | questions | findings |",
        "|---|---|---|---:|---:|---|",
    ]
    for call in summary["per_call"]:
        lines.append(
            f"| {escape(call['source'])} | {escape(', '.join(call['sellers']))} "
            f"| {call['outcome']} "
            f"| {call['seller_share'] * 100:.0f}% | {call['questions']} "
            f"| {call['critical']} critical, {call['warning']} warning |"
        )
    lines.append("")
    return "\n".join(lines)
