"""A synthetic corpus shaped like the chapter, with defects of every rule seeded at known rates.

``python bench/synth.py --claims N --out FILE.ttl`` writes ``FILE.ttl`` (documents, sections,
claims, in-text citations), ``FILE.bib`` (one reference list per document) and
``FILE.defects.json`` (every seeded defect: rule and focus IRI), so that the check's recall
can be measured at any scale: every seeded defect must be found, and nothing else.

Each document has about 200 claims in the chapter's proportions: counts and amounts with
scales, shares derived from two counts, wholes with their parts, dated events and figures
presented as current; each claim cites one entry of its document's reference list, whose
authors (persons and corporate bodies, with accents and hyphens) are unique to the document.
Writing is streamed: a million claims never sit in memory.

>>> import tempfile, pathlib, json
>>> out = pathlib.Path(tempfile.mkdtemp()) / "s.ttl"
>>> manifest = write_corpus(out, claims=60, seed=1, rate=0.05)
>>> manifest["claims"] >= 60 and out.with_suffix(".bib").is_file()
True
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from forcedmig_kb.atomic import write_text_atomic

#: The rules seeded, one defect kind each.
SEEDED_RULES = (
    "uncited",
    "misdated-citation",
    "unresolved-citation",
    "ambiguous-citation",
    "author-mismatch",
    "uncited-reference",
    "period-after-publication",
    "stale-current-figure",
    "arithmetic-mismatch",
    "parts-exceed-whole",
    "missing-period",
    "unit",
    "quote",
)

PREFIXES = """@prefix fm: <https://w3id.org/forcedmig/ontology/> .
@prefix claim: <https://w3id.org/forcedmig/claim/> .
@prefix cite: <https://w3id.org/forcedmig/citation/> .
@prefix src: <https://w3id.org/forcedmig/source/> .
@prefix doc: <https://w3id.org/forcedmig/doc/> .
@prefix topic: <https://w3id.org/forcedmig/topic/> .
@prefix area: <https://w3id.org/forcedmig/area/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix fabio: <http://purl.org/spar/fabio/> .
@prefix doco: <http://purl.org/spar/doco/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix cur: <http://qudt.org/vocab/currency/> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .

"""

_FAMILIES = [
    "Márquez",
    "Delgado",
    "Okafor",
    "Nguyen",
    "Schäfer",
    "Kowalski",
    "Achieng",
    "Haddad",
    "Silva",
    "Ibáñez",
    "Rossi",
    "Tanaka",
    "Ouédraogo",
    "Müller",
    "Costa",
    "Petrov",
    "Lindqvist",
    "Mensah",
]
_SYLLABLES = ["ka", "lo", "ven", "tri", "mar", "sol", "der", "quin", "bra", "zu", "pel", "nor", "ti", "gam"]
_BODIES = [
    "Office for Labour Statistics",
    "Institute of Migration Research",
    "Council on Trade and Development",
    "Agency for Displacement Monitoring",
]
_TOPICS = [
    "migrant-stocks",
    "forced-displacement",
    "labour-supply",
    "informality-poverty",
    "inequality",
    "global-production-networks",
    "financialization",
    "migration-governance",
]
_POPULATIONS = [
    "international migrants",
    "internal migrants",
    "refugees",
    "informal workers",
    "export processing zones",
    "workers in assembly plants",
    "asylum seekers",
    "remittance-receiving households",
]
_SCALES = [("million", 6), ("billion", 9), ("thousand", 3)]
_DOC_SIZE = 200
_REFS_PER_DOC = 40


@dataclass
class _Doc:
    index: int
    year: int
    refs: list[dict] = field(default_factory=list)


def _letters(n: int) -> str:
    """A document's number as lower-case letters (0 -> 'a', 27 -> 'bb'), to make names unique to it."""
    out = ""
    while True:
        n, r = divmod(n, 26)
        out = chr(97 + r) + out
        if n == 0:
            return out


def _tags(rng: random.Random, doc: _Doc, n: int) -> list[str]:
    """``n`` name tags, distinct within the document and marked with it."""
    tags: dict[str, None] = {}  # (in the order drawn: a set's order changes with Python's hash seed)
    while len(tags) < n:
        tags["".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize() + _letters(doc.index)] = None
    return sorted(tags, key=lambda t: rng.random())


