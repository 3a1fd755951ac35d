#!/usr/bin/env python3
"""Load test of the service on 127.0.0.1: requests per second and p50/p99 latency.

Run by hand, never in the test suite (results go to docs/performance.md with the machine and
the date). It starts ``forcedmig-kb``'s app with uvicorn on a free loopback port, once per
server variant, and drives it with ``wrk`` (Debian: ``apt-get install wrk``; one client thread,
10 connections, so the load generator takes little CPU from the server on a 2-core machine):

    python bench/endpoint_load.py                      # the default server, both scenarios
    python bench/endpoint_load.py --variants           # also h11/asyncio/access-log variants
    python bench/endpoint_load.py --seconds 20 --connections 10

Scenarios: a point lookup of the research API (``/sources/{key}/claims``) and a SPARQL query
through the protocol endpoint (``/sparql``: guard, worker process, Oxigraph, JSON results).
Every request is bounded (``--seconds`` per run) and only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SPARQL = (
    "SELECT ?claim ?label WHERE { ?claim <http://www.w3.org/ns/prov#hadPrimarySource> "
    "<https://w3id.org/forcedmig/source/fortune2015> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
)
SERVER = """
import sys, uvicorn
from forcedmig_kb.settings import Settings
from forcedmig_kb.web.app import create_app
if __name__ == "__main__":
    port, http, loop, access = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
    app = create_app(Settings(data_dir="{data}"))
    uvicorn.run(app, host="127.0.0.1", port=int(port), http=http, loop=loop, access_log=access,
                log_level="info" if access else "warning")
"""
VARIANTS = {
    "default (httptools, uvloop, no access log)": ("httptools", "uvloop", "0"),
    "h11 + asyncio loop": ("h11", "asyncio", "0"),
    "httptools + uvloop + access log": ("httptools", "uvloop", "1"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str]) -> dict[str, float]:
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, timeout=seconds + 30).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        if not m:
            raise RuntimeError(f"cannot read wrk's output:\n{out}")
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": ms("50"), "p99": ms("99"), "errors": int(errors.group(1)) if errors else 0}


def run_variant(http: str, loop: str, access: str, seconds: int, connections: int) -> dict[str, dict[str, float]]:
    port = free_port()
    code = SERVER.replace("{data}", str(ROOT / "data"))
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(port), http, loop, access],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        lookup = base + "/sources/fortune2015/claims"
        sparql = base + "/sparql?query=" + urllib.parse.quote(SPARQL)
        accept = {"Accept": "application/sparql-results+json"}
        wrk(lookup, 2, connections, {})  # warm up
        wrk(sparql, 2, connections, accept)
        return {
            "/sources/{key}/claims": wrk(lookup, seconds, connections, {}),
            "/sparql (SELECT, JSON)": wrk(sparql, seconds, connections, accept),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=15)


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
    return f"{os.cpu_count()} cores ({cpu}), {mem} MiB RAM, load average before: {os.getloadavg()[0]:.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=10)
    ap.add_argument("--variants", action="store_true", help="also measure the slower server set-ups")
    a = ap.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    import fastapi  # noqa: E401
    import pyoxigraph
    import uvicorn

    print(f"# {time.strftime('%Y-%m-%d %H:%M %Z')}; {machine()}")
    print(
        f"# Python {platform.python_version()}, uvicorn {uvicorn.__version__}, FastAPI {fastapi.__version__}, "
        f"pyoxigraph {pyoxigraph.__version__}; wrk -t1 -c{a.connections} -d{a.seconds}s"
    )
    print("| server | route | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---:|---:|---:|---:|")
    chosen = VARIANTS if a.variants else dict(list(VARIANTS.items())[:1])
    for name, (http, loop, access) in chosen.items():
        for route, r in run_variant(http, loop, access, a.seconds, a.connections).items():
            print(
                f"| {name} | {route} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} |", flush=True
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
