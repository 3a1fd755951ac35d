"""A reviewed curation sheet turned into a text's own folder of the knowledge base.

:func:`import_sheet` reads the sheet, merges it with the sheet a previous import left in the
folder, validates every row against the text and the vocabulary, and only then writes, each file
atomically (:mod:`forcedmig_kb.atomic`)::

    FOLDER/claims.ttl       the kept rows as claims, in the vocabulary of data/claims.ttl, with the
                            document, its sections and its in-text citations
    FOLDER/references.bib   the text's reference list (every entry, cited or not: it is the text's)
    FOLDER/reviews.ttl      reviewed findings: left as it is, or started empty
    FOLDER/sheet.csv        the merged, reviewed sheet: what the next import merges with

A row's identity is its quote and its printed figure, never its place in the sheet. On a second
import (after a new ``extract``), a row of the new sheet that matches a reviewed row keeps that
row's id; when the new row is as the extractor drafted it, the reviewed row wins (its unit,
topics, keep...); when the curator edited it, the edit wins. Reviewed rows the new sheet no longer
has stay. Ids are ``<document id>-<slug of the label>``, unique within the text.

Every problem of every row is reported at once, as ``SHEET:ROW: column 'value' is not ...; did you
mean ...?`` (:class:`~forcedmig_kb.errors.SheetError`); then nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..atomic import write_text_atomic
from ..bibtex import Reference, bibtex_can_hold, read_bibtex, references_graph, write_bibtex
from ..coverage import occurrences
from ..errors import FmkbError, InputError, SheetError, SheetProblem
from ..extraction.drafting import Extraction
from ..extraction.figures import SCALES
from ..extraction.graph import draft_graph, quote_prefix
from ..extraction.text import collapse
from ..namespaces import (
    AREA,
    CITATION,
    CLAIM,
    DCAT,
    DCTERMS,
    FM,
    OA,
    PREFIXES,
    PROV,
    QUDT,
    RDFS,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    SKOS,
    SOURCE,
    TOPIC,
    local_name,
)
from .sheet import BASES, COLUMNS, Row, claim_slug, draft_rows, read_sheet, split_list, unique_id, write_csv

SHEET_NAME, CLAIMS_NAME, REFERENCES_NAME, REVIEWS_NAME = "sheet.csv", "claims.ttl", "references.bib", "reviews.ttl"
_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_PERIOD = re.compile(rf"^(?P<start>{_DATE})?(?:\s*/\s*(?P<end>{_DATE})?)?(?:\s*\((?P<label>.*)\))?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ROLES = ("numerator", "denominator", "addend")
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
class Imported:
    """What an import wrote: the folder, the claims kept, the rows of the merged sheet, and notices."""

    folder: Path
    claims: int
    rows: int
    references: int
    kept_from_before: int
    notices: list[str] = field(default_factory=list)


def row_key(quote: str, printed: str) -> tuple[str, str]:
    """What identifies a row across extracts: its quote and its printed figure (whitespace collapsed)."""
    return collapse(quote), collapse(printed)


def import_sheet(sheet: Path, ex: Extraction, text: Path, folder: Path, *, data: Path | None = None) -> Imported:
    """Import the reviewed ``sheet`` of the text ``ex`` was extracted from into ``folder``.

    ``data`` is the knowledge base the folder belongs to (default: the folder's grandparent when the
    folder is ``.../texts/<id>``): an entry of the text's reference list that matches one of its
    reference lists by authors, year and title keeps that entry's key, so that a work cited by
    several texts is one source.
    """
    rows = read_sheet(sheet)
    previous_path = folder / SHEET_NAME
    previous = (
        read_sheet(previous_path) if previous_path.is_file() and previous_path.resolve() != sheet.resolve() else []
    )
    if (folder / CLAIMS_NAME).exists() and not previous_path.is_file():
        raise InputError(
            f"{CLAIMS_NAME} is there but no {SHEET_NAME}: it was not written by import, and would be lost",
            path=folder / CLAIMS_NAME,
            hint="import into a new folder, or move the claims away first",
        )
    fresh = {row_key(r["quote"], r["printed"]): r for r in draft_rows(ex)}
    merged, from_before = merge(rows, previous, fresh, ex.doc_id)
    vocab = Vocabulary.load()
    refs, renamed = _shared_keys(ex.references, data if data is not None else _knowledge_base_of(folder), folder)
    problems: list[SheetProblem] = []
    claims = _validate(merged, ex, vocab, refs, renamed, problems)
    if problems:
        raise SheetError(problems)
    claims_ttl = _claims_turtle(ex, claims, vocab, [r for r in refs if not bibtex_can_hold(r)], text.name)
    bib = write_bibtex(r for r in refs if bibtex_can_hold(r))
    reviews = folder / REVIEWS_NAME
    sheet_csv = write_csv([r.cells for r in merged])
    # everything is computed: now write, each file whole or not at all
    write_text_atomic(folder / CLAIMS_NAME, claims_ttl)
    write_text_atomic(folder / REFERENCES_NAME, bib)
    if not reviews.exists():
        write_text_atomic(reviews, _EMPTY_REVIEWS.format(doc=ex.doc_id))
    write_text_atomic(previous_path, sheet_csv)
    notices = [
        f"{ref.key}: lacks an author, a title or a year; kept in {CLAIMS_NAME}, not in {REFERENCES_NAME}"
        for ref in refs
        if not bibtex_can_hold(ref)
    ]
    return Imported(folder, len(claims), len(merged), len(refs), from_before, notices)


def merge(
    rows: list[Row], previous: list[Row], fresh: dict[tuple[str, str], dict[str, str]], doc_id: str
) -> tuple[list[Row], int]:
    """The new sheet's rows merged with the previously reviewed ones (see the module's docstring).

    Returns the merged rows and how many reviewed rows were kept as they were.
    """
    before = {row_key(r["quote"], r["printed"]): r for r in previous}
    taken = {r["id"] for r in previous if r["id"]}
    out: list[Row] = []
    seen: set[tuple[str, str]] = set()
    kept = 0
    for row in rows:
        key = row_key(row["quote"], row["printed"])
        seen.add(key)
        old = before.get(key)
        if old is not None:
            draft = fresh.get(key)
            unedited = draft is not None and all(
                row[c] == draft.get(c, "") for c in COLUMNS if c not in ("id", "line") and c in row.cells
            )
            if unedited:
                out.append(old)
                kept += 1
            else:
                out.append(replace(row, cells=row.cells | {"id": old["id"]}))
            continue
        ident = row["id"] if row["id"] and row["id"] not in taken else ""
        if not ident:
            ident = unique_id(f"{doc_id}-{claim_slug(row['label'] or row['printed'])}", taken)
        taken.add(ident)
        out.append(replace(row, cells=row.cells | {"id": ident}))
    stayed = [r for r in previous if row_key(r["quote"], r["printed"]) not in seen]
    return out + stayed, kept + len(stayed)


# ---------------------------------------------------------------- validation


@dataclass
class _Claim:
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


def _validate(
    rows: list[Row],
    ex: Extraction,
    vocab: Vocabulary,
    refs: list[Reference],
    renamed: dict[str, str],
    problems: list[SheetProblem],
) -> list[_Claim]:
    whole = ex.document.whole.text
    sections = {s.slug: s for s in ex.document.sections}
    keys = {r.key for r in refs} | set(renamed)
    printed_citations = {c.as_printed: c for c in ex.citations}
    drafts = {row_key(d.exact, d.quantity.printed_value if d.quantity else d.printed): d for d in ex.drafts}
    kept_ids = {r["id"] for r in rows if r.kept}
    seen_ids: set[str] = set()
    claims: list[_Claim] = []
    for row in rows:

        def bad(column: str, message: str, _row: Row = row) -> None:
            problems.append(SheetProblem(_row.path, _row.line, column, message))

        keep = row["keep"].lower()
        if keep not in ("yes", "no"):
            bad("keep", f"keep {row['keep']!r} is neither yes nor no")
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
        claim = _Claim(row, kind)
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
            topic = _lookup(name, vocab.topics)
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
                    bad("inputs", f"input {item!r} needs a role: {ident}:numerator, :denominator or :addend")
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


def _lookup(name: str, terms: dict[str, str]) -> str | None:
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
    found = _lookup(value, terms)
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


# ---------------------------------------------------------------- references shared across texts


def _knowledge_base_of(folder: Path) -> Path | None:
    return folder.parent.parent if folder.parent.name == "texts" else None


def _shared_keys(refs: list[Reference], data: Path | None, folder: Path) -> tuple[list[Reference], dict[str, str]]:
    """The text's references, an entry the knowledge base already holds (same authors, year and title)
    taking that entry's key; and the keys so renamed."""
    if data is None or not data.is_dir():
        return refs, {}
    known: dict[tuple, str] = {}
    bibs = [*sorted(data.glob("*.bib")), *sorted(data.glob("texts/*/*.bib"))]
    for path in bibs:
        if path.parent.resolve() == folder.resolve():
            continue
        try:
            for ref in read_bibtex(path):
                known.setdefault(_identity(ref), ref.key)
        except FmkbError:
            continue  # a broken list elsewhere is the check's to report, not the import's
    renamed: dict[str, str] = {}
    out = []
    for ref in refs:
        key = known.get(_identity(ref))
        if key is not None and key != ref.key:
            renamed[ref.key] = key
            ref = replace(ref, key=key)
        out.append(ref)
    return out, renamed


