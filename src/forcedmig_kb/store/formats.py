"""RDF and SPARQL results formats: media types, and writing results as every store writes them.

Both adapters parse and serialise through pyoxigraph: media types map to its formats
(:func:`rdf_format`, :func:`results_format`), a graph or a table is written by
:func:`write_graph` and :func:`write_results` (with the row cap of the SPARQL endpoint), and
pyoxigraph's terms convert to and from the protocol's :class:`~forcedmig_kb.store.protocol.Term`.

>>> rdf_format("text/turtle; charset=utf-8").name
'Turtle'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import IO, cast

import pyoxigraph as ox

from ..errors import QueryTooLarge, ResultNotAcceptable, StoreError
from ..namespaces import PREFIXES
from .protocol import Term


def rdf_format(media_type: str) -> ox.RdfFormat:
    """The pyoxigraph format of a media type (parameters such as ``charset`` ignored)."""
    base = media_type.split(";")[0].strip().lower()
    aliases = {
        "turtle": "text/turtle",
        "ttl": "text/turtle",
        "nt": "application/n-triples",
        "ntriples": "application/n-triples",
        "nq": "application/n-quads",
        "trig": "application/trig",
        "xml": "application/rdf+xml",
        "rdfxml": "application/rdf+xml",
        "jsonld": "application/ld+json",
        "application/x-turtle": "text/turtle",
        "text/plain": "application/n-triples",
    }
    fmt = ox.RdfFormat.from_media_type(aliases.get(base, base))
    if fmt is None:
        raise StoreError(f"unsupported RDF media type {media_type!r}")
    return fmt


def results_format(media_type: str) -> ox.QueryResultsFormat | None:
    """The pyoxigraph SPARQL results format of a media type, or ``None``.

    >>> results_format("application/sparql-results+json; charset=utf-8").name
    'SPARQL Results in JSON'
    """
    return ox.QueryResultsFormat.from_media_type(media_type.split(";")[0].strip().lower())


def term_of(node: object) -> Term:
    """A pyoxigraph term as a protocol :class:`Term`."""
    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.Literal):
        lang = node.language
        return Term("literal", node.value, None if lang else node.datatype.value, lang)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Triple):
        return Term("triple", str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def ox_term(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A protocol :class:`Term` as a pyoxigraph term."""
    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


def write_graph(triples: Iterable[ox.Triple], media_type: str, max_rows: int | None = None) -> bytes:
    """A graph (a CONSTRUCT's or DESCRIBE's result, a merged dump) written in ``media_type``, as
    every store writes it: each triple once, grouped by subject with blank nodes last, so that
    Turtle and RDF/XML come out readable, and with the knowledge base's prefixes.

    >>> a = ox.Triple(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/p"), ox.Literal("1"))
    >>> write_graph([a, a], "application/n-triples")
    b'<http://ex/a> <http://ex/p> "1" .\\n'
    """
    fmt = rdf_format_or_none(media_type)
    if fmt is None:
        raise ResultNotAcceptable(f"a CONSTRUCT or DESCRIBE result cannot be written as {media_type}")
    try:
        unique = list(dict.fromkeys(triples if max_rows is None else _capped(triples, max_rows)))
    except _RowCapExceeded:
        raise _too_large(max_rows or 0) from None
    unique.sort(key=lambda t: (isinstance(t.subject, ox.BlankNode), str(t.subject)))
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
    # pyoxigraph's stubs say ``bytes | None`` for every ``serialize``: it is ``bytes`` when no output is given
    return cast(bytes, ox.serialize(unique, format=fmt, prefixes=prefixes))


def write_results(
    result: ox.QuerySolutions | ox.QueryBoolean,
    media_type: str,
    max_rows: int | None = None,
    again: Callable[[], ox.QuerySolutions] | None = None,
) -> bytes:
    """A SELECT's or ASK's result written in a SPARQL results format, as every store writes it.

    ``again`` gives the same solutions anew (the query evaluated again): with it, a result in
    JSON or XML well under ``max_rows`` is written once, in its own format (:func:`_capped_solutions`).
    """
    fmt = results_format(media_type)
    if fmt is None:
        raise ResultNotAcceptable(f"a SELECT or ASK result cannot be written as {media_type}")
    if isinstance(result, ox.QueryBoolean) or max_rows is None:
        return cast(bytes, result.serialize(format=fmt))
    mark = _SOLUTION_MARKS.get(fmt)
    if again is not None and mark is not None:
        counter = _MarkCounter(mark, max_rows)
        if _serialize(result, counter, fmt):
            return b"".join(counter.chunks)
        result = again()  # near or past the cap: counted exactly, as below
    return _capped_solutions(result, fmt, max_rows)


