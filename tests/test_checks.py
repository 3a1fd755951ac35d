"""checks: the figure audit on the chapter, reviews, --strict, parameters, and the gYear pitfall.

The chapter's real defects are pinned here one by one: the check must find every one of them,
and nothing on the citations that are correct.
"""

import shutil

import pytest
import rdflib

from forcedmig_kb import Settings, load_knowledge_base
from forcedmig_kb.checks import run_check

from .helpers import FIXTURES, ROOT
from .helpers.checking import check_findings_of, rules_of

EXPECTED = {
    "misdated-citation": {"dw2019-01", "dw2019-06", "dw2019-18", "dw2019-25", "dw2019-38", "dw2019-48"},
    "ambiguous-citation": {"dw2019-51"},
    "author-mismatch": {"dw2019-09", "dw2019-47", "dw2019-55"},
    "unresolved-citation": {"dw2019-21"},
    "uncited-reference": set(),
    "parts-exceed-whole": {"dw2019-forcibly-displaced"},
    "arithmetic-mismatch": set(),
    "period-after-publication": {
        "dw2019-labour-supply-end",
        "dw2019-labour-supply-growth",
        "dw2019-migrants-share-population",
        "dw2019-migrants-share-working-class",
        "dw2019-forcibly-displaced",
        "dw2019-refugees",
        "dw2019-internally-displaced",
        "dw2019-asylum-seekers",
    },
    "stale-current-figure": {
        "dw2019-top100-foreign-assets-share",
        "dw2019-top100-foreign-employment-share",
        "dw2019-top100-foreign-sales-share",
        "dw2019-industrial-employment-global-south",
        "dw2019-top1pct-assets-share",
    },
    "uncited": {
        "dw2019-commodities-boom-2002",
        "dw2019-ipcc-warnings-years",
        "dw2019-palermo-convention-2000",
        "dw2019-economic-migrants",
        "dw2019-overqualified-professionals",
        "dw2019-un-hld-launch-2016",
        "dw2019-un-hld-interval",
        "dw2019-iom-un-agency-2016",
        "dw2019-new-york-declaration-2016",
        "dw2019-new-york-declaration-member-states",
        "dw2019-global-compact-2018",
    },
}


@pytest.fixture(scope="module")
def strict_report(chapter_kb):
    return run_check(chapter_kb, strict=True)


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_chapter_defects_found_exactly(strict_report, rule):
    found = {f.focus.rsplit("/", 1)[-1] for f in strict_report if f.rule == rule}
    assert found == EXPECTED[rule]


def test_misdated_citation_names_the_candidate_entry(strict_report):
    (mckinsey,) = [f for f in strict_report if f.rule == "misdated-citation" and f.value == "McKinsey, 2013"]
    assert "mckinsey2012 (2012)" in mckinsey.message
    assert mckinsey.evidence["candidates"] == "mckinsey2012 (2012)"
    assert mckinsey.evidence["claims"] == "dw2019-global-financial-assets-2007"


def test_parts_exceed_whole_gives_the_sums(strict_report):
    (f,) = [f for f in strict_report if f.rule == "parts-exceed-whole"]
    assert f.evidence["partsLow"] == pytest.approx(66_350_000)
    assert f.evidence["wholeHigh"] == pytest.approx(65_650_000)


def test_every_chapter_finding_is_reviewed_so_ci_passes(chapter_kb):
    report = run_check(chapter_kb)
    assert report.active() == []
    # + 1 missing period, reviewed (an uncited figure is reported as uncited, not also as missing its period)
    assert len(report) == sum(len(v) for v in EXPECTED.values()) + 1


def test_stale_threshold_is_a_setting(chapter_kb):
    def stale(years):
        report = run_check(chapter_kb, Settings(stale_after_years=years), strict=True)
        return {f.focus.rsplit("/", 1)[-1] for f in report if f.rule == "stale-current-figure"}

    assert stale(10) == {"dw2019-top1pct-assets-share"}
    assert "dw2019-forced-labour-trafficking" in stale(3)
    run_check(chapter_kb)  # back to the defaults for the other tests


