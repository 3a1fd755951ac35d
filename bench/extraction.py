"""Measure the drafts of `forcedmig-kb extract` and the check on them; write docs/extraction.md.

Run from the repository root:  python bench/extraction.py  (the chapter is read from
../shared/source/chapter.txt, or FMKB_CHAPTER). First the real corpus of tests/data/real (public
texts nobody here wrote, each with a truth made by hand: figures, citations, defects, seeds),
then the chapter against the curated claims of data/ and the two test documents of
tests/data/texts written for the extractor.
"""

from __future__ import annotations

import os
import sys
import tempfile
import tomllib
from pathlib import Path

from forcedmig_kb import load_knowledge_base
from forcedmig_kb.atomic import write_text_atomic
from forcedmig_kb.checks import run_check
from forcedmig_kb.extraction.drafting import extract, extract_file
from forcedmig_kb.extraction.graph import serialize
from forcedmig_kb.extraction.text import collapse
from forcedmig_kb.scoring.curated import Claimed, citation_statuses, claims_of, score
from forcedmig_kb.scoring.truth import TextScore, measure, read_truth

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real"
CHAPTER = Path(os.environ.get("FMKB_CHAPTER", ROOT.parent / "shared" / "source" / "chapter.txt"))
CITATION_RULES = (
    "uncited",
    "unresolved-citation",
    "misdated-citation",
    "ambiguous-citation",
    "author-mismatch",
    "uncited-reference",
)


def load(ex, tmp: Path):
    out = tmp / f"{ex.doc_id}.ttl"
    out.write_text(serialize(ex, "turtle"), encoding="utf-8")
    return load_knowledge_base([out])


def rules(kb) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in run_check(kb):
        counts[f.rule] = counts.get(f.rule, 0) + 1
    return counts


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="fmkb-bench-extraction-") as tmp:
        return _measure(Path(tmp))


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "–"


