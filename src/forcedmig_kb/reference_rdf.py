"""The references of a reference list as RDF (FaBiO, DCTERMS, BIBO, FOAF, PRISM), and back.

Each entry becomes ``src:<key>``, typed with the FaBiO class of its entry type, with its key
(``dcterms:identifier``), title, publication year (``fabio:hasPublicationYear``), its
authors in order (``bibo:authorList``, an ``rdf:Seq``, and ``dcterms:creator``) and its
container, volume and pages (PRISM).

A reference list may also be written in Turtle, as :func:`references_graph` writes it (the drafts
of ``forcedmig-kb extract`` carry the bibliography they resolved against so); the loader reads it
back with the named query ``reference-list`` and :func:`references_from_rows`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from rdflib import Graph

from .bibtex import Name, Reference
from .namespaces import BIBO, DCTERMS, FABIO, FM, FOAF, RDF, SKOS, SOURCE, XSD, iri_ref
from .store.protocol import Term

XSD_GYEAR = XSD.gYear
XSD_ANYURI = XSD.anyURI

PRISM = "http://prismstandard.org/namespaces/basic/2.0/"

#: BibTeX / biblatex entry types and the FaBiO class each becomes.
FABIO_TYPES: dict[str, str] = {
    "article": "JournalArticle",
    "book": "Book",
    "incollection": "BookChapter",
    "inbook": "BookChapter",
    "inproceedings": "ConferencePaper",
    "report": "ReportDocument",
    "techreport": "ReportDocument",
    "phdthesis": "DoctoralThesis",
    "mastersthesis": "MastersThesis",
    "online": "WebPage",
    "dataset": "Dataset",
    "misc": "Expression",
}


def references_ntriples(refs: Iterable[Reference]) -> str:
    """The references as N-Triples (FaBiO, DCTERMS, BIBO, FOAF, PRISM): the one mapping to RDF.

    Written as text, not through rdflib: 20,000 entries take a second, not eight. Blank node
    labels carry a random prefix, so two calls never share a node.

    >>> from forcedmig_kb.bibtex import parse_bibtex
    >>> print(references_ntriples(parse_bibtex("@book{a1, author={A, B}, year={2001}, title={T}}")).splitlines()[0])
    <https://w3id.org/forcedmig/source/a1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://purl.org/spar/fabio/Book> .
    """
    run = uuid.uuid4().hex[:10]
    lines: list[str] = []
    add = lines.append
    lit, iri = _literal, iri_ref
    for n, ref in enumerate(refs):
        s = iri(ref.iri)
        add(f"{s} {iri(RDF.type)} {iri(FABIO + FABIO_TYPES.get(ref.entry_type, 'Expression'))} .")
        add(f"{s} {iri(RDF.type)} {iri(FABIO.Expression)} .")
        add(f"{s} {iri(DCTERMS.identifier)} {lit(ref.key)} .")
        add(f"{s} {iri(FM.bibtexType)} {lit(ref.entry_type)} .")
        add(f"{s} {iri(DCTERMS.title)} {lit(ref.title)} .")
        if ref.year is not None:  # an undated source of a note ('n.d.') has none
            add(f"{s} {iri(FABIO.hasPublicationYear)} {lit(f'{ref.year:04d}', XSD_GYEAR)} .")
        if ref.year_suffix:
            add(f"{s} {iri(FM.yearSuffix)} {lit(ref.year_suffix)} .")
        if ref.label:
            add(f"{s} {iri(FABIO.hasSequenceIdentifier)} {lit(ref.label)} .")
        add(f"{s} {iri(DCTERMS.bibliographicCitation)} {lit(ref.citation_text())} .")
        seq = f"_:b{run}r{n}"
        add(f"{s} {iri(BIBO.authorList)} {seq} .")
        add(f"{seq} {iri(RDF.type)} {iri(RDF.Seq)} .")
        for i, name in enumerate(ref.authors, start=1):
            agent = f"_:b{run}r{n}a{i}"
            add(f"{seq} {iri(RDF[f'_{i}'])} {agent} .")
            add(f"{s} {iri(DCTERMS.creator)} {agent} .")
            add(f"{agent} {iri(RDF.type)} {iri(FOAF.Organization if name.corporate else FOAF.Person)} .")
            add(f"{agent} {iri(FOAF.name)} {lit(name.display)} .")
            add(f"{agent} {iri(FOAF.familyName)} {lit(' '.join(p for p in (name.von, name.family) if p))} .")
            if name.given:
                add(f"{agent} {iri(FOAF.givenName)} {lit(name.given)} .")
            if ref.short_author and i == 1:  # read back as the entry's short_author (references_from_rows)
                add(f"{agent} {iri(FOAF.nick)} {lit(ref.short_author)} .")
        f = ref.fields
        container = f.get("journal") or f.get("booktitle")
        if container:
            c = f"_:b{run}r{n}c"
            add(f"{s} {iri(DCTERMS.isPartOf)} {c} .")
            add(f"{c} {iri(RDF.type)} {iri(FABIO.Journal if 'journal' in f else FABIO.Book)} .")
            add(f"{c} {iri(DCTERMS.title)} {lit(container)} .")
        for bib, pred in (
            ("volume", PRISM + "volume"),
            ("number", PRISM + "number"),
            ("pages", PRISM + "pageRange"),
            ("edition", PRISM + "edition"),
        ):
            if f.get(bib):
                add(f"{s} {iri(pred)} {lit(f[bib])} .")
        publisher = f.get("publisher") or f.get("institution") or f.get("organization")
        if publisher:
            add(f"{s} {iri(DCTERMS.publisher)} {lit(publisher)} .")
        if f.get("url"):
            add(f"{s} {iri(FABIO.hasURL)} {lit(f['url'], XSD_ANYURI)} .")
        if f.get("origdate"):
            add(f"{s} {iri(DCTERMS.created)} {lit(f['origdate'], XSD_GYEAR)} .")
        if f.get("note"):
            add(f"{s} {iri(SKOS.note)} {lit(f['note'])} .")
        if f.get("howpublished"):
            add(f"{s} {iri(DCTERMS.description)} {lit(f['howpublished'])} .")
    return "\n".join(lines) + ("\n" if lines else "")


def references_graph(refs: list[Reference]) -> Graph:
    """The references as an rdflib graph (for Turtle output), from :func:`references_ntriples`."""
    return Graph().parse(data=references_ntriples(refs), format="nt")


def _literal(value: str, datatype: str | None = None) -> str:
    return Term("literal", value, datatype).n3()


def references_from_rows(rows: list[dict[str, object]]) -> list[Reference]:
    """References from the rows of the named query ``reference-list`` (one row per author, in order).

    The inverse of :func:`references_graph` as far as matching citations needs: key, type, year
    and suffix, the original year (``origdate``), title, authors (persons or bodies) and a body's
    printed short form.

    >>> rows = [{"ref": SOURCE.un2017, "key": "un2017", "type": "report", "year": "2017", "suffix": None,
    ...          "title": "Trends", "position": 1, "family": "United Nations", "given": None,
    ...          "corporate": True, "nick": "UN"}]
    >>> ref = references_from_rows(rows)[0]; (ref.key, ref.year, ref.short_author, ref.authors[0].corporate)
    ('un2017', 2017, 'UN', True)
    """
    refs: dict[str, Reference] = {}
    for row in rows:
        iri = str(row["ref"])
        ref = refs.get(iri)
        if ref is None:
            year = str(row["year"])
            key = iri[len(str(SOURCE)) :] if iri.startswith(str(SOURCE)) else str(row["key"])
            ref = refs[iri] = Reference(
                key=key,
                entry_type=str(row["type"]),
                authors=[],
                year=int(year[:4]) if year[:4].isdigit() else None,
                year_suffix=str(row.get("suffix") or ""),
                title=str(row["title"]),
                short_author=str(row.get("nick") or ""),
                label=str(row.get("label") or ""),
            )
            if row.get("original"):  # the year of the first edition: '1965 [1798]'
                ref.fields["origdate"] = str(row["original"])
        ref.authors.append(Name(str(row["family"]), str(row.get("given") or ""), corporate=bool(row.get("corporate"))))
    return list(refs.values())
