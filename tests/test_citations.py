"""citations: parsing the printed forms and matching them to the reference list."""

import pytest

from forcedmig_kb.bibliography import Bibliography
from forcedmig_kb.bibtex import parse_bibtex, read_bibtex
from forcedmig_kb.citations import parse_citation

from .helpers import ROOT


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("X, 2017", [(("X",), 2017, "", "")]),
        ("X 2017", [(("X",), 2017, "", "")]),
        ("Xing and Kolstad, 2002", [(("Xing", "Kolstad"), 2002, "", "")]),
        ("Foster, McChesney & Jonna, 2011a: 18", [(("Foster", "McChesney", "Jonna"), 2011, "a", "18")]),
        ("Foster, McChesney & Jonna, 2011b", [(("Foster", "McChesney", "Jonna"), 2011, "b", "")]),
        ("A, 2017; B, 2018", [(("A",), 2017, "", ""), (("B",), 2018, "", "")]),
        ("Márquez, 2010: 67", [(("Márquez",), 2010, "", "67")]),
        (
            "Delgado Wise & Márquez 2007; Delgado Wise & Cypher 2007",
            [(("Delgado Wise", "Márquez"), 2007, "", ""), (("Delgado Wise", "Cypher"), 2007, "", "")],
        ),
        ("Samir Amin (2014)", [(("Samir Amin",), 2014, "", "")]),
        ("(UN, 2017)", [(("UN",), 2017, "", "")]),
    ],
)
def test_parse_printed_forms(printed, expected):
    assert [(w.names, w.year, w.suffix, w.locator) for w in parse_citation(printed)] == expected


def test_et_al_and_original_year_and_no_year():
    davies = parse_citation("Davies et al. 2008")[0]
    assert davies.names == ("Davies",) and davies.et_al and davies.year == 2008
    marx = parse_citation("Marx, 1968 [1871]")[0]
    assert (marx.year, marx.original_year) == (1968, 1871)
    wipo = parse_citation("PCT-WIPO data")[0]
    assert wipo.year is None


def test_two_works_joined_by_and_are_two_cited_works():
    works = parse_citation("Gomez 2014 and Kanno-Youngs 2020")
    assert [(w.names, w.year) for w in works] == [(("Gomez",), 2014), (("Kanno-Youngs",), 2020)]
    (pair,) = parse_citation("Smith and Jones 2019")  # two authors of one work
    assert (pair.names, pair.year) == (("Smith", "Jones"), 2019)


@pytest.fixture(scope="module")
def chapter_bibliography():
    return Bibliography(read_bibtex(ROOT / "data" / "references.bib"))


@pytest.mark.parametrize(
    ("printed", "status", "keys"),
    [
        ("UN, 2017", "exact", ["un2017"]),  # corporate short form
        ("OXFAM, 2017", "exact", ["oxfam2017"]),
        ("McKinsey, 2012", "exact", ["mckinsey2012"]),  # short form of McKinsey Global Institute
        ("Críticas 1979", "exact", ["criticas1979"]),
        ("Marquez, 2010", "exact", ["marquez2010"]),  # accents forgiven
        ("Delgado-Wise, 2017", "exact", ["delgadowise2017"]),  # hyphen forgiven
        ("Davies et al. 2008", "exact", ["davies2008"]),
        ("ILO, 2015b", "exact", ["ilo2015b"]),
        ("Foster, McChesney & Jonna, 2011a: 18", "exact", ["fostermcchesneyjonna2011a"]),
        ("Samir Amin (2014)", "misdated", ["amin2013"]),
        ("Harvey, 2014", "misdated", ["harvey2007"]),
        ("IOM, 2017", "ambiguous", ["iom2017hld", "iom2017wmr"]),
        ("Delgado Wise & Martínez, 2018", "author-mismatch", ["delgadowise2018"]),
        ("Delgado Wise & Márquez, 2009", "author-mismatch", ["delgadowisemarquezrodriguez2009"]),
        ("PCT-WIPO data", "unresolved", []),
        ("Smith, 2001", "unresolved", []),
    ],
)
def test_match_against_the_chapter_bibliography(chapter_bibliography, printed, status, keys):
    (match,) = chapter_bibliography.match_printed(printed)
    assert match.status == status
    assert [r.key for r in match.resolved] == keys


def test_ilo_without_suffix_is_ambiguous_between_lettered_entries():
    bib = Bibliography(
        parse_bibtex(
            "@book{a, author={{ILO}}, year={2015}, yearsuffix={a}, title={A}}\n"
            "@book{b, author={{ILO}}, year={2015}, yearsuffix={b}, title={B}}\n"
        )
    )
    (match,) = bib.match_printed("ILO, 2015")
    assert match.status == "ambiguous"


