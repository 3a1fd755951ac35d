#!/usr/bin/env python3
"""Load and fault injection: the real server under a mixed workload from many concurrent clients.

Run by hand (results go to docs/performance.md, "Load and faults", with the machine and the
date); a tiny run is part of the test suite (tests/test_worker_faults.py). It starts
``forcedmig-kb serve`` on a free port of 127.0.0.1 (only 127.0.0.1 is ever contacted), then
``--clients`` clients, each on its own keep-alive connection, send requests one after another
for ``--seconds``, drawn at random (seeded) from a mix of

- the research API (``/claims`` filtered and paged, ``/claims/{id}``, ``/sources/{key}``,
  ``/sources/{key}/claims``, ``/findings``, ``/stats``),
- SPARQL (named queries and small SELECT / ASK / CONSTRUCT, by GET, form POST and direct POST),
- dereferencing (claims, sources and the chapter as Turtle, JSON-LD and HTML; ``/void``).

With ``--kill-every S`` a random query worker process of the server is killed (SIGKILL) every
S seconds, as a crash or the kernel's OOM killer would: the pool replaces it, and a request in
flight on it must get a clean 503, never a hang or another error.

    python bench/load/load.py                                # 50 clients, 20 s
    python bench/load/load.py --kill-every 0.5               # the same, killing workers
    python bench/load/load.py --clients 5 --seconds 3 --json # what the test suite runs

Prints requests per second, p50/p90/p99 latency per kind of request, and the outcome counts;
exits 1 if any request failed (a status other than 2xx, or 503 other than a killed worker's
when killing), hung (no answer within ``--timeout``) or the pool did not recover. The client is
pure Python (asyncio streams, a minimal HTTP/1.1 client: far lighter than httpx, so that on a
2-core machine most of the CPU is left to the server).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FM = "https://w3id.org/forcedmig/ontology/"
SPARQL = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?c a <%sQuantityClaim> }" % FM,
    "SELECT ?claim ?label WHERE { ?claim <http://www.w3.org/ns/prov#hadPrimarySource> "
    "<https://w3id.org/forcedmig/source/fortune2015> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
    "ASK { ?s <http://www.w3.org/ns/prov#wasDerivedFrom> ?o }",
    "CONSTRUCT WHERE { <https://w3id.org/forcedmig/claim/dw2019-top500-sales-2014> ?p ?o }",
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def query_workers(server_pid: int) -> list[int]:
    """The server's query workers: the processes whose parent is a child of the server (the
    forkserver starts them), found through /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] not in ("Z", "X"):
                parents[int(entry.name)] = int(fields[1])
    children = {p for p, parent in parents.items() if parent == server_pid}
    return sorted(p for p, parent in parents.items() if parent in children)


