"""The ``forcedmig-kb`` command.

Exit codes (as pySHACL's): 0 when the check is clean, 1 when it found problems, 2 when it
could not run (unreadable or malformed input, bad arguments). A malformed file is reported
as ``FILE:LINE[:COLUMN]: reason``, never as a traceback.
"""

from __future__ import annotations

import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, TypedDict

import typer

from . import __version__
from .errors import FmkbError, InputError

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
    junit = "junit"
    sarif = "sarif"
    github = "github"


class DraftFormat(str, Enum):
    turtle = "turtle"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class _Overrides(TypedDict, total=False):
    """Settings given on the command line: only those given override the environment and defaults."""

    fail_on: str
    stale_after_years: int
    store: str
    host: str
    port: int
    data_dir: Path


class FailOn(str, Enum):
    violation = "violation"
    warning = "warning"
    info = "info"


STORE_HELP = (
    "Where the knowledge base lives: 'memory' (default), 'oxigraph:DIR' (on disk; reopened without "
    "reloading while it holds the same corpus) or 'sparql:QUERY_URL[|UPDATE_URL[|GSP_URL]]' (a SPARQL 1.1 "
    "server, likewise not reloaded while it holds the same corpus; credentials in FMKB_STORE_USER / "
    "FMKB_STORE_PASSWORD). Default: FMKB_STORE."
)


def _fail(exc: FmkbError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2)


def _not_an_input(output: Path | None, inputs: list[Path]) -> None:
    """Refuse to write ``output`` over one of the files the command reads (exit 2): a report or
    draft written over a data file would destroy it, however atomically."""
    if output is None:
        return
    target = output.resolve()
    for path in inputs:
        if path.resolve() == target:
            raise _fail(InputError("the output would overwrite an input file; write it elsewhere", path=output))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"forcedmig-kb {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """forcedmig-kb: a claim-and-figure provenance knowledge base."""


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Data folders or .ttl/.bib files (default: ./data in a checkout, else the bundled chapter)."
        ),
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file (atomically) instead of standard output."),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(help="Lowest severity of an unreviewed finding that makes the check fail (default: warning)."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Ignore the reviews recorded in the data: every finding counts.")
    ] = False,
    stale_after: Annotated[
        int | None, typer.Option(min=0, help="Years after which a figure presented as current is stale (default 5).")
    ] = None,
    text: Annotated[
        Path | None,
        typer.Option(
            "--text",
            help="The text the knowledge base is about: also report its figures that no claim holds, and claims whose quote is not in it.",
        ),
    ] = None,
    store: Annotated[str | None, typer.Option(help=STORE_HELP)] = None,
    changed: Annotated[
        bool,
        typer.Option(
            "--changed", help="Validate only the nodes an edit since --base touched (git), and what depends on them."
        ),
    ] = False,
    base: Annotated[str, typer.Option(help="The git revision --changed compares with.")] = "HEAD",
    focus: Annotated[
        list[str] | None,
        typer.Option(
            "--focus",
            help="Validate only this node (an IRI or prefixed name such as claim:dw2019-refugees) and what depends on it; repeatable.",
        ),
    ] = None,
) -> None:
    """Validate claims, citations and references; report what is wrong, where, and how to fix it."""
    from .checks import Report, run_check
    from .loading import load_knowledge_base
    from .settings import Settings
    from .store import open_store

    overrides: _Overrides = {}
    if fail_on:
        overrides["fail_on"] = fail_on.value
    if stale_after is not None:
        overrides["stale_after_years"] = stale_after
    if store is not None:
        overrides["store"] = store
    settings = Settings(**overrides)
    started = time.perf_counter()
    try:
        opened = open_store(settings.store, settings=settings)
        cache_key = None
        if settings.check_cache and opened.location is None and not opened.remote and not (changed or focus or text):
            # a full check of a corpus in memory: answered from the cache when its files have not changed
            from .checks.saved_report import load_cached_report, report_key
            from .loading import corpus_files

            rdf_files, bib_files = corpus_files(paths or None)
            _not_an_input(output, [*rdf_files, *bib_files])
            cache_key = report_key(rdf_files, bib_files, settings, strict=strict)
            cached = load_cached_report(settings, cache_key, [*rdf_files, *bib_files])
            if cached is not None:
                _finish(cached, format, output, settings, started)
        kb = load_knowledge_base(paths or None, store=opened)
        if _ending_process and kb.store.location is None and not kb.store.remote:
            _left_to_the_os.append(kb)  # freed by the process's end, not object by object (see main)
        kb.store.reopen_read_only()  # the check only reads; an on-disk store is then shared by its processes
        _not_an_input(output, [*kb.rdf_files, *kb.bib_files, *([text] if text else [])])
        nodes = None
        if changed or focus:
            from .changes import changed_nodes
            from .namespaces import expand_curie

            nodes = {expand_curie(name) for name in focus or []}
            if changed:
                nodes |= changed_nodes([*kb.rdf_files, *kb.bib_files], base)
        covered = []
        if text is not None:  # the text's coverage: findings that reviews in the data may accept too
            from .coverage import coverage_findings, read_text

            covered = coverage_findings(kb, read_text(text), text)
        report = run_check(kb, settings, strict=strict, focus=nodes, also=covered)
        if cache_key is not None:
            from .checks.saved_report import save_cached_report

            save_cached_report(settings, cache_key, report)
        if nodes is None and not strict and (kb.store.location is not None or kb.store.remote):
            # a full check: saved beside an on-disk store for `serve` (in memory: cached above)
            from .checks.saved_report import save_report

            text_only = {id(f) for f in covered}
            save_report(
                kb,
                settings,
                Report(
                    [f for f in report.findings if id(f) not in text_only], checked=report.checked, files=report.files
                ),
            )
        if text is not None:
            report = Report(report.findings, checked=report.checked, files=[*report.files, text])
    except FmkbError as exc:  # input, store or query: the check could not run
        raise _fail(exc) from None
    _finish(report, format, output, settings, started)


def _finish(report, format: Format, output: Path | None, settings, started: float) -> None:
    """Write the check's report and end with its exit code."""
    from .reporting import RENDERERS

    rendered = RENDERERS[format.value](report)
    if output is not None:
        from .atomic import write_text_atomic

        write_text_atomic(output, rendered)
    else:
        sys.stdout.write(rendered)
    if format is Format.text and output is None:
        typer.echo(f"({time.perf_counter() - started:.2f} s)", err=True)
    raise typer.Exit(1 if report.fails(settings.fail_on) else 0)


