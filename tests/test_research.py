"""The research API's answers asked of the store when requested (so that a million claims can be served).

Each answer is built from the named queries restricted to the ids asked for, and the index made
at start computes what rests on each source on its own (in Python, from the claims' sources and
the lineage): these tests hold the two ways against each other, and a claim asked alone against
the same claim asked with every other one, in chunks that split the VALUES blocks, on a
synthetic corpus with derivation chains and seeded defects.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from forcedmig_kb import OxigraphStore, load_knowledge_base, queries
from forcedmig_kb.checks import run_check
from forcedmig_kb.lru import LRU
from forcedmig_kb.research import Research
from forcedmig_kb.research import answers as research_module
from forcedmig_kb.research import index as research_index
from forcedmig_kb.settings import Settings

from .helpers.serving import start_server, stop_server
from .helpers.synth import write_corpus


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    write_corpus(folder / "c.ttl", claims=400, seed=3, rate=0.05, documents_per_file=1)
    (folder / "c.defects.json").unlink()
    kb = load_knowledge_base([folder])
    return kb, run_check(kb)


def test_restrict_refuses_a_query_without_the_line():
    with pytest.raises(KeyError, match="VALUES"):
        queries.restrict(queries.load("sources"), "claim", ["https://w3id.org/forcedmig/claim/x"])


@pytest.mark.slow
def test_a_claim_asked_alone_is_answered_as_with_all_the_others(synthetic, monkeypatch):
    kb, report = synthetic
    monkeypatch.setattr(research_module, "CHUNK", 7)  # the VALUES blocks split in many queries
    together = Research.of(kb, Settings(), report).details(Research.of(kb, Settings(), report).index)
    alone = Research.of(kb, Settings(), report)
    assert len(together) == len(alone.index) == 400
    monkeypatch.setattr(research_module, "ONE_BY_ONE_ABOVE", 0)  # as on a large store: one claim per query
    one_by_one = Research.of(kb, Settings(), report).details(alone.index)
    derived = 0
    for cid in alone.index:
        claim = alone.claim(cid)
        assert claim == together[cid] == one_by_one[cid], cid
        derived += bool(claim.derived_from)
        for parent in claim.derived_from:  # the two directions of a chain are asked by two queries
            assert cid in {d.id for d in together[parent.id].derived_into}
    assert derived > 20  # the corpus has chains to get wrong


def test_what_rests_on_a_source_is_the_same_from_the_index_and_from_the_query(synthetic):
    kb, report = synthetic
    research = Research.of(kb, Settings(), report)
    through_derivation = 0
    for key, source in research.sources.items():
        answer = research.source_claims(key)
        assert {c.id for c in answer.claims} == research.resting[key], key
        assert (answer.total, answer.direct) == (source.claims_resting, source.claims_direct)
        through_derivation += answer.derived
    assert through_derivation > 0
    assert research.source("no-such-key") is None and research.source_claims("no-such-key") is None


@pytest.mark.slow
def test_the_claim_findings_of_the_index_are_those_of_the_detail(synthetic):
    kb, report = synthetic
    research = Research.of(kb, Settings(), report)
    with_findings = 0
    for cid, entry in research.index.items():
        claim = research.claim(cid)
        assert list(entry.rules) == claim.findings and entry.findings == len(claim.finding_details)
        with_findings += bool(entry.rules)
    assert with_findings > 10
    assert {c.id for c in research.filter_claims(rule="uncited")} == {
        cid for cid in research.index if "uncited" in research.claim(cid).findings
    }


@pytest.mark.slow
def test_the_cache_holds_at_most_its_size(synthetic, monkeypatch):
    kb, report = synthetic
    research = Research.of(kb, Settings(), report)
    research._claims.size = 25
    for cid in research.index:
        assert research.json("claim", cid) is not None
    assert len(research._claims) == 25
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1), cache.put("b", 2), cache.get("a"), cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)  # the least recently used went


@pytest.mark.server
def test_the_pages_bound_what_they_list_and_draw(tmp_path):
    """A real server whose settings bound the claims table and the network: the count still
    says how many match, the table lists only the first ones, the overview says why no network."""
    server = start_server(
        Path(__file__).resolve().parent.parent / "data", env={"FMKB_TABLE_CLAIMS": "5", "FMKB_NETWORK_CLAIMS": "10"}
    )
    try:
        page = httpx.get(server.url + "/browse/claims", headers={"Accept": "text/html"}).text
        assert "<strong>56</strong> of 56 claims; the first 5 are shown" in page
        assert page.count("<tr id='claim-") == 5
        overview = httpx.get(server.url + "/", headers={"Accept": "text/html"}).text
        assert "The network is drawn for up to 10 claims; this knowledge base has 56." in overview
        assert "id='network'" not in overview
        narrowed = httpx.get(
            server.url + "/browse/claims", params={"rule": "uncited"}, headers={"Accept": "text/html"}
        ).text
        assert narrowed.count("<tr id='claim-") == 5 and "the first 5 are shown" in narrowed
    finally:
        stop_server(server)


def test_the_index_of_an_on_disk_store_is_saved_and_read_back_as_built(tmp_path):
    """Building the index asks every claim of the store (minutes at a million); an on-disk
    store keeps it beside the saved report, and a start reads it back: the same index."""
    write_corpus(tmp_path / "c.ttl", claims=300, seed=5, rate=0.05, documents_per_file=1)
    (tmp_path / "c.defects.json").unlink()
    kb = load_knowledge_base([tmp_path], store=OxigraphStore(tmp_path / "store"))
    built = Research.of(kb, Settings())
    saved = tmp_path / "store" / research_index.INDEX
    assert saved.is_file()
    again = Research.of(kb, Settings())
    assert again.index == built.index and again.sources == built.sources and again.resting == built.resting
    assert again.stats == built.stats and any(e.rules for e in again.index.values())
    data = json.loads(saved.read_text(encoding="utf-8"))  # a mark only the saved index has
    label = data["fields"].index("label")
    data["entries"][0][label] = "a label only the saved index has"
    saved.write_text(json.dumps(data), encoding="utf-8")
    assert next(iter(Research.of(kb, Settings()).index.values())).label == "a label only the saved index has"
    other = Research.of(kb, Settings(stale_after_years=2))  # another setting: not the saved one, rebuilt
    assert [e.label for e in other.index.values()] == [e.label for e in built.index.values()]


@pytest.mark.parametrize("corpus", ["chapter", "synthetic"])
def test_the_pages_start_without_reading_the_whole_reference_list(corpus, synthetic):
    """What the pages used to take from the parsed BibTeX (short authors, each entry's BibTeX and
    CSL-JSON) and from every label of the store (the vocabulary's words) is asked of the store
    and of the one entry: the same as from the whole parse, and no claim's label is read."""
    from forcedmig_kb.csl import csl_item
    from forcedmig_kb.web.site_model import Site

    kb = load_knowledge_base(None) if corpus == "chapter" else synthetic[0]
    site = Site.of(kb, Research.of(kb, Settings()))
    references = kb.references  # the whole parse, for comparison only
    assert site.short_authors == {r.key: r.short_author for r in references if r.short_author}
    if corpus == "chapter":
        assert site.short_authors["ilo2015a"] == "ILO"
    for ref in references:
        assert site.csl(ref.key) == json.dumps(csl_item(ref), ensure_ascii=False, indent=1)
        assert kb.entries.raw(ref.key).startswith("@") and f"{ref.key}," in kb.entries.raw(ref.key)
    vocabulary = {
        r["s"]
        for r in kb.store.select("""
        SELECT DISTINCT ?s WHERE {
          { GRAPH <https://w3id.org/forcedmig/graph/ontology> { ?s ?p ?o } } UNION { ?s a <http://www.w3.org/2004/02/skos/core#Concept> }
        }""").records()
    }
    assert site.labels and set(site.labels) <= vocabulary
    everything = {
        r["term"]
        for r in kb.store.select(
            queries.load("labels").replace("GRAPH <https://w3id.org/forcedmig/graph/ontology>", "")
        ).records()
    }  # the query over every graph
    assert set(site.labels) == {t for t in everything if t in vocabulary}
    assert not any("/claim/" in t for t in site.labels)


@pytest.mark.parametrize("corpus", ["chapter", "synthetic"])
def test_the_index_asked_one_path_at_a_time_is_the_index_of_the_claims_query(corpus, synthetic):
    """The index is built from one simple query per field (the claims query grouped every claim
    inside the store: 13 GB at a million claims): the same entries, in the same order, as from
    the rows of the named query ``claims``, on the chapter and on a corpus with seeded defects."""
    kb = load_knowledge_base(None) if corpus == "chapter" else synthetic[0]
    sources = research_index._sources(kb.store.select(queries.load("sources")).records())
    keys = {s.iri: s.key for s in sources.values()}
    grouped = research_index._index(kb.store.select(queries.load("claims")).records(), keys)
    by_path = research_index._index(research_index.claim_rows(kb.store, research_index.INDEX_FIELDS), keys)
    assert list(by_path) == list(grouped)
    assert by_path == grouped
    if corpus == "chapter":  # its claims of two sources: fields of many values joined alike
        assert any(len(e.sources) > 1 and ";" in (e.citation or "") for e in by_path.values())


def test_a_text_search_finds_what_testing_each_claims_texts_finds(synthetic):
    """The search scans one casefolded string of every claim's texts: the same claims as testing
    each claim's label, quote, printed citation, population and id, for needles cut from those
    texts at every place (first and last characters of a claim's texts, across words, in
    other cases), needles no claim holds, and needles that would join two fields or two claims."""
    import random

    kb, report = synthetic
    research = Research.of(kb, Settings(), report)

    def by_entry(needle: str) -> set[str]:
        return {
            c.id
            for c in research.index.values()
            if any(
                needle.casefold() in (t or "").casefold() for t in (c.label, c.quote, c.citation, c.population, c.id)
            )
        }

    random.seed(5)
    entries = list(research.index.values())
    needles = ["zzzz-nothing", "\x00", "\n", "Ü", "ss"]
    for c in random.sample(entries, 60):
        for text in (c.label, c.quote, c.citation, c.population, c.id):
            if text:
                a = random.randrange(len(text))
                needles += [text[a : a + random.randint(1, 12)], text[:3], text[-3:], text.upper()[a : a + 5], text]
    needles += [f"{entries[0].id}\x00", f"{entries[0].id}\n{entries[1].label or ''}"[-10:]]
    for needle in needles:
        assert {c.id for c in research.filter_claims(q=needle)} == by_entry(needle), repr(needle)
    assert len(by_entry(entries[7].id)) >= 1 and research.filter_claims(q="zzzz-nothing") == []