def test_a_misspelt_name_is_unresolved_and_names_the_entry_it_slips_from():
    bib = Bibliography(
        parse_bibtex(
            "@article{finning2019, author={Finning, K. and Ford, T.}, year={2019}, title={Anxiety}}\n"
            "@article{fink2010, author={Fink, A.}, year={2010}, title={Other}}\n"
        )
    )
    (slip,) = bib.match_printed("Fiining et al., 2019")
    assert slip.status == "unresolved" and [r.key for r in slip.candidates] == ["finning2019"]
    (other,) = bib.match_printed("Fielding et al., 2019")  # another name altogether
    assert other.status == "unresolved" and other.candidates == []
    (year,) = bib.match_printed("Fiining et al., 2010")  # no entry of that year is like it
    assert year.candidates == []


def test_a_work_cited_by_its_title_resolves_to_its_entry():
    bib = Bibliography(
        parse_bibtex(
            "@book{deleon2015, author={De León, Jason}, year={2015}, "
            "title={The Land of Open Graves: Living and Dying on the Migrant Trail}}\n"
        )
    )
    (match,) = bib.match_printed("*The Land of Open Graves* (2015)")
    assert match.status == "exact" and match.entry.key == "deleon2015"
    (other,) = bib.match_printed("*The Land of Open Graves* (2014)")  # not of that year
    assert other.status == "unresolved"


def test_a_work_cited_by_the_year_of_its_first_edition_resolves_to_its_reprint():
    bib = Bibliography(
        parse_bibtex(
            "@book{malthus1965, author={Malthus, Thomas R.}, year={1965}, origdate={1798}, "
            "title={An Essay on Population}}\n"
        )
    )
    (first,) = bib.match_printed("Malthus 1798")
    assert first.status == "exact" and first.entry.key == "malthus1965"
    (reprint,) = bib.match_printed("Malthus 1965")
    assert reprint.status == "exact"
    (other,) = bib.match_printed("Malthus 1799")  # neither year
    assert other.status == "misdated"


def test_a_body_cited_with_its_article_resolves_to_its_entry():
    bib = Bibliography(
        parse_bibtex(
            "@misc{pew2013, author={{Pew Research Center}}, year={2013}, title={Immigration: Key Data Points}}\n"
        )
    )
    (match,) = bib.match_printed("The Pew Research Center 2013")
    assert match.status == "exact" and match.entry.key == "pew2013"


def test_a_body_with_thousands_of_entries_still_matches_by_year():
    """Matching looks first among the cited year's entries of the cited name (a large corpus
    holds thousands by one body); the statuses stay those of the whole list."""
    entries = [
        f"@misc{{un{y}x{i}, author={{{{United Nations}}}}, year={{{y}}}, title={{T{i}}}}}"
        for y in range(1950, 2000)
        for i in range(40)
    ]
    entries += [
        "@misc{un2017, author={{United Nations}}, year={2017}, title={Migration}}",
        "@misc{unf2017, author={{United Nations Foundation}}, year={2017}, title={Other}}",
        "@misc{dup1, author={{UNHCR}}, year={2016}, title={A}}",
        "@misc{dup2, author={{UNHCR}}, year={2016}, title={B}}",
    ]
    bib = Bibliography(parse_bibtex("\n".join(entries)))
    (exact,) = bib.match_printed("United Nations, 2017")
    assert (exact.status, [r.key for r in exact.resolved]) == ("exact", ["un2017"])
    (ambiguous,) = bib.match_printed("UNHCR, 2016")
    assert ambiguous.status == "ambiguous" and {r.key for r in ambiguous.candidates} == {"dup1", "dup2"}
    (misdated,) = bib.match_printed("United Nations, 2001")
    assert misdated.status == "misdated" and misdated.candidates[0].key == "un1999x0"


def test_the_slips_of_a_cited_name_are_those_difflib_finds_comparing_every_entry():
    import random
    from difflib import SequenceMatcher

    from forcedmig_kb.bibliography import _SLIP, _Names

    rng = random.Random(7)
    letters = "aeinrst lmo-"
    stems = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 14))) for _ in range(300)]
    families = [*stems, *(s[:-1] + rng.choice(letters) for s in stems[:150]), "", stems[0], stems[1]]
    names = _Names(families)
    found = 0
    for cited in [*stems[::7], "finning", "aaaa", "zzzz zzzz", "a" * 30]:
        expected = [i for i, f in enumerate(families) if f and SequenceMatcher(None, cited, f).ratio() >= _SLIP]
        assert names.alike(cited) == expected, cited
        found += len(expected)
    assert found > 30  # (there are slips to find: a stem and its variant with one letter changed)


