"""Scale benchmarks: load, check, updates and look-ups at 1k to 1M claims (run by hand).

    python bench/scale.py --sizes 1000 10000 100000 1000000 --workdir /var/tmp/fmkb-bench [--remote] [--baseline] [--serve]

For each size a synthetic corpus (``bench/synth.py``, one text of 200 claims per file, as a
corpus of many texts is kept) is written once into the work directory, and every measurement runs in a fresh
process, so that its peak memory (``ru_maxrss``) is its own:

- embedded, in memory (sizes up to --memory-limit): load, peak memory per claim, full check,
  ``check --focus`` on one claim, a point look-up in process;
- embedded, on disk (``oxigraph:DIR``): bulk load, reopening (manifest reuse), full check
  (FMKB_CHECK_WORKERS processes), updating one file in place after a one-claim edit plus the
  focused check of that claim, a point look-up;
- with --kinds check, the full check and a focused check alone on the on-disk store the disk
  run left (reopened, not reloaded);
- an opened on-disk store: reopening it in a fresh process and 2,000 point look-ups, with the
  peak memory of that process (what a long-running reader of a loaded store holds);
- with --serve (sizes up to --serve-limit), the service on that on-disk store: ``create_app``'s
  start-up (reopen; the report and the index saved beside the store, or the check and the
  index's build when they do not hold: delete ``fmkb-index.json`` to measure the build) and its
  peak memory, then the research API's main routes and ``/sparql`` in process (the first
  request and the median of 200 each);
- with --remote, the load and the check on a real Oxigraph server (graphs named in each query,
  and with --union-default-graph and FMKB_STORE_DATASET=server) and Virtuoso (tests/helpers/sparql_servers.py;
  graphs named in each query, "virtuoso-union": its own default graph, the union of all, and
  "virtuoso-union-gsp": the same, loaded by the Graph Store Protocol instead of SPARQL Update);
- with --kinds queries, each query of the full check timed alone in one process on that store
  (where the check's time goes), and the cheapest queries that visit every claim once;
- with --kinds virtuoso-bulk, that store dumped graph by graph and loaded into Virtuoso by its
  own bulk loader (isql-vt, as an administrator would), then the check and a look-up over HTTP
  with Virtuoso's default graph (FMKB_STORE_DATASET=server);
- with --kinds virtuoso-serve, Virtuoso loaded by ``forcedmig-kb`` (the Graph Store Protocol),
  then the service on it: start-up (the corpus found loaded), the memory of its process and of
  each query worker, and /sparql and two routes (median of 50);
- with --baseline, rdflib's memory store plus pySHACL on the same corpus (slow: sizes up to
  --baseline-limit);
- with --kinds command bulk steps serve-memory (issue 23, on the corpus as the issue wrote it:
  ``synth.py --claims N``, one Turtle file and its ``.bib``): *command*, ``forcedmig-kb check
  --strict --format json`` as a process, cold (an empty cache directory) and then again (the
  report cached by the files' content), with its peak memory and a digest of its findings
  (rule, severity, focus, value); with ``--before SRC`` (a source tree of older code, e.g.
  ``git archive REV src ontology shapes data | tar -x -C SRC``) the same command run by that code
  in the same run, and its findings held equal; *bulk*, the baseline: pyoxigraph's own bulk load
  of the same Turtle file into a store in memory; *steps*, where the command's time goes, step
  by step in one process (parsing, reading the reference lists, matching the citations, the
  compiled constraints and the SPARQL rules in the check's threads, the findings' context, the
  report); *serve-memory*, the service on that corpus in memory: the seconds until its first
  answer (``/stats``), then until ``/findings`` and ``/sparql`` answer (both 503 while the
  service makes them in the background), and the memory of the service and of its query
  workers, without and then with the check's report in the cache; *serve-disk*, the same on an
  on-disk store: its first start (the load), then a restart on the store it left.

- with --kinds bulk-disk load-steps (issue 23, the on-disk load against its baseline, in the same
  run, --load-runs times each, taking turns): *bulk-disk*, pyoxigraph's own bulk loader
  (``Store(DIR).bulk_load`` of each Turtle file into its graph, then ``flush``; ``optimize``
  timed apart), its CPU time, its sorted files (SST); *load-steps*, ``load_knowledge_base`` into
  a fresh on-disk store, step by step (the steps of a second thread overlap the others).

Prints one JSON line per measurement and writes them to ``<workdir>/results.jsonl``;
``docs/performance.md`` is written from that file by hand, with the machine and the date.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

#: The remote servers --remote measures: Oxigraph's server with the graphs named in each query
#: (FROM) and with its union default graph, and Virtuoso both ways (and its union loaded by the Graph Store Protocol).
REMOTE_SERVERS = ("oxigraph-server", "oxigraph-server-union", "virtuoso", "virtuoso-union", "virtuoso-union-gsp")

#: --kinds queries: the cheapest queries that visit every claim once, to set the check's
#: queries against: a scan of one class, the anti-joins that find a claim without a source, a
#: period or a unit (the three checks of the issue, as MINUS and as FILTER NOT EXISTS), and
#: reading every claim's label (a literal decoded per claim).
_CLAIMS = "?c a <https://w3id.org/forcedmig/ontology/QuantityClaim>"
_SOURCE, _PERIOD, _UNIT = (
    "<http://www.w3.org/ns/prov#hadPrimarySource>",
    "<http://purl.org/linked-data/sdmx/2009/dimension#refPeriod>",
    "<http://qudt.org/schema/qudt/unit>",
)
CHECK_FLOORS = {
    "scan": f"SELECT (COUNT(*) AS ?n) WHERE {{ {_CLAIMS} }}",
    **{
        f"minus_{name}": f"SELECT (COUNT(*) AS ?n) WHERE {{ {_CLAIMS} MINUS {{ ?c {p} ?x }} }}"
        for name, p in (("source", _SOURCE), ("period", _PERIOD), ("unit", _UNIT))
    },
    **{
        f"not_exists_{name}": f"SELECT (COUNT(*) AS ?n) WHERE {{ {_CLAIMS} FILTER NOT EXISTS {{ ?c {p} ?x }} }}"
        for name, p in (("source", _SOURCE), ("period", _PERIOD), ("unit", _UNIT))
    },
    "labels": f"SELECT (COUNT(*) AS ?n) WHERE {{ {_CLAIMS} ; <http://www.w3.org/2000/01/rdf-schema#label> ?l "
    "FILTER(STRLEN(?l) > 0) }",
}

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def corpus(workdir: Path, size: int) -> Path:
    folder = workdir / f"corpus-{size}"
    if not (folder / "c.bib").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        from synth import write_corpus  # bench/synth.py, beside this script

        write_corpus(folder / "c.ttl", claims=size, seed=1, rate=0.01, documents_per_file=1)
        (folder / "c.defects.json").rename(workdir / f"defects-{size}.json")
    return folder


def single_file_corpus(workdir: Path, size: int) -> Path:
    """The corpus as issue 23 measured it: ``synth.py --claims N --out synth-N.ttl`` (one Turtle
    file of every text, and its .bib)."""
    ttl = workdir / f"synth-{size}.ttl"
    if not ttl.with_suffix(".bib").is_file():
        from synth import write_corpus  # bench/synth.py, beside this script

        write_corpus(ttl, claims=size, seed=0, rate=0.01)
    return ttl


def _findings_digest(report_json: str) -> tuple[int, str]:
    """How many findings a JSON report holds, and a digest of their keys (rule, severity, focus, value)."""
    import hashlib

    keys = sorted((f["rule"], f["severity"], f["focus"], f["value"]) for f in json.loads(report_json))
    return len(keys), hashlib.sha256(json.dumps(keys).encode()).hexdigest()[:16]


def _command(ttl: Path, src: Path, cache: Path) -> tuple[float, float, float, str]:
    """``forcedmig-kb check --strict --format json`` on ``ttl`` and its .bib, run by the code in
    ``src``, in memory: its wall time, its CPU time (user and system, all its threads), the
    process's peak memory (MB) and its report."""
    code = "import sys; from forcedmig_kb.cli import main; sys.argv[0] = 'forcedmig-kb'; main()"  # the console script
    env = {**os.environ, "PYTHONPATH": str(src), "FMKB_CACHE_DIR": str(cache), "FMKB_STORE": "memory"}
    cmd = [sys.executable, "-c", code, "check", "--strict", "--format", "json", str(ttl), str(ttl.with_suffix(".bib"))]
    script = "import resource, subprocess, sys, json, time; t = time.perf_counter(); " + (
        "p = subprocess.run(json.loads(sys.argv[1]), capture_output=True, text=True); "
        "print(json.dumps([time.perf_counter() - t, "
        "(lambda r: [r.ru_utime + r.ru_stime, r.ru_maxrss / 1024])(resource.getrusage(resource.RUSAGE_CHILDREN)), "
        "p.returncode, p.stdout, p.stderr[-2000:]]))"
    )
    done = subprocess.run([sys.executable, "-c", script, json.dumps(cmd)], capture_output=True, text=True, env=env)
    seconds, (cpu, peak), code_, stdout, stderr = json.loads(done.stdout)
    if code_ not in (0, 1):
        raise RuntimeError(stderr)
    return round(seconds, 2), round(cpu, 2), round(peak), stdout


