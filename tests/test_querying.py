"""querying: untrusted queries in killable worker processes, under a deadline and a row cap.

The security rules: a runaway query is really stopped (its
worker process is gone) while another query is answered meanwhile, and a worker cannot open
a connection even for a query the guard would have let through.
"""

import asyncio
import json
import subprocess
import sys
import time

import pytest

from forcedmig_kb.errors import (
    QueryError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    QueryTooLarge,
    ResultNotAcceptable,
)
from forcedmig_kb.store import OxigraphStore
from forcedmig_kb.web.negotiation import GRAPH_TYPES, RESULT_TYPES
from forcedmig_kb.web.sparql.pool import QueryPool
from forcedmig_kb.web.sparql.worker import QueryRequest, Snapshot

CROSS_JOIN = (
    "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(12)) + " }"
)


def snapshot(max_rows=50):
    store = OxigraphStore()
    store.load(
        b"".join(b"<http://ex/s%d> <http://ex/p> %d .\n" % (i, i) for i in range(100)),
        format="text/turtle",
        graph="http://ex/g",
    )
    return Snapshot.of(store, max_rows=max_rows, offered_results=RESULT_TYPES, offered_graph=GRAPH_TYPES)


def request(query, results=RESULT_TYPES, graph=GRAPH_TYPES, **dataset):
    return QueryRequest(query, results, graph, **dataset)


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def run(coro):
    return asyncio.run(coro)


@pytest.mark.slow
def test_runaway_query_is_killed_and_others_are_answered_meanwhile():
    async def scenario():
        pool = QueryPool(snapshot(), size=2, timeout=1.5)
        await pool.start()
        try:
            before = set(pool.pids)
            started = time.monotonic()
            runaway = asyncio.create_task(pool.answer(request(CROSS_JOIN)))
            await asyncio.sleep(0.3)
            quick = await pool.answer(request("ASK { ?s ?p 3 }"))  # answered while the runaway runs
            quick_at = time.monotonic() - started
            with pytest.raises(QueryTimeout, match="deadline of 1.5 s"):
                await runaway
            stopped_at = time.monotonic() - started
            for _ in range(50):  # the replacement starts in the background
                if len(pool.pids) == 2 and set(pool.pids) != before:
                    break
                await asyncio.sleep(0.1)
            after = set(pool.pids)
            return quick, quick_at, stopped_at, before, after
        finally:
            await pool.close()

    quick, quick_at, stopped_at, before, after = run(scenario())
    assert json.loads(quick.body) == {"head": {}, "boolean": True}
    assert quick_at < 1.5, "the other query had to wait for the runaway"
    assert 1.4 < stopped_at < 3.0
    killed = before - after
    assert len(killed) == 1 and len(after) == 2, (before, after)
    assert not alive(killed.pop()), "the worker that ran the runaway query still exists"


def test_results_errors_and_row_cap_come_back_typed():
    async def scenario():
        pool = QueryPool(snapshot(max_rows=50), size=1, timeout=5)
        await pool.start()
        try:
            out = {}
            out["csv"] = await pool.answer(request("SELECT ?o { ?s ?p ?o } ORDER BY ?o LIMIT 2", results=["text/csv"]))
            out["ttl"] = await pool.answer(request("CONSTRUCT WHERE { ?s ?p 1 }"))
            for name, req in {
                "syntax": request("SELECT {"),
                "service": request("ASK { SERVICE <http://127.0.0.1:9/> {} }"),
                "cap": request("SELECT * { ?s ?p ?o }"),
                "accept": request("CONSTRUCT WHERE { ?s ?p ?o }", graph=[]),
                "dataset": request("ASK {}", default_graph=["http://127.0.0.1:9/x"]),
            }.items():
                try:
                    await pool.answer(req)
                except QueryError as exc:
                    out[name] = exc
            out["pids"] = pool.pids
            return out
        finally:
            await pool.close()

    out = run(scenario())
    assert out["csv"].media_type == "text/csv" and out["csv"].body == b"o\r\n0\r\n1\r\n"
    assert out["ttl"].media_type == "text/turtle" and b"<http://ex/s1> <http://ex/p> 1" in out["ttl"].body
    assert isinstance(out["syntax"], QuerySyntaxError)
    assert isinstance(out["service"], QueryRefused) and "SERVICE" in str(out["service"])
    assert isinstance(out["cap"], QueryTooLarge) and "LIMIT 50" in str(out["cap"])
    assert isinstance(out["accept"], ResultNotAcceptable) and "text/turtle" in out["accept"].offered
    assert isinstance(out["dataset"], QueryRefused) and "default-graph-uri" in str(out["dataset"])
    assert len(out["pids"]) == 1  # errors do not cost the worker


PROBE = """
import sys
from forcedmig_kb.web.sparql.worker import deny_network
from forcedmig_kb.store import OxigraphStore
print("sandboxed" if deny_network() else "open", flush=True)
try:  # the guard is bypassed on purpose: only the sandbox stands in the way
    OxigraphStore().answer("SELECT * { SERVICE <http://127.0.0.1:%s/sparql> { ?s ?p ?o } }",
                           media_type="application/sparql-results+json")
    print("answered")
except Exception as exc:
    print(type(exc).__name__, exc)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux only")
def test_a_worker_cannot_open_a_connection_even_past_the_guard(canary):
    probe = subprocess.run([sys.executable, "-c", PROBE % canary.port], capture_output=True, text=True, timeout=60)
    lines = probe.stdout.splitlines()
    assert lines and lines[0] == "sandboxed", probe.stdout + probe.stderr
    assert canary.settled_hits() == [], f"the worker connected: {probe.stdout}"
    assert "Permission denied" in probe.stdout
