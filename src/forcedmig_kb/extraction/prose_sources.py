"""Sources named in prose that no reference list could hold: who a figure rests on when the text cites nothing.

News, reports and blogs name their sources in the sentence ('..., calculates a researcher at a national labour
institute', 'according to the ministry', 'The Uppsala Conflict Data Program (UCDP) estimated that'), by a law
('Federal law requires', '(P.L. 119-21)'), by an address or a link, or by the person who told it ('He also
admitted'). Such a source attributes the figures of its sentence: they are not uncited, and it is not a citation
(:func:`find_prose_attribution`; how far it reaches is :mod:`.scope`'s).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..bibliography import Bibliography
from .intext import InTextCitation
from .laws import BILL, PUBLIC_LAW
from .markup import TAG, blank

_AGENT = (
    r"(?:ministry|government|agency|office|bureau|institute|institution|department|commission|bank|fund|"
    r"organi[sz]ation|researchers?|economists?|analysts?|experts?|officials?|spokes(?:person|man|woman)|minister|"
    r"council|authority|authorities|statistic(?:ian)?s?|census|survey|study|studies|report|think[- ]tank|"
    r"union|association|federation|charity|ngo|observatory|centre|center|police|army|court|parliament|"
    r"teams?|groups?|programme|program|lab|laboratory|monitors?|scientists?|scholars?|academics?)"
)
_SAYS = (
    r"(?:says|said|say|calculates|calculated|calculate|estimates|estimated|estimate|reports|reported|report|"
    r"counts|counted|puts|put|projects|projected|told|notes|noted|finds|found|writes|wrote|believes|thinks|"
    r"testified|testifies|identified|identifies|revealed|reveals|showed|shows|recorded|records|documented|documents)"
)
#: verbs that put a forecast in a source's mouth: 'The United Nations (UN) anticipates that ...'
FORESEES = r"(?:anticipates|anticipated|expects|expected|predicts|predicted|forecasts|forecast|projects|projected)"
#: verbs that put a plan in a party's or a government's mouth: 'The Conservatives propose', 'the party committed to'
PROPOSES = (
    r"(?:proposes|propose|proposed|pledges|pledge|pledged|promises|promise|promised|committed\s+to|commits\s+to|"
    r"plans\s+to|planned\s+to|intends\s+to|intend\s+to|intended\s+to)"
)
_NAMED = r"[A-Z][\w&.\-’']*(?:\s+(?:[A-Z][\w&.\-’']*|of|for|on|and|the|de|des|für))*"
# records or data that show it, named by what they are: 'Data mapping tools indicate that', '..., records show'
# (they source their own sentence: no body is named that later sentences could go on from)
_RECORDS = re.compile(
    r"(?P<source>\b(?:[Dd]ata|[Rr]ecords|[Ff]igures|[Ss]tatistics|[Dd]ocuments|[Pp]olls?|[Cc]ourt\s+records|"
    r"[Pp]ublic\s+records|[Pp]olice\s+records)(?:\s+[a-z][\w-]+){0,2}?)\s+"
    r"(?:show|shows|showed|indicate|indicates|indicated|reveal|reveals|revealed|suggest|suggests)\b"
)
_PROSE_ATTRIBUTIONS = (
    # 'according to the ministry', 'according to official figures'
    re.compile(
        rf"\b[Aa]ccording\s+to\s+(?P<source>(?:experts|analysts|researchers|officials|economists|scientists|scholars)\b|"
        rf"(?:the|a|an|official|government|recent|new|its|their|data|figures|statistics|estimates)\b[^,.;:()]{{2,80}}?|"
        rf"{_NAMED}(?:\s+(?:data|figures|statistics|estimates|surveys?|reports?))?)"
        r"(?=\s*[,.;:()]|\s+(?:in|on|for|from|at|by)\s|\s*$)"
    ),
    # '..., calculates a researcher at a national labour institute'; '..., says Eurostat'
    # (not 'ACLED, on the other hand, reports a single fatality number': the one who says is someone)
    re.compile(
        rf",\s*{_SAYS}\s+(?P<source>(?:the|a|an)\s+(?:[\w\-’']+\s+){{0,5}}?{_AGENT}\b[^,.;:()]{{0,60}}|{_NAMED})"
    ),
    # 'the ministry estimates that', 'Eurostat counts', 'a study by X found', 'one conflict monitoring
    # organisation reported', 'Other research teams put the toll at'
    re.compile(
        rf"(?P<source>\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Oo]ne|[Oo]ther|[Ss]ome|[Ss]everal)\s+(?:[\w\-’']+\s+){{0,4}}?{_AGENT}\b"
        rf"(?:\s+(?:carried\s+out|conducted|published|released))?"
        rf"(?:\s+(?:of|for|at|in|by)\s+[^,.;:()]{{2,60}}?)?)\s+(?:also\s+)?{_SAYS}\b"
    ),
    # a body named, then what it is, then what it says: 'ACLED, a global conflict monitoring organisation, reported'
    re.compile(
        rf"(?P<source>\b{_NAMED}),\s+(?:a|an|the)\s+(?:[\w\-’']+\s+){{0,5}}?{_AGENT}\b[^,.;:()]{{0,40}},\s+{_SAYS}\b"
    ),
    # a body named that states a finding: 'The Uppsala Conflict Data Program (UCDP) estimated that',
    # 'Yale’s Humanitarian Research Lab estimates that'
    re.compile(
        rf"(?P<source>\b(?!(?:It|They|He|She|We|This|That|These|Those|There|Here|One|Some|Many|Most|Others|"
        rf"Analysts|Experts|Researchers|Scholars|Observers|Critics|Officials|Economists|Scientists|Studies|"
        rf"Reports|Surveys|Estimates|Data|Authors)\b){_NAMED})"
        rf"(?:\s+\([A-Z]{{2,8}}\))?\s+(?:also\s+)?{_SAYS}(?:\s+(?:before|to)\s+{_NAMED})?\s+that\b"
    ),
    # a body named that reports a number itself: 'the Border Patrol reported 473 migrant deaths'
    re.compile(
        rf"(?P<source>\b[Tt]he\s+{_NAMED})\s+(?:has\s+|have\s+)?{_SAYS}\s+"
        r"(?=(?:an?\s+|some\s+|about\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+|a\s+record\s+)?[$£€]?\d)"
    ),
    # a body's estimate named: 'The Uppsala Conflict Data Program’s estimate of 60,000'
    re.compile(
        rf"(?P<source>\b{_NAMED})[’']s\s+(?:\w+\s+)?(?:estimate|count|tally|figure|data|statement|claim|assertion|calculation)s?\b"
    ),
    # a figure a body puts about, named after it: 'The 80% success rate that Pfizer quotes', '... that Pfizer trumpets'
    re.compile(
        rf"\bthat\s+(?P<source>{_NAMED})\s+(?:quotes|quoted|trumpets|trumpeted|claims|claimed|cites|cited|touts|"
        r"touted|advertises|advertised|publicizes|publicises)\b"
    ),
    # a work shown by someone named, as the sentence opens: 'As the painstaking statistical work of the Cambridge
    # historian Angus Maddison has shown, India's share of world income collapsed from 22.6% ...'
    re.compile(
        rf"\b[Aa]s\s+(?:[\w\-’']+\s+){{0,8}}?(?P<source>{_NAMED})\s+(?:has|have|had)\s+"
        r"(?:shown|demonstrated|documented|estimated|calculated|found|noted|reported)\b"
    ),
    # a body named with its acronym, or a body's forecast: 'The United Nations (UN) anticipates', 'The IMF projects'
    # (verbs only: 'Long Term International Migration (LTIM) estimates show' is a noun phrase)
    re.compile(
        rf"(?P<source>\b(?:[Tt]he\s+)?{_NAMED})\s+\([A-Z]{{2,8}}\)\s+"
        r"(?:says|said|calculates|calculated|notes|noted|finds|found|believes|warns|warned|identified|revealed|recorded|"
        r"anticipates|anticipated|expects|predicts|predicted|forecasts)\b"
    ),
    re.compile(rf"(?P<source>\b[Tt]he\s+{_NAMED})\s+{FORESEES}\b"),
    # a person who told it, named in the sentence before: 'He also admitted that he paid the children around 2–5
    # Turkish lira' (the figure rests on his word, as printed: 'He')
    re.compile(
        r"(?P<source>\b(?:He|She))\s+(?:also\s+)?(?:admitted|confessed|acknowledged|conceded|said|told|claimed|"
        r"stated|explained|testified|estimated|reported|recalled)\b"
    ),
    # a party, a government or a body that proposes what the sentence counts: 'The Conservatives propose a net
    # spending decrease of £44bn', 'The party committed to ...', 'the government pledged £2bn'
    re.compile(
        rf"(?P<source>\b[Tt]he\s+(?:{_NAMED}|(?:[\w-]+\s+){{0,2}}?(?:party|government|administration|coalition|"
        rf"opposition|ministry|council|campaign|manifesto)))\s+(?:also\s+)?{PROPOSES}\b"
    ),
    # 'figures from the Federal Statistical Office', 'data by Eurostat', 'estimates published by the ONS'
    re.compile(
        rf"\b(?:[Ff]igures|[Dd]ata|[Ss]tatistics|[Ee]stimates|[Nn]umbers|[Pp]rojections|[Aa]\s+report|[Aa]\s+study|[Aa]\s+survey)\s+"
        # ('of' names a source only as a body: 'estimates of the World Bank', not 'estimates of Ukrainians granted parole')
        rf"(?:from|by|of(?=\s+(?:the\s+)?[A-Z]{{2,}}\b|\s+the\s+[A-Z][\w-]*\s+[A-Z])|published\s+by|released\s+by|"
        rf"produced\s+by)\s+(?P<source>(?:the\s+)?{_NAMED})"
    ),
    # 'estimated by Chandy et al. at around 150 billion', 'as calculated by the ministry'
    re.compile(
        rf"\b(?:estimated|calculated|reported|measured|projected|counted|computed)\s+by\s+"
        rf"(?P<source>(?:the\s+)?{_NAMED}(?:\s+et\s+al\.)?)"
    ),
    # a body's forecast or estimate as the subject: 'The latest International Monetary Fund World Economic Outlook
    # (IMF WEO) projection was for world GDP to grow by 2.0%'
    re.compile(
        rf"\b(?:[Tt]he\s+)?(?:(?:latest|recent|new|current|previous|last)\s+)?"
        rf"(?P<source>(?!(?:Our|Their|Its|His|Her|My|These|This|Those|That|The|Such|Other|Some|Most|Many|Recent|"
        rf"Official|Current|Latest|New)\b){_NAMED})"
        r"(?:\s+\([A-Z][A-Za-z ]{1,14}\))?\s+(?:projections?|forecasts?|estimates?)\s+"
        r"(?:was|were|is|are|puts?|showed|shows|suggests?|suggested)\b"
    ),
    _RECORDS,
    # 'the latest ONS data', 'Eurostat figures show'
    re.compile(
        r"\b(?P<source>[A-Z]{2,6}|[A-Z][a-z]+stat)\s+(?:data|figures|statistics|estimates|projections|survey)\b"
    ),
    # a law that provides what the sentence counts: '... signed the package into law (P.L. 119-21) on July 4'
    re.compile(rf"(?P<source>\b{PUBLIC_LAW})\b"),
    # the law that sets a rule the sentence states: 'federal law requires that all states' SUTA tax apply to at
    # least the first $7,000', 'Under permanent law, FUTA revenue finances 50%', 'under Section 408 of the Stafford Act'
    re.compile(
        r"(?P<source>\b(?:[Ff]ederal|[Ss]tate|[Pp]ermanent|[Cc]urrent|[Ee]xisting)\s+law)\s+(?:also\s+)?"
        r"(?:requires|required|sets|limits|specifies|provides|mandates|stipulates|caps|establishes|allows|permits)\b"
    ),
    re.compile(
        rf"\b[Uu]nder\s+(?P<source>(?:federal|state|permanent|current|existing)\s+law\b|"
        rf"(?:[Ss]ection\s+\d+\w*\s+of\s+)?the\s+{_NAMED}\s+Act\b)"
    ),
    # a bill named in parentheses: 'An FY2027 appropriations bill passed by the House in July (H.R. 8595) would make'
    re.compile(rf"\((?P<source>{BILL})\)"),
    # a source given as its address in parentheses: '... in forced marriages (https://www.ilo.org/...)'
    # (not the address of a Markdown link, '[Figure 1](https://x.com/r.html#_Ref2)': the link's words name it)
    re.compile(r"(?<!\])\(\s*<?(?P<source>https?://[^\s()<>]+)>?\s*\)"),
    # a source linked from the words that name it: 'A [study](https://www.mathematica.org/...) found', 'the
    # [labor force participation rate](https://fred.stlouisfed.org/...)' (not a link to the text's own
    # table or chart: '[Figure 1](https://crs.gov/r.html#_Ref2)')
    re.compile(
        r"\[(?!\W*(?:Figure|Table|Chart|Graph|Exhibit|Box|Appendix|Annex)\b)[^\[\]]{1,120}\]"
        r"\((?P<source>https?://[^\s()<>]+)\)",
        re.IGNORECASE,
    ),
)


#: the kinds of sources named in prose that source their own sentence only: a link sits on the words it sources,
#: and 'He said' and 'records show' name no one a later sentence could go on from
OWN_SENTENCE_ONLY = frozenset({"link", "speaker", "records"})


def find_prose_attribution(text: str, start: int, end: int) -> InTextCitation | None:
    """A source named in prose without a reference ('..., calculates a researcher at a national labour
    institute', 'according to the ministry'): the figures of its sentence are attributed, not uncited.

    >>> find_prose_attribution("perhaps 1.2m came, calculates a researcher at a labour institute.", 0, 66).as_printed
    'a researcher at a labour institute'
    >>> find_prose_attribution("The ministry estimates that 40,000 left.", 0, 40).as_printed
    'The ministry'
    >>> find_prose_attribution("15.4 million in forced marriages (https://www.ilo.org/global/x.htm).", 0, 67).as_printed
    'ilo.org'
    >>> find_prose_attribution("It rose to 17 (see [**Figure 1**](https://crs.gov/r.html#_Ref2)).", 0, 64) is None
    True
    >>> find_prose_attribution("A [study](https://www.mathematica.org/x) found $240,037 more.", 0, 61).as_printed
    'mathematica.org'
    >>> find_prose_attribution("Federal law requires a tax on the first $7,000 of earnings.", 0, 58).as_printed
    'Federal law'
    """
    text = blank(TAG, text)  # HTML: '<a ...>migration estimates</a> published by'
    found = [m for p in _PROSE_ATTRIBUTIONS for m in [p.search(text, start, end)] if m is not None]
    if not found:
        return None
    m = min(found, key=lambda m: m.start())
    if m.group("source").startswith("http"):  # an address: the site names the source
        site = urlsplit(m.group("source")).netloc.removeprefix("www.")
        return InTextCitation(m.start("source"), m.end("source"), site, "link")
    source = re.sub(r"\s+", " ", m.group("source")).strip()
    source = source if source.endswith(" al.") else source.rstrip(".")
    kind = "speaker" if source in ("He", "She") else "records" if m.re is _RECORDS else "prose"
    return InTextCitation(m.start("source"), m.start("source") + len(source), source, kind)


_DATA_NOUN = re.compile(
    r"\b(?:data|figures|estimates|statistics|survey|surveys|report|reports|census)\b", re.IGNORECASE
)


def cites_the_list(attribution: InTextCitation, bibliography: Bibliography) -> bool:
    """Is an 'According to X' attribution a citation of the reference list rather than a source named in prose?

    It is when X names data ('According to UN figures', 'According to PCT-WIPO data') or an author of the
    list whose works there are dated ('According to the ILO'); 'According to the BIC' names no source of
    the list, and 'According to UNHCR, donors have met 19%' names a body, not one of its works, when the
    list holds UNHCR's works only undated (a citation of them would be misdated)."""
    printed = attribution.as_printed
    if _DATA_NOUN.search(printed) is not None:
        return True
    return bibliography.names_author(printed) and all(
        m.work.year is not None for m in bibliography.match_printed(printed)
    )
