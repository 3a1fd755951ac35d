"""changes and check --changed / --focus: only what an edit touched, and what depends on it."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from forcedmig_kb import load_knowledge_base
from forcedmig_kb.changes import changed_nodes
from forcedmig_kb.checks import run_check
from forcedmig_kb.namespaces import CITATION, CLAIM

from .helpers import ROOT


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    git("init", "-q", cwd=tmp_path)
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".", cwd=tmp_path)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "data", cwd=tmp_path)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_claim_and_citation_are_the_changed_nodes(repo):
    claims = repo / "data" / "claims.ttl"
    edit(claims, 'fm:printedValue "22.5"', 'fm:printedValue "22.6"')
    edit(claims, 'fm:asPrinted "Swing, 2015"', 'fm:asPrinted "Swing, 2016"')
    kb = load_knowledge_base([repo / "data"])
    assert changed_nodes(kb.rdf_files) == {CLAIM["dw2019-refugees"], CITATION["dw2019-44"]}


def test_focus_finds_the_focus_nodes_findings_and_those_of_what_depends_on_them(chapter_kb):
    full = {(f.rule, f.focus) for f in run_check(chapter_kb, strict=True)}
    report = run_check(chapter_kb, strict=True, focus=[CLAIM["dw2019-refugees"]])
    found = {(f.rule, f.focus) for f in report}
    # the refugees' whole fails parts-exceed-whole; its citation is misdated
    assert ("parts-exceed-whole", CLAIM["dw2019-forcibly-displaced"]) in found
    assert ("misdated-citation", CITATION["dw2019-48"]) in found
    assert found <= full and len(found) < len(full)


@pytest.mark.slow
def test_check_changed_reports_a_new_problem_only_where_it_was_made(repo):
    claims = repo / "data" / "claims.ttl"
    edit(claims, 'qudt:numericValue 72.0 ; fm:printedValue "72"', 'qudt:numericValue 78.0 ; fm:printedValue "78"')
    result = subprocess.run(
        [sys.executable, "-m", "forcedmig_kb.cli", "check", "data", "--changed", "--format", "json"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)
    assert {(f["rule"], f["focus"].rsplit("/", 1)[-1]) for f in findings if not f["reviewed"]} == {
        ("arithmetic-mismatch", "dw2019-migrants-from-periphery-share")
    }
    unchanged = subprocess.run(
        [sys.executable, "-m", "forcedmig_kb.cli", "check", "data", "--focus", "claim:dw2019-refugees"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert unchanged.returncode == 0, unchanged.stdout


@pytest.mark.slow
def test_changed_outside_git_exits_2(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "forcedmig_kb.cli", "check", "data", "--changed"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "not in a git work tree" in result.stderr


@pytest.mark.slow
def test_each_claim_and_citation_checked_alone_gives_its_part_of_the_full_report(chapter_kb):
    full = {(f.rule, f.focus, f.value) for f in run_check(chapter_kb, strict=True)}
    nodes = [
        r["n"]
        for r in chapter_kb.store.select("""
        PREFIX fm: <https://w3id.org/forcedmig/ontology/>
        SELECT ?n WHERE { { ?n a fm:QuantityClaim } UNION { ?n a fm:EventClaim } UNION { ?n a fm:InTextCitation } }""").records()
    ]
    assert len(nodes) == 112
    for node in nodes:
        alone = {(f.rule, f.focus, f.value) for f in run_check(chapter_kb, strict=True, focus=[node])}
        assert {x for x in full if x[1] == node} <= alone <= full, node


def test_a_focus_asked_node_by_node_or_as_one_list_gives_the_same_findings(chapter_kb, monkeypatch):
    from forcedmig_kb.checks import sparql_runner as sparql

    focus = [CLAIM["dw2019-refugees"], CLAIM["dw2019-migrants-from-periphery-share"], CITATION["dw2019-48"]]
    by_node = {(f.rule, f.focus, f.value) for f in run_check(chapter_kb, strict=True, focus=focus)}
    monkeypatch.setattr(sparql, "PER_NODE_LIMIT", 0)  # one VALUES list, as for a large change
    as_list = {(f.rule, f.focus, f.value) for f in run_check(chapter_kb, strict=True, focus=focus)}
    assert by_node == as_list and {"parts-exceed-whole", "misdated-citation"} <= {r for r, _, _ in by_node}
