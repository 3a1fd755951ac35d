"""The columnar check (checks/columnar.py) finds what the SPARQL queries find, report for report."""

from __future__ import annotations

import pytest

from forcedmig_kb import Settings, load_knowledge_base
from forcedmig_kb.checks import _class_closure, _compiled, run_check
from forcedmig_kb.checks import columnar as columnar_module

from .helpers import DATA, FIXTURES

COLUMNAR = Settings(check_columnar=True, check_columnar_from=0, check_workers=2)
SPARQL = Settings(check_columnar=False, check_workers=2)


def _fixture_sources() -> list[list]:
    """Every failing fixture over the base corpus (with its .bib when it has one), and the valid corpus."""
    return [
        [FIXTURES / "base", f, *([f.with_suffix(".bib")] if f.with_suffix(".bib").is_file() else [])]
        for f in sorted((FIXTURES / "invalid").glob("*.ttl"))
    ] + [[FIXTURES / "valid"]]


def _both(paths, strict: bool = True) -> tuple[list[dict], list[dict]]:
    kb = load_knowledge_base(paths)
    return (
        [f.as_dict() for f in run_check(kb, COLUMNAR, strict=strict)],
        [f.as_dict() for f in run_check(kb, SPARQL, strict=strict)],
    )


@pytest.mark.slow
def test_columnar_check_agrees_with_sparql_queries_on_every_fixture():
    """Every failing fixture and the valid corpus: the same report, finding for finding (rule,
    focus, value, message, shape, path, context, place), in the same order."""
    found = set()
    for paths in _fixture_sources():
        columnar, sparql = _both(paths)
        assert columnar == sparql, paths[-1].name
        found |= {f["rule"] for f in columnar}
    assert len(found) >= 20  # the fixtures reach most rules


def test_columnar_check_agrees_with_sparql_queries_on_a_sample_of_the_fixtures():
    """The fast tier's share of the test above: one failing fixture in eight."""
    for paths in _fixture_sources()[::8]:
        columnar, sparql = _both(paths)
        assert columnar == sparql, paths[-1].name


def test_columnar_check_agrees_with_sparql_queries_on_the_chapter():
    """The chapter's knowledge base, with its reviews and without (strict)."""
    for strict in (True, False):
        columnar, sparql = _both([DATA], strict=strict)
        assert columnar == sparql
        assert columnar


def test_columnar_check_plans_every_core_constraint_but_the_few_it_leaves_to_sparql():
    """The compiled constraints have a columnar plan, except the forms it does not evaluate
    (sh:lessThanOrEquals, sh:or of cardinalities and inside sh:node, counts other than one),
    which stay SPARQL queries: none is dropped."""
    kb = load_knowledge_base([DATA])
    core, _ = _compiled(_class_closure(kb.store), True)
    tests: dict[str, list[str]] = {}
    planned, asked = 0, []
    for q in core:
        plans = [columnar_module._plan(c, tests) for c in q.flags or (q,)]
        if all(p is not None for p in plans):
            planned += len(plans)
        else:
            asked.append(q)
    assert planned >= 170
    assert {q.component.split("+")[0] for q in asked} <= {"lessThanOrEquals", "or", "node", "minCount", "maxCount"}
    assert all(not q.flags for q in asked)  # the merged queries all have a plan
    assert len(asked) <= 8


def test_a_constraint_without_a_columnar_plan_is_asked_as_sparql(monkeypatch):
    """With no constraint planned column-wise, every one is asked as SPARQL: the same report."""
    paths = [FIXTURES / "base", FIXTURES / "invalid" / "QuantityClaim-unit-missing.ttl"]
    expected = _both(paths)[1]
    monkeypatch.setattr(columnar_module, "_plan", lambda c, tests: None)
    kb = load_knowledge_base(paths)
    assert [f.as_dict() for f in run_check(kb, COLUMNAR, strict=True)] == expected


def test_the_columnar_check_is_only_for_a_whole_store_in_memory(tmp_path):
    """A focused check, an on-disk store and a small store keep the SPARQL plan; the setting turns it off."""
    from forcedmig_kb.checks import _columnar
    from forcedmig_kb.store import OxigraphStore

    kb = load_knowledge_base([FIXTURES / "valid"])
    assert _columnar(kb, COLUMNAR, None)
    assert not _columnar(kb, SPARQL, None)
    assert not _columnar(kb, COLUMNAR, {"https://w3id.org/forcedmig/claim/x"})
    on_disk = load_knowledge_base([FIXTURES / "valid"], store=OxigraphStore(tmp_path / "store"))
    assert not _columnar(on_disk, COLUMNAR, None)
    assert not _columnar(kb, Settings(check_workers=2), None)  # by default, a store this small keeps its queries


@pytest.mark.parametrize(
    ("tsv", "value"),
    [
        ("<https://w3id.org/forcedmig/claim/a>", "https://w3id.org/forcedmig/claim/a"),
        ("_:b0", "_:b0"),
        ('"x\\ty \\"q\\" \\\\ é"', 'x\ty "q" \\ é'),
        ('"hi"@en', "hi"),
        ('"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>', "2019"),
        ("1.5", "1.5"),
        ("12", "12"),
        ("true", "true"),
    ],
)
def test_a_term_written_in_tsv_reads_back_as_the_sparql_plan_reports_it(tsv, value):
    assert columnar_module._text(tsv) == value


def test_a_literal_focus_node_reads_as_the_sparql_plan_reports_it():
    """(A literal as focus, from sh:targetObjectsOf: reported as ``_:`` and its value, as before.)"""
    assert columnar_module._focus_text('"abc"') == "_:abc"
    assert columnar_module._focus_text("<http://ex/a>") == "http://ex/a"


@pytest.mark.slow
def test_the_columnar_check_of_a_synthetic_corpus_finds_what_the_sparql_check_finds(tmp_path):
    """A synthetic corpus with every rule's defects seeded (10 % of claims): the same report."""
    from .helpers.synth import write_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus / "c.ttl", claims=2000, seed=5, rate=0.1, documents_per_file=1)
    (corpus / "c.defects.json").unlink()
    columnar, sparql = _both([corpus])
    assert columnar == sparql
    assert len({f["rule"] for f in columnar}) >= 10
