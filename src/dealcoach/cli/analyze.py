"""``dealcoach analyze``: one file or ten thousand, as text, JSON or JSON lines."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from dealcoach.cli.inputs import expand_paths
from dealcoach.cli.playbook import PLAYBOOK_OPTION
from dealcoach.cli.render import render_analysis, render_batch, render_summary
from dealcoach.engine import analyze
from dealcoach.engine.errors import DealcoachError
from dealcoach.engine.language import LANGUAGES
from dealcoach.engine.playbook import Playbook, default_playbook, load_playbook
from dealcoach.engine.readers import FORMATS
from dealcoach.engine.report import analysis_document
from dealcoach.engine.report.html import html_batch, html_report
from dealcoach.engine.report.markdown import markdown_report, markdown_summary
from dealcoach.engine.report.summary import team_summary
from dealcoach.engine.roles import Roster, load_roster


@dataclass(frozen=True, slots=True)
class _Job:
    path: str
    sellers: tuple[str, ...]
    roster: Roster | None
    lang: str | None
    input_format: str | None
    playbook: str | None
    debug: bool


def _run(job: _Job) -> tuple[str, dict | str]:
    """Analyse one file in a worker: ``("ok", document)`` or ``("error", message)``."""
    try:
        result = analyze(
            job.path,
            sellers=job.sellers,
            roster=job.roster,
            lang=job.lang,
            input_format=job.input_format,
            playbook=_playbook(job.playbook),
        )
        return "ok", analysis_document(result)
    except DealcoachError as exc:
        return "error", str(exc)
    except Exception as exc:  # a bug must not stop the batch, nor show a traceback
        detail = traceback.format_exc() if job.debug else ""
        message = f"{job.path}: internal error ({exc.__class__.__name__}: {exc})"
        return "error", f"{message}\n{detail}" if detail else message


@cache
def _playbook(path: str | None) -> Playbook:
    """Each worker process loads (and checks) a team's playbook once."""
    return default_playbook() if path is None else load_playbook(path)


@click.command("analyze")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--seller",
    "sellers",
    multiple=True,
    metavar="NAME",
    help="A seller's name (full or first name, any case); repeat for more.",
)
@click.option(
    "--roster",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="TOML or YAML file listing the team's sellers and their aliases.",
)
@click.option(
    "--lang", type=click.Choice(LANGUAGES), help="Force the language instead of detecting it."
)
@click.option("--input-format", type=click.Choice(FORMATS), help="Force the input format.")
@PLAYBOOK_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "jsonl", "markdown", "html"]),
    default="text",
    show_default=True,
    help="Output format: a terminal report, JSON, JSON lines, Markdown (for a CRM note) or one "
    "self-contained HTML page. A batch adds a team summary to text, Markdown and HTML.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    metavar="FILE",
    help="Write the output to FILE instead of standard output.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes for a batch.",
)
@click.pass_context
def analyze_command(
    ctx: click.Context,
    paths: tuple[str, ...],
    sellers: tuple[str, ...],
    roster: str | None,
    lang: str | None,
    input_format: str | None,
    playbook_dir: str | None,
    output_format: str,
    output: str | None,
    jobs: int,
) -> None:
    """Analyse transcripts: who sold, the labels, the outcome and next step, the figures, and the
    method's findings with the lines that prove them and what to do next.

    PATH may be files, directories (searched for .vtt, .srt, .txt, .json and .docx) or globs.

    \b
    Examples:
      dealcoach analyze examples/teams_nl_discovery_hour.vtt --seller Sanne
      dealcoach analyze call.vtt --format html -o call.html
      dealcoach analyze calls/ --format markdown -o team.md
      dealcoach analyze calls/ --format jsonl --jobs 2 -o calls.jsonl
    """
    debug = bool(ctx.obj and ctx.obj.get("debug"))
    stderr = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 120)
    files = expand_paths(paths)
    if not files:
        raise click.ClickException(f"no transcript files found in {', '.join(paths)}")
    team = load_roster(roster) if roster else None
    _playbook(playbook_dir)  # a broken playbook stops the run before any file is read
    work = [_Job(str(f), sellers, team, lang, input_format, playbook_dir, debug) for f in files]
    results = _execute(work, jobs, stderr, show_progress=len(work) > 1)

    documents = [doc for status, doc in results if status == "ok"]
    failures = [msg for status, msg in results if status == "error"]
    for message in failures:
        stderr.print(f"Error: {message}", markup=False, highlight=False, soft_wrap=True)
    if len(work) == 1 and failures:
        ctx.exit(1)

    if not documents:
        ctx.exit(1)  # nothing to report: leave any earlier output file as it was
    buffer = io.StringIO()
    if output_format == "json":
        payload = documents[0] if len(work) == 1 else documents
        buffer.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif output_format == "jsonl":
        for doc in documents:
            buffer.write(json.dumps(doc, ensure_ascii=False) + "\n")
    batch = len(work) > 1
    summary = team_summary(documents, failures) if batch else None
    if output_format == "markdown":
        buffer.write("\n".join(markdown_report(doc) for doc in documents))
        if summary is not None:
            buffer.write("\n" + markdown_summary(summary))
    elif output_format == "html" and documents:
        if summary is None:
            buffer.write(html_report(documents[0]))
        else:
            buffer.write(html_batch(documents, summary))
    _emit(buffer.getvalue(), output, documents, output_format, summary)
    if summary is not None:
        console = (
            stderr
            if output_format != "text" or output
            else Console(highlight=False, width=None if sys.stdout.isatty() else 120)
        )
        render_batch(console, documents, len(work), failures)
        render_summary(console, summary)
    if failures:
        ctx.exit(1)


def _execute(work: list[_Job], jobs: int, stderr: Console, *, show_progress: bool):
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr,
        transient=True,
        disable=not show_progress,
    )
    results: list[tuple[str, dict | str]] = []
    with progress:
        task = progress.add_task("Analysing", total=len(work))
        if jobs == 1 or len(work) == 1:
            for job in work:
                results.append(_run(job))
                progress.advance(task)
        else:
            chunk = max(1, min(32, len(work) // (jobs * 8)))
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for result in pool.map(_run, work, chunksize=chunk):
                    results.append(result)
                    progress.advance(task)
    return results


def _emit(
    text: str,
    output: str | None,
    documents: list[dict],
    output_format: str,
    summary: dict | None,
) -> None:
    if output_format == "text":
        if output:
            console = Console(
                file=io.StringIO(), width=100, force_terminal=False, color_system=None
            )
        else:
            console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
        for doc in documents:
            render_analysis(console, doc)
        if summary is not None and output:
            render_summary(console, summary)
        if not output:
            return
        text = console.file.getvalue()  # type: ignore[attr-defined]
    if output:
        _write_atomically(Path(output), text)
    else:
        click.echo(text, nl=False)


def _write_atomically(path: Path, text: str) -> None:
    """Write next to the target and rename, so a failed run never leaves half a file."""
    directory = path.parent if str(path.parent) else Path(".")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; give it the usual mode
        os.replace(tmp, path)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise click.ClickException(f"{path}: cannot write output ({exc.strerror or exc})") from None