def test_a_reference_list_in_no_one_style_still_gives_each_entry_its_authors_and_year():
    from forcedmig_kb.extraction.drafting import extract

    entries = [
        "Christian Dustmann, Ian Preston, Comment: Estimating The Effect of Immigration on Wages, Journal of the "
        "European Economic Association, Volume 10, Issue 1, 1 February 2012, Pages 216–223.",
        "Kalena E. Cortes; Are Refugees Different from Economic Immigrants? Some Empirical Evidence. The Review of "
        "Economics and Statistics 2004; 86 (2): 465–480.",
        "Zvi Eckstein, Yoram Weiss, On the Wage Growth of Immigrants: Israel, 1990–2000, Journal of the European "
        "Economic Association, Volume 2, Issue 4, 1 June 2004, Pages 665–695.",
        "Institute for Economics & Peace (2024) Global Peace Index 2024. Sydney, June 2024.",
        "Nikolov, Plamen and Titus, David, Skill Downgrading Among Refugees. IZA Discussion Paper.",
        "Ruiz, I., Carlos Vargas-Silva, Differences in labour market outcomes between natives, refugees and other "
        "migrants in the UK, Journal of Economic Geography, Volume 18, Issue 4, July 2018, Pages 855–885.",
    ]
    text = (
        "# Downgrading\n\n*Working paper, 2025*\n\n## Introduction\n\n"
        "Wages fell (Dustmann and Preston, 2012; Eckstein and Weiss, 2004). Cortes (2004) compares refugees. "
        "Conflicts rose in 2023: IEP (2024). Refugees downgrade (Nikolov et al., n.d.). "
        "Ruiz and Vargas-Silva (2018) compare natives.\n\n"
        "## References\n\n" + "\n\n".join(entries) + "\n"
    )
    ex = extract(text, doc_id="wp")
    assert {(r.authors[0].family, r.year) for r in ex.references} == {
        ("Dustmann", 2012),
        ("Cortes", 2004),
        ("Eckstein", 2004),
        ("Institute for Economics & Peace", 2024),
        ("Nikolov", None),
        ("Ruiz", 2018),
    }
    assert [a.family for r in ex.references if r.year == 2018 for a in r.authors] == ["Ruiz", "Vargas-Silva"]
    assert all(m.status == "exact" for c in ex.citations for m in c.matches)


def test_a_body_whose_name_opens_with_the_is_cited_by_that_name():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Myanmar\n\n*Working paper, 2025*\n\n## Conflict\n\n"
        "Conflict areas cover most of the country (The Asia Foundation, 2017, pp.11). Migrants left "
        "the UK. Brell et al. (2020) find the same.\n\n## References\n\n"
        "The Asia Foundation (2017) The Contested Areas of Myanmar. San Francisco: The Asia Foundation.\n\n"
        "Brell, C., Dustmann, C. and Preston, I. (2020). The Labor Market Integration of Refugee Migrants.\n"
    )
    ex = extract(text, doc_id="mm")
    assert sorted(c.as_printed for c in ex.citations) == ["Brell et al. (2020)", "The Asia Foundation, 2017, pp.11"]
    assert all(m.status == "exact" for c in ex.citations for m in c.matches)


def test_et_al_for_a_work_of_two_authors_is_an_author_mismatch():
    from forcedmig_kb.bibliography import Bibliography
    from forcedmig_kb.bibtex import parse_bibtex
    from forcedmig_kb.citations import parse_citation

    refs = parse_bibtex(
        "@article{cf2012, author={Casadevall, Arturo and Fang, Ferric}, year={2012}, title={Reforming science}}\n"
        "@article{fsc2012, author={Fang, Ferric and Steen, R. Grant and Casadevall, Arturo}, year={2012}, title={Misconduct}}"
    )
    bib = Bibliography(refs)
    assert bib.match(parse_citation("Casadevall et al., 2012")[0]).status == "author-mismatch"
    assert bib.match(parse_citation("Casadevall and Fang, 2012")[0]).status == "exact"
    assert bib.match(parse_citation("Fang et al., 2012")[0]).status == "exact"


def test_a_body_named_before_a_narrative_citation_is_not_one_of_its_authors():
    from forcedmig_kb.extraction.intext import find_citations

    text = "In analyzing a single case at the Roswell Park Cancer Institute, Michalek et al. (2010) identified costs."
    assert [c.as_printed for c in find_citations(text)] == ["Michalek et al. (2010)"]


def test_two_notes_joined_by_a_dash_cite_every_entry_between_them():
    from forcedmig_kb.extraction.drafting import extract

    entries = "\n".join(f"{n}. Author{n} A (20{10 + n}) Title {n}. Journal {n}: 1–2." for n in range(1, 9))
    text = (
        f"# Fever\n\n*2013*\n\n## Introduction\n\nOutbreaks followed [4]–[7], then [8].\n\n## References\n\n{entries}\n"
    )
    ex = extract(text, doc_id="rvf")
    (joined,) = [c for c in ex.citations if c.found.as_printed == "4–7"]
    assert sorted(r.year for m in joined.matches for r in m.resolved) == [2014, 2015, 2016, 2017]
