"""The ``forcedmig-kb`` command.

Exit codes (as pySHACL's): 0 when the check is clean, 1 when it found problems, 2 when it
could not run (unreadable or malformed input, bad arguments). A malformed file is reported
as ``FILE:LINE[:COLUMN]: reason``, never as a traceback.
"""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import FmkbError

app = typer.Typer(
    name="forcedmig-kb",
    help="Which figure in a text rests on which source, and whether that holds.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    violation = "violation"
    warning = "warning"
    info = "info"


STORE_HELP = ("Where the knowledge base lives: 'memory' (default), 'oxigraph:DIR' (on disk; reopened without "
              "reloading while it holds the same corpus) or 'sparql:QUERY_URL[|UPDATE_URL]' (a SPARQL 1.1 "
              "server; credentials in FMKB_STORE_USER / FMKB_STORE_PASSWORD). Default: FMKB_STORE.")


def _fail(exc: FmkbError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"forcedmig-kb {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """forcedmig-kb: a claim-and-figure provenance knowledge base."""


@app.command()
def check(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Data folders or .ttl/.bib files (default: ./data in a checkout, else the bundled chapter).")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file (atomically) instead of standard output.")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option(help="Lowest severity of an unreviewed finding that makes the check fail (default: warning).")] = None,
    store: Annotated[Optional[str], typer.Option(help=STORE_HELP)] = None,
) -> None:
    """Validate claims, citations and references; report what is wrong, where, and how to fix it."""
    from .checks import run_check
    from .loading import load_knowledge_base
    from .reporting import RENDERERS
    from .settings import Settings
    from .store import open_store

    overrides = {k: v for k, v in {"fail_on": fail_on.value if fail_on else None, "store": store}.items() if v is not None}
    settings = Settings(**overrides)
    started = time.perf_counter()
    try:
        kb = load_knowledge_base(paths or None, store=open_store(settings.store, settings=settings))
        report = run_check(kb, settings)
    except FmkbError as exc:  # input, store or query: the check could not run
        raise _fail(exc) from None
    text = RENDERERS[format.value](report)
    if output is not None:
        from .atomic import write_text_atomic

        write_text_atomic(output, text)
    else:
        sys.stdout.write(text)
    if format is Format.text and output is None:
        typer.echo(f"({time.perf_counter() - started:.2f} s)", err=True)
    raise typer.Exit(1 if report.fails(settings.fail_on) else 0)


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port to listen on (default 8000).")] = None,
    data: Annotated[Optional[Path], typer.Option(help="Data folder to serve (default: ./data in a checkout, else the bundled chapter).")] = None,
    store: Annotated[Optional[str], typer.Option(help=STORE_HELP)] = None,
) -> None:
    """Serve the knowledge base: SPARQL endpoint, research API and pages."""
    import uvicorn

    from .settings import Settings
    from .web.app import create_app

    overrides = {k: v for k, v in {"host": host, "port": port, "data_dir": data, "store": store}.items()
                 if v is not None}
    settings = Settings(**overrides)
    try:
        application = create_app(settings)
    except FmkbError as exc:
        raise _fail(exc) from None
    uvicorn.run(application, host=settings.host, port=settings.port, log_level="info")


def main() -> None:
    """Entry point of the console script."""
    app()


if __name__ == "__main__":
    main()