def _identity(ref: Reference) -> tuple:
    norm = lambda s: re.sub(r"\W+", " ", s.lower()).strip()  # noqa: E731
    return tuple(norm(a.family) for a in ref.authors), ref.year, norm(ref.title)


# ---------------------------------------------------------------- RDF

_EMPTY_REVIEWS = """# Reviewed findings of {doc}: findings of `forcedmig-kb check` that are facts of the text, not
# errors of the data. One fm:ReviewedFinding each, with fm:rule, fm:focus and fm:reason (README, "Reviews").

@prefix fm: <https://w3id.org/forcedmig/ontology/> .
@prefix claim: <https://w3id.org/forcedmig/claim/> .
"""


def _claims_turtle(ex: Extraction, claims: list[_Claim], vocab: Vocabulary, undated: list[Reference], name: str) -> str:
    """The document, its sections, its in-text citations and the claims, as Turtle."""
    cite: dict[str, str] = {}
    for n, printed in enumerate(ex.citations, start=1):
        printed.iri = CITATION[f"{ex.doc_id}-{n}"]
        cite.setdefault(printed.as_printed, printed.iri)
    g = draft_graph(replace(ex, drafts=[], references=[]), source_name=name)
    u = URIRef
    doc = u(ex.doc_iri)
    g.remove((None, u(FM.draft), None))
    g.set(
        (
            doc,
            u(DCTERMS.description),
            Literal(f"Claims of {name} reviewed in a curation sheet and imported by forcedmig-kb import."),
        )
    )
    for c in claims:
        row = c.row
        node = u(CLAIM[row["id"]])
        g.add((node, RDF.type, u(FM.QuantityClaim if c.kind == "quantity" else FM.EventClaim)))
        g.add((node, u(RDFS.label), Literal(row["label"])))
        if c.kind == "quantity":
            g.add((node, u(QUDT.numericValue), Literal(c.value, datatype=XSD.double)))
            g.add((node, u(FM.printedValue), Literal(row["printed"])))
            if row["scale"]:
                g.add((node, u(FM.printedScale), Literal(row["scale"])))
            if c.mult is not None:
                g.add((node, u(SDMX_ATTRIBUTE.unitMult), Literal(c.mult)))
            g.add((node, u(QUDT.unit), u(c.unit)))
            if row["hedge"]:
                g.add((node, u(FM.hedge), u(_lookup(row["hedge"], vocab.hedges) or "")))
            if c.lower is not None:
                g.add((node, u(QUDT.lowerBound), Literal(c.lower, datatype=XSD.double)))
            if c.upper is not None:
                g.add((node, u(QUDT.upperBound), Literal(c.upper, datatype=XSD.double)))
            role = _lookup(row["role"] or "sourced", vocab.roles)
            if role:
                g.add((node, u(FM.figureRole), u(role)))
        if c.period is not None:
            start, end, label = c.period
            p = BNode()
            g.add((node, u(SDMX_DIMENSION.refPeriod), p))
            g.add((p, RDF.type, u(DCTERMS.PeriodOfTime)))
            if label:
                g.add((p, u(RDFS.label), Literal(label)))
            for pred, value in ((DCAT.startDate, start), (DCAT.endDate, end)):
                if value:
                    g.add(
                        (
                            p,
                            u(pred),
                            Literal(value, datatype={4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)),
                        )
                    )
            g.add((node, u(FM.periodBasis), u(FM[BASES[row["period_basis"] or "stated"]])))
        if row["cue"]:
            g.add((node, u(FM.presentedAsCurrent), Literal(True)))
            g.add((node, u(FM.currencyCue), Literal(row["cue"])))
        if row["attributed"]:
            g.add((node, u(FM.attributedTo), Literal(row["attributed"])))
        for topic in c.topics:
            g.add((node, u(DCTERMS.subject), u(topic)))
        if c.area:
            g.add((node, u(SDMX_DIMENSION.refArea), u(c.area)))
        g.add((node, u(FM.inSection), u(f"{ex.doc_iri}/section/{c.section}")))
        g.add((node, u(PROV.wasQuotedFrom), doc))
        t, sel = BNode(), BNode()
        g.add((node, u(OA.hasTarget), t))
        g.add((t, RDF.type, u(OA.SpecificResource)))
        g.add((t, u(OA.hasSource), doc))
        g.add((t, u(OA.hasSelector), sel))
        g.add((sel, RDF.type, u(OA.TextQuoteSelector)))
        g.add((sel, u(OA.exact), Literal(row["quote"])))
        if c.prefix:
            g.add((sel, u(OA.prefix), Literal(c.prefix)))
        if c.citation:
            g.add((node, u(FM.citation), u(cite[c.citation])))
        for key in c.sources:
            g.add((node, u(PROV.hadPrimarySource), u(SOURCE[key])))
        if row["part_of"]:
            g.add((node, u(FM.partOf), u(CLAIM[row["part_of"]])))
        if c.inputs:
            calc = BNode()
            g.add((node, u(PROV.wasGeneratedBy), calc))
            g.add((calc, RDF.type, u(FM.Calculation)))
            g.add((calc, u(FM.operation), u(_lookup(row["operation"], vocab.operations) or "")))
            for ident, role in c.inputs:
                usage = BNode()
                g.add((node, u(PROV.wasDerivedFrom), u(CLAIM[ident])))
                g.add((calc, u(PROV.qualifiedUsage), usage))
                g.add((usage, RDF.type, u(PROV.Usage)))
                g.add((usage, u(PROV.entity), u(CLAIM[ident])))
                g.add((usage, u(PROV.hadRole), u(FM[role])))
        if row["note"]:
            g.add((node, u(RDFS.comment), Literal(row["note"])))
        for rule, reason in c.accepted:  # a finding accepted in the sheet: a review beside the claim
            review = BNode()
            g.add((review, RDF.type, u(FM.ReviewedFinding)))
            g.add((review, u(FM.rule), Literal(rule)))
            g.add((review, u(FM.focus), node))
            g.add((review, u(FM.reason), Literal(reason)))
    if undated:
        g += references_graph(undated)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    head = (
        f"# The claims of {name}, reviewed in a curation sheet ({SHEET_NAME} beside this file) and written by\n"
        f"# `forcedmig-kb import`. Edit the sheet and import it again rather than this file.\n\n"
    )
    return head + g.serialize(format="turtle")