def test_gyear_inequality_is_a_silent_type_error_in_rdflib():
    """The pitfall the shapes avoid: rdflib drops every row when two xsd:gYear literals are compared."""
    g = rdflib.Graph().parse(
        data="""
        @prefix ex: <http://ex/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:a ex:year "2014"^^xsd:gYear . ex:b ex:year "2015"^^xsd:gYear .""",
        format="turtle",
    )
    as_years = "SELECT * WHERE { ?a <http://ex/year> ?x . ?b <http://ex/year> ?y FILTER(?x != ?y) }"
    as_numbers = (
        "SELECT * WHERE { ?a <http://ex/year> ?x . ?b <http://ex/year> ?y "
        "FILTER(xsd:integer(SUBSTR(STR(?x), 1, 4)) != xsd:integer(SUBSTR(STR(?y), 1, 4))) }"
    )
    assert len(g.query(as_years)) == 0
    assert len(g.query(as_numbers, initNs={"xsd": rdflib.XSD})) == 2


@pytest.mark.slow
def test_year_rules_fire_in_both_engines(chapter_kb):
    """period-after-publication and stale-current-figure compare years as numbers, so rdflib finds them too."""
    report = run_check(chapter_kb, engine="pyshacl", strict=True)
    assert {f.focus.rsplit("/", 1)[-1] for f in report if f.rule == "period-after-publication"} == EXPECTED[
        "period-after-publication"
    ]
    assert {f.focus.rsplit("/", 1)[-1] for f in report if f.rule == "stale-current-figure"} == EXPECTED[
        "stale-current-figure"
    ]


def test_obsolete_review_is_reported(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    with (data / "reviews.ttl").open("a", encoding="utf-8") as f:
        f.write(
            '\n[] a fm:ReviewedFinding ; fm:rule "uncited" ; fm:focus claim:dw2019-refugees ;\n'
            '    fm:reason "A review of a finding that does not exist." .\n'
        )
    report = run_check(load_knowledge_base([data]))
    (obsolete,) = [f for f in report if f.rule == "obsolete-review"]
    assert obsolete.severity == "info" and obsolete.focus.endswith("dw2019-refugees")
    assert not report.fails("warning")


@pytest.mark.slow
def test_a_check_shared_among_processes_finds_what_one_process_finds(tmp_path):
    """On an on-disk store opened read-only, the full check runs its constraints in a pool of
    processes (each opening the store once); the findings are those of one process, in the same order."""
    from forcedmig_kb import OxigraphStore
    from forcedmig_kb.checks import _parallel

    from .helpers.synth import write_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus / "c.ttl", claims=400, seed=3, rate=0.05, documents_per_file=1)
    (corpus / "c.defects.json").unlink()
    kb = load_knowledge_base([corpus], store=OxigraphStore(tmp_path / "store"))
    kb.store.reopen_read_only()
    assert _parallel(kb.store, Settings(check_workers=2), None)
    assert not _parallel(kb.store, Settings(check_workers=1), None)
    shared = [f.as_dict() for f in run_check(kb, Settings(check_workers=2), strict=True)]
    alone = [f.as_dict() for f in run_check(kb, Settings(check_workers=1), strict=True)]
    assert len({f["rule"] for f in alone}) >= 5
    assert shared == alone


@pytest.mark.slow
def test_a_check_of_a_store_in_memory_shared_among_threads_finds_what_one_thread_finds(tmp_path):
    """In memory no other process can read the store, but Oxigraph evaluates a query without
    holding Python's lock: the full check runs its constraints in threads; the findings are
    those of one thread, in the same order."""
    from forcedmig_kb.checks import _threaded

    from .helpers.synth import write_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus / "c.ttl", claims=400, seed=3, rate=0.05, documents_per_file=1)
    (corpus / "c.defects.json").unlink()
    kb = load_knowledge_base([corpus])
    assert _threaded(kb.store, Settings(check_workers=2), None)
    assert not _threaded(kb.store, Settings(check_workers=1), None)
    assert not _threaded(kb.store, Settings(check_workers=2), {"https://w3id.org/forcedmig/claim/x"})
    shared = [f.as_dict() for f in run_check(kb, Settings(check_workers=2), strict=True)]
    alone = [f.as_dict() for f in run_check(kb, Settings(check_workers=1), strict=True)]
    assert len({f["rule"] for f in alone}) >= 5
    assert shared == alone


#: The findings (rule, severity, focus, value) of ``check --strict`` on ``bench/synth.py --claims
#: 10000`` (seed 0, rate 0.01), as the code of commit 7f6cf3a found them, before the check was sped
#: up for issue 23 (one thread, each citation matched alone): 325 findings, the sha256 of their
#: sorted JSON list. (A change to bench/synth.py that changes the corpus changes them too.)
SYNTH_10K_FINDINGS = (325, "18499a6c48007d913174e96b8ba54b748f211177a33bfa46f16f25393e78f074")