@dataclass
class Outcomes:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def add(self, kind: str, outcome: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        self.counts[outcome] = self.counts.get(outcome, 0) + 1


class Connection:
    """One keep-alive HTTP/1.1 connection to the server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, target: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        fields = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines if h)}
        if "content-length" in fields:
            payload = await self.reader.readexactly(int(fields["content-length"]))
        else:
            payload = await self.reader.read()
            fields["connection"] = "close"
        if fields.get("connection", "").lower() == "close":
            self.close()
        return status, payload

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def workload(claims: list[str], sources: list[str]) -> list[tuple[str, float, object]]:
    """(kind, weight, request maker) for each kind of request; a maker takes a Random."""

    def api(rng: random.Random):
        return rng.choice(
            [
                ("GET", "/claims?limit=20&offset=%d" % rng.randrange(0, 40), {}),
                ("GET", "/claims?topic=migrant-stocks&period_from=2015", {}),
                ("GET", "/claims/" + rng.choice(claims), {}),
                ("GET", "/sources/" + rng.choice(sources), {}),
                ("GET", "/sources/" + rng.choice(sources) + "/claims", {}),
                ("GET", "/findings?severity=warning", {}),
                ("GET", "/stats", {}),
            ]
        )

    def sparql(rng: random.Random):
        query = rng.choice(SPARQL)
        accept = {
            "Accept": "text/turtle"
            if query.startswith("CONSTRUCT")
            else rng.choice(["application/sparql-results+json", "text/csv", "application/sparql-results+xml"])
        }
        how = rng.choice(["get", "form", "direct"])
        if how == "get":
            return "GET", "/sparql?" + urllib.parse.urlencode({"query": query}), accept
        if how == "form":
            return (
                "POST",
                "/sparql",
                {**accept, "Content-Type": "application/x-www-form-urlencoded"},
                urllib.parse.urlencode({"query": query}).encode(),
            )
        return "POST", "/sparql", {**accept, "Content-Type": "application/sparql-query"}, query.encode()

    def deref(rng: random.Random):
        return rng.choice(
            [
                ("GET", "/claim/" + rng.choice(claims), {"Accept": "text/turtle"}),
                ("GET", "/claim/" + rng.choice(claims), {"Accept": "text/html"}),
                ("GET", "/source/" + rng.choice(sources), {"Accept": "application/ld+json"}),
                ("GET", "/doc/delgado-wise-2019", {"Accept": "text/turtle"}),
                ("GET", "/void", {"Accept": "text/turtle"}),
            ]
        )

    return [("api", 0.4, api), ("sparql", 0.35, sparql), ("deref", 0.25, deref)]


async def client(
    port: int, rng: random.Random, mix, until: float, timeout: float, killing: bool, out: Outcomes
) -> None:
    conn = Connection(port)
    kinds, weights = [m[0] for m in mix], [m[1] for m in mix]
    makers = {m[0]: m[2] for m in mix}
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        method, target, headers, *body = makers[kind](rng)
        started = time.monotonic()
        try:
            status, payload = await asyncio.wait_for(conn.request(method, target, headers, *(body or [b""])), timeout)
        except TimeoutError:
            out.add(kind, "hung", time.monotonic() - started)
            out.failures.append(f"no answer within {timeout} s: {method} {target[:80]}")
            conn.close()
            continue
        except (OSError, asyncio.IncompleteReadError) as exc:
            out.add(kind, "connection error", time.monotonic() - started)
            out.failures.append(f"{exc.__class__.__name__}: {method} {target[:80]}")
            conn.close()
            continue
        seconds = time.monotonic() - started
        if 200 <= status < 300:
            out.add(kind, "2xx", seconds)
        elif status == 503 and killing and b"worker ended" in payload:
            out.add(kind, "503 worker killed", seconds)
        else:
            out.add(kind, str(status), seconds)
            out.failures.append(f"{status} {payload[:120]!r}: {method} {target[:80]}")
    conn.close()


async def killer(server_pid: int, every: float, until: float, rng: random.Random, killed: list[int]) -> None:
    while time.monotonic() + every < until:
        await asyncio.sleep(every)
        workers = query_workers(server_pid)
        if workers:
            victim = rng.choice(workers)
            try:
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
            except ProcessLookupError:
                pass


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


async def run(args: argparse.Namespace, port: int, server_pid: int) -> dict:
    probe = Connection(port)
    # the index, the check and the query workers are made in the background at start: 503 until then
    for target in ("/findings", "/sparql?query=ASK%7B%7D"):
        while (await probe.request("GET", target, {}))[0] == 503:
            await asyncio.sleep(0.1)
    _, claims_json = await probe.request("GET", "/claims?limit=500", {})
    _, sources_json = await probe.request("GET", "/sources", {})
    probe.close()
    claims = [c["id"] for c in json.loads(claims_json)["items"]]
    sources = [s["key"] for s in json.loads(sources_json)]
    mix = workload(claims, sources)
    rng = random.Random(args.seed)
    out = Outcomes()
    killed: list[int] = []
    workers_before = query_workers(server_pid)
    started = time.monotonic()
    until = started + args.seconds
    tasks = [
        client(port, random.Random(rng.random()), mix, until, args.timeout, args.kill_every is not None, out)
        for _ in range(args.clients)
    ]
    if args.kill_every:
        tasks.append(killer(server_pid, args.kill_every, until, random.Random(rng.random()), killed))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    # the pool replaces every killed worker: wait for it, then a query must be answered
    recovered = False
    for _ in range(100):
        if len(query_workers(server_pid)) == len(workers_before):
            conn = Connection(port)
            status, _ = await conn.request(
                "GET", "/sparql?" + urllib.parse.urlencode({"query": SPARQL[0]}), {"Accept": "text/csv"}
            )
            conn.close()
            if status == 200:
                recovered = True
                break
        await asyncio.sleep(0.1)
    if not recovered:
        out.failures.append("the pool did not get back to its size, or did not answer, after the run")
    everything = [s for values in out.latencies.values() for s in values]
    return {
        "clients": args.clients,
        "seconds": round(elapsed, 2),
        "requests": len(everything),
        "rps": round(len(everything) / elapsed, 1),
        "latency_ms": {
            kind: {
                "n": len(v),
                "p50": round(percentile(v, 50), 2),
                "p90": round(percentile(v, 90), 2),
                "p99": round(percentile(v, 99), 2),
                "max": round(max(v) * 1000, 1),
            }
            for kind, v in sorted({**out.latencies, "all": everything}.items())
        },
        "outcomes": dict(sorted(out.counts.items())),
        "workers": len(workers_before),
        "workers_killed": len(killed),
        "recovered": recovered,
        "failures": out.failures[:20],
        "failure_count": len(out.failures),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--kill-every", type=float, default=None, help="kill a random query worker every S seconds")
    parser.add_argument("--timeout", type=float, default=30.0, help="a request unanswered this long has hung")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=None, help="FMKB_QUERY_WORKERS of the server (default: its own)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON only")
    args = parser.parse_args()

    port = free_port()
    env = {**os.environ}
    if args.workers:
        env["FMKB_QUERY_WORKERS"] = str(args.workers)
    server = subprocess.Popen(
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
            str(ROOT / "data"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(
                        f"the server did not start:\n{server.stdout.read().decode() if server.stdout else ''}"
                    ) from None
                time.sleep(0.2)
        time.sleep(0.5)
        result = asyncio.run(run(args, port, server.pid))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    result["machine"] = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(
            f"{result['clients']} clients, {result['seconds']} s: {result['requests']} requests, {result['rps']} req/s"
            + (
                f"; {result['workers_killed']} of {result['workers']} workers' processes killed"
                if args.kill_every
                else ""
            )
        )
        print(f"{'kind':8} {'n':>7} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        for kind, lat in result["latency_ms"].items():
            print(f"{kind:8} {lat['n']:>7} {lat['p50']:>8} {lat['p90']:>8} {lat['p99']:>8} {lat['max']:>8}")
        print("outcomes:", result["outcomes"], "| pool recovered:", result["recovered"])
        for failure in result["failures"]:
            print("  failure:", failure)
    return 1 if result["failure_count"] else 0


if __name__ == "__main__":
    sys.exit(main())
