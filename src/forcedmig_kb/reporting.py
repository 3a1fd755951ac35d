"""Render a check :class:`~forcedmig_kb.checks.findings.Report` for people and machines.

One renderer per format, chosen from :data:`RENDERERS`:

``text``    grouped by rule: where, what, the quote, the citation as printed, how to fix it
``json``    a JSON array, one object per finding
"""

from __future__ import annotations

import json
from typing import Callable

from .checks.findings import Finding, Report
from .namespaces import PREFIXES


def curie(iri: str) -> str:
    """A prefixed name for an IRI when a known prefix fits.

    >>> curie("https://w3id.org/forcedmig/claim/dw2019-refugees")
    'claim:dw2019-refugees'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            rest = iri[len(ns):]
            if rest and "/" not in rest and "#" not in rest:
                best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def _where(f: Finding) -> str:
    if f.file:
        return f"{f.file}:{f.line}" if f.line else f.file
    return curie(f.focus)


def render_text(report: Report) -> str:
    lines: list[str] = []
    for rule, findings in report.by_rule().items():
        active = [f for f in findings if not f.reviewed]
        head = f"{rule} ({len(findings)}"
        head += f", {len(findings) - len(active)} reviewed)" if len(active) != len(findings) else ")"
        lines.append(head)
        lines.append("-" * len(head))
        for f in findings:
            mark = "reviewed" if f.reviewed else f.severity
            lines.append(f"{_where(f)}  {mark}  {curie(f.focus)}" + (f"  ({f.label})" if f.label else ""))
            if f.quote:
                lines.append(f"    quote:    \u201c{f.quote}\u201d")
            if f.citation or f.rule not in ("reference", "uncited-reference"):
                lines.append(f"    citation: {f.citation or '(none)'}")
            lines.append(f"    problem:  {f.message}")
            for key, value in f.evidence.items():
                lines.append(f"    {key + ':':9} {value}")
            if f.fix and not f.reviewed:
                lines.append(f"    fix:      {f.fix}")
            if f.reviewed:
                lines.append(f"    reviewed: {f.review_reason}")
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    c = report.counts(include_reviewed=False)
    reviewed = len(report) - len(report.active())
    checked = report.checked
    what = ", ".join(f"{checked[k]} {k}" for k in ("claims", "citations", "references") if k in checked)
    if not report.active():
        head = "No findings" + (f" ({reviewed} reviewed)" if reviewed else "")
    else:
        head = (f"{len(report.active())} findings: {c['violation']} violations, {c['warning']} warnings, "
                f"{c['info']} info" + (f" ({reviewed} more reviewed)" if reviewed else ""))
    return f"{head}. Checked {what}." if what else head + "."


def render_json(report: Report) -> str:
    return json.dumps([f.as_dict() for f in report], indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
}
