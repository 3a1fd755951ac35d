#!/usr/bin/env python3
"""Load test of the service on 127.0.0.1, against a bare FastAPI route and Oxigraph's own server.

Run by hand, never in the test suite (results go to docs/performance.md with the machine and
the date). It starts, each on a free loopback port:

- a *bare* FastAPI app: one ``async`` route answering the point look-up's own JSON bytes, no
  middleware, under exactly the uvicorn settings of ``forcedmig-kb serve``
  (:func:`forcedmig_kb.web.serving.uvicorn_options`: httptools with the head limits, uvloop,
  no access log): what the framework and the server cost, the ceiling of any route;
- ``forcedmig-kb``'s app (:func:`forcedmig_kb.web.app.create_app`) under the same settings;
- ``oxigraph serve`` (the binary of the ``test`` extra) on the same data, union default graph:
  the engine's own ceiling for the SPARQL query;

then drives each with ``wrk`` (Debian: ``apt-get install wrk``, 4.1.0 here; one client thread,
10 connections, so the load generator takes one core of a 2-core machine), one after the
other in ONE run, so that the ratios against the bare route are measured under the same load.
Each scenario runs ``--rounds`` times, the scenarios in turn, so that a change of a shared
machine's load falls on all of them; the table gives the median round of each, its ratio to the
bare route of the same round (the median of those), the range of the rounds' p99, and the CPU
time per request of the server process, of the processes below it (the query workers), read
from /proc, and of wrk itself:

    python bench/endpoint_load.py                      # 3 rounds of 10 s per scenario
    python bench/endpoint_load.py --seconds 5 --rounds 5 --only "new query"

Scenarios: the bare route; the research API's point look-up (``/sources/{key}/claims``); one
small SELECT through the protocol endpoint (``/sparql``), asked again and again (after the first,
answered from the pool's cache of answers) and made new for each request by a comment with a
counter (guard, worker process, Oxigraph, JSON results every time); the same SELECT on
``oxigraph serve``. Every request is bounded (``--seconds`` per
run) and only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
LOOKUP = "/sources/fortune2015/claims"
SPARQL = (
    "SELECT ?claim ?label WHERE { ?claim <http://www.w3.org/ns/prov#hadPrimarySource> "
    "<https://w3id.org/forcedmig/source/fortune2015> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
)
RESULTS_JSON = {"Accept": "application/sparql-results+json"}
#: The service as ``forcedmig-kb serve`` runs it (argv: port, data folder).
SERVER = """
import sys, uvicorn
from forcedmig_kb.settings import Settings
from forcedmig_kb.web.app import create_app
from forcedmig_kb.web.serving import uvicorn_options
if __name__ == "__main__":
    settings = Settings(host="127.0.0.1", port=int(sys.argv[1]), data_dir=sys.argv[2])
    uvicorn.run(create_app(settings), **{**uvicorn_options(settings), "log_level": "warning"})
