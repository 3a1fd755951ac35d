"""negotiation: the media type each real client's Accept header gets, for each kind of answer."""

import pytest

from forcedmig_kb.web import negotiation as neg

FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CHROME = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7"
)
SPARQLWRAPPER_JSON = "application/sparql-results+json,application/json,text/javascript,application/javascript"
SPARQLWRAPPER_XML = "application/sparql-results+xml"
SPARQLWRAPPER_TURTLE = "application/turtle,text/turtle"
SPARQLWRAPPER_RDFXML = "application/rdf+xml"
JENA_SELECT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.7, text/csv;q=0.5, application/json;q=0.2, application/xml;q=0.2, */*;q=0.1"
)
JENA_GRAPH = (
    "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,"
    "text/plain;q=0.1,*/*;q=0.1"
)
YASGUI_SELECT = "application/sparql-results+json,*/*;q=0.9"


@pytest.mark.parametrize(
    "accept, offered, expected",
    [
        # SELECT / ASK results
        (None, neg.RESULT_TYPES, "application/sparql-results+json"),
        ("", neg.RESULT_TYPES, "application/sparql-results+json"),
        ("*/*", neg.RESULT_TYPES, "application/sparql-results+json"),
        ("nonsense", neg.RESULT_TYPES, "application/sparql-results+json"),  # no valid range: the header is ignored
        (SPARQLWRAPPER_JSON, neg.RESULT_TYPES, "application/sparql-results+json"),
        (SPARQLWRAPPER_XML, neg.RESULT_TYPES, "application/sparql-results+xml"),
        ("text/csv", neg.RESULT_TYPES, "text/csv"),
        ("text/tab-separated-values", neg.RESULT_TYPES, "text/tab-separated-values"),
        (JENA_SELECT, neg.RESULT_TYPES, "application/sparql-results+json"),
        (YASGUI_SELECT, neg.RESULT_TYPES, "application/sparql-results+json"),
        ("application/json", neg.RESULT_TYPES, "application/sparql-results+json"),
        ("text/csv;q=0.5, text/tab-separated-values", neg.RESULT_TYPES, "text/tab-separated-values"),
        ("text/*", neg.RESULT_TYPES, "text/csv"),
        ("text/*;q=0.2, text/tab-separated-values;q=0.1", neg.RESULT_TYPES, "text/csv"),
        ("*/*;q=0.1, application/sparql-results+xml", neg.RESULT_TYPES, "application/sparql-results+xml"),
        ("application/sparql-results+json;q=0, */*", neg.RESULT_TYPES, "application/sparql-results+xml"),
        (FIREFOX, neg.RESULT_TYPES, "application/sparql-results+json"),
        ("text/turtle", neg.RESULT_TYPES, None),
        ("image/png", neg.RESULT_TYPES, None),
        # CONSTRUCT / DESCRIBE results and resources
        (None, neg.GRAPH_TYPES, "text/turtle"),
        ("*/*", neg.GRAPH_TYPES, "text/turtle"),
        (SPARQLWRAPPER_TURTLE, neg.GRAPH_TYPES, "text/turtle"),
        (SPARQLWRAPPER_RDFXML, neg.GRAPH_TYPES, "application/rdf+xml"),
        (JENA_GRAPH, neg.GRAPH_TYPES, "text/turtle"),
        ("application/ld+json", neg.GRAPH_TYPES, "application/ld+json"),
        ("application/n-triples", neg.GRAPH_TYPES, "application/n-triples"),
        ("application/ld+json;q=0.9, application/rdf+xml", neg.GRAPH_TYPES, "application/rdf+xml"),
        ("application/*", neg.GRAPH_TYPES, "application/n-triples"),
        ("application/sparql-results+json", neg.GRAPH_TYPES, None),
        # pages: browsers get HTML, machines RDF
        (FIREFOX, (*neg.GRAPH_TYPES, "text/html"), "text/html"),
        (JENA_GRAPH, (*neg.GRAPH_TYPES, "text/html"), "text/turtle"),
        ("*/*", (*neg.GRAPH_TYPES, "text/html"), "text/turtle"),
    ],
)
def test_best_media_type_for_real_accept_headers(accept, offered, expected):
    assert neg.best(accept, offered) == expected


