"""How figures and in-text citations are read from running prose, class by class.

Each case is a form that real texts print (news, reports, papers converted from LaTeX or Word);
the real corpus of ``tests/data/real`` measures the same classes on whole texts.
"""

from __future__ import annotations

import pytest

from forcedmig_kb.citations import parse_citation
from forcedmig_kb.extraction.figures import find_quantities
from forcedmig_kb.extraction.intext import find_citations


def figures(text: str) -> list[tuple[str, float, str]]:
    return [(q.printed, q.value, q.unit) for q in find_quantities(text)]


@pytest.mark.parametrize("text, value, unit", [
    ("perhaps 1.2m reached the country", 1_200_000, "NUM"),
    ("a fund of €3.5bn for the region", 3_500_000_000, "EUR"),
    ("£3bn a year", 3_000_000_000, "GBP"),
    ("some 50k people", 50_000, "NUM"),
    ("a loss of $4.2m", 4_200_000, "USD"),
    ("a correlation of r = −0.3 between them", -0.3, "NUM"),
    ("wages fell by -12 percent", -12, "PERCENT"),
    ("an increase of 3.4 percentage points", 3.4, "PERCENT"),
    ("about 60 per cent of them", 60, "PERCENT"),
])
def test_a_number_keeps_its_sign_scale_and_unit(text, value, unit):
    found = figures(text)
    assert len(found) == 1, found
    assert found[0][1] == pytest.approx(value) and found[0][2] == unit


def test_inline_math_is_a_number_never_dollars():
    found = figures("the mean is $-0.08$ and the slope $\\beta_1 = 0.32$ for each $x_i$")
    assert [(v, u) for _, v, u in found] == [(-0.08, "NUM"), (0.32, "NUM")]


def test_prices_in_dollars_are_not_math():
    assert [(v, u) for _, v, u in figures("it costs $5 a day and $6 million a year")] == \
        [(5, "USD"), (6_000_000, "USD")]


@pytest.mark.parametrize("text", [
    "an elasticity of 3.1.^{4} in the long run",
    "an elasticity of 3.1.^4^ in the long run",
    "an elasticity of 3.1.<sup>4</sup> in the long run",
    "an elasticity of 3.1.[^4] in the long run",
    "an elasticity of 3.1.⁴ in the long run",
])
def test_a_footnote_marker_is_not_a_figure(text):
    assert [v for _, v, _ in figures(text)] == [3.1]


@pytest.mark.parametrize("text", ["Five years on, the town is quiet.", "Two decades later they returned.",
                                  "She arrived five years ago."])
def test_the_narratives_own_time_is_not_a_figure(text):
    assert figures(text) == []


def test_a_stated_duration_is_still_a_figure():
    assert figures("a visa valid for 3 years") == [("3 years", 3, "YR")]


def citations(text: str) -> list[str]:
    return [c.as_printed for c in find_citations(text)]


@pytest.mark.parametrize("text, printed", [
    ("Jones et al. (2012) place the share at 40 percent.", "Jones et al. (2012)"),
    ("Brown *et al.* (2012) emphasizes this.", "Brown *et al.* (2012)"),
    ("Similarly, Smith (2003) explains it.", "Smith (2003)"),
    ("Interestingly, Kowalski (2003) disagrees.", "Kowalski (2003)"),
    ("Smith and Lee's (2019) estimate is high.", "Smith and Lee's (2019)"),
    ("as Jones et al.'s (2012) figure shows", "Jones et al.'s (2012)"),
    ("X et al. (2019: 12) said so.", "X et al. (2019: 12)"),
    ("A view de Haas (2010) rejects.", "de Haas (2010)"),
    ("It grew (Smith 2019, p. 3; Jones 2020a).", "Smith 2019, p. 3; Jones 2020a"),
])
def test_author_year_citations_in_every_form(text, printed):
    assert citations(text) == [printed]


@pytest.mark.parametrize("printed, names, year", [
    ("Brown *et al.* (2012)", ("Brown",), 2012),
    ("Smith and Lee's (2019)", ("Smith", "Lee"), 2019),
    ("Jones et al.'s (2012)", ("Jones",), 2012),
])
def test_emphasis_and_possessives_are_not_part_of_a_name(printed, names, year):
    work = parse_citation(printed)[0]
    assert (work.names, work.year) == (names, year)