def _references(rng: random.Random, doc: _Doc, count: int = _REFS_PER_DOC, tags: list[str] | None = None) -> list[dict]:
    """A reference list whose authors are unique to the document (so citations match only here)."""
    refs = []
    for i, tag in enumerate(tags or _tags(rng, doc, count)):
        if i % 8 == 7:
            name = f"{rng.choice(_BODIES)} {tag}"
            short = "".join(w[0] for w in name.split()[:-1] if w[0].isupper()) + "-" + tag
            authors, cite_name = [{"family": name, "corporate": True, "short": short}], short
        else:
            n = 1 if i % 3 else 2
            authors = [
                {"family": f"{rng.choice(_FAMILIES)}-{tag}{k or ''}", "given": rng.choice("ABCDEFGH") + "."}
                for k in range(n)
            ]
            cite_name = " & ".join(a["family"] for a in authors)
        refs.append(
            {
                "key": f"synth{doc.index:05d}r{i:02d}",
                "authors": authors,
                "cite_name": cite_name,
                "year": doc.year - rng.randint(1, 5),
                "suffix": "",
            }
        )
    return refs


def _bib_entry(ref: dict) -> str:
    names = " and ".join(
        "{" + a["family"] + "}" if a.get("corporate") else f"{a['family']}, {a['given']}" for a in ref["authors"]
    )
    short = f",\n  shortauthor = {{{ref['authors'][0]['short']}}}" if ref["authors"][0].get("corporate") else ""
    suffix = f",\n  yearsuffix = {{{ref['suffix']}}}" if ref["suffix"] else ""
    return (
        f"@report{{{ref['key']},\n  author = {{{names}}}{short},\n  year = {{{ref['year']}}}{suffix},\n"
        f"  title = {{Synthetic report {ref['key']}}},\n}}\n\n"
    )