@app.command()
def audit(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Data folders or .ttl/.bib files (default: ./data).")
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The Markdown file to write (atomically).")] = Path(
        "docs/audit.md"
    ),
) -> None:
    """Write the text's audit: every finding with its evidence and an erratum list for the author."""
    from .atomic import write_text_atomic
    from .audit import render_audit
    from .checks import run_check
    from .loading import load_knowledge_base
    from .settings import Settings

    try:
        kb = load_knowledge_base(paths or None)
    except InputError as exc:
        raise _fail(exc) from None
    _not_an_input(output, [*kb.rdf_files, *kb.bib_files])
    report = run_check(kb, Settings())
    write_text_atomic(output, render_audit(kb, report))
    typer.echo(f"wrote {output}: {len(report)} findings ({len(report) - len(report.active())} reviewed)", err=True)


@app.command()
def extract(
    text: Annotated[Path, typer.Argument(help="A plain-text or Markdown document.")],
    bib: Annotated[
        Path | None,
        typer.Option(
            "--bib", help="Resolve citations against this BibTeX file instead of the text's own reference list."
        ),
    ] = None,
    format: Annotated[
        DraftFormat,
        typer.Option(
            "--format",
            "-f",
            help="turtle, or json (JSON-LD): both load with `check`; csv or xlsx: a curation sheet to review "
            "and bring in with `import` (docs/curation.md).",
        ),
    ] = DraftFormat.turtle,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the drafts to this file (atomically) instead of standard output."),
    ] = None,
    doc_id: Annotated[
        str | None, typer.Option("--id", help="Document id, the prefix of the drafts' IRIs (default: the file's name).")
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="The document's title (default: the title the text prints).")
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="The document's year (default: the year the text's front matter states).")
    ] = None,
) -> None:
    """Draft the claims of a text: its figures, their citations and its reference list, as RDF or a sheet to review."""
    from .atomic import write_bytes_atomic, write_text_atomic
    from .extraction.drafting import extract_file
    from .extraction.graph import serialize

    _not_an_input(output, [text, *([bib] if bib else [])])
    if format is DraftFormat.xlsx and output is None:
        raise _fail(InputError("an .xlsx sheet is written to a file: give -o SHEET.xlsx"))
    try:
        ex = extract_file(text, bib=bib, doc_id=doc_id, title=title, year=year)
        if format in (DraftFormat.csv, DraftFormat.xlsx):
            from .curation.sheet import draft_rows, write_csv, write_xlsx

            rows = draft_rows(ex)
            if format is DraftFormat.xlsx:
                assert output is not None
                write_bytes_atomic(output, write_xlsx(rows))
                data = None
            else:
                data = write_csv(rows)
        else:
            data = serialize(ex, format.value, source_name=text.name)
    except InputError as exc:
        raise _fail(exc) from None
    if data is not None and output is not None:
        write_text_atomic(output, data)
    elif data is not None:
        sys.stdout.write(data)
    for line, entry in ex.not_understood:
        typer.echo(f"{text}:{line}: warning: not a reference-list entry, left out: {entry[:60]}", err=True)
    if ex.document.year is None:
        typer.echo(
            f"{text}: warning: no year of publication found (a dated title page or front matter 'date:'); "
            "give --year, or the check cannot judge the figures' periods against the text",
            err=True,
        )
    events = sum(d.kind == "event" for d in ex.drafts)
    figures = [d for d in ex.drafts if d.kind == "quantity"]
    own = sum(d.role == "ownResult" for d in figures)
    hypothetical = sum(d.role == "hypothetical" for d in figures)
    uncited = sum(d.citation is None and not d.attributed and d.role == "sourced" for d in ex.drafts)
    attributed = sum(d.citation is None and bool(d.attributed) for d in ex.drafts)
    source = "its own reference list and notes" if ex.references_from_text else str(bib)
    tables = f"; {ex.document.tables} tables left out" if ex.document.tables else ""
    typer.echo(
        f"{len(ex.drafts)} draft claims ({len(figures)} figures: {own} the text's own results, "
        f"{hypothetical} hypothetical; {events} dated events; {attributed} attributed in prose, "
        f"{uncited} uncited), {len(ex.citations)} in-text citations, {len(ex.references)} references "
        f"from {source}{tables}.",
        err=True,
    )


