"""Rich renderings of analysis documents for the terminal (plain text in a pipe)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dealcoach.engine.report.words import clock as _clock
from dealcoach.engine.report.words import key_figures, no_findings, quote, step_line, words_for


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.0f}%"


def _box(console: Console) -> box.Box:
    return box.SIMPLE_HEAD if console.is_terminal else box.ASCII2


SEVERITY_STYLE = {"critical": "bold red", "warning": "dark_orange", "info": "blue", "good": "green"}
SEVERITY_ICON = {"critical": "✖", "warning": "▲", "info": "●", "good": "✔"}
OUTCOME_STYLE = {"agreed": "bold green", "rejected": "bold red", "open": "bold dark_orange"}


def render_analysis(console: Console, doc: dict) -> None:
    """One conversation: outcome first, key figures, findings with their lines, the next step."""
    w = words_for(doc)
    lang = doc["language"]
    metrics = doc["metrics"]
    console.print(Text(doc["source"], style="bold"))
    facts = [
        f"{doc['format']} ({doc['dialect']})",
        f"{lang['variant'] or lang['code']} ({lang['source']}, {lang['confidence']:.0%})",
        f"{metrics['turns']} {w['turns']}, {metrics['words']} {w['words']}",
        f"{w['seller']}: {', '.join(doc['roles']['sellers'])} "
        f"({w.get(doc['roles']['role_source'], doc['roles']['role_source'])})",
        f"{doc['playbook']['name']} {doc['playbook']['version']}",  # which method judged it
    ]
    console.print(Text("  " + " · ".join(facts), style="dim"))
    for note in doc["notes"]:
        console.print(Text(f"  note: {note}", style="dim"))
    outcome = Text("  ")
    outcome.append(f"{w['outcome']}: {w[doc['outcome']]}", style=OUTCOME_STYLE[doc["outcome"]])
    outcome.append(f" · {w['next_step']}: {step_line(doc)}")
    console.print(outcome)
    console.print(Text("  " + " · ".join(f"{label} {value}" for label, value in key_figures(doc))))
    console.print()
    utterances = doc["utterances"]
    for f in doc["findings"]:
        line = Text("  ")
        line.append(f"{SEVERITY_ICON[f['severity']]} ", style=SEVERITY_STYLE[f["severity"]])
        line.append(f["message"], style="bold")
        line.append(f"  [{f['rule']}]", style="dim")
        console.print(line)
        for i in f["evidence"]["utterances"][:3]:
            u = utterances[i]
            when = f" {_clock(u['start'])}" if u["start"] is not None else ""
            quoted = Text(f"      [{i + 1}]{when} ", style="dim")  # people count from 1
            quoted.append(f"{u['speaker']}: ", style="italic")
            quoted.append(quote(u["text"], 200))
            console.print(quoted)
        console.print(Text(f"    → {f['advice']}"))
    if not doc["findings"]:
        console.print(Text(f"  {no_findings(doc)}"))
    console.print()


def render_summary(console: Console, summary: dict) -> None:
    """The team summary after a batch."""
    outcomes = ", ".join(f"{k} {v}" for k, v in summary["outcomes"].items())
    console.print(Text(f"Team summary: {summary['calls']} calls ({outcomes})", style="bold"))
    console.print(
        Text(
            f"  open-ending rate {summary['open_ending_rate'] * 100:.0f}% · mean seller talk share "
            f"{summary['mean_seller_share'] * 100:.0f}% · seller questions per call "
            f"{summary['questions_per_call']:.1f} · closing questions per call "
            f"{summary['closing_questions_per_call']:.1f}"
        )
    )
    if summary.get("failed"):
        console.print(Text(f"  {len(summary['failed'])} file(s) could not be analysed:"))
        for message in summary["failed"]:
            console.print(Text(f"    {message}"))
    if summary["recurring_findings"]:
        console.print(Text("  findings that recur most:"))
        for row in summary["recurring_findings"][:6]:
            line = Text(f"    {row['calls']:>4} × ")
            line.append(row["rule"], style=SEVERITY_STYLE[row["severity"]])
            console.print(line)


def render_batch(console: Console, documents: list[dict], total: int, failures: list[str]) -> None:
    """The table of calls at the end of a batch."""
    table = Table(title="dealcoach batch summary", box=_box(console), show_edge=False)
    table.add_column("file", overflow="fold", ratio=3)
    for name, justify in (
        ("outcome", "left"),
        ("lang", "left"),
        ("seller", "left"),
        ("duration", "right"),
        ("seller share", "right"),
        ("questions", "right"),
        ("to improve", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for doc in documents:
        table.add_row(
            Text(doc["source"]),
            Text(doc["outcome"], style=OUTCOME_STYLE[doc["outcome"]]),
            doc["language"]["variant"] or doc["language"]["code"],
            Text(", ".join(doc["roles"]["sellers"])),
            _clock(doc["duration_s"]),
            _pct(doc["metrics"]["sides"]["seller"]["talk_share"]),
            str(doc["metrics"]["conversation"]["questions"]["seller"]),
            str(sum(f["severity"] in ("critical", "warning") for f in doc["findings"])),
        )
    console.print(table)
    ok = len(documents)
    console.print(Text(f"{ok} of {total} files analysed, {len(failures)} failed"))
