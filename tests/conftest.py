"""Shared fixtures: the chapter's knowledge base, the fixture corpora, a real server, real SPARQL stores."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
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


@pytest.fixture(scope="session", autouse=True)
def cache_dir(tmp_path_factory):
    """What the tests' servers derive from remote stores is saved here, not in ~/.cache."""
    path = tmp_path_factory.mktemp("fmkb-cache")
    os.environ["FMKB_CACHE_DIR"] = str(path)
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


#: Limits of the test server: a short deadline keeps the runaway-query tests quick, short
#: head and body timeouts the slow-client tests.
SERVER_ENV = {"FMKB_QUERY_TIMEOUT": "2", "FMKB_MAX_ROWS": "2000", "FMKB_MAX_BODY_BYTES": "100000", "FMKB_QUERY_MEMORY": "384",
              "FMKB_QUERY_WORKERS": "2", "FMKB_HEADER_TIMEOUT": "2", "FMKB_BODY_TIMEOUT": "3"}


@dataclass
class Server:
    """A running ``forcedmig-kb serve`` process."""

    url: str
    proc: subprocess.Popen

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


def start_server(data: Path, env: dict[str, str] | None = None) -> Server:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "forcedmig_kb.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--data", str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ, **SERVER_ENV, **(env or {})},
    )
    server = Server(f"http://127.0.0.1:{port}", proc)
    try:
        wait_until_up(server.url + "/", proc)
    except BaseException:
        stop_server(server)
        raise
    return server


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(timeout=5)


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


class Canary:
    """A TCP listener on 127.0.0.1 that records every connection made to it.

    A query naming ``canary.url`` in SERVICE, FROM, LOAD or a dataset parameter proves the
    server opened no connection on a client's behalf when ``canary.hits`` stays empty.
    """

    def __init__(self) -> None:
        self.hits: list[bytes] = []
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self._sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(1.0)
                try:
                    self.hits.append(conn.recv(1024) or b"<no request line>")
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    self.hits.append(b"<connection>")

    def settled_hits(self, wait: float = 0.5) -> list[bytes]:
        time.sleep(wait)
        return list(self.hits)

    def close(self) -> None:
        self._stop = True
        self._sock.close()


@pytest.fixture
def canary():
    c = Canary()
    try:
        yield c
    finally:
        c.close()


def descendants(pid: int) -> set[int]:
    """The process ids of every live process below ``pid`` (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        children = {p for p, parent in parents.items() if parent in frontier}
        frontier = children - found
        found |= children
    return found


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


@pytest.fixture(scope="session", params=BACKENDS)
def service(request, live) -> Server:
    """``forcedmig-kb serve`` on each backend in turn: the session's embedded server, then one on a
    real Oxigraph server and one on a real Virtuoso, each holding the chapter. The API, resource
    and page tests run on each: the same suite, the same answers."""
    if request.param == "embedded":
        return live
    sparql_server: SparqlServer = request.getfixturevalue(
        {"oxigraph-server": "oxigraph_server", "virtuoso": "virtuoso_server"}[request.param])
    server = start_server(DATA, sparql_server.env())
    request.addfinalizer(lambda: stop_server(server))
    return server