HELD_OUT = ROOT / "tests" / "data" / "heldout"
REAL_INTRO = [
    "Public texts nobody on this project wrote (`tests/data/real`), each with a truth made by hand",
    "before the extractor's output on it was looked at (format: `tests/data/real/README.md`). The",
    "extractor's classes of error were found and fixed on these texts: they measure it on prose it was",
    "not written for, but it has now seen them. The held-out texts below it has not.",
]
HELD_OUT_INTRO = [
    "Texts found and given a truth after the extractor's rules were settled (`tests/data/heldout`): the",
    "figures a new user would see on the next report. Measured first on 2026-12-06, before any change:",
    "heldout_article.md gave figure recall 0.38, draft precision 0.33, citations parsed 0.60 and resolved",
    "0.00, 4 findings of which none true, 0 of 1 real defect and 1 of 4 seeds found. The classes of error",
    "it showed were then fixed for every text: amounts in 'international' or 'market dollars'; inline notes",
    "(`[ref]...[/ref]`, `<ref>...</ref>`) that hold a source; a co-author cited as first author; 'they find'",
    "taking up the last citation; 'estimated by X'; 'the estimates above show'; 'for 2013' as a period; a",
    "year before 'is' read as a count. heldout_report.md (a World Bank working paper converted from PDF by",
    "MinerU), measured first on 2026-12-06 before any change, gave figure recall 0.89, draft precision 0.77,",
    "citations parsed 0.92 and resolved 0.88, 62 findings of which 3 true, 3 of 3 real defects and 4 of 6",
    "seeds found, no false alarm. The classes it showed were then fixed for every text: notes and markers",
    "printed as math (`$^{3}$`), notes run together on one line; a note that makes a statement is no source;",
    "numbered headings that conversion flattened to one level; ':' between two works and 'see, among",
    "others,'; one author's works of two years ('Swee, 2009, 2015'); ages and grades that name a group;",
    "an age stated as a fact; a long citation quoted within the quote limit. On 2026-12-07 a citation that",
    "closes a run of sentences was made to cover the run, a misspelt author to name the entry it slips from,",
    "a comment note to take the source of its passage, 'As can be seen' to read the text's own chart.",
    "heldout_third.md (an OpenStax textbook section on migration, CNXML rendered to Markdown) was then",
    "found and given its truth by another hand, and measured before any change: figure recall 0.77, draft",
    "precision 0.66, citations parsed and resolved 0.93, 26 findings of which 0.15 true, 4 of 5 real",
    "defects and 4 of 6 seeds found, 1 false alarm. The classes it showed were then fixed for every text:",
    "a source given as an address in parentheses; a page cited after a quotation ('(366)'), a number in an",
    "emphasised title, years of an era ('430 BCE') or before 1500; feet; a work cited by its title",
    "('*The Land of Open Graves* (2015)'); editors in a reference entry ('Mayer, eds.'); fieldwork told in",
    "the first person; an altitude; a study a paragraph opens with; 'N of whom'; 'two-thirds (68 percent)'.",
    "heldout_fourth.md (a World Bank Atlas story with numbered references and endnotes, truth by another",
    "hand) was measured next, with every fix above in place and before any change for it: figure recall",
    "0.58, draft precision 0.65, citations parsed and resolved 0.83, 29 findings of which 0.48 true, 8 of 8",
    "real defects and 4 of 6 seeds found, no false alarm. Its classes, fixed for every text: a run of",
    "numbered markers ('[1][2][3]'); '2/3rds'; '9.5 learning-adjusted years'; 'ten times its cost'; 'from",
    "1870 to today'; 'This harmonized data' resting on the citation before; a small figure said again of",
    "the same things; a definition; 'of these countries'; a Notes section beside the references read as",
    "notes; a note that shows the author's calculation. On 2026-12-07 two more texts were found and given",
    "their truth by other hands, each measured before any change for it: heldout_sixth.md (OpenStax",
    "Introduction to Sociology 3e, 'Demography and Population', author-year) gave figure recall 0.77, draft",
    "precision 0.71, citations parsed and resolved 0.93, 16 findings of which 0.31 true, 5 of 6 real defects",
    "and 5 of 6 seeds found, no false alarm; heldout_fifth.md (the same book's 'Global Wealth and Poverty',",
    "measured with the sixth's first fix aside) recall 0.67, precision 0.75, citations parsed 0.96 and",
    "resolved 0.92, 19 findings of which 0.32 true, 4 of 13 real defects and 3 of 6 seeds found, no false",
    "alarm. Their classes, fixed for every text: a work cited by its first edition's year ('Malthus 1798'",
    "for '1965 [1798]'); 'The Pew Research Center'; two works joined by 'and' in one parenthesis; a list's",
    "items end their sentences and their markers are no figures; the base of a rate ('per 1,000 people',",
    "'for every 100 men'); 'according to' naming a whole body, before a parenthesis; a body's forecast and",
    "the forecasts that go on from it; an entry dated only after its title; a poverty line as a threshold;",
    "'U.S dollars'; 'will triple'; 'for thousands of years'; 'who turn 18'; 2100 as a year. The scorer",
    "was corrected twice where it, not the extractor, was wrong: an entry left uncited is named by its",
    "title in the finding and by 'Author Year' in the truth (seven real defects the check had found were",
    "counted as missed), and a vague amount ('tens of thousands') names an order, whose value the truths",
    "and the curated data write differently. Tried and left out: 'the majority of' as a share over half",
    "(three truths record it, one does not; it raised held-out recall to 0.92 but drafted four rhetorical",
    "'majority of the population' phrases of the chapter and a false finding). Then two more, measured",
    "on 55919f3 before any change for them: heldout_seventh.md (CRS Report R48859 on Mexico, HTML converted",
    "to Markdown: note markers as links, notes as a table) gave recall 0.81, precision 0.36, citations",
    "parsed 0.00, 4 findings none true, 0 of 1 real defect and 1 of 5 seeds; heldout_eighth.md (OpenStax",
    "Principles of Microeconomics 2e, 'Income Inequality', no citations at all) recall 0.87, precision 0.59,",
    "18 findings none true, 0 of 8 real defects and 1 of 6 seeds. Their classes, fixed for every text:",
    "markers printed as links to their notes and notes printed as a table; titles and acts in notes ('90",
    "Federal Register 43721'); a note's date after its title; an undated work with an italic title; the",
    "author after a title ('..., by Charles V. Stern'); a body by its acronym; 'According to UNHCR' without",
    "a year as prose; '1.67 times'; subscripts; age brackets; groups of a distribution ('the bottom 20%');",
    "a dated example as data; 'according to U.S. Census data'; an angle of geometry. The eighth's truth",
    "does not count as defects the uncited figures its excerpt took from a table whose dropped caption",
    "named the Census Bureau; the check, reading the excerpt, flags them. Then heldout_tenth.md (OpenStax",
    "American Government 3e, social welfare policy, endnotes), measured on 227ce74 before any change for it:",
    "recall 0.61, precision 0.52, citations parsed 1.00 and resolved 0.11, 8 findings of which 0.25 true, 2",
    "of 2 real defects, 4 of 6 seeds; and heldout_ninth.md (a second CRS report of the seventh's form, DHS",
    "appropriations), measured on dd4ebb1 with the seventh's fixes in place: recall 0.82, precision 0.93,",
    "citations parsed 0.10 (its notes' addresses in angle brackets were dropped as tags, its laws were no",
    "sources: the seventh's fix had not generalised), 14 findings none true, 0 of 1 real defect, 2 of 6",
    "seeds. Their classes, fixed for every text: ratios to one ('16.5 to 1'); 'hundreds of billions of",
    "dollars'; 'K–12'; a requirement as a threshold; a note's publisher that is a date; addresses in angle",
    "brackets; laws as sources; 'coordinated by'; a list set out in clauses; vote tallies and spans named",
    "as a kind ('a two-week extension'); a law named in prose and the sentences that take up a source.",
    "Tried and left out: a note's own figures resting on the note's sources (the real corpus's CRS note",
    "compares Manhattan's density, which its source does not give). Last, with every fix above in place,",
    "two more, each measured before any change for it: heldout_twelfth.md (OpenStax Introduction to",
    "Political Science, 'The Bretton Woods Institutions', endnotes) gave recall 1.00, precision 1.00,",
    "citations parsed 0.64 and resolved 0.36, 5 findings of which 0.80 true, 4 of 4 real defects, 3 of 6",
    "seeds: the first unseen text whose findings an author would mostly act on; heldout_eleventh.md (CRS",
    "Report R47077 on the immigration courts' backlog, converted from PDF, notes at the page bottoms) gave",
    "recall 0.94, precision 0.88, citations parsed 0.75 and resolved 0.39, 13 findings none true, 0 of 2",
    "real defects, 0 of 6 seeds. Their classes, fixed for every text: a short-form note; the next marker",
    "of a paragraph covering back to the one before; a number ending a quoted name; markers after a year,",
    "a percent or glued to a word; 'Ibid.'; a glued marker ending its sentence. Then two more, each",
    "measured before any change for it: heldout_thirteenth.md (OpenStax U.S. History, 'The Stock Market",
    "Crash of 1929', a textbook that cites none of its statistics) gave recall 0.82, precision 0.94, 35",
    "findings of which 0.86 true, 30 of 34 real defects, 3 of 6 seeds; heldout_fourteenth.md (CRS Report",
    "R49363 on Temporary Protected Status, notes citing statutes) recall 0.67, precision 0.66, citations",
    "parsed 0.59 and resolved 0.14, 25 findings none true, 0 of 3 real defects, 3 of 6 seeds. Their",
    "classes, fixed for every text: 'one-half its value'; a section of a code ('§244(b)(1)(C)', 'INA,",
    "§244') and the parts of a document; 'See, for example,' in notes; and in the check, a figure resting",
    "on several sources judged by the latest. Of the six texts measured first today with the day's fixes",
    "before them (the seventh to the fourteenth), the share of true findings was 0.00, 0.00, 0.25, 0.80,",
    "0.00 and 0.86 as they came: on textbooks the findings now mostly hold, on CRS reports with notes",
    "they did not until their classes were fixed. On 2026-12-07 (second day) the fourteen texts' remaining",
    "classes were fixed for every text (notes: a comment before a note's sources, persons named by family,",
    "short titles, a body's acronym spelt out in the text, figures a note states before its sources; a",
    "Markdown link's address is no source; the text's own table or chart read as an exhibit; uncited vague",
    "amounts; a figure dated after its own text; forecasts; rises in points and falls recomputed; 'to",
    "date'), and two more texts were found and given their truths by other hands, each measured before any",
    "change for it: heldout_sixteenth.md (an ONS statistical bulletin, British, citations printed as links",
    "to the works with their file sizes) gave recall 0.89, precision 0.70, roles 0.00, citations parsed",
    "and resolved 0.00, 62 findings none true, 0 of 1 real defect, 3 of 6 seeds; heldout_fifteenth.md (a",
    "World Bank working paper converted from PDF, a reference list in half a dozen styles), measured with",
    "the sixteenth's fixes in place, recall 0.80, precision 0.65, roles 0.74, citations parsed 0.94 and",
    "resolved 0.53, 53 findings of which 0.55 true, 12 of 20 real defects, 3 of 6 seeds. Their classes,",
    "fixed for every text: citations printed as links to the work and linked files' sizes; a date in",
    "parentheses; a statistical release's own data; a quote kept short around a link; a reference list in",
    "no one style, one paragraph per entry; '&' in a body's name; ';' between names; 'n.d.' citations; ages",
    "stated with words between; a table's columns; '20-percentage point'; 'a negative 10 percent'; a",
    "sentence ending with an acronym before a narrative citation; 'The Asia Foundation'; the authors' own",
    "fieldwork as no event; a narrative citation that reports a finding across its contrast. Last,",
    "heldout_seventeenth.md (a news article of The Conversation, sources named in prose only), found and",
    "given its truth by another hand after all of the above, gave as it came recall 0.94, precision 0.81,",
    "roles 0.94, 8 findings none true, 0 of 3 real defects, 1 of 6 seeds: the forms news uses to name a",
    "body ('one conflict monitoring organisation reported', 'ACLED, a global ... organisation, reported',",
    "'Yale's Humanitarian Research Lab estimates that') were then read for every text. On 2026-12-07",
    "(third day) the laws a comment note grounds itself on and the laws dated by their enactment were read",
    "(the ninth's citations resolved 0.14 -> 0.90), a relative clause's date, and two more texts were found",
    "and given their truths by other hands, each measured before any change for it: heldout_eighteenth.md",
    "(a meta-analysis working paper from LaTeX: math, superscript endnote markers, narrative citations)",
    "gave recall 0.42, precision 0.44, roles 0.71, citations parsed 1.00 and resolved 0.96, 2 findings none",
    "true, 3 of 6 seeds; heldout_nineteenth.md (an eLife article from its JATS XML, not about migration),",
    "measured with the eighteenth's fixes in place, recall 0.94, precision 0.77, roles 0.88, resolved 0.89,",
    "7 findings none true, 0 of 2 real defects, 3 of 6 seeds. Their classes, fixed for every text: a",
    "statistic's value ('an elasticity of about 17', '$\\sigma \\approx 13$') is a pure number, not a count;",
    "'grant 24-11583S'; LaTeX's superscript markers ('12.9.^{4} Consistent') end a sentence and point at a",
    "numbered list under an 'Endnotes' heading; test levels ('at the 5% level') and the change put in to",
    "read an effect ('a 10% increase in X lowers Y by') are hypothetical; a figure the text first gave as",
    "its own result is its own when printed again; the text's own results dated after it are judged;",
    "'et al.' for a work of two authors is an author-mismatch; a body before a narrative 'X et al.'; 'We",
    "found that' paragraphs; a decline named after two counts set against each other ('256 ..., but only",
    "78 ..., a 69.5% decline'). Then two more, each measured before any change for it:",
    "heldout_twentieth.md (a PLoS Medicine essay from its XML, numbered references; a first text proposed",
    "for this place was the real corpus's Summer Budget 2015 again and was turned down) gave recall 0.82,",
    "precision 0.43, roles 1.00, citations parsed and resolved 1.00, 8 findings of which one true, 1 of 1",
    "real defect, 4 of 6 seeds; heldout_twentyfirst.md (Our World in Data's 'Child Mortality', footnotes",
    "from WordPress [ref] notes, charts dropped) recall 0.78, precision 0.74, roles 0.14, citations parsed",
    "and resolved 0.33, 27 findings none true, 0 of 1 real defect, 2 of 6 seeds. Their classes, fixed for",
    "every text: ages that name a group of persons ('men over 40', 'men 50–65 years of age'); a figure a",
    "body puts about ('that Pfizer quotes'); a contrast ends the parts 'including' opens; a note's lead",
    "('These are the estimates from the', 'This is taken from', 'obtained from') and the original sources",
    "its source drew on; a note's marker in a chart's heading; a figure said of 'today' or 'now' takes no",
    "date its clause gives another. The scorer reads a range a truth records by its midpoint by its ends.",
    "Last, heldout_twentysecond.md (a PLoS Neglected Tropical Diseases field study from its JATS, numbered",
    "references), measured before any change for it, gave recall 0.78, precision 0.62, roles 0.76,",
    "citations parsed and resolved 0.94, 20 findings none true (no real defect to find), 3 of 6 seeds; its",
    "classes (millimetres, odds ratios, p-values, coordinates, ages in months) were then read for every",
    "text. A heading 'Empirical View' (Our World in Data's) no longer makes a section the text's own work:",
    "the twenty-first's roles went from 0.18 to 0.86 and its uncited figures, which stand beside charts the",
    "excerpt dropped and which its truth reads as sourced by them, from 11 to 57 findings. The tables below",
    "are after all of this, so these texts are no longer unseen.",
    "Next session (2026-12-07, fifth): heldout_twentythird.md (a Socialist Worker news feature of 2006 on",
    "immigration myths, sources named in prose only, truth by another hand), measured on 5b41482 before any",
    "change for it, gave recall 0.89, precision 0.97, roles 0.88, 4 findings all true, 3 of 5 real defects",
    "and 1 of 6 seeds found, no false alarm. heldout_twentyfourth.md (an ILO working paper of 2023 on",
    "generative AI and jobs, author-year citations, from a PDF text extract, truth by another hand),",
    "measured on 92ac68a before any change for it, gave recall 0.96, precision 0.64, roles 0.62, citations",
    "parsed 0.96 and resolved 0.78, 30 findings of which 0.30 true, 8 of 10 real defects and 5 of 6 seeds",
    "found, no false alarm. heldout_twentyfifth.md (an ONS statistical article of 2014, 'Wealth and Income,",
    "2010-12', British, footnote markers glued to words, truth by another hand), measured on 5cc57db before",
    "any change for it, gave recall 0.91, precision 0.83, roles 0.81, citations parsed 0.00, 8 findings none",
    "true (no real defect to find), 1 of 6 seeds found, no false alarm. heldout_twentysixth.md (Wikipedia's",
    "'Refugees of the Syrian civil war' as reposted by another site without its footnotes, CC BY-SA, truth",
    "by another hand), measured on 4c0e092 before any change for it, gave recall 0.93, precision 0.97, roles",
    "0.93, 47 findings of which 0.74 true, 36 of 63 real defects (the copy's uncited figures) and 2 of 6",
    "seeds found, no false alarm. heldout_twentyseventh.md (a White House blog post of April 2024 on the",
    "workforce strategy, sources as links, US-government work, truth by another hand), measured on 8f0eca0",
    "before any change for it, gave recall 0.93, precision 0.84, roles 0.54, 19 findings of which 0.37 true,",
    "8 of 13 real defects and 3 of 6 seeds found, no false alarm. (A sixth text, a draft working paper on",
    "voting blocs from a repository holding AI-assistant files, with one sourced figure, was turned down.)",
    "The classes these texts showed were then fixed for every text: a typewriter's dash ('men--96",
    "percent'), 'as much as', 'the other 39 million'; sources named in prose reaching their paragraph and",
    "the next when a text names several, one opening its sentence covering nothing before it, experts,",
    "testimony and bodies that identified, revealed or reported a number; a Markdown link sourcing its own",
    "sentence; 'Liu et al. (2015)' read in a text that cites by notes and a note's persons with their",
    "degrees; Chicago's '———.' entries; a classification's levels and codes; sections of estimates,",
    "abstracts and key points as own work; fifths and tenths, '10%-12%', both ends of a range in the unit",
    "after the second, 'a million', currencies other than the dollar, the euro and the pound; 'as of'",
    "dating a present tense; an own result restated beside a note.",
    "",
    "On 2026-12-07 the seeds the held-out texts still missed were read by class, and two more unseen texts",
    "were added, their truths by other hands, each measured on 36406fe before any change for it:",
    "heldout_twentyeighth.md (Chaudhry and Heiss, 'Charity During Crackdown', a working paper of 2020 in",
    "pandoc Markdown, CC BY 4.0; its citation keys rendered author-date by pandoc's citeproc, its list from",
    "the repository's .bib) gave recall 0.90, precision 0.84, roles 0.94, citations parsed 0.96 and resolved",
    "0.92, 4 findings of which 1 true, 1 of 2 real defects and 4 of 6 seeds found, no false alarm;",
    "heldout_twentyninth.md (CRS Report R48447 on unemployment insurance, 2026, a copy that lost its note",
    "markers, US-government work) gave recall 0.82, precision 0.86, roles 0.25, 2 findings none true, 0 of",
    "18 real defects and 0 of 6 seeds found, no false alarm. The classes, fixed for every text: 'A of the",
    "B ... the remaining C' (B is A and C) and 'the remaining four'; a whole number counting things is",
    "exact, not rounded by half a unit; a multiple set after a figure ('more than 70,000, twice as high')",
    "held against the figure before it; a figure given as another's finding ('was reported in', 'estimated",
    "elsewhere') sourced even in an own-results section; 'In 2010-12,' and 'on 2006-08 data' dating a",
    "sentence; notes written after the reference list (pandoc's place for them) and paragraphs ending in a",
    "named marker; dates in digits, front-matter fields, '2×2×2', 'a 5-point scale', record identifiers and",
    "subscripts as no figures; a rule of law resting on the law its sentence names ('Federal law requires',",
    "'Under permanent law'); a text that only summarises ('This section provides summary information') no",
    "source of its own figures; a body cited whole ('Giving USA 2017'); 'no more than' as an upper bound; a",
    "conditional in the figure's own clause as a projection. Then three more, each measured before any",
    "change for it: heldout_thirtieth.md (PolicyEngine's post on the Conservative 2024 manifesto, a think",
    "tank's own estimates beside a party's costings, AGPL-3.0) gave recall 1.00, precision 0.98, roles 0.34,",
    "10 findings none true, 0 of 1 real defect and 2 of 6 seeds; heldout_thirtysecond.md (a 2014 article of",
    "the Revista de Saúde Pública from SciELO's JATS, superscript citations and lettered notes, CC BY-NC)",
    "gave recall 0.61, precision 0.31, roles 0.86, citations parsed 0.47 and resolved 0.43, 16 findings none",
    "true and 3 of 6 seeds; heldout_thirtythird.md (ONS 'Civil Service Statistics, 2013', 'per cent',",
    "OGL) gave recall 0.90, precision 0.87, roles 0.99, no findings, 0 of 1 real defect and 2 of 6 seeds.",
    "Their classes, fixed for every text: a party's plan ('The Conservatives propose', 'committed to')",
    "resting on the party and about a time to come; '## Key findings' never the title; superscript lists",
    "('<sup>4,6</sup>') and lettered notes; notes in Vancouver's form; no year from a DOI; the labels of",
    "items just counted ('four items (1, 2, 6 and 7)'); a person who told it ('He also admitted') sourcing",
    "the clause that follows; 'down around 15,000 or 3 per cent' as a count and its share; age bands. (One",
    "more search, for an academic text with many narrative citations, found none the brief allowed.)",
    "heldout_thirtyfourth.md (a sibling of the thirty-second in the same journal, CC BY-NC), measured",
    "after the thirty-second's fixes and before any of its own, gave recall 0.70, precision 0.53, roles",
    "0.77, citations parsed 0.94 and resolved 0.82, no findings, 1 of 6 seeds. Its classes, and the last",
    "of the session, fixed for every text: a Vancouver entry's year before its volume, 'et al' without a",
    "full stop, '[cited 2013 Jan]'; confidence intervals, instruments, program versions, components;",
    "'more than doubling ... from FY2014 (249) through FY2021 (559)'; places, bodies and people counted",
    "by a small number word; a numbered Congress and the range a measure is defined on; and periods: the",
    "text's own results dated by the years its study collected its data, by the period its title names,",
    "or by the sentence before them, such implied periods judged where they are stated. The next session",
    "first fixed classes of seeds still missed (a note marker between a part and its whole; 'up by 3,980",
    "or 32 per cent on 2012, when 12,570'; 'with 3,746 (97.1%) responding'; figures read from a chart the",
    "paragraph names without a number), then measured three more texts before any change for them:",
    "heldout_thirtyfifth.md (GAO-26-107815 on refugee assistance to Ukrainians, 2026, endnotes from a PDF",
    "conversion, US-government work) gave recall 0.63, precision 0.65, citations parsed 0.32 and resolved",
    "0.14, 39 findings none true, 2 of 6 seeds; heldout_thirtysixth.md (a 2022 economics thesis rendered",
    "by pandoc, Chicago author-date, CC BY 4.0 in its README) gave recall 1.00, precision 0.47, resolved",
    "0.00, 57 findings of which 3 true, 0 of 6 seeds; heldout_thirtyseventh.md (a Let's Encrypt blog post,",
    "MPL-2.0) gave recall 0.80, precision 0.80, 7 findings none true, 2 of 6 seeds. Their classes, fixed",
    "for every text: pandoc's heading attributes ('# References {#references}'), which hid the reference",
    "list; citeproc's missing key '(**key?**)' as an unresolved citation; labels of an enumeration run",
    "into a sentence ('1) was born ...; 2) was 16 years or older'); a year before a singular noun ('his",
    "1885 address'); '87.37% ... (15,465 of 17,700)'; the marker of a note that cites nothing, and a",
    "marker spaced after the full stop (' [1] Parole is'), which closes the sentence before it; small",
    "number words counting grantees, agencies and states with their modifiers, but not back-references",
    "('These two institutions', 'the four states that ...'); amounts of data ('3.8TB'). What is left on",
    "the three: the GAO report's and the blog's own figures, which their truths take as the authors' own",
    "and nothing in the excerpt marks as such, are still judged uncited. Then two more, each measured",
    "before any change for it: heldout_thirtyninth.md (a 2022 scoping review in Rev Saúde Pública,",
    "Vancouver superscripts, CC BY 4.0) gave recall 0.76, precision 0.98, 12 findings of which 5 true, 3",
    "of 6 seeds; heldout_fortieth.md (a CSIS commentary on HIV/AIDS funding, Chicago notes, MIT) gave",
    "recall 0.90, precision 0.62, 33 findings of which 13 true, 3 of 6 seeds. Their classes, fixed for",
    "every text: studies and articles counted by number words, also listed before a shared noun ('two,",
    "ten, and four articles'); a duration named once after a pair ('6.9 and 5.5 years'); an uncited '(n",
    "= 33)' as the text's own count; a remainder after a count of its own sentence; a bare list of",
    "numbers is no whole and its parts; a target named by its numbers ('90-90-90'); a journal's volume,",
    "issue and pages in a note; a site named by the initials of a body the text names. A text a helper",
    "found for British spelling (HM Treasury's Summer Budget 2015) was dropped unmeasured: it is the",
    "real corpus's report2_uk.md again, from the repository that took over that one's files. Last,",
    "heldout_fortyfirst.md (the Bank of England's MPC minutes of October 1998, British, no citations,",
    "CC BY-NC-SA 4.0 by its repository) gave recall 0.75, precision 0.50, 14 findings none true, 2 of 6",
    "seeds; its classes: a day before its month ('on 4 and 5 November'), a law's year ('the Bank of",
    "England Act 1998'), vulgar fractions ('3½%'), a body's projection as the subject ('The latest",
    "International Monetary Fund World Economic Outlook projection was for'), and a change named after",
    "two figures and their years ('2.0% in 1998 and 2.5% in 1999, a rise of ...'). A ProPublica feature",
    "(CC BY-NC-ND) a helper found was not taken: an excerpt with sections dropped is an adaptation its",
    "licence does not allow. Read last, over all texts: number words in a sentence that opens with their",
    "whole ('Of the 28 countries ..., seven are in Asia') or whose noun was said once ('Eight",
    "institutions ... and eight in Hong Kong'), and a net amount after two amounts set against each",
    "other ('compared to'). Tried and dropped: a marker sentences away that would make its figure an",
    "anachronism not covering it (5 false findings fewer, 2 seeds and 1 false alarm more), and judging",
    "figures attributed in prose for a missing period (5 seeds more, 209 findings more, 6 false",
    "alarms). The next session measured eleven more texts, each before any change for it (first looks",
    "below). heldout_fortysecond.md (Chaudhry and Heiss, 'Are Funders Really Responding?', a 2017 working",
    "paper in pandoc Markdown, keys rendered by citeproc, MIT by its repository): recall 0.86, precision",
    "0.73, resolved 1.00, 3 findings of which 2 true, 3 of 6 seeds; heldout_fortythird.md (Daley, Coates",
    "and Wiltshire on migration and housing, The Conversation 2018, CC BY-ND 4.0): recall 0.83, precision",
    "0.79, 10 findings of which 3 true, 2 of 6 seeds. Their classes, fixed for every text: probabilities",
    "('P(> 0) = 0.05'), classification codes and visa classes are no figures; 'dozens of' is a vague",
    "count; ', triple the 100,000' is a multiple recomputed, 'doubled up' is not; counterfactuals ('lower",
    "than otherwise') and funding disclosures need no source; a total since a later year is part of the",
    "total since an earlier one; 'According to X, in 2010, ...' and 'On 2011 census figures' date their",
    "sentence; 'C. Neal Tate' is family name Tate. heldout_fortyfifth.md (Johnson et al., PLoS Medicine",
    "2013, JATS, numbered, CC BY): recall 0.70, precision 0.50, resolved 0.94, 2 findings none true, 3",
    "of 6 seeds; heldout_fortysixth.md (Wikipedia's 'Economy of India', 2025, [N] markers, CC BY-SA 4.0):",
    "recall 0.92, precision 0.96, resolved 0.39, 29 findings none true, 3 of 6 seeds. Their classes:",
    "Wikipedia's entries printed title first and its back-links ('**^**'); entries dated '(2 May 2016)';",
    "authors opening with a particle ('van Sighem AI'); a block quotation's '>' markers; 'As ... Maddison",
    "has shown'; '1.84 y', '24 mo'; confidence bounds in percent; bounds that name a group ('CD4 counts",
    ">=200'); 'Of the 16,250, 13,968 had' after a full stop. heldout_fortyseventh.md (Gurran et al. on",
    "key workers' housing, The Conversation 2018): recall 1.00, precision 1.00, 17 findings of which 2",
    "true, 3 of 6 seeds; heldout_fortyninth.md (Lauster and von Bergmann on housing nationalism, a 2023",
    "Quarto preprint, CC BY-NC-ND 4.0 by its deposit): recall 0.83, precision 0.71, resolved 0.92, 19",
    "findings of which 9 true, 4 of 6 seeds. Their classes: a bare dollar in a text about Australia,",
    "Canada or New Zealand is theirs; 'could' and 'might' state a possibility ('would' was tried and left",
    "out: it also tells past narrative and projections that need a source); 'our study shows'; 'after",
    "three years of investigation'; 'volume(issue): pages'; a table named through a link. Then",
    "heldout_fiftyfirst.md (Hotez, a PLoS NTDs editorial of 2007, JATS, numbered, CC BY): recall 0.75,",
    "precision 0.73, resolved 0.97, 11 findings of which 3 true, 5 of 6 seeds; heldout_fiftysecond.md",
    "(Lauster and von Bergmann, 'Fact-checking Vancouver's Swamp Drainers', a blogdown post of 2018, MIT",
    "by its repository): recall 0.63, precision 0.66, 4 findings none true, 4 of 6 seeds;",
    "heldout_fiftieth.md (Taleporos on disability housing, The Conversation 2018, with a real '360%",
    "growth' from 137 to 492): recall 0.96, precision 0.88, its real defect missed, 4 of 6 seeds. Their",
    "classes: a change in percent after 'A to B', also from the sentence before when 'That's' points back",
    "(the real defect, found since); a country's dollar told by its cities and statistics office; table",
    "identifiers ('CANSIM 33-10-0003'); ages that bound a group; '6% of all 360,000' beside its count;",
    "parts labelled before their numbers after 'Of the' whole. Last, heldout_fiftythird.md (von Bergmann",
    "and Lauster, 'Tax Speculations', 2019, MIT by its repository): recall 0.96, precision 0.93, 7",
    "findings none true, 3 of 6 seeds; heldout_fiftyfourth.md (Wilson, a PLoS ONE systematic review of",
    "2011, JATS, numbered, CC BY): recall 0.85, precision 0.70, resolved 1.00, no findings (2 real",
    "defects), 3 of 6 seeds. Their classes: a figure followed by 'of which' is a part, not the whole of",
    "what follows; 'by a factor of 0.8'; 'the five year timeframe'; rate ratios; 'the 12 month",
    "incidence'. The eleven first looks together: recall 0.85, precision 0.75, resolved 0.80, 102",
    "findings of which 19 true, 37 of 66 seeds; after their classes were fixed: 0.92, 0.92, 0.95, 60",
    "findings of which 20 true, 45 of 66 seeds. What generalised: on the 39 held-out texts measured",
    "before this session the measures barely moved (recall 0.907 -> 0.909, precision 0.898 -> 0.900,",
    "findings 373 -> 372 of which 215 true, seeds 147 of 231 unchanged); each new text brought classes",
    "of its own, and its first look, not its end, is the unseen measure. Measured last, before any change",
    "for it: heldout_fiftyfifth.md (Lauster and von Bergmann, 'Taxing Toxic Demand: Early Results', a",
    "blogdown post of 2019, MIT by its repository) gave recall 0.73, precision 0.79, its real defect",
    "missed, 1 of 6 seeds and 2 false alarms (a seed's year carried to figures it does not date). Its",
    "classes: a link's words read on past the link ('over [one-fifth](...) of late filers'); 'a quarter",
    "percentage point' is 0.25 points; the data a later clause names ('..., using 1,048,290 properties",
    "from the 2021 CHSP data') date that clause, not the figures before it (its 2 false alarms). Its",
    "missed seeds are left. Three more came on 2026-12-07, found and given their truths by other hands",
    "(the search budget ended two other searches), each measured before any change for it:",
    "heldout_fiftysixth.md (Munks, 'Homes versus high-rises', Poplar LDN 2024, British local news with",
    "'per cent' and pounds, MIT by its repository): recall 0.70, precision 0.96, 14 findings of which 1",
    "true (its real defect), 3 of 6 seeds; heldout_fiftyninth.md (Vollrath, 'Why Isn't the Whole World",
    "Developed?', Growth Economics Blog 2016, CC BY-NC 4.0, its arithmetic worked in the prose): recall",
    "0.27, precision 0.31, 16 findings none true, 3 of 6 seeds; heldout_sixtieth.md (ProPublica 2025 on a",
    "Chicago raid, CC BY-NC-ND 3.0, sources named in prose): recall 0.59, precision 0.75, 7 findings of",
    "which 2 true, 2 of its 3 real defects, 3 of 6 seeds. Together: recall 0.47, precision 0.58, 37",
    "findings of which 3 true, 9 of 18 seeds, no false alarm. Their classes, fixed for every text: a rule",
    "the figure sets ('must be affordable'); 'a dozen', 'three dozen'; small counts of tenants, homes,",
    "associations; a decimal below one is a share or a ratio, never a count; records or data that show a",
    "figure attribute their sentence; street addresses; the people who told it, counted by the reporter;",
    "a paragraph that ends in a quotation ends its sentence; 'on 2012 figures'; 'and ... 12 of them';",
    "abbreviated months ('Sept. 30'); a computation worked out in print (its own, a sum recomputed);",
    "questions, norms set ('set the price to 1.0') and numbered parts of the argument ('Question 2').",
    "After them the three: recall 0.66, precision 0.75, 27 findings of which 3 true, 13 of 18 seeds. The",
    "rest of their misses are conventions of their truths (wages and capital in unnamed units as OTHER, a",
    "share of an unnamed whole as UNITLESS), counts that news reporting gives with no source and the",
    "truths take as needing none, and a whole named before an enumeration with no colon ('three schemes",
    "..., one on Cuba Street, and two more on Marsh Wall'). The tables below are after all of this.",
    "On 2026-12-08 one more came, found and given its truth by another hand, measured before any change",
    "for it: heldout_sixtyfirst.md (Bucheli and Olivieri, 'Gendered effects of the personal income tax',",
    "International Journal of Microsimulation 2019, CC BY 4.0, JATS XML turned into Markdown; author-year",
    "citations, narrative and parenthetical, British spelling): recall 0.92, precision 0.87, 22 findings",
    "of which 1 true (one of its 2 real defects), 3 of 6 seeds, no false alarm. Its classes, fixed for",
    "every text: works taken up by the next sentence ('These works find that ... more than 100%') and the",
    "rates and deductions a tax sets ('seven marginal rates', 'allowed to subtract 6 per cent'), which are",
    "rules, not claims that need a source (its truth calls them sourced but lists none as uncited). After",
    "them: recall 0.92, precision 0.87, 11 findings of which 1 true, 3 of 6 seeds. Of its 10 false findings",
    "left, 9 are shares of employment its truth records as sourced and uncited but not as defects.",
]


