"""Run untrusted SPARQL queries in killable worker processes, under a deadline and a row cap.

A Python thread cannot be stopped, and Oxigraph does not stop a query on its own, so every
query a client sends runs in a worker *process* that opens an on-disk store read-only (the
store itself, or for a store in memory a copy written once and shared by the workers; or, when
no directory for that copy is given, each holds its own replica; or, on a remote store, sends
the query on to its server, never a copy of a store that outgrew one process). When a query passes its
deadline the worker is killed (SIGKILL), which really stops the work and frees its memory, and
a fresh worker takes its place; meanwhile the other workers go on answering. Each worker

1. parses and inspects the query (:mod:`.guard`: no update, no ``SERVICE``, no
   foreign dataset), under the same deadline as the evaluation;
2. evaluates it on its replica and writes the result in the negotiated media type through
   :meth:`~forcedmig_kb.store.protocol.Store.answer` (Oxigraph serialises, not Python loops),
   stopping at the row cap;
3. runs with a seccomp filter that denies it internet sockets (Linux, where libseccomp is
   installed; not on a remote store, whose server it must reach: there the guard alone keeps
   ``SERVICE`` out), so that even a query the guard let through could not open a connection, and
   with a cap on its memory (``RLIMIT_DATA``): a query that needs more ends its worker, which is
   replaced, instead of the machine running out of memory.

Workers are started from a clean ``forkserver`` process (the server itself has threads, which
``fork`` does not copy safely) and talk to the server over a socket pair: a small JSON header
and the raw result, never pickle, so a worker cannot make the server run code (only the server's
own way of opening its store, :meth:`~forcedmig_kb.store.protocol.Store.opener`, goes the other
way pickled).
"""

from __future__ import annotations

import asyncio
import collections
import errno
import json
import logging
import multiprocessing
import os
import pickle
import resource
import signal
import socket
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from ... import errors
from ...errors import FmkbError, QueryError, QueryInterrupted, QueryTimeout, QueryTooLarge, ResultNotAcceptable
from ...lru import LRU
from ...store import OxigraphStore, Store
from .guard import check_dataset, inspect

log = logging.getLogger(__name__)

_FRAME = struct.Struct("!II")  # header length, body length
ANSWERS_KEPT = 512  # answers the pool keeps to send again ...
ANSWER_KEPT_BYTES = 65_536  # ... each at most this large: at most 32 MiB in all
_OUT_OF_MEMORY = "the query needed more than the %s MiB of memory a query worker may use, and was stopped"
_NARROW = "narrow the query (more selective patterns first, LIMIT, fewer variables in ORDER BY)"
_ERRORS: dict[str, type[FmkbError]] = {
    name: cls for name, cls in vars(errors).items() if isinstance(cls, type) and issubclass(cls, FmkbError)
}


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
    ) -> Snapshot:
        """For a store another process can open (on disk, on a server), how to open it: the
        workers open it read-only and share it, so a million claims are not copied per worker.
        A store in memory is written once on disk under ``directory`` and the workers share that
        copy (:meth:`~forcedmig_kb.store.protocol.Store.shared`); without ``directory``, or when
        it cannot be written, its graphs are copied into each worker."""
        opener = store.opener()
        if opener is None and directory is not None:
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


# ------------------------------------------------------------------ the worker side


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
    sock.sendall(_FRAME.pack(len(head), len(body)) + head + body)


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
    head_len, body_len = _FRAME.unpack(_recv_exactly(sock, _FRAME.size))
    return json.loads(_recv_exactly(sock, head_len)), _recv_exactly(sock, body_len)


def _worker_main(sock: socket.socket) -> None:
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
            _send(sock, {"error": "QueryTooLarge", "message": _OUT_OF_MEMORY % snapshot.memory_mib, "hint": _NARROW})
            continue
        except Exception as exc:  # noqa: BLE001 - an engine error must not end the worker
            _send(sock, {"error": "QueryError", "message": f"the query failed: {exc}", "hint": ""})
            continue
        _send(sock, {"media_type": answer.media_type}, answer.body)


