"""One query worker: a process that answers untrusted SPARQL queries from a read-only store.

A worker is started by the server's :class:`~.pool.QueryPool` and talks to it over a socket
pair: a small JSON header and the raw result in frames (:data:`FRAME`), never pickle, so a
worker cannot make the server run code (only the server's own way of opening its store,
:meth:`~forcedmig_kb.store.protocol.Store.opener`, goes the other way pickled). For each query it

1. parses and inspects the query (:mod:`.guard`: no update, no ``SERVICE``, no
   foreign dataset), under the same deadline as the evaluation;
2. evaluates it on its store and writes the result in the negotiated media type through
   :meth:`~forcedmig_kb.store.protocol.Store.answer` (Oxigraph serialises, not Python loops),
   stopping at the row cap;
3. runs with a seccomp filter that denies it internet sockets (:func:`deny_network`; Linux, where
   libseccomp is installed; not on a remote store, whose server it must reach: there the guard
   alone keeps ``SERVICE`` out), and with a cap on its memory (``RLIMIT_DATA``): a query that
   needs more ends with :class:`~forcedmig_kb.errors.QueryTooLarge` or ends the worker, which the
   pool replaces.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import pickle
import resource
import signal
import socket
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import FmkbError, ResultNotAcceptable
from ...store import OxigraphStore, Store
from .guard import check_dataset, inspect

log = logging.getLogger(__name__)

FRAME = struct.Struct("!II")  # header length, body length
OUT_OF_MEMORY = "the query needed more than the %s MiB of memory a query worker may use, and was stopped"
NARROW = "narrow the query (more selective patterns first, LIMIT, fewer variables in ORDER BY)"


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """One query as the protocol router hands it over."""

    query: str
    results_types: Sequence[str]  # acceptable SPARQL results media types, best first
    graph_types: Sequence[str]  # acceptable RDF media types, best first
    default_graph: Sequence[str] | None = None  # default-graph-uri
    named_graphs: Sequence[str] | None = None  # named-graph-uri


@dataclass(frozen=True, slots=True)
class QueryAnswer:
    media_type: str
    body: bytes


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a worker needs to answer: the store's graphs (N-Triples) and the limits."""

    graphs: dict[str, bytes]
    max_rows: int
    offered_results: Sequence[str]
    offered_graph: Sequence[str]
    memory_mib: int | None = None  # address space a worker may use
    opener: Callable[[], Store] | None = None  # opens the store read-only in a worker, instead of a copy
    network: bool = False  # the workers reach the store over the network (no socket filter)

    @classmethod
    def of(
        cls,
        store: Store,
        *,
        max_rows: int,
        offered_results: Sequence[str],
        offered_graph: Sequence[str],
        memory_mib: int | None = None,
        directory: Path | None = None,
        copy_up_to: int = 0,
    ) -> Snapshot:
        """For a store another process can open (on disk, on a server), how to open it: the
        workers open it read-only and share it, so a million claims are not copied per worker.
        A store in memory of at most ``copy_up_to`` triples is copied into each worker, which then
        answers from memory (a query on a read-only on-disk store costs a worker about 1.7 times
        the CPU time); a larger one is written once on disk under ``directory`` and the workers
        share that copy (:meth:`~forcedmig_kb.store.protocol.Store.shared`); without ``directory``,
        or when it cannot be written, its graphs are copied into each worker."""
        opener = store.opener()
        if opener is None and directory is not None and len(store) > copy_up_to:
            try:
                opener = store.shared(directory)
            except OSError as exc:  # a read-only or full disk
                log.warning(
                    "could not write the query workers' copy of the store in %s (%s): each loads its own",
                    directory,
                    exc,
                )
        if opener is not None:
            graphs = {g: b"" for g in store.named_graphs()}
            return cls(
                graphs,
                max_rows,
                tuple(offered_results),
                tuple(offered_graph),
                memory_mib,
                opener=opener,
                network=store.remote,
            )
        graphs = {g: store.dump(format="application/n-triples", graph=g) for g in store.named_graphs()}
        return cls(graphs, max_rows, tuple(offered_results), tuple(offered_graph), memory_mib)


