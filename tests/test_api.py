"""The research API (the app in process, on each store), checked against the data and the check."""

import pytest

from forcedmig_kb import queries


@pytest.fixture(scope="module")
def api(client_on_each_store):
    return client_on_each_store


def test_claims_page_and_paging(api):
    first = api.get("/claims", params={"limit": 20}).json()
    assert first["total"] == 56 and len(first["items"]) == 20
    rest = api.get("/claims", params={"limit": 500, "offset": 20}).json()
    ids = [c["id"] for c in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 56
    assert api.get("/claims", params={"limit": 0}).status_code == 422


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"source": "fortune2015"}, {"dw2019-top500-sales-2014", "dw2019-top500-sales-share-gdp-2014"}),
        ({"topic": "corporate-concentration"}, {"dw2019-top500-sales-2014", "dw2019-top500-sales-share-gdp-2014"}),
        ({"unit": "PERCENT", "topic": "corporate-concentration"}, {"dw2019-top500-sales-share-gdp-2014"}),
        ({"q": "31.2 TRILLION"}, {"dw2019-top500-sales-2014"}),
        ({"period_from": 1966, "period_to": 1967}, {"dw2019-overproduction-crisis-late-1960s"}),
    ],
)
def test_claim_filters(api, params, expected):
    found = api.get("/claims", params={**params, "limit": 500}).json()
    assert {c["id"] for c in found["items"]} >= expected
    if "source" in params or "q" in params or "unit" in params or "rule" in params:
        assert {c["id"] for c in found["items"]} == expected


def test_rule_filter_gives_the_claims_the_check_found(api, chapter_kb):
    from forcedmig_kb.checks import run_check

    report = run_check(chapter_kb)
    carriers = {}  # a finding on an in-text citation belongs to the claims that carry it
    for row in chapter_kb.store.select(
        "SELECT ?claim ?citation { ?claim <https://w3id.org/forcedmig/ontology/citation> ?citation }"
    ).records():
        carriers.setdefault(row["citation"], set()).add(row["claim"].rsplit("/", 1)[-1])
    for rule, findings in report.by_rule().items():
        expected = {f.focus.rsplit("/", 1)[-1] for f in findings if "/claim/" in f.focus}
        expected |= {c for f in findings for c in carriers.get(f.focus, ())}
        found = api.get("/claims", params={"rule": rule, "limit": 500}).json()
        assert {c["id"] for c in found["items"]} == expected, rule
    assert api.get("/claims", params={"rule": "missing-period"}).json()["total"] >= 1


def test_filters_combine_and_unknown_source_is_404(api):
    section = api.get("/claims", params={"section": "forced-migration", "limit": 500}).json()
    assert section["total"] == 12 and all(c["section"]["id"] == "forced-migration" for c in section["items"])
    uncited = api.get("/claims", params={"rule": "uncited", "section": "forced-migration", "limit": 500}).json()
    assert 0 < uncited["total"] < 12 and all("uncited" in c["findings"] for c in uncited["items"])
    assert api.get("/claims", params={"source": "no-such-key"}).status_code == 404


def test_claim_detail_has_figure_quote_citation_sources_chains_and_findings(api):
    c = api.get("/claims/dw2019-top500-sales-share-gdp-2014").json()
    assert c["figure"]["value"] == 40.0 and c["figure"]["unit"] == "PERCENT"
    assert c["quote"] == "equal to 40 percent of the world’s GDP"
    assert c["citation"] == "World Bank, 2015"
    assert c["citations"][0]["works"] == [
        {"printed": "World Bank, 2015", "status": "exactMatch", "source": "worldbank2015"}
    ]
    assert [s["id"] for s in c["resolved_sources"]] == ["worldbank2015"]
    assert c["resolved_sources"][0]["label"].startswith("World Bank (2015)")
    assert [(d["id"], d["direct"]) for d in c["derived_from"]] == [("dw2019-top500-sales-2014", True)]
    assert c["calculation"]["operation"] == "share" and c["calculation"]["unstated_inputs"] == ["world GDP in 2014"]
    parent = api.get("/claims/dw2019-top500-sales-2014").json()
    assert [d["id"] for d in parent["derived_into"]] == ["dw2019-top500-sales-share-gdp-2014"]


def test_claim_findings_come_from_the_check(api, chapter_kb):
    from forcedmig_kb.checks import run_check

    report = run_check(chapter_kb)
    for f in report.findings[:5]:
        cid = f.focus.rsplit("/", 1)[-1]
        claim = api.get(f"/claims/{cid}")
        if claim.status_code == 200:
            assert f.rule in claim.json()["findings"]
            assert any(d["message"] == f.message for d in claim.json()["finding_details"])
    assert api.get("/claims/no-such-claim").status_code == 404