def rdf_format_or_none(media_type: str) -> ox.RdfFormat | None:
    """The RDF format of a media type, or ``None`` (a SPARQL results format, or none at all)."""
    try:
        return rdf_format(media_type)
    except StoreError:
        return None


class _RowCapExceeded(Exception):
    pass


def _too_large(max_rows: int) -> QueryTooLarge:
    return QueryTooLarge(
        f"the result has more than {max_rows} rows",
        hint=f"add LIMIT {max_rows} (with OFFSET to page through), or narrow the query",
    )


def _capped(triples: Iterable[ox.Triple], max_rows: int) -> Iterator[ox.Triple]:
    for i, triple in enumerate(triples):
        if i >= max_rows:
            raise _RowCapExceeded()
        yield triple


#: A byte string a results format writes between two solutions (JSON) or before each (XML), and
#: otherwise only inside a literal (a JSON string may hold it; XML escapes the ``<``): so its count
#: plus one bounds the number of solutions from above.
_SOLUTION_MARKS = {ox.QueryResultsFormat.JSON: b"},{", ox.QueryResultsFormat.XML: b"<result>"}


class _MarkCounter:
    """A binary writer that counts ``mark`` (across chunks) and stops the serialiser once the
    solutions it bounds might number more than ``max_rows``."""

    def __init__(self, mark: bytes, max_rows: int) -> None:
        self.mark = mark
        self.limit = max_rows - 1  # marks: at most one fewer than the rows, or as many (XML)
        self.count = 0
        self.tail = b""
        self.chunks: list[bytes] = []

    def write(self, chunk: bytes) -> int:
        data = bytes(chunk)
        self.count += (self.tail + data[: len(self.mark) - 1]).count(self.mark) + data.count(self.mark)
        if self.count > self.limit:
            raise _RowCapExceeded()
        keep = len(self.mark) - 1  # the end of a mark that may go on in the next chunk
        self.tail = data[-keep:] if len(data) >= keep else (self.tail + data)[-keep:]
        self.chunks.append(data)
        return len(chunk)

    def flush(self) -> None:
        pass


def _serialize(result: ox.QuerySolutions, writer: _MarkCounter, fmt: ox.QueryResultsFormat) -> bool:
    """Write ``result`` into ``writer``; False if the writer stopped it."""
    try:
        # the stubs ask for an IO[bytes], but pyoxigraph only calls ``write`` (and ``flush``)
        result.serialize(cast(IO[bytes], writer), format=fmt)
    except _RowCapExceeded:
        return False
    except (OSError, ValueError) as exc:  # pyoxigraph wraps exceptions raised by the writer
        if isinstance(exc.__cause__ or exc.__context__, _RowCapExceeded) or writer.count > writer.limit:
            return False
        raise
    return True


class _LineCounter:
    """A binary writer that stops the serialiser once more than ``limit`` lines were written."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lines = 0
        self.chunks: list[bytes] = []

    def write(self, chunk: bytes) -> int:
        self.lines += chunk.count(b"\n")
        if self.lines > self.limit:
            raise _RowCapExceeded()
        self.chunks.append(bytes(chunk))
        return len(chunk)

    def flush(self) -> None:
        pass


def _capped_solutions(result: ox.QuerySolutions, fmt: ox.QueryResultsFormat, max_rows: int) -> bytes:
    """Serialise at most ``max_rows`` solutions, in one evaluation.

    The solutions are first written as TSV, which has exactly one line per solution (plus the
    header), so the writer can count rows and stop the work as soon as the cap is passed; the
    TSV is then re-read and written in the wanted format, all inside Oxigraph.
    """
    counter = _LineCounter(max_rows + 1)
    try:
        # the stubs ask for an IO[bytes], but pyoxigraph only calls ``write`` (and ``flush``)
        result.serialize(cast(IO[bytes], counter), format=ox.QueryResultsFormat.TSV)
    except _RowCapExceeded:
        raise _too_large(max_rows) from None
    except (OSError, ValueError) as exc:  # pyoxigraph wraps exceptions raised by the writer
        if isinstance(exc.__cause__ or exc.__context__, _RowCapExceeded) or counter.lines > counter.limit:
            raise _too_large(max_rows) from None
        raise
    tsv = b"".join(counter.chunks)
    if fmt == ox.QueryResultsFormat.TSV:
        return tsv
    return cast(bytes, ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt))


def syntax_reason(exc: SyntaxError) -> str:
    """pyoxigraph's message without its own location prefix (the error carries the location)."""
    text = exc.msg if isinstance(exc.msg, str) else str(exc)
    if text.startswith("Parser error") and ": " in text:
        return text.split(": ", 1)[1]
    return text
