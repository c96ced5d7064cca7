"""``dealcoach evaluate``: how well the labeller hears, on a labelled corpus."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dealcoach.cli.playbook import PLAYBOOK_OPTION
from dealcoach.engine.evaluate import OUTCOMES, evaluate
from dealcoach.engine.playbook import default_playbook, load_playbook
from dealcoach.engine.playbook import patterns_only as without_model


@click.command("evaluate")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--split",
    default="dev",
    show_default=True,
    help="The corpus part: a folder of CORPUS (dev, train, calib or test).",
)
@PLAYBOOK_OPTION
@click.option(
    "--patterns-only", is_flag=True, help="Switch the shipped model off: hear with patterns only."
)
@click.option(
    "--verbose", "-v", is_flag=True, help="List every miss and false hit with its pattern."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def evaluate_command(
    corpus: str,
    split: str,
    playbook_dir: str | None,
    patterns_only: bool,
    verbose: bool,
    output_format: str,
) -> None:
    """Score labels, outcome and next-step kind against a labelled corpus.

    \b
    Example:
      dealcoach evaluate eval/corpus --split test
    """
    playbook = load_playbook(playbook_dir) if playbook_dir else default_playbook()
    if patterns_only:
        playbook = without_model(playbook)
    report = evaluate(corpus, split, playbook)
    if output_format == "json":
        data = report.to_dict()
        if verbose:
            data["errors"] = report.errors
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console = Console(highlight=False)
    if verbose:
        for error in report.errors:
            if "text" in error:
                line = (
                    f"{error['conversation']}#{error['utterance']} {error['role']}: "
                    f"missed {error['missed'] or '-'} extra {error['extra'] or '-'} "
                    f"[{', '.join(error['patterns'])}]"
                    + (
                        f" overruled by the model [{', '.join(error['overruled'])}]"
                        if error["overruled"]
                        else ""
                    )
                    + f" {error['text']}"
                )
            else:
                line = json.dumps(error, ensure_ascii=False)
            console.print(Text(line))
        console.print()
    table = Table(
        title=f"dealcoach evaluate: {split} ({report.conversations} conversations, "
        f"{report.utterances} utterances)"
    )
    for name in ("label", "precision", "recall", "F1", "support"):
        table.add_column(name, justify="left" if name == "label" else "right")
    for label, c in report.labels.items():
        table.add_row(
            label, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", str(c.tp + c.fn)
        )
    console.print(table)
    console.print(
        Text(
            f"macro-F1 {report.macro_f1:.3f} · question F1 on ASR-style text "
            f"{report.asr_question.f1:.3f} · outcome accuracy "
            f"{report.outcome_accuracy:.3f} · next-step kind accuracy "
            f"{report.kind_accuracy:.3f} ({report.kind_right}/{report.kind_total})"
        )
    )
    confusion = Table(title="outcome (rows: expected, columns: found)")
    confusion.add_column("")
    for o in OUTCOMES:
        confusion.add_column(o, justify="right")
    for gold in OUTCOMES:
        confusion.add_row(gold, *(str(report.outcome_confusion[gold][o]) for o in OUTCOMES))
    console.print(confusion)
