"""The corpus's files: which they are, the graph each goes into, and parsing them.

A corpus is a folder or a list of files: RDF data files (``*.ttl`` and the other suffixes of
:data:`RDF_SUFFIXES`) and BibTeX reference lists (``*.bib``). A folder gives the files of its top
level (the chapter: ``data/claims.ttl``, ``data/references.bib``, ``data/reviews.ttl``) and those
of each text's folder ``texts/<document id>/`` beside them (one level, no deeper). Each data file
is parsed by Oxigraph into a named graph of its own (:func:`file_graph`); a TriG or N-Quads file
names its own graphs. The files are only ever read.

A text's folder is a text's own: its citations are matched against its own reference list
(:func:`read_reference_lists`), and a BibTeX key it shares with another text names the same
work, one source node for all of them.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from ..bibtex import Reference, read_bibtex
from ..errors import BibtexError, MissingInputError, RdfSyntaxError
from ..namespaces import DOC, GRAPH
from ..resources import default_data_dir, ontology_dir

RDF_SUFFIXES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".trig": "application/trig",
    ".nq": "application/n-quads",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
}
#: The files that name their own graphs (the others go into a graph of their own).
DATASET_SUFFIXES = (".trig", ".nq")
#: The sub-folder of a data folder that holds one folder per further text (``texts/<document id>/``).
TEXTS = "texts"


def corpus_files(paths: Iterable[Path | str] | None) -> tuple[list[Path], list[Path]]:
    """The RDF and BibTeX files of the given files and folders (a folder: its top level, then
    each ``texts/<document id>/`` folder's top level, in the order of the ids)."""
    chosen = [Path(p) for p in paths] if paths else [default_data_dir()]
    rdf, bib = [], []
    for p in chosen:
        if p.is_dir():
            for folder in [p, *_text_folders(p)]:
                found = _files_of(folder)
                rdf += [q for q in found if q.suffix in RDF_SUFFIXES]
                bib += [q for q in found if q.suffix == ".bib"]
        elif p.is_file():
            if p.suffix == ".bib":
                bib.append(p)
            elif p.suffix in RDF_SUFFIXES:
                rdf.append(p)
            else:
                raise MissingInputError(f"not a data file (expected .ttl or .bib): {p.suffix or 'no suffix'}", path=p)
        else:
            raise MissingInputError("no such file or folder", path=p)
    if not rdf and not bib:
        raise MissingInputError("no .ttl or .bib file to load", path=chosen[0])
    return rdf, bib


def _files_of(folder: Path) -> list[Path]:
    """The files of a folder's top level, by name (scandir: a folder of 5,000 files is listed
    without a stat per file)."""
    with os.scandir(folder) as entries:
        return [folder / name for name in sorted(e.name for e in entries if e.is_file())]


def _text_folders(folder: Path) -> list[Path]:
    """The folders of the texts under ``folder/texts/``, by document id."""
    texts = folder / TEXTS
    if not texts.is_dir():
        return []
    with os.scandir(texts) as entries:
        return [texts / name for name in sorted(e.name for e in entries if e.is_dir() and not e.name.startswith("."))]


def text_of(path: Path) -> str | None:
    """The document id of the text whose folder holds ``path`` (``texts/<document id>/<file>``),
    or ``None`` for a file outside a text's folder (the chapter's, a flat corpus's).

    >>> text_of(Path("data/texts/smith-2020/claims.ttl")), text_of(Path("data/claims.ttl"))
    ('smith-2020', None)
    """
    return path.parent.name if path.parent.parent.name == TEXTS else None


def vocabulary_files() -> list[Path]:
    """The ontology and its concept schemes."""
    return sorted(ontology_dir().glob("*.ttl"))


def file_graph(path: Path) -> str:
    """The named graph that holds one data file: ``graph/file/<name>``, and for a file of a
    text's folder ``graph/file/texts/<document id>/<name>`` (every text has its ``claims.ttl``).

    >>> file_graph(Path("data/texts/smith-2020/claims.ttl")).endswith("graph/file/texts/smith-2020/claims.ttl")
    True
    """
    text = text_of(path)
    return GRAPH["file/" + path.name if text is None else f"file/{TEXTS}/{text}/{path.name}"]


def read_references(bib_files: list[Path]) -> list[Reference]:
    """The sources of the BibTeX files, one per key (see :func:`read_reference_lists`)."""
    return read_reference_lists(bib_files)[0]


def read_reference_lists(bib_files: list[Path]) -> tuple[list[Reference], dict[str, list[Reference]]]:
    """The sources of the BibTeX files, one per key, in file order; and each text folder's own
    reference list, by the IRI of its document (``doc:<document id>``), to match its citations.

    Within one reference list (a text's folder, or the files outside any text's folder) a key
    used twice is a :class:`BibtexError`. Across texts a key names one work: the entries must
    agree on authors, year and title, else a :class:`BibtexError` names both places; the first
    entry read is the source's node (its publisher, pages, note...).
    """
    references: list[Reference] = []
    by_text: dict[str, list[Reference]] = {}
    seen: dict[tuple[str | None, str], Reference] = {}  # (text, key) -> entry
    sources: dict[str, Reference] = {}  # key -> the first entry
    for path in bib_files:
        text = text_of(path)
        own = by_text.setdefault(DOC[text], []) if text is not None else None
        for ref in read_bibtex(path):
            first = seen.get((text, ref.key))
            if first is not None:
                raise BibtexError(
                    f"entry key {ref.key!r} is also used at {first.path}:{first.line}", path=path, line=ref.line
                )
            seen[text, ref.key] = ref
            if own is not None:
                own.append(ref)
            source = sources.get(ref.key)
            if source is None:
                sources[ref.key] = ref
                references.append(ref)
                continue
            differs = _differs(source, ref)
            if differs:
                raise BibtexError(
                    f"entry key {ref.key!r} names one work in every text, but {source.path}:{source.line} gives "
                    f"another {differs}",
                    path=path,
                    line=ref.line,
                    hint="if it is the same work, make the entries agree; if not, give this one a key of its own "
                    "(and change the claims' prov:hadPrimarySource to it)",
                )
    return references, by_text


def _differs(first: Reference, other: Reference) -> str:
    """What two entries of one key say differently of authors, year and title ('' if nothing)."""

    def norm(text: str) -> str:
        return " ".join(text.casefold().split())

    def authors(ref: Reference) -> list[str]:
        return [norm(" ".join(p for p in (a.von, a.family) if p)) for a in ref.authors]

    if authors(first) != authors(other):
        return f"author: {'; '.join(a.display for a in first.authors)!r} there, {'; '.join(a.display for a in other.authors)!r} here"
    if first.year != other.year:
        return f"year: {first.year} there, {other.year} here"
    if norm(first.title) != norm(other.title):
        return f"title: {first.title!r} there, {other.title!r} here"
    return ""


def file_stat(path: Path | str) -> list[int]:
    """A file's size and modification time (ns): what tells that it may have changed."""
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns]


