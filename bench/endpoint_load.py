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
other in ONE run, so that the ratios against the bare route are measured under the same load:

    python bench/endpoint_load.py                      # 10 s per scenario
    python bench/endpoint_load.py --seconds 20 --connections 10

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
import shutil
import socket
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


@contextlib.contextmanager
def process(args: list[str], url: str) -> Iterator[str]:
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(url, proc)
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
            "bare FastAPI route (same uvicorn settings)": (base["bare"] + "/bare", {}, ""),
            f"point look-up {LOOKUP}": (base["app"] + LOOKUP, {}, ""),
            "/sparql small SELECT (JSON), the same query again": (base["app"] + query, RESULTS_JSON, ""),
            "/sparql small SELECT (JSON), a new query each time": (base["app"] + query, RESULTS_JSON, DISTINCT),
            "oxigraph serve, same SELECT (engine ceiling)": (
                base["oxigraph"] + "/query?query=" + urllib.parse.quote(SPARQL),
                RESULTS_JSON,
                "",
            ),
        }
        for url, headers, script in scenarios.values():
            wrk(url, 2, a.connections, headers, script)  # warm up: caches, workers, pages
        print(f"# {time.strftime('%Y-%m-%d %H:%M %Z')}; {machine()}; load average before: {os.getloadavg()[0]:.2f}")
        print(
            f"# Python {platform.python_version()}, uvicorn {uvicorn.__version__}, FastAPI {fastapi.__version__}, "
            f"pyoxigraph {pyoxigraph.__version__}; wrk -t1 -c{a.connections} -d{a.seconds}s"
        )
        print("| scenario | req/s | p50 ms | p99 ms | errors | / bare |")
        print("|---|---:|---:|---:|---:|---:|")
        bare_rps = None
        for name, (url, headers, script) in scenarios.items():
            r = wrk(url, a.seconds, a.connections, headers, script)
            bare_rps = bare_rps or r["rps"]
            print(
                f"| {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} | "
                f"{r['rps'] / bare_rps:.2f} |",
                flush=True,
            )
        print(f"# load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
