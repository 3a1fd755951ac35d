"""The service answers before what it makes in the background is made: the check's findings and
the query workers (``web/startup.py``).

The real-server tests run uvicorn in a thread of this process, on a real socket, with the app's
own lifespan, so that the check and the workers' copy of the store can be held back by an event
until the test has seen the service answer without them: nothing here depends on timing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from forcedmig_kb import Settings, load_knowledge_base
from forcedmig_kb.checks import run_check
from forcedmig_kb.research import Research
from forcedmig_kb.web import startup
from forcedmig_kb.web.app import create_app
from forcedmig_kb.web.sparql.worker import Snapshot

from .helpers import DATA, free_port

HTML = {"Accept": "text/html"}
ASK = {"query": "ASK { ?s ?p ?o }"}


def _settings(tmp_path, **more) -> Settings:
    return Settings(**{"data_dir": DATA, "cache_dir": tmp_path, "check_cache": False, "query_workers": 1, **more})


@contextmanager
def serving(app) -> Iterator[httpx.Client]:
    """``app`` served by uvicorn on 127.0.0.1 in a thread of this process (its lifespan too)."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(30)


def _until(ask: Callable[[], httpx.Response], status: int) -> httpx.Response:
    """Ask again until the answer is no longer 503 (what the background makes is then made)."""
    deadline = time.monotonic() + 120
    while (answer := ask()).status_code == 503 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert answer.status_code == status, answer.text
    return answer


@pytest.fixture
def held_check(monkeypatch):
    """The check at start waits for this event (set it to let the check run)."""
    go = threading.Event()

    def check(*args, **kwargs):
        assert go.wait(120)
        return run_check(*args, **kwargs)

    monkeypatch.setattr(startup, "run_check", check)
    yield go
    go.set()


@pytest.fixture
def held_workers(monkeypatch):
    """The query workers' copy of the store waits for this event."""
    go = threading.Event()
    made = Snapshot.of

    def of(cls, *args, **kwargs):
        assert go.wait(120)
        return made(*args, **kwargs)

    monkeypatch.setattr(Snapshot, "of", classmethod(of))
    yield go
    go.set()


@pytest.fixture
def held_index(monkeypatch):
    """The research index made at start waits for this event."""
    go = threading.Event()
    made = startup.research_of

    def research_of(*args, **kwargs):
        assert go.wait(120)
        return made(*args, **kwargs)

    monkeypatch.setattr(startup, "research_of", research_of)
    yield go
    go.set()


@pytest.mark.server
def test_the_server_answers_before_the_index_is_made(tmp_path, held_index):
    app = create_app(_settings(tmp_path))
    with serving(app) as client:
        void = client.get("/void", headers={"Accept": "text/turtle"})  # from the store: at once
        assert void.status_code == 200 and "void:triples" in void.text
        claim = client.get("/claim/dw2019-top500-sales-2014", headers={"Accept": "text/turtle"})
        assert claim.status_code == 200
        for path, headers in (("/stats", {}), ("/claims", {}), ("/findings", {}), ("/", HTML)):
            waiting = client.get(path, headers=headers)
            assert waiting.status_code == 503 and int(waiting.headers["retry-after"]) > 0, path
        assert client.get("/stats").json()["detail"].startswith("the service is starting")
        assert "the research index" in client.get("/", headers=HTML).text

        held_index.set()
        assert _until(lambda: client.get("/stats"), 200).json()["claims"] == 56
        assert _until(lambda: client.get("/findings"), 200).json()


@pytest.mark.server
def test_findings_answer_503_while_the_check_runs_and_the_rest_answers(tmp_path, held_check):
    app = create_app(_settings(tmp_path))
    with serving(app) as client:
        stats = _until(lambda: client.get("/stats"), 200)  # once the index is made: the check has not run
        assert stats.status_code == 200 and stats.json()["claims"] == 56
        assert stats.headers["cache-control"] == "no-cache"  # it will change: no cache keeps it
        assert client.get("/claims", params={"limit": 1}).status_code == 200

        findings = client.get("/findings")
        assert findings.status_code == 503
        assert int(findings.headers["retry-after"]) > 0
        assert findings.headers["content-type"] == "application/problem+json"
        assert findings.json()["status"] == 503 and "still running" in findings.json()["detail"]
        page = client.get("/audit", headers=HTML)
        assert page.status_code == 200 and "The check of the knowledge base is still running" in page.text

        held_check.set()
        findings = _until(lambda: client.get("/findings"), 200)
        assert findings.json() and {"rule", "severity", "focus"} <= set(findings.json()[0])
        after = client.get("/stats")
        assert after.headers["etag"] != stats.headers["etag"]  # a cache revalidating gets the findings
        assert after.headers["cache-control"] != "no-cache"
        assert sum(after.json()["findings"].values()) == sum(1 for f in findings.json() if not f["reviewed"])
        assert "still running" not in client.get("/audit", headers=HTML).text


