"""Nothing lost. Every command that writes does so atomically and never over its
input; a failed load leaves the previous store usable; the server never writes its data.

Commands that write: ``check --output``, ``audit --output``, ``extract --output``, and the
benchmarks' ``bench/synth.py`` (each through :mod:`forcedmig_kb.atomic` or a temporary file
renamed over the target); the service writes nothing (its exports are HTTP answers).
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from forcedmig_kb import atomic
from forcedmig_kb.errors import InputError
from forcedmig_kb.loading import load_knowledge_base
from forcedmig_kb.store import OxigraphStore, open_store

from .helpers import DATA, FIXTURES, ROOT
from .helpers.synth import write_corpus


def run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "forcedmig_kb.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def synth(*args):
    """The benchmarks' corpus generator, ``python bench/synth.py``, which writes as the commands do."""
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / "synth.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


# ------------------------------------------------------------------ never over an input


@pytest.mark.slow
@pytest.mark.parametrize("victim", ["claims.ttl", "references.bib", "reviews.ttl"])
def test_check_refuses_to_write_its_report_over_an_input(corpus, victim):
    before = fingerprint(corpus)
    result = run("check", corpus, "--output", corpus / victim)
    assert result.returncode == 2 and "would overwrite an input" in result.stderr and "Traceback" not in result.stderr
    assert fingerprint(corpus) == before


@pytest.mark.slow
def test_audit_refuses_to_write_over_an_input(corpus):
    before = fingerprint(corpus)
    result = run("audit", corpus, "--output", corpus / "claims.ttl")
    assert result.returncode == 2 and "would overwrite an input" in result.stderr
    assert fingerprint(corpus) == before


@pytest.mark.slow
def test_extract_refuses_to_write_over_its_text_or_its_bibliography(tmp_path):
    text = tmp_path / "report.md"
    shutil.copy(FIXTURES / "texts" / "fisheries.md", text)
    bib = tmp_path / "refs.bib"
    shutil.copy(DATA / "references.bib", bib)
    before = fingerprint(tmp_path)
    for target in (text, bib):
        result = run("extract", text, "--bib", bib, "--output", target)
        assert result.returncode == 2 and "would overwrite" in result.stderr, result.stderr
    assert fingerprint(tmp_path) == before


@pytest.mark.slow
def test_every_writing_command_leaves_its_inputs_alone_and_no_temporary_files(corpus, tmp_path):
    before = fingerprint(corpus)
    out = tmp_path / "out"
    out.mkdir()
    assert run("check", corpus, "--format", "sarif", "--output", out / "check.sarif").returncode in (0, 1)
    assert run("audit", corpus, "--output", out / "audit.md").returncode == 0
    assert run("extract", FIXTURES / "texts" / "fisheries.md", "--output", out / "drafts.ttl").returncode == 0
    assert synth("--claims", "30", "--out", out / "synth.ttl").returncode == 0
    assert fingerprint(corpus) == before
    assert sorted(p.name for p in out.iterdir()) == [
        "audit.md",
        "check.sarif",
        "drafts.ttl",
        "synth.bib",
        "synth.defects.json",
        "synth.ttl",
    ]


# ------------------------------------------------------------------ atomic: all or the previous file