@pytest.mark.slow
def test_the_check_of_10000_synthetic_claims_finds_what_it_found_before_it_was_sped_up(tmp_path):
    """Same findings as before, always: the full check of the 10,000-claim synthetic corpus (two
    threads, the load's reading and matching overlapped) gives exactly the findings of the check
    before those changes."""
    import hashlib
    import json

    from .helpers.synth import write_corpus

    write_corpus(tmp_path / "synth.ttl", claims=10_000, seed=0, rate=0.01)
    kb = load_knowledge_base([tmp_path / "synth.ttl", tmp_path / "synth.bib"])
    report = run_check(kb, Settings(check_workers=2), strict=True)
    keys = sorted((f.rule, f.severity, f.focus, f.value) for f in report)
    assert (len(keys), hashlib.sha256(json.dumps(keys).encode()).hexdigest()) == SYNTH_10K_FINDINGS


class _KillsItsReader:
    """A check task that kills the process unpickling it with SIGKILL, as the kernel kills a
    process for lack of memory (pickle calls what ``__reduce__`` names)."""

    def __reduce__(self):
        import signal

        return signal.raise_signal, (signal.SIGKILL,)


@pytest.mark.slow
def test_a_check_process_killed_mid_check_fails_the_check_instead_of_waiting_forever(tmp_path):
    """When the kernel kills a check process (for memory, say), the check fails with an error
    that says so and names the settings to lower; ``multiprocessing.Pool`` waited for the dead
    process's answer forever. The real constraints run around the killed one."""
    import threading

    from forcedmig_kb import OxigraphStore
    from forcedmig_kb.checks import _class_closure, _compiled
    from forcedmig_kb.checks.sparql_runner import run_in_processes
    from forcedmig_kb.errors import StoreError

    kb = load_knowledge_base([ROOT / "data"], store=OxigraphStore(tmp_path / "store"))
    kb.store.reopen_read_only()
    core, rules = _compiled(_class_closure(kb.store))
    outcome: list = []

    def check() -> None:
        try:
            outcome.append(
                run_in_processes(
                    kb.store.opener(),
                    core[:4],
                    [*rules[:2], _KillsItsReader(), *rules[2:4]],
                    {"staleAfterYears": 5},
                    processes=2,
                )
            )
        except BaseException as exc:  # noqa: BLE001 (handed to the test's thread)
            outcome.append(exc)

    worker = threading.Thread(target=check, daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert outcome, "the check still waits for a process that was killed"
    (error,) = outcome
    assert isinstance(error, StoreError), error
    assert "ended before it answered" in str(error)
    assert "FMKB_CHECK_JOINED_UP_TO" in error.hint and "FMKB_CHECK_WORKERS" in error.hint


@pytest.mark.slow
def test_merged_constraints_find_what_each_constraint_finds_alone():
    """The compiled check asks the constraints that test the same rows in one query; each
    constraint asked alone (its own query, kept in the merged one's ``flags``) finds the same,
    on every failing fixture (Selector-several-faults fails several merged constraints at once)."""
    from forcedmig_kb.checks import _class_closure, _compiled
    from forcedmig_kb.checks.sparql_runner import core_findings

    def key(f):
        return (f.rule, f.severity, f.focus, f.value, f.shape, f.path, f.message)

    data = FIXTURES
    found = 0
    for fixture in sorted((data / "invalid").glob("*.ttl")):
        bib = fixture.with_suffix(".bib")
        kb = load_knowledge_base([data / "base", fixture, *([bib] if bib.is_file() else [])])
        core, _rules = _compiled(_class_closure(kb.store))
        assert len(core) < sum(len(q.flags) or 1 for q in core)  # fewer queries than constraints
        for q in (q for q in core if q.flags):
            alone = sorted(key(f) for member in q.flags for f in core_findings(kb.store, member))
            together = sorted(key(f) for f in core_findings(kb.store, q))
            assert together == alone, (fixture.name, q.component)
            found += len(together)
    assert found >= 20  # the merged queries found something to compare


@pytest.mark.slow
def test_the_whole_store_plan_finds_what_the_per_node_plan_finds(tmp_path):
    """The full check asks each pattern's tests as joins of scans (hashed_query), a focused check
    as look-ups per row: both plans give the same findings on every failing fixture and on a
    synthetic corpus with every rule's defects seeded."""
    from forcedmig_kb.checks import _class_closure, _compiled
    from forcedmig_kb.checks.sparql_runner import run_core_queries

    from .helpers.synth import write_corpus

    def key(f):
        return (f.rule, f.severity, f.focus, f.value, f.shape, f.path, f.message)

    data = FIXTURES
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus / "c.ttl", claims=400, seed=5, rate=0.1, documents_per_file=1)
    (corpus / "c.defects.json").unlink()
    sources = [
        [data / "base", f, *([f.with_suffix(".bib")] if f.with_suffix(".bib").is_file() else [])]
        for f in sorted((data / "invalid").glob("*.ttl"))
    ] + [[corpus]]
    found = set()
    for paths in sources:
        kb = load_knowledge_base(paths)
        closure = _class_closure(kb.store)
        whole, _ = _compiled(closure, whole=True)
        per_node, _ = _compiled(closure, whole=False)
        assert any("OPTIONAL { SELECT" in q.query for q in whole) and not any(
            "OPTIONAL { SELECT" in q.query for q in per_node
        )
        hashed = sorted(key(f) for f in run_core_queries(kb.store, whole))
        assert hashed == sorted(key(f) for f in run_core_queries(kb.store, per_node)), paths[-1].name
        found |= {f[0] for f in hashed}
    assert len(found) >= 8  # many rules had findings to compare


