"""Real SPARQL 1.1 servers for the tests: an Oxigraph server and a Virtuoso, on free 127.0.0.1 ports.

Each ``start_*`` is a context manager that starts the server in a temporary directory, waits
until it answers a query, yields a :class:`SparqlServer` and stops it (SIGTERM, then harder)
whatever happened. A missing binary is an error that says how to install it, never a skip:
``pip install -e '.[test]'`` brings ``oxigraph``, ``.ci/run`` installs Debian's
``virtuoso-opensource-7``.

A :class:`SparqlServer` gives what any later test needs to use it: a ready :class:`SparqlStore`
(:meth:`SparqlServer.store`), the ``--store`` spec that ``forcedmig-kb serve --store ...`` accepts
(:attr:`SparqlServer.spec`) and the environment with its credentials (:meth:`SparqlServer.env`).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from forcedmig_kb.namespaces import GRAPH
from forcedmig_kb.store import SparqlStore

from . import free_port


@dataclass
class SparqlServer:
    """A running SPARQL server: its endpoints and credentials."""

    name: str
    query_url: str
    update_url: str
    gsp_url: str | None = None
    user: str | None = None
    password: str | None = None
    auth_scheme: str = "basic"
    log: Path | None = None
    extra: dict = field(default_factory=dict)

    @property
    def spec(self) -> str:
        """The ``--store`` / ``FMKB_STORE`` spec of this server."""
        parts = [self.query_url, self.update_url] + ([self.gsp_url] if self.gsp_url else [])
        return "sparql:" + "|".join(parts)

    def env(self) -> dict[str, str]:
        """``FMKB_*`` variables that make ``forcedmig-kb`` use this server."""
        env = {"FMKB_STORE": self.spec}
        if self.user:
            env |= {
                "FMKB_STORE_USER": self.user,
                "FMKB_STORE_PASSWORD": self.password or "",
                "FMKB_STORE_AUTH": self.auth_scheme,
            }
        return env

    def auth(self) -> httpx.Auth | None:
        if not self.user:
            return None
        if self.auth_scheme == "digest":
            return httpx.DigestAuth(self.user, self.password or "")
        return httpx.BasicAuth(self.user, self.password or "")

    def store(self, graph_prefix: str = str(GRAPH), **options) -> SparqlStore:
        """A store on this server, scoped to the graphs under ``graph_prefix``."""
        options.setdefault("gsp_url", self.gsp_url)
        options.setdefault("timeout", 120.0)
        return SparqlStore(self.query_url, self.update_url, auth=self.auth(), graph_prefix=graph_prefix, **options)


def _binary(name: str, install: str) -> str:
    found = shutil.which(name, path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if found is None:
        raise RuntimeError(f"`{name}` is not installed, and the remote store tests need it: {install}")
    return found


def _wait_for_sparql(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {proc.returncode}:\n{_tail(log)}")
        try:
            r = httpx.post(
                url, data={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}, timeout=5.0
            )
            if r.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(proc: subprocess.Popen, fallback=None) -> None:
    """SIGTERM and wait; then the fallback (a clean shutdown by other means); then SIGKILL."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
            return
        except subprocess.TimeoutExpired:
            pass
        if fallback is not None:
            try:
                fallback()
                proc.wait(timeout=15)
                return
            except Exception:  # noqa: BLE001 - the kill below is the last resort either way
                pass
        proc.kill()
        proc.wait(timeout=10)


@contextmanager
def start_oxigraph(workdir: Path, *, union: bool = False, max_seconds: int = 120) -> Iterator[SparqlServer]:
    """``oxigraph serve`` on an on-disk store in ``workdir``.

    Started without ``--union-default-graph`` on purpose (unless ``union``): the store must get
    the union default graph from the protocol, as it must on servers that cannot be configured.
    ``max_seconds`` (``--timeout-s``) stops a query there, as the README asks of a server: a
    query the service stops at its deadline would otherwise run on in the server (the protocol
    checker's 10^12-row count, for ever).
    """
    binary = _binary("oxigraph", "pip install -e '.[test]' (the `oxigraph` package)")
    port = free_port()
    log = workdir / "oxigraph.log"
    base = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                binary,
                "serve",
                "--location",
                str(workdir / "db"),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout-s",
                str(max_seconds),
                *(["--union-default-graph"] if union else []),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        _wait_for_sparql(base + "/query", proc, log, timeout=60)
        yield SparqlServer("oxigraph-server", base + "/query", base + "/update", gsp_url=base + "/store", log=log)
    finally:
        _stop(proc)


