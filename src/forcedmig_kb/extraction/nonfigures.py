"""Numbers in prose that are not figures, and where they are.

:func:`excluded_spans` gives the spans of a text whose numbers the figure reader skips:
addresses and link targets, list and enumeration markers, footnote markers ('^{4}', '<sup>4</sup>',
'migrants.12 The'), HTML markup and inline notes, numbers that name rather than count (bills,
days without a year, licence versions, plural labels such as 'Articles 9 and 10', windows that
date a figure such as 'in the 3 months to April 2015', times of day, the base of a rate such as
'per 1,000 people'), a page after a quotation, a number in an emphasised title, years of an era
or before 1500, and inline math that is not a value (:func:`math_spans` finds inline math; the figure reader keeps '$-0.08$' as a number).
:func:`names_no_quantity` tells, from what stands around one number, that it names or bounds
something: a version, an identifier, a coordinate, a p-value, a file's size, an age that names a group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .markup import INLINE_NOTE, TAG

_LIST_MARKER = re.compile(r"(?:^|(?<=[.:;!?])\s|(?<=[.:;!?][\"'’”)*])\s)(?:[-*+]\s+)?\(?(\d{1,2})[.)](?=\s)")
# the marker of a list's item at the start of its line: '2. The persistence', '- 3) ...'
_ITEM_MARKER = re.compile(r"\s*(?:[-*+]\s+)?\(?(\d{1,2})[.)](?=\s)")
# '(2) ...', and an item of a run-in list with only its closing parenthesis ('...; or 3) Holders of ...')
_ENUMERATOR = re.compile(r"\(\d{1,2}\)(?=\s)|(?<=\s)\d{1,2}\)(?=\s+[A-Z])")
# an address, also one a line break cut after a '-' or '/' (PDF text): 'https://x.com/2020/fired-in- province.html'
_URL = re.compile(
    r"<?https?://[^\s>)]+(?:(?<=[-/_])\s[^\s>)]+)*>?|\]\([^)]*\)|\[\^[^\]]+\]|"
    r"\[\d{1,3}\](?=\([^()\s]*#[^()\s]*\))"  # a number linked to an anchor: a note's marker or label '[35](...#ifn35)'
)
# footnote markers: Markdown '[^4]', pandoc '^4^', LaTeX '^{4}', HTML '<sup>4</sup>', Unicode '⁴', subscripts, and a
# number glued to the punctuation after a word ('migrants.12 The'), as PDF-converted text prints them
_FOOTNOTE_MARK = re.compile(
    r"\^\{[^}\n]{0,20}\}|\^[^\s^]{1,20}\^|<sup[^>]*>.{0,120}?</sup>|<sub[^>]*>.{0,40}?</sub>|[¹²³⁰⁴-⁹₀-₉]+|"
    r"(?<=[A-Za-z])~[^\s~]{1,20}~|"  # pandoc's subscript: the hypothesis 'H~1b~'
    r"(?<=[a-z][.,;:)\]”\"’])\d{1,3}(?=\s|$)"
)
# HTML in Markdown: a tag and its attributes ('<abbr title="A group of 7 ...">'), a heading's number span
_HEADING_NUMBER = re.compile(r"<span class=\"number\">[^<]{0,12}</span>")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
)
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# numbers that name, not count: a bill ('H.R. 6405', 'S.Res. 497'), a day without its year ('February 11'),
# a parameter of an address ('id=78'), a report's issue ('Situation Report—10')
_NOT_A_COUNT = re.compile(
    r"(?<![\w.])(?!(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)(?:[A-Z][A-Za-z]{0,4}\.){1,3}\s?\d{1,5}\b|"
    rf"\b{_MONTH}\s*\d{{1,2}}\b(?!,?\s+{_YEAR})|"
    # the day before its month, as British dates print it ('on 4 October', 'held on 4 and 5 November'), and the
    # year of a law's name ('The Bank of England Act 1998', 'the Immigration Act of 1990')
    rf"\b{_DAY}(?:\s*(?:and|to|[-–])\s*{_DAY})?\s+{_MONTH}(?!\w)(?!,?\s+{_YEAR})|"
    rf"\b(?:Act|Acts|Regulations|Order|Convention|Treaty|Agreement)\s+(?:of\s+)?{_YEAR}\b|"
    r"\b(?:Attribution|BY|BY-SA|BY-NC|License|Licence)\s+\d\.\d\b|\b(?:Fortune|Forbes|FTSE|S&P|Russell|Global)\s+\d+\b|"
    # labels in the plural: 'Articles 9 and 10', 'models 1, 2 & 3'; 'Quarter 2 2015', 'Fig 3.15', 'aged over 50'
    r"\b(?:Articles|Sections|Chapters|Tables|Figures|Models|Columns|Pages|Paragraphs|Equations|Appendices|"
    r"[Ii]tems|[Qq]uestions|[Ss]tatements)\s+"
    r"\d+(?:\.\d+)?(?:\s*(?:,|and|&|to|–|-)\s*\d+(?:\.\d+)?)*|\b(?:[Mm]odels|[Cc]olumns)\s+\d+(?:(?:\s*(?:,|and|&)\s*)+\d+)*|"
    r"\bQuarter\s+[1-4]\b|\bFig\s+\d+(?:\.\d+)?|\b(?:K|Pre-K|PK)\s?[–-]\s?1[0-2]\b|"
    # the ages and grades that name a group ('aged 16 to 18', '15-year-olds', 'grades 9 to 11', 'wave 2')
    r"\baged\s+(?:over\s+|under\s+|at\s+least\s+|between\s+)?\d+(?:\s*(?:-|–|to|and)\s*\d+)?(?:\s+years?(?:\s+old)?)?|"
    # a roll-call tally ('by a vote of 220-207') and a span named as a kind ('a two-week CR extension')
    r"\bvotes?\s+of\s+\d{1,3}\s*[-–]\s*\d{1,3}\b|\b\d{1,3}\s*[-–]\s*\d{1,3}\s+votes?\b|"
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)-(?:hour|day|week|month)\b|"
    r"\b(?:\d+|[A-Za-z]+)-year-olds?\b|\b\d{1,2}\s*[–-]\s*\d{1,2}\s+age\s+(?:brackets?|groups?|ranges?|cohorts?)\b|"
    # 'the age bands 20-49, and 60-64', 'age bands 16-19, 50-59 and 65 and over'
    r"\bage\s+(?:bands?|brackets?|groups?|ranges?|cohorts?)\s+\d{1,2}\s*[–-]\s*\d{1,2}"
    r"(?:\s*(?:,|and|,\s*and)\s*\d{1,2}(?:\s*[–-]\s*\d{1,2}|\s+and\s+over))*|"
    # a group named by its place in a distribution: 'the bottom 20% of the income distribution', 'the top 1 percent'
    r"\b(?:top|bottom|richest|poorest|lowest|highest|upper|lower)\s+(?:(?:fifth|tenth|quarter|quintile|decile|half)\s+or\s+)?"
    r"\d+(?:\.\d+)?\s*(?:%|percent\b|per\s?cent\b)|\b(?:turns?|turned|turning)\s+\d{1,3}\b(?!\s*(?:%|percent|per\s?cent))|"
    r"\b(?:[Gg]rades?|[Ww]aves?|[Pp]hases?|[Ss]tages?|[Tt]iers?)\s+\d{1,2}\b(?:\s*(?:-|–|to|through|and|,)\s*\d{1,2}\b(?!\s*(?:%|percent|per\s?cent)))*|"
    # a window that dates a figure, not a figure: 'in the 3 months to April 2015', 'the three year period'
    r"\b(?:[Ii]n|[Oo]ver|[Dd]uring)\s+the\s+(?:past\s+|last\s+|previous\s+|latest\s+)?(?:\d+|[a-z]+)[-\s](?:months?|years?|weeks?|quarters?)\s+"
    r"(?:to|ending|up\s+to)\b|\bthe\s+(?:\d+|[a-z]+)[-\s]year\s+(?:period|time\s?frame|window|horizon)\b|\b\d+-month\b|"
    # a length that names a kind, a plural number before a singular unit: 'The 12 month incidence of clinical malaria'
    r"\b(?:[2-9]|[1-9]\d{1,2})\s(?:day|week|month|year)\s(?=[a-z]{3,})(?!old\b|olds\b)|"
    # a window a figure is measured over, or a kind named by its length: 'in the 3-year pre-ORI period', 'over 3-
    # and 6-year intervals', 'a four-year college degree'
    r"\b(?:\d+|[a-z]+)-(?:\s*(?:and|or|to)\s+(?:\d+|[a-z]+)-)?year\s+(?:[\w]+-[\w]+\s+)?"
    r"(?:periods?|intervals?|windows?|spans?|time\s?frames?|college|degrees?|bachelor['’]s|universit(?:y|ies))\b|"
    r"\b\d\.\d\s+(?:IGO|International|Unported|Generic)\b|"  # a licence's version
    r"\b[a-z_]\w*=\d+|\b(?:Report|Update|No\.|Number)\s?[—–-]?\s?\d+|"
    # the numbers of acts and of where they are printed: 'Executive Order 14347', 'Proclamation 10886',
    # 'Press Release 124/2026', '90 Federal Register 8327', '8 U.S.C. 1101', '134 Stat. 1182'
    # a section of a code: '§244(b)(1)(C)', '8 U.S.C. §1254a(a)(1)', '*Immigration Law and Procedure* §33.07[3]'
    r"§+\s*\d+[\w.]*(?:\([\w]+\))*(?:\[\d+\])?(?:\s*[-–]\s*\([\w]+\))*|"
    r"\b(?:[Pp]art|[Vv]ol\.|[Vv]olume|[Ss]ection|[Tt]itle|[Dd]ivision|[Cc]hapter|[Aa]rticle)\s+(?:\d+|[IVXL]+)\b(?!\s*(?:%|percent))|"
    # a statistical table's identifier: 'CANSIM 33-10-0003', '(table 14-10-0287-01)'
    r"\b\d{2,3}-\d{2}-\d{4}(?:-\d{2})?\b|"
    # a journal's volume, issue and pages: '40(10): 1455-1500'; a table or figure named through a link to it:
    # 'Table <a href="#tab-foreign">1</a>'
    r"\b\d{1,4}\s?\(\d{1,4}\)\s?:\s?\d{1,5}(?:\s?[-–]\s?\d{1,5})?\b|"
    r"\b(?:Tables?|Figures?|Fig\.|Charts?|Exhibits?|Appendix)\s*<a\b[^>]{0,200}>\s*[A-Z]?\d+(?:\.\d+)?\s*</a>|"
    # the codes of a classification: 'DAC codes 150 and 151', 'purpose code 15150'
    r"\b[Cc]odes?\s+\d+(?:\s*(?:,|and|or|&|,\s*and)\s*\d+)*\b(?!\s*(?:%|percent|per\s?cent))|"
    r"\b(?:Executive\s+Orders?|Proclamations?|Press\s+Releases?|Directives?|Decrees?|Resolutions?|Circulars?)\s+"
    r"\d+(?:/\d+)?(?:\s*(?:,|and|&)\s*\d+)*|"
    r"\b\d{1,3}\s+\*?(?:Federal\s+Register|Fed\.\s+Reg\.|FR|U\.S\.C\.|U\.S\.|Stat\.|C\.F\.R\.|CFR)\*?\s+(?:§+\s*)?\d+[\w.]*(?:\([\w]+\))*|"
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\b\.?)?|\b\d{1,2}\s?[ap]\.m\.|"  # a time of day
    r"(?<=[A-Za-z] )\d{1,2}(?=[”\"’])|"  # the end of a quoted name: '“severe acute respiratory syndrome coronavirus 2”'
    # the base of a rate: 'births per 1,000 people', '122 women for every 100 men'
    r"\b(?:per|for\s+every)\s+(?:1|10|100|1,?000|10,?000|100,?000|1,?000,?000)(?![\d.,]*\d)(?!\s*(?:%|percent|per\s?cent))|"
    # a street address: 'the one at 7500 S. South Shore Drive', '10 Downing Street'
    r"\b\d{1,5}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'’-]*\s+){1,3}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Dr\.|"
    r"Boulevard|Blvd\.|Lane|Terrace|Parkway)(?![\w])|"
    # the size of a linked file: '(395.6 Kb Pdf)', '(398 Kb Excel sheet)'
    r"\b\d+(?:\.\d+)?\s*[KMG]i?B\b(?=[^()]{0,30}\))"
)
# numbers that are no count of the prose: a page cited after a quotation ('... elsewhere” (366)'), a
# number in an emphasised title ('*Hostile Terrain 94*'), a year of an era ('430 BCE', 'from 165 to 180
# CE'), a span of years before the dates' range ('from 1347 to 1351'), a date in digits and a field of
# front matter
_NOT_OF_THE_PROSE = re.compile(
    r"(?<=[”\"’])\s*\((?:pp?\.\s*)?\d{1,4}(?:\s*[-–]\s*\d{1,4})?\)|"
    r"(?<![*\w])\*(?:[A-Z][\w'’-]*\s+){1,6}\d{1,4}\*(?![*\w])|"
    r"\b\d{1,4}(?:\s*(?:-|–|to)\s*\d{1,4})?\s?(?:BCE|BC|CE|AD|B\.C\.E?\.|A\.D\.|C\.E\.)(?![\w])|"
    # a target named by its numbers: 'the 90-90-90 goals', 'the final “10-10- 10”'
    r"(?<![\d.,])\b\d{1,3}(?:\s?[-–]\s?\d{1,3}){2,}\b(?![-–.,]?\d)|"
    r"\b(?:from|between)\s+1[0-4]\d\d\s+(?:to|and|until)\s+1[0-4]\d\d\b|"
    # a date in digits ('04/14/2026', '14.04.2026', '2026-04-14') and a field of the text's front matter printed
    # as a bold label ('**Version:** 6', '**Publication Date:** 04/14/2026')
    r"\b\d{1,2}[/.]\d{1,2}[/.](?:1[5-9]\d\d|20\d\d)\b|\b(?:1[5-9]\d\d|20\d\d)-\d{2}-\d{2}\b|"
    r"\*\*[A-Z][\w .]{0,30}:\*\*[ \t]*\d[\d.,/]*|"
    # a numbered part of the text's own argument, named ('**Question 2:**', 'Hypothesis 1', 'in Step 3'; phases,
    # stages, waves and parts are read as names with the labels above)
    r"\b(?:Question|Hypothesis|Step|Scenario|Round)\s+\d{1,2}\b(?![.,]\d)|"
    # a confidence interval's level and bounds ('95%CI 1.07;6.86', '95% CI: 0.32-0.85'), an instrument's length
    # ('the 15-item Geriatric Depression Scale') and a program's version ('SPSS 16.0 and Stata SE 10.0')
    r"\b\d{2}(?:\.\d)?\s?%\s?(?:CI|C\.I\.|confidence\s+intervals?)\b(?:\s*[:=]?\s*[\[(]?\s*[-−]?\d+(?:\.\d+)?\s*%?\s*"
    r"(?:[;,–-]|to)\s*[-−]?\d+(?:\.\d+)?\s*%?\s*[\])]?)?|\b\d{1,3}-items?\b|"  # bounds in percent: '[95% CI: 58%–77%]'
    r"\b(?:SPSS|Stata(?:\s*/?\s*(?:SE|MP|IC))?|SAS|MATLAB|Mplus|EViews|NVivo|Epi\s?Info|EpiData|R)\s+(?:version\s+)?"
    r"\d+(?:\.\d+)+[a-z]?\b|"
    # a numbered Congress ('During the 116 Congress', as a conversion that lost the ordinal's 'th' prints it)
    r"\b\d{2,3}(?:th|st|nd|rd)?\s+Congress\b|"
    # the range a measure is defined on, and what its ends stand for: 'The Gini coefficient takes a value between 0
    # and 1', 'with 0 representing a perfectly equal distribution', 'varies from 0 to 1', '(scale 0-10)', '-3 to +3'
    r"\b(?:takes?|taking|ranges?|ranging|varies|varying|goes|going|lies|lying)\s+(?:a\s+value\s+)?(?:between|from)\s+"
    r"[-−]?\d{1,2}\s+(?:and|to)\s+\+?\d{1,3}\b|\b[01]\s+(?:representing|indicating|denoting|meaning)\b|"
    r"\bscale\s+(?:of\s+|from\s+)?[-−]?\d{1,2}\s*(?:-|–|to)\s*\+?\d{1,3}\b|"
    r"(?<![\d.])[-−]\d\s+to\s+\+\d\b|"
    # the labels of the things just counted, listed in parentheses: 'four items (1, 2, 6 and 7)'
    r"(?<=[a-z] )\((?:\d{1,2}\s*(?:,\s*|\s+and\s+|\s*&\s*))+\d{1,2}\)|"
    # a design's or an instrument's shape ('a 2×2×2 factorial design', 'a 5-point scale') and the identifier of a
    # record quoted ('Response 3154467')
    r"(?<![\w.,$])\d{1,2}(?:[×x]\d{1,2})+(?![\w.,×])|\b\d{1,2}-point\s+(?:Likert\s+)?scales?\b|"
    r"\b(?:Response|Respondent|Participant|Interviewee|Case|Record|Subject|Patient|ID)\s+#?\d{3,}\b(?![.,]\d)"
)
# inline math ($...$, the Pandoc rule: no space inside the dollars, no digit after the closing one)
_MATH = re.compile(r"(?<![\\$\w])\$(?=[^\s$])(?P<body>`[^`\n]{1,200}`|[^$\n]{1,200}?)(?<=[^\s\\$])\$(?![\d$])")
_PROSE_WORDS = re.compile(r"(?<![\\{\w])[a-z]{3,}\s+[a-z]{3,}(?![}\w])")


# persons named by their age: 'men over 40', 'men 50–65 years of age', 'Japanese men 40 to 79', 'men between 18 and 45'
_PERSONS_AGED = re.compile(
    r"\b(?:men|women|people|persons|adults|children|boys|girls|individuals|males|females|patients)\s+"
    r"(?:(?:are|were)\s+)?(?:(?:over|under|above|below|aged|between)\s+)?(?:the\s+age\s+of\s+)?"
    r"(?:\d{1,3}\s*(?:[-–]|to|and)\s*)?$",
    re.IGNORECASE,
)
# what follows a number that names or bounds something, and what it names
_NAMES_AFTER = (  # (what follows, how far to look, what it names)
    (re.compile(r"\.\d"), 2, "a version: '1.0.0'"),
    (re.compile(r"[-–/]\d+[A-Za-z]"), 12, "an identifier with a letter: 'grant 24-11583S'"),
    (re.compile(r"°\s?(?:\d|[NSEW]\b)|[′″]"), 4, "a coordinate: '17°0′S'"),
    (
        re.compile(r"(?:\s*(?:to|and|-|–)\s*\d{1,3})?\s*(?:-|\s)(?:months?|weeks?|days?)[-\s]olds?\b"),
        24,
        "an age in months: 'animals 0–6 months old'",
    ),
    (re.compile(r"\s?(?:[KkMmGg]i?[Bb]|[Kk]b|Mb)\b"), 6, "a linked file's size: '(194.6 Kb Pdf)'"),
    (re.compile(r"[-\s]digits?\b"), 8, "a level of a classification: 'the 4-digit ISCO level', 'at 3-digits'"),
    (re.compile(r"\s+visa\b(?!s)"), 6, "a class of visa: '457 visa holders'"),
)
_YEARS_OF_AGE = re.compile(r"(?:\s*(?:and|to|-|–)\s*\d{1,3})?\s*years?\s+of\s+age\b")
_AGE_BOUND = re.compile(r"\b(?:over|under|above|below|between|aged)\s+(?:\d{1,3}\s*(?:and|to|-|–)\s*)?$")
_ARE_UNDER = re.compile(r"\b(?:are|were)\s+(?:aged\s+)?(?:under|over|below|above)\s+$", re.IGNORECASE)
_AN_AGE_AFTER = re.compile(r"(?:\s+years(?:\s+old)?)?(?=\s*(?:[,.;)]|and\b|who\b|residing\b|living\b|$))")
# a bound on a measure of the members of a group, naming the group: 'patients with baseline CD4 counts ≥200
# cells/µl', 'starting ART at CD4 counts above 200'
_GROUP_BOUND = re.compile(
    r"\b(?:with|at|of|whose|had|have|has)\s+(?:[\w-]+\s+){0,3}?(?:counts?|levels?|scores?|concentrations?|loads?)\s+"
    r"(?:of\s+)?(?:≥|≤|<|>|>=|<=|&lt;|&gt;|above|below|under|over|less\s+than|more\s+than|at\s+least)\s*\\?[$€£]?\s*$",
    re.IGNORECASE,
)
# a p-value ('p<0.001') and a probability written as such, its event's bound too ('P(> 0) = 0.05', 'Pr(β < 0) =')
_P_VALUE = re.compile(
    r"\bp\s*(?:[<=>≤≥]|&lt;|&gt;)\s*$|\bP(?:r|rob)?\s*\([^()]{0,30}\)\s*(?:[<=>≤≥]|&lt;|&gt;)\s*$|"
    r"\bP(?:r|rob)?\s*\(\s*[^()\d]{0,12}?\\?(?:[<=>≤≥]|&lt;|&gt;)=?\s*-?$"
)
_PERCENT_AFTER = re.compile(r"\s*(?:%|percent|per\s?cent)")


def names_no_quantity(text: str, start: int, end: int, raw: str, digits: str | None) -> bool:
    """Does the number printed at ``text[start:end]`` (``raw``; ``digits`` when written in digits) name
    or bound something rather than state a quantity: a version or an identifier ('1.0.0',
    '0009-0008-3040-5515', 'grant 24-11583S', 'grant 101055176'), a coordinate, a p-value ('p<0.001'),
    a linked file's size, a level or a code of a classification ('the 4-digit ISCO level', '(4222)
    contact centre information clerks'), or an age that names a group of persons ('men over 40 have',
    'be between 20 and 45 years of age', 'animals 0–6 months old')?

    >>> [names_no_quantity(t, t.index(n), t.index(n) + len(n), n, n) for t, n in
    ...  [("all men over 40 have it", "40"), ("(p<0.001)", "0.001"), ("grant 101055176", "101055176"), ("40 men", "40")]]
    [True, True, True, False]
    """
    after = text[end : end + 30]
    if any(pattern.match(after[:window]) for pattern, window, _ in _NAMES_AFTER):
        return True
    if re.match(r"[-–]\d{4}", after[:5]) and raw.startswith("0"):
        return True  # an identifier: '0009-0008-3040-5515'
    if digits and re.fullmatch(r"\d{8,}", digits):
        return True  # eight digits or more printed without separators name something
    if (
        digits
        and re.fullmatch(r"\d{4,7}", digits)
        and not 1500 <= int(digits) <= 2100
        and text[start - 1 : start] == "("
        and re.match(r"\)\s+[a-z]", after)
    ):
        return True  # a code before what it codes: '(4222) contact centre information clerks'
    if _P_VALUE.search(text, max(0, start - 40), start):
        return True
    if _PERSONS_AGED.search(text, max(0, start - 60), start) and not _PERCENT_AFTER.match(after[:10]):
        return True
    if (
        digits
        and re.fullmatch(r"\d{1,3}", digits) is not None
        and int(digits) <= 110
        and _ARE_UNDER.search(text, max(0, start - 24), start)
        and _AN_AGE_AFTER.match(after)
    ):
        return True  # an age that bounds a group: 'two-thirds are under 45 years and half of them are under 34'
    if _GROUP_BOUND.search(text, max(0, start - 80), start) and not _PERCENT_AFTER.match(after[:10]):
        return True  # a bound that names a group: 'patients with baseline CD4 counts ≥200 cells/µl'
    return bool(_YEARS_OF_AGE.match(after) and _AGE_BOUND.search(text, max(0, start - 20), start))


def excluded_spans(text: str, line_starts: Iterable[int] = ()) -> list[tuple[int, int]]:
    """Spans whose numbers are never figures (see the module docstring); ``line_starts`` are the
    offsets before which a line of the original began (a list's items, whose markers the flow
    joined into the prose: 'households 2. The persistence')."""
    spans = [m.span() for m in _URL.finditer(text)]
    for at in line_starts:
        item = _ITEM_MARKER.match(text, at)
        if item is not None:
            spans.append(item.span(1))
    spans += [m.span() for m in _FOOTNOTE_MARK.finditer(text)]
    spans += [m.span() for pattern in (TAG, _HEADING_NUMBER, INLINE_NOTE) for m in pattern.finditer(text)]
    spans += [m.span() for m in _NOT_A_COUNT.finditer(text)]
    spans += [m.span() for m in _NOT_OF_THE_PROSE.finditer(text)]
    spans += [m.span() for m in math_spans(text)]
    spans += [m.span(1) for m in _LIST_MARKER.finditer(text)]
    spans += [m.span() for m in _ENUMERATOR.finditer(text)]
    spans += _enumeration_labels(text)
    return spans


# a label of an enumeration run into a sentence: 'The individual 1) was born outside of Spain; 2) was 16 ...'
_RUN_IN_LABEL = re.compile(r"(?<=\s)(\d{1,2})\)(?=\s)")


def _enumeration_labels(text: str) -> list[tuple[int, int]]:
    """The labels '1)', '2)', ... of an enumeration run into the prose, each within 600 characters of the one
    before: a number that closes a parenthesis ('(n = 3) were') is a figure, a run that counts from 1 is not.

    >>> t = "who: 1) was born abroad; 2) was 16 years or older; and 3) lived there. (n = 3) were not."
    >>> [t[a:b] for a, b in _enumeration_labels(t)]
    ['1)', '2)', '3)']
    """
    spans: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []
    for m in _RUN_IN_LABEL.finditer(text):
        n = int(m.group(1))
        if run and n == int(run[-1].group(1)) + 1 and m.start() - run[-1].end() <= 600:
            run.append(m)
            continue
        if len(run) >= 2:
            spans += [r.span() for r in run]
        run = [m] if n == 1 else []
    if len(run) >= 2:
        spans += [r.span() for r in run]
    return spans


def math_spans(text: str) -> list[re.Match[str]]:
    """Inline math of a Markdown text converted from LaTeX: ``$-0.08$``, ``$\\beta = 0.3$``.

    >>> [m.group("body") for m in math_spans("a mean of $-0.08$ and $x_i$, not $5 or $6 million")]
    ['-0.08', 'x_i']
    """
    return [m for m in _MATH.finditer(text) if not _PROSE_WORDS.search(m.group("body"))]
