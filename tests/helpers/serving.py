"""A real ``forcedmig-kb serve`` process on 127.0.0.1, and what the server tests watch it with.

- :func:`start_server` / :func:`stop_server`: a server on a free port with the test limits of
  :data:`SERVER_ENV` (a 2 s deadline, short head and body timeouts), by default once it has made
  what it makes in the background (:func:`wait_until_ready`; :class:`ReadyTestClient` in process);
- :class:`Canary`: a listener that records every connection made to it (proof that the server
  opened none on a client's behalf);
- :func:`descendants`, :func:`cpu_seconds`: the processes below a server and their CPU time
  (proof that a stopped query's work really stopped).
"""

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
from fastapi.testclient import TestClient

from . import ROOT, free_port


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


#: What a starting server makes in the background (:mod:`forcedmig_kb.web.startup`): both answer
#: 503 until it is made.
READY_PATHS = ("/findings", "/sparql?query=ASK%7B%7D")


def wait_until_ready(get, timeout: float = 120.0) -> None:
    """Wait until a server (``get``: a client's ``get``) has made what it makes in the background:
    the check's findings and the query workers (each answers 503 until then)."""
    deadline = time.monotonic() + timeout
    for path in READY_PATHS:
        while (status := get(path).status_code) == 503:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{path} still answered 503 after {timeout} s")
            time.sleep(0.05)
        assert status == 200, (path, status)


class ReadyTestClient(TestClient):
    """FastAPI's TestClient that, once the app's lifespan has started, waits until the service is ready."""

    def __enter__(self):
        client = super().__enter__()
        wait_until_ready(client.get)
        return client


#: Limits of the test server: a short deadline keeps the runaway-query tests quick, short
#: head and body timeouts the slow-client tests.
SERVER_ENV = {
    "FMKB_QUERY_TIMEOUT": "2",
    "FMKB_MAX_ROWS": "2000",
    "FMKB_MAX_BODY_BYTES": "100000",
    "FMKB_QUERY_MEMORY": "384",
    "FMKB_QUERY_WORKERS": "2",
    "FMKB_HEADER_TIMEOUT": "2",
    "FMKB_BODY_TIMEOUT": "3",
}


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


def start_server(data: Path, env: dict[str, str] | None = None, *, ready: bool = True) -> Server:
    """A ``serve`` process on ``data``, answering; with ``ready``, also done with what it makes in
    the background (the check's findings, the query workers)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "forcedmig_kb.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data",
            str(data),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV, **(env or {})},
    )
    server = Server(f"http://127.0.0.1:{port}", proc)
    try:
        wait_until_up(server.url + "/", proc)
        if ready:
            with httpx.Client(base_url=server.url, timeout=10.0) as client:
                wait_until_ready(client.get)
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
            except TimeoutError:
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