@pytest.mark.parametrize(
    "accept, html",
    [
        (FIREFOX, True),
        (CHROME, True),
        ("text/html", True),
        (None, False),
        ("*/*", False),
        (SPARQLWRAPPER_TURTLE, False),
        (JENA_GRAPH, False),
        ("text/turtle;q=0.5, text/html;q=0.4", False),
    ],
)
def test_browsers_get_html_machines_do_not(accept, html):
    assert neg.prefers_html(accept, neg.GRAPH_TYPES) is html


def test_every_format_has_one_entry_and_protocol_types_are_covered():
    assert len(neg.BY_MEDIA_TYPE) == len(neg.FORMATS)
    assert set(neg.RESULT_TYPES) == {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    }
    assert set(neg.GRAPH_TYPES) == {
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
    }
    assert all(f.w3c for f in neg.FORMATS if f.carries != "page")
    assert neg.BY_MEDIA_TYPE["text/csv"].content_type == "text/csv; charset=utf-8"


# RFC 9110 section 12.5.1's own example: each media type's quality under
# "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, text/plain;format=fixed;q=0.4, */*;q=0.5"
RFC_9110_EXAMPLE = "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, text/plain;format=fixed;q=0.4, */*;q=0.5"


@pytest.mark.parametrize(
    "media_type, q",
    [("text/html", 0.3), ("image/jpeg", 0.5), ("text/plain", 0.7)],  # the example's rows without parameters
)
def test_quality_of_rfc_9110_example(media_type, q):
    assert neg.quality(neg.parse_accept(RFC_9110_EXAMPLE), media_type) == q


def test_a_range_with_parameters_stands_for_its_bare_type_after_the_bare_range():
    ranges = neg.parse_accept("text/plain;q=0.7, text/plain;format=flowed")
    assert [r.params for r in ranges] == [(), (("format", "flowed"),)]
    assert neg.quality(ranges, "text/plain") == 0.7  # the bare range is the more specific
    assert neg.quality(neg.parse_accept("text/*;q=0.9, text/plain;format=flowed;q=0.2"), "text/plain") == 0.2


def test_quoted_comma_in_accept_parameter():
    accept = (
        'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded,http://www.w3.org/ns/json-ld#flattened";'
        "q=0.1, text/turtle;q=0.5"
    )
    assert [(r.subtype, r.q) for r in neg.parse_accept(accept)] == [("ld+json", 0.1), ("turtle", 0.5)]
    assert neg.best(accept, neg.GRAPH_TYPES) == "text/turtle"


@pytest.mark.parametrize(
    "accept, expected",
    [
        ('text/turtle;x="a;q=0.1,b", application/n-triples;q=0.9', "text/turtle"),  # ';' and ',' quoted
        ('text/turtle;x="a\\"q=0", application/n-triples;q=0.9', "text/turtle"),  # a quoted-pair
        ("text/turtle;q=0.5;ext=1, application/n-triples;q=0.9", "application/n-triples"),  # accept-ext after q
        ("text/turtle;q=2, application/n-triples;q=0.1", "application/n-triples"),  # q out of range: 0
        ("text/turtle;q=0.0001, application/n-triples;q=0.1", "application/n-triples"),  # > 3 decimals: 0
        ("TEXT/Turtle;Q=0.2, application/n-triples;q=0.1", "text/turtle"),  # names are case-insensitive
        ("text/turtle\\x, application/n-triples;q=0.1", "application/n-triples"),  # not a media range
        ("*;q=0.2, application/n-triples;q=0.1", "text/turtle"),  # '*' as old clients send it
    ],
)
def test_accept_syntax_of_rfc_9110(accept, expected):
    assert neg.best(accept, neg.GRAPH_TYPES) == expected
