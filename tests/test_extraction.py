"""extraction: drafts of a text, held against what a person expects of it.

Three corpora: the chapter (against the curated ``data/``), and two test documents of other
topics, citation styles and reference-list layouts (``tests/data/texts/*.md|txt``), each with a
sidecar of expected figures and defects written by hand (``*.toml``).

Tests of defects that only an audit rule reports are expected to fail, strictly, while that
rule is missing from the shapes: ``xfail(strict=True)`` with the reason "needs the audit rule
X". Once the rule lands the mark switches itself off and the test must pass.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pytest
from rdflib import URIRef

from forcedmig_kb import load_knowledge_base
from forcedmig_kb.checks import run_check
from forcedmig_kb.checks.shacl import shapes_graph
from forcedmig_kb.extraction.drafting import extract, extract_file
from forcedmig_kb.extraction.graph import serialize
from forcedmig_kb.extraction.text import collapse
from forcedmig_kb.namespaces import FM
from forcedmig_kb.scoring.curated import Claimed, agree, citation_statuses, claims_of, score

from .helpers import FIXTURES, ROOT

TEXTS = sorted(p for p in (FIXTURES / "texts").iterdir() if p.suffix in (".md", ".txt"))


@cache
def known_rules() -> frozenset[str]:
    return frozenset(str(o) for o in shapes_graph().objects(None, URIRef(FM.rule)))


def needs(rule: str):
    return pytest.mark.xfail(rule not in known_rules(), reason=f"needs the audit rule {rule}", strict=True)


@cache
def drafted(path: Path, tmp: Path):
    """Extract a text, write the drafts as Turtle, load them back as the check does."""
    ex = extract_file(path)
    out = tmp / f"{path.stem}.ttl"
    out.write_text(serialize(ex, "turtle"), encoding="utf-8")
    return ex, load_knowledge_base([out])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("drafts")


def expected(path: Path) -> dict:
    return tomllib.loads(path.with_suffix(".toml").read_text(encoding="utf-8"))


def expected_claims(path: Path, whole: str) -> list[Claimed]:
    out = []
    for i, f in enumerate(expected(path)["figure"]):
        at = whole.find(collapse(f["quote"]))
        assert at >= 0, f"sidecar quote not in the text: {f['quote']!r}"
        out.append(
            Claimed(
                f"expected-{i}",
                f["quote"],
                ((at, at + len(collapse(f["quote"]))),),
                float(f["value"]) if "value" in f else None,
                f.get("event"),
                f["citation"],
            )
        )
    return out


# ---------------------------------------------------------------- the test documents


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_layout_title_year_sections(path, workdir):
    ex, _ = drafted(path, workdir)
    doc = expected(path)["document"]
    assert (ex.document.title, ex.document.year) == (doc["title"], doc["year"])
    assert [s.title for s in ex.document.sections] == doc["sections"]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_every_expected_figure_is_drafted_and_nothing_else(path, workdir):
    ex, kb = drafted(path, workdir)
    whole = ex.document.whole.text
    result = score(claims_of(kb, whole), expected_claims(path, whole))
    assert [m.exact for m in result.missed] == []
    assert [e.exact for e in result.extra] == []


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_numbers_that_are_not_figures_are_not_drafted(path, workdir):
    from forcedmig_kb.coverage import occurrences
    from forcedmig_kb.scoring.curated import text_figures

    ex, _ = drafted(path, workdir)
    figures = [f.span for f in text_figures(ex)]
    for not_a_figure in expected(path)["document"]["not_figures"]:
        where = occurrences(ex.document.whole.text, not_a_figure)
        assert where, f"sidecar phrase not in the text: {not_a_figure!r}"
        assert not any(a <= s < b for a, b in where for s, _ in figures), not_a_figure


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_each_figure_has_the_citation_that_covers_it(path, workdir):
    ex, kb = drafted(path, workdir)
    whole = ex.document.whole.text
    drafts = claims_of(kb, whole)
    for want in expected_claims(path, whole):
        got = [d for d in drafts if agree(d, want)]
        assert got and {d.citation for d in got} == {want.citation}, want.exact


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_citations_resolve_against_the_texts_own_reference_list(path, workdir):
    _, kb = drafted(path, workdir)
    statuses = {printed: status for (printed, status) in citation_statuses(kb)}
    names = {
        "exact": "exactMatch",
        "misdated": "misdated",
        "ambiguous": "ambiguous",
        "author-mismatch": "authorMismatch",
        "unresolved": "unresolved",
    }
    for c in expected(path)["citation"]:
        assert statuses[c["printed"]] == " ".join(sorted(names[s] for s in c["status"])), c["printed"]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_parts_and_shares_are_related(path, workdir):
    ex, _ = drafted(path, workdir)
    value = {id(d): d.quantity.value for d in ex.drafts if d.quantity}
    for f in expected(path)["figure"]:
        if "value" not in f:
            continue
        d = next(
            d
            for d in ex.drafts
            if d.quantity
            and d.quantity.value == f["value"]
            and (collapse(d.printed) in collapse(f["quote"]) or collapse(f["quote"]) in collapse(d.exact))
        )
        if "part_of" in f:
            assert d.part_of is not None and value[id(d.part_of)] == f["part_of"], f["quote"]
        if "share_of" in f:
            assert d.operation == "share" and [value[id(i)] for i, _ in d.inputs] == f["share_of"], f["quote"]


def defects(path: Path):
    for d in expected(path)["defect"]:
        yield pytest.param(
            path,
            d["rule"],
            d["subject"],
            id=f"{path.stem}-{d['rule']}-{d['subject'][:20]}",
            marks=needs(d["rule"]) if d["rule"] != "uncited" else (),
        )


@pytest.mark.parametrize(("path", "rule", "subject"), [p for t in TEXTS for p in defects(t)])
def test_extract_then_check_names_the_defect(path, rule, subject, workdir):
    _, kb = drafted(path, workdir)
    found = [f for f in run_check(kb) if f.rule == rule]
    assert any(
        subject in (f.citation or "")
        or collapse(subject) in collapse(f.quote or "")
        or collapse(f.quote or "") in collapse(subject)
        and f.quote
        or subject in (f.label or "")
        for f in found
    ), (rule, subject, [(f.quote, f.citation) for f in found])


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_no_uncited_finding_but_the_expected_ones(path, workdir):
    _, kb = drafted(path, workdir)
    want = {collapse(d["subject"]) for d in expected(path)["defect"] if d["rule"] == "uncited"}
    got = [collapse(f.quote) for f in run_check(kb) if f.rule == "uncited"]
    assert all(any(w in g or g in w for w in want) for g in got), got
    assert all(any(w in g or g in w for g in got) for w in want), got


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_drafts_break_no_core_shape_the_text_can_satisfy(path, workdir):
    """Topic and an undated figure's period are not in the text: the check reports them, nothing else."""
    _, kb = drafted(path, workdir)
    allowed = {
        "topic",
        "missing-period",
        "uncited",
        *known_rules()
        - {
            "label",
            "quote",
            "document",
            "value",
            "unit",
            "printed-value",
            "scale",
            "hedge",
            "bounds",
            "hedge-bounds",
            "derivation",
            "part-of",
            "citation",
            "section",
            "currency",
            "draft",
            "reference",
            "scale-mismatch",
            "period-order",
            "period-basis",
            "long-quote",
        },
    }
    assert {f.rule for f in run_check(kb)} <= allowed