@app.command("import")
def import_(
    sheet: Annotated[
        Path, typer.Argument(help="The reviewed curation sheet (.csv or .xlsx) of `extract --format csv`.")
    ],
    text: Annotated[Path, typer.Option("--text", help="The text the sheet was extracted from.")],
    into: Annotated[
        Path, typer.Option("--into", help="The text's folder of the knowledge base: data/texts/<document id>.")
    ],
    bib: Annotated[Path | None, typer.Option("--bib", help="The BibTeX file given to `extract --bib`, if any.")] = None,
    doc_id: Annotated[
        str | None, typer.Option("--id", help="Document id, as given to `extract --id` (default: the file's name).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="The document's title, as given to `extract`.")] = None,
    year: Annotated[int | None, typer.Option(help="The document's year, as given to `extract`.")] = None,
    data: Annotated[
        Path | None,
        typer.Option(
            help="The knowledge base the folder belongs to, whose reference lists' keys are reused for the same "
            "works (default: DATA when the folder is DATA/texts/<id>)."
        ),
    ] = None,
) -> None:
    """Bring a reviewed sheet into the knowledge base: the kept rows as claims, the reference list, reviews.

    Every cell is checked first (units, hedges, topics, numbers, periods, quotes against the text);
    all problems are listed by row and column and nothing is written (exit 2). A second import
    merges with the sheet the first left in the folder: ids stay, reviewed rows stay.
    """
    from .curation.importing import import_sheet
    from .extraction.drafting import extract_file

    _not_an_input(into / "sheet.csv", [text])
    started = time.perf_counter()
    try:
        ex = extract_file(text, bib=bib, doc_id=doc_id, title=title, year=year)
        done = import_sheet(sheet, ex, text, into, data=data)
    except FmkbError as exc:
        raise _fail(exc) from None
    for notice in done.notices:
        typer.echo(f"{into}: notice: {notice}", err=True)
    typer.echo(
        f"wrote {into}: {done.claims} claims from {done.rows} rows ({done.kept_from_before} reviewed rows kept as they "
        f"were), {done.references} references ({time.perf_counter() - started:.2f} s). "
        f"Next: forcedmig-kb check {into}",
        err=True,
    )


@app.command()
def coverage(
    text: Annotated[Path, typer.Argument(help="The plain-text or Markdown document the knowledge base is about.")],
    data: Annotated[
        Path | None,
        typer.Option(
            help="Data folder holding the text's claims (default: ./data in a checkout, else the bundled chapter)."
        ),
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
) -> None:
    """List the numbers of the text that no claim holds, and the claims whose quote is no longer in the text.

    The text must be a document of the knowledge base (its claims' quotes or its title are in
    it): otherwise coverage exits 2 and says how to load or make its claims. Exit 1 when it
    lists anything, 0 when every number is held and every quote found.
    """
    from .checks import Report
    from .coverage import coverage_findings, read_text
    from .loading import load_knowledge_base
    from .reporting import RENDERERS

    try:
        kb = load_knowledge_base([data] if data else None)
        report = Report(coverage_findings(kb, read_text(text), text), checked=dict(kb.counts), files=[text])
    except FmkbError as exc:  # unreadable input, or a text the knowledge base does not hold
        raise _fail(exc) from None
    sys.stdout.write(RENDERERS[format.value](report))
    raise typer.Exit(1 if len(report) else 0)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default 8000).")] = None,
    data: Annotated[
        Path | None,
        typer.Option(help="Data folder to serve (default: ./data in a checkout, else the bundled chapter)."),
    ] = None,
    store: Annotated[str | None, typer.Option(help=STORE_HELP)] = None,
) -> None:
    """Serve the knowledge base: SPARQL endpoint, research API and pages."""
    import uvicorn

    from .settings import Settings
    from .web.app import create_app

    overrides: _Overrides = {}
    if host is not None:
        overrides["host"] = host
    if port is not None:
        overrides["port"] = port
    if data is not None:
        overrides["data_dir"] = data
    if store is not None:
        overrides["store"] = store
    settings = Settings(**overrides)
    try:
        application = create_app(settings)
    except FmkbError as exc:
        raise _fail(exc) from None
    from .web.serving import uvicorn_options

    # httptools (with the head limits of web/serving.py) and uvloop, a dependency, picked up by uvicorn.
    uvicorn.run(application, **uvicorn_options(settings))


#: Set by :func:`main`: this process ends when the command does (not so under a test's runner).
_ending_process = False
#: What a command leaves for the process's end to drop: a `check`'s store in memory.
_left_to_the_os: list[object] = []


def main() -> None:
    """Entry point of the console script.

    After a ``check`` of a store in memory the process ends at once, its output flushed
    (``os._exit``), instead of freeing the store quad by quad on the way out: 2.5 s of a cold
    check of 100,000 claims (docs/performance.md). Nothing else is left to do by then: the
    report is written, the cache saved, the threads joined.
    """
    global _ending_process
    _ending_process = True
    try:
        app()
    except SystemExit as done:
        if not _left_to_the_os or not (done.code is None or isinstance(done.code, int)):
            raise
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(done.code or 0)


if __name__ == "__main__":
    main()