VIRTUOSO_INI = """\
; A minimal Virtuoso 7 configuration for the tests (Debian's is /etc/virtuoso-opensource-7/virtuoso.ini).
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{isql_port}
DisableUnixSocket    = 1
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., {dir}, {load_dir}
NumberOfBuffers      = {buffers}
MaxDirtyBuffers      = {dirty}
MaxClientConnections = 10
ThreadsPerQuery      = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8
EnabledDavVSP        = 0

[SPARQL]
; Debian's default cap: the adapter must notice when a result is cut at it.
ResultSetMaxRows      = {max_rows}
MaxQueryExecutionTime = {max_seconds}
MaxQueryCostEstimationTime = 400
"""


@contextmanager
def start_virtuoso(
    workdir: Path, buffers: int = 10_000, max_rows: int = 10_000, max_seconds: int = 120
) -> Iterator[SparqlServer]:
    """``virtuoso-t`` with a fresh database in ``workdir``; SPARQL on 8890 when free.

    ``buffers``: its page cache in pages of 8 KB (80 MB by default, enough for the tests; the
    benchmarks size it to the machine, as Virtuoso's tuning notes do: 340,000 for 4 GB).
    ``max_rows`` and ``max_seconds``: its cap on a result's rows and on a query's time
    (``ResultSetMaxRows``, ``MaxQueryExecutionTime``; Debian's defaults are 10,000 and 120).

    Queries go to ``/sparql`` (anonymous, read-only); updates to ``/sparql-auth`` as ``dba`` with
    digest auth, whose password is set to a random one with ``isql-vt`` first.
    """
    binary = _binary("virtuoso-t", "apt-get install virtuoso-opensource-7 (.ci/run does it)")
    isql = _binary("isql-vt", "apt-get install virtuoso-opensource-7 (.ci/run does it)")
    # ports the system picks: Virtuoso's own (8890, 1111) looked free to two test workers at once, and the
    # second one's server, failing to bind, left it talking to the first's (a 'Bad login' on its password)
    http_port, isql_port = free_port(), free_port()
    load_dir = workdir / "load"
    load_dir.mkdir()
    (workdir / "virtuoso.ini").write_text(
        VIRTUOSO_INI.format(
            dir=workdir,
            load_dir=load_dir,
            http_port=http_port,
            isql_port=isql_port,
            buffers=buffers,
            dirty=buffers * 3 // 4,
            max_rows=max_rows,
            max_seconds=max_seconds,
        ),
        encoding="utf-8",
    )
    log = workdir / "virtuoso.out"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(workdir / "virtuoso.ini")],
            cwd=workdir,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    password = secrets.token_hex(8)
    sql = Isql(isql, f"127.0.0.1:{isql_port}", "dba", "dba", workdir)
    try:
        base = f"http://127.0.0.1:{http_port}"
        _wait_for_sparql(base + "/sparql", proc, log, timeout=180)
        sql.run(f"USER_CHANGE_PASSWORD('dba', 'dba', '{password}');")
        sql.password = password
        yield SparqlServer(
            "virtuoso",
            base + "/sparql",
            base + "/sparql-auth",
            user="dba",
            password=password,
            auth_scheme="digest",
            log=log,
            extra={
                "isql": sql,
                "load_dir": load_dir,
                "gsp_url": base + "/sparql-graph-crud-auth",
                "version": _virtuoso_version(binary),
            },
        )
    finally:
        _stop(proc, fallback=lambda: sql.run("shutdown;"))


def _virtuoso_version(binary: str) -> str:
    out = subprocess.run([binary, "-?"], capture_output=True, text=True, timeout=30)
    for line in (out.stdout + out.stderr).splitlines():
        if line.startswith("Version"):
            return line.strip()
    return "unknown"


@dataclass
class Isql:
    """Runs SQL on a Virtuoso with ``isql-vt``, as an administrator would (bulk loads, grants)."""

    binary: str
    address: str
    user: str
    password: str
    workdir: Path

    def run(self, sql: str, timeout: float = 300) -> str:
        script = self.workdir / f"isql-{secrets.token_hex(4)}.sql"
        script.write_text(sql if sql.rstrip().endswith(";") else sql + ";", encoding="utf-8")
        done = subprocess.run(
            [
                self.binary,
                self.address,
                self.user,
                self.password,
                "VERBOSE=OFF",
                "BANNER=OFF",
                "PROMPT=OFF",
                "ECHO=OFF",
                str(script),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        script.unlink()
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:  # isql-vt exits 0 on SQL errors
            raise RuntimeError(f"isql-vt failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done.stdout