def answer_request(store: Store, request: QueryRequest, snapshot: Snapshot) -> QueryAnswer:
    """Inspect, evaluate and serialise one query (what a worker does; also usable in-process)."""
    allowed = snapshot.graphs.keys()
    check_dataset(request.default_graph, request.named_graphs, allowed_graphs=allowed)
    # a store of this process parses the query as it evaluates it (Store.answer): no need to parse it twice
    found = inspect(request.query, allowed_graphs=allowed, parse=store.remote)
    types, offered = (
        (request.results_types, snapshot.offered_results)
        if found.tabular
        else (request.graph_types, snapshot.offered_graph)
    )
    if not types:
        raise ResultNotAcceptable(
            f"a {found.form} result can be written only as: {', '.join(offered)}", offered=offered
        )
    default_graph, named_graphs = request.default_graph, request.named_graphs
    if default_graph is None and named_graphs is None and found.default_graph is not None:
        default_graph, named_graphs = found.default_graph, found.named_graphs
    body = store.answer(
        request.query,
        media_type=types[0],
        default_graph=default_graph,
        named_graphs=named_graphs,
        max_rows=snapshot.max_rows,
    )
    return QueryAnswer(types[0], body)


def deny_network() -> bool:
    """Forbid this process to create internet sockets (seccomp); True when the filter is in place."""
    try:
        import pyseccomp as seccomp

        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        for family in (socket.AF_INET, socket.AF_INET6):
            rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family))
        rules.load()
    except Exception as exc:  # no libseccomp, not Linux, or a kernel without seccomp
        log.warning("query workers run without the network filter (%s); the query guard still refuses SERVICE", exc)
        return False
    return True


def _send(sock: socket.socket, header: dict[str, Any], body: bytes = b"") -> None:
    head = json.dumps(header).encode()
    sock.sendall(FRAME.pack(len(head), len(body)) + head + body)


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _recv(sock: socket.socket) -> tuple[dict[str, Any], bytes]:
    head_len, body_len = FRAME.unpack(_recv_exactly(sock, FRAME.size))
    return json.loads(_recv_exactly(sock, head_len)), _recv_exactly(sock, body_len)


def worker_main(sock: socket.socket) -> None:
    """A worker process: load the snapshot, then answer queries until the socket closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us, not a Ctrl-C to the group
    try:
        header, body = _recv(sock)
    except (EOFError, ConnectionError):  # the server stopped while we started
        return
    graphs: dict[str, bytes] = {graph: b"" for graph, _ in header["graphs"]}
    sandboxed = False if header.get("network") else deny_network()
    store: Store
    if header.get("opener"):
        store = pickle.loads(body)()  # from the server, never from a client
    else:
        store = OxigraphStore()
        offset = 0
        for graph, size in header["graphs"]:
            store.load(body[offset : offset + size], format="application/n-triples", graph=graph)
            offset += size
    snapshot = Snapshot(
        graphs, header["max_rows"], header["offered_results"], header["offered_graph"], header["memory_mib"]
    )
    if snapshot.memory_mib:
        limit = snapshot.memory_mib * 2**20
        # RLIMIT_DATA (heap and private mappings), not RLIMIT_AS: an on-disk store maps its files and
        # reserves address space that is not memory, and would not even open under an address-space cap
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    _send(sock, {"ready": os.getpid(), "sandboxed": sandboxed})
    while True:
        try:
            head, _ = _recv(sock)
        except (EOFError, ConnectionError):
            return
        request = QueryRequest(
            head["query"], head["results_types"], head["graph_types"], head["default_graph"], head["named_graphs"]
        )
        try:
            answer = answer_request(store, request, snapshot)
        except FmkbError as exc:
            _send(
                sock,
                {
                    "error": type(exc).__name__,
                    "message": exc.args[0] if exc.args else str(exc),
                    "hint": exc.hint,
                    "offered": getattr(exc, "offered", []),
                },
            )
            continue
        except MemoryError:
            _send(sock, {"error": "QueryTooLarge", "message": OUT_OF_MEMORY % snapshot.memory_mib, "hint": NARROW})
            continue
        except Exception as exc:  # noqa: BLE001 - an engine error must not end the worker
            _send(sock, {"error": "QueryError", "message": f"the query failed: {exc}", "hint": ""})
            continue
        _send(sock, {"media_type": answer.media_type}, answer.body)
