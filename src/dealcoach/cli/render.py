"""Rich renderings of analysis documents for the terminal (plain text in a pipe)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.0f}%"


def _box(console: Console) -> box.Box:
    return box.SIMPLE_HEAD if console.is_terminal else box.ASCII2


def render_analysis(console: Console, doc: dict) -> None:
    """One conversation: what was read, who sold, who talked how much."""
    metrics = doc["metrics"]
    lang = doc["language"]
    title = Text(doc["source"], style="bold")
    console.print(title)
    facts = [
        f"{doc['format']} ({doc['dialect']})",
        f"language {lang['variant'] or lang['code']} "
        f"({lang['source']}, {lang['confidence']:.0%} sure)",
        f"{metrics['turns']} turns, {metrics['words']} words",
        f"duration {_clock(doc['duration_s'])}" if doc["duration_s"] is not None else "untimed",
    ]
    console.print(Text("  " + " · ".join(facts)))
    roles = doc["roles"]
    console.print(
        Text(f"  seller: {', '.join(roles['sellers'])} ({roles['role_source']}: {roles['reason']})")
    )
    for note in doc["notes"]:
        console.print(Text(f"  note: {note}", style="dim"))

    table = Table(box=_box(console), pad_edge=False, show_edge=False)
    for name, justify in (
        ("speaker", "left"),
        ("role", "left"),
        ("words", "right"),
        ("time", "right"),
        ("share", "right"),
        ("turns", "right"),
        ("wpm", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for s in doc["speakers"]:
        table.add_row(
            Text(s["name"]),
            s["role"],
            str(s["words"]),
            _clock(s["seconds"]),
            _pct(s["talk_share"]),
            str(s["turns"]),
            "-" if s["words_per_minute"] is None else f"{s['words_per_minute']:.0f}",
        )
    console.print(table)

    seller = metrics["sides"]["seller"]
    lines = [f"seller talk share {_pct(seller['talk_share'])} (by {metrics['share_basis']})"]
    mono = metrics["longest_seller_monologue"]
    if mono:
        length = (
            _clock(mono["seconds"]) if mono["seconds"] is not None else f"{mono['words']} words"
        )
        lines.append(f"longest seller monologue {length} (utterance {mono['utterance']})")
    if metrics["seller_patience_s"] is not None:
        lines.append(f"seller patience {metrics['seller_patience_s']:.2f} s")
    if metrics["timed"]:
        lines.append(f"overlaps {metrics['overlaps']['count']}")
    console.print(Text("  " + " · ".join(lines)))
    if doc.get("outcome"):
        console.print(Text(f"  outcome: {doc['outcome']}", style="bold"))
    console.print()


def render_batch(
    console: Console | None,
    documents: list[dict],
    total: int,
    failures: list[str],
    *,
    output: str | None = None,
) -> None:
    """The summary table at the end of a batch."""
    if console is None:
        console = Console(stderr=bool(output), highlight=False)
    table = Table(title="dealcoach batch summary", box=_box(console), show_edge=False)
    for name, justify in (
        ("file", "left"),
        ("format", "left"),
        ("lang", "left"),
        ("seller", "left"),
        ("duration", "right"),
        ("seller share", "right"),
        ("turns", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for doc in documents:
        table.add_row(
            Text(doc["source"]),
            f"{doc['format']}/{doc['dialect']}",
            doc["language"]["variant"] or doc["language"]["code"],
            Text(", ".join(doc["roles"]["sellers"])),
            _clock(doc["duration_s"]),
            _pct(doc["metrics"]["sides"]["seller"]["talk_share"]),
            str(doc["metrics"]["turns"]),
        )
    console.print(table)
    ok = len(documents)
    console.print(Text(f"{ok} of {total} files analysed, {len(failures)} failed"))
