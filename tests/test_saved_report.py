"""The report of a full check saved beside an on-disk store, and reused by `serve` only while it holds.

A full check of a million claims takes most of an hour, so `check` saves its report beside an
on-disk store and `serve` starts from it; a report that no longer describes the store (an
edited file, another setting the rules read) must never be served. The tests mark the saved
report (a message no check writes) and look for the mark in a real server's answers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from forcedmig_kb import OxigraphStore, load_knowledge_base
from forcedmig_kb.checks import run_check
from forcedmig_kb.checks.saved_report import REPORT, load_report, save_report
from forcedmig_kb.settings import Settings

from .helpers import DATA
from .helpers.serving import start_server, stop_server
from .helpers.sparql_servers import start_oxigraph

MARK = "a message only the saved report has"


def _check(data: Path, store: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "forcedmig_kb.cli",
            "check",
            "--store",
            f"oxigraph:{store}",
            "--format",
            "json",
            *extra,
            str(data),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _mark(store: Path) -> None:
    path = store / REPORT
    saved = json.loads(path.read_text(encoding="utf-8"))
    saved["findings"][0]["message"] = MARK
    path.write_text(json.dumps(saved), encoding="utf-8")


def _served_messages(data: Path, store: Path, **env: str) -> set[str]:
    server = start_server(data, env={"FMKB_STORE": f"oxigraph:{store}", **env})
    try:
        return {f["message"] for f in httpx.get(server.url + "/findings", timeout=30).json()}
    finally:
        stop_server(server)


@pytest.fixture
def corpus(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data, tmp_path / "store"


@pytest.mark.server
def test_check_saves_the_report_and_serve_starts_from_it(corpus):
    data, store = corpus
    done = _check(data, store)
    assert done.returncode == 0, done.stderr
    saved = json.loads((store / REPORT).read_text(encoding="utf-8"))
    assert len(saved["findings"]) == len(json.loads(done.stdout)) > 0
    _mark(store)
    assert MARK in _served_messages(data, store)


@pytest.mark.server
def test_a_report_that_no_longer_holds_is_not_served(corpus):
    data, store = corpus
    assert _check(data, store).returncode == 0
    _mark(store)
    assert MARK not in _served_messages(data, store, FMKB_STALE_AFTER_YEARS="3")  # a setting a rule reads
    assert _check(data, store).returncode == 0  # that start saved its own report (3 years): check again
    _mark(store)
    assert MARK in _served_messages(data, store)
    claims = data / "claims.ttl"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(
            'rdfs:label "Sales revenues of the top 500 MNCs, 2014"', 'rdfs:label "Sales of the top 500 MNCs, 2014"', 1
        ),
        encoding="utf-8",
    )
    assert MARK not in _served_messages(data, store)  # an edited file: checked again


@pytest.mark.slow
def test_only_a_full_unreviewed_check_is_saved(corpus):
    data, store = corpus
    assert _check(data, store, "--strict").returncode == 1  # every finding counts: not what serve shows
    assert not (store / REPORT).exists()
    _check(data, store, "--focus", "claim:dw2019-top500-sales-2014")
    assert not (store / REPORT).exists()


def test_the_saved_report_names_the_same_files_from_another_directory(corpus, tmp_path, monkeypatch):
    data, store = corpus
    monkeypatch.chdir(tmp_path)
    kb = load_knowledge_base([data], store=OxigraphStore(store))
    report = run_check(kb, Settings())
    assert save_report(kb, Settings(), report)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    again = load_report(kb, Settings())
    assert again is not None and len(again) == len(report)
    placed = [(a.file, b.file) for a, b in zip(report, again) if a.file]
    assert placed and all((tmp_path / a).resolve() == (elsewhere / b).resolve() for a, b in placed)
    assert [f.as_dict() | {"file": ""} for f in report] == [f.as_dict() | {"file": ""} for f in again]


def test_a_store_in_memory_has_its_report_cached_by_content_unless_the_cache_is_off(chapter_kb, tmp_path):
    """Nothing to save beside: the report goes to the cache directory, keyed by the files' content
    (tests/test_check_cache.py), where `serve` on the same files in memory finds it."""
    off = Settings(check_cache=False, cache_dir=tmp_path)
    report = run_check(chapter_kb, off)
    assert not save_report(chapter_kb, off, report) and load_report(chapter_kb, off) is None
    on = Settings(check_cache=True, cache_dir=tmp_path)
    assert load_report(chapter_kb, on) is None
    assert save_report(chapter_kb, on, report)
    again = load_report(chapter_kb, on)
    assert again is not None and [f.as_dict() for f in again] == [f.as_dict() for f in report]
    assert load_report(chapter_kb, Settings(check_cache=True, cache_dir=tmp_path, stale_after_years=1)) is None


@pytest.mark.remote_store
@pytest.mark.server
def test_on_a_remote_store_the_report_and_index_are_saved_in_the_cache_directory(corpus, tmp_path):
    """A SPARQL server holds the corpus (its manifest says which); what is derived from it is saved
    locally, one folder per server, and served only while the server holds the same corpus."""

    data, _ = corpus
    (tmp_path / "server").mkdir()
    with start_oxigraph(tmp_path / "server") as sparql_server:
        env = {**sparql_server.env(), "FMKB_CACHE_DIR": str(tmp_path / "cache")}
        done = subprocess.run(
            [sys.executable, "-m", "forcedmig_kb.cli", "check", "--format", "json", str(data)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, **env},
        )
        assert done.returncode == 0, done.stderr
        (folder,) = (tmp_path / "cache").iterdir()
        assert len(json.loads((folder / REPORT).read_text(encoding="utf-8"))["findings"]) == len(
            json.loads(done.stdout)
        )
        _mark(folder)
        server = start_server(data, env=env)
        try:
            assert MARK in {f["message"] for f in httpx.get(server.url + "/findings", timeout=30).json()}
        finally:
            stop_server(server)
        assert (folder / "fmkb-index.json").is_file()  # that start saved the research index beside the report
        claims = data / "claims.ttl"
        claims.write_text(claims.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        server = start_server(data, env=env)  # the server is loaded again: what was saved no longer holds
        try:
            assert MARK not in {f["message"] for f in httpx.get(server.url + "/findings", timeout=30).json()}
        finally:
            stop_server(server)
