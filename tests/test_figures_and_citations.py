"""How figures and in-text citations are read from running prose, class by class.

Each case is a form that real texts print (news, reports, papers converted from LaTeX or Word);
the real corpus of ``tests/data/real`` measures the same classes on whole texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from forcedmig_kb.citations import parse_citation
from forcedmig_kb.extraction.figures import find_quantities
from forcedmig_kb.extraction.intext import find_citations


def figures(text: str) -> list[tuple[str, float, str]]:
    return [(q.printed, q.value, q.unit) for q in find_quantities(text)]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("perhaps 1.2m reached the country", 1_200_000, "NUM"),
        ("a fund of €3.5bn for the region", 3_500_000_000, "EUR"),
        ("£3bn a year", 3_000_000_000, "GBP"),
        ("some 50k people", 50_000, "NUM"),
        ("a loss of $4.2m", 4_200_000, "USD"),
        ("lives on less than 1.90 U.S dollars per day", 1.9, "USD"),
        ("a correlation of r = −0.3 between them", -0.3, "NUM"),
        ("wages fell by -12 percent", -12, "PERCENT"),
        ("an increase of 3.4 percentage points", 3.4, "PERCENT"),
        ("about 60 per cent of them", 60, "PERCENT"),
        ("machines with 3.8TB drives", 3.8, "TeraBYTE"),
        ("the 3½% fall in the sterling exchange rate", 3.5, "PERCENT"),
        ("a disk of 500 gigabytes", 500, "GigaBYTE"),
    ],
)
def test_a_number_keeps_its_sign_scale_and_unit(text, value, unit):
    found = figures(text)
    assert len(found) == 1, found
    assert found[0][1] == pytest.approx(value) and found[0][2] == unit


def test_inline_math_is_a_number_never_dollars_a_pure_number_unless_it_counts():
    found = figures("the mean is $-0.08$ and the slope $\\beta_1 = 0.32$ for each $x_i$ of $N = 1,097$ cases")
    assert [(v, u) for _, v, u in found] == [(-0.08, "UNITLESS"), (0.32, "UNITLESS"), (1097, "NUM")]


def test_a_statistic_named_before_its_value_is_a_pure_number_not_a_count():
    found = figures(
        "an elasticity of about 17 in our specification; reported elasticities range from 6 to over 500, "
        "based on 1,091 estimates from 41 primary studies; moving from an elasticity of 13 to 22 reflects it"
    )
    assert [(v, u) for _, v, u in found] == [
        (17, "UNITLESS"),
        (6, "UNITLESS"),
        (500, "UNITLESS"),
        (1091, "NUM"),
        (41, "NUM"),
        (13, "UNITLESS"),
        (22, "UNITLESS"),
    ]


def test_an_identifier_with_a_letter_is_no_figure():
    assert figures("support from the Czech Science Foundation (grant 24-11583S) and 12 countries") == [
        ("12", 12, "NUM")
    ]


def test_prices_in_dollars_are_not_math():
    assert [(v, u) for _, v, u in figures("it costs $5 a day and $6 million a year")] == [
        (5, "USD"),
        (6_000_000, "USD"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "an elasticity of 3.1.^{4} in the long run",
        "an elasticity of 3.1.^4^ in the long run",
        "an elasticity of 3.1.<sup>4</sup> in the long run",
        "an elasticity of 3.1.[^4] in the long run",
        "an elasticity of 3.1.⁴ in the long run",
    ],
)
def test_a_footnote_marker_is_not_a_figure(text):
    assert [v for _, v, _ in figures(text)] == [3.1]


@pytest.mark.parametrize(
    "text", ["Five years on, the town is quiet.", "Two decades later they returned.", "She arrived five years ago."]
)
def test_the_narratives_own_time_is_not_a_figure(text):
    assert figures(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "“Go find a job somewhere else” (366). Then they left.",
        "an exhibit called *Hostile Terrain 94* (HT94) travels",
        "the plague of Athens in 430 BCE and the Antonine plague from 165 to 180 CE",
        "and the Black Death from 1347 to 1351 killed many",
    ],
)
def test_pages_titles_and_old_years_are_not_figures(text):
    assert figures(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "**Version:** 6 **Publication Date:** 04/14/2026 **Topics:** Labor",
        "It was published on 14.04.2026 and revised on 2026-05-02.",
        "We use a 2×2×2 between-subject factorial design and a 5-point scale.",
        "This provides good evidence for H~1b~ and H~2b~.",
        "As one donor wrote: it is about trust (Response 3154467).",
        "Publications were counted over 3- and 6-year intervals, and in the 3-year pre-ORI period.",
        "Earnings of workers with a four-year college degree rose over the same 10-year period.",
        "Four items (1, 2, 6 and 7) had very low discrimination, as in the case of items 1 and 2.",
        "There were decreases in the age bands 20-49, and 60-64, and rises in age bands 16-19, 50-59 and 65 and over.",
        "It used the 15-item Geriatric Depression Scale; analyses ran in SPSS 16.0 and Stata SE 10.0.",
        "Component 2 was named Social Support, and Option 1 was based on the rate.",
        "During the 116 Congress, four measures passed; the 119 Congress took them up.",
        "The Gini coefficient takes a value between 0 and 1, with 0 representing a perfectly equal distribution.",
        "Scores (scale 0-10) and parameters, in practice -3 to +3, were estimated.",
    ],
)
def test_dates_in_digits_front_matter_fields_designs_labels_and_record_ids_are_not_figures(text):
    assert figures(text) == []


def test_a_product_of_amounts_keeps_its_figures():
    assert [v for _, v, _ in figures("a lifetime gain of approximately $172.70 × 17.16 ≈ $2,960")] == [
        172.7,
        17.16,
        2960,
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Around 2/3rds of the difference in income", [("Around 2/3rds", 66.67, "PERCENT")]),
        ("workers earn another 1/3rd more", [("1/3rd", 33.33, "PERCENT")]),
        ("roughly 9.5 learning-adjusted years", [("roughly 9.5 learning-adjusted years", 9.5, "YR")]),
        ("completed 2.3 more years of schooling", [("2.3 more years", 2.3, "YR")]),
        ("returns on the order of ten times its upfront cost", [("ten times", 10, "UNITLESS")]),
    ],
)
def test_shares_with_a_slash_kinds_of_years_and_multiples_of_a_cost(text, expected):
    assert figures(text) == expected


def test_a_height_in_feet_is_a_figure_with_its_unit():
    assert figures("located at about 11,000 feet above sea level") == [("about 11,000 feet", 11000, "FT")]


@pytest.mark.parametrize(
    "text, lower, upper",
    [
        ("around £17 billion", 16.5e9, 17.5e9),
        ("approximately 2,800 people", 2750, 2850),
        ("about 200 people", 150, 250),
        ("around 45%", 44.5, 45.5),
        ("close to 200 people", 180, 220),
    ],
)
def test_around_a_rounded_figure_allows_what_rounds_to_it(text, lower, upper):
    (q,) = find_quantities(text, [])
    assert (q.lower, q.upper) == (lower, upper)


def test_a_stated_duration_is_still_a_figure():
    assert figures("a visa valid for 3 years") == [("3 years", 3, "YR")]


def citations(text: str) -> list[str]:
    return [c.as_printed for c in find_citations(text)]


@pytest.mark.parametrize(
    "text, printed",
    [
        ("Jones et al. (2012) place the share at 40 percent.", "Jones et al. (2012)"),
        ("Brown *et al.* (2012) emphasizes this.", "Brown *et al.* (2012)"),
        ("Similarly, Smith (2003) explains it.", "Smith (2003)"),
        ("Interestingly, Kowalski (2003) disagrees.", "Kowalski (2003)"),
        ("Smith and Lee's (2019) estimate is high.", "Smith and Lee's (2019)"),
        ("as Jones et al.'s (2012) figure shows", "Jones et al.'s (2012)"),
        ("X et al. (2019: 12) said so.", "X et al. (2019: 12)"),
        ("A view de Haas (2010) rejects.", "de Haas (2010)"),
        ("It grew (Smith 2019, p. 3; Jones 2020a).", "Smith 2019, p. 3; Jones 2020a"),
        ("at the University of Geneva. Lundevaller et al. (2018) studied it.", "Lundevaller et al. (2018)"),
        (
            "scores (see also the first case study in Eerola 2018, in this bundle).",
            "see also the first case study in Eerola 2018, in this bundle",
        ),
    ],
)
def test_author_year_citations_in_every_form(text, printed):
    assert citations(text) == [printed]


@pytest.mark.parametrize(
    "printed, names, year",
    [
        ("Brown *et al.* (2012)", ("Brown",), 2012),
        ("Smith and Lee's (2019)", ("Smith", "Lee"), 2019),
        ("Jones et al.'s (2012)", ("Jones",), 2012),
        ("see also the first case study in Eerola 2018, in this bundle", ("Eerola",), 2018),
    ],
)
def test_emphasis_and_possessives_are_not_part_of_a_name(printed, names, year):
    work = parse_citation(printed)[0]
    assert (work.names, work.year) == (names, year)


def drafts(body: str):
    from forcedmig_kb.extraction.drafting import extract

    return extract(f"# A report\n\n*Report, 2019*\n\n{body}\n", doc_id="t").drafts


def by_print(body: str) -> dict:
    return {d.printed: d for d in drafts(body)}


def figure_drafts(text: str) -> list:
    """The figure drafts of a whole text, in order."""
    from forcedmig_kb.extraction.drafting import extract

    return [d for d in extract(text, doc_id="t").drafts if d.kind == "quantity"]


def figures_of(text: str) -> dict:
    """The figure drafts of a whole text, by their print."""
    return {d.printed: d for d in figure_drafts(text)}


def test_a_citation_before_while_does_not_cover_what_follows():
    d = by_print("Some 3 million fled (Agency, 2017), while roughly 2 million others stayed.")
    assert d["Some 3 million"].citation.as_printed == "Agency, 2017"
    assert d["roughly 2 million"].citation is None


def test_a_citation_closing_a_run_of_sentences_covers_the_run():
    d = by_print(
        "The war displaced more than 6 million people. Germany hosted 1.17 million and Poland 957,000 "
        "(Agency, 2024). Other countries received about 300,000.\n\nA new paragraph counts 40,000 more."
    )
    assert d["more than 6 million"].citation.as_printed == "Agency, 2024"
    assert d["about 300,000"].citation is None  # a citation before a sentence never covers it
    assert d["40,000"].citation is None  # nor one of another paragraph


def test_a_comment_in_an_inline_note_cites_and_a_note_that_is_an_entry_does_not():
    from forcedmig_kb.extraction.intext import find_citations

    text = (
        "The gap is 90 billion.[ref]Christine Zhang, Laurence Chandy, and Lorenz Noe, (2016), "
        '"The global poverty gap is falling." Brookings.[/ref] It fell.[ref]To be precise, Chandy et al. '
        "(2014) also use data from Povcal. The complete reference is: Christine Zhang and Lorenz Noe, (2016).[/ref]"
    )
    assert [c.as_printed for c in find_citations(text)] == ["Chandy et al. (2014)"]


def test_html_paragraphs_end_after_their_closing_tag():
    d = by_print(
        "<p>Lending grew by 18% in the year.</p>\n\n<p>Another paragraph counts 40,000 loans (Bank, 2015).</p>"
    )
    assert d["18%"].citation is None
    assert d["40,000"].citation.as_printed == "Bank, 2015"


def test_a_study_that_opens_a_paragraph_covers_what_the_paragraph_reports():
    d = by_print(
        "In her study of refugees in Kampala, anthropologist Georgina Ramsay (2016) focuses on safety. In 2012, there were "
        "approximately 50,000 refugees in Kampala.\n\n"
        "According to the World Bank (2021), fees fell. In the same survey 1.2 million households received money."
    )
    assert d["approximately 50,000"].citation.as_printed == "Georgina Ramsay (2016)"
    assert d["1.2 million"].citation is None  # 'According to X' attributes its own sentence only


def test_a_citation_after_a_quotation_covers_only_the_quotation():
    d = by_print(
        "The forum is held every 5 years. A group of 15 entities was set up ‘to promote the norms’ (Agency, 2017)."
    )
    assert d["5 years"].citation is None


def test_a_source_named_later_in_the_paragraph_attributes_the_figures_before_it():
    d = by_print(
        "Refugees made up 4% of foreign students. Most were in primary school (39.1%). "
        "Data from the Ministry of Education highlights the number of minors."
    )
    assert d["4%"].attributed == d["39.1%"].attributed == "the Ministry of Education"


def test_a_sentence_on_this_data_rests_on_the_citation_before_it():
    d = by_print(
        "The Barro-Lee dataset estimates average years of schooling (Barro and Lee, 2013). This harmonized "
        "data across nearly 150 countries creates a consistent picture. Some 40 countries are poor."
    )
    assert d["nearly 150"].citation.as_printed == "Barro and Lee, 2013"
    assert d["Some 40"].citation is None


def test_a_small_figure_said_again_of_the_same_things_rests_on_its_first_source():
    d = drafts(
        "Education can, with each year of schooling improving earnings by around 10 percent (Bank, 2020).\n\n"
        "On average, each additional year of schooling raises earnings by close to 10 percent. "
        "Prices rose by 10 percent in the capital."
    )
    again = [x for x in d if x.printed == "close to 10 percent"][0]
    other = [x for x in d if x.printed == "10 percent"][0]
    assert again.citation.as_printed == "Bank, 2020" and other.citation is None


def test_a_figure_printed_again_rests_on_the_source_of_its_first_printing():
    d = drafts(
        "The gap amounts to about 90 billion dollars (Bank, 2016).\n\n"
        "90 billion dollars is also not a huge number. Some 40 countries are poor, and 40 others are not."
    )
    again = [x for x in d if x.printed == "90 billion dollars"]
    assert [x.citation.as_printed for x in again] == ["Bank, 2016"]
    assert all(x.citation is None for x in d if x.printed in ("Some 40", "40"))  # small counts are not the same figure


def test_a_source_named_in_prose_attributes_its_sentence():
    d = by_print("Perhaps 1.2m reached the country, calculates a researcher at a national labour institute.")
    assert d["Perhaps 1.2m"].citation is None
    assert d["Perhaps 1.2m"].attributed == "a researcher at a national labour institute"


def test_according_to_without_a_reference_list_is_an_attribution_not_a_citation():
    d = by_print("According to the Federal Employment Agency, 400,000 found work.")
    assert d["400,000"].citation is None and d["400,000"].attributed == "the Federal Employment Agency"


@pytest.mark.parametrize(
    "body, printed, role",
    [
        ("We find that wages rise by 4 percent after arrival.", "4 percent", "ownResult"),
        ("The coefficient is $-0.08$ and significant.", "$-0.08$", "ownResult"),
        ("If wages rose by 10 percent, many would move.", "10 percent", "hypothetical"),
        ("Some 5 million people moved.", "Some 5 million", "sourced"),
        ("As can be seen, the cost today is about half of what it was.", "about half", "ownResult"),
        ("The chart above shows that 40% of the gap is in Africa.", "40%", "ownResult"),
        ("I conducted fieldwork there. The village had about 200 people.", "about 200", "ownResult"),
        ("Expected schooling is a measure of the years a child can expect by age 18.", "18", "hypothetical"),
        ("Out of 37 countries with comparable data, 13 of these countries saw declines.", "13", "ownResult"),
        ("World War I killed 9 million people.", "9 million", "sourced"),
        ("The plateau lies at 12,000 feet above sea level.", "12,000 feet", "commonKnowledge"),
        ("The country comprises 31 provincial-level jurisdictions (22 provinces).", "31", "commonKnowledge"),
        ("The country comprises 31 provincial-level jurisdictions (22 provinces).", "22", "commonKnowledge"),
        ("Of the towns, 8 municipalities consist of one settlement.", "8", "sourced"),
        ("The region comprises 3 million workers in 12 districts.", "3 million", "sourced"),
        ("Thousands of banks closed and millions of Americans sank into poverty.", "millions", "commonKnowledge"),
        ("Tens of thousands of migrants crossed (UNHCR, 2019).", "Tens of thousands", "sourced"),
    ],
)
def test_a_figure_has_the_role_its_sentence_gives_it(body, printed, role):
    assert by_print(body)[printed].role == role


def test_parts_listed_after_their_whole_are_parts():
    d = by_print("In total 12 million people were displaced: 8 million in Syria and 6 million in Iraq (UN, 2017).")
    assert d["8 million"].part_of is d["12 million"] and d["6 million"].part_of is d["12 million"]


def test_a_series_of_years_is_not_parts():
    d = by_print("It was 3 million in 2010, 4 million in 2015 and 5 million in 2020 (UN, 2021).")
    assert all(x.part_of is None for x in d.values())
    assert [x.period.start for x in d.values()] == ["2010", "2015", "2020"]


def test_a_multiple_is_recomputed_from_its_endpoints():
    d = by_print("Remittances multiplied five-fold, rising from 2 billion to 10 billion dollars (World Bank, 2018).")
    five = d["five-fold"]
    assert five.operation == "ratio"
    assert [(x.printed, role) for x, role in five.inputs] == [
        ("10 billion dollars", "numerator"),
        ("2 billion", "denominator"),
    ]
    assert d["2 billion"].quantity.unit == "USD"


def test_this_figure_as_a_share_is_recomputed_from_the_figure_before():
    d = by_print(
        "In 2022, 3,320 refugees were enrolled in secondary schools. This figure constitutes 24% of the 14,106 "
        "refugees aged 11 to 18 (Agency, 2022)."
    )
    share = d["24%"]
    assert share.operation == "share"
    assert [(x.printed, role) for x, role in share.inputs] == [("3,320", "numerator"), ("14,106", "denominator")]


def test_a_figure_that_stands_alone_is_a_part_of_the_whole_before():
    d = by_print(
        "Global military expenditure reached a record $2.4 trillion in 2023 (Institute, 2024). "
        "China alone spent $296 billion, and its 12 neighbours alone 40%."
    )
    assert d["$296 billion"].part_of is d["$2.4 trillion"]
    assert d["40%"].part_of is None  # a share is no part of an amount


def test_what_remains_of_a_whole_is_a_part_of_it():
    d = by_print(
        "Italy has received around 190,000 applications from Ukrainians, with approximately 170,000 still "
        "active as of June 2024 (Agency, 2024). Germany hosted 1.17 million, with Poland at 957,000."
    )
    assert d["approximately 170,000"].part_of is d["around 190,000"]
    assert d["957,000"].part_of is None  # a second country, not what remains of the first


def test_a_part_named_after_its_whole_and_a_share_said_twice_are_related():
    d = by_print(
        "Between 2000 and 2014, 2,721 migrants were found dead, approximately 800 of whom remain unidentified "
        "(Agency, 2015). More than two-thirds (68 percent) of those displaced came from five countries (Agency, 2015)."
    )
    assert d["approximately 800"].part_of is d["2,721"]
    assert d["68 percent"].operation == "restatement"
    assert [x.printed for x, _ in d["68 percent"].inputs] == ["More than two-thirds"]


def test_a_whole_is_the_sum_of_its_parts_and_the_remaining_one():
    d = by_print(
        "The government will undertake around £37 billion of further consolidation measures. This Budget sets "
        "out around £17 billion of measures, including £12 billion from welfare reform and £5 billion from tax. "
        "In the autumn, the government will set out plans to deliver the remaining £20 billion."
    )
    whole = d["around £37 billion"]
    assert whole.operation == "sum"
    assert [x.printed for x, _ in whole.inputs] == ["around £17 billion", "£20 billion"]


def test_a_percentage_of_a_base_is_recomputed_from_what_it_comes_to():
    d = by_print("A 10% earnings premium on $1,727 yields $172.70 in additional annual income (Bank, 2024).")
    assert d["10%"].operation == "share"
    assert [(x.printed, role) for x, role in d["10%"].inputs] == [("$172.70", "numerator"), ("$1,727", "denominator")]


def test_a_percentage_on_the_first_part_of_a_base_is_recomputed_from_what_it_comes_to():
    d = by_print(
        "The net tax is 0.6% on the first $7,000 of each covered employee's annual earnings "
        "(equaling no more than $42 per worker per year) (DOL, 2025)."
    )
    assert d["0.6%"].operation == "share"
    assert [(x.printed, role) for x, role in d["0.6%"].inputs] == [
        ("no more than $42", "numerator"),
        ("$7,000", "denominator"),
    ]


@pytest.mark.parametrize(
    ("printed", "hedge"),
    [("no more than $42", "lessThan"), ("not more than 42", "lessThan"), ("not less than 42", "atLeast")],
)
def test_a_negated_comparison_bounds_the_figure_the_other_way(printed, hedge):
    assert by_print(f"It came to {printed} in 2024 (DOL, 2025).")[printed].quantity.hedge == hedge


def test_table_cells_are_not_drafted():
    body = "Arrivals rose to 40,000 in 2016.\n\n| Country | 2015 | 2016 |\n|---|---|---|\n| Chad | 12 | 14 |\n"
    assert [d.printed for d in drafts(body)] == ["40,000"]


NUMBERED = """# Returns

