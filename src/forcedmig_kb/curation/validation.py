"""The rows of a curation sheet checked against the text and the vocabulary, before anything is written.

:func:`validate_rows` turns each kept row into a :class:`SheetClaim` (its value, unit, period,
citation, sources, topics, derivation inputs and reviewed findings, as IRIs) and reports every
problem of every row at once, as ``SHEET:ROW: column 'value' is not ...; did you mean ...?``
(:class:`~forcedmig_kb.errors.SheetProblem`), naming the vocabulary's nearest term
(:class:`Vocabulary`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import get_close_matches

from rdflib import RDF, Graph, URIRef

from ..bibtex import Reference
from ..coverage import occurrences
from ..errors import SheetProblem
from ..extraction.drafts import Extraction
from ..extraction.figures import SCALES
from ..extraction.graph import quote_prefix
from ..extraction.text import collapse
from ..namespaces import (
    AREA,
    FM,
    QUDT,
    SKOS,
    TOPIC,
    local_name,
)
from .sheet import BASES, Row, row_key, split_list

_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_PERIOD = re.compile(rf"^(?P<start>{_DATE})?(?:\s*/\s*(?P<end>{_DATE})?)?(?:\s*\((?P<label>.*)\))?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ROLES = ("numerator", "denominator", "addend", "subtrahend")
_Report = Callable[[str, str], None]  # report a problem: (column, message)


@dataclass
class Vocabulary:
    """The names a sheet may use, by column: local names of the ontology's terms and their IRIs."""

    units: dict[str, str]
    hedges: dict[str, str]
    topics: dict[str, str]
    areas: dict[str, str]
    roles: dict[str, str]
    operations: dict[str, str]
    rules: set[str] = field(default_factory=set)  # the check's rule ids, which a row may accept

    @classmethod
    def load(cls) -> Vocabulary:
        """The ontology's units (declared in concepts.ttl), hedges, topics, areas, figure roles and operations."""
        from ..loading.corpus import vocabulary_files

        g = Graph()
        for path in vocabulary_files():
            g.parse(path, format="turtle")

        def scheme(iri: str) -> dict[str, str]:
            return {local_name(str(s)): str(s) for s in g.subjects(URIRef(SKOS.inScheme), URIRef(iri))}

        units = {local_name(str(s)): str(s) for s in g.subjects(RDF.type, URIRef(QUDT.Unit))}
        roles = {"sourced": ""} | scheme(FM.figureRoles)
        from ..checks.shacl import rule_catalog

        return cls(
            units,
            scheme(FM.hedges),
            scheme(str(TOPIC)),
            scheme(str(AREA)),
            roles,
            scheme(FM.operations),
            set(rule_catalog()),
        )


@dataclass
class SheetClaim:
    """A kept row, validated: its terms as IRIs, its numbers parsed, its period split."""

    row: Row
    kind: str
    value: float | None = None
    unit: str = ""
    mult: int | None = None
    lower: float | None = None
    upper: float | None = None
    period: tuple[str | None, str | None, str] | None = None
    citation: str = ""
    sources: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    area: str = ""
    section: str = ""
    prefix: str | None = None
    inputs: list[tuple[str, str]] = field(default_factory=list)
    accepted: list[tuple[str, str]] = field(default_factory=list)  # (rule, reason): reviewed findings


