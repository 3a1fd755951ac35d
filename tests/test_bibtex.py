"""bibtex: the reference list as entries and as RDF; malformed input named by file and line."""

from pathlib import Path

import pytest

from forcedmig_kb.bibtex import parse_bibtex, read_bibtex, references_graph
from forcedmig_kb.errors import BibtexError

ROOT = Path(__file__).resolve().parent.parent


def test_chapter_reference_list_has_one_entry_per_printed_reference():
    refs = read_bibtex(ROOT / "data" / "references.bib")
    assert len(refs) == 50
    keys = [r.key for r in refs]
    assert len(set(keys)) == len(keys)
    by_key = {r.key: r for r in refs}
    ilo = by_key["ilo2015a"]
    assert ilo.authors[0].corporate and ilo.authors[0].family == "International Labour Organization"
    assert ilo.short_author == "ILO" and ilo.year == 2015 and ilo.year_suffix == "a"
    assert [a.family for a in by_key["delgadowisemarquezrodriguez2009"].authors] == ["Delgado Wise", "Márquez", "Rodríguez"]
    assert by_key["battelle2012"].title == "2013 Global R&D Funding Forecast"
    # printed years are kept even where they look wrong, with a note saying why
    assert by_key["unhcr2015"].year == 2015 and "2016" in by_key["unhcr2015"].fields["note"]
    assert by_key["marx1968"].fields["origdate"] == "1871"


def test_references_become_fabio_resources_with_their_keys():
    refs = read_bibtex(ROOT / "data" / "references.bib")
    g = references_graph(refs)
    rows = list(g.query("""
        PREFIX fabio: <http://purl.org/spar/fabio/> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?key ?year WHERE { ?r a fabio:JournalArticle ; dcterms:identifier ?key ; fabio:hasPublicationYear ?year }"""))
    assert ("castles2003", "2003") in {(str(k), str(y)) for k, y in rows}
    authors = list(g.query("""
        PREFIX bibo: <http://purl.org/ontology/bibo/> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?name WHERE { <https://w3id.org/forcedmig/source/xingkolstad2002> bibo:authorList/<http://www.w3.org/1999/02/22-rdf-syntax-ns#_2>/foaf:familyName ?name }"""))
    assert [str(r[0]) for r in authors] == ["Kolstad"]


@pytest.mark.parametrize(("text", "line", "words"), [
    ("@book{a, author={A}, year={2000}, title={T}}\n\n@book{b,\n author={B},\n year={2001},\n title={U}\n\n@book{c, author={C}, year={2002}, title={V}}\n",
     3, "cannot parse"),
    ("@book{a, author={A}, year={2000}, title={T}}\n@book{a, author={B}, year={2001}, title={U}}\n", 2, "duplicate entry key"),
    ("\n\n@book{a, author={A}, title={T}}\n", 3, "no year"),
    ("@book{a, year={2000}, title={T}}\n", 1, "no author"),
    ("@book{a, author={A}, year={in press}, title={T}}\n", 1, "not a year"),
])
def test_malformed_bibtex_names_file_and_line(text, line, words):
    with pytest.raises(BibtexError) as err:
        parse_bibtex(text, path="refs.bib")
    assert err.value.line == line
    assert str(err.value).startswith(f"refs.bib:{line}:")
    assert words in str(err.value)