def test_the_full_check_uses_joined_scans_only_up_to_its_size_setting(monkeypatch):
    """Joined scans hold each join's side in memory (docs/performance.md), so
    past FMKB_CHECK_JOINED_UP_TO triples the full check asks look-ups per row: same findings."""
    import forcedmig_kb.checks as checks

    kb = load_knowledge_base([ROOT / "data"])
    plans: list[bool] = []
    compiled = checks._compiled
    monkeypatch.setattr(
        checks, "_compiled", lambda closure, whole=True: (plans.append(whole), compiled(closure, whole))[1]
    )
    key = lambda r: sorted((f.rule, f.severity, f.focus, f.value) for f in r)  # noqa: E731
    joined = key(run_check(kb, Settings(), strict=True))
    looked_up = key(run_check(kb, Settings(check_joined_up_to=kb.counts["triples"] - 1), strict=True))
    assert plans == [True, False]
    assert joined == looked_up and joined


MISTYPED = {
    "Claim-topic-mistyped": ("topic", "unknown topic 'migrant-stoks'; did you mean migrant-stocks?"),
    "Claim-area-mistyped": ("area", "unknown area 'global-sout'; did you mean global-south?"),
    "QuantityClaim-unit-mistyped": ("unit", "unknown unit 'PERCNT'; did you mean PERCENT?"),
    "QuantityClaim-hedge-mistyped": ("hedge", "unknown hedge 'neraly'; did you mean nearly?"),
}


def _mistyped_findings(name, engine="sparql"):
    kb = load_knowledge_base([FIXTURES / "base", FIXTURES / "invalid" / f"{name}.ttl"])
    rule = MISTYPED[name][0]
    return [f for f in run_check(kb, engine=engine) if f.rule == rule]


@pytest.mark.parametrize("name", sorted(MISTYPED))
def test_a_mistyped_vocabulary_term_names_the_nearest_terms(name):
    (finding,) = _mistyped_findings(name)
    assert finding.message == MISTYPED[name][1]
    assert finding.file.endswith(f"{name}.ttl") and finding.line
    assert finding.fix.startswith("Write ") and finding.evidence["suggestions"]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(MISTYPED))
def test_pyshacl_names_the_same_nearest_terms(name):
    assert [f.message for f in _mistyped_findings(name, "pyshacl")] == [MISTYPED[name][1]]


def test_a_term_far_from_every_term_lists_the_vocabulary():
    kb = load_knowledge_base([FIXTURES / "base", FIXTURES / "invalid" / "QuantityClaim-hedge-unknown.ttl"])
    (finding,) = [f for f in run_check(kb) if f.rule == "hedge"]
    assert finding.message.startswith("unknown hedge 'perhaps'; the hedges are around, atLeast")
    assert finding.evidence["suggestions"] == []


