"""The audit of a text as a Markdown document: findings with their evidence, and an erratum.

``forcedmig-kb audit`` writes it (``docs/audit.md`` for the chapter). It lists every finding of
the check, reviewed or not (the review says why a finding is a fact about the text), with the
quote, the citation as printed, the reference entries involved and, for derived figures, the
recomputation; it ends with an erratum list a researcher could send to the author. The
document has no timestamp, so regenerating it from unchanged data gives the same file.
"""

from __future__ import annotations

from collections import defaultdict

from . import __version__, queries
from .checks.findings import Finding, Report
from .checks.shacl import rule_catalog
from .loading import KnowledgeBase
from .namespaces import SOURCE, local_name
from .reporting import curie

RULE_ORDER = [
    "uncited",
    "unresolved-citation",
    "misdated-citation",
    "ambiguous-citation",
    "author-mismatch",
    "uncited-reference",
    "period-after-publication",
    "stale-current-figure",
    "arithmetic-mismatch",
    "parts-exceed-whole",
    "missing-period",
]


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _documents(kb: KnowledgeBase) -> list[dict]:
    return kb.store.select("""
        PREFIX fabio: <http://purl.org/spar/fabio/> PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT DISTINCT ?doc ?title ?year ?author WHERE {
          ?claim prov:wasQuotedFrom ?doc . ?doc dcterms:title ?title ; fabio:hasPublicationYear ?year .
          OPTIONAL { ?doc dcterms:creator/foaf:name ?author } } ORDER BY ?doc""").records()


def _derivations(kb: KnowledgeBase) -> list[dict]:
    """Every derived figure with its inputs and the value they give (for display)."""
    rows = kb.store.select(queries.load("derivations")).records()
    out: dict[str, dict] = {}
    for r in rows:
        d = out.setdefault(
            r["claim"],
            {
                "claim": r["claim"],
                "label": r["label"],
                "printed": r["printed"],
                "value": r["value"],
                "unit": local_name(r["unit"]),
                "operation": local_name(r["operation"]),
                "unstated": r["unstated"],
                "inputs": [],
            },
        )
        if r["input"]:
            d["inputs"].append((local_name(r["role"]), r["inputLabel"], r["inputValue"]))
    for d in out.values():
        num = sum(v for role, _, v in d["inputs"] if role in ("numerator", "addend"))
        den = sum(v for role, _, v in d["inputs"] if role == "denominator")
        less = sum(v for role, _, v in d["inputs"] if role == "subtrahend")
        percent = 100 if d["operation"] in ("share", "change", "decline") and d["unit"] == "PERCENT" else 1
        if d["unstated"] or not d["inputs"]:
            d["recomputed"] = None
        elif d["operation"] in ("sum", "restatement"):
            d["recomputed"] = num
        elif d["operation"] == "difference":
            d["recomputed"] = num - less
        elif d["operation"] == "decline" and den:
            d["recomputed"] = percent * (1 - num / den)
        elif den:
            d["recomputed"] = percent * (num / den - (1 if d["operation"] == "change" else 0))
        else:
            d["recomputed"] = None
    return list(out.values())


def _number(value: float | None) -> str:
    if value is None:
        return "cannot be recomputed from the text"
    if abs(value) >= 1e6:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 100 else f"{value:,.2f}"


def _evidence_lines(f: Finding, references: dict[str, dict]) -> list[str]:
    lines = []
    keys = []
    for field in ("candidates", "key"):
        value = f.evidence.get(field)
        if isinstance(value, str):
            keys += [part.split(" (")[0].strip() for part in value.split(",")]
    if f.value.startswith(str(SOURCE)):
        keys.append(local_name(f.value))
    for key in dict.fromkeys(k for k in keys if k in references):
        ref = references[key]
        note = f" *Note: {ref['note']}*" if ref.get("note") else ""
        lines.append(f"  - Reference list, `{key}`: {ref['reference']}{note}")
    if f.rule in ("arithmetic-mismatch", "parts-exceed-whole", "stale-current-figure", "period-after-publication"):
        shown = {k: v for k, v in f.evidence.items() if k not in ("claims", "candidates", "key", "printed")}
        if shown:
            lines.append("  - Evidence: " + ", ".join(f"{k} = {v}" for k, v in shown.items()))
    if f.evidence.get("claims"):
        lines.append(
            "  - Claims resting on this citation: "
            + ", ".join(f"`claim:{c}`" for c in str(f.evidence["claims"]).split())
        )
    return lines


