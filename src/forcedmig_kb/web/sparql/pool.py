"""The server's pool of query workers: untrusted SPARQL queries run in killable processes.

A Python thread cannot be stopped, and Oxigraph does not stop a query on its own, so every
query a client sends runs in a worker *process* (:mod:`.worker`) that opens an on-disk store
read-only (the store itself, or for a store in memory a copy written once and shared by the
workers; or, when no directory for that copy is given, each holds its own replica; or, on a
remote store, sends the query on to its server, never a copy of a store that outgrew one
process). When a query passes its deadline the worker is killed (SIGKILL), which really stops
the work and frees its memory, and a fresh worker takes its place; meanwhile the other workers
go on answering.

Workers are started from a clean ``forkserver`` process (the server itself has threads, which
``fork`` does not copy safely).
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import multiprocessing
import os
import pickle
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from ... import errors
from ...errors import FmkbError, QueryError, QueryInterrupted, QueryTimeout, QueryTooLarge, ResultNotAcceptable
from ...lru import LRU
from .worker import FRAME, NARROW, OUT_OF_MEMORY, QueryAnswer, QueryRequest, Snapshot, worker_main

log = logging.getLogger(__name__)

ANSWERS_KEPT = 512  # answers the pool keeps to send again ...
ANSWER_KEPT_BYTES = 65_536  # ... each at most this large: at most 32 MiB in all
_ERRORS: dict[str, type[FmkbError]] = {
    name: cls for name, cls in vars(errors).items() if isinstance(cls, type) and issubclass(cls, FmkbError)
}


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
        while len(buffer) >= FRAME.size:
            head_len, body_len = FRAME.unpack_from(buffer)
            end = FRAME.size + head_len + body_len
            if len(buffer) < end:
                return
            reply = json.loads(buffer[FRAME.size : FRAME.size + head_len])
            body = bytes(buffer[FRAME.size + head_len : end])
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
        self.transport.write(FRAME.pack(len(head), len(body)) + head + body)
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
                raise QueryTooLarge(OUT_OF_MEMORY % self.made.memory_mib, hint=NARROW) from None
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
        process = _context().Process(target=worker_main, args=(child,), daemon=True, name="fmkb-query-worker")
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
            ctx.set_forkserver_preload(["forcedmig_kb.web.sparql.worker"])
        except ValueError:  # no forkserver on this platform
            ctx = multiprocessing.get_context("spawn")
        _CTX = ctx
    return _CTX