class _Writer:
    """Writes claims and citations of one document, seeding defects from a shared schedule."""

    def __init__(self, out: TextIO, rng: random.Random, take: Callable[[str], bool], manifest: list) -> None:
        self.out, self.rng, self.take, self.manifest = out, rng, take, manifest
        self.claims = 0
        self.resolved: set[str] = set()  # keys some citation resolves to

    def seed(self, rule: str, focus: str) -> None:
        self.manifest.append({"rule": rule, "focus": "https://w3id.org/forcedmig/" + focus})

    def citation(self, cid: str, doc: _Doc, ref: dict, printed: str | None = None) -> None:
        text = printed or f"{ref['cite_name']}, {ref['year']}{ref['suffix']}"
        self.out.write(
            f'cite:{cid} a fm:InTextCitation ; fm:asPrinted "{text}" ;\n'
            f"    cito:hasCitingEntity doc:synth-{doc.index:05d} ; cito:hasCitationCharacterization cito:citesAsDataSource ;\n"
            f"    oa:hasTarget [ a oa:SpecificResource ; oa:hasSource doc:synth-{doc.index:05d} ;\n"
            f'        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "({text}) [{cid}]" ] ] .\n\n'
        )

    def claim(
        self,
        cid: str,
        doc: _Doc,
        *,
        value: float,
        printed: str,
        unit: str = "unit:NUM",
        scale=None,
        year: int | None,
        ref: dict | None,
        citation: str | None = None,
        extra: str = "",
        kind: str = "fm:QuantityClaim",
        quote: bool = True,
        with_unit: bool = True,
    ) -> None:
        self.claims += 1
        lines = [f"claim:{cid} a {kind} ;", f'    rdfs:label "Synthetic figure {cid}" ;']
        if kind == "fm:QuantityClaim":
            number = f"{value:.6f}".rstrip("0")
            number = number + "0" if number.endswith(".") else number
            lines.append(f'    qudt:numericValue {number} ; fm:printedValue "{printed}" ;')
            if scale:
                lines.append(f'    fm:printedScale "{scale[0]}" ; sdmx-attribute:unitMult {scale[1]} ;')
            if with_unit:
                lines.append(f"    qudt:unit {unit} ;")
            lines.append(f'    fm:population "{self.rng.choice(_POPULATIONS)}" ;')
        if year is not None:
            lines.append(
                f'    sdmx-dimension:refPeriod [ a dcterms:PeriodOfTime ; dcat:startDate "{year}"^^xsd:gYear ;'
                f' dcat:endDate "{year}"^^xsd:gYear ] ; fm:periodBasis fm:periodStated ;'
            )
        lines += [
            f"    sdmx-dimension:refArea area:world ; dcterms:subject topic:{self.rng.choice(_TOPICS)} ;",
            f"    fm:inSection <https://w3id.org/forcedmig/doc/synth-{doc.index:05d}/section/{self.rng.randint(1, 3)}> ;",
            f"    prov:wasQuotedFrom doc:synth-{doc.index:05d} ;",
        ]
        if quote:
            lines.append(
                f"    oa:hasTarget [ a oa:SpecificResource ; oa:hasSource doc:synth-{doc.index:05d} ;\n"
                f'        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "{printed} {scale[0] if scale else ""} [{cid}]" ] ] ;'
            )
        if extra:
            lines.append(extra.rstrip(" ;\n") + " ;")
        if citation:
            lines.append(f"    fm:citation cite:{citation} ;")
        if ref is not None:
            lines.append(f"    prov:hadPrimarySource src:{ref['key']} ;")
        lines[-1] = lines[-1].rstrip(" ;") + " ."
        self.out.write("\n".join(lines) + "\n\n")

    # one block: a handful of claims and their citations, shaped like the chapter
    def block(self, doc: _Doc, b: int) -> None:
        rng, d = self.rng, f"s{doc.index:05d}b{b:03d}"
        ref = doc.refs[b % _REFS_PER_DOC]  # the extra entries (twins, lone ones) are cited elsewhere or never
        year = ref["year"] - rng.randint(0, 2)
        kind = b % 5
        if kind == 0:  # a plain count with a scale, cited
            self._plain(doc, d, ref, year)
        elif kind == 1:  # a share derived from two counts
            self._share(doc, d, ref, year)
        elif kind == 2:  # a whole and its parts
            self._parts(doc, d, ref, year)
        elif kind == 3:  # a dated event
            self._event(doc, d, ref, year)
        else:  # a figure presented as current
            self._current(doc, d, ref, year)

    def _cited(self, doc: _Doc, d: str, ref: dict) -> tuple[str | None, dict | None]:
        """A citation for a claim, unless a citation defect or 'uncited' is seeded here."""
        cid = f"{d}c"
        if self.take("uncited"):
            self.seed("uncited", f"claim/{d}")
            return None, None
        if self.take("unresolved-citation"):
            self.citation(cid, doc, ref, printed=f"Nobody-{d}, {ref['year']}")
            self.seed("unresolved-citation", f"citation/{cid}")
            return cid, None
        if self.take("misdated-citation"):
            self.citation(cid, doc, ref, printed=f"{ref['cite_name']}, {ref['year'] + 20}")
            self.seed("misdated-citation", f"citation/{cid}")
        elif len(ref["authors"]) == 2 and self.take("author-mismatch"):
            self.citation(cid, doc, ref, printed=f"{ref['authors'][0]['family']} & Other-{d}, {ref['year']}")
            self.seed("author-mismatch", f"citation/{cid}")
        else:
            self.citation(cid, doc, ref)
        self.resolved.add(ref["key"])
        return cid, ref

    def _plain(self, doc: _Doc, d: str, ref: dict, year: int) -> None:
        scale = self.rng.choice(_SCALES)
        printed = f"{self.rng.randint(11, 999) / 10:.1f}"
        cid, source = self._cited(doc, d, ref)
        if self.take("period-after-publication") and source is not None:
            year = source["year"] + 3
            self.seed("period-after-publication", f"claim/{d}")
        no_period = self.take("missing-period")
        if no_period:
            self.seed("missing-period", f"claim/{d}")
        no_unit = self.take("unit")
        if no_unit:
            self.seed("unit", f"claim/{d}")
        no_quote = self.take("quote")
        if no_quote:
            self.seed("quote", f"claim/{d}")
        self.claim(
            d,
            doc,
            value=float(printed) * 10 ** scale[1],
            printed=printed,
            scale=scale,
            year=None if no_period else year,
            ref=source,
            citation=cid,
            quote=not no_quote,
            with_unit=not no_unit,
        )

    def _share(self, doc: _Doc, d: str, ref: dict, year: int) -> None:
        part, whole = self.rng.randint(10, 400), self.rng.randint(500, 900)
        for name, value in (("n", part), ("w", whole)):
            cid, source = self._cited(doc, f"{d}{name}", ref)
            self.claim(
                f"{d}{name}",
                doc,
                value=value * 1e6,
                printed=str(value),
                scale=("million", 6),
                year=year,
                ref=source,
                citation=cid,
            )
        share = round(100 * part / whole)
        if self.take("arithmetic-mismatch"):
            share += 7
            self.seed("arithmetic-mismatch", f"claim/{d}s")
        self.claim(
            f"{d}s",
            doc,
            value=float(share),
            printed=str(share),
            unit="unit:PERCENT",
            year=year,
            ref=None,
            extra=(
                f"    prov:wasDerivedFrom claim:{d}n , claim:{d}w ;\n"
                f"    prov:wasGeneratedBy [ a fm:Calculation ; fm:operation fm:share ;\n"
                f"        prov:qualifiedUsage [ a prov:Usage ; prov:entity claim:{d}n ; prov:hadRole fm:numerator ] ,\n"
                f"            [ a prov:Usage ; prov:entity claim:{d}w ; prov:hadRole fm:denominator ] ]"
            ),
        )

    def _parts(self, doc: _Doc, d: str, ref: dict, year: int) -> None:
        parts = [self.rng.randint(50, 300) / 10 for _ in range(3)]
        total = sum(parts) + self.rng.randint(5, 50) / 10
        if self.take("parts-exceed-whole"):
            total = sum(parts) * 0.8
            self.seed("parts-exceed-whole", f"claim/{d}w")
        cid, source = self._cited(doc, f"{d}w", ref)
        self.claim(
            f"{d}w",
            doc,
            value=round(total, 1) * 1e6,
            printed=f"{round(total, 1):.1f}",
            scale=("million", 6),
            year=year,
            ref=source,
            citation=cid,
        )
        for i, p in enumerate(parts):
            if cid is None:
                self.seed("uncited", f"claim/{d}p{i}")
            self.claim(
                f"{d}p{i}",
                doc,
                value=p * 1e6,
                printed=f"{p:.1f}",
                scale=("million", 6),
                year=year,
                ref=source,
                citation=cid,
                extra=f"    fm:partOf claim:{d}w",
            )

    def _event(self, doc: _Doc, d: str, ref: dict, year: int) -> None:
        cid, source = self._cited(doc, d, ref)
        self.claim(d, doc, value=0, printed="", kind="fm:EventClaim", year=year, ref=source, citation=cid)

    def _current(self, doc: _Doc, d: str, ref: dict, year: int) -> None:
        year = ref["year"]  # at most 5 years before the text, never after its source
        if self.take("stale-current-figure"):
            year = doc.year - 9
            self.seed("stale-current-figure", f"claim/{d}")
        cid, source = self._cited(doc, d, ref)
        printed = f"{self.rng.randint(11, 99)}"
        self.claim(
            d,
            doc,
            value=float(printed),
            printed=printed,
            unit="unit:PERCENT",
            year=year,
            ref=source,
            citation=cid,
            extra='    fm:presentedAsCurrent true ; fm:currencyCue "nowadays"',
        )