def test_every_draft_is_marked_as_a_draft(workdir):
    _, kb = drafted(TEXTS[0], workdir)
    (row,) = kb.store.select("""PREFIX fm: <https://w3id.org/forcedmig/ontology/>
        SELECT (COUNT(?c) AS ?n) WHERE { { ?c a fm:QuantityClaim } UNION { ?c a fm:EventClaim }
                                         FILTER NOT EXISTS { ?c fm:draft true } }""").records()
    assert row["n"] == 0


def test_turtle_and_json_ld_load_to_the_same_graph(tmp_path):
    ex = extract_file(TEXTS[0])
    (tmp_path / "d.ttl").write_text(serialize(ex, "turtle"), encoding="utf-8")
    (tmp_path / "d.jsonld").write_text(serialize(ex, "json"), encoding="utf-8")
    a, b = load_knowledge_base([tmp_path / "d.ttl"]), load_knowledge_base([tmp_path / "d.jsonld"])
    assert a.counts == b.counts


# ---------------------------------------------------------------- the chapter, against the curated data


@pytest.fixture(scope="module")
def chapter_drafts(chapter_text, tmp_path_factory):
    ex = extract(chapter_text, doc_id="chapter")
    out = tmp_path_factory.mktemp("chapter") / "chapter.ttl"
    out.write_text(serialize(ex, "turtle"), encoding="utf-8")
    return ex, load_knowledge_base([out])


def test_chapter_drafts_cover_every_curated_claim(chapter_drafts, chapter_kb):
    ex, kb = chapter_drafts
    whole = ex.document.whole.text
    result = score(claims_of(kb, whole), claims_of(chapter_kb, whole))
    assert [m.iri for m in result.missed] == []
    assert result.precision >= 0.95


def test_chapter_citations_match_as_the_curated_ones(chapter_drafts, chapter_kb):
    _, kb = chapter_drafts
    assert citation_statuses(kb) == citation_statuses(chapter_kb)


@pytest.mark.slow
def test_chapter_drafts_are_uncited_where_the_curated_claims_are(chapter_drafts, chapter_kb):
    ex, kb = chapter_drafts
    whole = ex.document.whole.text
    # a drafted event is 'uncited-event' (info) until a curator keeps it; a kept one is 'uncited'
    uncited = lambda k: {f.focus for f in run_check(k) if f.rule in ("uncited", "uncited-event")}  # noqa: E731
    drafts = [c for c in claims_of(kb, whole) if c.iri in uncited(kb)]
    curated = [c for c in claims_of(chapter_kb, whole) if c.iri in uncited(chapter_kb)]
    assert score(drafts, curated).recall == 1.0 and score(drafts, curated).precision == 1.0


@pytest.mark.slow
def test_chapter_with_the_curated_bibtex_resolves_alike(chapter_text):
    from forcedmig_kb.bibtex import read_bibtex

    own = extract(chapter_text, doc_id="chapter")
    bib = extract(chapter_text, doc_id="chapter", references=read_bibtex(ROOT / "data" / "references.bib"))
    status = lambda ex: [[m.status for m in c.matches] for c in ex.citations]  # noqa: E731
    assert status(own) == status(bib)
    assert len(own.references) == 50 and own.not_understood == []
