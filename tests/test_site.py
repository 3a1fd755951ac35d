"""The researcher's pages (the app in process, on each store), held against the research API's answers:
every claim listed, filters and sorting without JavaScript, a claim's and a source's page, the
audit, the overview's entry points, the query page; everything escaped and served from here."""

import json
import re
import shutil
from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx
import pytest

from forcedmig_kb import queries

from .helpers import ROOT

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PAGES = [
    "/",
    "/browse/claims",
    "/browse/sources",
    "/audit",
    "/sparql",
    "/claim/dw2019-top500-sales-share-gdp-2014",
    "/source/unhcr2015",
    "/doc/delgado-wise-2019",
    "/void",
]


class Page(HTMLParser):
    """What a test needs of an HTML page: its links, the assets it loads, ids, row ids, text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.assets: list[str] = []
        self.ids: set[str] = set()
        self.rows: list[str] = []
        self.labels_for: set[str] = set()
        self.controls: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.assets.append(a["src"])
        if tag == "link" and a.get("href"):
            self.assets.append(a["href"])
        if tag == "tr" and (a.get("id") or "").startswith("claim-"):
            self.rows.append(a["id"].removeprefix("claim-"))
        if tag == "label" and a.get("for"):
            self.labels_for.add(a["for"])
        if tag in ("input", "select") and a.get("type") != "hidden":
            self.controls.append(a.get("id", ""))


class AsBrowser:
    """A client that asks as a browser does (its ``Accept``), unless a request says otherwise."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def get(self, url: str, *, headers: dict[str, str] | None = None, **options) -> httpx.Response:
        return self.client.get(url, headers={"Accept": BROWSER, **(headers or {})}, **options)


@pytest.fixture(scope="module")
def web(client_on_each_store):
    return AsBrowser(client_on_each_store)


def page(web, path: str, **params) -> tuple[httpx.Response, Page]:
    r = web.get(path, params=params)
    assert r.status_code == 200, (path, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return r, Page(r.text)


def api(web, path: str, **params):
    return web.get(path, params=params, headers={"Accept": "application/json"}).json()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_only_from_this_server(web, path):
    r, p = page(web, path)
    assert "Accept" in r.headers["vary"]
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    for asset in p.assets:
        parts = urlsplit(asset)
        assert not parts.netloc and parts.scheme in ("", "data"), f"{path} loads {asset}"
        if not parts.scheme:
            assert web.get(asset).status_code == 200, asset
    for link in p.links:  # the pages link to this server (a reference's own URL is the only way out)
        if urlsplit(link).netloc:
            assert path.startswith("/source/") or path.startswith("/doc/"), f"{path} links to {link}"


def test_static_assets_are_served_from_the_package(web):
    for asset in (
        "site.css",
        "claims.js",
        "network.js",
        "query.js",
        "vendor/yasgui/yasgui.min.js",
        "vendor/yasgui/yasgui.min.css",
        "vendor/d3/d3-force.min.js",
    ):
        r = web.get(f"/static/{asset}")
        assert r.status_code == 200 and len(r.content) > 500, asset
    for escape in ("/static/%2e%2e/site.py", "/static/vendor/%2e%2e/%2e%2e/site.py"):  # no way out of static/
        assert web.get(escape).status_code == 404
    assert web.get("/static/nothing.js").status_code == 404


def test_the_claims_table_lists_every_claim_in_the_texts_order(web):
    _, p = page(web, "/browse/claims")
    everything = api(web, "/claims", limit=500)["items"]
    assert p.rows == [c["id"] for c in everything] and len(p.rows) == 56


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "migrant-stocks"},
        {"section": "forced-migration"},
        {"source": "fortune2015"},
        {"rule": "uncited"},
        {"q": "31.2 TRILLION"},
        {"topic": "forced-displacement", "rule": "period-after-publication"},
        {"q": "no such words anywhere"},
    ],
)
def test_a_filter_narrows_the_table_to_the_apis_answer(web, params):
    _, p = page(web, "/browse/claims", **params)
    expected = [c["id"] for c in api(web, "/claims", limit=500, **params)["items"]]
    assert p.rows == expected and len(expected) < 56


def test_filters_are_a_labelled_get_form_and_sorting_is_links(web):
    r, p = page(web, "/browse/claims")
    assert re.search(r"<form id='filters' class='filters' method='get' action='/browse/claims'", r.text)
    assert set(p.controls) <= p.labels_for  # every control has its label
    for name in ("q", "topic", "section", "source", "rule"):
        assert f"name='{name}'" in r.text
    assert "?sort=figure&amp;order=asc" in r.text
    _, empty_filters = page(web, "/browse/claims", q="", topic="", section="", source="", rule="")
    assert len(empty_filters.rows) == 56  # the form sends empty fields for "any"