def write_corpus(
    out: Path,
    *,
    claims: int,
    seed: int = 0,
    rate: float = 0.01,
    progress: Callable[[int], None] | None = None,
    documents_per_file: int | None = None,
) -> dict:
    """Write ``out`` (.ttl), its ``.bib`` and ``.defects.json``; return the manifest.

    With ``documents_per_file`` the Turtle is split, as a corpus of many texts would be, into
    ``<out stem>-0000.ttl``, ``-0001.ttl``, ... beside ``out`` (which is then not written).
    """
    out = Path(out)
    rng = random.Random(seed)
    manifest: list[dict] = []
    # staggered so that two kinds of defect rarely fall on the same claim
    budget = {rule: i / len(SEEDED_RULES) for i, rule in enumerate(SEEDED_RULES)}

    def take(rule: str) -> bool:
        """Seed ``rule`` at exactly ``rate`` of the opportunities (a deterministic schedule)."""
        budget[rule] += rate
        if budget[rule] >= 1.0:
            budget[rule] -= 1.0
            return True
        return False

    def part(k: int | None) -> Path:
        return out if k is None else out.with_name(f"{out.stem}-{k:04d}.ttl")

    parts = [part(None if documents_per_file is None else 0)]
    temporary = lambda path: path.with_name(f".{path.name}.tmp")  # noqa: E731
    bib_tmp = out.with_name(f".{out.stem}.bib.tmp")
    written = 0
    try:
        with bib_tmp.open("w", encoding="utf-8") as bib:
            ttl = temporary(parts[0]).open("w", encoding="utf-8")
            ttl.write(PREFIXES)
            writer = _Writer(ttl, rng, take, manifest)
            d = 0
            while writer.claims < claims:
                if documents_per_file and d and d % documents_per_file == 0:  # the next file of the corpus
                    ttl.close()
                    parts.append(part(d // documents_per_file))
                    ttl = writer.out = temporary(parts[-1]).open("w", encoding="utf-8")
                    ttl.write(PREFIXES)
                doc = _Doc(index=d, year=rng.randint(2012, 2022))
                doc.refs = _references(rng, doc)
                _write_document(ttl, doc)
                if take("ambiguous-citation"):  # two entries, same author and year, no letter
                    first = _references(rng, doc, tags=[f"Twin{_letters(d)}"])[0]
                    first["key"] = f"synth{d:05d}amb"
                    doc.refs += [first, dict(first, key=first["key"] + "bis")]
                    writer.citation(f"s{d:05d}amb", doc, first)
                    writer.seed("ambiguous-citation", f"citation/s{d:05d}amb")
                blocks = 0
                while writer.claims < claims and writer.claims < (d + 1) * _DOC_SIZE:
                    writer.block(doc, blocks)
                    blocks += 1
                for ref in doc.refs[:_REFS_PER_DOC]:
                    if ref["key"] in writer.resolved:
                        bib.write(_bib_entry(ref))
                for ref in doc.refs[_REFS_PER_DOC:]:
                    bib.write(_bib_entry(ref))
                if take("uncited-reference"):  # an entry no citation resolves to
                    lone = _references(rng, doc, tags=[f"Lone{_letters(d)}"])[0]
                    lone["key"] = f"synth{d:05d}lone"
                    bib.write(_bib_entry(lone))
                    writer.seed("uncited-reference", f"source/{lone['key']}")
                d += 1
                if progress is not None:
                    progress(writer.claims - written)
                    written = writer.claims
            ttl.close()
    except BaseException:  # interrupted or failed: leave no half-written temporaries behind
        for path in parts:
            temporary(path).unlink(missing_ok=True)
        bib_tmp.unlink(missing_ok=True)
        raise
    for path in parts:
        temporary(path).replace(path)
    bib_tmp.replace(out.with_suffix(".bib"))
    summary = {
        "claims": writer.claims,
        "documents": d,
        "seed": seed,
        "rate": rate,
        "files": [p.name for p in parts],
        "defects": manifest,
    }
    write_text_atomic(out.with_suffix(".defects.json"), json.dumps(summary, indent=1) + "\n")
    return summary


def _write_document(out: TextIO, doc: _Doc) -> None:
    iri = f"doc:synth-{doc.index:05d}"
    out.write(
        f'{iri} a fabio:Report , fabio:Expression ; dcterms:identifier "synth-{doc.index:05d}" ;\n'
        f'    dcterms:title "Synthetic report {doc.index}" ; dcterms:creator [ a foaf:Person ; foaf:name "A. Writer" ] ;\n'
        f'    fabio:hasPublicationYear "{doc.year}"^^xsd:gYear .\n'
    )
    for s in (1, 2, 3):
        out.write(
            f"<https://w3id.org/forcedmig/doc/synth-{doc.index:05d}/section/{s}> a doco:Section ; "
            f'dcterms:isPartOf {iri} ; dcterms:title "Section {s}" .\n'
        )
    out.write("\n")


def main(argv: list[str] | None = None) -> None:
    """``python bench/synth.py --claims N --out FILE.ttl [--seed S] [--rate R] [--documents-per-file D]``."""
    from forcedmig_kb.progress import progress_bar

    def at_least_one(text: str) -> int:
        if int(text) < 1:
            raise argparse.ArgumentTypeError(f"{text} is less than 1")
        return int(text)

    def share(text: str) -> float:
        if not 0.0 <= float(text) <= 1.0:
            raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
        return float(text)

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", "-n", type=at_least_one, required=True, help="How many claims to write.")
    parser.add_argument(
        "--out",
        "-o",
        type=Path,
        required=True,
        help="The Turtle file to write; its .bib and .defects.json are written beside it.",
    )
    parser.add_argument("--seed", type=int, default=0, help="Random seed (the same seed gives the same corpus).")
    parser.add_argument(
        "--rate", type=share, default=0.01, help="Share of opportunities at which each kind of defect is seeded."
    )
    parser.add_argument(
        "--documents-per-file",
        type=at_least_one,
        default=None,
        help="Split the Turtle into files of this many documents (OUT-0000.ttl, ...), as a corpus of many texts is.",
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    with progress_bar("writing claims", total=args.claims) as advance:
        manifest = write_corpus(
            out,
            claims=args.claims,
            seed=args.seed,
            rate=args.rate,
            progress=advance,
            documents_per_file=args.documents_per_file,
        )
    counts: dict[str, int] = {}
    for d in manifest["defects"]:
        counts[d["rule"]] = counts.get(d["rule"], 0) + 1
    print(
        f"wrote {out} and {out.with_suffix('.bib').name}: {manifest['claims']} claims in "
        f"{manifest['documents']} documents; seeded {len(manifest['defects'])} defects "
        f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}), listed in "
        f"{out.with_suffix('.defects.json').name}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
