"""The embedded default store: pyoxigraph, in memory or in an on-disk directory.

The default graph of every query is the union of the named graphs. (Why pyoxigraph and not
rdflib's memory store: docs/performance.md.)

>>> s = OxigraphStore()
>>> s.load(b"<http://ex/a> <http://ex/b> 1 .", format="text/turtle", graph="http://ex/g")
>>> s.select("SELECT ?o WHERE { ?s ?p ?o }").records()
[{'o': 1}]
>>> len(s), s.named_graphs()
(1, ['http://ex/g'])
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from ..errors import QuerySyntaxError, RdfSyntaxError, StoreError
from . import ondisk
from .formats import rdf_format, syntax_reason, term_of, write_graph, write_results
from .protocol import Table, Term, Triple


class OxigraphStore:
    """A :class:`~forcedmig_kb.store.protocol.Store` over an embedded pyoxigraph store.

    On disk, :meth:`replace` swaps in a whole new content atomically and records a manifest
    (what was loaded, see :mod:`forcedmig_kb.loading`) beside the data, so that the next process
    can tell whether the directory already holds the corpus it wants.
    """

    engine = "oxigraph"

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._manifest: dict | None = None  # the in-memory store's
        if self.path is not None and not read_only:
            with ondisk.directory_lock(self.path):
                ondisk.recover(self.path)
        self._store = self._open()

    def _open(self) -> ox.Store:
        try:
            if self.path is None:
                return ox.Store()
            if self.read_only:
                return ox.Store.read_only(str(self.path))
            self.path.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(
                f"cannot open the Oxigraph store at {self.path}: {exc}",
                hint="another process may hold it open for writing" if self.path else "",
            ) from exc

    def __repr__(self) -> str:
        where = repr(str(self.path)) if self.path is not None else "None"
        return f"OxigraphStore({where}{', read_only=True' if self.read_only else ''})"

    # -- where the data lives (see the Store protocol) ------------------------------------------

    remote = False

    @property
    def location(self) -> Path | None:
        """The store's directory; ``None`` in memory."""
        return self.path

    @property
    def address(self) -> str:
        return str(self.path) if self.path is not None else "memory"

    @property
    def cache_key(self) -> str | None:
        """A digest of the directory's real path; ``None`` in memory."""
        if self.path is None:
            return None
        return hashlib.sha256(str(self.path.resolve()).encode()).hexdigest()[:16]

    @property
    def parallel_reads(self) -> bool:
        """True on disk once opened read-only: RocksDB then lets any number of processes read."""
        return self.path is not None and self.read_only

    #: Oxigraph evaluates a query without holding Python's lock: threads of one process may query
    #: the store at once (the check does, on a store in memory, which no other process can open).
    concurrent_queries = True

    def opener(self) -> Callable[[], OxigraphStore] | None:
        """Opens the directory read-only; ``None`` in memory.

        >>> OxigraphStore().opener() is None
        True
        """
        return partial(OxigraphStore, self.path, read_only=True) if self.path is not None else None

    def shared(self, directory: Path) -> Callable[[], OxigraphStore]:
        """The :meth:`opener` on disk; in memory, a copy written on disk in ``directory`` (dumped
        to an N-Quads file there, bulk-loaded, the file removed: the copy is never held in this
        process's memory) and opened read-only by whoever calls the function.

        >>> import tempfile
        >>> s = OxigraphStore()
        >>> s.load(b"<http://ex/a> <http://ex/b> 1 .", format="text/turtle", graph="http://ex/g")
        >>> with tempfile.TemporaryDirectory() as d:
        ...     len(s.shared(Path(d))())
        1
        """
        opener = self.opener()
        if opener is not None:
            return opener
        directory.mkdir(parents=True, exist_ok=True)
        dumped, copy = directory / "dump.nq", directory / "store"
        self._store.dump(output=str(dumped), format=ox.RdfFormat.N_QUADS)
        written = ox.Store(str(copy))
        written.bulk_load(path=str(dumped), format=ox.RdfFormat.N_QUADS)
        written.flush()
        del written
        gc.collect()  # RocksDB lets readers in once the writer has closed
        dumped.unlink()
        return partial(OxigraphStore, copy, read_only=True)

    def manifest(self) -> dict | None:
        """What the last :meth:`replace` recorded, or ``None``."""
        if self.path is None:
            return self._manifest
        return ondisk.read_manifest(self.path)

    def reopen_read_only(self) -> None:
        """Close the writable handle of an on-disk store and reopen it read-only.

        RocksDB lets any number of processes read a store, but none while one holds it for
        writing: a server does this once loaded, so that its query workers can open it too.
        """
        if self.path is None or self.read_only:
            return
        self._store = None  # type: ignore[assignment]
        gc.collect()
        self.read_only = True
        self._store = self._open()

    def write_manifest(self, manifest: dict) -> None:
        """Record ``manifest`` for the content as it now is (after an update in place)."""
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")
        if self.path is None:
            self._manifest = manifest
            return
        self._store.flush()
        ondisk.write_manifest(self.path, manifest)

    @classmethod
    def wrap(cls, native: ox.Store) -> OxigraphStore:
        """An adapter over an existing in-memory pyoxigraph store (for the loader's staging)."""
        store = cls.__new__(cls)
        store.path, store.read_only, store._manifest, store._store = None, False, None, native
        return store

    def rebuild(self, build: Callable[[ox.Store, bool], dict]) -> None:
        """Make new content with ``build(native, bulk)`` in a fresh store, then swap it in.

        ``build`` fills the empty pyoxigraph store it is given and returns the manifest to record;
        if it raises, the fresh store is thrown away and this one is left as it was. In memory the
        swap replaces the object this adapter holds. On disk the new content is built in
        ``DIR.tmp-<pid>`` (``bulk`` is true: Oxigraph's bulk loader, no transaction log) and then
        renamed into place, so that an interrupted load leaves the previous store whole; a crash
        between the two renames is repaired by the next open.
        """
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")
        if self.path is None:
            fresh = ox.Store()
            manifest = build(fresh, False)
            self._store, self._manifest = fresh, manifest
            return
        path = self.path
        with ondisk.directory_lock(path):
            tmp, old = ondisk.sibling(path, "tmp"), ondisk.sibling(path, "old")
            shutil.rmtree(tmp, ignore_errors=True)
            try:
                fresh = ox.Store(str(tmp))
                manifest = build(fresh, True)
                fresh.flush()
                fresh.optimize()
                del fresh
                gc.collect()
                ondisk.write_manifest(tmp, manifest)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            # Close the old database before moving it: RocksDB writes by path while it closes,
            # and after the renames that path is the new store's. (So no other handle on this
            # store, such as .native, may be kept across a rebuild.)
            self._store = None  # type: ignore[assignment]
            gc.collect()
            try:
                if path.exists():
                    os.rename(path, old)
                os.rename(tmp, path)
            finally:
                self._store = self._open()
            shutil.rmtree(old, ignore_errors=True)

    def replace(self, quads: Iterable[ox.Quad], manifest: dict) -> None:
        """Make ``quads`` the whole content, recording ``manifest`` (see :meth:`rebuild`)."""

        def build(native: ox.Store, bulk: bool) -> dict:
            (native.bulk_extend if bulk else native.extend)(quads)
            return manifest

        self.rebuild(build)

    @property
    def native(self) -> ox.Store:
        """The underlying pyoxigraph store (for adapters and benchmarks only)."""
        return self._store

    def _query(self, query: str):
        try:
            return self._store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise query_syntax_error(exc) from None

    def select(self, query: str) -> Table:
        result = self._query(query)
        if not isinstance(result, ox.QuerySolutions):
            raise QuerySyntaxError("expected a SELECT query")
        names = [v.value for v in result.variables]
        rows = [tuple(term_of(sol[i]) if sol[i] is not None else None for i in range(len(names))) for sol in result]
        return Table(names, rows)

    def solutions(self, query: str) -> Iterator[dict[str, Term | None]]:
        result = self._query(query)
        if not isinstance(result, ox.QuerySolutions):
            raise QuerySyntaxError("expected a SELECT query")
        names = [v.value for v in result.variables]
        for solution in result:
            yield {name: (term_of(solution[i]) if solution[i] is not None else None) for i, name in enumerate(names)}

    def ask(self, query: str) -> bool:
        result = self._query(query)
        if not isinstance(result, ox.QueryBoolean):
            raise QuerySyntaxError("expected an ASK query")
        return bool(result)

    def construct(self, query: str) -> list[Triple]:
        result = self._query(query)
        if not isinstance(result, ox.QueryTriples):
            raise QuerySyntaxError("expected a CONSTRUCT or DESCRIBE query")
        return [(term_of(t.subject), term_of(t.predicate), term_of(t.object)) for t in result]

    def answer(
        self,
        query: str,
        *,
        media_type: str,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        max_rows: int | None = None,
    ) -> bytes:
        """Any query form, serialised by Oxigraph itself (see :meth:`Store.answer`).

        >>> s = OxigraphStore()
        >>> s.load(b"<http://ex/a> <http://ex/b> 1 .", format="text/turtle", graph="http://ex/g")
        >>> s.answer("SELECT ?o { ?s ?p ?o }", media_type="text/csv")
        b'o\\r\\n1\\r\\n'
        >>> s.answer("ASK { ?s ?p 2 }", media_type="application/sparql-results+json")
        b'{"head":{},"boolean":false}'
        """

        def evaluate() -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
            if default_graph is None and named_graphs is None:
                return self._store.query(query, use_default_graph_as_union=True)
            return self._store.query(
                query,
                default_graph=[ox.NamedNode(g) for g in default_graph or ()],
                named_graphs=[ox.NamedNode(g) for g in named_graphs or ()],
            )

        try:
            result = evaluate()
        except SyntaxError as exc:
            raise query_syntax_error(exc) from None
        if isinstance(result, ox.QueryTriples):
            return write_graph(result, media_type, max_rows)
        return write_results(result, media_type, max_rows, again=lambda: cast(ox.QuerySolutions, evaluate()))

    def load(self, data: bytes, *, format: str, graph: str | None = None, path: str | None = None) -> None:
        fmt = rdf_format(format)
        if graph is None and not fmt.supports_datasets:
            raise StoreError(f"{format} holds triples only: say which graph to load them into")
        try:
            if graph is None:
                self._store.load(data, format=fmt)
            else:
                self._store.load(data, format=fmt, to_graph=ox.NamedNode(graph))
        except SyntaxError as exc:
            raise RdfSyntaxError(syntax_reason(exc), path=path, line=exc.lineno, column=exc.offset) from exc

    def add_quads(self, quads: list[ox.Quad]) -> None:
        """Add parsed quads in one transaction."""
        self._store.extend(quads)

    def clear(self, graph: str | None = None) -> None:
        if graph is None:
            self._store.clear()
        else:
            self._store.remove_graph(ox.NamedNode(graph))

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def dump(self, *, format: str, graph: str | None = None, merged: bool = False) -> bytes:
        fmt = rdf_format(format)
        # ``dump`` without an output returns bytes (pyoxigraph's stubs say ``bytes | None``)
        if graph is not None:
            return cast(bytes, self._store.dump(format=fmt, from_graph=ox.NamedNode(graph)))
        if fmt.supports_datasets and not merged:
            return cast(bytes, self._store.dump(format=fmt))
        triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        assert isinstance(triples, ox.QueryTriples)  # a CONSTRUCT gives triples
        return write_graph(triples, format)

    def flush(self) -> None:
        """Make on-disk writes durable."""
        if self.path is not None:
            self._store.flush()

    def __len__(self) -> int:
        return len(self._store)


_OXIGRAPH_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


def query_syntax_error(exc: SyntaxError) -> QuerySyntaxError:
    """Oxigraph's report of a query that does not parse, with its line and column, in one line.

    >>> query_syntax_error(SyntaxError("error at 1:5: expected one of  a,   b")).args[0]
    'the query does not parse: expected one of a, b at line 1, column 5'
    """
    found = _OXIGRAPH_ERROR.match(str(exc))
    what = " ".join((found[3] if found else str(exc)).split())
    if len(what) > 200:  # Oxigraph lists every token it would have taken
        what = what[:200] + " ..."
    where = f"{what} at line {found[1]}, column {found[2]}" if found else what
    return QuerySyntaxError(f"the query does not parse: {where}", hint="check the query at the line and column given")
