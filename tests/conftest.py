"""Shared fixtures: the chapter's knowledge base, the fixture corpora, a real server, real SPARQL stores."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from forcedmig_kb import load_knowledge_base
from forcedmig_kb.store import OxigraphStore, Store

sys.path.insert(0, str(Path(__file__).resolve().parent))  # --import-mode=importlib: make tests/servers.py importable
from servers import SparqlServer, start_oxigraph, start_virtuoso  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "data"
CHAPTER = Path(os.environ.get("FMKB_CHAPTER", ROOT.parent / "shared" / "source" / "chapter.txt"))


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            raise RuntimeError(f"server exited with {proc.returncode}:\n{out}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not come up in {timeout} s")


@pytest.fixture(scope="session")
def server():
    """A real ``forcedmig-kb serve`` process on 127.0.0.1, serving the chapter; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "forcedmig_kb.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--data", str(DATA)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/", proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


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
    server: SparqlServer = request.getfixturevalue({"oxigraph-server": "oxigraph_server", "virtuoso": "virtuoso_server"}[name])
    return Backend(name, server.store(), server.spec, server.env(), server)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> Backend:
    """Each backend in turn (embedded, Oxigraph server, Virtuoso), its store scoped to the knowledge base's graphs."""
    return make_backend(request.param, request)


@pytest.fixture(scope="session")
def backend_kb(backend):
    """The chapter's knowledge base loaded into ``backend`` (once per backend; read-only in tests)."""
    return load_knowledge_base([DATA], store=backend.store)
