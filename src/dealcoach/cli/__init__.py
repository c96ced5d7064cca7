"""The ``dealcoach`` command: parses options, calls the engine, renders. The one error boundary."""

from __future__ import annotations

import json
import sys

import click

from dealcoach import __version__
from dealcoach.cli.analyze import analyze_command
from dealcoach.cli.evaluate import evaluate_command
from dealcoach.cli.playbook import playbook_group
from dealcoach.engine.errors import DealcoachError
from dealcoach.engine.report import schema


class _Group(click.Group):
    """Turns engine errors into ``Error: ...`` and exit 1; a bug never shows a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DealcoachError as exc:
            raise click.ClickException(str(exc)) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(
                f"internal error ({exc.__class__.__name__}: {exc}); "
                "run with --debug for the traceback and please report it"
            ) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="dealcoach")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """dealcoach: hold sales conversations against a sales method, offline.

    \b
    Example:
      dealcoach analyze examples/zoom_en_demo_followup.vtt
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of `dealcoach analyze --format json` output.

    \b
    Example:
      dealcoach schema > analysis.schema.json
    """
    click.echo(json.dumps(schema(), indent=2, ensure_ascii=False))


main.add_command(analyze_command)
main.add_command(evaluate_command)
main.add_command(playbook_group)