@pytest.mark.server
def test_sparql_answers_503_until_a_query_worker_is_up(tmp_path, held_workers):
    app = create_app(_settings(tmp_path, check_cache=True))
    with serving(app) as client:
        _until(lambda: client.get("/stats"), 200)  # the workers' copy begins once the index is made
        refused = client.get("/sparql", params=ASK, headers={"Accept": "application/sparql-results+json"})
        assert refused.status_code == 503 and int(refused.headers["retry-after"]) > 0
        assert refused.headers["content-type"] == "application/problem+json"
        assert "starting" in refused.json()["detail"]
        assert client.get("/claims", params={"limit": 1}).status_code == 200  # the rest answers meanwhile

        held_workers.set()
        ask = lambda: client.get("/sparql", params=ASK, headers={"Accept": "application/sparql-results+json"})  # noqa: E731
        assert _until(ask, 200).json()["boolean"] is True


@pytest.mark.server
def test_a_check_that_fails_at_start_is_said_by_findings(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the shapes could not be read")

    monkeypatch.setattr(startup, "run_check", broken)
    with serving(create_app(_settings(tmp_path))) as client:
        failed = _until(lambda: client.get("/findings"), 500)
        assert "the shapes could not be read" in failed.json()["detail"]
        assert _until(lambda: client.get("/stats"), 200)


@pytest.mark.server
def test_an_index_that_cannot_be_made_is_said_and_the_endpoint_still_answers(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the store went away")

    monkeypatch.setattr(startup, "research_of", broken)
    with serving(create_app(_settings(tmp_path))) as client:
        failed = _until(lambda: client.get("/stats"), 500)
        assert "the research index could not be made" in failed.json()["detail"]
        ask = lambda: client.get("/sparql", params=ASK, headers={"Accept": "application/sparql-results+json"})  # noqa: E731
        assert _until(ask, 200).json()["boolean"] is True


def test_a_saved_report_is_used_at_once(tmp_path):
    """The second start of the same corpus finds the report the first start's check saved: its
    findings come with the index, and no check runs."""
    first = create_app(_settings(tmp_path, check_cache=True)).state.startup
    assert first.report is None
    first.research = first._indexed()  # what the background tasks do
    assert first.checking
    first.research = first._checked()
    again = create_app(_settings(tmp_path, check_cache=True)).state.startup
    assert again.report is not None
    assert again._indexed().complete
    assert [f.as_dict() for f in again.report] == [f.as_dict() for f in first.research.report]


def test_the_findings_added_later_are_the_findings_found_at_once(tmp_path):
    kb = load_knowledge_base([DATA])
    settings = _settings(tmp_path)
    report = run_check(kb, settings)
    at_once = Research.of(kb, settings, report)
    checking = Research.checking(kb, settings)
    assert not checking.complete and checking.findings == [] and checking.stats.findings_by_rule == {}
    later = checking.with_report(report)
    assert later.complete and later.stats == at_once.stats and later.documents == at_once.documents
    assert [(e.id, e.rules, e.findings) for e in later.index.values()] == [
        (e.id, e.rules, e.findings) for e in at_once.index.values()
    ]
    assert all(e.findings == 0 for e in checking.index.values())  # the one before is left as it was


def test_workers_load_their_own_copies_when_the_shared_one_cannot_be_written(tmp_path):
    from forcedmig_kb.store import OxigraphStore

    store = OxigraphStore()
    store.load(b"<http://ex/a> <http://ex/b> 1 .", format="text/turtle", graph="http://ex/g")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    snapshot = Snapshot.of(store, max_rows=10, offered_results=(), offered_graph=(), directory=blocked / "copy")
    assert snapshot.opener is None and snapshot.graphs["http://ex/g"]  # the graph, copied into each worker
    shared = Snapshot.of(store, max_rows=10, offered_results=(), offered_graph=(), directory=tmp_path / "copy")
    assert shared.opener is not None and len(shared.opener()) == 1


def test_a_store_in_memory_up_to_the_setting_is_copied_into_each_worker_and_a_larger_one_shared_on_disk(tmp_path):
    from forcedmig_kb.store import OxigraphStore

    store = OxigraphStore()
    store.load(
        b"<http://ex/a> <http://ex/b> 1 . <http://ex/a> <http://ex/b> 2 .", format="text/turtle", graph="http://ex/g"
    )
    small = Snapshot.of(
        store, max_rows=10, offered_results=(), offered_graph=(), directory=tmp_path / "a", copy_up_to=2
    )
    assert small.opener is None and small.graphs["http://ex/g"].count(b"\n") == 2
    large = Snapshot.of(
        store, max_rows=10, offered_results=(), offered_graph=(), directory=tmp_path / "b", copy_up_to=1
    )
    assert large.opener is not None and len(large.opener()) == 2