def test_a_missing_unit_keeps_the_shapes_message():
    kb = load_knowledge_base([FIXTURES / "base", FIXTURES / "invalid" / "QuantityClaim-unit-missing.ttl"])
    (finding,) = [f for f in run_check(kb) if f.rule == "unit"]
    assert finding.message.startswith("A figure needs exactly one unit")


def test_a_left_over_draft_says_which_commands_promote_it():
    kb = load_knowledge_base([FIXTURES / "base", FIXTURES / "invalid" / "Draft-false.ttl"])
    (finding,) = [f for f in run_check(kb) if f.rule == "draft"]
    assert "forcedmig-kb extract TEXT --format csv" in finding.fix
    assert "forcedmig-kb import SHEET.csv --text TEXT --into data/texts/<id>/" in finding.fix
    assert "remove its fm:draft" in finding.fix


@pytest.mark.parametrize(("second", "flagged"), [("1992", False), ("1984", True)])
def test_a_figure_resting_on_several_sources_is_judged_by_the_latest(second, flagged):
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Haven\n\n*Report, 2026*\n\n## Origins\n\n"
        "In the 1980s, about 400,000 Central Americans arrived in the United States.[^25]\n\n"
        "## Notes\n\n[^25]: U.S. Congress, *Hearing on Safe Haven*, June 1983; "
        f"Ruth Diamond, *Central American Migration*, May {second}.\n"
    )
    rules = rules_of(extract(text, doc_id="haven", year=2026))
    assert ("period-after-publication" in rules) is flagged


@pytest.mark.parametrize(("printed", "flagged"), [("44%", False), ("64%", True)])
def test_a_rise_in_percent_is_recomputed_from_its_endpoints(printed, flagged):
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Courts\n\n*Report, 2022*\n\n## Backlog\n\n"
        f"Pending cases grew {printed} during that period, from approximately 298,000 to 430,000 (TRAC 2021).\n\n"
        "## References\n\nTRAC. 2021. Immigration Court Backlog Tool. Syracuse: TRAC.\n"
    )
    ex = extract(text, doc_id="courts", year=2022)
    (rise,) = [d for d in ex.drafts if d.kind == "quantity" and d.printed.endswith("%")]
    assert rise.operation == "change" and [r for _, r in rise.inputs] == ["numerator", "denominator"]
    assert ("arithmetic-mismatch" in rules_of(ex)) is flagged


@pytest.mark.parametrize(
    ("rise", "flagged"),
    [("5.7 percentage points", False), ("6.7 percentage points", True), ("$3 billion", False), ("$6 billion", True)],
)
def test_a_rise_in_points_or_amounts_is_the_difference_of_its_endpoints(rise, flagged):
    from forcedmig_kb.extraction.drafting import extract

    ends = "from 16.5% in 1980 to 22.2% in 2013" if "points" in rise else "from $5 billion to $8 billion"
    text = (
        "# Income\n\n*Report, 2015*\n\n## Shares\n\n"
        f"The top share increased by {rise} ({ends}) (Census 2014).\n\n"
        "## References\n\nCensus. 2014. Income Tables. Washington: Census Bureau.\n"
    )
    ex = extract(text, doc_id="income", year=2015)
    (d,) = [d for d in ex.drafts if d.kind == "quantity" and d.printed == rise]
    assert d.operation == "difference" and [r for _, r in d.inputs] == ["addend", "subtrahend"]
    assert ("arithmetic-mismatch" in rules_of(ex)) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("According to U.S. Census data, graduates earned about 1.67 times as much in 2024.", True),
        ("According to U.S. Census data, graduates earned about 1.67 times as much in 2016.", False),
        ("According to the trustees, the ratio is expected to fall to 2.3 to 1 by 2035.", False),
        ("According to the ILO, achieving the targets would employ 475 million people in 2030.", False),
        ("While the ILO predicted that output would shrink, it grew 3.4 percent in 2025.", True),
    ],
)
def test_a_figure_dated_after_its_text_is_flagged_unless_it_is_a_forecast(sentence, flagged):
    from forcedmig_kb.extraction.drafting import extract

    text = f"# Earnings\n\n*Textbook, 2017*\n\n## Education\n\n{sentence} The rest is prose.\n"
    ex = extract(text, doc_id="earnings", year=2017)
    assert ("period-after-publication" in rules_of(ex)) is flagged