def validate_rows(
    rows: list[Row],
    ex: Extraction,
    vocab: Vocabulary,
    refs: list[Reference],
    renamed: dict[str, str],
    problems: list[SheetProblem],
) -> list[SheetClaim]:
    """The kept rows as claims; every problem of every row appended to ``problems``.

    ``refs`` is the text's reference list with the keys it shares with the knowledge base, and
    ``renamed`` the keys so changed (a row may still name the text's own key).
    """
    whole = ex.document.whole.text
    sections = {s.slug: s for s in ex.document.sections}
    keys = {r.key for r in refs} | set(renamed)
    printed_citations = {c.as_printed: c for c in ex.citations}
    drafts = {row_key(d.exact, d.quantity.printed_value if d.quantity else d.printed): d for d in ex.drafts}
    kept_ids = {r["id"] for r in rows if r.kept}
    seen_ids: set[str] = set()
    claims: list[SheetClaim] = []
    for row in rows:

        def bad(column: str, message: str, _row: Row = row) -> None:
            problems.append(SheetProblem(_row.path, _row.line, column, message))

        keep = row["keep"].lower()
        if keep not in ("yes", "no"):
            bad("keep", f"keep {row['keep']!r} is neither yes nor no")
        if row["forecast"].lower() not in ("", "yes", "no"):
            bad("forecast", f"forecast {row['forecast']!r} is neither yes, no nor empty")
            continue
        if keep == "no":
            continue
        if not _ID.match(row["id"]):
            bad("id", f"id {row['id']!r} is not an id: lower-case letters, digits and '-'")
        elif row["id"] in seen_ids:
            bad("id", f"id {row['id']!r} is used by another row")
        seen_ids.add(row["id"])
        kind = row["kind"] or "quantity"
        if kind not in ("quantity", "event"):
            bad("kind", f"kind {kind!r} is neither quantity nor event")
            continue
        claim = SheetClaim(row, kind)
        if not row["label"]:
            bad("label", "label is empty: say in a few words what the figure is")
        if not row["quote"]:
            bad("quote", "quote is empty: copy the span of the text that carries the figure")
        else:
            found = occurrences(whole, row["quote"])
            if not found:
                bad(
                    "quote",
                    f"quote {_short(row['quote'])!r} is not in the text (verbatim; whitespace runs count as one)",
                )
            elif len(found) > 1:
                draft = drafts.get(row_key(row["quote"], row["printed"]))
                claim.prefix = (
                    quote_prefix(draft.flow.text, draft.quote[0], whole, draft.exact) if draft is not None else None
                )
        if kind == "quantity":
            if not row["printed"]:
                bad("printed", "printed is empty: copy the figure as the text prints it")
            claim.value = _number(row, "value", bad, required=True)
            claim.unit = _term(row, "unit", vocab.units, "a unit", bad, required=True)
            if row["scale"]:
                word = row["scale"].lower()
                word = word if word in SCALES else word.rstrip("s")
                if word in SCALES:
                    claim.mult = SCALES[word]
                else:
                    bad("scale", f"scale {row['scale']!r} is not a scale word{_near(row['scale'], list(SCALES))}")
            _term(row, "hedge", vocab.hedges, "a hedge", bad)
            claim.lower = _number(row, "lower", bad)
            claim.upper = _number(row, "upper", bad)
            if row["hedge"] and claim.lower is None and claim.upper is None:
                bad("hedge", f"hedge {row['hedge']!r} needs the bounds it implies in lower and/or upper")
            if claim.value is not None and claim.lower is not None and claim.lower > claim.value:
                bad("lower", f"lower {row['lower']} is above the value {row['value']}")
            if claim.value is not None and claim.upper is not None and claim.upper < claim.value:
                bad("upper", f"upper {row['upper']} is below the value {row['value']}")
            _term(row, "role", vocab.roles, "a figure role", bad)
        if row["period"]:
            m = _PERIOD.match(row["period"])
            if not m or not (m["start"] or m["end"]):
                bad(
                    "period",
                    f"period {row['period']!r} is not START[/END] (YYYY, YYYY-MM or YYYY-MM-DD) with an optional (label)",
                )
            else:
                start, end = m["start"], m["end"] if "/" in row["period"].split("(")[0] else m["start"]
                if start and end and start[:4] > end[:4]:
                    bad("period", f"period {row['period']!r} ends before it starts")
                claim.period = (start, end, m["label"] or "")
        elif kind == "event":
            bad("period", "an event needs its period: its date is its figure")
        if row["period_basis"] and row["period_basis"] not in BASES:
            bad(
                "period_basis",
                f"period_basis {row['period_basis']!r} is not a basis{_near(row['period_basis'], list(BASES))}",
            )
        if row["citation"]:
            if row["citation"] in printed_citations:
                claim.citation = row["citation"]
            else:
                bad(
                    "citation",
                    f"citation {row['citation']!r} is not printed in the text{_near(row['citation'], list(printed_citations))}",
                )
        for key in split_list(row["source"]):
            if key in keys:
                claim.sources.append(renamed.get(key, key))
            else:
                bad("source", f"source {key!r} is not a key of the reference list{_near(key, sorted(keys))}")
        for name in split_list(row["topics"]):
            topic = lookup(name, vocab.topics)
            if topic is None:
                bad(
                    "topics", f"topic {name!r} is not a topic of ontology/concepts.ttl{_near(name, list(vocab.topics))}"
                )
            else:
                claim.topics.append(topic)
        claim.area = _term(row, "area", vocab.areas, "an area", bad)
        section = row["section"] or next(
            (s for s, sec in sections.items() if collapse(row["quote"]) in sec.flow.text), ""
        )
        if section not in sections:
            bad(
                "section",
                f"section {row['section']!r} is not a section of the text{_near(row['section'], list(sections))}",
            )
        claim.section = section
        if row["part_of"] and row["part_of"] not in kept_ids:
            bad("part_of", f"part_of {row['part_of']!r} is not the id of a kept row (keep that row, or clear the cell)")
        if row["operation"]:
            _term(row, "operation", vocab.operations, "an operation", bad)
            for item in split_list(row["inputs"]):
                ident, _, role = item.partition(":")
                if ident not in kept_ids:
                    bad("inputs", f"input {ident!r} is not the id of a kept row")
                elif role not in _ROLES:
                    bad(
                        "inputs",
                        f"input {item!r} needs a role: {ident}:numerator, :denominator, :addend or :subtrahend",
                    )
                else:
                    claim.inputs.append((ident, role))
            if not claim.inputs:
                bad("inputs", "a computed figure (operation) needs its inputs, as ID:ROLE")
        for item in (i.strip() for i in row["accepted"].split(";") if i.strip()):  # a reason may hold ',' or spaces
            rule, _, reason = (part.strip() for part in item.partition(":"))
            if rule not in vocab.rules:
                bad("accepted", f"rule {rule!r} is not a rule of the check{_near(rule, sorted(vocab.rules))}")
            elif not reason:
                bad(
                    "accepted",
                    f"accepting {rule!r} needs the reason after it, as '{rule}: why it is a fact of the text'",
                )
            else:
                claim.accepted.append((rule, reason))
        claims.append(claim)
    return claims


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _near(value: str, names: list[str]) -> str:
    """'; did you mean X?' with the vocabulary's nearest term (case ignored), or nothing."""
    lowered = {n.lower(): n for n in names}
    near = get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return f"; did you mean {lowered[near[0]]}?" if near else ""


def lookup(name: str, terms: dict[str, str]) -> str | None:
    """A term's IRI by its local name, case ignored ('percent' is PERCENT)."""
    if name in terms:
        return terms[name]
    lowered = {k.lower(): v for k, v in terms.items()}
    return lowered.get(name.lower())


def _term(row: Row, column: str, terms: dict[str, str], what: str, bad: _Report, *, required: bool = False) -> str:
    value = row[column]
    if not value:
        if required:
            bad(column, f"{column} is empty: give {what}")
        return ""
    found = lookup(value, terms)
    if found is None:
        bad(column, f"{column} {value!r} is not {what}{_near(value, list(terms))}")
        return ""
    return found


def _number(row: Row, column: str, bad: _Report, *, required: bool = False) -> float | None:
    value = row[column].replace(" ", "")
    if not value:
        if required:
            bad(column, f"{column} is empty: give the number with its scale applied")
        return None
    if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?", value):
        value = value.replace(",", "")  # thousands separators
    try:
        return float(value)
    except ValueError:
        bad(column, f"{column} {row[column]!r} is not a number (write 2800000 or 2.8e6, not '2.8 million')")
        return None
