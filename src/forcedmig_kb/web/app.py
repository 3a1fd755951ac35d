"""Compose the web service: load the knowledge base once, mount the routers and middleware.

``create_app(settings)`` only composes; each router owns its routes:

- :mod:`.sparql`      the SPARQL 1.1 endpoint: protocol routes, guard, query workers, service description
- :mod:`.api`        the research API (JSON, OpenAPI at ``/docs``)
- :mod:`.site`       the researcher's pages (overview, claims, sources, audit; a claim's and a
                     source's page as the HTML answer of its IRI), and ``/static`` (templates'
                     assets, the vendored YASGUI and d3-force)
- :mod:`.linked_data` linked data: dereferenceable IRIs, ``/void``, the JSON-LD context, exports

The data are read-only while the service runs: the knowledge base is loaded once, the research
API keeps an index and asks the store for the rest (:mod:`forcedmig_kb.research`), SPARQL queries
run in worker processes (:mod:`.sparql.pool`). The server answers as soon as the knowledge
base is loaded: the index, the query workers and, when no saved report holds
(:mod:`forcedmig_kb.checks.saved_report`), the check are made in the background (:mod:`.startup`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..checks.saved_report import load_report
from ..derived import cache_dir
from ..loading import load_knowledge_base
from ..lru import LRU
from ..research import Research
from ..settings import Settings, get_settings
from ..store import open_store
from . import api, linked_data, methods, negotiation, pages, problems, responses, site, site_model
from .limits import BodyLimit, ValidHost
from .methods import HeadAsGet, RouteCORS
from .sparql import routes as sparql_routes
from .sparql.pool import QueryPool
from .sparql.worker import Snapshot
from .startup import Startup, scratch_for
from .validators import Validators, fingerprint


def create_app(settings: Settings | None = None) -> FastAPI:
    """The FastAPI application serving the knowledge base of ``settings.data_dir``."""
    settings = settings or get_settings()
    paths = [settings.data_dir] if settings.data_dir is not None else None
    kb = load_knowledge_base(paths, store=open_store(settings.store, settings=settings))
    kb.store.reopen_read_only()  # the server never writes; its query workers open an on-disk store too
    report = load_report(kb, settings)  # None: no saved report holds, the check runs in the background
    # a store in memory is written once on disk for the query workers, removed when the server stops
    scratch = scratch_for(cache_dir(settings) / "query-workers")
    pool = QueryPool(
        partial(
            Snapshot.of,
            kb.store,
            max_rows=settings.max_rows,
            offered_results=negotiation.RESULT_TYPES,
            offered_graph=negotiation.GRAPH_TYPES,
            memory_mib=settings.query_memory,
            directory=scratch,
            copy_up_to=settings.query_copy_up_to,
        ),
        size=settings.query_workers,
        timeout=settings.query_timeout,
    )

    def publish(research: Research) -> None:  # from the startup's thread: the pages made, then both swapped in
        pages_of_it = site_model.Site.of(kb, research, settings)
        app.state.research, app.state.site = research, pages_of_it

    startup = Startup(kb, settings, pool, report, publish, scratch=scratch)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await startup.begin()
        try:
            yield
        finally:
            await startup.end()

    app = FastAPI(
        title="forcedmig-kb",
        version=__version__,
        lifespan=lifespan,
        exception_handlers={**problems.HANDLERS, 405: methods.not_allowed},
        description="Claims, figures and their sources, as linked data: which figure in a text "
        "rests on which source, and whether that holds.",
    )
    app.openapi = responses.with_problems(app)  # type: ignore[method-assign]
    app.state.settings = settings
    app.state.kb = kb
    app.state.research = None  # until the startup publishes them (web/startup.py)
    app.state.site = None
    app.state.pool = pool
    app.state.startup = startup
    app.state.documents = LRU()  # the linked-data routes' documents
    app.include_router(sparql_routes.router)
    app.include_router(api.router)
    app.include_router(site.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    app.include_router(linked_data.router)  # last: its /{kind}/{rest} would take any two-segment path
    # innermost: the query operation by GET, and the research API's answers sent again (a remote
    # store's data may change on its server, so its query answers are neither replayed nor foreseen)
    app.add_middleware(sparql_routes.QueryOperation, pool=pool, replay=not kb.store.remote)
    app.add_middleware(api.CachedAnswers, research=lambda: app.state.research)
    # outermost last: a HEAD is a GET to everything inside HeadAsGet, a 304 passes through CORS
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, timeout=settings.body_timeout)
    app.add_middleware(
        Validators,
        fingerprint=fingerprint(kb.store),
        loaded=startup.started,
        cache_control=settings.cache_control,
        weak_paths=("/sparql",),
        foreseen=None if kb.store.remote else sparql_routes.foreseen_answers,
        revision=startup.revision,
    )
    app.add_middleware(
        RouteCORS,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST"],
        allow_headers=["*"],
        expose_headers=["ETag", "Last-Modified", "Link", "Allow"],
        allow_credentials=False,
        max_age=86400,
    )
    app.add_middleware(HeadAsGet)
    app.add_middleware(ValidHost)
    return app