@pytest.mark.parametrize(("verb", "flagged"), [("is expected to fall", False), ("fell", True)])
def test_a_forecast_is_about_a_time_after_its_source(verb, flagged):
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Pensions\n\n*Textbook, 2021*\n\n## Social Security\n\n"
        f"The ratio of workers to retirees {verb} to 2.3 to 1 by 2035 (Trustees 2020).\n\n"
        "## References\n\nTrustees. 2020. The 2020 Annual Report. Washington: SSA.\n"
    )
    ex = extract(text, doc_id="pensions", year=2021)
    assert ("period-after-publication" in rules_of(ex)) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("the market lost over one-half its value, dropping from $64 billion to approximately $30 billion", False),
        ("the market lost over one-half its value, dropping from $64 billion to approximately $40 billion", True),
        ("exports fell 2 percentage points, from 12% in 2010 to 10% in 2015", False),
        ("exports fell 4 percentage points, from 12% in 2010 to 10% in 2015", True),
    ],
)
def test_a_fall_is_recomputed_from_its_endpoints(sentence, flagged):
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Crash\n\n*Textbook, 2020*\n\n## Markets\n\n"
        f"Between 1929 and 2015, {sentence} (Smith 2016).\n\n"
        "## References\n\nSmith, A. 2016. The Crash. Boston: Press.\n"
    )
    ex = extract(text, doc_id="crash", year=2020)
    assert [d.operation for d in ex.drafts if d.operation] in (["decline"], ["difference"])
    assert ("arithmetic-mismatch" in rules_of(ex)) is flagged


def test_a_multiple_with_dated_endpoints_is_recomputed():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Crash\n\n*Textbook, 2014*\n\n## Depression\n\n"
        "Unemployment doubled, from 1.5 million at the end of 1929 to 4.5 million by the end of 1930 (Smith 2010).\n\n"
        "## References\n\nSmith, A. 2010. The Crash. Boston: Press.\n"
    )
    ex = extract(text, doc_id="crash", year=2014)
    (doubled,) = [d for d in ex.drafts if d.kind == "quantity" and d.printed == "doubled"]
    assert doubled.operation == "ratio"
    assert "arithmetic-mismatch" in rules_of(ex)  # 4.5 / 1.5 is three times


@pytest.mark.parametrize(("cited", "flagged"), [("2015", False), ("2013", True)])
def test_a_narrative_citation_in_a_text_that_cites_by_notes_is_held_against_the_notes_authors(cited, flagged):
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Child deaths\n\n*2019*\n\n## Causes\n\n"
        f"In a publication in The Lancet Liu et al. ({cited})[^1] estimated the causes of deaths of children. "
        "Pneumonia killed 0.935 million children in 2013.[^2]\n\n"
        "## Notes\n\n"
        "[^1]: Li Liu, PhD, Shefali Oza, MSc, Prof Joy E Lawn, MD, Prof Robert E Black (2015) – "
        "[Global causes of child mortality](https://example.org/lancet). In The Lancet.\n"
        "[^2]: WHO (2014) – [Child deaths](https://example.org/who).\n"
    )
    ex = extract(text, doc_id="notes", year=2019)
    (narrative,) = [c for c in ex.citations if "et al" in c.found.as_printed]
    assert [r.key.endswith("liliu2015") for m in narrative.matches for r in m.resolved] == [True]
    assert narrative.matches[0].status == ("exact" if not flagged else "misdated")
    rules = rules_of(ex)
    assert "author-mismatch" not in rules
    assert ("misdated-citation" in rules) is flagged


def test_a_studys_own_result_restated_beside_a_note_is_not_judged_by_that_notes_year():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Fever in sheep\n\n*2013*\n\n## Results\n\nIn the 2010 survey 9.2% of sheep were positive.\n\n"
        "## Discussion\n\nThe seroprevalence in the 2010 survey was 9.2% in sheep, lower than in the "
        "Comoros [1].\n\n## References\n\n1. Cetre-Sossah C (1990) Rift Valley fever in the Comoros. "
        "Vet J 12: 1-5.\n"
    )
    ex = extract(text, doc_id="rvf", year=2013)
    discussed = [d for d in ex.drafts if d.kind == "quantity" and d.section.title == "Discussion"]
    assert [d.role for d in discussed] == ["ownResult"]
    assert "period-after-publication" not in rules_of(ex)