# Seeds still missed, and why (shown beside a seed while it is missed): read from the texts, not guessed.
SEED_WHY = {
    "provided most of the capital in their first $400M round": "the whole ('$350M in total') is in the "
    "sentence before, and no word ties the round to it ('alone', 'this figure', 'the remaining' do)",
    "at least 75 % of its resident workforce": "a threshold ('must hold at least 75 %') of the paper's method: "
    "without its citation it reads as the text's own, and a threshold is no claim about the world (the "
    "issue's item 3) that the rules asking for a source judge",
    "74 % of the score is scale": "the share's numerator and denominator are named by the paper's own terms "
    "('the permutation null', 'the score'), not by a relation of the text's wording",
    "increased by 18% in the 5 months to May 2015": "the text's note 1 says 'All UK economy data from the ONS "
    "unless otherwise stated': without its own note the figure is the ONS's, by the text's own word",
    "they find that the 160 billion int.-$ gap for 2017": "another seed of the text replaces the antecedent "
    "of 'they' ('Hoy and Sumner (2016) compare', unresolved): the figure rests on a citation of no known date",
    "three times higher than that of Italians (30.1 percent vs. 9.8 percent)": "in a results section that "
    "mostly cites nothing, an uncited figure reads as the text's own result",
    "roughly 1/3rd of the improvements in extreme poverty since 1980": "'since 1980' states where the period "
    "starts, not where it ends, and the check judges a figure by its end: an open period is never after its source",
    "almost 320 million of the 300 million people who make up the population": "'almost 320 million' may be as "
    "few as 288 million (the hedge 'almost' reads [0.9X, X]), so the part need not exceed its whole",
    "122 women living in poverty for every 100 men living in poverty (32 percent more)": "'N for every M' is not "
    "read as a ratio to recompute, and '(32 percent more)' restates it as a change no relation reads",
    "as of 2017 about 50.5 million resided here without legal status": "the whole ('about 45 million "
    "foreign-born people') is in the paragraph before, named here only by 'here'; relations are read within a "
    "passage",
}


