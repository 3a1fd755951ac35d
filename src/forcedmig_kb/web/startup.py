"""What the service makes after it has begun to answer: the research index, the query workers, the check.

:func:`~.app.create_app` loads the knowledge base (and reads the last full check's report when
one of the same corpus is saved, :mod:`forcedmig_kb.checks.saved_report`); nothing proportional
to the corpus is made before the server listens. :class:`Startup` makes the rest as background
tasks of the server's event loop, their work in daemon threads (:func:`in_daemon_thread`:
stopping the server does not wait for them). Until a part is made, what needs it answers ``503
Service Unavailable`` with ``Retry-After`` (RFC 9110 sections 15.6.4 and 10.2.3,
https://www.rfc-editor.org/rfc/rfc9110; problem details, RFC 9457, or a page to a browser):

1. the research index (:mod:`forcedmig_kb.research`; read back when saved beside an on-disk
   store): the research API and the pages need it; the rest (linked data in RDF, VoID, the
   exports, ``/docs``) answers at once;
2. then, side by side, the SPARQL query workers (:meth:`.sparql.pool.QueryPool.start`; a
   store in memory is first written once on disk, under ``scratch``, removed when the server
   stops, and every worker opens that copy read-only, as it opens an on-disk or remote store):
   ``/sparql`` waits for the first worker; and, when no saved report held, the full check:
   meanwhile the research API and the pages answer without findings (:meth:`.Research.checking`),
   the pages say the check is running, and ``/findings`` waits.

What cannot be made (the index, the check) is logged, and what needs it answers ``500`` saying
why (:meth:`Startup.unavailable`).

Each part, once made, is published whole (the research answers and the pages made from them,
:meth:`.Research.with_report` for the check's findings): no answer made before is kept. Until the
findings are known every answer is sent with ``Cache-Control: no-cache`` and entity-tags of its
own (:class:`~.validators.Revision`), so that no cache keeps an answer made without them.

The memory the service holds is the store, the index and the bounded caches; each query worker
holds what its queries need, up to ``query_memory`` (:mod:`.sparql.worker`), not a copy of the store.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from fastapi import HTTPException

from ..checks import Report, run_check
from ..checks.saved_report import save_report
from ..loading import KnowledgeBase
from ..research import Research
from ..settings import Settings
from .sparql.pool import QueryPool
from .sparql.worker import Snapshot
from .validators import Revision

log = logging.getLogger(__name__)

#: Seconds a client is told to wait (``Retry-After``) before it asks again for what is being made.
RETRY_AFTER = 5

#: What a request that needs the research index is told while it is being made.
INDEXING = "the service is starting: the research index of the knowledge base is being made"
#: What ``/findings`` is told while the check runs.
CHECKING = (
    "the check of the knowledge base is still running (no saved report of this corpus held at start); "
    "the findings are answered once it ends"
)


def scratch_for(parent: Path) -> Path:
    """A new folder under ``parent`` for what this process's start writes on disk; the folders of
    processes that ended without removing theirs (killed, crashed) are removed first.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     (Path(d) / "999999999-1").mkdir()  # no such process
    ...     mine = scratch_for(Path(d))
    ...     mine.parent == Path(d), sorted(p.name for p in Path(d).iterdir())
    (True, [])
    """
    for folder in parent.glob("*-*") if parent.is_dir() else ():
        pid = folder.name.split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    return parent / f"{os.getpid()}-{time.time_ns()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def research_of(kb: KnowledgeBase, settings: Settings, report: Report | None) -> Research:
    """The research answers: with the saved report's findings, or without findings while the check is to come."""
    return Research.of(kb, settings, report) if report is not None else Research.checking(kb, settings)