@pytest.mark.parametrize(("whole", "flagged"), [("11 million", False), ("6 million", True)])
def test_one_part_after_an_of_the_whole_is_held_against_it(whole, flagged):
    from forcedmig_kb.extraction.drafting import extract

    text = (
        f"# Work\n\n*2006*\n\nOf the {whole} undocumented immigrants in the U.S., 7.2 million were employed "
        "in March 2005 (Pew, 2006).\n\n## References\n\nPew (2006). Report.\n"
    )
    ex = extract(text, doc_id="work", year=2006)
    (part,) = [d for d in ex.drafts if d.kind == "quantity" and d.printed == "7.2 million"]
    assert part.part_of is not None and part.part_of.printed == whole
    assert ("parts-exceed-whole" in rules_of(ex)) is flagged


@pytest.mark.parametrize(("rest", "flagged"), [("four", False), ("five", True)])
def test_a_whole_stated_with_one_part_is_that_part_and_the_remaining_one(rest, flagged):
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# TPS\n\n*Report, 2026*\n\n## Overview\n\nThe Administration has terminated designations for 13 of the "
        f"17 countries (DHS, 2025). Decisions about the remaining {rest} countries are due soon.\n\n"
        "## References\n\nDHS (2025). Designations. Washington: DHS.\n"
    )
    ex = extract(text, doc_id="tps", year=2026)
    (whole,) = [d for d in ex.drafts if d.kind == "quantity" and d.printed == "17"]
    assert whole.operation == "sum" and [x.printed for x, _ in whole.inputs] == ["13", rest]
    assert ("arithmetic-mismatch" in rules_of(ex)) is flagged


@pytest.mark.parametrize(("parts", "flagged"), [("13 and 4", False), ("13 and 5", True)])
def test_a_count_printed_as_a_whole_number_is_exact_and_a_percentage_is_rounded(parts, flagged):
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# TPS\n\n*Report, 2026*\n\n## Overview\n\nOf the 17 countries, "
        f"{parts} were in Africa and Asia (DHS, 2025). Of the 17% who moved, 13% and 5% left (DHS, 2025).\n\n"
        "## References\n\nDHS (2025). Designations. Washington: DHS.\n"
    )
    ex = extract(text, doc_id="tps", year=2026)
    assert [d.part_of.printed for d in ex.drafts if d.part_of is not None][:2] == ["17", "17"]
    exceed = [f for f in rules_of(ex) if f == "parts-exceed-whole"]
    assert len(exceed) == (1 if flagged else 0)  # 13% and 5% (17.5% at most) fit 17% (at least 16.5%)


@pytest.mark.parametrize(("multiple", "flagged"), [("almost four times as high", False), ("twice as high", True)])
def test_a_multiple_set_after_a_figure_is_held_against_the_figure_stated_before(multiple, flagged):
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Sudan\n\n*Report, 2026*\n\n## Deaths\n\nIn 2025 one monitor reported around 19,000 direct deaths "
        f"(ACLED, 2025). Other teams put the toll at more than 70,000, {multiple} (Yale, 2025).\n\n"
        "## References\n\nACLED (2025). Data. Yale (2025). Report.\n"
    )
    ex = extract(text, doc_id="sudan", year=2026)
    (ratio,) = [d for d in ex.drafts if d.kind == "quantity" and d.amount.kind == "multiple"]
    assert [(x.printed, role) for x, role in ratio.inputs] == [
        ("more than 70,000", "numerator"),
        ("around 19,000", "denominator"),
    ]
    found = [f for f in check_findings_of(ex) if f.rule == "arithmetic-mismatch"]
    assert bool(found) is flagged
    assert all("no limit" in f.message and "e+" not in f.message for f in found)


@pytest.mark.parametrize(("later", "flagged"), [("559", False), ("359", True)])
def test_a_doubling_is_recomputed_from_the_years_values_it_spans(later, flagged):
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Courts\n\n*Report, 2022*\n\n## Judges\n\nEOIR expanded its corps, more than doubling the number of IJs "
        f"from FY2014 (249) through FY2021 ({later}) (DOJ, 2022).\n\n## References\n\nDOJ (2022). Budget.\n"
    )
    ex = extract(text, doc_id="ij", year=2022)
    (multiple,) = [d for d in ex.drafts if d.kind == "quantity" and d.amount.kind == "multiple"]
    assert multiple.printed == "more than doubling"
    assert [(x.printed, role) for x, role in multiple.inputs] == [(later, "numerator"), ("249", "denominator")]
    assert ("arithmetic-mismatch" in rules_of(ex)) is flagged