def render_audit(kb: KnowledgeBase, report: Report) -> str:
    catalog = rule_catalog()
    references = {r["key"]: r for r in kb.store.select(queries.load("references")).records()}
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in report:
        by_rule[f.rule].append(f)
    rules = [r for r in RULE_ORDER if r in by_rule] + sorted(r for r in by_rule if r not in RULE_ORDER)

    out: list[str] = []
    docs = _documents(kb)
    title = "; ".join(
        f"{d['author'] + ', ' if d['author'] else ''}\u201c{d['title']}\u201d ({d['year']})" for d in docs
    )
    out += [f"# Audit of the figures: {title}" if title else "# Audit of the figures", ""]
    out += [
        f"Generated by `forcedmig-kb audit` (forcedmig-kb {__version__}) from "
        f"{', '.join(f'`{p.name}`' for p in [*kb.rdf_files, *kb.bib_files])}: "
        f"{kb.counts.get('claims', 0)} claims, {kb.counts.get('citations', 0)} in-text citations, "
        f"{kb.counts.get('references', 0)} references. Do not edit by hand: change the data and run "
        "`forcedmig-kb audit` again.",
        "",
    ]
    out += [
        "Every finding below is also in `data/reviews.ttl` when a maintainer has accepted it as a fact "
        "about the text (the reason is quoted); `forcedmig-kb check` then passes on it and fails on "
        "any new one.",
        "",
    ]

    out += ["## Summary", "", "| Rule | Findings | What it means |", "|---|---:|---|"]
    for rule in rules:
        entry = catalog.get(rule, {"name": rule})
        out.append(f"| `{rule}` | {len(by_rule[rule])} | {_md(entry['name'])} |")
    if not rules:
        out.append("| (none) | 0 | The check found nothing. |")
    out.append("")

    for rule in rules:
        entry = catalog.get(rule, {"name": rule, "fix": ""})
        out += [f"## `{rule}`: {entry['name']}", ""]
        if entry.get("fix"):
            out += [f"*How to fix:* {entry['fix']}", ""]
        for f in by_rule[rule]:
            where = f" ({f.file}:{f.line})" if f.file and f.line else ""
            head = f"- **{f.label or curie(f.focus)}**, `{curie(f.focus)}`{where}"
            out.append(head)
            if f.quote:
                out.append(f"  - Quote: \u201c{f.quote}\u201d")
            out.append(f"  - Citation as printed: {f.citation or '(none)'}")
            out.append(f"  - Finding: {f.message}")
            out += _evidence_lines(f, references)
            if f.reviewed:
                out.append(f"  - Reviewed: {f.review_reason}")
        out.append("")

    derivations = _derivations(kb)
    if derivations:
        out += [
            "## Derived figures, recomputed",
            "",
            "Every figure the text computes from other figures, recomputed from them. A stated figure "
            "allows its hedge's bounds, or half a unit of its last printed digit; `arithmetic-mismatch` "
            "fires when the recomputed range and the stated range do not meet.",
            "",
            "| Figure | As printed | Operation | Inputs | Recomputed |",
            "|---|---|---|---|---|",
        ]
        for d in sorted(derivations, key=lambda d: d["claim"]):
            inputs = "; ".join(f"{role}: {label} ({_number(v)})" for role, label, v in d["inputs"])
            if d["unstated"]:
                inputs += ("; " if inputs else "") + f"not stated: {d['unstated']}"
            out.append(
                f"| {_md(d['label'])} | {_md(d['printed'])} | {d['operation']} | {_md(inputs)} | "
                f"{_number(d['recomputed'])} |"
            )
        out.append("")

    out += [
        "## Erratum",
        "",
        "A list to send to the author: each item says where the problem is, what is wrong and what would fix it.",
        "",
    ]
    n = 0
    for rule in rules:
        if rule in ("missing-period", "obsolete-review"):
            continue
        for f in by_rule[rule]:
            n += 1
            quote = f"\u201c{f.quote}\u201d" if f.quote else curie(f.focus)
            cited = (
                f" (cited as \u2018{f.citation}\u2019)"
                if f.citation and rule in ("stale-current-figure", "parts-exceed-whole", "arithmetic-mismatch")
                else ""
            )
            fix = catalog.get(rule, {}).get("fix", "")
            out.append(f"{n}. {quote}{cited}: {f.message} {fix}".rstrip())
    if n == 0:
        out.append("Nothing to report.")
    out.append("")
    return "\n".join(out)