*Report, 2019*

Some 65 million people were displaced in 2016 [2], and 3 million returned [1, 3].

## References

1. Smith J, Lee K. Returns of refugees. Lancet. 2017;393:1-9.
2. UNHCR. Global Trends: Forced Displacement. Geneva: UNHCR; 2017.
3. Jones, A. (2018). Return. London: Sea.
"""


def test_numbered_citations_resolve_to_the_entries_of_their_numbers(tmp_path):
    from forcedmig_kb import load_knowledge_base
    from forcedmig_kb.checks import run_check
    from forcedmig_kb.extraction.drafting import extract
    from forcedmig_kb.extraction.graph import serialize

    ex = extract(NUMBERED, doc_id="returns")
    assert [(c.as_printed, [m.entry.label for m in c.matches]) for c in ex.citations] == [
        ("2", ["2"]),
        ("1, 3", ["1", "3"]),
    ]
    assert [r.year for r in ex.references] == [2017, 2017, 2018]
    out = tmp_path / "returns.ttl"
    out.write_text(serialize(ex, "turtle"), encoding="utf-8")
    rules = {f.rule for f in run_check(load_knowledge_base([out]))}
    assert not rules & {"uncited", "unresolved-citation", "uncited-reference"}, rules


PDF_NOTES = """# Outbreak

*Report, 2020*

## Background

The 2003 outbreak infected 8,096 people worldwide and caused 774 deaths.2 Also in 2003, the city had 7 million inhabitants.

2 U.S. CDC, “Frequently Asked Questions About SARS,” April 26, 2004, https://www.cdc.gov/sars/about/faq.html.
"""

HTML_NOTES = """# Budget

<p>Employment was 31.1 million in 2015, and wages rose 2.7% in 2015.<sup id="fnref:2"><a href="#fn:2" class="footnote">2</a></sup> Debt is above 80% of <abbr title="A group of 7 nations">GDP</abbr> in 2015.</p>

<div class="footnotes">
  <ol>
    <li id="fn:1">
      <p>All UK economy data from Office for National Statistics (ONS) unless otherwise stated.</p>
    </li>
    <li id="fn:2">
      <p>‘Labour Market Statistics’, ONS, June 2015.</p>
    </li>
  </ol>
</div>
"""


def test_a_note_marker_glued_after_the_full_stop_cites_its_sentence():
    from forcedmig_kb.extraction.drafting import extract

    ex = extract(PDF_NOTES, doc_id="outbreak")
    by = {d.printed: d for d in ex.drafts if d.kind == "quantity"}
    assert set(by) == {"8,096", "774", "7 million"}, by.keys()  # not the note's own number
    assert by["8,096"].citation.as_printed == "2" and by["774"].citation.as_printed == "2"
    assert [(m.entry.authors[0].family, m.entry.year) for m in by["8,096"].citation.matches] == [("U.S. CDC", 2004)]
    assert by["7 million"].citation is None


def test_html_notes_cite_and_a_note_for_all_data_attributes_the_rest():
    from forcedmig_kb.extraction.drafting import extract

    ex = extract(HTML_NOTES, doc_id="budget")
    by = {d.printed: d for d in ex.drafts if d.kind == "quantity"}
    assert "7" not in by  # an attribute of the markup is not a figure
    assert by["31.1 million"].citation.as_printed == "2"
    assert by["above 80%"].citation is None and "unless otherwise stated" in by["above 80%"].attributed


def test_news_names_its_source_once_for_the_figures_after_it():
    d = by_print(
        "The latest estimates published by the Office for National Statistics show a decline.\n\n"
        "The UK saw a net gain of 311,000 migrants in 2016, which dropped to 212,000 in 2019."
    )
    assert d["311,000"].attributed == "the Office for National Statistics" == d["212,000"].attributed


def test_a_results_section_that_cites_nothing_reports_the_texts_own_figures():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# A paper\n\n*Working paper, 2020*\n\n## Introduction\n\nMigration rose to 5 million (UN, 2019).\n\n"
        "## 4 Results\n\n### 4.1 Scale\n\nThe index is 0.093 for districts. It falls to 0.070 for wards.\n\n"
        "## References\n\nUN (2019). World Migration. New York: UN.\n"
    )
    roles = {d.printed: d.role for d in extract(text, doc_id="p").drafts if d.kind == "quantity"}
    assert roles == {"5 million": "sourced", "0.093": "ownResult", "0.070": "ownResult"}


def test_a_quarter_is_a_period():
    assert by_print("Euro area growth in Q1 2015 was 0.4% (Eurostat, 2015).")["0.4%"].period.start == "2015-01"


@pytest.mark.parametrize(
    "line, authors",
    [
        (
            "Ramey, Valerie A. 2011. “Identifying Shocks.” Quarterly Journal of Economics 126 (1): 1–50.",
            [("Ramey", "Valerie A")],
        ),
        (
            "Dunne, J. Paul, and Nan Tian. 2015. “Military Expenditure.” Economics of Peace 10 (1).",
            [("Dunne", "J. Paul"), ("Tian", "Nan")],
        ),
    ],
)
def test_a_chicago_entry_keeps_its_first_authors_given_names(line, authors):
    from forcedmig_kb.extraction.references import parse_reference_list

    refs, _ = parse_reference_list([(1, line)])
    assert [(a.family, a.given) for a in refs[0].authors] == authors


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("they must respond within 24 hours", 24, "HR"),
        ("a density of 25,790 per square kilometer", 25790, "PER-KiloM2"),
        ("temperatures rose by 0.6 degrees", 0.6, "DEG_C"),
        ("a road of 120 km", 120, "KiloM"),
    ],
)
def test_a_measure_is_a_figure_in_its_qudt_unit(text, value, unit):
    assert [(v, u) for _, v, u in figures(text)] == [(value, unit)]


def test_parts_in_a_parenthesis_and_after_of_the_whole_are_parts():
    d = by_print("Reference: the 173 official areas of 2011 (167 in England and Wales and 6 that cross a border).")
    assert d["167"].part_of is d["173"] and d["6"].part_of is d["173"]
    d = by_print(
        "In 2013, of the 62,000 EU15 citizens immigrating for work, 39,000 migrated for a definite job "
        "and the remaining 24,000 intend to look for work."
    )
    assert d["39,000"].part_of is d["62,000"] and d["24,000"].part_of is d["62,000"]


def test_a_share_said_twice_is_a_restatement():
    d = by_print("A study found that 54%, or nearly two-thirds, relied upon one developer (X, 2015).")
    assert d["nearly two-thirds"].operation == "restatement"
    assert [x.printed for x, _ in d["nearly two-thirds"].inputs] == ["54%"]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("setting aside $305B for highways", 305e9, "USD"),
        ("the quarterly average of -£0.3 billion", -0.3e9, "GBP"),
        ("The sample includes 1691 respondents", 1691, "NUM"),
    ],
)
def test_more_printed_forms_of_a_number(text, value, unit):
    assert [(v, u) for _, v, u in figures(text)] == [(pytest.approx(value), unit)]


def test_a_number_printed_after_the_full_stop_cites_its_sentence():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Funding\n\n*Report, 2016*\n\nDocker raised $180M.[51] Its 2014 revenue was less than $10 million.[52] "
        "Npm is a package manager.[53]\n\n## Notes\n\n[51] https://example.org/2015/docker\n\n"
        "[52] http://www.bloomberg.com/news/articles/2015-04-14/docker-valuation\n\n[53] https://npmjs.com/about\n"
    )
    by = {d.printed: d for d in extract(text, doc_id="n").drafts if d.kind == "quantity"}
    assert by["less than $10 million"].citation.as_printed == "52"
    assert [m.entry.year for m in by["less than $10 million"].citation.matches] == [2015]


@pytest.mark.parametrize(
    "text",
    [
        "In the 3 months to April 2015 the rate held.",
        "It fell in the three year period.",
        "under the Apache License 2.0",
        "Articles 9 and 10 of the regulations",
        "as Fig 3.15 shows",
        "workers aged over 50",
        "in the second half of 2014",
        "a 12-month horizon",
        "missing data (in models 1,2, & 3)",
        "reported H.R. 4213 on June 24, 2025, by a vote of 36-27.",
        "replaced with a two-week CR extension",
        "INA §244(b)(1)(C) (8 U.S.C. §1254a(b)(1)(C)) and INA",
        "H.Rept. 98-1142, part 1",
        "under Section 5 of the act",
    ],
)
def test_windows_labels_and_versions_are_not_figures(text):
    assert figures(text) == []


@pytest.mark.parametrize(
    "text, kept",
    [
        ("the number of live births per 1,000 people per year", []),
        ("a rate of 12.5 per 100,000 inhabitants", [12.5]),
        ("the world has 122 women living in poverty for every 100 men", [122]),
        ("a tax of 3 per cent on every sale", [3]),
    ],
)
def test_the_base_of_a_rate_is_not_a_figure(text, kept):
    assert [value for _, value, _ in figures(text)] == kept


@pytest.mark.parametrize(
    "text, kept",
    [
        ("the population growth will triple between 2011 and 2100", [("triple", 3.0, "UNITLESS")]),
        ("incomes are expected to double by 2050", [("double", 2.0, "UNITLESS")]),
        ("remember to double-check the data", []),
        ("human ingenuity has been up to the task for thousands of years", []),
        ("people who turn 18 while still in the process", []),
    ],
)
def test_foreseen_multiples_count_and_the_narratives_vague_time_and_ages_reached_do_not(text, kept):
    assert figures(text) == kept


def test_a_year_ending_window_and_the_previous_year_are_periods():
    d = by_print(
        "214,000 immigrated for work in the year ending December 2013, an increase from 180,000 the previous year."
    )
    assert (d["214,000"].period.start, d["214,000"].period.end) == ("2013-01", "2013-12")
    assert (d["180,000"].period.start, d["180,000"].period.end) == ("2012-01", "2012-12")
    d = by_print("Registrations rose to 603,000 in the year ending March 2014.")
    assert (d["603,000"].period.start, d["603,000"].period.end) == ("2013-04", "2014-03")


@pytest.mark.parametrize(
    "text, value",
    [
        ("we need around 160 billion 'international dollars' per year", 160e9),
        ("about 90 billion market dollars", 90e9),
        ("a gap of 160 billion int.-$ in 2013", 160e9),
    ],
)
def test_kinds_of_dollars_are_dollars(text, value):
    assert [(v, u) for _, v, u in figures(text)] == [(pytest.approx(value), "USD")]


def test_an_inline_note_is_a_source_and_a_co_author_cited_first_is_an_author_mismatch():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Gap\n\n*Blog, 2017*\n\nChandy et al. (2016)[ref]Christine Zhang, Laurence Chandy, and Lorenz Noe, (2016), "
        '"The global poverty gap is falling." Brookings.[/ref] put the gap at 90 billion market dollars.[ref]To be '
        "precise, they use 2015 prices.[/ref]\n"
    )
    ex = extract(text, doc_id="gap")
    assert [[a.family for a in r.authors] for r in ex.references] == [["Zhang", "Chandy", "Noe"]]
    assert [(c.as_printed, [m.status for m in c.matches]) for c in ex.citations] == [
        ("Chandy et al. (2016)", ["author-mismatch"])
    ]
    assert [d.printed for d in ex.drafts if d.kind == "quantity"] == ["90 billion market dollars"]


def test_they_takes_up_the_last_citation_and_estimated_by_attributes():
    d = by_print(
        "Chandy et al. (2016) study the gap. Using the same data, they find a gap of 90 billion dollars. "
        "Aid was estimated by Chandy et al. at around 150 billion dollars."
    )
    assert d["90 billion dollars"].citation.as_printed == "Chandy et al. (2016)"
    assert d["around 150 billion dollars"].attributed == "Chandy et al."


def test_a_note_with_a_translated_title_names_its_publisher():
    from forcedmig_kb.extraction.note_sources import note_references

    note = (
        "“湖北省委书记” (“The Positions Have Been Adjusted; Ying Yong Becomes Party Secretary,” Xinhua, "
        "February 13, 2020, http://www.xinhuanet.com/politics/2020-02/13/c_1125568253.htm."
    )
    assert [(r.authors[0].family, r.year) for r in note_references({"10": (1, note)})] == [("Xinhua", 2020)]


def test_a_note_marker_glued_after_a_day_of_the_month():
    from forcedmig_kb.extraction.notes import find_markers

    text = "the “urgent notices” on December 30.22 On January 4, WHO tweeted."
    assert [c.as_printed for c in find_markers(text, {"22"})] == ["22"]


def test_a_co_author_cited_with_another_year_is_misdated():
    from forcedmig_kb.bibliography import Bibliography
    from forcedmig_kb.bibtex import Name, Reference

    ref = Reference("zhang2016", "misc", [Name("Zhang"), Name("Chandy"), Name("Noe")], 2016, "", "The gap")
    assert Bibliography([ref]).match_printed("Chandy et al. (2014)")[0].status == "misdated"


def test_for_a_year_dates_a_figure_but_no_event():
    d = drafts("The gap for 2013 is about 90 billion dollars (Chandy, 2016).")
    assert [x.kind for x in d] == ["quantity"] and d[0].period.start == "2013"


GLUED_TO_A_NUMBER = """# Outbreak

The city had 11 million inhabitants.5 Its health agency oversees a dozen hospitals with a staff of about 220.6

The agency reported 41 cases.7 The mean age was 33.5 years.

5 Statistics Bureau, “Yearbook 2019,” 2019.

6 Health Commission, “About Us,” 2020.

7 Health Commission, “Bulletin,” January 11, 2020.
"""


def test_a_note_marker_glued_to_the_end_of_a_number_is_read_from_the_notes_order():
    from forcedmig_kb.extraction.drafting import extract

    ex = extract(GLUED_TO_A_NUMBER, doc_id="outbreak")
    by = {d.printed: d for d in ex.drafts if d.kind == "quantity"}
    assert by["about 220"].quantity.value == 220 and by["about 220"].citation.as_printed == "6"
    assert by["33.5 years"].quantity.value == 33.5  # a decimal whose digits name no missing note stays one
    assert sorted(c.as_printed for c in ex.citations) == ["5", "6", "7"]


def test_a_drafted_event_without_a_citation_is_worth_a_look_not_a_failure(tmp_path):
    from forcedmig_kb.checks import run_check
    from forcedmig_kb.extraction.drafting import extract
    from forcedmig_kb.extraction.graph import serialize
    from forcedmig_kb.loading import load_knowledge_base

    body = (
        "# Tools\n\nGitHub was founded in 2008 in San Francisco. It hosts 100 million repositories "
        "(Smith, 2020).\n\n## References\n\nSmith, J. (2020). Code at scale. Press.\n"
    )
    ex = extract(body, doc_id="tools", year=2021)
    assert [d.kind for d in ex.drafts] == ["event", "quantity"]
    out = tmp_path / "tools.ttl"
    out.write_text(serialize(ex, "turtle"), encoding="utf-8")
    findings = [(f.rule, f.severity) for f in run_check(load_knowledge_base([out]))]
    assert ("uncited-event", "info") in findings and not any(rule == "uncited" for rule, _ in findings), findings


PDF_MARKDOWN = """# Displaced Learners

## 2. Background

## 2.1 Influx of students

Since February 2022, Italy has received around 190,000 applications. $^{2}$ $^{3}$ Around 20,000 children enrolled in schools. $^{4}$

$^{2}$ Individuals who left Ukraine on or after February 24, 2022 may apply for temporary protection. $^{3}$ https://mappe.protezionecivile.gov.it/ucraina/ Data as of 5th July. Data last accessed on 12th July, 2024.

## 4. Results

## Higher levels of absenteeism

On average, students miss 46 school days per year in 2022-23, 18 days more than their peers.

## References