# ------------------------------------------------------------------ the server side


class _PastDeadline(Exception):
    """A query's reply did not come before its deadline."""


def _past_deadline(reply: asyncio.Future[Any]) -> None:
    if not reply.done():
        reply.set_exception(_PastDeadline())


class _Channel(asyncio.Protocol):
    """The server's end of a worker's socket pair: frames written, replies read as they arrive.

    Replies come back in the order the requests were written, so each is handed to the oldest
    waiting future. An :class:`asyncio.Protocol` rather than a stream reader and writer: a reply
    is parsed from the bytes at hand in one call, without a task or three reads per frame.
    """

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.waiting: collections.deque[asyncio.Future[tuple[dict[str, Any], bytes]]] = collections.deque()
        self.buffer = bytearray()
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's transports are not asyncio's classes

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        while len(buffer) >= _FRAME.size:
            head_len, body_len = _FRAME.unpack_from(buffer)
            end = _FRAME.size + head_len + body_len
            if len(buffer) < end:
                return
            reply = json.loads(buffer[_FRAME.size : _FRAME.size + head_len])
            body = bytes(buffer[_FRAME.size + head_len : end])
            del buffer[:end]
            if self.waiting:
                future = self.waiting.popleft()
                if not future.done():
                    future.set_result((reply, body))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        while self.waiting:
            future = self.waiting.popleft()
            if not future.done():
                future.set_exception(EOFError() if exc is None else exc)

    def send(self, header: dict[str, Any], body: bytes = b"") -> asyncio.Future[tuple[dict[str, Any], bytes]]:
        """Write one frame; the future of its reply."""
        future: asyncio.Future[tuple[dict[str, Any], bytes]] = asyncio.get_running_loop().create_future()
        if self.closed or self.transport is None:
            future.set_exception(EOFError())
            return future
        head = json.dumps(header).encode()
        self.transport.write(_FRAME.pack(len(head), len(body)) + head + body)
        self.waiting.append(future)
        return future


@dataclass(eq=False)  # identity, not value: workers live in a set
class _Worker:
    process: multiprocessing.process.BaseProcess
    channel: _Channel
    sandboxed: bool = False
    replaced: bool = False  # killed or found dead, and a replacement asked for

    @property
    def pid(self) -> int:
        return self.process.pid or -1

    async def exchange(self, header: dict[str, Any], body: bytes = b"") -> tuple[dict[str, Any], bytes]:
        return await self.channel.send(header, body)

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, OSError):
            pass
        if self.channel.transport is not None:
            self.channel.transport.close()