def real_corpus(folder: Path = REAL, title: str = "The real corpus", intro: list[str] = REAL_INTRO) -> list[str]:
    """One corpus's section of the report."""
    if not folder.is_dir():
        return []
    texts = sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".md", ".txt") and p.name != "README.md" and p.with_suffix(".toml").exists()
    )
    if not texts:
        return []
    scores: list[TextScore] = []
    for path in texts:
        print(f"measuring {path.name} ...", file=sys.stderr)
        scores.append(measure(path, path.with_suffix(".toml")))
    lines = [
        f"## {title}",
        "",
        *intro,
        "",
        "| text | kind | licence | words | source |",
        "| --- | --- | --- | --- | --- |",
    ]
    for path in texts:
        t = read_truth(path.with_suffix(".toml"))
        src = t.get("source", {})
        words = len(path.read_text(encoding="utf-8").split())
        lines.append(
            f"| {path.name} | {src.get('kind', '')} | {src.get('licence', '')} | {words} | {src.get('url', '')} |"
        )
    lines += [
        "",
        "A draft and a truth figure match when their printed figures overlap in the text and the values agree",
        "within 0.5 percent in the same unit; a share counts the same written as a percentage or a fraction",
        "('half': 50 PERCENT or 0.5 FRACTION), and the truths' OTHER stands for any unit beyond counts, shares,",
        "multiples, years and money; a count of days, weeks, months or hours (NUM) is the same figure as that",
        "duration (DAY, WK, MO, HR), and a decimal below one that a truth writes as a count (NUM) the same as",
        "a ratio (UNITLESS), since nothing counted is fractional; a vague amount ('tens of thousands') matches a vague draft of the same",
        "unit and power of ten. A period is right when it starts and ends in the truth's years; a",
        "twelve-month window ('the year to June 2016') counts as the year it ends in where the truth names one.",
        "An entry left uncited is the same defect whether named by its title or as 'Author Year'.",
        "",
        "Figures: recall with the right value and unit (and, of those whose period the text states, with",
        "the right period); precision of the figure drafts; the role (sourced, own, hypothetical, common) right",
        "among the figures found. Citations: parsed at their place with their print, resolved to the right",
        "entries. Findings of `check` on the drafts (warnings and violations): the share that names a real",
        "defect of the truth; the real defects found. Seeds: defects seeded by the truth's edits, found, and",
        "findings the seeds brought that name no defect (false alarms: findings on the seeded text that the",
        "text as published does not have and that are no consequence of a seed: on the words a seed rewrote,",
        "an entry left uncited by a seed that edits its citation, the seed's rule on a figure of the passage",
        "it edited, a figure left uncited by a seed that removes the citation covering it in the text as",
        "published; the findings the two texts share are judged in 'true' above).",
        "",
        "| text | figures | recall | period | drafts | precision | role | citations | parsed | resolved | "
        "findings | true | defects found | seeds found | false alarms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    total = TextScore.total(scores)
    for sc in [*scores, total]:
        name = f"**{sc.name}**" if sc is total else sc.name
        lines.append(
            f"| {name} | {sc.figures} | {ratio(sc.found, sc.figures)} | {ratio(sc.period_right, sc.with_period)} | "
            f"{sc.drafts} | {ratio(sc.real_drafts, sc.drafts)} | {ratio(sc.role_right, sc.found)} | {sc.citations} | "
            f"{ratio(sc.parsed, sc.citations)} | {ratio(sc.resolved, sc.citations)} | {sc.findings} | "
            f"{ratio(sc.true_findings, sc.findings)} | {sc.defects_found}/{sc.defects} | {sc.seeds_found}/{sc.seeds} | "
            f"{sc.seed_false_alarms} |"
        )
    lines += [
        "",
        "Against the targets (totals above):",
        "",
        "| measure | target | measured | met |",
        "| --- | --- | --- | --- |",
    ]
    for label, target, got in (
        ("figures found with the right value and unit", 0.9, total.found / total.figures if total.figures else 0),
        ("drafts that are real figures", 0.9, total.real_drafts / total.drafts if total.drafts else 0),
        ("citations resolved to the right entries", 0.9, total.resolved / total.citations if total.citations else 0),
        ("findings that are real problems", 0.9, total.true_findings / total.findings if total.findings else 1),
        ("seeded defects found", 0.9, total.seeds_found / total.seeds if total.seeds else 1),
    ):
        lines.append(f"| {label} | {target:.2f} | {got:.3f} | {'yes' if got >= target else 'no'} |")
    lines.append(
        f"| false alarms on the seeded texts | 0 | {total.seed_false_alarms} | "
        f"{'yes' if total.seed_false_alarms == 0 else 'no'} |"
    )
    lines += [
        "",
        f"Besides the figures: {total.events} dated events drafted (no truth lists events; they are not in the",
        f"precision above), {total.tables_left_out} tables left out of the prose. Of the {total.findings} findings,",
        f"{total.event_findings} are on dated events, which the truths do not judge (counted as not true above);",
        f"on figures, citations and references alone, {ratio(total.true_findings, total.findings - total.event_findings)}",
        "of the findings name a real defect.",
    ]
    worst = max(scores, key=lambda sc: sc.findings - sc.true_findings)
    if len(scores) > 1 and worst.findings > worst.true_findings:
        rest = TextScore.total([sc for sc in scores if sc is not worst])
        lines += [
            f"The text with the most findings that name no real defect is {worst.name} ({worst.findings - worst.true_findings}",
            f"of its {worst.findings}); on the other texts, {ratio(rest.true_findings, rest.findings)} of "
            f"{rest.findings} findings name a real defect.",
        ]
    lines += [
        "",
        "### What did not match, text by text",
        "",
    ]
    for sc in scores:
        lines.append(f"**{sc.name}**")
        lines.append("")
        for label, items in (
            ("missed figure", sc.missed),
            ("draft that is no figure of the truth", sc.extra),
            ("citation not parsed", sc.unparsed),
            ("citation resolved wrong", sc.misresolved),
            ("finding that names no real defect", sc.false_findings),
            ("real defect not found", sc.missed_defects),
            ("seed not found", sc.missed_seeds),
            ("false alarm on the seeded text", sc.false_alarms),
        ):
            lines += [f"- {label}: {item}{_why(item)}" for item in items]
        lines.append("")
    return lines


def _why(item: str) -> str:
    return next((f" (why: {why})" for subject, why in SEED_WHY.items() if f"`{subject}`" in item), "")


LIBRARIES = """## What reads what

| part | how | why |
| --- | --- | --- |
| sentences | pySBD (`pysbd`), rule-based, no model | the Golden Rules of the Pragmatic Segmenter keep 'et al.', 'U.S.', 'e.g.' and decimals inside a sentence; spaCy or stanza would download a model at run time |
| number words | number-parser (`number-parser`) | 'twenty-five', 'one hundred and fifty'; the digits, signs and glued scales ('1.2m', '€3.5bn') are patterns of `extraction/numbers.py`, the units around them of `extraction/units.py` and `extraction/figures.py`, because what counts as a figure (not a footnote marker, not the narrative's 'five years on', not math) is this project's rule, not a parser's |
| quantities | patterns (`extraction/figures.py`) | quantulum3 0.9 was tried on the error classes of the real texts: '1.2m' came back as 1.2 metre, '$-0.08$' as 'dollar dollar', '€3.5bn' as 3.5 'euro bit newton', the footnote marker in '3.1.^{4}' as a figure 4, 'five years on' as 5 years, 'one in five' as 5; it has no notion of hedges, shares or citations. The errors that matter here are about context, which it does not see |
| dates and periods | patterns (`extraction/dates.py`) | dateparser reads free-form dates well but not 'the late 1960s', 'from 1970 to 2009' as a period, nor a year that is a count ('2000 refugees') |
| in-text citations | patterns (`extraction/intext.py`), then `citations.py` matching | author-year forms with emphasis, possessives and locators; no Python library parses in-text citations (AnyStyle, GROBID and CERMINE are Ruby or Java services and parse reference strings or PDFs) |
| reference lists | patterns (`extraction/references.py`) | the same services would parse entries better, but none installs from PyPI without a JVM or a model download |
| a figure's role | cues of its sentence, its paragraph, its section and the text (`extraction/roles.py`) | own results ('we find', coefficients, math, 'as can be seen', fieldwork told in the first person, a Results section that mostly cites nothing, a statistical release), hypothetical inputs ('if', 'for example'), common knowledge (a country's divisions, an altitude), and sourced claims |
| what a citation covers | the clause, the sentence, the run of sentences a citation closes, the study a paragraph opens with, a note's passage, an earlier printing of the same figure (`extraction/scope.py`) | how far a citation reaches is a convention of academic and journalistic writing, read from the layout (paragraphs, notes, quotations), not a parser's |
| notes | patterns (`extraction/notes.py`) | footnote and endnote markers in PDF text, HTML and Markdown, and the sources each note names; no library reads notes-and-bibliography styles from plain text |
"""


def _measure(tmp: Path) -> int:
    lines = [
        "# Extraction, measured",
        "",
        "Generated by `python bench/extraction.py` (re-run it after changing the extractor).",
        "",
    ]
    lines += real_corpus()
    lines += real_corpus(HELD_OUT, "Held-out texts", HELD_OUT_INTRO)
    lines += LIBRARIES.splitlines() + [""]
    lines += [
        "## The chapter and the two test documents",
        "",
        "Drafts of `forcedmig-kb extract` are matched to reference claims by overlapping quote (whitespace runs",
        "count as one space) and equal figure (values within 0.5 percent; dated events: same start). The two",
        "test documents were written for the extractor: they show it keeps what it did, not how it does on",
        "texts it has not seen.",
        "",
    ]
    lines += ["| corpus | reference claims | drafts | recall | precision |", "| --- | --- | --- | --- | --- |"]
    details = []
    ex = extract(CHAPTER.read_text(encoding="utf-8"), doc_id="chapter")
    drafts_kb, curated_kb = load(ex, tmp), load_knowledge_base([ROOT / "data"])
    whole = ex.document.whole.text
    s = score(claims_of(drafts_kb, whole), claims_of(curated_kb, whole))
    lines.append(f"| chapter vs data/claims.ttl | {s.reference} | {s.drafts} | {s.recall:.3f} | {s.precision:.3f} |")
    details.append(("chapter", s))
    texts = sorted(p for p in (ROOT / "tests" / "data" / "texts").iterdir() if p.suffix in (".md", ".txt"))
    text_rules = []
    for path in texts:
        tex = extract_file(path)
        kb = load(tex, tmp)
        w = tex.document.whole.text
        want = []
        for i, f in enumerate(tomllib.loads(path.with_suffix(".toml").read_text(encoding="utf-8"))["figure"]):
            at = w.find(collapse(f["quote"]))
            want.append(
                Claimed(
                    str(i),
                    f["quote"],
                    ((at, at + len(collapse(f["quote"]))),),
                    float(f["value"]) if "value" in f else None,
                    f.get("event"),
                    f["citation"],
                )
            )
        ts = score(claims_of(kb, w), want)
        lines.append(
            f"| {path.name} vs {path.with_suffix('.toml').name} | {ts.reference} | {ts.drafts} | "
            f"{ts.recall:.3f} | {ts.precision:.3f} |"
        )
        details.append((path.name, ts))
        text_rules.append((path.name, rules(kb)))
    lines += ["", "### What did not match", ""]
    for name, sc in details:
        for m in sc.missed:
            lines.append(f"- {name}: missed `{m.exact}` ({m.value if m.value is not None else m.start})")
        for e in sc.extra:
            lines.append(
                f"- {name}: drafted but not a reference claim: `{e.exact}` ({e.value if e.value is not None else e.start})"
            )
    lines += [
        "",
        "### Citation findings: the drafts' audit against the curated data's audit (chapter)",
        "",
        "Statuses of the printed citations as the loader matches them (drafts resolved against the",
        "chapter's own reference list, parsed from the text; curated against data/references.bib):",
        "",
    ]
    a, b = citation_statuses(drafts_kb), citation_statuses(curated_kb)
    same = sum((a & b).values())
    lines.append(
        f"- printed citations with the same match statuses: {same} of {sum(b.values())} curated, "
        f"{sum(a.values())} drafted"
    )
    statuses: dict[str, list[int]] = {}
    for counter, i in ((b, 0), (a, 1)):
        for (_printed, st), n in counter.items():
            for one in st.split():
                statuses.setdefault(one, [0, 0])[i] += n
    lines += ["", "| match status | curated | drafts |", "| --- | --- | --- |"]
    lines += [f"| {k} | {v[0]} | {v[1]} |" for k, v in sorted(statuses.items())]
    rc, rd = rules(curated_kb), rules(drafts_kb)
    lines += [
        "",
        "Findings of the check's citation rules (rules of issue 3 count once they are in the shapes):",
        "",
        "| rule | curated | drafts |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {r} | {rc.get(r, 0)} | {rd.get(r, 0)} |" for r in CITATION_RULES]
    lines += [
        "",
        "All findings of the drafts' audit, by rule (topic and undated periods are not in the text; the",
        "drafts leave them for the curator):",
        "",
        "| corpus | findings by rule |",
        "| --- | --- |",
        f"| chapter | {', '.join(f'{k} {v}' for k, v in sorted(rd.items()))} |",
    ]
    lines += [f"| {n} | {', '.join(f'{k} {v}' for k, v in sorted(r.items()))} |" for n, r in text_rules]
    write_text_atomic(ROOT / "docs" / "extraction.md", "\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
