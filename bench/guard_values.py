#!/usr/bin/env python3
"""Time of the query guard against Oxigraph's own time, for federation-style ``VALUES`` queries.

Run by hand, never in the test suite (results go to docs/performance.md with the machine and
the date). A federation engine's bind join sends one query with a ``VALUES`` block of many
rows; this builds such queries of 1,000, 6,000 and 15,000 rows (the largest about 788 KB, under
the 1 MB body limit), then times, in this process and on the chapter's knowledge base:

- the guard alone (:func:`forcedmig_kb.web.sparql.guard.inspect`, its cache bypassed), as a query
  worker runs it on an embedded store (``parse=False``: Oxigraph parses the query as it evaluates it);
- Oxigraph alone: parsing, evaluating and serialising the query (:meth:`OxigraphStore.answer`);
- with ``--server``, the whole round trip of ``POST /sparql`` to ``forcedmig-kb``'s app on a
  free 127.0.0.1 port (guard, worker process, Oxigraph, JSON results), with its status.

    python bench/guard_values.py [--rows 1000 6000 15000] [--repeat 3] [--server]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def values_query(rows: int) -> str:
    """A bind-join query: ``rows`` claim IRIs in a ``VALUES`` block, joined with their labels."""
    lines = "\n".join(f"  (<https://w3id.org/forcedmig/claim/row-{i:06d}-x>)" for i in range(rows))
    return (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"SELECT ?claim ?label WHERE {{\n  VALUES (?claim) {{\n{lines}\n  }}\n  ?claim rdfs:label ?label\n}}\n"
    )


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[1000, 6000, 15000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--server", action="store_true", help="also time POST /sparql on a real server")
    a = ap.parse_args()

    from forcedmig_kb.loading import load_knowledge_base
    from forcedmig_kb.web.sparql import guard

    kb = load_knowledge_base([ROOT / "data"])
    allowed = frozenset(kb.store.named_graphs())
    print(f"# {time.strftime('%Y-%m-%d %H:%M %Z')}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    print(
        "| rows | KB | guard ms | Oxigraph ms | guard / Oxigraph |"
        + (" POST /sparql ms | status |" if a.server else "")
    )
    print("|---:|---:|---:|---:|---:|" + ("---:|---:|" if a.server else ""))
    server = _start_server() if a.server else None
    try:
        for rows in a.rows:
            query = values_query(rows)
            g = best_of(a.repeat, lambda: guard.inspect(query, allowed_graphs=allowed, parse=False))  # noqa: B023
            o = best_of(
                a.repeat,
                lambda: kb.store.answer(query, media_type="application/sparql-results+json"),  # noqa: B023
            )
            line = f"| {rows:,} | {len(query.encode()) / 1000:.0f} | {g * 1000:.1f} | {o * 1000:.1f} | {g / o:.1f} |"
            if server is not None:
                import httpx

                status = 0

                def post() -> None:
                    nonlocal status
                    status = httpx.post(
                        server[1] + "/sparql",
                        content=query.encode(),  # noqa: B023
                        headers={
                            "Content-Type": "application/sparql-query",
                            "Accept": "application/sparql-results+json",
                        },
                        timeout=60,
                    ).status_code

                t = best_of(a.repeat, post)
                line += f" {t * 1000:.0f} | {status} |"
            print(line, flush=True)
    finally:
        if server is not None:
            server[0].terminate()
            server[0].wait(timeout=15)
    return 0


def _start_server() -> tuple[subprocess.Popen[bytes], str]:
    import httpx
    from endpoint_load import SERVER, free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), str(ROOT / "data")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            httpx.get(base + "/", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.5)
    for path in ("/findings", "/sparql?query=ASK%7B%7D"):  # made in the background at start: 503 until then
        while httpx.get(base + path, timeout=10).status_code == 503:
            time.sleep(0.2)
    return proc, base


if __name__ == "__main__":
    sys.exit(main())