"""
#: A bare FastAPI route under the same uvicorn settings (argv: port, file with the body to answer).
BARE = """
import sys, uvicorn
from pathlib import Path
from fastapi import FastAPI, Response
from forcedmig_kb.settings import Settings
from forcedmig_kb.web.serving import uvicorn_options
if __name__ == "__main__":
    body = Path(sys.argv[2]).read_bytes()
    app = FastAPI()

    @app.get("/bare")
    async def bare() -> Response:
        return Response(body, media_type="application/json")

    settings = Settings(host="127.0.0.1", port=int(sys.argv[1]))
    uvicorn.run(app, **{**uvicorn_options(settings), "log_level": "warning"})
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: A wrk script that makes each request's query new (a comment with a counter), so that no answer
#: is sent again from the pool's cache: every request goes to a worker process.
DISTINCT = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "%%20%%23" .. counter)
end
"""


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str], script: str = "") -> dict[str, float]:
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script.replace("%%", "%"))
            lua.flush()
            args += ["-s", lua.name]
        out = subprocess.run([*args, url], capture_output=True, text=True, timeout=seconds + 30).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        if not m:
            raise RuntimeError(f"cannot read wrk's output:\n{out}")
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": ms("50"),
        "p99": ms("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def wait_until_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(240):
        if proc.poll() is not None:
            raise RuntimeError(f"the server for {url} ended at start (exit {proc.returncode})")
        try:
            httpx.get(url, timeout=1)
        except httpx.TransportError:
            time.sleep(0.5)
            continue
        # forcedmig-kb makes its index, query workers and check in the background: 503 until then
        base = url.split("/", 3)
        for path in ("/findings", "/sparql?query=ASK%7B%7D"):
            while httpx.get("/".join(base[:3]) + path, timeout=10).status_code == 503:
                time.sleep(0.2)
        return
    raise RuntimeError(f"{url} did not come up")


#: The process id of the server behind each base URL (for its CPU time).
PIDS: dict[str, int] = {}


@contextlib.contextmanager
def process(args: list[str], url: str) -> Iterator[str]:
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(url, proc)
        PIDS[url.removesuffix("/bare").rstrip("/")] = proc.pid
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def servers(workdir: Path) -> Iterator[dict[str, str]]:
    """The three servers, up; their base URLs (``app``, ``bare``, ``oxigraph``)."""
    from forcedmig_kb.loading import load_knowledge_base

    data = ROOT / "data"
    nquads = workdir / "kb.nq"
    nquads.write_bytes(load_knowledge_base([data]).store.dump(format="application/n-quads"))
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    subprocess.run(
        [oxigraph, "load", "--location", str(workdir / "db"), "--file", str(nquads)], check=True, capture_output=True
    )
    with contextlib.ExitStack() as stack:
        port = free_port()
        app = stack.enter_context(
            process([sys.executable, "-c", SERVER, str(port), str(data)], f"http://127.0.0.1:{port}")
        )
        body = workdir / "body.json"
        body.write_bytes(httpx.get(app + LOOKUP, timeout=10).content)
        port = free_port()
        bare = stack.enter_context(
            process([sys.executable, "-c", BARE, str(port), str(body)], f"http://127.0.0.1:{port}/bare")
        )
        port = free_port()
        ox = stack.enter_context(
            process(
                # no --timeout-s: with it, Oxigraph 0.5 answers part of a load with 500 (EAGAIN)
                [oxigraph, "serve", "--location", str(workdir / "db"), "--bind", f"127.0.0.1:{port}"]
                + ["--union-default-graph"],
                f"http://127.0.0.1:{port}/",
            )
        )
        yield {"app": app, "bare": bare.removesuffix("/bare"), "oxigraph": ox.rstrip("/")}


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds (user and system) so far of a process and of every process below it (the
    query workers and the forkserver they come from), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    below, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - below
        below |= frontier

    def seconds(p: int) -> float:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    return seconds(pid), sum(map(seconds, below))


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return f"nproc {os.cpu_count()} ({cpu}), {mem} MiB RAM"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=10)
    ap.add_argument(
        "--only",
        action="append",
        default=[],
        help="run only the scenarios whose name holds this (the bare route always)",
    )
    ap.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="each scenario this many times, the scenarios in turn, so that a change of the machine's load "
        "falls on all of them; the table gives the median round (and the range of req/s)",
    )
    a = ap.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    import fastapi
    import pyoxigraph
    import uvicorn

    query = "/sparql?query=" + urllib.parse.quote(SPARQL)
    with tempfile.TemporaryDirectory(prefix="fmkb-load-") as tmp, servers(Path(tmp)) as base:
        scenarios = {
            "bare FastAPI route (same uvicorn settings)": (base["bare"], "/bare", {}, ""),
            f"point look-up {LOOKUP}": (base["app"], LOOKUP, {}, ""),
            "/sparql small SELECT (JSON), the same query again": (base["app"], query, RESULTS_JSON, ""),
            "/sparql small SELECT (JSON), a new query each time": (base["app"], query, RESULTS_JSON, DISTINCT),
            "oxigraph serve, same SELECT (engine ceiling)": (
                base["oxigraph"],
                "/query?query=" + urllib.parse.quote(SPARQL),
                RESULTS_JSON,
                "",
            ),
        }
        scenarios = {
            name: scenario
            for i, (name, scenario) in enumerate(scenarios.items())
            if i == 0 or not a.only or any(part in name for part in a.only)
        }
        for server, path, headers, script in scenarios.values():
            wrk(server + path, 2, a.connections, headers, script)  # warm up: caches, workers, pages
        print(f"# {time.strftime('%Y-%m-%d %H:%M %Z')}; {machine()}; load average before: {os.getloadavg()[0]:.2f}")
        print(
            f"# Python {platform.python_version()}, uvicorn {uvicorn.__version__}, FastAPI {fastapi.__version__}, "
            f"pyoxigraph {pyoxigraph.__version__}; wrk -t1 -c{a.connections} -d{a.seconds}s; {a.rounds} rounds"
        )
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in scenarios}
        for _ in range(a.rounds):
            for name, (server, path, headers, script) in scenarios.items():
                before, client = cpu_seconds(PIDS[server]), resource.getrusage(resource.RUSAGE_CHILDREN)
                r = wrk(server + path, a.seconds, a.connections, headers, script)
                after, client_after = cpu_seconds(PIDS[server]), resource.getrusage(resource.RUSAGE_CHILDREN)
                done = max(r["rps"] * a.seconds, 1)
                r["server_us"] = (after[0] - before[0]) / done * 1e6
                r["workers_us"] = (after[1] - before[1]) / done * 1e6
                used = client_after.ru_utime + client_after.ru_stime - client.ru_utime - client.ru_stime
                r["wrk_us"] = used / done * 1e6  # wrk, the one child that ended meanwhile
                runs[name].append(r)
        print(
            "| scenario | req/s (median) | range | p50 ms | p99 ms | p99 range | errors | / bare | "
            "CPU µs per request: server | its workers | wrk |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        bare = next(iter(runs.values()))
        for name, results in runs.items():
            rps = [r["rps"] for r in results]
            mid = sorted(results, key=lambda r: r["rps"])[len(results) // 2]
            ratio = statistics.median(r["rps"] / b["rps"] for r, b in zip(results, bare, strict=True))  # round by round
            print(
                f"| {name} | {statistics.median(rps):.0f} | {min(rps):.0f} – {max(rps):.0f} | {mid['p50']:.2f} | "
                f"{mid['p99']:.2f} | {min(r['p99'] for r in results):.2f} – {max(r['p99'] for r in results):.2f} | "
                f"{sum(int(r['errors']) for r in results)} | {ratio:.2f} | "
                f"{mid['server_us']:.0f} | {mid['workers_us']:.0f} | {mid['wrk_us']:.0f} |",
                flush=True,
            )
        print(f"# load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