def measure(kind: str, **args) -> dict:
    """Run one measurement in a fresh process; return what it reports (plus its peak memory)."""
    cmd = [sys.executable, __file__, "--one", json.dumps({"kind": kind, **args})]
    done = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=args.get("timeout", 7200),
        env={**os.environ, **args.get("env", {})},
    )
    if done.returncode != 0:
        return {"kind": kind, "error": done.stderr[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _step_timer(steps: dict[str, float]):
    """A wrapper maker that adds each call's wall time to ``steps[name]``."""

    def timed(name, fn):
        def wrapper(*a, **k):
            started = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                steps[name] = steps.get(name, 0.0) + time.perf_counter() - started

        return wrapper

    return timed


def _timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def _first_answers(settings, probe: str) -> dict:
    """``create_app`` with ``settings`` served (FastAPI's test client, the app's lifespan): the
    seconds until its first answer (the claim ``probe`` dereferenced as Turtle, from the store),
    then until ``/stats`` (the
    research index), ``/findings`` (the check) and ``/sparql`` (a query worker) answer 200 (each
    answers 503 while the service makes what it needs in the background), and the memory of the
    service's process and of its query workers (resident, MB) once all is made."""
    from fastapi.testclient import TestClient

    from forcedmig_kb.web.app import create_app

    started = time.perf_counter()
    app = create_app(settings)
    out = {"create_app_s": round(time.perf_counter() - started, 2)}
    with TestClient(app) as client:
        path = "/claim/" + probe.rsplit("/", 1)[-1]
        assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 200
        out["first_answer_s"] = round(time.perf_counter() - started, 2)
        out["report_saved"] = app.state.startup.report is not None
        for name, path in (("stats", "/stats"), ("findings", "/findings"), ("sparql", "/sparql?query=ASK%7B%7D")):
            while (status := client.get(path).status_code) == 503:
                time.sleep(0.1)
            assert status == 200, (path, status)
            out[f"{name}_s"] = round(time.perf_counter() - started, 2)
        out["server_rss_mb"] = round(_rss_mb(os.getpid()))
        out["worker_rss_mb"] = [round(_rss_mb(pid)) for pid in app.state.pool.pids]
    return out


def _point_lookup_ms(store, iri: str, repeat: int = 1000) -> float:
    query = (
        "PREFIX qudt: <http://qudt.org/schema/qudt/> SELECT ?v ?u WHERE { "
        f"<{iri}> qudt:numericValue ?v ; qudt:unit ?u }}"
    )
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        store.select(query)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


@contextmanager
def _bulk_loaded_virtuoso(spec: dict, out: dict):
    """A Virtuoso loaded with the on-disk store ``spec["store"]`` by its bulk loader (isql-vt, as an
    administrator would); yields the server and a store on it with its default graph
    (FMKB_STORE_DATASET=server). Records the dump and load times and the server's peak memory."""
    sys.path.insert(0, str(ROOT))  # the tests' real SPARQL servers: tests.helpers.sparql_servers
    import tempfile
    import threading

    import pyoxigraph as ox

    from tests.helpers.sparql_servers import start_virtuoso

    with (
        tempfile.TemporaryDirectory(prefix="fmkb-bench-server-") as home,
        start_virtuoso(Path(home), buffers=spec["virtuoso_buffers"], max_seconds=int(spec["store_timeout"])) as server,
    ):
        load_dir, isql = server.extra["load_dir"], server.extra["isql"]

        def dump() -> int:  # graph by graph: the loader scopes blank node labels to a file
            source = ox.Store.read_only(spec["store"])
            graphs = sorted(g.value for g in source.named_graphs())
            files = [open(load_dir / f"part{i:03d}.nq", "wb") for i in range(64)]
            for n, graph in enumerate(graphs):
                ox.serialize(
                    source.quads_for_pattern(None, None, None, ox.NamedNode(graph)), files[n % 64], ox.RdfFormat.N_QUADS
                )
            for handle in files:
                handle.close()
            return len(graphs)

        out["graphs"], out["dump_s"] = _timed(dump)

        pid = int(
            subprocess.run(
                ["pgrep", "-f", f"{home}/virtuoso.ini"], capture_output=True, text=True, check=True
            ).stdout.split()[0]
        )
        server_mb = [0.0]
        stop = threading.Event()

        def sample() -> None:  # the server's resident memory every 2 s
            while not stop.wait(2):
                server_mb[0] = max(server_mb[0], _rss_mb(pid))

        threading.Thread(target=sample, daemon=True).start()

        def bulk_load() -> None:  # two loaders in parallel, one per core
            isql.run(f"ld_dir('{load_dir}', '*.nq', 'urn:fmkb:unused');")
            loaders = [
                threading.Thread(target=isql.run, args=("rdf_loader_run();",), kwargs={"timeout": 7200})
                for _ in range(2)
            ]
            for loader in loaders:
                loader.start()
            for loader in loaders:
                loader.join()
            isql.run("checkpoint;", timeout=3600)

        _, out["load_s"] = _timed(bulk_load)
        out["load_errors"] = int(
            isql.run("SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;").split()[-1]
        )
        out["virtuoso_buffers"] = spec["virtuoso_buffers"]
        try:
            yield server, server.store(timeout=spec["store_timeout"], dataset="server")
        finally:
            stop.set()
            out["server_peak_mb"] = round(server_mb[0])


def _rss_mb(pid: int) -> float:
    """A process's resident memory now (0 once it has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def _serve_remote(server, folder: Path, probe: str, out: dict) -> None:
    """The service on a remote store: start-up, the memory of the process and of each query
    worker, and the median of 50 requests to /sparql and two routes; then a restart (the check's
    report and the index saved in the cache directory)."""
    import tempfile

    from fastapi.testclient import TestClient

    from forcedmig_kb import Settings
    from forcedmig_kb.web.app import create_app

    env = server.env()
    settings = Settings(
        store=env["FMKB_STORE"],
        store_user=env.get("FMKB_STORE_USER"),
        store_password=env.get("FMKB_STORE_PASSWORD"),
        store_auth=env.get("FMKB_STORE_AUTH", "basic"),
        store_dataset="server",
        data_dir=folder,
        query_timeout=60,
        cache_dir=Path(tempfile.mkdtemp(prefix="fmkb-bench-cache-")),
    )
    started = time.perf_counter()
    app = create_app(settings)
    out["app_s"] = round(time.perf_counter() - started, 1)
    query = f"SELECT ?v WHERE {{ <{probe}> <http://qudt.org/schema/qudt/numericValue> ?v }}"
    routes = {
        "sparql": "/sparql?" + __import__("urllib.parse").parse.urlencode({"query": query}),
        "claim": f"/claims/{probe.rsplit('/', 1)[-1]}",
        "stats": "/stats",
    }
    with TestClient(app) as client:  # starts the query workers
        out["startup_s"] = round(time.perf_counter() - started, 1)
        out["process_mb"] = round(_rss_mb(os.getpid()))
        out["worker_mb"] = [round(_rss_mb(pid)) for pid in app.state.pool.pids]
        for name, url in routes.items():
            times = []
            for _ in range(50):
                t = time.perf_counter()
                response = client.get(
                    url,
                    headers={"Accept": "application/sparql-results+json" if name == "sparql" else "application/json"},
                )
                times.append(time.perf_counter() - t)
                assert response.status_code == 200, (url, response.status_code, response.text[:200])
            out[f"{name}_first_ms"] = round(times[0] * 1000, 3)
            out[f"{name}_ms"] = round(statistics.median(times) * 1000, 3)
    started = time.perf_counter()
    with TestClient(create_app(settings)):
        out["restart_s"] = round(time.perf_counter() - started, 1)
    shutil.rmtree(settings.cache_dir, ignore_errors=True)


def one(spec: dict) -> dict:
    """The body of a measurement process."""
    from forcedmig_kb import OxigraphStore, Settings, load_knowledge_base
    from forcedmig_kb.checks import run_check

    kind, folder, size = spec["kind"], Path(spec["corpus"]), spec["size"]
    out: dict = {"kind": kind, "claims": size, "base_mb": _peak_mb()}  # the interpreter and the modules
    probe = f"https://w3id.org/forcedmig/claim/s{size // 400:05d}b000"  # a plain figure of a middle document

    if kind == "memory":
        kb, out["load_s"] = _timed(lambda: load_knowledge_base([folder]))
        out["triples"] = kb.counts["triples"]
        out["after_load_mb"] = _peak_mb()
        out["kb_per_claim"] = round((out["after_load_mb"] - out["base_mb"]) * 1024 / size, 2)
        report, out["check_s"] = _timed(lambda: run_check(kb))
        out["findings"] = len(report)
        _, out["focus_s"] = _timed(lambda: run_check(kb, focus=[probe]))
        out["lookup_ms"] = _point_lookup_ms(kb.store, probe)
    elif kind == "disk":
        where = Path(spec["store"])
        shutil.rmtree(where, ignore_errors=True)
        kb, out["load_s"] = _timed(lambda: load_knowledge_base([folder], store=OxigraphStore(where)))
        out["triples"] = kb.counts["triples"]
        out["after_load_mb"] = _peak_mb()
        out["kb_per_claim"] = round((out["after_load_mb"] - out["base_mb"]) * 1024 / size, 2)
        del kb
        kb, out["reopen_s"] = _timed(lambda: load_knowledge_base([folder], store=OxigraphStore(where)))
        assert kb.reused
        kb.store.reopen_read_only()
        report, out["check_s"] = _timed(lambda: run_check(kb, Settings()))
        out["findings"] = len(report)
        from forcedmig_kb.checks.saved_report import save_report

        out["report_saved"] = save_report(kb, Settings(), report)  # as `check` does: `serve` reuses it
        out["lookup_ms"] = _point_lookup_ms(kb.store, probe)
        del kb, report
        out["disk_mb"] = round(sum(p.stat().st_size for p in where.rglob("*") if p.is_file()) / 2**20, 1)
        # an editor changes one claim of one text: update in place, then check what changed
        edited = sorted(folder.glob("c-*.ttl"))[0]
        original = edited.read_text(encoding="utf-8")
        try:
            text = original.replace('fm:printedValue "', 'fm:printedValue "9', 1)
            edited.write_text(text, encoding="utf-8")
            kb, out["update_s"] = _timed(lambda: load_knowledge_base([folder], store=OxigraphStore(where)))
            assert kb.updated, "not updated in place"
            first = next(line for line in text.splitlines() if line.startswith("claim:"))
            changed = "https://w3id.org/forcedmig/claim/" + first.split()[0].split(":", 1)[1]
            _, out["changed_check_s"] = _timed(lambda: run_check(kb, focus=[changed]))
        finally:
            edited.write_text(original, encoding="utf-8")
    elif kind == "check":  # the check alone on the on-disk store the disk run left (reopened, not reloaded)
        kb, out["reopen_s"] = _timed(lambda: load_knowledge_base([folder], store=OxigraphStore(spec["store"])))
        kb.store.reopen_read_only()
        report, out["check_s"] = _timed(lambda: run_check(kb, Settings()))
        out["findings"] = len(report)
        _, out["focus_s"] = _timed(lambda: run_check(kb, focus=[probe]))
    elif kind == "queries":  # where the full check's time goes: each of its queries alone, in one process
        from forcedmig_kb.checks import _class_closure, _compiled
        from forcedmig_kb.checks.sparql_runner import core_findings, rule_findings

        store = OxigraphStore(spec["store"], read_only=True)
        core, rules = _compiled(_class_closure(store))  # the plan of the full check on Oxigraph
        parameters = {"staleAfterYears": int(Settings().stale_after_years)}
        times = []
        for i, q in enumerate(core):
            found, seconds = _timed(lambda q=q: core_findings(store, q))
            times.append((f"core{i}:{q.rule or ','.join(sorted({c.rule for c in q.flags}))}", seconds, len(found)))
        for i, rule in enumerate(rules):
            found, seconds = _timed(lambda rule=rule: rule_findings(store, rule, parameters))
            times.append((f"rule{i}:{rule.rule}", seconds, len(found)))
        seconds = sorted(t for _, t, _ in times)
        out |= {
            "queries": len(times),
            "sum_s": sum(seconds),
            "median_s": statistics.median(seconds),
            "max_s": seconds[-1],
            "core_s": sum(t for n, t, _ in times if n.startswith("core")),
            "rules_s": sum(t for n, t, _ in times if n.startswith("rule")),
            "slowest": [[n, round(t, 2), k] for n, t, k in sorted(times, key=lambda x: -x[1])[:8]],
        }
        for name, query in CHECK_FLOORS.items():  # the cheapest queries that visit every claim once
            _, out[f"floor_{name}_s"] = _timed(lambda query=query: store.select(query))
    elif kind == "virtuoso-bulk":  # Virtuoso filled by its own bulk loader
        from forcedmig_kb.loading import KnowledgeBase, corpus_counts, corpus_files

        with _bulk_loaded_virtuoso(spec, out) as (server, store):
            rdf, bib = corpus_files([folder])
            kb = KnowledgeBase(store=store, rdf_files=rdf, bib_files=bib, counts=corpus_counts(store))
            out["triples"] = kb.counts["triples"]
            report, out["check_s"] = _timed(lambda: run_check(kb))
            out["findings"] = len(report)
            out["lookup_ms"] = _point_lookup_ms(store, probe, repeat=100)
    elif kind == "virtuoso-serve":  # the service on Virtuoso, loaded by forcedmig-kb (Graph Store Protocol)
        sys.path.insert(0, str(ROOT))  # the tests' real SPARQL servers: tests.helpers.sparql_servers
        import tempfile

        from tests.helpers.sparql_servers import start_virtuoso

        with (
            tempfile.TemporaryDirectory(prefix="fmkb-bench-server-") as home,
            start_virtuoso(
                Path(home), buffers=spec["virtuoso_buffers"], max_seconds=int(spec["store_timeout"])
            ) as server,
        ):
            store = server.store(timeout=spec["store_timeout"], dataset="server", gsp_url=server.extra["gsp_url"])
            kb, out["load_s"] = _timed(lambda: load_knowledge_base([folder], store=store))
            out["triples"] = kb.counts["triples"]
            store.close()
            _serve_remote(server, folder, probe, out)
    elif kind == "opened":  # what an opened on-disk store holds in memory: reopen, then look-ups
        kb, out["reopen_s"] = _timed(lambda: load_knowledge_base([folder], store=OxigraphStore(spec["store"])))
        out["lookup_ms"] = _point_lookup_ms(kb.store, probe, repeat=2000)
        out["after_lookups_mb"] = _peak_mb()
        out["kb_per_claim"] = round((out["after_lookups_mb"] - out["base_mb"]) * 1024 / size, 3)
    elif kind == "command":  # issue 23: the check as a command, cold and cached, (before and) after
        import tempfile

        ttl = Path(spec["ttl"])
        out["load_avg"] = os.getloadavg()
        with tempfile.TemporaryDirectory() as cache:
            out["cold_s"], out["cold_cpu_s"], out["cold_peak_mb"], report = _command(ttl, ROOT / "src", Path(cache))
            out["findings"], out["digest"] = _findings_digest(report)
            out["cached_s"], _, _, again = _command(ttl, ROOT / "src", Path(cache))
            assert again == report, "the cached report differs"
        if spec.get("before"):
            with tempfile.TemporaryDirectory() as cache:
                out["before_s"], out["before_cpu_s"], out["before_peak_mb"], before = _command(
                    ttl, Path(spec["before"]) / "src", Path(cache)
                )
            out["before_findings"], out["before_digest"] = _findings_digest(before)
            out["same_findings"] = out["before_digest"] == out["digest"]
            out["same_report"] = before == report
        out["load_avg_after"] = os.getloadavg()
    elif kind == "bulk":  # the baseline: pyoxigraph's own bulk load of the same Turtle file, in memory
        import pyoxigraph as ox

        ttl = Path(spec["ttl"])
        store = ox.Store()
        _, out["bulk_load_s"] = _timed(
            lambda: store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:x:g"))
        )
        out["triples"] = len(store)
        _, out["parse_only_s"] = _timed(lambda: sum(1 for _ in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)))
    elif kind == "bulk-disk":  # the baseline of the on-disk load: pyoxigraph's own bulk loader, same files
        import pyoxigraph as ox

        from forcedmig_kb.loading import corpus_files, file_graph

        where = Path(spec["store"])
        shutil.rmtree(where, ignore_errors=True)
        rdf, _ = corpus_files([folder])
        out["load_avg"] = os.getloadavg()
        started, cpu = time.perf_counter(), time.process_time()
        store = ox.Store(str(where))
        for path in rdf:  # each file into its graph, as the loader puts it
            store.bulk_load(
                path=str(path),
                format=ox.RdfFormat.TURTLE,
                base_iri=path.resolve().as_uri(),
                to_graph=ox.NamedNode(file_graph(path)),
            )
        store.flush()
        out["bulk_load_s"] = time.perf_counter() - started
        out["bulk_load_cpu_s"] = time.process_time() - cpu
        _, out["optimize_s"] = _timed(store.optimize)
        out["quads"] = len(store)
        del store
        out["sst_files"] = len(list(where.glob("*.sst")))
        out["disk_mb"] = round(sum(p.stat().st_size for p in where.rglob("*") if p.is_file()) / 2**20, 1)
        out["load_avg_after"] = os.getloadavg()
        shutil.rmtree(where, ignore_errors=True)
    elif kind == "load-steps":  # the on-disk load, step by step, in one process
        from forcedmig_kb.loading import build, knowledge_base
        from forcedmig_kb.store import oxigraph

        where = Path(spec["store"])
        shutil.rmtree(where, ignore_errors=True)
        steps: dict[str, float] = {}

        timed = _step_timer(steps)
        knowledge_base.corpus_manifest = timed("fingerprints of the inputs (manifest)", knowledge_base.corpus_manifest)
        build.bulk_load_files = timed("parse the files and bulk-load them", build.bulk_load_files)
        build.read_reference_lists = timed("read the .bib [second thread]", build.read_reference_lists)
        build.references_ntriples = timed("the reference list as N-Triples [second thread]", build.references_ntriples)
        build._move_turtle_references = timed(
            "reference entries written in Turtle, moved", build._move_turtle_references
        )
        build.match_citations = timed("match the citations, write their parts", build.match_citations)
        build.corpus_counts = timed("count claims, citations, entries, triples", build.corpus_counts)
        knowledge_base.build_corpus = timed("build (all)", knowledge_base.build_corpus)
        oxigraph.OxigraphStore.rebuild = timed("rebuild (all)", oxigraph.OxigraphStore.rebuild)
        out["load_avg"] = os.getloadavg()
        cpu = time.process_time()
        kb, out["load_s"] = _timed(lambda: load_knowledge_base([folder], store=OxigraphStore(where)))
        out["load_cpu_s"] = time.process_time() - cpu
        out["counts"] = kb.counts
        del kb
        steps["flush, optimize, manifest, swap"] = steps["rebuild (all)"] - steps["build (all)"]
        out["steps"] = {name: round(seconds, 2) for name, seconds in steps.items()}
        out["sst_files"] = len(list(where.glob("*.sst")))
        out["disk_mb"] = round(sum(p.stat().st_size for p in where.rglob("*") if p.is_file()) / 2**20, 1)
        out["load_avg_after"] = os.getloadavg()
    elif kind == "steps":  # where the command's time goes, step by step, in one process
        from forcedmig_kb import checks
        from forcedmig_kb.checks import sparql_runner
        from forcedmig_kb.loading import build
        from forcedmig_kb.reporting import RENDERERS

        ttl = Path(spec["ttl"])
        out["load_avg"] = os.getloadavg()
        steps: dict[str, float] = {}

        timed = _step_timer(steps)
        build.load_rdf_file = timed("load: parse the Turtle into the store", build.load_rdf_file)
        build.read_reference_lists = timed("load: read the .bib (a second thread)", build.read_reference_lists)
        build.match_citations = timed("load: match and write the citations", build.match_citations)
        build.corpus_counts = timed("load: count", build.corpus_counts)
        checks._class_closure = timed("check: class closure", checks._class_closure)
        checks._attach_context = timed("check: the findings' context and places", checks._attach_context)
        if hasattr(sparql_runner, "run_in_threads"):  # (not in the code before issue 23: --before)
            checks.run_in_threads = timed("check: constraints and rules (threads)", sparql_runner.run_in_threads)
        try:  # (not in the code before the columnar check)
            from forcedmig_kb.checks import columnar

            columnar.run_columnar = timed("check: columnar constraints, SPARQL rules (threads)", columnar.run_columnar)
        except ImportError:
            pass
        checks.run_core_queries = timed("check: compiled constraints (one thread)", sparql_runner.run_core_queries)
        checks.run_sparql_rules = timed("check: SPARQL rules (one thread)", sparql_runner.run_sparql_rules)
        kb, steps["load (all)"] = _timed(lambda: load_knowledge_base([ttl, ttl.with_suffix(".bib")]))
        settings = Settings(check_workers=spec.get("workers", 2))
        report, steps["check (all)"] = _timed(lambda: run_check(kb, settings, strict=True))
        _, steps["report: JSON"] = _timed(lambda: RENDERERS["json"](report))
        out["steps"] = {name: round(seconds, 2) for name, seconds in steps.items()}
        out["findings"] = len(report)
        out["load_avg_after"] = os.getloadavg()
    elif kind in ("serve-memory", "serve-disk"):  # issue 23: the service's start on the corpus
        import tempfile

        ttl = Path(spec["ttl"])
        data = Path(tempfile.mkdtemp(dir=ttl.parent))  # the service reads a folder
        try:
            for f in (ttl, ttl.with_suffix(".bib")):
                os.link(f, data / f.name)
            with tempfile.TemporaryDirectory(dir=ttl.parent) as scratch:
                cache, store = Path(scratch) / "cache", Path(scratch) / "store"
                store_spec = "memory" if kind == "serve-memory" else f"oxigraph:{store}"
                # in memory: cold (no report cached), then the report the first start cached;
                # on disk: the first start (load, index, check), then a restart on the store it left
                for run in ("cold", "cached") if kind == "serve-memory" else ("first", "restart"):
                    settings = Settings(store=store_spec, data_dir=data, cache_dir=cache, check_cache=True)
                    out[run] = _first_answers(settings, probe)
        finally:
            shutil.rmtree(data)
        out["peak_mb"] = round(_peak_mb())
        out["load_avg_after"] = os.getloadavg()
    elif kind == "serve":
        from fastapi.testclient import TestClient

        from forcedmig_kb.checks.saved_report import REPORT
        from forcedmig_kb.web.app import create_app

        settings = Settings(store=f"oxigraph:{spec['store']}", data_dir=folder)
        out["saved_report"] = (Path(spec["store"]) / REPORT).is_file()  # then start-up reuses it if it holds
        started = time.perf_counter()
        app = create_app(settings)
        client = TestClient(app).__enter__()
        while client.get("/stats").status_code == 503:  # the index, made in the background
            time.sleep(0.05)
        out["startup_s"] = round(time.perf_counter() - started, 2)
        out["after_start_mb"] = _peak_mb()
        out["kb_per_claim"] = round((out["after_start_mb"] - out["base_mb"]) * 1024 / size, 2)
        key = next(iter(app.state.research.sources))
        claim = probe.rsplit("/", 1)[-1]
        query = f"SELECT ?v WHERE {{ <{probe}> <http://qudt.org/schema/qudt/numericValue> ?v }}"
        routes = {
            "claim": f"/claims/{claim}",
            "source": f"/sources/{key}",
            "source_claims": f"/sources/{key}/claims",
            "claims_page": "/claims?limit=50",
            "claims_rule": "/claims?rule=uncited&limit=50",
            "claims_q": f"/claims?q={claim}",
            "stats": "/stats",
            "claim_page": f"/claim/{claim}",
            "sources_list": "/sources",
            "sparql": "/sparql?" + __import__("urllib.parse").parse.urlencode({"query": query}),
        }
        with client:
            for name, url in routes.items():
                times = []
                accept = {"sparql": "application/sparql-results+json", "claim_page": "text/html"}.get(
                    name, "application/json"
                )
                for _ in range(200):
                    started = time.perf_counter()
                    response = client.get(url, headers={"Accept": accept})
                    times.append(time.perf_counter() - started)
                    assert response.status_code == 200, (url, response.status_code, response.text[:200])
                out[f"{name}_first_ms"] = round(times[0] * 1000, 3)  # asked of the store (then cached)
                out[f"{name}_ms"] = round(statistics.median(times) * 1000, 3)
    elif kind == "remote":
        sys.path.insert(0, str(ROOT))  # the tests' real SPARQL servers: tests.helpers.sparql_servers
        import tempfile

        from tests.helpers.sparql_servers import start_oxigraph, start_virtuoso

        name = spec["server"]
        start = {
            "oxigraph-server": start_oxigraph,
            "oxigraph-server-union": start_oxigraph,
            "virtuoso": start_virtuoso,
            "virtuoso-union": start_virtuoso,
            "virtuoso-union-gsp": start_virtuoso,
        }[name]
        options = {"union": True} if name == "oxigraph-server-union" else {}
        options["max_seconds"] = int(spec["store_timeout"])  # as long a query as the store waits for
        if name.startswith("virtuoso"):  # and its page cache
            options["buffers"] = spec["virtuoso_buffers"]
        with tempfile.TemporaryDirectory(prefix="fmkb-bench-server-") as home, start(Path(home), **options) as server:
            store = server.store(
                timeout=spec["store_timeout"],
                **({"dataset": "server"} if "-union" in name else {}),
                **({"gsp_url": server.extra["gsp_url"]} if name.endswith("-gsp") else {}),
            )
            kb, out["load_s"] = _timed(lambda: load_knowledge_base([folder], store=store))
            report, out["check_s"] = _timed(lambda: run_check(kb))
            out["findings"] = len(report)
            out["lookup_ms"] = _point_lookup_ms(store, probe, repeat=100)
        out["kind"] = spec["server"]
        if name.startswith("virtuoso"):
            out["virtuoso_buffers"] = spec["virtuoso_buffers"]
    elif kind == "baseline":
        from rdflib import Graph

        from forcedmig_kb.checks.shacl import shapes_graph

        def load() -> Graph:
            graph = Graph()
            kb = load_knowledge_base([folder])  # the same triples (vocabulary, references, citations)
            graph.parse(data=kb.store.dump(format="application/n-triples"), format="nt")
            return graph

        graph, out["load_s"] = _timed(load)
        from pyshacl import validate

        (_c, results, _t), out["check_s"] = _timed(
            lambda: validate(graph, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True)
        )
        out["after_check_mb"] = _peak_mb()
    out["peak_mb"] = _peak_mb()
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--workdir", type=Path, default=Path("/var/tmp/fmkb-bench"))
    ap.add_argument("--memory-limit", type=int, default=100_000, help="largest size measured in memory")
    ap.add_argument("--remote", action="store_true")
    ap.add_argument("--remote-limit", type=int, default=10_000)
    ap.add_argument(
        "--servers",
        nargs="+",
        default=list(REMOTE_SERVERS),
        choices=list(REMOTE_SERVERS),
        help="which remote servers --remote measures (all by default)",
    )
    ap.add_argument(
        "--virtuoso-buffers",
        type=int,
        default=10_000,
        help="Virtuoso's NumberOfBuffers (8 KB pages): 10,000 as in the tests, 340,000 for 4 GB",
    )
    ap.add_argument(
        "--store-timeout",
        type=float,
        default=120.0,
        help="seconds the remote store waits for one answer (a 1M check's queries take longer)",
    )
    ap.add_argument("--baseline", action="store_true")
    ap.add_argument("--baseline-limit", type=int, default=1_000)
    ap.add_argument("--serve", action="store_true")
    ap.add_argument("--serve-limit", type=int, default=100_000)
    ap.add_argument(
        "--kinds",
        nargs="+",
        help="run only these measurements (memory, disk, opened, check, queries, serve, "
        "remote, virtuoso-bulk, virtuoso-serve, baseline, command, bulk, steps, serve-memory, serve-disk, bulk-disk, "
        "load-steps); check, queries, "
        "serve and virtuoso-* need the on-disk store the disk run left",
    )
    ap.add_argument(
        "--before",
        type=Path,
        help="--kinds command: a source tree of older code (src/, ontology/, shapes/, data/) to run the same check with",
    )
    ap.add_argument(
        "--load-runs",
        type=int,
        default=1,
        help="--kinds bulk-disk load-steps: how many times each, taking turns (a shared machine varies)",
    )
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(json.loads(args.one))))
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = args.workdir / "results.jsonl"
    for size in args.sizes:
        folder, seconds = _timed(lambda size=size: corpus(args.workdir, size))
        print(json.dumps({"kind": "synth", "claims": size, "seconds": round(seconds, 1)}), flush=True)
        common = {"corpus": str(folder), "size": size}
        runs = [
            ("disk", {"store": str(args.workdir / f"store-{size}")}),
            ("opened", {"store": str(args.workdir / f"store-{size}")}),
        ]
        if size <= args.memory_limit:
            runs.insert(0, ("memory", {}))
        if args.remote and size <= args.remote_limit:
            runs += [
                (
                    "remote",
                    {"server": name, "virtuoso_buffers": args.virtuoso_buffers, "store_timeout": args.store_timeout},
                )
                for name in args.servers
            ]
        if args.baseline and size <= args.baseline_limit:
            runs.append(("baseline", {}))
        for kind in ("check", "queries"):  # on the on-disk store the disk run left
            if kind in (args.kinds or []):
                runs.append((kind, {"store": str(args.workdir / f"store-{size}")}))
        for kind in ("virtuoso-bulk", "virtuoso-serve"):
            if kind in (args.kinds or []):
                runs.append(
                    (
                        kind,
                        {
                            "store": str(args.workdir / f"store-{size}"),
                            "virtuoso_buffers": args.virtuoso_buffers,
                            "store_timeout": args.store_timeout,
                        },
                    )
                )
        for _ in range(args.load_runs if {"bulk-disk", "load-steps"} & set(args.kinds or []) else 0):  # taking turns
            runs += [
                ("bulk-disk", {"store": str(args.workdir / f"bulk-{size}")}),
                ("load-steps", {"store": str(args.workdir / f"store-{size}")}),
            ]
        if (args.serve or "serve" in (args.kinds or [])) and size <= args.serve_limit:
            runs.append(("serve", {"store": str(args.workdir / f"store-{size}")}))
        if {"command", "bulk", "steps", "serve-memory", "serve-disk"} & set(args.kinds or []):
            ttl = single_file_corpus(args.workdir, size)
            runs += [
                ("bulk", {"ttl": str(ttl)}),
                ("command", {"ttl": str(ttl), "before": str(args.before) if args.before else ""}),
                ("steps", {"ttl": str(ttl)}),
                ("serve-memory", {"ttl": str(ttl)}),
                ("serve-disk", {"ttl": str(ttl)}),
            ]
        for kind, extra in runs:
            if args.kinds and kind not in args.kinds:
                continue
            row = measure(kind, **common, **extra)
            print(json.dumps(row), flush=True)
            with results.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
