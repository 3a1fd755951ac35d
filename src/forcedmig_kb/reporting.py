"""Render a check :class:`~forcedmig_kb.checks.findings.Report` for people and machines.

One renderer per format, chosen from :data:`RENDERERS`:

``text``     grouped by rule: where, what, the quote, the citation as printed, how to fix it
``json``     a JSON array, one object per finding (reviewed ones included, marked ``reviewed``)
``junit``    JUnit XML: a test suite per rule, a failing test case per finding, reviewed ones skipped
``sarif``    SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html),
             reviewed findings carried as suppressions
``github``   GitHub Actions workflow commands (``::error file=...,line=...::``), one per unreviewed finding
"""

from __future__ import annotations

import json
from collections.abc import Callable
from xml.etree import ElementTree as ET

from . import __version__
from .checks.findings import Finding, Report
from .checks.shacl import rule_catalog
from .namespaces import PREFIXES

TOOL_URI = "https://w3id.org/forcedmig/"


def curie(iri: str) -> str:
    """A prefixed name for an IRI when a known prefix fits.

    >>> curie("https://w3id.org/forcedmig/claim/dw2019-refugees")
    'claim:dw2019-refugees'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            rest = iri[len(ns) :]
            if rest and "/" not in rest and "#" not in rest:
                best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


def _where(f: Finding) -> str:
    if f.file:
        return f"{f.file}:{f.line}" if f.line else f.file
    return curie(f.focus)


def _value_text(f: Finding) -> str:
    if not f.value or f.value == f.focus:
        return ""
    return curie(f.value) if f.value.startswith("http") else f.value


# ------------------------------------------------------------------ text


def render_text(report: Report) -> str:
    lines: list[str] = []
    active = report.active()
    groups: dict[str, list[Finding]] = {}
    for f in active:
        groups.setdefault(f.rule, []).append(f)
    for rule, findings in groups.items():
        head = f"{rule} ({len(findings)})"
        lines += [head, "-" * len(head)]
        fixes = {f.fix for f in findings}
        shared_fix = fixes.pop() if len(fixes) == 1 else None
        for f in findings:
            lines.append(f"{_where(f)}  {f.severity}  {curie(f.focus)}" + (f"  ({f.label})" if f.label else ""))
            if f.quote:
                lines.append(f"    quote:    \u201c{f.quote}\u201d")
            if f.citation or f.rule not in ("reference", "uncited-reference"):
                lines.append(f"    citation: {f.citation or '(none)'}")
            lines.append(f"    problem:  {f.message}")
            if f.fix and shared_fix is None:
                lines.append(f"    fix:      {f.fix}")
        if shared_fix:
            lines.append(f"  fix: {shared_fix}")
        lines.append("")
    reviewed = [f for f in report if f.reviewed]
    if reviewed:
        counts: dict[str, int] = {}
        for f in reviewed:
            counts[f.rule] = counts.get(f.rule, 0) + 1
        lines.append(
            "Reviewed in the data, passing (see them with --strict): "
            + ", ".join(f"{rule} {n}" for rule, n in counts.items())
        )
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    c = report.counts(include_reviewed=False)
    reviewed = len(report) - len(report.active())
    checked = report.checked
    what = ", ".join(f"{checked[k]} {k}" for k in ("claims", "citations", "references", "nodes") if k in checked)
    if not report.active():
        head = "No findings" + (f" ({reviewed} reviewed)" if reviewed else "")
    else:
        head = (
            f"{len(report.active())} findings: {c['violation']} violations, {c['warning']} warnings, "
            f"{c['info']} info" + (f" ({reviewed} more reviewed)" if reviewed else "")
        )
    return f"{head}. Checked {what}." if what else head + "."


# ------------------------------------------------------------------ json


def render_json(report: Report) -> str:
    return json.dumps([f.as_dict() for f in report], indent=2, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------ junit


def render_junit(report: Report) -> str:
    catalog = rule_catalog()
    by_rule = report.by_rule()
    rules = sorted(set(catalog) | set(by_rule))
    suites = ET.Element(
        "testsuites",
        name="forcedmig-kb check",
        tests=str(sum(max(1, len(by_rule.get(r, []))) for r in rules)),
        failures=str(len(report.active())),
    )
    for rule in rules:
        findings = by_rule.get(rule, [])
        failed = [f for f in findings if not f.reviewed]
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=rule,
            tests=str(max(1, len(findings))),
            failures=str(len(failed)),
            skipped=str(len(findings) - len(failed)),
        )
        if not findings:
            ET.SubElement(suite, "testcase", classname=rule, name=f"{rule}: no finding")
            continue
        for f in findings:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=rule,
                name=curie(f.focus) + (f" {_value_text(f)}" if _value_text(f) else ""),
                file=f.file or "",
                line=str(f.line or ""),
            )
            body = "\n".join(
                x
                for x in (
                    f"quote: {f.quote}" if f.quote else "",
                    f"citation: {f.citation}" if f.citation else "",
                    f"fix: {f.fix}" if f.fix else "",
                )
                if x
            )
            if f.reviewed:
                ET.SubElement(case, "skipped", message=f"reviewed: {f.review_reason}")
            else:
                failure = ET.SubElement(case, "failure", message=f.message, type=f.severity)
                failure.text = body
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


# ------------------------------------------------------------------ sarif

_SARIF_LEVEL = {"violation": "error", "warning": "warning", "info": "note"}


def sarif_log(report: Report) -> dict:
    """The report as a SARIF 2.1.0 log (a dict ready for ``json.dumps``)."""
    catalog = rule_catalog()
    rule_ids = sorted(set(catalog) | {f.rule for f in report})
    index = {rule: i for i, rule in enumerate(rule_ids)}
    rules = []
    for rule in rule_ids:
        entry = catalog.get(rule, {"name": rule, "description": rule, "fix": "", "severity": "info"})
        descriptor = {
            "id": rule,
            "name": "".join(w.capitalize() for w in rule.split("-")),
            "shortDescription": {"text": entry["name"]},
            "fullDescription": {"text": entry["description"] or entry["name"]},
            "defaultConfiguration": {"level": _SARIF_LEVEL[entry["severity"]]},
        }
        if entry["fix"]:
            descriptor["help"] = {"text": entry["fix"]}
        rules.append(descriptor)
    results = []
    for f in report:
        location: dict = {
            "logicalLocations": [{"fullyQualifiedName": f.focus, "name": curie(f.focus), "kind": "resource"}]
        }
        if f.file:
            physical: dict = {"artifactLocation": {"uri": f.file}}
            if f.line:
                physical["region"] = {"startLine": f.line}
            location["physicalLocation"] = physical
        result: dict = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [location],
            "partialFingerprints": {"focusAndValue/v1": f"{f.rule}|{f.focus}|{f.value}"},
            "properties": {
                k: v
                for k, v in (
                    ("focus", f.focus),
                    ("label", f.label),
                    ("quote", f.quote),
                    ("citation", f.citation),
                    ("value", f.value),
                    ("evidence", f.evidence),
                )
                if v
            },
        }
        if f.reviewed:
            result["suppressions"] = [{"kind": "inSource", "justification": f.review_reason}]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "forcedmig-kb",
                        "version": __version__,
                        "informationUri": TOOL_URI,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }


def render_sarif(report: Report) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------ github

_GITHUB_LEVEL = {"violation": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """GitHub Actions workflow commands, one annotation per unreviewed finding."""
    lines = []
    for f in report.active():
        props = []
        if f.file:
            props.append(f"file={_escape_property(f.file)}")
            if f.line:
                props.append(f"line={f.line}")
        props.append(f"title={_escape_property(f'{f.rule}: {curie(f.focus)}')}")
        detail = [f.message]
        if f.quote:
            detail.append(f"quote: \u201c{f.quote}\u201d")
        if f.citation:
            detail.append(f"citation: {f.citation}")
        if f.fix:
            detail.append(f"fix: {f.fix}")
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {','.join(props)}::{_escape_data(chr(10).join(detail))}")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
    "sarif": render_sarif,
    "github": render_github,
}