def test_sources_and_one_source(api):
    sources = api.get("/sources").json()
    assert len(sources) == 50
    amin = next(s for s in sources if s["key"] == "amin2013")
    assert amin["authors"] == ["Amin, S."] and amin["year"] == 2013
    fortune = api.get("/sources/fortune2015").json()
    assert fortune["cited_as"] == [{"printed": "Fortune, 2015", "status": "exactMatch", "source": "fortune2015"}]
    assert fortune["claims_direct"] == 1 and fortune["claims_resting"] == 2
    assert api.get("/sources/nope").status_code == 404


def test_source_claims_rest_directly_or_through_derivations(api, chapter_kb):
    body = api.get("/sources/fortune2015/claims").json()
    assert body["total"] == 2 and body["direct"] == 1 and body["derived"] == 1
    derived = next(c for c in body["claims"] if c["via"] == "derived")
    assert derived["id"] == "dw2019-top500-sales-share-gdp-2014"
    assert [t["id"] for t in derived["through"]] == ["dw2019-top500-sales-2014"]
    # the same answer as the named query, run as is (with its example source) on the store
    rows = chapter_kb.store.select(queries.load("source-claims")).records()
    assert {r["claim"].rsplit("/", 1)[-1] for r in rows} == {c["id"] for c in body["claims"]}
    # every source: its claims are exactly the named query's rows for it
    for source in api.get("/sources").json()[:10]:
        query = queries.bind(queries.load("source-claims"), "source", [source["iri"]])
        expected = {r["claim"] for r in chapter_kb.store.select(query).records()}
        got = api.get(f"/sources/{source['key']}/claims").json()
        assert {c["iri"] for c in got["claims"]} == expected


def test_findings_filters(api):
    everything = api.get("/findings").json()
    assert everything and {"rule", "severity", "focus", "message", "fix", "quote", "citation"} <= everything[0].keys()
    violations = api.get("/findings", params={"severity": "violation"}).json()
    assert violations and all(f["severity"] == "violation" for f in violations)
    assert len(api.get("/findings", params={"rule": "uncited"}).json()) == sum(
        f["rule"] == "uncited" for f in everything
    )
    assert api.get("/findings", params={"severity": "fatal"}).status_code == 422


def test_stats(api):
    stats = api.get("/stats").json()
    assert stats["claims"] == 56 and stats["quantity_claims"] == 46 and stats["event_claims"] == 10
    assert stats["references"] == 50 and stats["citations"] == 56
    assert sum(stats["claims_by_section"].values()) == 56
    assert stats["findings"]["violation"] == stats["findings_by_rule"].get("uncited", 0) + sum(
        n for r, n in stats["findings_by_rule"].items() if r != "uncited" and r != "missing-period"
    )


def test_openapi_describes_every_route(api):
    spec = api.get("/openapi.json").json()
    for path in (
        "/claims",
        "/claims/{claim_id}",
        "/sources",
        "/sources/{key}",
        "/sources/{key}/claims",
        "/findings",
        "/stats",
        "/sparql",
    ):
        assert path in spec["paths"], path
    schema = spec["paths"]["/sources/{key}/claims"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/SourceClaims")
    assert api.get("/docs").status_code == 200


def test_every_route_query_runs_as_is(chapter_kb):
    for name in ("claims", "source-claims", "lineage", "calculations", "citations", "sources", "graphs"):
        assert chapter_kb.store.select(queries.load(name)).rows, name
        assert queries.load(name).startswith(f"# {name}: ")
    for name in ("describe", "void"):
        assert chapter_kb.store.construct(queries.load(name)), name


@pytest.mark.parametrize(
    "path",
    [
        "/sources/fortune2015/claims",
        "/sources/fortune2015",
        "/claims/dw2019-top500-sales-2014",
        "/sources",
        "/documents",
        "/documents/delgado-wise-2019",
        "/stats",
    ],
)
def test_an_answer_replayed_from_the_cache_is_the_routes_own(api, path):
    """With a query string (here one the route ignores) the route answers; without, once the
    answer is made, it is replayed before routing (api.CachedAnswers): the same bytes and headers."""
    first, again = api.get(path, params={"unused": "1"}), api.get(path)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    # the same headers, but the validator: an ETag names the URL it was given for, query string included
    assert {k: v for k, v in first.headers.items() if k != "etag"} == {
        k: v for k, v in again.headers.items() if k != "etag"
    }


def test_unknown_keys_and_query_strings_still_reach_the_routes(api):
    assert api.get("/sources/no-such-source/claims").status_code == 404
    assert api.get("/sources/no-such-source/claims").status_code == 404  # a miss is never kept
    assert api.get("/sources/fortune2015/claims", params={"document": "no-such-text"}).status_code == 404
