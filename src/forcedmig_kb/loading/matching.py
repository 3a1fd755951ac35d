"""A store's printed citations matched against its reference lists, and their parts written back.

:func:`match_citations` asks the store for every ``fm:InTextCitation``, matches its printed form
(:meth:`~forcedmig_kb.bibliography.Bibliography.match_printed`: against the citing text's own list
when it has one) and writes each cited work as a part of the citation: its name, year, locator,
match status, the entry it resolves to or the candidates.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping

from ..bibliography import Bibliography, Match
from ..bibtex import Reference
from ..namespaces import CITO, FM, RDF, iri_ref, sparql_prologue, string_literal
from ..store import Store

_CITATIONS = (
    sparql_prologue("fm", "cito")
    + """
    SELECT ?citation ?printed ?citing ?kind WHERE {
      ?citation a fm:InTextCitation ; fm:asPrinted ?printed .
      OPTIONAL { ?citation cito:hasCitingEntity ?citing }
      OPTIONAL { ?citation cito:hasCitationCharacterization ?kind }
    }"""
)


def match_citations(
    store: Store,
    references: list[Reference],
    only: set[str] | None = None,
    *,
    write: Callable[[str], None] | None = None,
    keep: bool = True,
    chunk: int = 20_000,
    advance: Callable[[int], None] | None = None,
    by_document: Mapping[str, list[Reference]] | None = None,
) -> tuple[dict[str, list[Match]], str]:
    """Parse every printed citation (``only``: these) and match it against the reference list:
    a citation whose citing document (``cito:hasCitingEntity``) has a reference list of its own
    in ``by_document`` (by the document's IRI: a text of a knowledge base of many) against that
    one, every other against ``references``.

    Returns the matches by citation (none unless ``keep``) and the citations' parts as N-Triples;
    with ``write``, the N-Triples go to it instead, ``chunk`` citations at a time, so that a
    million citations are never held in memory at once.
    """
    bibliography = Bibliography(references)
    own: dict[str, Bibliography] = {}  # a text's own reference list, indexed when first asked for
    statuses = {
        "exact": FM.exactMatch,
        "misdated": FM.misdated,
        "ambiguous": FM.ambiguous,
        "author-mismatch": FM.authorMismatch,
        "unresolved": FM.unresolved,
    }
    lines: list[str] = []
    matches: dict[str, list[Match]] = {}
    iri, lit = iri_ref, string_literal
    p = {
        name: iri(value)
        for name, value in (
            ("hasPart", FM.hasPart),
            ("type", RDF.type),
            ("asPrinted", FM.asPrinted),
            ("citedName", FM.citedName),
            ("citedYear", FM.citedYear),
            ("locator", FM.locator),
            ("citing", CITO.hasCitingEntity),
            ("kind", CITO.hasCitationCharacterization),
            ("status", FM.matchStatus),
            ("cited", CITO.hasCitedEntity),
            ("candidate", FM.candidate),
        )
    }
    citation_class = iri(CITO.Citation)
    run = uuid.uuid4().hex[:10]
    written = 0
    for n, row in enumerate(store.solutions(_CITATIONS)):  # one at a time: an embedded store as it answers
        citation = row["citation"]
        if (
            citation is None
            or citation.kind not in ("uri", "bnode")
            or (only is not None and citation.value not in only)
        ):
            continue
        printed = row["printed"]
        assert printed is not None  # (bound in every solution: not OPTIONAL in the query)
        citing = row["citing"]
        if by_document and citing is not None and citing.value in by_document:
            if citing.value not in own:
                own[citing.value] = Bibliography(by_document[citing.value])
            found = own[citing.value].match_printed(printed.value)
        else:
            found = bibliography.match_printed(printed.value)
        if keep:
            matches[citation.value] = found
        if write is not None and n - written >= chunk and lines:  # a citation's lines stay in one chunk
            write("\n".join(lines) + "\n")
            if advance is not None:
                advance(n - written)
            lines, written = [], n
        subject = citation.n3()
        for i, m in enumerate(found, start=1):
            part = iri(f"{citation.value}/{i}") if citation.kind == "uri" else f"_:p{run}c{n}w{i}"
            lines += [
                f"{subject} {p['hasPart']} {part} .",
                f"{part} {p['type']} {citation_class} .",
                f"{part} {p['asPrinted']} {lit(m.work.printed)} .",
                f"{part} {p['citedName']} {lit(m.work.name_text)} .",
            ]
            if m.work.year is not None:
                lines.append(f"{part} {p['citedYear']} {lit(m.work.printed_year)} .")
            if m.work.locator:
                lines.append(f"{part} {p['locator']} {lit(m.work.locator)} .")
            if row["citing"] is not None:
                lines.append(f"{part} {p['citing']} {row['citing'].n3()} .")
            if row["kind"] is not None:
                lines.append(f"{part} {p['kind']} {row['kind'].n3()} .")
            lines.append(f"{part} {p['status']} {iri(statuses[m.status])} .")
            if m.entry is not None:
                lines.append(f"{part} {p['cited']} {iri(m.entry.iri)} .")
            lines += [f"{part} {p['candidate']} {iri(ref.iri)} ." for ref in m.candidates]
    text = "\n".join(lines) + ("\n" if lines else "")
    if write is not None:
        if text:
            write(text)
        text = ""
    return matches, text
