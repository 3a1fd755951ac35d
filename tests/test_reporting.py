"""reporting: every output format, on the chapter's findings (all of them: --strict)."""

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from forcedmig_kb.checks import run_check
from forcedmig_kb.checks.findings import Finding, Report
from forcedmig_kb.reporting import RENDERERS, render_github, render_text, sarif_log

from .helpers import ROOT

SARIF_SCHEMA = ROOT / "node_modules" / "@microsoft" / "jest-sarif" / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json"


@pytest.fixture(scope="module")
def report(chapter_kb):
    return run_check(chapter_kb)  # all 37 findings, reviewed


@pytest.fixture(scope="module")
def strict(chapter_kb):
    return run_check(chapter_kb, strict=True)


def test_json_carries_reviewed(report):
    data = json.loads(RENDERERS["json"](report))
    assert len(data) == 37 and all(f["reviewed"] for f in data)
    assert all(f["review_reason"] for f in data)


def test_text_groups_by_rule_and_shows_quote_citation_fix(strict):
    text = render_text(strict)
    assert "misdated-citation (6)" in text and "uncited (11)" in text
    assert "citation: McKinsey, 2013" in text
    assert "quote:    \u201c(McKinsey, 2013)\u201d" in text
    assert "fix: Correct the year in the citation" in text
    assert text.rstrip().endswith("Checked 56 claims, 56 citations, 50 references.")


def test_text_summarises_reviewed_findings(report):
    text = render_text(report)
    assert "No findings (37 reviewed)" in text
    assert "misdated-citation 6" in text


def test_sarif_is_valid_against_the_official_schema(report):
    if not SARIF_SCHEMA.is_file():
        pytest.fail(f"{SARIF_SCHEMA} is missing: run `npm ci` (see README)")
    log = sarif_log(report)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"uncited", "misdated-citation", "arithmetic-mismatch"} <= set(ids)
    result = next(r for r in run["results"] if r["ruleId"] == "parts-exceed-whole")
    assert ids[result["ruleIndex"]] == "parts-exceed-whole"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "data/claims.ttl"
    assert result["suppressions"][0]["kind"] == "inSource"


def test_junit_parses_with_a_suite_per_rule(strict):
    root = ET.fromstring(RENDERERS["junit"](strict))
    suites = {s.get("name"): s for s in root}
    assert suites["uncited"].get("failures") == "11"
    assert suites["arithmetic-mismatch"].get("failures") == "0"
    assert int(root.get("failures")) == 37
    assert int(root.get("tests")) == sum(len(list(s)) for s in root)


def test_github_annotations_escape_and_point_at_lines():
    f = Finding(
        rule="uncited",
        severity="warning",
        focus="https://w3id.org/forcedmig/claim/x",
        message="50% of it\nis wrong",
        file="data/claims.ttl",
        line=12,
        quote="a, b: c",
    )
    out = render_github(Report([f]))
    first = out.splitlines()[0]
    assert first.startswith("::warning file=data/claims.ttl,line=12,title=uncited%3A claim%3Ax::")
    assert "50%25 of it%0Ais wrong" in first and "\n" not in first


def test_github_skips_reviewed(report):
    assert "::error" not in render_github(report)
