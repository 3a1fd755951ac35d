"""Server-rendered HTML: the template environment, how figures and periods read, the response.

Every page is a Jinja2 template of ``templates/`` rendered with autoescaping on (quotes hold
quotes and ampersands) and undefined names refused. Pages are answered with ``Vary: Accept``
(the same IRIs answer machines with RDF) and a Content-Security-Policy
(https://www.w3.org/TR/CSP3/) that lets a page load scripts, styles, images and data from this
server only: no CDN, no web font, no prefix or vocabulary service, whatever a library tries.
The assets live in ``static/`` (shipped in the wheel); ``vendor/`` there holds the copied npm
libraries (``tools/vendor_static.py``).

>>> figure_text(m.Figure(printed="31.2", scale="trillion", unit="USD"))
'31.2 trillion USD'
>>> figure_text(m.Figure(printed="60", unit="PERCENT"), hedge="close to")
'close to 60%'
>>> figure_text(m.Figure(printed="more than doubled", unit="UNITLESS"), hedge="over")
'more than doubled'
>>> period_text(m.Period(start=1966, end=1969, label="late 1960s")), period_text(m.Period(start=2014, end=2014))
('late 1960s (1966–1969)', '2014')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from fastapi.responses import HTMLResponse

from .. import __version__, queries
from ..namespaces import local_name, local_path
from ..reporting import curie
from ..research import models as m

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

#: Only this server: ``'unsafe-inline'`` styles because YASGUI and CodeMirror set element styles.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)

#: How a unit reads after a number (qudt local names); a unit not here reads as its name.
UNIT_TEXT = {"PERCENT": "%", "NUM": "", "UNITLESS": "", "FRACTION": "", "YR": " years", "USD": " USD", "EUR": " EUR"}
_WORDS = re.compile(r"[A-Za-z]{3,}")


def figure_text(figure: m.Figure | None, hedge: str | None = None) -> str:
    """A figure as a reader would say it: hedge, printed value, scale, unit.

    The hedge word is left out when the printed value already says it in words
    ("more than doubled") or when it is only an order of magnitude ("hundreds of").
    """
    if figure is None or figure.printed is None:
        return ""
    text = figure.printed + (f" {figure.scale}" if figure.scale else "")
    unit = UNIT_TEXT.get(figure.unit or "", f" {figure.unit}" if figure.unit else "")
    if unit == "%" and _WORDS.search(figure.printed):  # "nearly half": the words say it is a share
        unit = ""
    text += unit
    if hedge and not _WORDS.search(figure.printed) and hedge != "order of magnitude":
        text = f"{hedge} {text}"
    return text


def period_text(period: m.Period | None) -> str:
    """The years a figure or event is about: its label as the text gives it, with the years."""
    if period is None or (period.start is None and period.label is None):
        return ""
    years = ""
    if period.start is not None:
        years = str(period.start) if period.end in (None, period.start) else f"{period.start}–{period.end}"
    if period.label and years and period.label != years:
        return f"{period.label} ({years})"
    return period.label or years


def number(value: float | int | None) -> str:
    """A number with thousands separators and no needless decimals.

    >>> number(65600000.0), number(0.25), number(None)
    ('65,600,000', '0.25', '')
    """
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"


def href(iri: str | None) -> str:
    """The path on this server of an IRI of the knowledge base (a foreign IRI stays as it is)."""
    if not iri:
        return ""
    return local_path(iri) or iri


def static(path: str) -> str:
    """The URL of a static asset; the version makes browsers fetch it anew after an upgrade."""
    return f"/static/{path}?v={__version__}"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(number=number, curie=curie, href=href, period=period_text, local=local_name)
    env.globals.update(static=static, version=__version__)
    return env


def render(template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """The page ``template`` filled with ``context``, with the headers every page carries."""
    html = environment().get_template(template).render(**context)
    return HTMLResponse(
        html,
        status_code=status,
        headers={
            "Vary": "Accept",
            "Content-Security-Policy": CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
        },
    )


# ------------------------------------------------------------------ pages other routers answer with


def query_page(selected: str | None = None) -> HTMLResponse:
    """The query page: YASGUI with every named query as a tab (``selected`` opens first), on
    this server's ``/sparql``; a plain form posting to ``/sparql`` without JavaScript."""
    names = queries.names()
    name = selected if selected in names else ("claims" if "claims" in names else names[0])
    tabs = [{"name": n, "description": queries.description(n), "query": queries.load(n)} for n in names]
    return render("query.html", title="SPARQL query", selected=name, text=queries.load(name), tabs=tabs)


def text_page(title: str, text: str) -> HTMLResponse:
    """A document shown as preformatted text (the VoID description's Turtle)."""
    return render("text.html", title=title, text=text)


def resource_page(
    title: str, iri: str, rows: Iterable[tuple[str, str, bool]], *, alternates: Iterable[tuple[str, str]] = ()
) -> HTMLResponse:
    """A resource as a table of property / value; ``rows`` are (property, value, value is a link)."""
    return render("resource.html", title=title, iri=iri, rows=list(rows), alternates=list(alternates))
