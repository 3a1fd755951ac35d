"""The exception tree of forcedmig-kb.

Every error says what is wrong, where (file and line, or node, or query), and how to fix it::

    FmkbError                      anything this package raises on purpose
    ├── InputError                 a data file cannot be used        (check exits 2)
    │   ├── RdfSyntaxError         malformed Turtle / N-Triples / ...
    │   ├── BibtexError            malformed BibTeX, or an entry that lacks what it needs
    │   ├── SheetError             cells of a curation sheet that cannot be imported, every one
    │   │                          listed as SHEET:ROW: column 'value' ...; did you mean ...?
    │   ├── MissingInputError      a path that does not exist or holds nothing to load
    │   └── UnknownTextError       a text none of whose claims the knowledge base holds
    ├── StoreError                 the store cannot be opened or written
    └── QueryError                 a SPARQL query cannot be answered
        ├── QuerySyntaxError       the query does not parse              (HTTP 400)
        ├── QueryRefused           the query asks for what a read-only,
        │                          offline endpoint never does            (HTTP 400/403)
        ├── QueryTimeout           the query ran past its deadline       (HTTP 503)
        ├── QueryInterrupted       the worker running it ended before it
        │                          answered (killed, crashed)            (HTTP 503)
        ├── QueryTooLarge          the result passed the row cap, or the
        │                          query the worker's memory             (HTTP 413)
        └── ResultNotAcceptable    no result format the client accepts   (HTTP 406)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class FmkbError(Exception):
    """Base class of every error forcedmig-kb raises on purpose."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        if hint:
            self.hint = hint

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class InputError(FmkbError):
    """A data file cannot be used. Carries the file and, where known, the line and column."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str = "",
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.reason = message
        super().__init__(self._located(message), hint=hint)

    def _located(self, message: str) -> str:
        if self.path is None:
            return message
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {message}"


class RdfSyntaxError(InputError):
    """An RDF file does not parse."""

    hint = "fix the syntax at the line given; `riot --validate FILE` or an editor with Turtle support shows it too"


class BibtexError(InputError):
    """A BibTeX file does not parse, or an entry lacks a field the knowledge base needs."""

    hint = "every entry needs a key, an author (or {Corporate Author}), a year and a title"


@dataclass(frozen=True, slots=True)
class SheetProblem:
    """One cell of a curation sheet that cannot be imported: where, which column, what is wrong."""

    path: Path | None
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.path is not None else f"row {self.line}"
        return f"{where}: {self.message}"


class SheetError(InputError):
    """A curation sheet with cells that cannot be imported; ``problems`` lists every one."""

    hint = "fix the cells named and import again; nothing was written"

    def __init__(self, problems: list[SheetProblem]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else None
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(
            f"{len(self.problems)} cell(s) cannot be imported:\n{lines}",
            path=None,
            line=first.line if first else None,
        )


class MissingInputError(InputError):
    """A path that does not exist, or a directory with nothing to load."""

    hint = "give a directory with .ttl and .bib files, or the files themselves"


class UnknownTextError(InputError):
    """A text (given to ``coverage`` or ``check --text``) that no document of the knowledge base is:
    its claims are not loaded, or not made yet."""


class StoreError(FmkbError):
    """The store cannot be opened, read or written."""


class QueryError(FmkbError):
    """A SPARQL query cannot be answered."""


class QuerySyntaxError(QueryError):
    """The query does not parse; the message is the parser's."""


class QueryRefused(QueryError):
    """The query asks for something a read-only, offline endpoint never does (update, SERVICE, LOAD, a foreign dataset)."""


class QueryTimeout(QueryError):
    """The query ran past its deadline and was stopped."""


class QueryInterrupted(QueryError):
    """The worker process running the query ended before it answered; the pool replaces it."""


class QueryTooLarge(QueryError):
    """The result has more rows than the cap allows, or the query needs more memory than a worker has."""


class ResultNotAcceptable(QueryError):
    """The client accepts none of the formats this kind of result can be written in."""

    def __init__(self, message: str, *, offered: Iterable[str] = (), hint: str = "") -> None:
        self.offered = list(offered)
        super().__init__(
            message,
            hint=hint or ("send an Accept header with one of: " + ", ".join(self.offered) if self.offered else ""),
        )