@dataclass
class QueryPool:
    """A fixed number of worker processes answering queries, each under a deadline.

    Use ``await pool.start()`` once (inside the event loop; the server runs it as a background
    task), ``await pool.answer(request)`` per query and ``await pool.close()`` at the end.
    """

    #: What the workers answer from, or what makes it: called in a thread by :meth:`start`, so
    #: that the server answers its other routes while the store is copied.
    snapshot: Snapshot | Callable[[], Snapshot]
    size: int = 2
    timeout: float = 10.0
    #: Answers kept to be sent again (the data of a local store cannot change while the server
    #: runs; a remote store's can, so none of its answers are kept); only small ones.
    answers: LRU[tuple[Any, ...], QueryAnswer] = field(default_factory=lambda: LRU(ANSWERS_KEPT))
    _idle: asyncio.Queue[_Worker] = field(init=False, repr=False)
    _workers: set[_Worker] = field(init=False, default_factory=set, repr=False)
    _tasks: set[asyncio.Task[None]] = field(init=False, default_factory=set, repr=False)
    _closed: bool = field(init=False, default=False)
    _started: int = field(init=False, default=0)  # workers that have come up at start

    def __post_init__(self) -> None:
        self._idle = asyncio.Queue()

    async def start(self) -> None:
        """Make the snapshot (in a thread) and start the workers one after another, each taking
        queries as soon as it is up; until the first is, :meth:`answer` refuses with
        :class:`~forcedmig_kb.errors.QueryInterrupted` (503, try again). The server runs this in
        the background, so it answers its other routes meanwhile."""
        if not isinstance(self.snapshot, Snapshot):
            self.snapshot = await asyncio.to_thread(self.snapshot)
        for _ in range(self.size):
            self._idle.put_nowait(await self._spawn())
            self._started += 1

    @property
    def ready(self) -> bool:
        """Whether a worker has come up to answer queries."""
        return self._started > 0

    @property
    def made(self) -> Snapshot:
        """The snapshot the workers answer from (once :meth:`start` has made it)."""
        if not isinstance(self.snapshot, Snapshot):
            raise QueryInterrupted("the query workers are starting", hint="try again in a few seconds")
        return self.snapshot

    @property
    def pids(self) -> list[int]:
        """The process ids of the live workers (for tests and monitoring)."""
        return sorted(w.pid for w in self._workers)

    @property
    def sandboxed(self) -> bool:
        return bool(self._workers) and all(w.sandboxed for w in self._workers)

    async def answer(self, request: QueryRequest) -> QueryAnswer:
        """Answer one query, or raise the :class:`~forcedmig_kb.errors.QueryError` that says why not.

        The same query asked again with the same media types and dataset gets the answer a
        worker gave, if it was small (:data:`ANSWER_KEPT_BYTES`): the knowledge base is
        read-only while the server runs, and a worker's answer was made under the guard, the
        deadline, the row cap and the socket filter; errors are never kept. A remote store
        (``snapshot.network``) may change on its server at any time: its answers are never kept.
        """
        if not self.ready:
            raise QueryInterrupted(
                f"the query workers are starting ({self._started} of {self.size} up)",
                hint="try again in a few seconds; the rest of the service answers meanwhile",
            )
        if self.made.network:
            return await self._ask_a_worker(request)
        key = (
            request.query,
            tuple(request.results_types),
            tuple(request.graph_types),
            None if request.default_graph is None else tuple(request.default_graph),
            None if request.named_graphs is None else tuple(request.named_graphs),
        )
        kept = self.answers.get(key)
        if kept is not None:
            return kept
        answer = await self._ask_a_worker(request)
        if len(answer.body) <= ANSWER_KEPT_BYTES:
            self.answers.put(key, answer)
        return answer

    async def _ask_a_worker(self, request: QueryRequest) -> QueryAnswer:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        worker = self._idle.get_nowait() if self._idle.qsize() else await self._wait_for_a_worker(deadline)
        while worker.replaced or worker.channel.closed:  # it died while idle: take another
            self._replace(worker)
            worker = self._idle.get_nowait() if self._idle.qsize() else await self._wait_for_a_worker(deadline)
        header = {
            "query": request.query,
            "results_types": list(request.results_types),
            "graph_types": list(request.graph_types),
            "default_graph": list(request.default_graph) if request.default_graph is not None else None,
            "named_graphs": list(request.named_graphs) if request.named_graphs is not None else None,
        }
        reply_of = worker.channel.send(header)
        # one timer on the reply itself, not an asyncio.timeout block: no object, no task per query
        timer = loop.call_at(deadline, _past_deadline, reply_of)
        try:
            reply, body = await reply_of
        except _PastDeadline:
            self._replace(worker)
            raise QueryTimeout(
                f"the query ran past its deadline of {self.timeout:g} s and was stopped",
                hint="narrow the query (more selective patterns, LIMIT) or run it on your own copy "
                "of the data (see the exports)",
            ) from None
        except asyncio.CancelledError:
            self._replace(worker)  # the client went away: stop its query too
            raise
        except (OSError, EOFError) as exc:
            await asyncio.to_thread(worker.process.join, 2)
            exitcode = worker.process.exitcode
            self._replace(worker)
            if exitcode == -signal.SIGABRT:  # Oxigraph (Rust) aborts when an allocation fails
                raise QueryTooLarge(_OUT_OF_MEMORY % self.made.memory_mib, hint=_NARROW) from None
            # Killed from outside or crashed: the client gets a clean 503 (try again), never a 500 or a hang.
            raise QueryInterrupted(
                f"the query worker ended while answering ({exc.__class__.__name__}, exit {exitcode})",
                hint="try again; a replacement worker is starting",
            ) from None
        finally:
            timer.cancel()
        self._idle.put_nowait(worker)
        if "error" in reply:
            raise _error_of(reply)
        return QueryAnswer(reply["media_type"], body)

    async def _wait_for_a_worker(self, deadline: float) -> _Worker:
        try:
            async with asyncio.timeout_at(deadline):
                return await self._idle.get()
        except TimeoutError:
            raise QueryTimeout(
                f"all {self.size} query workers stayed busy for {self.timeout:g} s",
                hint="try again shortly; long queries from others hold the workers",
            ) from None

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        loop = asyncio.get_running_loop()
        for worker in list(self._workers):
            worker.replaced = True
            loop.remove_reader(worker.process.sentinel)
            worker.kill()
        await asyncio.gather(
            *(asyncio.to_thread(w.process.join, 5) for w in list(self._workers)), return_exceptions=True
        )
        self._workers.clear()

    # -------------------------------------------------------------- internals
    async def _spawn(self) -> _Worker:
        parent, child = socket.socketpair()
        process = _context().Process(target=_worker_main, args=(child,), daemon=True, name="fmkb-query-worker")
        await asyncio.to_thread(process.start)
        child.close()
        _, channel = await asyncio.get_running_loop().create_connection(_Channel, sock=parent)
        worker = _Worker(process, channel)
        snapshot = self.made
        names = list(snapshot.graphs)
        opener = snapshot.opener
        payload = pickle.dumps(opener) if opener else b"".join(snapshot.graphs[g] for g in names)
        header = {
            "graphs": [[g, len(snapshot.graphs[g])] for g in names],
            "max_rows": snapshot.max_rows,
            "opener": opener is not None,
            "network": snapshot.network,
            "memory_mib": snapshot.memory_mib,
            "offered_results": list(snapshot.offered_results),
            "offered_graph": list(snapshot.offered_graph),
        }
        try:
            ready, _ = await asyncio.wait_for(worker.exchange(header, payload), 120)
        except BaseException:
            worker.kill()
            raise
        worker.sandboxed = bool(ready.get("sandboxed"))
        self._workers.add(worker)
        # A worker that ends while idle is replaced at once, not when it is next taken: answers sent
        # again from the cache may take no worker for a long time, and the pool must not stay short.
        asyncio.get_running_loop().add_reader(process.sentinel, self._replace, worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        if worker.replaced:
            return
        worker.replaced = True
        try:
            asyncio.get_running_loop().remove_reader(worker.process.sentinel)
        except (ValueError, OSError):  # pragma: no cover - the process object was already closed
            pass
        worker.kill()
        self._workers.discard(worker)
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._respawn(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, dead: _Worker) -> None:
        await asyncio.to_thread(dead.process.join, 10)  # reap it: no zombie left behind
        delay = 0.1
        while not self._closed:
            try:
                self._idle.put_nowait(await self._spawn())
                return
            except Exception as exc:  # noqa: BLE001 - keep trying; the pool must not shrink for good
                log.error("could not start a query worker (%s); retrying in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)


def _error_of(reply: dict[str, Any]) -> FmkbError:
    cls = _ERRORS.get(reply["error"], QueryError)
    if cls is ResultNotAcceptable:
        return ResultNotAcceptable(reply["message"], offered=reply.get("offered") or [], hint=reply.get("hint", ""))
    return cls(reply["message"], hint=reply.get("hint", ""))


_CTX: multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext | None = None


def _context() -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    """A forkserver context that has the query machinery imported before it forks workers."""
    global _CTX
    if _CTX is None:
        ctx: multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext
        try:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["forcedmig_kb.web.sparql.workers"])
        except ValueError:  # no forkserver on this platform
            ctx = multiprocessing.get_context("spawn")
        _CTX = ctx
    return _CTX
