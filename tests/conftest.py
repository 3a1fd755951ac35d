"""Shared fixtures: the chapter's knowledge base and text, real servers, real SPARQL stores.

The plain helpers these fixtures use (paths, ports, server processes) are in ``tests/helpers``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from forcedmig_kb import Settings, load_knowledge_base
from forcedmig_kb.store import OxigraphStore, Store

from .helpers import CHAPTER, DATA
from .helpers.serving import (
    SERVER_ENV,
    Canary,
    ReadyTestClient,
    Server,
    cpu_seconds,
    descendants,
    start_server,
    stop_server,
)
from .helpers.sparql_servers import SparqlServer, start_oxigraph, start_virtuoso


@pytest.fixture(scope="session", autouse=True)
def cache_dir(tmp_path_factory):
    """What the tests' servers derive from remote stores is saved here, not in ~/.cache; and
    ``check`` caches no report by content (tests of the cache turn it on: tests/test_check_cache.py),
    so that a test that changes the check's behaviour in process is never answered from the cache."""
    path = tmp_path_factory.mktemp("fmkb-cache")
    os.environ["FMKB_CACHE_DIR"] = str(path)
    os.environ["FMKB_CHECK_CACHE"] = "0"
    return path


@pytest.fixture(scope="session")
def chapter_kb():
    """The chapter's knowledge base, loaded once (read-only in tests)."""
    return load_knowledge_base([DATA])


@pytest.fixture(scope="session")
def chapter_text() -> str:
    """The chapter's text (it lives outside the repository, in ../shared)."""
    if not CHAPTER.is_file():
        pytest.skip(f"the chapter text is not at {CHAPTER} (set FMKB_CHAPTER)")
    return CHAPTER.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def live():
    """A real ``forcedmig-kb serve`` process on 127.0.0.1 serving the chapter (deadline 2 s)."""
    server = start_server(DATA)
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="session")
def server(live) -> str:
    """The base URL of the real server."""
    return live.url


@pytest.fixture
def canary():
    c = Canary()
    try:
        yield c
    finally:
        c.close()


@pytest.fixture(scope="session")
def procfs():
    """Process helpers for the runaway-query tests: ``procfs.descendants(pid)``, ``procfs.cpu_seconds(pid)``."""

    class ProcFS:
        pass

    tools = ProcFS()
    tools.descendants = descendants
    tools.cpu_seconds = cpu_seconds
    return tools


@pytest.fixture
def serve():
    """Start extra real servers in a test: ``serve(data_dir, env)``; all are stopped afterwards."""
    started: list[Server] = []

    def start(data: Path, env: dict[str, str] | None = None) -> Server:
        server = start_server(data, env)
        started.append(server)
        return server

    yield start
    for server in started:
        stop_server(server)


# ---------------------------------------------------------------- stores: embedded and real servers


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> SparqlServer:
    """An ``oxigraph serve`` process for the whole session."""
    with start_oxigraph(tmp_path_factory.mktemp("oxigraph-server")) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory) -> SparqlServer:
    """A ``virtuoso-t`` process with a fresh database for the whole session."""
    with start_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


BACKENDS = ["embedded", "oxigraph-server", "virtuoso"]


@dataclass
class Backend:
    """A store to run the same tests on, and how ``forcedmig-kb`` would be told to use it."""

    name: str
    store: Store
    spec: str
    env: dict[str, str]
    server: SparqlServer | None = None


def make_backend(name: str, request: pytest.FixtureRequest) -> Backend:
    if name == "embedded":
        return Backend(name, OxigraphStore(), "memory", {"FMKB_STORE": "memory"})
    server: SparqlServer = request.getfixturevalue(
        {"oxigraph-server": "oxigraph_server", "virtuoso": "virtuoso_server"}[name]
    )
    return Backend(name, server.store(), server.spec, server.env(), server)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> Backend:
    """Each backend in turn (embedded, Oxigraph server, Virtuoso), its store scoped to the knowledge base's graphs."""
    return make_backend(request.param, request)


@pytest.fixture(scope="session")
def backend_kb(backend):
    """The chapter's knowledge base loaded into ``backend`` (once per backend; read-only in tests)."""
    return load_knowledge_base([DATA], store=backend.store)


@pytest.fixture(scope="session", params=BACKENDS)
def service(request, live) -> Server:
    """``forcedmig-kb serve`` on each backend in turn: the session's embedded server, then one on a
    real Oxigraph server and one on a real Virtuoso, each holding the chapter. The API, resource
    and page tests run on each: the same suite, the same answers."""
    if request.param == "embedded":
        return live
    sparql_server: SparqlServer = request.getfixturevalue(
        {"oxigraph-server": "oxigraph_server", "virtuoso": "virtuoso_server"}[request.param]
    )
    server = start_server(DATA, sparql_server.env())
    request.addfinalizer(lambda: stop_server(server))
    return server


# ---------------------------------------------------------------- the app in this process


def settings_from(env: dict[str, str]) -> Settings:
    """The settings that ``forcedmig-kb serve`` would read from these ``FMKB_*`` variables."""
    return Settings(data_dir=DATA, **{name.removeprefix("FMKB_").lower(): value for name, value in env.items()})


def app_client(env: dict[str, str]):
    """FastAPI's TestClient on the app ``forcedmig-kb serve`` would run with ``env`` (and the test
    server's limits), its lifespan started (the query workers), as seen from 127.0.0.1:8000."""
    from forcedmig_kb.web.app import create_app

    return ReadyTestClient(create_app(settings_from({**SERVER_ENV, **env})), base_url="http://127.0.0.1:8000")


@pytest.fixture(scope="session")
def client():
    """The app serving the chapter in this process (FastAPI's TestClient): for the tests that only
    read its answers. What the server itself does (HTTP, limits, faults) is tested on ``live``."""
    with app_client({}) as test_client:
        yield test_client


@pytest.fixture(scope="session", params=BACKENDS)
def client_on_each_store(request):
    """The app in this process on each backend in turn: ``client`` on the embedded store, then the
    app on a real Oxigraph server and on a real Virtuoso, each holding the chapter. The API,
    linked-data and page tests run on each: the same suite, the same answers."""
    if request.param == "embedded":
        yield request.getfixturevalue("client")
        return
    sparql_server: SparqlServer = request.getfixturevalue(
        {"oxigraph-server": "oxigraph_server", "virtuoso": "virtuoso_server"}[request.param]
    )
    with app_client(sparql_server.env()) as test_client:
        yield test_client


# ---------------------------------------------------------------- markers: the slow kinds

#: Fixtures that start a real ``forcedmig-kb serve`` process, and those that start a SPARQL server.
SERVER_FIXTURES = {"live", "server", "service", "serve"}
REMOTE_STORE_FIXTURES = {"oxigraph_server", "virtuoso_server"}
SLOW_KINDS = {"server", "browser", "fuzzing", "remote_store"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by the slow kinds it is of, from the fixtures it uses (a test that starts a
    server itself carries the marker), and every test of a slow kind ``slow``: the fast tier is
    ``pytest -m "not slow"``."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if fixtures & SERVER_FIXTURES:
            item.add_marker(pytest.mark.server)
        if fixtures & REMOTE_STORE_FIXTURES or any(
            params.get(name, "embedded") != "embedded" for name in ("backend", "service", "client_on_each_store")
        ):
            item.add_marker(pytest.mark.remote_store)
        if any(item.get_closest_marker(kind) for kind in SLOW_KINDS) and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)