Angrist, N. (2022). The loss of human capital. VoxEU.
"""


def test_a_pdf_conversions_math_markers_and_run_together_notes_are_notes():
    from forcedmig_kb.extraction.drafting import extract

    ex = extract(PDF_MARKDOWN, doc_id="learners", year=2025)
    assert set(ex.document.notes) == {"2", "3"}  # '$^{3}$' inside note 2 opens note 3
    sources = {r.label: r for r in ex.references if r.label}
    assert set(sources) == {"3"}  # note 2 makes a statement, with a year in it: a comment, not a source
    by = {d.printed: d for d in ex.drafts if d.kind == "quantity"}
    assert by["around 190,000"].citation.as_printed == "3"
    assert by["Around 20,000"].citation is None  # '$^{4}$' has no note: no marker of a note the text lacks


def test_numbered_headings_flattened_by_conversion_still_nest():
    from forcedmig_kb.extraction.drafting import extract

    ex = extract(PDF_MARKDOWN, doc_id="learners", year=2025)
    absences = next(d for d in ex.drafts if d.printed == "46")
    assert absences.section.within.endswith("4. Results")
    assert absences.role == "ownResult"  # a results section that cites nothing reports the text's own figures


@pytest.mark.parametrize(
    "printed, works",
    [
        (
            "see, among others, Ichino and Winter-Ebmer, 2004; Alderman et al., 2006: Agüero and Majid, 2014",
            [("Ichino", 2004), ("Alderman", 2006), ("Agüero", 2014)],
        ),
        ("Swee, 2009, 2015", [("Swee", 2009), ("Swee", 2015)]),
        ("Smith 2019: 12", [("Smith", 2019)]),
    ],
)
def test_a_citations_works_are_told_apart(printed, works):
    assert [(w.names[0], w.year) for w in parse_citation(printed)] == works
    assert citations(f"Conflict harms schooling ({printed}).") == [printed]


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainians aged 16 to 18 may enrol.",
        "Sixteen-year-olds may enrol.",
        "enrolled in grades 9 to 11 in 2023",
        "children 11 to 19 years old say so",
        "at risk of leaving home from the age of 15",
        "3) Holders of a permit may stay.",
    ],
)
def test_ages_and_grades_that_name_a_group_are_not_figures(text):
    assert figures(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("The mean age of children is 14 years old.", 14),
        ("For caregivers, the mean age is 42.", 42),
        ("He died on February 7, 2020, at the age of 33.", 33),
    ],
)
def test_an_age_stated_as_a_fact_is_a_figure_in_years(text, value):
    assert [(v, u) for _, v, u in figures(text)] == [(value, "YR")]


def test_a_long_list_of_works_is_quoted_within_the_quote_limit(tmp_path):
    from forcedmig_kb.checks import run_check
    from forcedmig_kb.extraction.drafting import extract
    from forcedmig_kb.extraction.graph import serialize
    from forcedmig_kb.loading import load_knowledge_base

    works = [f"Author{i} et al., {2000 + i}" for i in range(16)]
    refs = "\n\n".join(f"Author{i}, A. ({2000 + i}). Study {i}. Press." for i in range(16))
    body = f"# Harm\n\nConflict harms schooling (see {'; '.join(works)}).\n\n## References\n\n{refs}\n"
    out = tmp_path / "harm.ttl"
    out.write_text(serialize(extract(body, doc_id="harm", year=2021), "turtle"), encoding="utf-8")
    assert "long-quote" not in {f.rule for f in run_check(load_knowledge_base([out]))}


PDF_PAGES = """## Page 1

An Outbreak Chronology

Introduction

Chinese doctors first identified cases of the disease in the city, which had 7 million inhabitants,
and in the province around it, which had 58 million inhabitants in 2019.2

Congressional Research Service 1

## Page 2

An Outbreak Chronology

Article 6 of the International Health Regulations, an international agreement to which China and
194 other countries are parties, outlines the obligations of State Parties, including:

          1.  Each State Party shall notify WHO, by the most efficient means of communication available,
              and within 24 hours of assessment of public health information, of all events which may
              constitute an emergency within its territory, and report the spread of the

Congressional Research Service 2

## Page 3

An Outbreak Chronology

              disease and the health measures employed in responding to the emergency.

          2.  Following a notification, a State Party shall continue to communicate to WHO timely,
              accurate and sufficiently detailed public health information on the event.16

A new paragraph of the report says that 40 cases were found in the city by the end of the month.

Congressional Research Service 3

2 Hubei Statistical Yearbook, Hubei Bureau of Statistics, 2020.