def test_sorting_by_figure_both_ways_keeps_every_claim(web):
    claims = {c["id"]: c for c in api(web, "/claims", limit=500)["items"]}
    _, up = page(web, "/browse/claims", sort="figure", order="asc")
    _, down = page(web, "/browse/claims", sort="figure", order="desc")
    assert sorted(up.rows) == sorted(claims) == sorted(down.rows)
    values = [
        claims[i]["figure"]["value"]
        for i in up.rows
        if claims[i]["figure"] and claims[i]["figure"]["value"] is not None
    ]
    assert values == sorted(values) and values[0] < values[-1]
    falling = [
        claims[i]["figure"]["value"]
        for i in down.rows
        if claims[i]["figure"] and claims[i]["figure"]["value"] is not None
    ]
    assert falling == sorted(values, reverse=True)
    r, _ = page(web, "/browse/claims", sort="figure", order="desc")
    assert "aria-sort='descending'" in r.text
    _, odd = page(web, "/browse/claims", sort="<script>", order="sideways")
    assert len(odd.rows) == 56


def test_a_claim_page_has_context_figure_source_chain_findings_and_data_links(web):
    r, p = page(web, "/claim/dw2019-top500-sales-share-gdp-2014")
    text = r.text
    assert "<mark>equal to 40 percent of the world’s GDP</mark>" in text
    assert "Imperialism Today: The Restructuring of Monopoly Capital" in text  # its section
    assert "(World Bank, 2015)" in text and "the world’s GDP" in text  # the citation's own quote and prefix
    assert "40%" in text and "World Bank (2015). Bank data." in text
    assert (
        "<svg class='chain'" in text
        and "/claim/dw2019-top500-sales-2014" in p.links
        and "/source/fortune2015" in p.links
    )
    assert "world GDP in 2014" in text  # the unstated input of the calculation
    for fmt in ("ttl", "jsonld", "nt", "rdf"):
        assert f"/claim/dw2019-top500-sales-share-gdp-2014?format={fmt}" in p.links
    assert "<script" not in text  # a document: no script needed


def test_a_claim_pages_findings_are_the_checks(web):
    claim = api(web, "/claims/dw2019-forcibly-displaced")
    r, _ = page(web, "/claim/dw2019-forcibly-displaced")
    assert claim["finding_details"]
    for f in claim["finding_details"]:
        assert f"<code>{f['rule']}</code>" in r.text
        assert httpx_escape(f["message"]) in r.text
        assert httpx_escape(f["review_reason"]) in r.text


def httpx_escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_a_claim_without_source_says_so(web):
    r, _ = page(web, "/claim/dw2019-economic-migrants")
    assert "The text gives no citation for this figure." in r.text and "no source given" in r.text


def test_a_source_page_lists_every_claim_resting_on_it_with_the_audits_findings(web):
    r, p = page(web, "/source/fortune2015")
    resting = api(web, "/sources/fortune2015/claims")
    assert {f"/claim/{c['id']}" for c in resting["claims"]} <= set(p.links)
    assert "computed from" in r.text and "Fortune (2015)" in r.text
    assert "@book{" in r.text or "@misc{" in r.text or "@online{" in r.text or "@report{" in r.text  # the BibTeX
    assert "/source/fortune2015?format=bib" in p.links and "/source/fortune2015?format=csl" in p.links
    r, p = page(web, "/source/unhcr2015")
    for c in api(web, "/sources/unhcr2015/claims")["claims"]:
        detail = api(web, f"/claims/{c['id']}")
        assert f"/claim/{c['id']}" in p.links
        for rule in detail["findings"]:
            assert f"href='/audit#rule-{rule}'" in r.text
    assert "Citation problems" in r.text and "misdated-citation" in r.text


def test_every_finding_about_a_source_shows_on_that_sources_page(web):
    """On the source, naming it (a misdated citation's candidate), or on a citation resolving to it."""
    sources = {s["key"]: s["iri"] for s in api(web, "/sources")}
    expected: dict[str, set[str]] = {}
    for f in api(web, "/findings"):
        named = {str(f["evidence"].get("key", ""))}
        named |= {part.split(" (")[0].strip() for part in str(f["evidence"].get("candidates", "")).split(",")}
        named |= {k for k, iri in sources.items() if iri in (f["focus"], f["value"])}
        for key in named & sources.keys():
            expected.setdefault(key, set()).add(f["rule"])
    assert len(expected) >= 5 and any("misdated-citation" in rules for rules in expected.values())
    for key, rules in expected.items():
        r, _ = page(web, f"/source/{key}")
        problems = r.text.split("id='h-problems'", 1)[1].split("</section>", 1)[0]
        for rule in rules:
            assert f"<code>{rule}</code>" in problems, (key, rule)


