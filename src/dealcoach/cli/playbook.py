"""``dealcoach playbook``: copy, check and show the method a team runs."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dealcoach.engine.findings import RULES
from dealcoach.engine.playbook import (
    default_playbook,
    export_playbook,
    load_playbook,
    playbook_schema,
)

PLAYBOOK_OPTION = click.option(
    "--playbook",
    "playbook_dir",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Use this playbook folder (see `dealcoach playbook export`) instead of the built-in one.",
)


@click.group("playbook")
def playbook_group() -> None:
    """Copy, check and show the playbook: the method's phrases, rules, thresholds and advice.

    \b
    Examples:
      dealcoach playbook export my-playbook
      dealcoach playbook validate my-playbook
      dealcoach analyze call.vtt --playbook my-playbook
    """


@playbook_group.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
def export_command(directory: str) -> None:
    """Write an editable copy of the built-in playbook into DIRECTORY (new or empty)."""
    written = export_playbook(directory)
    click.echo(f"Wrote {len(written)} files to {directory}:")
    for path in written:
        click.echo(f"  {path}")
    click.echo(f"Edit them, then: dealcoach playbook validate {directory}")


@playbook_group.command("validate")
@click.argument("directory", type=click.Path(file_okay=False))
def validate_command(directory: str) -> None:
    """Check a playbook folder against the published schema and compile every pattern.

    Every problem is listed, with the file, the place in it and what is wrong; exit 1 if any.
    """
    playbook = load_playbook(directory)
    patterns = sum(len(lang.patterns) for lang in playbook.languages.values())
    enabled = sum(1 for r in playbook.rules.values() if r.enabled)
    click.echo(
        f"{directory}: valid ({playbook.name} {playbook.version}; {patterns} label patterns, "
        f"{enabled} of {len(playbook.rules)} rules enabled)"
    )


@playbook_group.command("show")
@PLAYBOOK_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def show_command(playbook_dir: str | None, output_format: str) -> None:
    """List the rules with their severity, thresholds and source, and the label patterns."""
    playbook = load_playbook(playbook_dir) if playbook_dir else default_playbook()
    rules = [
        {
            "rule": s.id,
            "enabled": s.enabled,
            "severity": s.severity,
            "thresholds": s.params,
            "suppressed_by": list(s.suppressed_by),
            "reports": list(RULES[s.id].reports),
            "source": s.source,
        }
        for s in playbook.rules.values()
    ]
    languages = {
        code: {
            "version": lang.version,
            "patterns": len(lang.patterns),
            "labels": sorted({p.label for p in lang.patterns}),
            "advice": len(lang.advice),
        }
        for code, lang in playbook.languages.items()
    }
    if output_format == "json":
        doc = {
            "name": playbook.name,
            "version": playbook.version,
            "location": playbook.location,
            "evidence": playbook.evidence,
            "rules": rules,
            "languages": languages,
        }
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    console = Console(highlight=False)
    console.print(Text(f"{playbook.name} {playbook.version} ({playbook.location})", style="bold"))
    evidence = ", ".join(f"{k} {v}" for k, v in playbook.evidence.items())
    console.print(Text(f"Rules about rates and shares need at least: {evidence}"))
    table = Table(show_edge=False, pad_edge=False)
    for name in ("rule", "on", "severity", "thresholds", "source"):
        table.add_column(name, overflow="fold")
    for rule in rules:
        thresholds = ", ".join(f"{k}={v}" for k, v in rule["thresholds"].items()) or "-"
        table.add_row(
            rule["rule"],
            "yes" if rule["enabled"] else "no",
            rule["severity"],
            thresholds,
            Text(rule["source"]),
        )
    console.print(table)
    for code, lang in languages.items():
        console.print(
            Text(
                f"{code}: {lang['patterns']} label patterns (version {lang['version']}), "
                f"advice for {lang['advice']} rules"
            )
        )


@playbook_group.command("schema")
def schema_command() -> None:
    """Print the JSON Schema that `playbook validate` checks a folder against."""
    click.echo(json.dumps(playbook_schema(), indent=2, ensure_ascii=False))
