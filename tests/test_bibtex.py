"""bibtex: the reference list as entries and as RDF; malformed input named by file and line."""

import pytest

from forcedmig_kb import queries
from forcedmig_kb.bibtex import BibtexEntries, parse_bibtex, raw_entries, read_bibtex
from forcedmig_kb.errors import BibtexError
from forcedmig_kb.namespaces import GRAPH
from forcedmig_kb.reference_rdf import references_from_rows, references_graph, references_ntriples
from forcedmig_kb.store import OxigraphStore

from .helpers import ROOT
from .helpers.synth import write_corpus


def test_chapter_reference_list_has_one_entry_per_printed_reference():
    refs = read_bibtex(ROOT / "data" / "references.bib")
    assert len(refs) == 50
    keys = [r.key for r in refs]
    assert len(set(keys)) == len(keys)
    by_key = {r.key: r for r in refs}
    ilo = by_key["ilo2015a"]
    assert ilo.authors[0].corporate and ilo.authors[0].family == "International Labour Organization"
    assert ilo.short_author == "ILO" and ilo.year == 2015 and ilo.year_suffix == "a"
    assert [a.family for a in by_key["delgadowisemarquezrodriguez2009"].authors] == [
        "Delgado Wise",
        "Márquez",
        "Rodríguez",
    ]
    assert by_key["battelle2012"].title == "2013 Global R&D Funding Forecast"
    # printed years are kept even where they look wrong, with a note saying why
    assert by_key["unhcr2015"].year == 2015 and "2016" in by_key["unhcr2015"].fields["note"]
    assert by_key["marx1968"].fields["origdate"] == "1871"


def test_references_become_fabio_resources_with_their_keys():
    refs = read_bibtex(ROOT / "data" / "references.bib")
    g = references_graph(refs)
    rows = list(
        g.query("""
        PREFIX fabio: <http://purl.org/spar/fabio/> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?key ?year WHERE { ?r a fabio:JournalArticle ; dcterms:identifier ?key ; fabio:hasPublicationYear ?year }""")
    )
    assert ("castles2003", "2003") in {(str(k), str(y)) for k, y in rows}
    authors = list(
        g.query("""
        PREFIX bibo: <http://purl.org/ontology/bibo/> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?name WHERE { <https://w3id.org/forcedmig/source/xingkolstad2002> bibo:authorList/<http://www.w3.org/1999/02/22-rdf-syntax-ns#_2>/foaf:familyName ?name }""")
    )
    assert [str(r[0]) for r in authors] == ["Kolstad"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "@book{a, author={A}, year={2000}, title={T}}\n\n@book{b,\n author={B},\n year={2001},\n title={U}\n\n@book{c, author={C}, year={2002}, title={V}}\n",
            3,
            "cannot parse",
        ),
        (
            "@book{a, author={A}, year={2000}, title={T}}\n@book{a, author={B}, year={2001}, title={U}}\n",
            2,
            "duplicate entry key",
        ),
        ("\n\n@book{a, author={A}, title={T}}\n", 3, "no year"),
        ("@book{a, year={2000}, title={T}}\n", 1, "no author"),
        ("@book{a, author={A}, year={in press}, title={T}}\n", 1, "not a year"),
    ],
)
def test_malformed_bibtex_names_file_and_line(text, line, words):
    with pytest.raises(BibtexError) as err:
        parse_bibtex(text, path="refs.bib")
    assert err.value.line == line
    assert str(err.value).startswith(f"refs.bib:{line}:")
    assert words in str(err.value)


def _whole(paths):
    """What parsing the whole files gives: each key's entry as written and as a reference (first wins)."""
    raw = raw_entries(paths)
    refs: dict = {}
    for path in paths:
        for ref in read_bibtex(path):
            refs.setdefault(ref.key, ref)
    return raw, refs


def _same_as_whole(paths):
    entries = BibtexEntries(paths)
    raw, refs = _whole(paths)
    for key in raw:
        assert entries.raw(key) == raw[key], key
        assert entries.reference(key) == refs[key], key  # line and file included


def test_entries_read_one_at_a_time_equal_the_whole_parse(tmp_path):
    write_corpus(tmp_path / "c.ttl", claims=400, seed=11)
    _same_as_whole([ROOT / "data" / "references.bib", tmp_path / "c.bib"])


def test_entries_cut_out_of_awkward_files_equal_the_whole_parse(tmp_path):
    bib = tmp_path / "awkward.bib"
    bib.write_text(
        "% a comment line with an @ sign\n"
        "@string{wb = {{World Bank}}}\n"
        "@comment{nothing here}\n"
        '@preamble{"\\newcommand{\\x}{x}"}\n'
        "@book{a2000,\n  author = wb,\n  year = {2000},\n  title = {Mailed to @misc{x, y} and back}\n}\n"
        "@Article (b2001 ,  author={B, C}, year={2001}, title={Parenthesised})\n"
        "\n\n@misc{\n  c2002,\n  author={{UN}}, shortauthor={UN}, year={2002}, title={Key on the next line}}\n",
        encoding="utf-8",
    )
    again = tmp_path / "again.bib"
    again.write_text("@misc{a2000, author={Later, D.}, year={2003}, title={Same key again}}\n", encoding="utf-8")
    entries = BibtexEntries([bib, again])
    assert entries.reference("a2000").authors[0].family == "World Bank"  # the @string reached the entry
    assert entries.reference("a2000").title == "Mailed to @miscx, y and back"  # cut short: taken from the whole file
    assert entries.reference("b2001").line == 10 and entries.reference("c2002").line == 13
    assert entries.raw("nope") is None and entries.reference("nope") is None
    assert entries.raw("x") is None  # the "@misc{x," inside a's title is no entry
    _same_as_whole([bib, again])  # the first file's a2000


def test_entries_follow_a_file_changed_since_they_were_scanned(tmp_path):
    bib = tmp_path / "r.bib"
    bib.write_text("@book{a, author={A}, year={2000}, title={T}}\n", encoding="utf-8")
    entries = BibtexEntries([bib])
    assert entries.reference("a").title == "T"
    bib.write_text(
        "@book{zz, author={Z}, year={1999}, title={New}}\n\n@book{a, author={A}, year={2000}, title={U}}\n",
        encoding="utf-8",
    )
    assert entries.reference("a").title == "U" and entries.reference("a").line == 3
    assert entries.raw("zz").startswith("@book{zz")


def test_a_short_author_is_written_and_read_back_for_a_person_too():
    ref = parse_bibtex(
        "@book{p, author={Smith, J. and Jones, K.}, shortauthor={Smith et al.}, year={2000}, title={T}}"
    )[0]
    staged = OxigraphStore()
    staged.load(references_ntriples([ref]).encode(), format="application/n-triples", graph=str(GRAPH["references"]))
    back = references_from_rows(staged.select(queries.load("reference-list")).records())
    assert [(r.key, r.short_author) for r in back] == [("p", "Smith et al.")]
    rows = staged.select(queries.load("short-authors")).records()
    assert rows == [{"key": "p", "nick": "Smith et al."}]