def load_rdf_file(native: ox.Store, path: Path, graph: str) -> None:
    """Parse one RDF file straight into ``graph`` of a pyoxigraph store (a dataset file keeps its
    own graphs); :class:`RdfSyntaxError` with file, line and column on error.

    The parse happens in Oxigraph, never as Python objects. (A fresh on-disk store takes all its
    files at once: :func:`bulk_load_files`.)
    """
    fmt, target = _format_and_graph(path, graph)
    _check_utf8(path)  # Oxigraph skips comments unchecked; a data file must be UTF-8 throughout
    try:
        native.load(path=str(path), format=fmt, base_iri=path.resolve().as_uri(), to_graph=target)
    except (OSError, SyntaxError) as exc:
        raise _input_error(exc, path) from exc


def bulk_load_files(
    native: ox.Store, files: list[tuple[Path, str]], advance: Callable[[int], None] | None = None
) -> None:
    """Load RDF files (each with its graph, as :func:`load_rdf_file`) into a fresh on-disk store
    with one call of Oxigraph's bulk loader for all of them (``advance(bytes)`` after each file).

    One call for all files writes a few large sorted files (SST) where a call per file writes
    at least two small ones per file, which RocksDB then opens on every start
    (docs/performance.md). The files are still parsed by Oxigraph, each as its own document (its
    blank nodes its own); the loader takes the quads as they come, so a file is never held whole.
    """

    def quads():
        for path, graph in files:
            fmt, target = _format_and_graph(path, graph)
            _check_utf8(path)
            try:
                parsed = ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
                if target is None:
                    yield from parsed
                else:
                    for q in parsed:
                        yield ox.Quad(q.subject, q.predicate, q.object, target)
            except (OSError, SyntaxError) as exc:
                raise _input_error(exc, path) from exc
            if advance is not None:
                advance(path.stat().st_size)

    native.bulk_extend(quads())


def _format_and_graph(path: Path, graph: str) -> tuple[ox.RdfFormat, ox.NamedNode | None]:
    fmt = ox.RdfFormat.from_media_type(RDF_SUFFIXES[path.suffix])
    assert fmt is not None  # every media type of RDF_SUFFIXES is one Oxigraph knows
    # TriG and N-Quads name their graphs; everything else (JSON-LD included) goes into the file's graph
    return fmt, None if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS) else ox.NamedNode(graph)


def _input_error(exc: OSError | SyntaxError, path: Path) -> RdfSyntaxError:
    """The error of Oxigraph's parser as :class:`RdfSyntaxError`, with the file, line and column."""
    if isinstance(exc, OSError):
        return RdfSyntaxError(f"cannot read: {exc.strerror or exc}", path=path)
    reason = str(exc.msg)
    if reason.startswith("Parser error") and ": " in reason:
        reason = reason.split(": ", 1)[1]
    reason = re.sub(r"\s*\([^()]*, line \d+\)$", "", reason)
    if "Invalid UTF-8" in reason:
        reason = "not UTF-8 text"
    return RdfSyntaxError(reason, path=path, line=exc.lineno, column=exc.offset)


def _check_utf8(path: Path, chunk: int = 1 << 24) -> None:
    """:class:`RdfSyntaxError` with the line of the first byte that is not UTF-8 (read in chunks)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    try:
        with path.open("rb") as handle:
            while block := handle.read(chunk):
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as exc:
                    raise RdfSyntaxError(
                        "not UTF-8 text", path=path, line=lines + block[: max(exc.start, 0)].count(b"\n")
                    ) from exc
                lines += block.count(b"\n")
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise RdfSyntaxError("not UTF-8 text (it ends inside a character)", path=path, line=lines) from exc
    except OSError as exc:
        raise RdfSyntaxError(f"cannot read: {exc.strerror or exc}", path=path) from exc
