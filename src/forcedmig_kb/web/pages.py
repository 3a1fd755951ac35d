"""Plain server-rendered HTML for browsers: the query page and resource pages.

No external assets and nothing loaded from another host; issue 6 replaces these with the full
pages. Every value is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Iterable

from .. import queries

_STYLE = """body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
textarea{width:100%;font:14px/1.4 ui-monospace,monospace}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}
table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.2rem .6rem;text-align:left;vertical-align:top}
nav a{margin-right:1rem}code{font-size:90%}"""


def page(title: str, body: str) -> str:
    """A whole HTML document around ``body`` (already escaped HTML)."""
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport "
            f"content='width=device-width,initial-scale=1'><title>{escape(title)} · forcedmig-kb</title>"
            f"<style>{_STYLE}</style></head><body><nav><a href='/'>forcedmig-kb</a><a href='/sparql'>SPARQL</a>"
            f"<a href='/claims'>claims</a><a href='/sources'>sources</a><a href='/docs'>API</a>"
            f"<a href='/void'>VoID</a></nav><h1>{escape(title)}</h1>{body}</body></html>")


def query_page(selected: str | None = None) -> str:
    """A textarea posting to ``/sparql``; ``selected`` names a query of ``queries/`` to start from."""
    names = queries.names()
    name = selected if selected in names else ("claims" if "claims" in names else names[0])
    text = queries.load(name)
    links = "".join(f"<li><a href='/sparql?name={escape(n)}'>{escape(n)}</a>: {escape(queries.description(n))}</li>"
                    for n in names)
    body = (f"<form method=post action='/sparql'><p><label for=query>SPARQL 1.1 query "
            f"(<code>{escape(name)}</code>)</label></p><textarea id=query name=query rows=22>{escape(text)}</textarea>"
            "<p><button type=submit>Run</button> The answer comes as SPARQL results JSON or Turtle; tools can ask "
            "for XML, CSV, TSV, N-Triples, JSON-LD or RDF/XML with an Accept header.</p></form>"
            f"<h2>Named queries</h2><p>Every question the research API asks, as it runs:</p><ul>{links}</ul>")
    return page("SPARQL query", body)


def resource_page(title: str, iri: str, rows: Iterable[tuple[str, str, bool]], *, alternates: Iterable[tuple[str, str]] = ()) -> str:
    """A resource as a table of property / value; ``rows`` are (property, value, value is a link)."""
    cells = []
    for prop, value, is_link in rows:
        shown = f"<a href='{escape(value)}'>{escape(value)}</a>" if is_link else escape(value)
        cells.append(f"<tr><th>{escape(prop)}</th><td>{shown}</td></tr>")
    alt = " ".join(f"<a href='{escape(href)}'>{escape(label)}</a>" for label, href in alternates)
    body = (f"<p><code>{escape(iri)}</code></p><table>{''.join(cells)}</table>"
            + (f"<p>Also as: {alt}</p>" if alt else ""))
    return page(title, body)
