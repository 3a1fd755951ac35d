"""The pages in a real browser: headless Chromium driven by Playwright against a real server.

The browser is Debian's (``/usr/bin/chromium``, installed by ``.ci/run``; ``FMKB_CHROMIUM``
names another), never one downloaded at test time; one browser session serves every test of
this module. Each test records every request the page makes and fails on one to another host,
on a script error and on a console error (a Content-Security-Policy refusal is one).

Screenshots of each page go to a temporary folder, or to ``FMKB_SCREENSHOTS`` when set:
``python tools/screenshots.py`` refreshes ``docs/screenshots/`` that way.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from forcedmig_kb import queries

pytestmark = [pytest.mark.browser, pytest.mark.server]

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the fixture says how to install it
    expect = sync_playwright = None

CHROMIUM = Path(os.environ.get("FMKB_CHROMIUM", "/usr/bin/chromium"))
#: Headless, and nothing a closed network would refuse: no background services, no updates.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
]
WAIT = 15_000  # ms: the longest a page may take to show what a test waits for


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(what)
    pytest.skip(what)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """One headless Chromium with a fresh profile for the whole module."""
    if not CHROMIUM.is_file():
        _missing(f"no Chromium at {CHROMIUM}: apt-get install chromium (as .ci/run does), or set FMKB_CHROMIUM")
    if sync_playwright is None:
        _missing("Playwright is missing: pip install -e '.[test]'")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
            locale="en-GB",
        )
        context.set_default_timeout(WAIT)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("FMKB_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watch:
    """What a page did: every request to another host, every script or console error."""

    def __init__(self, page, origin: str) -> None:
        self.origin, self.foreign, self.errors = origin, [], []
        page.on("request", self._request)
        page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))
        page.on("console", lambda msg: self.errors.append(f"console: {msg.text}") if msg.type == "error" else None)

    def _request(self, request) -> None:
        if not (request.url.startswith(self.origin + "/") or request.url.startswith("data:")):
            self.foreign.append(request.url)

    def assert_clean(self) -> None:
        assert self.foreign == [], f"requests to another host: {self.foreign}"
        assert self.errors == [], self.errors


@pytest.fixture
def browse(chromium, live):
    """A fresh tab on the real server: ``page, watch = browse``; ``page.goto(path)`` is relative to it."""
    page = chromium.new_page()
    watch = Watch(page, live.url)
    goto = page.goto
    page.goto = lambda path, **kw: goto(live.url + path if path.startswith("/") else path, **kw)
    try:
        yield page, watch
    finally:
        page.close()


def shoot(page, shots: Path, name: str, *, full_page: bool = False) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / f"{name}.png"), full_page=full_page)


def test_three_clicks_from_home_to_the_figures_resting_on_a_source_and_their_audit(browse, shots):
    page, watch = browse
    page.goto("/")
    shoot(page, shots, "overview")
    page.get_by_role("link", name="Sources", exact=True).first.click()  # 1
    page.wait_for_url(re.compile(r"/browse/sources$"))
    shoot(page, shots, "sources")
    page.get_by_role("link", name="UNHCR (2015)").click()  # 2
    page.wait_for_url(re.compile(r"/source/unhcr2015$"))
    rows = page.locator("table.resting tbody tr")
    assert rows.count() == 4
    for i in range(4):  # each figure: its value, and what the audit says about it
        row = rows.nth(i)
        assert re.search(r"\d million", row.locator("td.figure").inner_text())
        assert row.locator("td.audit a.rule").count() >= 1
    page.locator("table.resting td.audit summary").first.click()  # 3: the audit's explanation opens in place
    assert page.locator("table.resting td.audit details[open] p").first.is_visible()
    assert page.get_by_role("heading", name="Citation problems").is_visible()
    shoot(page, shots, "source")
    page.goto("/")  # or straight from the chart on the home page: one click
    page.locator("svg.chart a[href='/source/unhcr2015']").click()
    page.wait_for_url(re.compile(r"/source/unhcr2015$"))
    watch.assert_clean()


def test_the_table_lists_every_claim_and_a_filter_narrows_it(browse, shots, live):
    page, watch = browse
    page.goto("/browse/claims")
    rows = page.locator("#results tbody tr")
    assert rows.count() == 56
    shoot(page, shots, "claims")
    page.select_option("#f-topic", "migrant-stocks")  # applies at once: the results are swapped in
    expect(page.locator("#results-count strong")).to_have_text("7")
    assert rows.count() == 7 and "topic=migrant-stocks" in page.url
    page.fill("#f-q", "258")  # the search box applies after a short pause
    found = httpx.get(live.url + "/claims", params={"topic": "migrant-stocks", "q": "258"}).json()["total"]
    expect(page.locator("#results-count strong")).to_have_text(str(found))
    assert 0 < rows.count() == found < 7 and "q=258" in page.url
    page.fill("#f-q", "")
    expect(page.locator("#results-count strong")).to_have_text("7")
    page.get_by_role("link", name="Figure", exact=True).click()  # sorting, without a page load
    page.wait_for_selector("th[aria-sort='ascending'] >> text=Figure")
    items = httpx.get(live.url + "/claims", params={"topic": "migrant-stocks"}).json()["items"]
    by_value = sorted((c for c in items if c["figure"]), key=lambda c: c["figure"]["value"])
    shown = [i.removeprefix("claim-") for i in rows.evaluate_all("rows => rows.map(r => r.id)")]
    assert shown == [c["id"] for c in by_value] + [c["id"] for c in items if not c["figure"]]
    page.get_by_role("button", name="Apply").click()  # the form still submits
    expect(page.locator("#results-count strong")).to_have_text("7")
    page.goto("/browse/claims?rule=uncited")  # and the filters work from the address alone
    assert rows.count() == 11 and page.locator("#f-rule").input_value() == "uncited"
    watch.assert_clean()


def test_a_claim_page_shows_its_source_and_its_chain(browse, shots):
    page, watch = browse
    page.goto("/claim/dw2019-top500-sales-share-gdp-2014")
    assert page.locator("blockquote.quote mark").inner_text() == "equal to 40 percent of the world’s GDP"
    chain = page.locator("svg.chain")
    assert chain.is_visible()
    assert chain.locator("a[href='/source/worldbank2015']").count() == 1
    assert chain.locator("a[href='/source/fortune2015']").count() == 1
    assert chain.locator(".node.current").count() == 1
    shoot(page, shots, "claim", full_page=True)
    chain.locator("a[href='/claim/dw2019-top500-sales-2014']").click()  # follow the chain to its input
    page.wait_for_url(re.compile(r"/claim/dw2019-top500-sales-2014$"))
    assert page.locator("section[aria-labelledby='h-source'] a[href='/source/fortune2015']").count() >= 1
    assert page.get_by_role("link", name="Sales of the top 500 MNCs as a share of world GDP, 2014").count() >= 1
    page.locator("section[aria-labelledby='h-source'] a[href='/source/fortune2015']").first.click()
    page.wait_for_url(re.compile(r"/source/fortune2015$"))
    assert page.locator("table.resting tbody tr").count() == 2  # one cites it, one is computed from it
    watch.assert_clean()


def test_the_query_page_runs_a_query_and_shows_results(browse, shots):
    page, watch = browse
    page.goto("/sparql?name=source-claims")
    assert page.locator("#yasgui .tab").count() == len(queries.names())
    assert page.locator("#yasgui .tab.active").inner_text().strip().startswith("source-claims")
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    results = page.locator(".tabPanel.active .yasr table tbody tr")
    results.first.wait_for()
    assert results.count() == 2
    assert "dw2019-top500-sales-share-gdp-2014" in page.locator(".tabPanel.active .yasr table").inner_text()
    shoot(page, shots, "query")
    page.evaluate("""() => fmkbYasgui.getTab().getYasqe().setValue(
        'PREFIX fm: <https://w3id.org/forcedmig/ontology/>\\nSELECT (COUNT(?c) AS ?figures) WHERE { ?c a fm:QuantityClaim }')""")
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    expect(page.locator(".tabPanel.active .yasr table tbody td").nth(1)).to_contain_text("46")
    watch.assert_clean()


def test_the_overview_charts_link_and_the_network_responds(browse, shots):
    page, watch = browse
    page.goto("/")
    network = page.locator("svg#network")
    expect(network).to_have_class(re.compile(r"\bforced\b"))  # laid out by d3-force
    assert network.locator(".node.claim").count() == 56
    page.locator("section[aria-labelledby='h-network']").screenshot(path=str(shots / "network.png"))
    network.locator(".node[data-id='source:ilo2019'] rect").hover()
    assert "dim" in network.get_attribute("class") and network.locator(".node.lit").count() >= 7
    page.get_by_role("button", name="Show in columns").click()
    expect(network).not_to_have_class(re.compile(r"\bforced\b"))
    page.keyboard.press("Tab")  # nodes are links: reachable by keyboard
    assert page.locator("svg.chart a[href='/browse/claims?topic=migrant-stocks']").count() == 1
    page.locator("svg.chart a[href='/browse/claims?topic=migrant-stocks']").click()
    page.wait_for_url(re.compile(r"/browse/claims\?topic=migrant-stocks$"))
    assert page.locator("#results tbody tr").count() == 7
    watch.assert_clean()


def test_the_audit_page_leads_from_a_finding_to_its_claim(browse, shots):
    page, watch = browse
    page.goto("/audit")
    assert page.locator("svg.chart a").count() == page.locator("section[id^='rule-']").count() >= 5
    shoot(page, shots, "audit")
    page.locator("#rule-parts-exceed-whole tbody a").first.click()
    page.wait_for_url(re.compile(r"/claim/dw2019-forcibly-displaced$"))
    assert page.get_by_role("heading", name=re.compile("Parts exceed")).is_visible()
    watch.assert_clean()