def test_source_formats_by_extension(web):
    bib = web.get("/source/amin2013", params={"format": "bib"})
    assert bib.headers["content-type"].startswith("application/x-bibtex") and "@book{amin2013" in bib.text
    csl = web.get("/source/amin2013", params={"format": "csl"})
    assert csl.json()["id"] == "amin2013"
    assert web.get("/claim/dw2019-refugees", params={"format": "bib"}).status_code == 406


def test_the_audit_page_links_every_finding_to_its_claim_and_charts_the_counts(web):
    r, p = page(web, "/audit")
    findings = api(web, "/findings")
    by_rule: dict[str, int] = {}
    for f in findings:
        by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + 1
    for rule, n in by_rule.items():
        assert f"rule-{rule}" in p.ids
        assert f"<span class='count'>{n}</span>" in r.text
    assert "<svg class='chart'" in r.text and "#rule-uncited" in p.links
    claims = {c["id"] for c in api(web, "/claims", limit=500)["items"] if c["findings"]}
    assert claims <= {link.removeprefix("/claim/") for link in p.links if link.startswith("/claim/")}


def test_the_overview_leads_to_every_source_and_topic(web):
    r, p = page(web, "/")
    sources = api(web, "/sources")
    for s in sources:
        if s["claims_resting"]:
            assert f"/source/{s['key']}" in p.links
    for topic in api(web, "/stats")["claims_by_topic"]:
        assert f"/browse/claims?topic={topic}" in p.links
    for entry in ("/browse/sources", "/browse/claims", "/audit", "/sparql"):
        assert entry in p.links
    assert "<svg id='network'" in r.text and r.text.count("class='node claim") == 56


def test_the_sources_page_lists_the_reference_list(web):
    _, p = page(web, "/browse/sources")
    assert {f"/source/{s['key']}" for s in api(web, "/sources")} <= set(p.links)


def test_the_query_page_is_yasgui_with_every_named_query_and_a_form_without_javascript(web):
    r, p = page(web, "/sparql")
    tabs = json.loads(
        re.search(r"<script type='application/json' id='named-queries'>(.*?)</script>", r.text, re.S).group(1)
    )
    assert [t["name"] for t in tabs] == queries.names()
    assert all(t["query"] == queries.load(t["name"]) for t in tabs)
    assert "/static/vendor/yasgui/yasgui.min.js?v=" in r.text
    assert "<noscript>" in r.text and "<form method=post action='/sparql'>" in r.text
    assert "data-endpoint='/sparql'" in r.text
    prefixes = web.get("/prefixes.json").json()
    assert prefixes["fm"] == "https://w3id.org/forcedmig/ontology/" and prefixes["prov"] == "http://www.w3.org/ns/prov#"


def test_machines_still_get_rdf_from_the_same_iris(web):
    for path in ("/claim/dw2019-refugees", "/source/unhcr2015"):
        r = web.get(path, headers={"Accept": "text/turtle"})
        assert r.headers["content-type"].startswith("text/turtle") and "Accept" in r.headers["vary"]
    assert web.get("/", headers={"Accept": "*/*"}).status_code == 200


def test_text_with_markup_is_escaped_everywhere(tmp_path):
    """Quotes hold quotes and ampersands; a label holding markup must show as text, not run."""
    from forcedmig_kb.settings import Settings
    from forcedmig_kb.web.app import create_app

    from .helpers.serving import ReadyTestClient

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    claims = data / "claims.ttl"
    hostile = '<script>alert(1)</script> Tom & Jerry\'s \\"quote\\"'
    text = claims.read_text(encoding="utf-8").replace(
        'rdfs:label "Sales of the top 500 MNCs as a share of world GDP, 2014"', f'rdfs:label "{hostile}"', 1
    )
    claims.write_text(text, encoding="utf-8")
    with ReadyTestClient(create_app(Settings(data_dir=data))) as client:
        for path in (
            "/browse/claims",
            "/claim/dw2019-top500-sales-share-gdp-2014",
            "/claim/dw2019-top500-sales-2014",
            "/source/worldbank2015",
            "/source/fortune2015",
            "/",
        ):
            r = client.get(path, headers={"Accept": BROWSER})
            assert r.status_code == 200, path
            assert "<script>alert(1)</script>" not in r.text, path
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text, path
        r = client.get("/browse/claims", params={"q": "<script>alert(1)</script>'\""})
        assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;" in r.text