@dataclass
class Startup:
    """The background tasks of a starting service, and what they have made so far."""

    kb: KnowledgeBase
    settings: Settings
    pool: QueryPool
    report: Report | None  # the saved report of the same corpus, if one held
    #: Called (in a daemon thread) with each research answers made, to make the pages from them
    #: and put both in place of the ones before.
    publish: Callable[[Research], None]
    scratch: Path | None = None  # what the start writes on disk (the workers' copy of a store in memory)
    started: float = field(default_factory=time.time)  # Last-Modified of every answer until the findings come
    research: Research | None = None  # the research answers published last
    failed: str | None = None  # what could not be made at start (the index or the check), and why
    _tasks: set[asyncio.Task[None]] = field(default_factory=set, init=False, repr=False)
    _changed: float | None = field(default=None, init=False, repr=False)

    @property
    def checking(self) -> bool:
        """True while the findings are not known yet (the index or the check is being made, or the check failed)."""
        return self.research is None or not self.research.complete

    def unavailable(self, waiting: str) -> HTTPException:
        """What a request gets that needs what is not made yet: ``503`` with ``Retry-After`` and
        ``waiting`` (what it waits for), or ``500`` when making it failed."""
        if self.failed:
            return HTTPException(500, f"{self.failed}; see the server's log")
        return HTTPException(503, waiting, headers={"Retry-After": str(RETRY_AFTER)})

    def revision(self) -> Revision:
        """What the answers are made from beyond the store: the findings, or none yet."""
        if self.research is None:
            return Revision("starting", self.started, final=False)
        if self.checking:
            return Revision("checking", self.started, final=False)
        return Revision("", self._changed or self.started, final=True)

    async def begin(self) -> None:
        """Start the background tasks (from the server's lifespan)."""
        self._spawn(self._prepare())

    def _spawn(self, job: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(job)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    async def end(self) -> None:
        """Stop what is still running and the query workers (at shutdown)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.pool.close()
        if self.scratch is not None:
            await asyncio.to_thread(shutil.rmtree, self.scratch, ignore_errors=True)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a task of the service's start failed", exc_info=task.exception())

    async def _prepare(self) -> None:
        """The index first (the research API and the pages wait for it), then the workers and the check."""
        try:
            self.research = await in_daemon_thread(self._indexed)
        except Exception as exc:
            self.failed = f"the research index could not be made ({type(exc).__name__}: {exc})"
            log.exception("the research index could not be made at start; the research API says so")
            self._spawn(self._workers())  # /sparql and linked data need no index
            return
        self._spawn(self._workers())
        if self.checking:
            self._spawn(self._check())

    def _indexed(self) -> Research:
        research = research_of(self.kb, self.settings, self.report)
        self.publish(research)
        return research

    async def _workers(self) -> None:
        if not isinstance(self.pool.snapshot, Snapshot):  # (the copy of a store in memory)
            self.pool.snapshot = await in_daemon_thread(self.pool.snapshot)
        await self.pool.start()

    async def _check(self) -> None:
        try:
            research = await in_daemon_thread(self._checked)
        except Exception as exc:
            self.failed = f"the check could not run at start ({type(exc).__name__}: {exc})"
            log.exception("the check at start failed; /findings says so until the service is restarted")
            return
        self._changed = time.time()
        self.research = research

    def _checked(self) -> Research:
        """The full check (in a thread), saved for the next start, and the answers made with its
        findings, published."""
        assert self.research is not None  # (the check begins once the index is made)
        report: Report = run_check(self.kb, self.settings)
        save_report(self.kb, self.settings, report)
        research = self.research.with_report(report)
        self.publish(research)
        return research


T = TypeVar("T")


async def in_daemon_thread(work: Callable[[], T]) -> T:
    """``work()`` in a daemon thread: the server's shutdown does not wait for it, as it waits for
    the threads of ``asyncio.to_thread`` (a check of a million claims takes minutes)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():  # cancelled: the server stopped meanwhile
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(cast(T, result))

    def run() -> None:
        try:
            result, error = work(), None
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
            result, error = None, exc
        try:
            loop.call_soon_threadsafe(settle, result, error)
        except RuntimeError:  # the event loop has closed
            pass

    threading.Thread(target=run, daemon=True, name="fmkb-start").start()
    return await future