16 World Health Organization, International Health Regulations (2005), Third Edition, 2016.
"""


def test_page_numbers_running_headers_and_footers_are_no_sections():
    from forcedmig_kb.extraction.document import read_document

    doc = read_document(PDF_PAGES)
    assert doc.title == "An Outbreak Chronology"
    assert [s.title for s in doc.sections] == ["Introduction"]
    assert "Congressional" not in doc.sections[0].flow.text and "Page 2" not in doc.sections[0].flow.text


def test_a_quotation_set_out_as_a_list_is_covered_by_the_note_that_closes_it():
    from forcedmig_kb.extraction.drafting import extract

    by = {d.printed: d for d in extract(PDF_PAGES, doc_id="outbreak").drafts if d.kind == "quantity"}
    assert by["194"].citation.as_printed == "16"  # the introduction, across a page break
    assert by["24 hours"].citation.as_printed == "16"  # the list's first item
    assert by["40"].citation is None
    assert by["58 million"].citation.as_printed == "2"  # the marker glued after '2019.' ends its sentence


def test_items_of_a_list_that_cite_their_own_notes_stay_apart():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Funding\n\n*Report, 2018*\n\n## Examples\n\nA couple of examples are as follows:\n\n"
        "- Docker raised $180M in funding.[1]\n"
        "- Npm raised nearly $11M in funding since 2014.\n"
        "- Meteor has received over $30M in funding.[2]\n\n"
        "## References\n\n[1] Crunchbase, Docker, 2017.\n\n[2] Crunchbase, Meteor, 2017.\n"
    )
    by = {d.printed: d for d in extract(text, doc_id="funding").drafts if d.kind == "quantity"}
    assert by["over $30M"].citation is not None
    assert by["nearly $11M"].citation is None


def test_a_misspelt_citation_is_one_finding_that_names_the_entry(tmp_path):
    from forcedmig_kb import load_knowledge_base
    from forcedmig_kb.checks import run_check
    from forcedmig_kb.extraction.drafting import extract
    from forcedmig_kb.extraction.graph import serialize

    text = (
        "# Absences\n\n*Working paper, 2025*\n\n## Background\n\n"
        "Anxiety keeps pupils from school, and absences harm learning (Fiining et al., 2019).\n\n"
        "## References\n\n"
        "Finning, K., Ford, T., & Moore, D. (2019). The association between anxiety and attendance. "
        "Child and Adolescent Mental Health, 24(3), 205-216.\n"
    )
    out = tmp_path / "absences.ttl"
    out.write_text(serialize(extract(text, doc_id="absences"), "turtle"), encoding="utf-8")
    findings = [f for f in run_check(load_knowledge_base([out])) if f.severity != "info"]
    assert [f.rule for f in findings] == ["unresolved-citation"]
    assert "Misspelt?" in findings[0].message and "absences-finning2019" in findings[0].message


def test_a_range_of_months_is_one_period_and_an_event_under_way_is_not_after_its_source(tmp_path):
    from forcedmig_kb import load_knowledge_base
    from forcedmig_kb.checks import run_check
    from forcedmig_kb.extraction.dates import find_dates
    from forcedmig_kb.extraction.drafting import extract
    from forcedmig_kb.extraction.graph import serialize

    assert [(d.start_date, d.end_date) for d in find_dates("from mid-October 2013 to the end of June 2014")] == [
        ("2013-10", "2014-06")
    ]
    text = (
        "# Panel\n\n*Working paper, 2018*\n\n## Data\n\n"
        "The first wave of the survey was conducted from mid-October 2013 to the end of June 2014 (Antal 2013). "
        "The second wave was conducted in 2016 (Antal 2013).\n\n"
        "## References\n\nAntal, E. (2013). The design of a panel survey. Lausanne: LIVES.\n"
    )
    out = tmp_path / "panel.ttl"
    out.write_text(serialize(extract(text, doc_id="panel"), "turtle"), encoding="utf-8")
    late = [f for f in run_check(load_knowledge_base([out])) if f.rule == "period-after-publication"]
    assert [f.message.split(",")[0] for f in late] == ["The figure is about 2016"]


def test_a_comment_note_speaks_of_the_passage_its_marker_closes():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Learners\n\n*Working paper, 2025*\n\n## Enrolment\n\n"
        "Ukrainian students made up 4% of foreign students in the school system (Agency, 2024). "
        "Data from the Ministry of Education highlights the number of minors, who were 25.1% of them.4\n\n"
        "The country of arrival had 31 regions and 8 million pupils in all of its schools and colleges.5\n\n"
        "4 These figures do not include adult schools. During the 2022-2023 school year, 680 students enrolled in them.\n\n"
        "5 The regions count 20 provinces, and the count of 8 million comes from another year.\n\n"
        "## References\n\nAgency (2024). Foreign students in schools. Rome: Agency.\n"
    )
    by = {d.printed: d for d in extract(text, doc_id="learners").drafts if d.kind == "quantity"}
    assert by["680"].attributed == "the Ministry of Education"
    assert by["20"].citation is None and not by["20"].attributed  # its passage is uncited: so is the note


def test_a_notes_section_beside_the_references_holds_notes_and_a_calculation_note_is_own_work():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Skills\n\n*Report, 2026*\n\n## Returns\n\n"
        "Each year of schooling improves earnings by around 10 percent.[1] The lifetime gains are large.[i]\n\n"
        "### References\n\n1. Psacharopoulos, George. 2018. Returns to Investment in Education. World Bank.\n\n"
        "## Notes\n\n"
        "i. Author's calculations based on survey data. A 10% earnings premium on $1,727 yields $172.70 a year.\n"
    )
    ex = extract(text, doc_id="skills")
    by = {d.printed: d for d in ex.drafts if d.kind == "quantity"}
    assert {"$1,727", "$172.70"} <= set(by)  # the note is read, not taken for a reference entry
    assert by["$172.70"].role == "ownResult"
    assert [r.label for r in ex.references] == ["1"]


def test_the_items_of_a_list_end_their_sentences_and_their_numbers_are_no_figures():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Poverty\n\n*Report, 2021*\n\n## Causes\n\n"
        "Research identifies three causes (Lee 2005):\n\n"
        "1. The expansion in the number of female-headed households\n"
        "2. The persistence of inequalities within households\n"
        "3. The implementation of neoliberal policies around the world\n\n"
        "While women live longer, 40 percent of them earn less than men (Lee 2005).\n\n"
        "## References\n\nLee, A. 2005. Poverty. Boston: Press.\n"
    )
    ex = extract(text, doc_id="poverty")
    (only,) = [d for d in ex.drafts if d.kind == "quantity"]  # not the items' numbers 2 and 3
    assert only.printed == "40 percent"
    assert "around the world" not in only.exact  # the paragraph after the list is a sentence of its own


def test_according_to_names_the_whole_body_and_a_parenthesis_may_follow_it():
    from forcedmig_kb.extraction.intext import find_attribution
    from forcedmig_kb.extraction.prose_sources import find_prose_attribution

    text = "But according to the International Labor Organization (an agency of the United Nations), some 52 million"
    assert find_attribution(text, 0, len(text)).as_printed == "International Labor Organization"
    assert find_prose_attribution(text, 0, len(text)).as_printed == "the International Labor Organization"
    text = "According to recent United Nations (UN) figures there are 258 million international migrants"
    assert find_attribution(text, 0, len(text)).as_printed == "United Nations"


def test_a_bodys_forecast_attributes_the_forecasts_that_go_on_from_it():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Population\n\n*Textbook, 2021*\n\n## Projections\n\n"
        "The United Nations Population Fund (2008) categorizes nations by fertility. "
        "The United Nations (UN) anticipates the population growth will triple in high-fertility countries. "
        "For countries with intermediate fertility rates, growth is expected to be about 26 percent. "
        "And low-fertility countries will see population declines of approximately 20 percent. "
        "Since 1990, 40 percent of migrants have settled in cities.\n\n"
        "## References\n\nUnited Nations Population Fund. 2008. State of World Population. New York: UNFPA.\n"
    )
    ex = extract(text, doc_id="population")
    by = {d.printed: d for d in ex.drafts if d.kind == "quantity"}
    assert by["about 26 percent"].attributed == "The United Nations"
    assert by["approximately 20 percent"].attributed == "The United Nations"
    assert by["40 percent"].attributed is None  # no forecast: the run has ended


def test_a_dataset_named_with_its_acronym_is_no_source_that_speaks():
    from forcedmig_kb.extraction.prose_sources import find_prose_attribution

    text = "Long Term International Migration (LTIM) estimates show that immigration rose to 240,000."
    assert find_prose_attribution(text, 0, len(text)) is None


def test_an_entry_dated_only_after_its_title_is_an_entry_of_its_own():
    from forcedmig_kb.extraction.references import parse_reference_list

    lines = [
        (1, "Buvinić, M. 1997. “Women in Poverty: A New Global Underclass.” *Foreign Policy*, Fall (108):1–7."),
        (2, 'Chan, Emily. "Why Do We Still Know So Little About How Our Clothes Are Made?" Vogue. December 18 2019.'),
        (3, "Chen, Martha. 2001. “Women in the Informal Sector.” *The SAIS Review* 21:71–82"),
    ]
    refs, orphans = parse_reference_list(lines)
    assert [(r.authors[0].family, r.year) for r in refs] == [("Buvinić", 1997), ("Chan", 2019), ("Chen", 2001)]
    assert refs[1].title.startswith("Why Do We Still Know") and not orphans


def test_a_poverty_line_is_a_threshold_and_the_people_below_it_a_claim():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Poverty\n\n*Textbook, 2021*\n\n## Lines\n\n"
        "Extreme poverty occurs when someone lives on less than 1.90 U.S dollars per day. "
        "In 2018 the Bank added people living on less than $3.20. "
        "Today 700 million people live on less than $1.90 a day.\n"
    )
    ex = extract(text, doc_id="poverty")
    roles = {d.printed: d.role for d in ex.drafts if d.kind == "quantity"}
    assert roles["less than 1.90 U.S dollars"] == "hypothetical"
    assert roles["less than $3.20"] == "hypothetical"
    assert roles["700 million"] == "sourced"


def test_a_run_closed_by_a_citation_starts_where_its_work_is_introduced():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Work\n\n*Textbook, 2021*\n\n## The underground economy\n\n"
        "Official statistics posit that it accounted for over 50 percent of nonagricultural work. "
        "A recent article in the *Wall Street Journal* discusses its benefits. "
        "The wages are a pittance, maybe 250 rupees ($5 U.S.) a day (Barta 2009).\n\n"
        "## References\n\nBarta, Patrick. 2009. The Rise of the Underground. Wall Street Journal.\n"
    )
    ex = extract(text, doc_id="work")
    by = {d.printed: d for d in ex.drafts if d.kind == "quantity"}
    assert by["$5"].citation is not None  # in the run the article opens
    assert by["over 50 percent"].citation is None  # before it: not the article's


def test_notes_printed_as_a_table_with_linked_markers_are_read_as_notes():
    from forcedmig_kb.extraction.drafting import extract

    url = "https://www.everycrsreport.com/files/R1.html"
    text = (
        "# Mexico\n\n*Report, 2026*\n\n## Relations\n\n"
        f"President Trump threatened a 5% tariff on Mexico over water.[35]({url}#fn35) "
        f"A U.S. Supreme Court decision invalidated those tariffs.[36]({url}#fn36) "
        f"The Marines sent 200 advisers.[37]({url}#fn37)\n\n"
        "## Footnotes\n\n|  |  |\n| --- | --- |\n"
        f'| [35]({url}#ifn35). | Reuters, "Trump Threatens Mexico with 5% Tariff Increase over Water Dispute," '
        "December 8, 2025. The 1944 U.S.-Mexico Water Treaty governs the rivers. |\n"
        f"| [36]({url}#ifn36). | For more information, see CRS Legal Sidebar LSB11398, *Supreme Court Rules "
        "Against Tariffs*, by Christopher T. Zirpoli. |\n"
        f"| [37]({url}#ifn37). | Executive Order 14347 of September 5, 2025, 90 *Federal Register* 43721. |\n"
    )
    ex = extract(text, doc_id="mexico")
    assert sorted(ex.document.notes) == ["35", "36", "37"]
    printed = [d.printed for d in ex.drafts if d.kind == "quantity"]
    assert printed == ["5%", "200"]  # no marker, no label, no title, no act or register number
    by_label = {r.label: r for r in ex.references}
    assert (by_label["35"].authors[0].family, by_label["35"].year) == ("Reuters", 2025)  # not the comment's 1944
    assert by_label["36"].title.startswith("Supreme Court Rules")  # an undated work with an italic title
    cited = {c.found.as_printed for c in ex.citations}
    assert {"35", "36"} <= cited


@pytest.mark.parametrize(
    "text, kept",
    [
        ("earned about 1.67 times as much as high school graduates", [("about 1.67 times", 1.67, "UNITLESS")]),
        ("the shift from S<sub>0</sub> to S<sub>1</sub>", []),
        ("those in the 25–34 age bracket", []),
        ("the bottom 20% of the income distribution receives 20% of the total income", [("20%", 20.0, "PERCENT")]),
    ],
)
def test_decimal_multiples_count_and_subscripts_age_brackets_and_distribution_groups_do_not(text, kept):
    assert figures(text) == kept


def test_a_dated_example_is_data_and_according_to_data_names_its_source():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Inequality\n\n*Textbook, 2017*\n\n## Quintiles\n\n"
        "In 2011, for example, the bottom quintile received 3.2% of income. "
        "If a family earned 10% more, it might move up. "
        "Graduates earned 1.67 times as much in 2010, up from 1.59 times as much in 1995, according to U.S. Census data.\n"
    )
    ex = extract(text, doc_id="inequality")
    by = {d.printed: d for d in ex.drafts if d.kind == "quantity"}
    assert by["3.2%"].role == "sourced"  # an example drawn from data, dated
    assert by["10%"].role == "hypothetical"
    assert by["1.59 times"].attributed == "U.S. Census data"


def test_an_angle_of_geometry_is_common_knowledge():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Lorenz\n\n*Textbook, 2017*\n\n## Curves\n\n"
        "Every Lorenz curve diagram begins with a line sloping up at a 45-degree angle. "
        "The top quintile received 51% of all income.\n"
    )
    ex = extract(text, doc_id="lorenz")
    roles = {d.printed: d.role for d in ex.drafts if d.kind == "quantity"}
    assert roles == {"45-degree": "commonKnowledge", "51%": "sourced"}


def test_a_note_names_a_crs_products_author_a_body_by_its_acronym_and_a_linked_author():
    from forcedmig_kb.extraction.note_sources import note_references

    notes = {
        "36": (
            1,
            'U.S. Department of Justice (DOJ), "Sinaloa Governor Indicted," February 3, 2026. See CRS In '
            "Focus IF12976, *1944 U.S.-Mexico Water Treaty*, by Charles V. Stern, Elena H. Humphreys.",
        ),
        "45": (2, "DOJ, *Governor of Sinaloa*."),
        "80": (3, "[Adam Isacson et al.](https://www.wola.org/x), *Banished to the South*, WOLA, May 2026."),
    }
    refs = note_references(notes)
    by = {(r.label, r.authors[0].family): r for r in refs}
    assert by[("36", "U.S. Department of Justice")].year == 2026  # the body; its acronym its short name
    assert by[("36", "U.S. Department of Justice")].short_author == "DOJ"
    assert by[("36", "Stern")].authors[0].given == "Charles V."  # the author, not the series 'CRS In Focus'
    assert by[("45", "U.S. Department of Justice")].short_author == "DOJ"  # the acronym, named in full before
    assert by[("80", "Isacson")].year == 2026  # the link's words, not its markup; a person by family name


def test_according_to_a_body_without_a_year_is_a_source_named_in_prose_not_a_misdated_citation():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Aid\n\n*Report, 2026*\n\n## Refugees\n\n"
        "According to UNHCR, donors have met 19% of its financial requirements for Mexico.[1]\n\n"
        "## Notes\n\n[^1]: UNHCR, *Mexico Operational Update*, July 2026.\n"
    )
    ex = extract(text, doc_id="aid")
    assert all(c.found.kind != "attribution" for c in ex.citations)
    (d,) = [d for d in ex.drafts if d.kind == "quantity"]
    assert d.citation is not None or d.attributed == "UNHCR"


@pytest.mark.parametrize(
    "text, kept",
    [
        ("the ratio of workers to beneficiaries was 16.5 to 1.", [("16.5 to 1", 16.5, "UNITLESS")]),
        ("a 3:1 ratio", [("3:1", 3.0, "UNITLESS")]),
        ("it fell from 5 to 1 percent", [("5", 5.0, "PERCENT"), ("1 percent", 1.0, "PERCENT")]),
        ("costs hundreds of billions of dollars each year", [("hundreds of billions", 2e11, "USD")]),
        ("a very robust K–12 public education system", []),
    ],
)
def test_ratios_to_one_vague_money_and_school_grades(text, kept):
    assert figures(text) == kept


def test_a_requirement_is_a_threshold_and_a_note_dated_after_its_title_is_published_by_its_site():
    from forcedmig_kb.extraction.note_sources import note_references
    from forcedmig_kb.extraction.roles import figure_role

    text = "Workers must demonstrate that the injury will last at least twelve months."
    start = text.index("at least")
    draft = type("D", (), {"start": start, "end": start + 22, "citation": None, "quantity": None})()
    assert figure_role(text, (0, len(text)), draft) == "hypothetical"
    (ref,) = note_references(
        {
            "13": (
                1,
                "“An Update to the Budget and Economic Outlook,” 27 August 2014. https://www.cbo.gov/publication/45653 (March 1, 2016).",
            )
        }
    )
    assert (ref.authors[0].family, ref.year) == ("cbo.gov", 2014)


def test_a_list_set_out_in_clauses_is_covered_by_the_note_after_its_clauses():
    from forcedmig_kb.extraction.drafting import extract
    from forcedmig_kb.extraction.note_sources import note_references

    url = "https://www.everycrsreport.com/files/R2.html"
    text = (
        "# DHS\n\n*Report, 2026*\n\n## Funding\n\nComponent-specific funding was provided for\n\n"
        "**Federal Emergency Management Agency (FEMA)—$12.88 billion, including**\n\n"
        "* $0.5 billion for State and local capabilities;\n"
        "* $0.63 billion for security costs related to the 2026 FIFA World Cup;\n"
        f"* $0.45 billion for the Operation Stonegarden Grant Program;[15]({url}#fn15) and\n"
        f"* $10 billion for a State Border Security Reinforcement Fund.[17]({url}#fn17)\n\n"
        "## Footnotes\n\n|  |  |\n| --- | --- |\n"
        f"| [15]({url}#ifn15). | P.L. 119-21, Section 90005. |\n"
        f"| [17]({url}#ifn17). | See <https://www.appropriations.senate.gov/news/bill-text>. |\n"
    )
    ex = extract(text, doc_id="dhs")
    cited = {d.printed: d.citation.found.as_printed if d.citation else None for d in ex.drafts if d.kind == "quantity"}
    assert cited == {
        "$12.88 billion": "15",
        "$0.5 billion": "15",
        "$0.63 billion": "15",
        "$0.45 billion": "15",
        "$10 billion": "17",
    }
    by_label = {r.label: r for r in ex.references}
    assert by_label["15"].authors[0].family == "P.L. 119-21"  # a law is a source
    (code,) = note_references({"10": (1, "INA, §244 (8 U.S.C. §1254a).")})
    assert code.authors[0].family == "INA"  # so is a section of a code
    assert by_label["17"].fields["url"].startswith("https://www.appropriations.senate.gov")  # <...> is an address


def test_a_law_named_in_prose_covers_the_sentences_that_take_it_up():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# DHS\n\n*Report, 2026*\n\n## Reconciliation\n\n"
        "The President signed the FY2025 reconciliation package into law (P.L. 119-21) on July 4, 2025. "
        "The law included $191.02 billion in mandatory budget authority for DHS. "
        "This included $168.96 billion for six DHS components. "
        "In total, about 40,000 officers were hired.\n\n"
        "## Background\n\nThe department grew quickly (Painter 2025).\n\n"
        "## References\n\nPainter, William L. 2025. DHS Appropriations. Washington: CRS.\n"
    )
    ex = extract(text, doc_id="dhs")  # a text that cites: a source named in prose does not run on unasked
    by = {d.printed: d for d in ex.drafts if d.kind == "quantity"}
    assert by["$191.02 billion"].attributed == "P.L. 119-21"
    assert by["$168.96 billion"].attributed == "P.L. 119-21"
    assert by["about 40,000"].attributed is None  # the run ended: the sentence does not take the law up


def test_a_short_form_note_stands_for_the_work_a_note_before_gave_in_full():
    from forcedmig_kb.extraction.note_sources import note_references

    refs = note_references(
        {
            "6": (
                1,
                "Randall W. Stone, “The Scope of IMF Conditionality,” *International Organization* 62, no. 4 "
                "(October 2008): 589–620.",
            ),
            "8": (2, "Stone, “The Scope of IMF Conditionality.”"),
            "9": (3, "Rolfe and Burtle, *The Great Wheel*."),
        }
    )
    by = {r.label: r for r in refs}
    assert (by["8"].authors[0].family, by["8"].year) == (by["6"].authors[0].family, 2008)
    assert by["9"].title == "The Great Wheel"


def test_a_figure_in_a_notes_style_takes_the_next_marker_of_its_paragraph():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Bank\n\n*Textbook, 2022*\n\n## Poverty\n\n"
        "In the 1970s, about 780 million people were living in extreme poverty. "
        "In a speech in 1973, McNamara described this condition as absolute poverty.[^14] "
        "The Bank turned its focus to helping the poor.[^15]\n\n"
        "## Notes\n\n[^14]: N. Birdsall, “Population Growth and Poverty,” *Population Bulletin* 35 (December 1980).\n\n"
        "[^15]: The World Bank, “Explore History,” https://www.worldbank.org/en/about/history.\n"
    )
    ex = extract(text, doc_id="bank")
    (d,) = [d for d in ex.drafts if d.kind == "quantity" and d.printed == "about 780 million"]
    assert d.citation.found.as_printed == "14"  # the note after it, not the one that closes the paragraph


def test_a_number_that_ends_a_quoted_name_is_no_figure():
    assert figures("the committee named it “severe acute respiratory syndrome coronavirus 2” (SARS-CoV-2).") == []


def test_pdf_notes_after_a_year_glued_to_a_word_or_a_percent_and_ibid():
    from forcedmig_kb.extraction.note_sources import note_references
    from forcedmig_kb.extraction.notes import find_markers, find_notes

    text = (
        "The average pending time was 933 days as of October 2021.89 Concerns include due process,90 and\n"
        "workloads. CBP's budget increased 23%.93 Judges have cases on their dockets103 and more.\n"
        "Completions were the lowest since FY1994,107 despite hires.\n\n"
        "89 TRAC, “Immigration Court Backlog Tool,” at https://trac.syr.edu/phptools/immigration/.\n"
        "90 American Bar Association Commission on Immigration, *Reforming the Immigration System*, March 2019.\n\n"
        "93 DHS, *Budget-in-Brief: Fiscal Year 2022*.\n\n"
        "103 EOIR, “Adjudication Statistics,” October 19, 2021.\n\n"
        "107 Ibid., p. 6.\n"
    )
    notes = find_notes(text)
    assert sorted(notes, key=int) == ["89", "90", "93", "103", "107"]  # 89 is glued after a year
    labels = {r.label for r in note_references(notes)}
    assert {"89", "93", "103", "107"} <= labels  # 'Ibid.' names the note before's source
    body = text.split("\n\n")[0]
    assert [c.as_printed for c in find_markers(body, labels)] == ["89", "90", "93", "103", "107"]


@pytest.mark.parametrize(
    "text, kept",
    [
        ("the stock market lost almost one-half its value in 1929", [("almost one-half", 50.0, "PERCENT")]),
        ("approximately one-third of judges are eligible to retire", [("approximately one-third", 33.33, "PERCENT")]),
        ("in the first half of 2019", []),
    ],
)
def test_hyphenated_fractions_and_a_share_of_its_whole(text, kept):
    assert figures(text) == kept


def test_a_note_that_opens_with_see_for_example_names_its_source():
    from forcedmig_kb.extraction.note_sources import note_references

    (ref,) = note_references(
        {
            "6": (
                1,
                "See, for example, U.S. Congress, House Committee on the Judiciary, *Temporary Safe Haven Act of "
                "1987*, hearing, 100th Cong., 1st sess., October 28, 1987.",
            )
        }
    )
    assert (ref.authors[0].family, ref.year) == ("U.S. Congress", 1987)


def test_a_notes_comment_before_its_sources_is_no_source_and_persons_are_named_by_family():
    from forcedmig_kb.extraction.note_sources import note_references

    notes = {
        "20": (
            1,
            "Approximately 15 nationalities received EVD between 1960 and 1990. See Lynda J. Oswald, “Extended "
            "Voluntary Departure: Limiting Discretion,” *Michigan Law Review*, vol. 85 (1986); Bill Frelick and "
            "Barbara Kohnen, “Filling the Gap,” *Journal of Refugee Studies*, vol. 8 (1995), pp. 339-63.",
        ),
        "22": (
            2,
            "Leibowitz, “Section 5.05,” 1983, p. 156. For discussion of debates, see Oswald, “Extended Voluntary Departure.”",
        ),
        "30": (
            3,
            "Rep. McCollum, remarks, *Congressional Record*, vol. 135 (October 25, 1989); and “Congress Approves "
            "Reform,” *Interpreter Releases*, vol. 67 (October 29, 1990).",
        ),
        "34": (4, "See CRS Report RS20844, *Temporary Protected Status*. A copy is available at https://x.gov/a."),
        "35": (
            5,
            "Miami (128,449 pending cases), New York (113,664). TRAC, “Immigration Court Backlog Tool,” at https://trac.syr.edu/.",
        ),
        "36": (6, "GAO, *Immigration Courts*, GAO-17-438, June 2017."),
    }
    refs = note_references(notes, text="the U.S. Government Accountability Office (GAO) found")
    got = [(r.label, r.authors[0].family, r.year) for r in refs]
    assert got == [
        ("20", "Oswald", 1986),
        ("20", "Frelick", 1995),
        ("22", "Leibowitz", 1983),
        ("22", "Oswald", 1986),  # the short form stands for note 20's work
        ("30", "McCollum", 1989),
        ("30", "Interpreter Releases", 1990),
        ("34", "CRS", None),  # the body of a numbered series; the sentence with the address is no source
        ("35", "TRAC", None),  # the note's own figures before its source are no source
        ("36", "U.S. Government Accountability Office", 2017),
    ]


def test_figures_a_note_states_before_its_sources_rest_on_them_and_those_after_do_not():
    from forcedmig_kb.extraction.drafting import extract

    url = "https://www.everycrsreport.com/files/R1.html"
    text = (
        "# Courts\n\n*Report, 2022*\n\n## Backlog\n\n"
        f"Ten courts held 47% of all pending cases.[1]({url}#fn1) Wuhan is a dense city.[2]({url}#fn2)\n\n"
        "## Footnotes\n\n|  |  |\n| --- | --- |\n"
        f"| [1]({url}#ifn1). | Miami (128,449 pending cases), Boston (87,474). TRAC, “Immigration Court Backlog "
        "Tool,” at https://trac.syr.edu/tool/. |\n"
        f"| [2]({url}#ifn2). | Wuhan Bureau of Statistics, “Yearbook,” 2018, https://tjj.gov.cn/y.pdf. Manhattan’s "
        "density is 25,846 per square kilometer. |\n"
    )
    ex = extract(text, doc_id="courts")
    d = {x.printed: x for x in ex.drafts if x.kind == "quantity"}
    assert d["128,449"].citation is not None and d["128,449"].citation.as_printed == "1"
    assert d["87,474"].citation is d["128,449"].citation
    assert d["25,846 per square kilometer"].citation is None  # the author's comment after the note's source


def test_figures_a_paragraph_reads_from_the_texts_own_table_are_attributed_to_it():
    text = (
        "Table 3 shows the projections by component. Even without the Secret Service, the total rose to "
        "$109.75 billion.\n\nThe total rose to $12 billion."
    )
    d = by_print(text)
    assert d["$109.75 billion"].attributed == "Table 3" and d["$109.75 billion"].role == "sourced"
    assert d["$12 billion"].attributed is None  # no table named in its paragraph


def test_a_group_named_by_its_share_of_a_distribution_is_no_figure():
    assert figures("The first quintile is the lowest fifth or 20%, the next is the second.") == []


def test_a_bill_named_in_parentheses_attributes_and_a_figure_of_those_before_takes_their_source():
    d = by_print(
        "An appropriations bill passed by the House (H.R. 8595) would make $1.8 billion available.\n\n"
        "Four appropriations received $6.1 billion (GAO 2021). $1.02 billion of those appropriations came later."
    )
    assert d["$1.8 billion"].attributed == "H.R. 8595"
    assert d["$1.02 billion"].citation is d["$6.1 billion"].citation is not None


def test_a_figure_beside_a_link_to_the_texts_own_chart_is_read_from_the_chart_not_from_the_site():
    d = by_print(
        "Over the years, 28 countries have been designated for protection (see [**Figure 1**](https://crs.gov/r.html#_Ref2)). "
        "Most were designated twice."
    )
    assert (d["28"].attributed, d["28"].role) == ("Figure 1", "sourced")


def test_a_comment_note_that_names_the_report_it_rests_on_cites_it():
    from forcedmig_kb.extraction.note_sources import note_references

    note = "CBO's estimates may change. This analysis uses CBO's estimates as reflected in H.Rept. 118-553."
    assert [r.authors[0].family for r in note_references({"3": (1, note)})] == ["H.Rept. 118-553"]


def test_a_figure_to_date_is_about_a_period_that_ends_in_the_texts_year():
    from forcedmig_kb.extraction.drafting import extract

    text = "# TPS\n\n*Report, 2026*\n\n## Length\n\nThe average length of designations to date is about nine years.\n"
    (d,) = [d for d in extract(text, doc_id="tps").drafts if d.kind == "quantity"]
    assert (d.period.start, d.period.end, d.basis) == (None, "2026", "periodImpliedByText")


def test_a_citation_printed_as_a_link_to_the_work_is_parsed_and_its_file_size_is_no_figure():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Moves\n\n*Bulletin, 2014*\n\n## Totals\n\n"
        "Net outflows fell to 6,400 in the housing market ( [Campos et al., 2011 (395.6 Kb Pdf)]"
        '(http://www.ons.gov.uk/ons/rel/regional-trends/impact-of-the-recession.pdf "Impact of the recession") ). '
        "It is not known whether the forthcoming (September 2014) referendum will matter.\n\n"
        "## References\n\nCampos C, Dent A, Fry R and Reid A (2011): [Impact of the recession (395.6 Kb Pdf)]"
        "(http://www.ons.gov.uk/ons/rel/regional-trends/impact-of-the-recession.pdf).\n"
    )
    ex = extract(text, doc_id="moves")
    assert [c.as_printed for c in ex.citations] == ["Campos et al., 2011"]
    assert [d.printed for d in ex.drafts if d.kind == "quantity"] == ["6,400"]
    (six,) = [d for d in ex.drafts if d.kind == "quantity"]
    assert six.citation is not None and len(six.exact) <= 300


def test_a_hedge_before_a_figure_is_no_forecast():
    from forcedmig_kb.extraction.roles import states_forecast

    s = "The dominant factor is likely to be that more females attend: in 2012/13 56% were female."
    at = s.index("56%")
    assert not states_forecast(s, (0, len(s)), at, at + 3)
    s = "Most predictions suggest that by 2033 the fund will be depleted."
    assert states_forecast(s, (0, len(s)), s.index("2033"), s.index("2033") + 4)


@pytest.mark.parametrize(
    "text, kept",
    [
        ("The age with the highest proportion of movers was 19.", [("19", 19.0, "YR")]),
        ("Respondents had an overall average age of approximately 31.", [("approximately 31", 31.0, "YR")]),
        ("The premium is in column 3, while column 4 reports differences.", []),
        ("Respondents demand a 20-percentage point higher premium.", [("20-percentage point", 20.0, "PERCENT")]),
        (
            "The discount is 90% (or a negative 90 percent premium).",
            [("90%", 90.0, "PERCENT"), ("negative 90 percent", -90.0, "PERCENT")],
        ),
    ],
)
def test_ages_columns_hyphenated_points_and_negative_words(text, kept):
    assert figures(text) == kept


def test_the_authors_own_fieldwork_is_no_dated_event_even_under_a_note():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Survey\n\n*Working paper, 2025*\n\n## Data\n\n"
        "Our analysis uses a phone survey of young workers that we conducted between January and April 2024.[^1] "
        "The coup happened in February 2021.[^1]\n\n[^1]: Survey firm, *Panel description*, 2019.\n"
    )
    events = [d.printed for d in extract(text, doc_id="s").drafts if d.kind == "event"]
    assert events == ["in February 2021"]


def test_a_narrative_citation_that_reports_a_finding_covers_its_contrast():
    d = by_print(
        "Cortes (2004) finds that while refugees initially earn less, they catch up after a period of 10 years. "
        "Some 3 million fled (Agency, 2017), while roughly 2 million others stayed."
    )
    assert d["10 years"].citation is not None and d["10 years"].citation.as_printed == "Cortes (2004)"
    assert d["roughly 2 million"].citation is None


def test_a_short_paragraph_that_ends_with_a_note_marker_is_prose_not_a_heading():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Courts\n\n*Report, 2022*\n\n## Backlog\n\nTen courts held 47% of all pending cases.[^1] Wuhan is dense.[^2]\n\n"
        "[^1]: TRAC, “Immigration Court Backlog Tool,” at https://trac.syr.edu/tool/.\n\n[^2]: Bureau, “Yearbook,” 2018.\n"
    )
    ex = extract(text, doc_id="c")
    assert [s.title for s in ex.document.sections] == ["Backlog"]
    assert [d.printed for d in ex.drafts if d.kind == "quantity"] == ["Ten", "47%"]


@pytest.mark.parametrize(
    "body, printed, source",
    [
        (
            "In 2025, one conflict monitoring organisation reported around 19,000 deaths.",
            "around 19,000",
            "one conflict monitoring organisation",
        ),
        ("Other research teams put the toll at more than 70,000.", "more than 70,000", "Other research teams"),
        ("ACLED, a global conflict monitoring organisation, reported around 19,000 deaths.", "around 19,000", "ACLED"),
        (
            "Yale’s Humanitarian Research Lab estimates that at least 60,000 people were killed.",
            "at least 60,000",
            "Yale’s Humanitarian Research Lab",
        ),
        (
            "The Uppsala Conflict Data Program’s estimate of 60,000 killed draws on reports.",
            "60,000",
            "The Uppsala Conflict Data Program",
        ),
    ],
)
def test_a_body_named_in_prose_in_the_forms_news_uses_attributes_its_figure(body, printed, source):
    assert by_print(body)[printed].attributed == source


def test_a_thing_reported_is_no_source_and_generic_analysts_are_no_named_body():
    d = by_print("ACLED, on the other hand, reports a single fatality number. About 34 million people need aid.")
    assert d["About 34 million"].attributed is None
    d = by_print("Analysts estimate that this labour may make up 10 percent of the economy.")
    assert d["10 percent"].attributed is None


def test_a_law_a_note_cites_is_dated_by_the_sentence_of_the_text_that_says_when_it_was_enacted():
    from forcedmig_kb.extraction.note_sources import note_references

    text = "The President signed the FY2025 reconciliation package into law (P.L. 119-21 ) on July 4, 2025."
    refs = note_references({"5": (1, "P.L. 119-21, Section 90001."), "6": (2, "P.L. 118-47, Section 3.")}, text=text)
    assert [(r.authors[0].family, r.year) for r in refs] == [("P.L. 119-21", 2025), ("P.L. 118-47", None)]


def test_a_comment_note_that_grounds_its_statement_on_a_law_cites_the_law_but_a_list_of_bills_cites_nothing():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Protection\n\n*Report, 2026*\n\n## History\n\n"
        "Most of the authority moved to the Secretary.[1] Several resolutions were introduced.[2]\n\n"
        "## Notes\n\n"
        "[^1]: When TPS was enacted in 1990, it fell to the Attorney General. With the creation of DHS in 2002 "
        "(P.L. 107-296), most of that authority transferred to the Secretary.\n\n"
        "[^2]: They include H.R. 6405, H.R. 6471, and S.Res. 497.\n"
    )
    ex = extract(text, doc_id="tps")
    by_marker = {c.as_printed: [m.entry for m in c.matches] for c in ex.citations}
    (law,) = by_marker["1"]
    assert (law.authors[0].family, law.year) == ("P.L. 107-296", 2002)
    assert "2" not in by_marker


def test_a_relative_clause_after_a_figure_dates_it_when_nothing_else_does():
    text = (
        "# War\n\n*News, 2026*\n\n"
        "ACLED, a monitoring organisation, reported around 19,000 deaths, which it describes as a minimum count "
        "of deaths in Sudan in 2025. An estimated 14 million people have now been displaced, according to 2019 "
        "figures. The UK saw a net gain of 311,000 migrants in the year to June 2016, which dropped to a net gain "
        "of 212,000 migrants in the year to June 2019. In December 1945, 15 countries engaged in talks to move "
        "away from protectionist policies, which had been the norm since the early 1930s.\n"
    )
    periods = {p: d.period for p, d in figures_of(text).items()}
    assert (periods["around 19,000"].start, periods["around 19,000"].end) == ("2025", "2025")
    assert periods["An estimated 14 million"].end == "2019"  # 'now', but the data are of 2019
    assert periods["311,000"].end == "2016-06" and periods["212,000"].end == "2019-06"  # each its own
    assert periods["15"].start == "1945-12"  # the head's date, not the relative clause's 1930s


def test_latex_superscript_markers_end_sentences_and_point_at_endnotes_listed_under_their_heading():
    from forcedmig_kb.extraction.document import read_document
    from forcedmig_kb.extraction.notes import markers_in

    text = (
        "# Paper\n\n## 1 | Data\n\nWe collect 41 studies (Table A1).^{1} The mean is 13.3.^{2} Consistent with "
        "Peri (2012), it is small, and $\\sigma^{2}$ is a square.\n\n## ENDNOTES\n\n"
        "1. The list is in the appendix.\n2. The counts sum to more than 41 because three studies use both.\n\n"
        "## 2 | Results\n\n1. A numbered item that is no note.\n"
    )
    assert markers_in(text) == {"1", "2"}
    notes = read_document(text).notes
    assert sorted(notes) == ["1", "2"] and notes["2"][1].startswith("The counts sum")


def test_test_levels_and_the_change_put_in_to_read_an_effect_are_no_claims_about_the_world():

    text = (
        "# Paper\n\n*Working paper, 2026*\n\n## Results\n\n"
        "We apply winsorization at the 1%, 2.5%, and 5% levels. The estimate is significant at the 5% level. "
        "With this elasticity, a 10% increase in immigrant labor lowers relative wages by about 0.77%.\n"
    )
    roles = [(d.printed, d.role) for d in figure_drafts(text)]
    assert [r for p, r in roles if p in ("1%", "2.5%", "5%", "10%")] == ["hypothetical"] * 5


def test_a_figure_printed_again_after_the_text_gave_it_as_its_own_result_is_its_own_result():

    text = (
        "# Paper\n\n*Working paper, 2026*\n\n## Data\n\n"
        "In our search we collected 1,091 estimates of the elasticity.\n\n"
        "## Discussion\n\nUnlike Table B1, Table 1 covers all 1,091 collected estimates.\n"
    )
    roles = [d.role for d in figure_drafts(text)]
    assert roles == ["ownResult", "ownResult"]


def test_a_paragraph_that_says_we_found_that_gives_its_uncited_figures_as_the_texts_own():

    text = (
        "# Costs\n\n*Article, 2014*\n\n## Abstract\n\n"
        "We found that retracted papers accounted for approximately $58 million in direct funding. Each of "
        "these articles accounted for a mean of $392,582 in direct costs.\n\n"
        "## Introduction\n\nThe budget of the agency was $451.8 billion.\n"
    )
    roles = {p: d.role for p, d in figures_of(text).items()}
    assert roles["approximately $58 million"] == roles["$392,582"] == "ownResult"
    assert roles["$451.8 billion"] == "sourced"


def test_a_decline_named_after_two_counts_set_against_each_other_is_recomputed_from_them():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Output\n\n*Article, 2014*\n\n## Results\n\n"
        "A total of 256 publications by 54 authors were identified in the pre-report period (median 1.0 per "
        "year), but only 78 in the post-report period (median 0 per year), a 59.5% decline.\n"
    )
    (d,) = [d for d in extract(text, doc_id="o").drafts if d.operation == "decline"]
    assert [(i.flow.text[i.start : i.end], role) for i, role in d.inputs] == [
        ("78", "numerator"),
        ("256", "denominator"),
    ]


def test_parts_named_with_of_which_belong_to_the_figure_before_them_and_add_up_to_it():

    text = (
        "# Budget\n\n*Report, 2026*\n\n## Request\n\n"
        "The request included $117.4 billion in budget authority, $63.6 billion of which was discretionary, and "
        "$43.8 billion of which was mandatory. Costs in 2020 were about $627 billion, about $405 billion of which "
        "(nearly 80 percent) was paid by the federal government.\n"
    )
    by = figures_of(text)
    whole = by["$117.4 billion"]
    assert by["$63.6 billion"].part_of is whole and by["$43.8 billion"].part_of is whole
    assert whole.operation == "sum" and len(whole.inputs) == 2
    share = by["nearly 80 percent"]
    assert share.operation == "share" and [i for i, _ in share.inputs] == [
        by["about $405 billion"],
        by["about $627 billion"],
    ]


def test_a_net_flow_after_the_two_flows_it_nets_is_their_difference():

    text = (
        "# Moves\n\n*Bulletin, 2014*\n\n## Moves\n\n"
        "53,200 people moved from England and Wales to Scotland; 46,800 moved from Scotland to England and "
        "Wales. This means there was a net internal migration loss for England and Wales of 8,400 people. "
        "The population was 56 million and 1.2 million were aged over 85. A net gain of 300 was recorded.\n"
    )
    by = figures_of(text)
    net = by["8,400"]
    assert net.operation == "difference"
    assert [(i.flow.text[i.start : i.end], r) for i, r in net.inputs] == [
        ("53,200", "addend"),
        ("46,800", "subtrahend"),
    ]
    assert by["300"].operation is None  # no flows before it: a population and a count of the old are none


def test_a_count_set_beside_its_share_of_a_whole_printed_after_it_is_a_part_of_that_whole():

    text = "# Aid\n\n*News, 2026*\n\nMore than 34 million people – over half the country’s population of 30 million – need aid.\n"
    by = figures_of(text)
    assert by["More than 34 million"].part_of is by["30 million"]
    assert by["over half"].operation == "share"


@pytest.mark.parametrize(
    "text, printed",
    [
        ("more than half of all men over 40 have difficulties", ["more than half"]),
        ("only 1% of men 50–65 years of age had a complete inability", ["1%"]),
        ("whereas 67% of 70 year olds were impotent", ["67%"]),
        ("Only 20% of Japanese men 40 to 79 years of age reported worry", ["20%"]),
        ("the largest increase was among men between 18 and 45", []),
        ("people from 28 countries have been granted TPS", ["28"]),
    ],
)
def test_an_age_that_names_a_group_of_persons_is_no_figure(text, printed):
    assert [p for p, _, _ in figures(text)] == printed


@pytest.mark.parametrize(
    "text, source",
    [
        ("Pfizer's statement that “more than half of all men over 40 have difficulties” is wrong.", "Pfizer"),
        ("This rate is far short of the “more than 80% of men” that Pfizer trumpets.", "Pfizer"),
        ("The 80% success rate that Pfizer quotes for Viagra is important.", "Pfizer"),
    ],
)
def test_a_figure_a_body_puts_about_is_attributed_to_it(text, source):
    from forcedmig_kb.extraction.prose_sources import find_prose_attribution

    assert find_prose_attribution(text, 0, len(text)).as_printed == source


def test_a_contrast_ends_the_parts_that_including_opens():

    text = (
        "# Study\n\n*Essay, 2006*\n\nIn the MMAS, 40% of 40-year-old men had ED, including 17% who were only "
        "minimally impotent, whereas 67% of 70 year olds were impotent. It concerns those over 40 years of age.\n"
    )
    by = figures_of(text)
    assert sorted(by) == ["17%", "40%", "67%"]
    assert by["17%"].part_of is by["40%"] and by["67%"].part_of is None


def test_a_note_in_short_form_names_its_author_without_the_year():
    from forcedmig_kb.extraction.note_sources import note_references

    refs = note_references({"109": (1, "GAO 2017, p. 24."), "112": (2, "Tabbador 2020. See also GAO 2017.")})
    assert [(r.label, r.authors[0].family, r.year) for r in refs] == [
        ("109", "GAO", 2017),
        ("112", "Tabbador", 2020),
        ("112", "GAO", 2017),
    ]


def test_a_notes_lead_and_a_heading_marker_name_and_cite_the_source_of_a_chart():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Child mortality\n\n*Entry, 2018*\n\n## Decline\n\nIn 1990 12.6 million children died.[^1]\n\n"
        "###### Subadults in samples of fossil hominids – Chamberlain (2006)[^2]\n\nMost died young.[^3]\n\n## Notes\n\n"
        "[^1]: These are the estimates from the Global Burden of Disease 2013 study.\n\n"
        "[^2]: This is taken from Andrew T. Chamberlain (2006) – [Demography in Archaeology](http://x.org/d). "
        "Cambridge University Press. The original sources of the data are: Hadar: Johanson et al., 1982; Brain, 1981.\n\n"
        "[^3]: The data shown in this graph are obtained from [Gapminder.org](http://www.gapminder.org).\n"
    )
    ex = extract(text, doc_id="cm")
    assert sorted((r.label, r.authors[0].family, r.year) for r in ex.references) == [
        ("1", "Global Burden of Disease 2013 study", 2013),
        ("2", "Chamberlain", 2006),
        ("3", "Gapminder.org", None),
    ]
    assert sorted(c.as_printed for c in ex.citations) == ["1", "2", "3"]  # '[^2]' in the chart's heading too


def test_a_figure_said_of_today_takes_no_date_its_clause_gives_another():

    text = (
        "# Decline\n\n*Entry, 2018*\n\nGlobally child mortality has declined from 23% in 1950 to 4.5% today. "
        "The rate was 43.3% in 1800 and now fell to 3.4%.\n"
    )
    periods = {p: d.period for p, d in figures_of(text).items()}
    assert periods["23%"].start == "1950" and periods["43.3%"].start == "1800"
    assert periods["4.5%"] is None and periods["3.4%"] is None


def test_a_section_named_empirical_reports_own_work_only_when_it_names_an_analysis():
    from forcedmig_kb.extraction.roles import reports_own_work

    assert reports_own_work("4 Empirical strategy / 4.1 Data", 0, 10)
    assert reports_own_work("Empirical results", 1, 10)
    assert not reports_own_work("Empirical View / Global decline of child mortality", 0, 10)


@pytest.mark.parametrize(
    "text",
    [
        "applicants must be between 20 and 45 years of age",
        "a note on the changes (194.6 Kb Pdf) is online",
        "funded by grant n. M21-0002, 101055176",
    ],
)
def test_age_bounds_file_sizes_and_long_identifiers_are_no_figures(text):
    assert figures(text) == []


def test_rainfall_in_millimetres_odds_ratios_p_values_coordinates_and_ages_in_months():
    assert figures("the average monthly rainfall in 2007 was 150 mm") == [("150 mm", 150, "MilliM")]
    assert figures("older animals (OR = 7.3; p<0.001) than animals 0–6 months old") == [("7.3", 7.3, "UNITLESS")]
    assert figures("Zambézia Province is located at (17°0′S; 37°0′E)") == []


@pytest.mark.parametrize(
    "text, kept",
    [
        ("in 18th century Sweden every third child died", [("every third", 0.3333, "FRACTION")]),
        ("Almost every 5th child born in that year died", [("Almost every 5th", 0.2, "FRACTION")]),
        ("every second person in the town was a migrant", [("every second", 0.5, "FRACTION")]),
        ("the survey is repeated every second year", []),
        ("infant mortality is over 30 times greater among them", [("over 30 times", 30.0, "UNITLESS")]),
        ("after a hundredfold decline in child mortality", [("hundredfold", 100.0, "UNITLESS")]),
        ("this was almost double the level of budget authority", [("almost double", 2.0, "UNITLESS")]),
        ("offers of up to 11x the respondents' current wage", [("up to 11x", 11.0, "UNITLESS")]),
        ("students miss half as many days as the others", [("half", 50.0, "PERCENT")]),
        ("a double shift at the plant", []),
    ],
)
def test_every_nth_of_a_group_is_a_share_and_multiples_stated_as_greater_fold_double_or_x(text, kept):
    assert [(p, round(v, 4), u) for p, v, u in figures(text)] == kept


def test_the_united_states_abbreviated_is_not_the_pronoun_us():
    from forcedmig_kb.extraction.roles import figure_role

    def role(text: str, figure: str) -> str:
        start = text.index(figure)
        draft = type("D", (), {"start": start, "end": start + len(figure), "citation": None, "quantity": None})()
        return figure_role(text, (0, len(text)), draft)

    assert role("Pfizer put in place a US$35 million campaign.", "US$35 million") == "sourced"
    assert role("The US delegation proposed a peg of USD 35.00 an ounce.", "USD 35.00") == "sourced"
    assert role("The survey told us that 40 percent had moved.", "40 percent") == "ownResult"


@pytest.mark.parametrize(
    "text, kept",
    [
        (
            "virtually all undocumented men--96 percent--and 62 percent of women",
            [("96 percent", 96.0, "PERCENT"), ("62 percent", 62.0, "PERCENT")],
        ),
        ("a large portion--as much as half, according to a 2004 report", [("as much as half", 50.0, "PERCENT")]),
        ("the wages of the other 39 million low-wage workers", [("39 million", 39_000_000.0, "NUM")]),
        ("more wealth than the other 99%", [("more wealth than the other 99%", 50.0, "PERCENT")]),
        ("the rise of 1990--2000", []),
    ],
)
def test_a_typewriter_dash_is_no_minus_as_much_as_hedges_and_the_other_millions_are_counted(text, kept):
    assert figures(text) == kept


def _attributed(text: str) -> dict:
    return {d.printed: d.attributed for d in figure_drafts(text)}


def test_a_source_named_in_news_reaches_the_next_paragraph_when_the_text_names_several_and_the_end_when_one():
    several = (
        "# Myths\n\nAccording to the Department of Labor, 5 million worked.\n\n"
        "That includes places like Yuma, where 51 died.\n\n"
        "Overall, the country takes in only about 2 percent of all migrants.\n\n"
        "According to a report by the Urban Institute, 96 percent of men work. "
        "The Pew Hispanic Center estimates that 7.2 million were employed.\n"
    )
    found = _attributed(several)
    assert found["5 million"] == "the Department of Labor" and found["51"] == "the Department of Labor"
    assert found["about 2 percent"] is None
    one = several.replace("the Urban Institute", "the Department of Labor").replace(
        "The Pew Hispanic Center estimates that", "Later,"
    )
    assert _attributed(one)["about 2 percent"] == "the Department of Labor"


def test_a_source_that_opens_its_sentence_does_not_cover_the_sentence_before():
    text = (
        "# Taxes\n\nSince 1996, 9.2 million of these numbers have been handed out. "
        "According to the *Los Angeles Times*, last year, 1.2 million people paid taxes.\n"
    )
    found = _attributed(text)
    assert found["9.2 million"] is None and found["1.2 million"] == "the *Los Angeles Times*"


@pytest.mark.parametrize(
    "sentence, source",
    [
        ("The deaths of approximately 4,000 people, according to experts, went unreported.", "experts"),
        ("For the last fiscal year, the Border Patrol reported 473 migrant deaths.", "the Border Patrol"),
        (
            "In 2001, Chair Alan Greenspan testified before Congress that workers pay $547 million in taxes.",
            "Chair Alan Greenspan",
        ),
        ("By 2016, the United Nations (UN) identified 13.5 million as displaced persons.", "the United Nations"),
        (
            "A 2016 report by the World Bank revealed that the influx cost 2.5 billion a year.",
            "A 2016 report by the World Bank",
        ),
        (
            "A Jordanian census carried out in November 2015 showed that there are 1.4 million refugees.",
            "A Jordanian census carried out in November 2015",
        ),
    ],
)
def test_experts_a_body_that_reports_a_number_and_a_testimony_are_sources_named_in_prose(sentence, source):
    from forcedmig_kb.extraction.prose_sources import find_prose_attribution

    assert find_prose_attribution(sentence, 0, len(sentence)).as_printed == source


@pytest.mark.parametrize(
    "text",
    [
        "The most detailed, 4-digit level of the classification",
        "employment data at the 3-digit ISCO level, mapped to ISCO at 4-digits",
        "(4227) survey and market research interviewers",
    ],
)
def test_levels_and_codes_of_a_classification_are_no_figures(text):
    assert figures(text) == []


def test_a_reference_entry_that_opens_with_a_rule_is_by_the_authors_of_the_entry_before():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Jobs\n\n*2023*\n\n## Data\n\nEmployment grew (ILO 2023a) while laws stayed (ILO 1982).\n\n"
        "## References\n\n"
        "ILO. 1982. “Convention C158 - Termination of Employment Convention, 1982 (No. 158).” 1982.\n\n"
        "———. 2023a. “ILO Modelled Estimates (ILOEST Database).” ILOSTAT. 2023.\n"
    )
    ex = extract(text, doc_id="jobs")
    assert [(r.authors[0].family, r.year, r.year_suffix) for r in ex.references] == [
        ("ILO", 1982, ""),
        ("ILO", 2023, "a"),
    ]
    assert all(m.status == "exact" for c in ex.citations for m in c.matches)


def test_a_section_of_estimates_that_cites_little_reports_the_texts_own_estimates():
    from forcedmig_kb.extraction.roles import reports_own_work

    assert reports_own_work("4 Exposed occupations / 4.2. Augmentation vs Automation: global estimate", 1, 8)
    assert reports_own_work("4.1. Augmentation vs Automation: ILO microdata", 0, 5)
    assert not reports_own_work("2. Estimates in the literature", 5, 6)


def test_the_abstract_of_a_study_that_cites_little_states_its_own_results():
    from forcedmig_kb.extraction.roles import reports_own_work

    assert reports_own_work("Serological Evidence of Rift Valley Fever / Abstract", 0, 7)
    assert not reports_own_work("A review of remittance costs / Abstract", 4, 5)
    assert reports_own_work("Wealth and Income, 2010-12 / Key points", 0, 4)
    assert not reports_own_work("Migration in the news / Key points", 3, 4)


@pytest.mark.parametrize(
    "text, kept",
    [
        ("In 1990 7.6 million children died before they were five years old", [("7.6 million", 7_600_000.0, "NUM")]),
        ("the share of children dying before they reach the age of 5", []),
        ("the mean age was 33.5 years", [("33.5 years", 33.5, "YR")]),
    ],
)
def test_an_age_reached_as_a_bound_is_no_figure_and_an_age_stated_is(text, kept):
    assert figures(text) == kept


def test_every_unit_the_extractor_writes_is_declared_in_the_ontology():
    from rdflib import Graph, URIRef

    from forcedmig_kb.extraction.units import CURRENCIES, MEASURES
    from forcedmig_kb.namespaces import CUR, UNIT

    declared = Graph().parse(Path(__file__).resolve().parent.parent / "ontology" / "concepts.ttl")
    written = [UNIT[name] for _, name in MEASURES] + [CUR[code] for code in set(CURRENCIES.values())]
    written += [UNIT[u] for u in ("NUM", "PERCENT", "FRACTION", "UNITLESS", "YR")]
    missing = [str(u) for u in written if (URIRef(u), None, None) not in declared]
    assert missing == []


@pytest.mark.parametrize(
    "text, kept",
    [
        ("accounting for over two-fifths of aggregate wealth", [("over two-fifths", 40.0, "PERCENT")]),
        ("less than a tenth of the aggregate total", [("less than a tenth", 10.0, "PERCENT")]),
        ("in the lowest four income quintiles (10%-12%)", [("10%", 10.0, "PERCENT"), ("12%", 12.0, "PERCENT")]),
        ("rates fell by -2% in the year", [("-2%", -2.0, "PERCENT")]),
        ("Consider income jointly with wealth (Recommendation 4)", []),
    ],
)
def test_fifths_and_tenths_a_range_of_percentages_and_numbered_recommendations(text, kept):
    assert figures(text) == kept


@pytest.mark.parametrize(
    "text, kept",
    [
        ("remittances of 5 billion Canadian dollars", [("5 billion Canadian dollars", 5e9, "CAD")]),
        ("a fee of C$500 a month", [("C$500", 500.0, "CAD")]),
        ("A$20 billion in aid", [("A$20 billion", 2e10, "AUD")]),
        ("the workers were paid 5 Turkish lira a day", [("5 Turkish lira", 5.0, "TRY")]),
        ("3 million yen", [("3 million yen", 3e6, "JPY")]),
        ("It cost $5 billion", [("$5 billion", 5e9, "USD")]),
        ("250 rupees for a day", [("250", 250.0, "NUM")]),
        ("paid around 2–5 Turkish lira a day", [("around 2", 2.0, "TRY"), ("5 Turkish lira", 5.0, "TRY")]),
        ("from 1,000 to 2,000 euros", [("1,000", 1000.0, "EUR"), ("2,000 euros", 2000.0, "EUR")]),
        ("it rose from 5 to 10 in 2010", [("5", 5.0, "NUM"), ("10", 10.0, "NUM")]),
    ],
)
def test_money_in_a_currency_its_name_or_sign_says_and_no_other(text, kept):
    assert figures(text) == kept


@pytest.mark.parametrize(
    "sentence",
    [
        "**Iraq** – As of December 2019, Iraq hosts 245,810 Syrian refugees.",
        "In Iraq, as of December 2019, Iraq hosts 245,810 Syrian refugees.",
        "Iraq hosts 245,810 Syrian refugees, as of December 2019.",
    ],
)
def test_as_of_dates_the_present_tense_figures_of_its_sentence(sentence):
    (d,) = figure_drafts(f"# Iraq\n\n*2023*\n\n{sentence}\n")
    assert (d.period.start, d.period.end) == ("2019-12", "2019-12")


def test_a_link_sources_the_sentence_it_sits_in_and_no_other():
    text = (
        "# Jobs\n\n*2024*\n\nThe economy grew 3.4 percent in the fourth quarter of 2023. "
        "A [study](https://www.mathematica.org/apprenticeship) found that completers earned $240,037 more.\n\n"
        "It has added 848,000 jobs in construction.\n"
    )
    found = _attributed(text)
    assert found["$240,037"] == "mathematica.org"
    assert found["3.4 percent"] is None and found["848,000"] is None


def test_an_ordinal_in_superscript_is_no_figure():
    assert figures("investments in 21<sup>st</sup> century infrastructure") == []


@pytest.mark.parametrize(
    "text, kept",
    [
        ("will create more than a million jobs", [("more than a million", 1e6, "NUM")]),
        ("a half million people were employed in call centres", [("a half million", 5e5, "NUM")]),
        ("half a million people fled", [("half a million", 5e5, "NUM")]),
        ("a billion dollars a year", [("a billion dollars", 1e9, "USD")]),
        ("Poverty has a thousand faces", []),
        ("it happened a million times", []),
    ],
)
def test_a_scale_said_as_a_word_is_a_count(text, kept):
    assert figures(text) == kept


@pytest.mark.parametrize(
    "text, kept",
    [
        ("interviews typically lasted 20 to 25 minutes", [("20", 20.0, "MIN"), ("25 minutes", 25.0, "MIN")]),
        ("respond within 24 to 48 hours", [("24", 24.0, "HR"), ("48 hours", 48.0, "HR")]),
        ("a 10-12% rise", [("10", 10.0, "PERCENT"), ("12%", 12.0, "PERCENT")]),
        ("between 3–5 million people", [("3", 3e6, "NUM"), ("5 million", 5e6, "NUM")]),
        ("in 1990-2000 it rose", []),
        ("pages 12-15", []),
        ("it rose from 5 to 10 in 2010", [("5", 5.0, "NUM"), ("10", 10.0, "NUM")]),
    ],
)
def test_both_ends_of_a_range_are_figures_in_the_unit_printed_after_the_second(text, kept):
    assert figures(text) == kept


def test_a_figure_given_as_anothers_finding_in_a_results_section_rests_on_a_source():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# A paper\n\n*Working paper, 2020*\n\n## 4 Results\n\nThe prevalence was 35.8% in sheep. "
        "A lower prevalence of 24.7% was reported in goats after the 2008 outbreak. "
        "Income from benefits was 14%, below the share estimated elsewhere (16%). It was 0.070 for wards.\n"
    )
    roles = {d.printed: d.role for d in extract(text, doc_id="p").drafts if d.kind == "quantity"}
    assert roles == {
        "35.8%": "ownResult",
        "24.7%": "sourced",
        "14%": "ownResult",
        "16%": "sourced",
        "0.070": "ownResult",
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2010-12, the wealthiest fifth of households owned 62% of wealth.",
        "In 2010–2012, the wealthiest fifth of households owned 62% of wealth.",
        "Today, on 2010-12 data, the wealthiest fifth of households own 62% of wealth.",
    ],
)
def test_a_span_of_years_heading_the_sentence_or_naming_its_data_dates_its_figures(sentence):
    (d,) = [d for d in drafts(f"# Wealth\n\n*2014*\n\n## Shares\n\n{sentence}\n") if d.kind == "quantity"]
    assert (d.period.start, d.period.end) == ("2010", "2012")


def test_a_text_that_only_summarises_is_no_source_of_its_uncited_figures():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Unemployment Insurance\n\n*2026*\n\n## Loans\n\nAs of March 2026, 19 jurisdictions had loans totaling "
        "$34.1 billion.\n\n## Enacted Laws\n\nThis section provides summary information on the single piece of "
        "legislation enacted in this Congress.\n"
    )
    roles = {d.printed: d.role for d in extract(text, doc_id="ui").drafts if d.kind == "quantity"}
    assert roles == {"19": "sourced", "$34.1 billion": "sourced"}


@pytest.mark.parametrize(
    ("sentence", "law"),
    [
        ("Federal law requires that all states' tax apply to at least the first $7,000 of earnings.", "Federal law"),
        ("Under permanent law, FUTA revenue finances 50% of the EB payments.", "permanent law"),
        (
            "States paid a cost-sharing requirement of 25% under Section 408 of the Stafford Act.",
            "Section 408 of the Stafford Act",
        ),
    ],
)
def test_a_rule_of_law_rests_on_the_law_the_sentence_names(sentence, law):
    (d,) = [d for d in drafts(f"## Rules\n\n{sentence}") if d.kind == "quantity"]
    assert d.attributed == law and d.role == "sourced"


def test_a_body_cited_whole_resolves_to_its_entry_read_as_a_name_with_initials():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Giving\n\n*2020*\n\n## Trends\n\nDonations had increased to $22.03 billion (Giving USA 2017).\n\n"
        "## References\n\nGiving USA. 2017. “Total Charitable Donations Rise.” June 12.\n\n"
        "Heiss, Andrew. 2017. “Amicable Contempt.” *Journal of Civil Society* 13 (1): 1–20.\n"
    )
    (cite,) = extract(text, doc_id="g").citations
    assert [(m.status, [r.key for r in m.resolved]) for m in cite.matches] == [("exact", ["g-giving2017"])]


def test_notes_written_after_the_reference_list_are_read_as_notes():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Crackdown\n\n*2020*\n\n## Theory\n\nLaws are enforced selectively in 37 countries (Heiss 2017).[^targeting]\n\n"
        "## References\n\nChaudhry, Suparna. 2016. “The Assault on Democracy Assistance.” Paper.\n\n"
        "Heiss, Andrew. 2017. “Amicable Contempt.” *Journal of Civil Society* 13 (1): 1–20.\n\n"
        "[^targeting]: In practice these laws are enforced against contentious groups (see Chaudhry 2016; Heiss 2017).\n"
    )
    ex = extract(text, doc_id="c")
    assert len(ex.references) == 2
    assert [d.printed for d in ex.drafts if d.kind == "quantity"] == ["37"]  # a paragraph ending in a named marker
    assert [c.found.as_printed for c in ex.citations] == ["Heiss 2017", "see Chaudhry 2016; Heiss 2017"]
    assert [r.key for c in ex.citations[1:] for m in c.matches for r in m.resolved] == ["c-chaudhry2016", "c-heiss2017"]


def test_a_texts_key_findings_heading_opens_a_section_and_is_no_title():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "_Distributional impact of the 2024 Manifesto, in one page._\n\n## Key findings\n\n"
        "1. The plan would increase poverty by 5.8%.\n\n2. It would cut incomes for the bottom tenth by 6.4%.\n\n"
        "## Introduction\n\nThe party released its manifesto on June 11th, 2024.\n"
    )
    ex = extract(text, doc_id="m", year=2024)
    found = [(d.printed, d.section.title, d.role) for d in ex.drafts if d.kind == "quantity"]
    assert found == [("5.8%", "Key findings", "ownResult"), ("6.4%", "Key findings", "ownResult")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Conservatives propose a net spending decrease of £44bn through 2029.",
        "The party committed to a net spending decrease of £2bn through 2030.",
    ],
)
def test_a_partys_plan_rests_on_the_party_and_is_about_a_time_to_come(sentence):
    from forcedmig_kb.extraction.drafting import extract

    from .helpers.checking import rules_of

    ex = extract(f"# Manifesto\n\n*2024*\n\n## Spending\n\n{sentence}\n", doc_id="m", year=2024)
    (d,) = [d for d in ex.drafts if d.kind == "quantity"]
    assert d.attributed is not None and d.attributed.lower().startswith("the") and d.forecast
    assert rules_of(ex) == []


def test_superscript_lists_and_lettered_notes_of_a_journals_xml_resolve():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# HIV knowledge\n\n## Introduction\n\nThe epidemic is concentrated among MSM.<sup>4,6</sup> A national survey "
        "found a prevalence of 14.2%.<sup>2</sup> Knowledge is an indicator.<sup>a</sup> We used IRT.<sup>b</sup>\n\n"
        "## References\n\n"
        "1. AarØ LE, Breivik K. An HIV/AIDS knowledge scale. *AIDS Care.* 2011;23(1):1-5.\n"
        "2. Kerr LRFS, Mota RS. HIV among MSM. *AIDS.* 2013;27(3):427-35. DOI:10.1097/QAD.0b013e32835ad504\n"
        "3. Bock RD, Aitkin M. Marginal maximum likelihood. *Psychometrika.* 1981;46(4):443-59.\n"
        "4. Beyrer C, Baral SD. Global epidemiology of HIV. *Lancet.* 2012;380(9839):367-77.\n"
        "5. Rao D, Pryor JB. Stigma and secrecy. *AIDS Behav.* 2008;12(2):265-71.\n"
        "6. Gondim RC, Kerr LRFS. Risky sexual practices. *Cad Saude Publica.* 2009;25(6):1390-8. "
        "DOI:10.1590/S0102-311X2009000600020\n\n"
        "## Notes\n\n"
        "<sup>a</sup> United Nations General Assembly Special Session on HIV/AIDS. Monitoring the Declaration: "
        "2008 reporting. Geneva; 2008.\n\n"
        "<sup>b</sup> Deng N, Wells C. A confirmatory factor analytic study. In: Paper 31. NERA Proceedings. "
        "Connecticut; 2008. Available from: http://digitalcommons.uconn.edu/nera_2008/31\n"
    )
    ex = extract(text, doc_id="h", year=2014)
    resolved = {
        c.found.as_printed: [(r.authors[0].family, r.year) for m in c.matches for r in m.resolved] for c in ex.citations
    }
    assert resolved == {
        "4,6": [("Beyrer", 2012), ("Gondim", 2009)],
        "2": [("Kerr", 2013)],
        "a": [("United Nations General Assembly Special Session on HIV/AIDS", 2008)],
        "b": [("Deng", 2008)],
    }
    assert [(a.family, a.given) for a in ex.references[0].authors] == [("AarØ", "LE"), ("Breivik", "K")]


def test_a_person_who_told_it_sources_what_follows_in_the_clause_only():
    d = by_print(
        "## Camps\n\nA cleaner, Mahmutcan Ateş, was sentenced in 2016. He also admitted that he paid the children "
        "around 2–5 Turkish lira ($0.70–$1.70) before the assaults, the victims were between ages 8 to 12.\n\n"
        "Later, 40 employees were dismissed."
    )
    assert [d[k].attributed for k in ("around 2", "5 Turkish lira", "$0.70", "$1.70")] == ["He"] * 4
    assert d["12"].attributed is None and d["40"].attributed is None


@pytest.mark.parametrize(
    ("sentence", "units"),
    [
        (
            "Employment was down around 15,000 or 3 per cent (ONS, 2013).",
            {"around 15,000": "NUM", "3 per cent": "PERCENT"},
        ),
        ("It fell by 260 or 1 per cent in Wales (ONS, 2013).", {"260": "NUM", "1 per cent": "PERCENT"}),
        ("Prices rose 2 or 3 per cent (ONS, 2013).", {"2": "PERCENT", "3 per cent": "PERCENT"}),
    ],
)
def test_a_count_and_its_share_joined_by_or_are_no_range(sentence, units):
    assert {k: d.amount.unit for k, d in by_print(sentence).items()} == units


def test_a_confidence_intervals_level_and_bounds_are_no_figures_but_its_estimate_is():
    assert [v for _, v, _ in figures("Sex (OR = 2.72; 95%CI 1.07;6.86) and health (OR = 0.52; 95% CI: 0.32-0.85)")] == [
        2.72,
        0.52,
    ]


def test_a_vancouver_entry_is_dated_by_its_journal_year_and_et_al_needs_no_full_stop():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Depression\n\n## Discussion\n\nAlexopoulos<sup>2</sup> (2005) and Lima et al (2009)<sup>3</sup> found "
        "a prevalence of 48.7%.\n\n## References\n\n"
        "1. Almeida OP. Short versions of the geriatric depression scale. *Int J Geriatr Psychiatry.* 1999;14(10):858-65.\n"
        "2. Alexopoulos GS. Depression in the elderly. *Lancet.* 2005;365(9475):1961-70. DOI:10.1016/S0140-6736(05)66665-2\n"
        "3. Lima MTR, Silva RS. Depression in the elderly. *J Affect Disord.* 2009;28(1):23-32. "
        "DOI:10.1046/j.1532-5415.2002.50259.x\n"
    )
    ex = extract(text, doc_id="d", year=2014)
    assert [(r.authors[0].family, r.year) for r in ex.references] == [
        ("Almeida", 1999),
        ("Alexopoulos", 2005),
        ("Lima", 2009),
    ]
    assert "Lima et al (2009)" in [c.found.as_printed for c in ex.citations]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("It covered older adults in four Brazilian municipalities.", [4]),
        ("In the other cities, three institutions were included.", [3]),
        ("The governor and nine other officials were indicted.", [9]),
        ("There are three reasons for this, two sides of the same coin.", []),
        ("We interviewed three selected states and two resettlement agencies.", [3, 2]),
        ("Representatives of seven of the eight grantees said so.", [7, 8]),
        ("These two institutions were based on it; the four states that served the most.", []),
        ("Two of the largest recipients of government aid are farms.", []),
        ("Six studies used composite indicators; two, ten, and four articles used the census.", [6, 2, 10, 4]),
        (
            "Of the 28 countries designated, 12 are in Africa, seven are in Asia and three are in Europe.",
            [28, 12, 7, 3],
        ),
        ("Eight institutions were selected in Taiwan and eight in Hong Kong.", [8, 8]),
        ("There are three reasons: two in law and one in fact.", []),
    ],
)
def test_places_bodies_and_people_counted_by_a_small_number_word_are_figures(text, values):
    assert [v for _, v, _ in figures(text)] == values


@pytest.mark.parametrize(("years", "period"), [("2010 to 2011", ("2010", "2011")), ("2010 to 2015", None)])
def test_the_texts_own_results_are_about_the_years_its_study_collected_its_data(years, period):
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Depression in care homes\n\n*2014*\n\n## Methods\n\nThis study was based on data from the research "
        f"project, {years}, conducted in ten institutions.\n\n## Results\n\nThe prevalence of depressive symptoms "
        "was 48.7%. Five components accounted for 49.2% of the variance.\n"
    )
    ex = extract(text, doc_id="d", year=2014)
    found = {d.printed: d.period and (d.period.start, d.period.end) for d in ex.drafts if d.kind == "quantity"}
    assert found["48.7%"] == period and found["49.2%"] == period


def test_a_releases_own_figures_are_about_the_period_its_title_names():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Wealth and Income, 2010-12\n\n## Key points\n\n- This bulletin summarises the statistics: the wealthiest "
        "fifth of households held 62% of wealth.\n\n## Income\n\nMedian household income was £32,100 in 2012.\n"
    )
    ex = extract(text, doc_id="w", year=2014)
    found = {
        d.printed: (d.role, d.period and (d.period.start, d.period.end)) for d in ex.drafts if d.kind == "quantity"
    }
    assert found["62%"] == ("ownResult", ("2010", "2012")) and found["£32,100"] == ("ownResult", ("2012", "2012"))


def test_an_own_result_goes_on_with_the_period_of_the_sentence_before_it():
    from forcedmig_kb.extraction.drafting import extract

    from .helpers.checking import rules_of

    text = (
        "# Civil Service Statistics\n\n*2013*\n\n## Employment\n\nThis bulletin summarises the statistics. "
        "At 31 March 2014 there were 448,670 employees. Of these, 53 per cent were women.\n\n"
        "Later, 40 per cent were part-time (Smith 2011).\n\n## References\n\nSmith (2011). Data.\n"
    )
    ex = extract(text, doc_id="c", year=2013)
    found = {d.printed: (d.period and d.period.start[:4], d.basis) for d in ex.drafts if d.kind == "quantity"}
    assert found["53 per cent"] == ("2014", "periodImpliedByText")
    # judged where the year is stated, not again on the result that goes on with it
    assert rules_of(ex).count("period-after-publication") == 1


def test_a_note_marker_between_a_part_and_its_whole_leaves_them_related():
    from forcedmig_kb.extraction.drafting import extract

    from .helpers.checking import rules_of

    text = (
        "# Citizenship\n\n*2021*\n\nA large section of the population (around 11 million $^{1}$ of the country's "
        "9 million population) has no ID cards (ICG 2020).\n\n## References\n\nICG (2020). A report.\n\n"
        "$^{1}$ An estimate.\n"
    )
    ex = extract(text, doc_id="m")
    found = {d.printed: d for d in ex.drafts if d.kind == "quantity"}
    assert found["around 11 million"].part_of is found["9 million"]
    assert "parts-exceed-whole" in rules_of(ex)


def test_a_change_stated_in_the_bases_unit_and_in_percent_is_recomputed_from_the_base():
    d = by_print(
        "In 2013 16,550 people joined the service (Office, 2014). This was up by 4,980 or 32 per cent on 2012, "
        "when 12,570 new employees joined (Office, 2014)."
    )
    assert d["32 per cent"].operation == "share"
    assert [(x.printed, role) for x, role in d["32 per cent"].inputs] == [
        ("4,980", "numerator"),
        ("12,570", "denominator"),
    ]


def test_a_part_given_with_its_share_after_with_is_a_part_and_the_share_is_recomputed():
    d = by_print(
        "There were 15 waves in each city, resulting in 3,859 participants, with 3,746 (92.1%) responding to "
        "the items (Survey, 2010). The city had 500 clinics, with 20 new ones (Survey, 2010)."
    )
    assert d["3,746"].part_of is d["3,859"]
    assert d["92.1%"].operation == "share"
    assert [x.printed for x, _ in d["92.1%"].inputs] == ["3,746", "3,859"]
    assert d["20"].part_of is None  # no share beside it: not said to be a part


@pytest.mark.parametrize(
    ("body", "read_from"),
    [
        (
            "In 1800 43% of newborns died. These estimates are shown in the visualisation below.",
            "the visualisation below",
        ),
        ("The chart shows the rate at four points in time. In 1950 it was 23%.", "The chart"),
        ("In 1800 43% of newborns died. The visualisation below shows something else.", None),
    ],
)
def test_a_figure_read_from_a_chart_the_paragraph_names_is_attributed_to_it(body, read_from):
    assert by_print(body)["43%" if "43%" in body else "23%"].attributed == read_from


def test_pandoc_heading_attributes_are_not_part_of_the_heading():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Wages {#wages}\n\n*2022*\n\nWages rose 4% (Borjas 1994).\n\n# References {#references .unnumbered}\n\n"
        "Borjas, George J. 1994. *Ethnicity, Neighborhoods, and Human Capital Externalities*. NBER.\n"
    )
    ex = extract(text, doc_id="p")
    assert ex.document.title == "Wages"
    assert [r.key for r in ex.references] and all(m.resolved for c in ex.citations for m in c.matches)


def test_a_key_pandoc_found_in_no_bibliography_is_an_unresolved_citation():
    from forcedmig_kb.extraction.drafting import extract

    from .helpers.checking import rules_of

    text = (
        "# Migration\n\n*2022*\n\nNearly 500 municipalities reported such shares (**inepressrelease2022?**). "
        "Wages rose 4% (Borjas 1994).\n\n## References\n\nBorjas, George J. 1994. *Ethnicity*. NBER.\n"
    )
    ex = extract(text, doc_id="k")
    assert "**inepressrelease2022?**" in [c.found.as_printed for c in ex.citations]
    rules = rules_of(ex)
    assert "unresolved-citation" in rules and "uncited" not in rules


def test_the_labels_of_an_enumeration_run_into_a_sentence_are_not_figures():
    assert [v for _, v, _ in figures("The individual 1) was born abroad; 2) was older; and 3) lived there.")] == []
    assert [v for _, v, _ in figures("Of these (n = 3) were excluded.")] == [3]


@pytest.mark.parametrize(("text", "values"), [("in his 1885 address to the society", []), ("1691 respondents", [1691])])
def test_a_year_before_a_singular_noun_is_a_date_not_a_count(text, values):
    assert [v for _, v, _ in figures(text)] == values


def test_a_share_with_its_count_and_whole_in_parentheses_is_recomputed_from_them():
    d = by_print("78.37% of the desired sample size was achieved (15,465 of 17,700) (INE, 2007).")
    assert d["15,465"].part_of is d["17,700"]
    assert d["78.37%"].operation == "share"
    assert [x.printed for x, _ in d["78.37%"].inputs] == ["15,465", "17,700"]


def test_the_marker_of_a_note_that_cites_nothing_is_no_figure_and_a_spaced_marker_closes_its_sentence():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Refugee assistance\n\n*2026*\n\nThe Secretary may parole noncitizens for urgent reasons. [1] Parole is "
        "not a status. DHS paroled about 29,000 Ukrainians outside the process. [2] Most settled in cities.\n\n"
        "**Endnotes**\n\n1 Parole is discretionary and temporary.\n\n2 GAO, *Ukraine Parole*, GAO-25-107535 "
        "(Washington, D.C.: 2025).\n"
    )
    ex = extract(text, doc_id="g", year=2026)
    printed = [d.printed for d in ex.drafts if d.kind == "quantity"]
    assert "1" not in printed and "2" not in printed
    by = {d.printed: d for d in ex.drafts if d.kind == "quantity"}
    assert by["about 29,000"].citation is not None and by["about 29,000"].citation.found.as_printed == "2"


@pytest.mark.parametrize(
    ("note", "family", "year"),
    [
        (
            "ORR guidance authorized virtual services. Department of Health and Human Services, Office of Refugee "
            "Resettlement, _Virtual Refugee Service Delivery_, PL 22-04 (Oct. 25, 2021).",
            "Department of Health and Human Services",
            2021,
        ),
        (
            "Supporters had to reside lawfully. Department of Homeland Security, _Uniting for Ukraine: Fiscal Year "
            "2023 Report to Congress_ (Nov. 4, 2024).",
            "Department of Homeland Security",
            2024,
        ),
        (  # after an address, the date in parentheses is the day it was read
            "“An Update to the Budget and Economic Outlook,” 27 August 2014. https://www.cbo.gov/publication/45653 "
            "(March 1, 2016).",
            None,
            2014,
        ),
    ],
)
def test_a_note_names_a_source_with_an_underscored_title_and_the_date_it_closes_with(note, family, year):
    from forcedmig_kb.extraction.note_sources import note_references

    refs = note_references({"4": (1, note)})
    assert [r.year for r in refs] == [year]
    if family is not None:
        assert refs[0].authors[0].family == family


def test_a_duration_named_once_after_a_pair_is_the_unit_of_both():
    assert figures("life expectancy was 6.9 and 5.5 years less for men and women") == [
        ("6.9", 6.9, "YR"),
        ("5.5 years", 5.5, "YR"),
    ]
    assert figures("children 11 to 19 years old") == []  # an age band


def test_a_remainder_after_a_count_of_its_own_sentence_sums_no_earlier_figures():
    d = by_print(
        "Of the 77 full texts, the study reviewed 24 (Review, 2022). The levels comprised municipalities (n = 6) "
        "and districts (n = 5) (Review, 2022). Six studies used composite indicators; the remaining 18 papers "
        "created their own (Review, 2022)."
    )
    assert d["77"].operation is None


def test_an_uncited_count_of_the_texts_own_corpus_is_its_own_result():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# A scoping review\n\n*2022*\n\n## Results\n\nMortality outcomes comprised cause-specific rates "
        "(n = 19), as shown elsewhere.<sup>4</sup> Most studies were excluded (n = 33).\n\n## References\n\n"
        "4. Smith A. Mortality. Lancet. 2019;3:1-9.\n"
    )
    ex = extract(text, doc_id="r", year=2022)
    roles = {d.printed: d.role for d in ex.drafts if d.kind == "quantity"}
    assert roles["33"] == "ownResult"


def test_a_target_named_by_its_numbers_is_not_a_figure():
    assert figures("countries reached the 90-90-90 goals of 90% who know their status") == [("90%", 90, "PERCENT")]
    assert [p for p, _, _ in figures("rates of 10-12% in 3–5 years")] == ["10", "12%", "3", "5 years"]


def test_a_journals_volume_issue_and_pages_in_a_note_are_not_figures():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# Health\n\n*2018*\n\nSome 38 million people live with HIV.[^1]\n\n"
        '[^1]: Pamela Das and Richard Horton, "Beyond the Silos," _The Lancet_ 392, no. 10144 (July 28, 2018): '
        "260-61.\n"
    )
    printed = [d.printed for d in extract(text, doc_id="n").drafts if d.kind == "quantity"]
    assert printed == ["Some 38 million"]


def test_numbers_listed_before_a_shared_noun_are_parts_of_the_count_the_clause_opens_with():
    d = by_print(
        "Most articles (n = 16) elaborated indicators using Census data: two, ten, and four articles, "
        "respectively, used the 1991, 2000 and 2010 censuses (Review, 2022)."
    )
    assert [d[p].part_of and d[p].part_of.printed for p in ("two", "ten", "four")] == ["16", "16", "16"]


def test_a_bare_address_is_the_work_of_the_body_whose_initials_name_its_site():
    from forcedmig_kb.extraction.note_sources import note_references

    refs = note_references(
        {
            "14": (1, "“Update 2016,” https://www.ssa.gov/pubs/EN-05-10003.pdf (March 1, 2016)."),
            "16": (2, '"Fact Sheet," Social Security Administration, https://www.ssa.gov/f.pdf (June 16, 2021).'),
            "18": (3, "https://www.example.org/page (March 1, 2016)."),
        }
    )
    assert [(r.label, r.authors[0].family) for r in refs] == [
        ("14", "Social Security Administration"),
        ("16", "Social Security Administration"),
        ("18", "example.org"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The minutes of the meeting held on 4 and 5 November will be published on 18 November.",
        "Since the election on 4 October capital flowed out.",
        "The Bank of England Act 1998 gives the Bank responsibility.",
        "Under the Immigration Act of 1990 it changed.",
    ],
)
def test_a_day_before_its_month_and_the_year_of_a_laws_name_are_not_figures(text):
    assert figures(text) == []


def test_a_bodys_projection_named_as_the_subject_attributes_its_sentence():
    d = by_print(
        "The latest International Monetary Fund World Economic Outlook (IMF WEO) projection was for world GDP "
        "to grow by 2.0% in 1998 and 2.5% in 1999."
    )
    assert d["2.0%"].attributed == "International Monetary Fund World Economic Outlook"


def test_a_change_named_after_two_figures_and_their_years_is_recomputed_from_them():
    d = by_print("World GDP was to grow by 2.0% in 1998 and 2.5% in 1999, a rise of 1.5 percentage points (IMF, 1998).")
    assert d["1.5 percentage points"].operation == "difference"
    assert [x.printed for x, _ in d["1.5 percentage points"].inputs] == ["2.5%", "2.0%"]


def test_a_net_amount_after_two_amounts_set_against_each_other_is_their_difference():
    d = by_print(
        'Workers pay "$547 million in taxes yearly, compared to $238 million in services used"--a net "profit" '
        "for Illinois of $309 million (Greenspan, 2001)."
    )
    assert d["$309 million"].operation == "difference"
    assert [x.printed for x, _ in d["$309 million"].inputs] == ["$547 million", "$238 million"]


@pytest.mark.parametrize(
    "text",
    [
        "aid decreases by 104% in the next year (P(\\> 0) = 0.05)",
        "the effect is negative (Pr(β < 0) = 0.91)",
        "projects coded under DAC codes 150 and 151, and DAC code 152",
        "many temporary migrants, such as 457 visa holders, can't draw on benefits",
    ],
)
def test_a_probability_a_classifications_codes_and_a_visa_class_are_not_figures(text):
    assert [p for p, _, _ in figures(text)] == (["104%"] if "104%" in text else [])


def test_dozens_is_a_vague_count_of_its_order():
    (q,) = find_quantities("The OECD assigns projects to dozens of broader categories such as health.")
    assert (q.printed, q.hedge, q.unit, q.lower, q.upper) == ("dozens", "vague", "NUM", 24, 99)
    assert find_quantities("It held for dozens of years.") == []


def test_a_multiple_in_apposition_is_recomputed_but_doubled_up_is_no_multiple():
    d = by_print("Net migration has averaged 200,000 people per year, triple the 100,000 of the previous decade.")
    assert d["triple"].operation == "ratio"
    assert [x.printed for x, _ in d["triple"].inputs] == ["200,000", "100,000"]
    assert figures("Most of our models are doubled up with within and between effects.") == []


def test_a_counterfactual_and_a_funding_disclosure_need_no_source():
    d = by_print(
        "But building an extra 50,000 homes a year would lead to house prices between 5% and 20% lower than "
        "otherwise.\n\nThe Institute began with contributions to its endowment of $15 million from the Government. "
        "It also receives funding from corporates and individuals, as disclosed on its website.\n\n"
        "The population is growing by about 350,000 a year."
    )
    assert [d[p].role for p in ("50,000", "5%", "20%")] == ["hypothetical"] * 3
    assert d["$15 million"].role == "ownResult"
    assert d["about 350,000"].role == "sourced"


def test_a_total_since_a_later_year_is_part_of_the_total_since_an_earlier_one():
    d = by_print("US economic aid comprised $519 billion since 1981, and $248 billion since 2000 (Agency 2017).")
    assert d["$248 billion"].part_of is d["$519 billion"]
    d = by_print("It was $519 billion in 1981, and $248 billion since 2000 (Agency 2017).")
    assert d["$248 billion"].part_of is None


@pytest.mark.parametrize(
    "sentence, figure, year",
    [
        ("According to the Funders Group, in 2010, 703 foundations made grants (Dobson et al. 2013).", "703", "2010"),
        ("On 2011 census figures, the population is now growing by about 350,000 a year.", "about 350,000", "2011"),
    ],
)
def test_a_year_after_an_attribution_or_before_the_data_it_names_dates_the_sentence(sentence, figure, year):
    assert by_print(sentence)[figure].period.start == year


def test_a_given_name_after_initials_is_not_the_family_name():
    from forcedmig_kb.extraction.references import parse_authors

    names, _ = parse_authors("Poe, Steven C., and C. Neal Tate")
    assert [(n.family, n.given) for n in names] == [("Poe", "Steven C."), ("Tate", "C. Neal")]


@pytest.mark.parametrize(
    "text, kept",
    [
        ("for a mean follow-up of 1.84 y (median 1.69 y)", [("1.84 y", 1.84, "YR"), ("1.69 y", 1.69, "YR")]),
        ("a 5 yr plan", [("5 yr", 5.0, "YR")]),
        ("patients who survived 24 mo", [("24 mo", 24.0, "MO")]),
        ("up to 68% [95% CI: 58%–77%] in men", [("up to 68%", 68.0, "PERCENT")]),
        ("patients with baseline CD4 counts ≥200 cells/µl (13.2%)", [("13.2%", 13.2, "PERCENT")]),
        ("patients starting ART at CD4 counts above 200 cells/µl did so", []),
    ],
)
def test_durations_abbreviated_ci_bounds_in_percent_and_bounds_that_name_a_group(text, kept):
    assert [(p, round(v, 4), u) for p, v, u in figures(text)] == kept


def test_a_whole_restated_after_a_full_stop_takes_its_part_but_not_a_figure_of_these():
    d = figure_drafts(
        "# R\n\n16,250 patients were lost. Of the 16,250, 13,968 had a recorded ID, and in these patients with ID, "
        "2,947 deaths were identified.\n"
    )
    whole, part, deaths = d[1], d[2], d[3]
    assert (whole.printed, part.printed, deaths.printed) == ("16,250", "13,968", "2,947")
    assert part.part_of is whole and deaths.part_of is None


def test_a_block_quotations_markers_are_no_part_of_its_prose_and_as_x_has_shown_attributes():
    text = (
        "# R\n\n> As the statistical work of the historian Angus Maddison has shown, India's share of world\n"
        "> income collapsed from 22.6% in\n> 1700 to as low as\n> 3.8% in 1952.\n"
    )
    d = figures_of(text)
    assert d["22.6%"].period.start == "1700" and d["3.8%"].period.start == "1952"
    assert d["22.6%"].attributed == "Angus Maddison"


def test_numbered_entries_printed_title_first_or_dated_by_day_resolve_by_their_number():
    from forcedmig_kb.extraction.drafting import extract

    text = (
        "# R\n\nServices are over 50% of GDP.[1] Debt is 20% of it.[2] Growth was 8% in 2016.[3] "
        "Life expectancy rose by 10 years.[4]\n\n## References\n\n"
        '  1. **^** ["Energy Statistics 2017"](http://mospi.nic.in/e.pdf) (PDF). '
        '[Ministry of Statistics](/wiki/Ministry "Ministry").\n'
        '  2. ^ _**a**_ _**b**_ ["Is your debt dragging the economy down?"](https://toi.com/x.cms). '
        "_The Times of India_. 11 September 2019. [Archived](https://web.archive.org/x) from the original on "
        "8 July 2022. Retrieved 1 May 2023.\n"
        '  3. **^** Rowlatt, Justin (2 May 2016). ["Indian inequality"](https://bbc.com/x). BBC. Retrieved 22 '
        "January 2020.\n"
        "  4. van Sighem AI, Gras LA, Reiss P (2010) Life expectancy of recently diagnosed patients. AIDS 24: "
        "1527–1535.\n"
    )
    refs = {r.label: r for r in extract(text, doc_id="t", year=2025).references}
    assert [(refs[n].authors[0].family, refs[n].year) for n in "1234"] == [
        ("Ministry of Statistics", 2017),
        ("The Times of India", 2019),
        ("Rowlatt", 2016),
        ("van Sighem", 2010),
    ]


def test_a_bare_dollar_in_a_text_about_another_dollar_country_is_in_its_dollars():
    d = figures_of(
        "# Housing in Australia\n\nAustralia's cities grow. Australian prices rose, and Australia's migrants pay more. "
        "The endowment was $15 million, and three million dollars more came; a US$2 million grant came too.\n"
    )
    assert [d[p].amount.unit for p in ("$15 million", "three million dollars", "US$2 million")] == ["AUD", "AUD", "USD"]
    assert figures_of("# Cost\n\nThe United States spent $15 million.\n")["$15 million"].amount.unit == "USD"


def test_a_possibility_and_a_texts_own_study_need_no_source():
    d = by_print(
        "Mandates could deliver 6,000 affordable homes per year.\n\n"
        "To examine where key workers can afford to buy, this analysis showed limits. A constable earning "
        "around A$98,000 a year is limited to outer Sydney.\n\nThe population grew by 350,000."
    )
    assert d["6,000"].role == "hypothetical"
    assert d["around A$98,000"].role == "ownResult"
    assert d["350,000"].role == "sourced"


@pytest.mark.parametrize(
    "text",
    [
        "More crucially, after three years of investigation, the Commission reported.",
        "concerns were raised (British Columbia 2016, July 26, 40(10): 1455-1500).",
        'a variety of definitions briefly summarized in Table <a href="#tab-foreign">1</a>.',
    ],
)
def test_the_narratives_time_a_journals_volume_and_a_linked_table_number_are_not_figures(text):
    assert figures(text) == []


def test_a_change_in_percent_after_its_endpoints_is_recomputed_even_from_the_sentence_before():
    d = by_print("The NDIS is expected to increase the current 137 SDA places to 492. That's 360% growth in housing.")
    assert d["360%"].operation == "change"
    assert [x.printed for x, _ in d["360%"].inputs] == ["492", "137"]
    d = by_print("Places rose from 137 to 492, a 360% increase.")
    assert d["360%"].operation == "change"


def test_a_statistical_tables_identifier_and_an_age_bounding_a_group_are_not_figures():
    assert figures("Via StatCan's CHSP (CANSIM 39-10-0003) we now know that 5.61% are owned") == [
        ("5.61%", 5.61, "PERCENT")
    ]
    assert [p for p, _, _ in figures("6,200 people are under 64 residing in aged care")] == ["6,200"]
    assert [p for p, _, _ in figures("More than two-thirds are under 45 years and half of them are under 34.")] == [
        "More than two-thirds",
        "half",
    ]


def test_a_text_about_a_countrys_cities_means_its_dollar():
    d = figures_of(
        "# Housing\n\nMetro Vancouver and Toronto saw sales; British Columbia taxed them. The tax raised $45 billion.\n"
    )
    assert d["$45 billion"].amount.unit == "CAD"


def test_a_share_of_all_after_a_count_and_labelled_parts_after_of_the_whole_are_related():
    d = by_print("The scheme is expected to support 28,000 people, 6% of all 360,000 NDIS participants.")
    assert d["6%"].operation == "share"
    assert [x.printed for x, _ in d["6%"].inputs] == ["28,000", "360,000"]
    d = by_print(
        "Of the 10,500 new places needed nationally, New South Wales requires the most (3,290), Victoria 3,200, "
        "Queensland 2,900 and Western Australia 1,400."
    )
    assert [d[p].part_of for p in ("3,290", "3,200", "2,900", "1,400")] == [d["10,500"]] * 4


def test_a_part_named_with_of_which_and_the_remainder_are_parts_of_the_figure_before():
    d = by_print(
        "The tax is reported to affect about 32,000 homes, about 20,000 of which will be British Columbians with "
        "the remaining 12,000 foreigners."
    )
    assert d["12,000"].part_of is d["about 32,000"] and d["about 20,000"].part_of is d["about 32,000"]
    assert d["about 32,000"].operation == "sum"


def test_a_factor_is_a_multiple_and_a_window_named_by_its_length_is_no_figure():
    assert figures("we scale the numbers down by a factor 8.6, roughly the ratio") == [("8.6", 8.6, "UNITLESS")]
    assert figures("we discount the rent by a factor of 0.8 if the maintainer moved") == [("0.8", 0.8, "UNITLESS")]
    assert figures("this leaves us with the five year timeframe") == []


def test_a_rate_ratio_is_unitless_and_a_length_that_names_a_kind_is_no_figure():
    assert figures("meta-analysis gave a summary rate ratio of 0.25 (95%CI: 0.17–0.37)") == [("0.25", 0.25, "UNITLESS")]
    assert figures("The 12 month incidence of clinical malaria was 5%") == [("5%", 5.0, "PERCENT")]
    assert figures("It lasted 12 months in total") == [("12 months", 12.0, "MO")]


def test_a_figure_in_a_links_words_reads_on_past_the_link_and_a_fraction_of_a_point_is_in_points():
    (d,) = figure_drafts(
        "# R\n\nIt would appear that over [one-fifth](https://vancouver.ca/x.pdf) of late filers paid.\n"
    )
    assert (d.amount.value, d.amount.unit, d.amount.hedge) == (20.0, "PERCENT", "over")
    assert figures("members make up less than a quarter percentage point of owners") == [
        ("less than a quarter percentage point", 0.25, "PERCENT")
    ]
    assert figures("owners make up just over half a percentage point.") == [
        ("just over half a percentage point", 0.5, "PERCENT")
    ]


def test_the_data_a_later_clause_names_date_that_clause_not_the_figures_before_it():
    d = by_print(
        "If we assume that there are 1.58 owners per property, then we get a total of 1,655,243 owners overall, "
        "using 1,048,290 residential properties from the 2021 CHSP data as a base."
    )
    assert d["1,048,290"].period.start == "2021"
    assert d["1,655,243"].period is None or d["1,655,243"].period.start != "2021"
    assert by_print("Today, on 2006-08 data, the wealthiest fifth own 62% of wealth.")["62%"].period.start == "2006"


def test_the_date_an_occasion_was_held_or_published_is_not_the_period_of_the_figures_beside_it():
    d = by_print(
        "Based on the literature (including a presentation at the 56th Annual Meeting held in November 2007, "
        "showing that the seroprevalence among the poor is 23%), hundreds of thousands of children are exposed."
    )
    assert d["23%"].period is None
    assert (
        by_print("A survey conducted in November 2007 found that 23% were infected.")["23%"].period.start == "2007-11"
    )


def test_dozens_counted_exactly_are_figures_and_small_counts_of_tenants_and_homes_count_things():
    assert figures("to carry out evictions in a dozen apartments, records show") == [("a dozen", 12.0, "NUM")]
    assert figures("help the remaining three dozen tenants move elsewhere") == [("three dozen", 36.0, "NUM")]
    assert figures("Six tenants told the judge about mice") == [("Six", 6.0, "NUM")]
    assert figures("the stock was transferred to two housing associations") == [("two", 2.0, "NUM")]
    assert figures("There are two sides of the same coin") == []


def test_a_figure_that_sets_a_rule_is_a_threshold_not_a_claim_that_needs_a_source():
    d = by_print(
        "For new developments on public land, the minimum requirements are as follows: 50 per cent of the new homes "
        "must be affordable; within that, 30 per cent can be shared ownership."
    )
    assert d["50 per cent"].role == "hypothetical" and d["30 per cent"].role == "hypothetical"
    assert by_print("In 2023, 50 per cent of the new homes were affordable.")["50 per cent"].role == "sourced"


def test_a_decimal_below_one_counts_nothing_it_is_a_share_or_a_ratio():
    assert figures("the share for coal is 0.044") == [("0.044", 0.044, "FRACTION")]
    assert figures("In total, 0.270 of revenue is paid to inputs") == [("0.270", 0.27, "FRACTION")]
    assert figures("The composite score was 0.947 at district level") == [("0.947", 0.947, "UNITLESS")]
    assert figures("their households had 1.8 children on average") == [("1.8", 1.8, "NUM")]


def test_records_or_data_that_show_a_figure_attribute_their_sentence_and_no_later_one():
    d = by_print(
        "Data mapping tools indicate that most social renters, who make up 27 per cent of the population, live on "
        "four estates. Deputies carried out evictions in a dozen apartments, records show. Later 40 families left."
    )
    assert d["27 per cent"].attributed == "Data mapping tools"
    assert d["a dozen"].attributed == "records"
    assert d["40"].attributed is None


def test_a_street_address_is_no_figure_and_a_count_of_the_people_who_told_it_is_the_texts_own():
    assert figures("like the one at 7500 S. South Shore Drive") == []
    assert figures("Under an April 29, 2003 Supreme Court ruling, 40 people were held.") == [("40", 40.0, "NUM")]
    d = by_print("Six tenants told the judge about mice. The raid involved 300 agents.")
    assert d["Six"].role == "ownResult" and d["300"].role == "sourced"


def test_a_paragraph_that_ends_in_a_quotation_ends_its_sentence_and_the_year_of_figures_is_a_date():
    d = by_print(
        "The council replied: ‘Prior to 2010 the council had just two properties - both let at social rent.’\n\n"
        "Today, on 2012 figures, the council rents out just 24 homes on the island."
    )
    assert "2012" not in d
    assert d["24"].period.start == "2012" and d["24"].cue == "Today"
    assert d["two"].cue is None


def test_a_part_taken_up_by_of_them_after_and_is_part_of_the_figure_before_it():
    d = by_print("ProPublica has discovered the names of 21 of the detained men and interviewed 12 of them.")
    assert d["12"].part_of is d["21"]


def test_an_abbreviated_month_dates_the_figures_of_its_sentence_and_its_day_is_no_figure():
    d = by_print("Shortly after midnight on Sept. 30, 2026, some 300 agents stormed the building.")
    assert d["some 300"].period.start == "2026-09-30"
    assert by_print("On Oct. 3, 2026, some 300 agents stormed it.")["some 300"].period.start == "2026-10-03"
    assert figures("Shortly after midnight on Sept. 30, some 300 agents stormed the building.") == [
        ("some 300", 300.0, "NUM")
    ]
    assert figures("See No. 5 of the law, which 300 agents broke.") == [("300", 300.0, "NUM")]


def test_a_computation_the_text_works_out_is_its_own_and_its_sum_is_recomputed():
    from forcedmig_kb.scoring.truth import check_findings

    d = by_print("So firms need to only generate 0.264+0.270 = 0.534 of the revenues.")
    assert {d[k].role for k in ("0.264", "0.270", "0.534")} == {"ownResult"}
    assert d["0.534"].operation == "sum" and [x.printed for x, _ in d["0.534"].inputs] == ["0.264", "0.270"]
    from forcedmig_kb.extraction.drafting import extract

    wrong = extract(
        "# T\n\nSo firms need to only generate 0.264+0.270 = 0.634 of the revenues.\n", doc_id="t", year=2020
    )
    assert [f.rule for f in check_findings(wrong) if f.rule == "arithmetic-mismatch"] == ["arithmetic-mismatch"]
    assert by_print("It grew from 10-12% in 2004-10.")["12%"].role == "sourced"


def test_a_question_a_norm_set_and_a_numbered_part_of_the_argument_are_no_claims():
    d = by_print(
        "**Question 2:** What price would a given country have to charge to earn exactly 8% on their capital? "
        "We set the English price of cotton to 1.0 here. Wages rose 8% in Phase 2."
    )
    assert "2" not in d
    assert d["1.0"].role == "hypothetical"
    roles = sorted(x.role for x in figure_drafts("# T\n\nWhat would it cost to earn 8%? Wages rose 9% in 2015.\n"))
    assert roles == ["hypothetical", "sourced"]


def test_n_in_each_m_is_a_share_and_a_multiple_with_decimals_needs_no_comparison_after_it():
    assert figures("three in each four refugee students attend school") == [("three in each four", 0.75, "FRACTION")]
    assert figures("The ratio is up from 1.59 times in 1995.") == [("1.59 times", 1.59, "UNITLESS")]
    assert figures("He won three times in a row.") == []


def test_a_range_with_thousands_separators_takes_its_role_from_its_whole_clause():
    d = by_print("Mandating it could deliver 6,000 to 7,000 affordable homes per year in Sydney.")
    assert d["6,000"].role == d["7,000"].role == "hypothetical"


def test_what_a_proposal_would_do_is_hypothetical_unless_its_clause_is_dated():
    d = by_print(
        "A shared equity model would allow key workers to buy up to 75% of the home's value. This would reduce "
        "deposit requirements to between 5% and 10%. An affordable price would be around A$650,000."
    )
    assert {d[p].role for p in ("up to 75%", "5%", "10%", "around A$650,000")} == {"hypothetical"}
    dated = by_print("Meeting the targets would more than double employment from 206 million in 2015 to 475 million.")
    assert dated["206 million"].role == "sourced"
    told = by_print("Only 10 percent held stock, yet nearly a third would lose their savings in the ensuing slump.")
    assert told["10 percent"].role == "sourced"


def test_what_residents_should_spend_or_a_lender_requires_is_a_rule_not_a_state_of_the_world():
    d = by_print(
        "Residents should not be spending more than 30 per cent of their income on rent. The remaining 35 per cent "
        "should be affordable to people on benefits; around 35 per cent can be let at London Living Rent. Most "
        "lenders now require a 20% deposit."
    )
    assert {d[p].role for p in ("more than 30 per cent", "35 per cent", "around 35 per cent", "20%")} == {
        "hypothetical"
    }
    assert by_print("Lenders required 20% more staff in 2021.")["20%"].role == "sourced"


def test_works_taken_up_by_these_works_find_cover_what_they_find():
    d = by_print(
        "Previous studies show that the gap persists (Amarante et al., 2004; Espino, 2013). These works find that "
        "the unexplained part is on average more than 100% of the wage gap.\n\n"
        "## References\n\nAmarante V, Arim R (2004) Gender gaps. Montevideo.\n\n"
        "Espino A (2013) Segregation. Montevideo.\n"
    )
    assert d["more than 100%"].citation is not None and d["more than 100%"].role == "sourced"


def test_the_rates_and_deductions_a_tax_sets_are_its_rules_not_claims_that_need_a_source():
    d = by_print(
        "Capital gains are taxed at a flat rate that varies between 3 per cent and 12 per cent. The tax schedule "
        "has seven marginal rates ranging from zero to 30 per cent. Tenants are allowed to subtract 6 per cent of "
        "their rent; when parents disagree, each one can deduct 50 per cent."
    )
    assert {d[p].role for p in ("3 per cent", "12 per cent", "30 per cent", "6 per cent", "50 per cent")} == {
        "hypothetical"
    }
    assert by_print("In 2013 the tax brought in 10 per cent of public revenue.")["10 per cent"].role == "sourced"


def test_the_deadline_of_an_aim_is_no_dated_event():
    text = (
        "# Epidemic\n\n*2014*\n\nBrazil adopted the Declaration (Pasquali, 2003), which aimed at slowing the epidemic "
        "by 2015. By 2001 the treaty had entered into force in Brazil (Pasquali, 2003).\n\n"
        "## References\n\nPasquali, L. (2003). The declaration. Rio.\n"
    )
    from forcedmig_kb.extraction.drafting import extract

    events = [d.date.label for d in extract(text, doc_id="e", year=2014).drafts if d.kind == "event"]
    assert "by 2015" not in events and "By 2001" in events


def test_a_reports_key_takeaways_are_its_own_findings():
    from forcedmig_kb.extraction.roles import reports_own_work

    assert reports_own_work("Key Takeaways", 0, 5) and reports_own_work("Takeaways", 1, 4)
    assert not reports_own_work("Key Takeaways", 4, 5)  # a summary of cited work


def test_estimates_of_a_population_name_no_source_but_estimates_of_a_body_do():
    from forcedmig_kb.extraction.prose_sources import find_prose_attribution

    about = "it allocated almost half ($1.79 billion) based on population estimates of Ukrainians granted parole."
    assert find_prose_attribution(about, 0, len(about)) is None
    by = "Estimates of the World Bank put the figure at 1.2 million; figures of ONS agree."
    assert find_prose_attribution(by, 0, len(by)).as_printed == "the World Bank"


def test_a_public_law_cited_as_pub_l_no_is_one_law_and_its_abbreviations_end_no_sentence():
    from forcedmig_kb.extraction.note_parts import sentence_starts
    from forcedmig_kb.extraction.note_sources import note_references

    note = "Consolidated Appropriations Act, 2023, in Div. M; Pub. L. No. 117-328, 136 Stat. 4459."
    assert sentence_starts(note) == []
    refs = note_references({"7": (1, note)})
    assert "P.L. 117-328" in [r.authors[0].family for r in refs if r.authors]
    assert not [r for r in refs if r.authors and r.authors[0].family in ("Pub", "in Div")]


def test_a_hard_wrapped_line_of_an_endnote_starts_no_entry_of_the_reference_list():
    from forcedmig_kb.extraction.references import parse_reference_list

    notes = [
        "1 The three appropriations providing refugee assistance funding to HHS were",
        "the Additional Act, 2022, Pub. L. No. 117-128, 136 Stat. 1211; Consolidated",
        "Appropriations Act, 2023, in Div. M; and the Security Act, 2024.",
        "",
        "2 In February 2025, DHS placed an administrative hold on all requests filed by",
        "beneficiaries of the process, pending further screening and vetting, and it",
        "directed officers to adjudicate them.",
        "",
        "3 Specifically, the law indicated that funds are available to serve citizens or",
        "certain other individuals. For reporting purposes, we refer to all of them",
        "as Ukrainians.",
        "",
        "4 ORR allocated $1.65 billion to Refugee Support Services and $1.51 billion to",
        "cash and medical assistance, and the rest to grants administered by national",
        "resettlement agencies.",
    ]
    refs, _ = parse_reference_list([(n, line) for n, line in enumerate(notes, start=1) if line])
    assert not [
        r for r in refs if r.title.startswith("in Div") or (r.authors and r.authors[0].family == "Appropriations Act")
    ]


def test_a_public_law_in_any_printed_form_is_one_law_dated_by_the_year_of_its_title():
    from forcedmig_kb.extraction.note_sources import note_references

    notes = {
        "7": (1, "The funds came from the Additional Appropriations Act, 2022, Pub. L. No. 117-128, 136 Stat. 1211."),
        "9": (3, "Pub. L. No. 117-128, 126 Stat. at 1217."),
    }
    text = " ".join(n for _, n in notes.values())
    (law,) = [r for r in note_references(notes, text=text) if r.label == "9"]
    assert (law.authors[0].family, law.year) == ("P.L. 117-128", 2022)


def test_a_rate_per_base_and_how_far_it_stands_from_the_base_are_recomputed_from_the_two():
    gain = by_print("For every $1.00 invested, employers receive $1.44 in benefits, a return of 64 percent.")
    assert gain["64 percent"].operation == "change"
    assert [(i.printed, role) for i, role in gain["64 percent"].inputs] == [
        ("$1.44", "numerator"),
        ("$1.00", "denominator"),
    ]
    loss = by_print("The fund paid out $0.80 for every $1.00 it collected (20 percent less).")
    assert loss["20 percent"].operation == "decline"
    assert (
        by_print("It paid out $0.80 and collected $1.00, 20 percent less than planned.")["20 percent"].operation is None
    )


def test_amounts_a_sentence_gives_after_shares_of_its_opening_whole_are_its_parts():
    d = by_print(
        "Of the $3.78 billion in funding ORR received, it allocated almost half ($1.79 billion) based on "
        "estimates of parolees and the remaining funds ($2.99 billion) based on other populations."
    )
    assert d["$1.79 billion"].part_of is d["$3.78 billion"] and d["$2.99 billion"].part_of is d["$3.78 billion"]
    series = by_print(
        "Of the $3.78 billion received, it spent half ($1.79 billion) in 2022 and half ($1.99 billion) in 2023."
    )
    assert series["$1.99 billion"].part_of is None  # a year between them: a series, not parts