def test_a_failed_write_leaves_the_previous_file_whole_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "report.txt"
    target.write_text("previous\n")

    def crash(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", crash)
    with pytest.raises(OSError):
        atomic.write_text_atomic(target, "new and longer report\n" * 1000)
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_an_interrupted_synth_leaves_no_partial_corpus(tmp_path):
    out = tmp_path / "synth.ttl"
    out.write_text("# the previous corpus\n")
    calls = []

    def interrupt(n):
        calls.append(n)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_corpus(out, claims=2000, seed=1, progress=interrupt)
    assert out.read_text() == "# the previous corpus\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["synth.ttl"]


@pytest.mark.slow
def test_check_interrupted_by_sigkill_never_leaves_a_partial_report(corpus, tmp_path):
    """Killed at any moment, the --output file is either the previous report or the new one."""
    out = tmp_path / "report.json"
    out.write_text("[]\n")
    for delay in (0.3, 0.6, 0.9, 1.2):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "forcedmig_kb.cli",
                "check",
                str(corpus),
                "--format",
                "json",
                "--strict",
                "--output",
                str(out),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        text = out.read_text()
        assert text == "[]\n" or (text.startswith("[") and text.rstrip().endswith("]")), text[-200:]
    # a SIGKILL between the temporary file and the rename can leave that temporary, never anything else
    assert all(
        p.name.startswith(".report.json.") and p.suffix == ".tmp"
        for p in tmp_path.iterdir()
        if p.name not in ("report.json", "data")
    )


# ------------------------------------------------------------------ the store


def test_a_failed_load_leaves_the_previous_on_disk_store_usable(corpus, tmp_path):
    where = tmp_path / "store"
    first = load_knowledge_base([corpus], store=open_store(f"oxigraph:{where}"))
    counts = dict(first.counts)
    del first
    (corpus / "claims.ttl").write_bytes((corpus / "claims.ttl").read_bytes()[:40_000])  # half-edited
    with pytest.raises(InputError):
        load_knowledge_base([corpus], store=open_store(f"oxigraph:{where}"))
    again = OxigraphStore(where)
    assert len(again) == counts["triples"]
    assert again.ask("ASK { <https://w3id.org/forcedmig/claim/dw2019-top500-sales-2014> ?p ?o }")


def test_a_load_interrupted_while_writing_leaves_the_previous_on_disk_store_usable(corpus, tmp_path, monkeypatch):
    from forcedmig_kb.loading import build

    where = tmp_path / "store"
    triples = load_knowledge_base([corpus], store=open_store(f"oxigraph:{where}")).counts["triples"]
    changed = tmp_path / "changed"
    shutil.copytree(corpus, changed)
    (changed / "extra.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")

    def interrupted(*args, **kwargs):  # half-way through building the new content on disk
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "match_citations", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_knowledge_base([changed], store=open_store(f"oxigraph:{where}"))
    monkeypatch.undo()
    gc.collect()  # the interrupted store is closed (its lock released) before it is opened again
    assert len(OxigraphStore(where)) == triples
    assert not any(".tmp-" in p.name for p in tmp_path.iterdir())  # the half-built store is gone


# ------------------------------------------------------------------ the server


def test_the_server_opens_nothing_in_its_data_directory_for_writing_and_changes_nothing(corpus, serve, canary, procfs):
    before = fingerprint(corpus)
    server = serve(corpus)
    for path in (
        "/claims",
        "/export/kb.nq",
        "/export/kb.ttl",
        "/export/claims.csv",
        "/export/sources.bib",
        "/export/sources.json",
        "/void",
        "/source/fortune2015",
    ):
        assert httpx.get(server.url + path, timeout=30).status_code == 200
    for body, media_type in (
        (f"LOAD <{canary.url('x.ttl')}> INTO GRAPH <file://{corpus}/claims.ttl>", "application/sparql-update"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update"),
        ("CLEAR ALL", "application/sparql-query"),
    ):
        assert httpx.post(server.sparql, content=body.encode(), headers={"Content-Type": media_type}).status_code == 403
    writing = []
    for pid in [server.pid, *procfs.descendants(server.pid)]:
        for fd in Path(f"/proc/{pid}/fd").iterdir() if Path(f"/proc/{pid}/fd").exists() else []:
            try:
                target = os.readlink(fd)
                flags = int((Path(f"/proc/{pid}/fdinfo") / fd.name).read_text().split("flags:")[1].split()[0], 8)
            except (OSError, IndexError, ValueError):
                continue
            if target.startswith(str(corpus)) and flags & (os.O_WRONLY | os.O_RDWR):
                writing.append((pid, target))
    assert writing == []
    assert fingerprint(corpus) == before
    assert sorted(p.name for p in corpus.iterdir()) == ["claims.ttl", "references.bib", "reviews.ttl"]
