"""Progress bars for long commands, on standard error, only when it is a terminal.

Drawn with rich, and only on a terminal, so that CI logs and pipes stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_active = False  # rich draws one live display at a time: a bar inside a bar stays silent


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A context giving ``advance(n)``; draws a bar on a terminal, nothing otherwise.

    ``total=None`` counts without a known end. The library's long steps (loading a corpus,
    matching its citations, the full check) draw their own bars, so ``check`` and ``serve`` show
    where they are; pipes, CI logs and the tests get nothing.
    """
    global _active
    if _active or not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    _active = True
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        ) as bar:
            task = bar.add_task(description, total=total)
            yield lambda n: bar.advance(task, n)
    finally:
        _active = False
