"""Which figures are claims about the world that rest on a source, and which are not.

A text states three kinds of figures (``fm:figureRole``):

``sourced``       a claim about the world ('258 million international migrants'): it needs a
                  citation, a period, and a source published after that period;
``ownResult``     the text's own result: its estimates, coefficients, survey counts, what "we
                  find" ('an elasticity of $-0.08$', 'our sample of 1,200 households');
``hypothetical``  a threshold, an assumed input or an example ('if wages rose by 10 percent',
                  'a cut-off of 50 percent', a poverty line: 'living on less than $3.20'), a rule
                  ('should not be spending more than 30 per cent') or what a proposal would do;
``commonKnowledge`` the divisions a country or union is made of ('China comprises 31
                  provincial-level jurisdictions (22 provinces, ...)'), a place's altitude ('12,000
                  feet above sea level'), an angle of geometry ('a 45-degree line') and an uncited
                  vague amount ('millions of Americans', 'billions of dollars'), which names an
                  order, not a figure: no author cites these.

Only ``sourced`` figures are judged by the rules that ask for a source (``uncited``,
``missing-period``, ``period-after-publication``). A figure a citation covers is ``sourced``
whatever its sentence says; an uncited one is read by the cues of its sentence.

>>> from types import SimpleNamespace as F
>>> text = "We find an elasticity of 0.3. If wages rose by 10 percent, many would move. 5 million moved."
>>> [figure_role(text, s, F(start=text.index(n), citation=None, quantity=None)) for n, s in
...  (("0.3", (0, 29)), ("10 percent", (30, 75)), ("5 million", (76, 92)))]
['ownResult', 'hypothetical', 'sourced']
"""

from __future__ import annotations

import re

from .counted import PLACES_BODIES_PEOPLE
from .dates import Period, find_dates
from .worked import in_a_computation

SOURCED, OWN, HYPOTHETICAL, COMMON = "sourced", "ownResult", "hypothetical", "commonKnowledge"

_OWN = re.compile(
    r"\b(?:we|our)\b|(?-i:\bus\b)|\bthis\s+(?:paper|study|article|report|chapter|analysis|section|brief|note|essay)\b|"
    r"\b(?:column|panel)\s+[A-Z]?\d|\bstatistically\s+significant|\bsignificant\s+at\b|"
    r"\bp\s*[<=>≤]\s*0|\bstandard\s+(?:deviation|error)s?\b|\bconfidence\s+interval|\bcoefficients?\b|\belasticit|"
    r"\bR\^?2\b|\bR-squared|\bt-stat|\bodds\s+ratio|\bregression|\bspecification|\brespondents\b|\binterviewees\b|"
    r"\(\s*n\s*=\s*[\d,]+\s*\)|"  # a count of the text's own sample or corpus, uncited: 'excluded (n = 33)'
    r"\bas\s+(?:can\s+be|is|we\s+can)\s+seen\b|\bwith\s+(?:internationally\s+)?comparable\s+data\b|"
    r"\bof\s+(?:these|those)\s+(?:countries|economies|cases|respondents|households|firms)\b|\b(?:the|this|our)\s+(?:chart|graph|visuali[sz]ation)s?\s+(?:above|below|shows?)\b|"
    r"\b(?:the|our|this|in\s+the|in\s+our)\s+sample\b|\bthe\s+(?:findings|results|estimates)(?:\s+(?:above|below|here))?\s+(?:show|suggest|indicate|reveal|imply)\b|\bmissing\s+data\b|\bin\s+(?:the\s+)?models?\b|\bour\s+(?:estimates?|results?|data|survey|model)\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\bis\s+(?:a\s+measure\s+of|defined\s+as)\b|\bis\s+the\s+(?:number|share)\s+of\b.{0,80}\bexpect|"  # a definition
    r"\bmust\s+(?:[\w-]+\s+){0,8}?(?:at\s+least|at\s+most|more\s+than|less\s+than|no\s+more\s+than)\b|"  # a requirement
    r"\b(?:if|suppose|supposing|assume[sd]?|assuming|hypothetical(?:ly)?|threshold|cut-?off|for\s+(?:example|instance)|"
    r"e\.g\.|imagine|scenario|simulat\w*)\b|"
    # a counterfactual: 'would lead to prices between 5% and 20% lower than otherwise'
    r"\bthan\s+(?:(?:it|they|we|this|that)\s+)?(?:would\s+)?(?:have\s+been\s+)?otherwise\b",
    re.IGNORECASE,
)


# a figure the sentence gives as another's finding, even in a part of the text that reports its own work: 'A lower
# prevalence of 24.7% was reported in small ruminants', 'the percentage contribution estimated elsewhere (16%)',
# 'previous studies found'
_OTHERS_WORK = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been)\s+reported\s+(?:in|by|from|for)\s+(?!\d)|"
    r"\b(?:estimated|reported|found|measured|observed)\s+elsewhere\b|"
    r"\b(?:previous|prior|earlier|other|past|existing)\s+(?:studies|research|surveys|estimates|work|reports|literature)\b",
    re.IGNORECASE,
)


# a poverty line right before the figure: 'lives on less than 1.90 U.S dollars per day', 'the extreme
# poverty level of $1.90', 'people living on less than $3.20': a threshold, not a count of the world
_LINE_BEFORE = re.compile(
    r"\b(?:(?:live[sd]?|living|subsist(?:s|ed|ing)?|survive[sd]?|surviving)\s+on|"
    r"(?:poverty\s+)?(?:line|level|threshold)\s+of)\s+(?:(?:less|more)\s+than\s+|under\s+|below\s+|above\s+)?$",
    re.IGNORECASE,
)


# a level chosen for a test or a trim: 'significant at the 5% level', 'at the 1%, 2.5%, and 5% levels'
_LEVEL_LIST = r"(?:\d+(?:\.\d+)?\s?(?:%|percent|per\s?cent)\s*,?\s*(?:and\s+|or\s+)?)*"
_LEVEL_BEFORE = re.compile(r"\bat\s+the\s+" + _LEVEL_LIST + r"$", re.IGNORECASE)
_LEVEL_AFTER = re.compile(
    r"\s*,?\s*(?:and\s+|or\s+)?" + _LEVEL_LIST + r"(?:significance\s+|confidence\s+)?levels?\b", re.IGNORECASE
)
# a change put in to read an effect: 'a 10% increase in immigrant labor lowers wages by 0.77%'
_SHOCK_BEFORE = re.compile(r"\b(?:a|an|each|every|one)\s+$", re.IGNORECASE)
_SHOCK_AFTER = re.compile(
    r"[\s-]*(?:increase|rise|decrease|decline|drop|reduction|fall|change|shock)\s+in\b[^.;]{0,80}?\b"
    r"(?:lowers?|raises?|reduces?|increases?|decreases?|leads?\s+to|is\s+associated\s+with|would|implies|results?\s+in)\b",
    re.IGNORECASE,
)
# what a proposal could, might or would do: 'This would reduce deposit requirements to between 5% and 10%' (a 'would'
# whose clause names a year tells what came to be: 'would more than double employment from 206 million in 2015')
_MODAL = re.compile(
    r"\b(?:could|might)\b|\bwould\s+(?:(?:also|only|actually|then|still|instead)\s+)?(?:allow|reduce|increase|raise|lower|cost|"
    r"generate|save|need|require|mean|add|cut|create|provide|bring|see|experience|make|give|yield|result)\b|"
    r"\bwould\s+be\s+(?:(?:around|about|roughly|approximately|some|at\s+least|up\s+to)\s+)?(?:[A-Z]{0,2}[$£€])?\d",
    re.IGNORECASE,
)
# a value the text sets as its norm: 'set the English price of cotton to 1.0', 'normalised to 100'
_SET_TO = re.compile(
    r"\b(?:set|normali[sz]ed?|index(?:ed)?|rescaled?)\s+(?:[\w’'-]+\s+){0,6}?to\s+(?:be\s+)?$", re.IGNORECASE
)
# the people who told the text what it reports, counted by it: 'Six tenants told the judge', 'Close to two dozen
# residents said', 'five city inspectors described' (the reporter's own count of its sources)
_TOLD = re.compile(r"\s+(?:also\s+)?(?:said|say|told|tell|described|recalled|complained|testified|recounted)\b")
# a rule the figure sets, not a state of the world: '50 per cent of the new homes must be affordable'; a sentence
# that sets out requirements ('the minimum requirements are as follows: ...')
_RULE = re.compile(
    r"\b(?:must|shall|should)\s+(?:not\s+)?(?:be|spend|pay|exceed)\b|\b(?:is|are)\s+required\s+to\b|"
    r"\bcan\s+(?:only\s+)?be\s+(?:let|charged|claimed|spent|used|borrowed)\b|\brequires?\s+(?:a|an)\s+(?=\d)|"
    # a rule of a tax or a benefit: 'taxed at a flat rate that varies between 3 per cent and 12 per cent', 'seven
    # marginal rates ranging from zero to 30 per cent', 'Tenants are allowed to subtract 6 per cent of their rent'
    r"\btaxed\s+at\b|\b(?:marginal|flat)\s+(?:tax\s+)?rates?\b|\brate\s+schedule\b|\bcalculated\s+by\s+applying\b|"
    r"\b(?:allowed|entitled|permitted)\s+to\s+(?:\w+\s+)?(?:subtract|deduct|claim)\b|\bcan\s+deduct\b",
    re.IGNORECASE,
)
_RULES = re.compile(
    r"\b(?:minimum|maximum)\s+requirements?\b|\brequirements?\s+(?:are|is)\s+as\s+follows\b", re.IGNORECASE
)
_EXAMPLE = re.compile(r"for\s+(?:example|instance)|e\.g\.", re.IGNORECASE)
_DATED = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b")


# a polity described by its divisions: 'comprises 31 provincial-level jurisdictions', 'is divided into 13 regions'
_MADE_OF = re.compile(
    r"\b(?:comprises?|comprising|consists?\s+of|is\s+(?:made\s+up|composed)\s+of|(?:is|are)\s+divided\s+into)\b",
    re.IGNORECASE,
)
_DIVISIONS = re.compile(
    r"[\s“”\"'‘’]*(?:[\w-]+[\s“”\"'‘’]+){0,2}?(?:provinces|states|regions|municipalities|districts|counties|cantons|"
    r"territories|jurisdictions|departments|prefectures|oblasts|governorates|member\s+states|emirates|republics)\b",
    re.IGNORECASE,
)


# an altitude: 'an average altitude of 12,000 feet above sea level'
_ABOVE_SEA = re.compile(
    r"\s*(?:feet\s+|foot\s+|ft\s+|met(?:er|re)s\s+|m\s+)?above\s+(?:the\s+)?sea\s+level\b", re.IGNORECASE
)


# an angle of geometry: 'a line sloping up at a 45-degree angle', 'the 45-degree line'
_ANGLE = re.compile(r"\s+(?:angle|line|slope|incline|turn)\b", re.IGNORECASE)


# a section in which a paper reports its own work
_OWN_SECTION = re.compile(
    r"\bempirical\s+(?:analysis|results|strategy|specification|model|approach|framework|design|section)\b|"
    r"\b(?:abstract|key\s+points|main\s+points|(?:key\s+)?takeaways|highlights|results?|findings|data|microdata|methods?|methodology|sample|estimation|estimates?|analys[ie]s|discussion|conclusions?|"
    r"descriptive|robustness|stylized\s+facts|stylised\s+facts)\b",
    re.IGNORECASE,
)
# a text that says it presents its own data ('This section describes the latest ... statistics')
_SELF = re.compile(
    r"\bthis\s+(?:paper|study|article|report|bulletin|release|section|analysis|publication)\s+"
    r"(?:describes|shows|presents|estimates|sets\s+out|reports|provides|summari[sz]es)\s+"
    r"(?:(?:the|its|our|new|latest|[\w-]+)\s+){0,4}?(?:statistics|data|estimates|figures|results)\b",
    re.IGNORECASE,
)


def reports_own_work(section_title: str, cited_sentences: int, sentences: int) -> bool:
    """A results, data or methods section in which most sentences cite nothing: its uncited figures are the
    text's own (a 'Findings' section that reviews cited studies is not).

    >>> reports_own_work("4 Results", 1, 10), reports_own_work("3. Findings", 2, 3), reports_own_work("Introduction", 0, 5)
    (True, False, False)
    >>> reports_own_work("4.2. Augmentation vs Automation: global estimate", 0, 6)
    True
    """
    return bool(_OWN_SECTION.search(section_title)) and 2 * cited_sentences < sentences


# a statistical release that says so ('This bulletin summarises the statistics'): its own data, citing or not
_RELEASE = re.compile(
    r"\bthis\s+(?:statistical\s+)?(?:bulletin|release)\s+(?:describes|shows|presents|sets\s+out|reports|provides|"
    r"summari[sz]es)\b",
    re.IGNORECASE,
)


def reports_own_data(text: str, *, cites: bool = False) -> bool:
    """A text that says it presents its data: a statistical release ('This bulletin summarises the
    statistics'), or a text that cites nothing and says it presents data ('This section describes the
    latest international migration statistics'): its uncited figures are its own (what it cites stays
    sourced). A text that only summarises ('This section provides summary information on the
    legislation') is no source of its figures.

    >>> reports_own_data("This bulletin summarises the statistics.", cites=True), reports_own_data("This report presents it.", cites=True)
    (True, False)
    >>> reports_own_data("This section describes the latest migration statistics."), reports_own_data("This section provides summary information on the law.")
    (True, False)
    """
    return bool(_RELEASE.search(text)) or not cites and bool(_SELF.search(text))


# the author's own work: fieldwork told in the first person ('I conducted fieldwork in El Angosto',
# 'He told me'), a calculation shown ('Author's calculations based on ...', 'is computed as: ...')
_OWN_WORK = re.compile(
    r"(?:^\s*|[.!?“\"]\s*|,\s+|\b(?:and|but|when|as|then|so|that|where|while|because|if|after|before)\s+)"
    r"I\s+(?:[a-z]+\s+){0,2}?[a-z]+(?:ed|ew|ought|old|id|ent|ade|aw|ook|ot)\b|\b(?:me|my)\b|"
    r"\b(?:[Aa]uthors?['’]s?|[Oo]wn)\s+calculations?\b|\b(?:is|are)\s+(?:computed|calculated)\s+as\b|\bproxied\s+by\b|"
    # the authors' findings told in the first person plural: 'We found that papers retracted ... accounted for'
    r"\b[Ww]e\s+(?:also\s+)?(?:found|find|show|showed|observed?|calculated?|estimated?|identified)\s+that\b|"
    # 'Our study shows key workers are ...', 'this analysis showed key workers have very limited choices'
    r"\b(?:[Oo]ur|[Tt]his)\s+(?:own\s+)?(?:study|research|analysis|survey|modelling|modeling)\]?(?:\([^()\s]*\))?\s+"
    r"(?:shows|showed|finds|found|suggests|suggested)\b|"
    # a disclosure of the authors' or their institution's funding: 'Grattan Institute also receives funding from
    # corporates', 'do not work for, consult, own shares in or receive funding from any company'
    r"\b(?:[Rr]eceives?|[Rr]eceived)\s+(?:\w+\s+){0,2}?funding\s+from\b|\bno\s+relevant\s+affiliations\b"
)


# the authors' own fieldwork, told in the first person plural: 'a survey ... that we conducted between
# January and April 2024', 'we interviewed 40 officials in 2019', 'our survey ran in 2023'
_WE_DID = re.compile(
    r"\bwe\s+(?:\w+\s+)?(?:conducted|collected|surveyed|interviewed|ran|fielded|carried\s+out|administered|"
    r"implemented|visited|recruited)\b|\bour\s+(?:own\s+)?(?:survey|fieldwork|interviews|experiment)\s+"
    r"(?:was|were|ran|took)\b",
    re.IGNORECASE,
)


def did_it_ourselves(sentence: str) -> bool:
    """Does a sentence date the authors' own fieldwork? Its dates are no events resting on a source.

    >>> did_it_ourselves("a phone survey that we conducted between January and April 2024"), did_it_ourselves("It rose in 2024.")
    (True, False)
    """
    return _WE_DID.search(sentence) is not None


def tells_own_work(paragraph: str) -> bool:
    """Does a paragraph (or a note) tell the author's own work, fieldwork in the first person or a
    calculation shown? Its uncited figures are then the author's.

    >>> tells_own_work("I conducted fieldwork there. It had 200 people."), tells_own_work("World War I killed 9 million.")
    (True, False)
    >>> tells_own_work("Author's calculations based on ILOSTAT data. It includes workers aged 25-54.")
    True
    >>> tells_own_work("We found that papers accounted for $58 million. Each had a mean of $392,582.")
    True
    """
    return _OWN_WORK.search(paragraph) is not None


# the text's own table or chart, named as what the prose reads from ('Table 3 shows', 'appears in Table 15.5',
# '(see Figure 1)', 'the last column of Table 15.5')
_EXHIBIT = re.compile(r"\b(?:Tables?|Figures?|Fig\.|Charts?|Exhibits?|Graphs?)\s+[A-Z]?\d+(?:\.\d+)?\b")


# a sentence that states a forecast: 'is expected to fall to 2.3 to 1 by 2035', 'will be depleted by 2033',
# 'The IMF projects'
FORECAST = re.compile(
    r"\b(?:will|is\s+expected|are\s+expected|is\s+projected|are\s+projected|is\s+forecast)\b|"
    r"\b(?:expected|projected|forecast|predicted|anticipated)\s+to\b|"  # not a hedge: 'likely to be', 'due to'
    r"\b(?:anticipates|expects|predicts|forecasts|projects)\b|\b(?:projections?|predictions?|forecasts)\b|"
    # a plan is about a time to come: 'The Conservatives propose a net spending decrease of £44bn through 2029'
    r"\b(?:proposes|propose|proposed|pledges|pledged|promises|promised|committed\s+to|plans\s+to|intends\s+to)\b",
    re.IGNORECASE,
)


# a projection stated as a conditional, in the figure's own clause: 'achieving the SDG targets would more than double
# employment ... from 206 million in 2015 to 475 million in 2030' (not 'while forecasters predicted that the economy
# would fall into a recession, the US economy grew 3.4 percent')
_WOULD = re.compile(r"\bwould\b", re.IGNORECASE)


def states_forecast(text: str, sentence: tuple[int, int], start: int, end: int) -> bool:
    """Does the figure at ``start:end`` of a sentence state a forecast, its cue before it in the sentence or
    after it in its own clause? Its figures are about a time to come.

    >>> s = "The ratio is expected to fall to 2.3 to 1 by 2035. It is 10 percent, a share that will grow."
    >>> states_forecast(s, (0, 50), s.index("2.3"), s.index("2.3") + 3), states_forecast(s, (51, 93), 57, 67)
    (True, False)
    """
    clause_end = re.search(r"[,;:]|$", text[end : sentence[1]])
    after = text[end : end + (clause_end.start() if clause_end else 0)]
    return (
        FORECAST.search(text, sentence[0], start) is not None
        or FORECAST.search(after) is not None
        or _WOULD.search(_clause(text, sentence, start, end)) is not None
    )


# a chart of the text named without a number, in the paragraph that reads it ('These estimates are shown in the
# visualisation below', 'The chart shows', 'this visualization', 'the following graph')
_THIS_EXHIBIT = re.compile(
    r"\b(?:the|this|these|that)\s+(?:following\s+|interactive\s+|next\s+)?(?:charts?|graphs?|visuali[sz]ations?)\b"
    r"(?:\s+(?:below|above))?|\b(?:charts?|graphs?|visuali[sz]ations?)\s+(?:below|above)\b",
    re.IGNORECASE,
)


# the next sentence says the figures before it are what the chart shows: 'These estimates are shown in the ...'
_SHOWN = re.compile(
    r"\W*(?:These|Those|The)\s+(?:[\w-]+\s+){0,2}?(?:estimates|figures|data|numbers|rates|values)\s+(?:are|were)\s+"
    r"(?:shown|presented|plotted|displayed|visuali[sz]ed)\b"
)


def exhibit_read(before: str, after: str = "") -> str | None:
    """The text's own table or chart the paragraph up to a figure's sentence end points at ('Table 3 shows',
    'appears in Table 15.5', '(see Figure 1)'), or a chart it names without a number ('the chart shows', 'this
    visualisation'), up to there or in the sentence after, when that says it shows the figures (``after``, the rest of
    the paragraph: 'In 1800 43% died. These estimates are shown in the visualisation below'): the figure is read from it, and its caption gives the source (tables and charts are left out of the prose, so the check
    cannot see the caption). None when it names none.

    >>> exhibit_read("Table 3 shows newer projections. Even without them, obligations rose to "), exhibit_read("It rose to ")
    ('Table 3', None)
    >>> exhibit_read("In 1800 43% died.", " These estimates are shown in the visualisation below.")
    'the visualisation below'
    """
    m = _EXHIBIT.search(before) or _THIS_EXHIBIT.search(before)
    if m is None and _SHOWN.match(after):
        m = _THIS_EXHIBIT.search(after)
    return m.group(0) if m else None


def figure_role(text: str, sentence: tuple[int, int], draft, *, own_by_default: bool = False) -> str:
    """The role of ``draft``'s figure: ``sourced``, ``ownResult``, ``hypothetical`` or ``commonKnowledge`` (see the
    module docstring);
    ``own_by_default``: in a part of the text that reports its own work, an uncited figure is its own."""
    if getattr(draft, "citation", None) is not None or getattr(draft, "attributed", None):
        return SOURCED
    quantity = getattr(draft, "quantity", None)
    if quantity is not None and quantity.kind == "math":
        return OWN
    if in_a_computation(text, sentence, draft.start):
        return OWN  # an operand or the result of a computation the text works out
    if quantity is not None and quantity.kind == "vague":
        return COMMON
    body = text[sentence[0] : sentence[1]]
    end = getattr(draft, "end", None)
    if end is not None and (
        (_MADE_OF.search(text, sentence[0], draft.start) and _DIVISIONS.match(text, end, sentence[1]))
        or _ABOVE_SEA.match(text, end, sentence[1])
        or (_ANGLE.match(text, end, sentence[1]) and text[draft.start : end].lower().endswith(("degree", "degrees")))
    ):
        return COMMON
    if (
        end is not None
        and _LEVEL_BEFORE.search(text, max(sentence[0], draft.start - 60), draft.start)
        and _LEVEL_AFTER.match(text, end, sentence[1])
    ):
        return HYPOTHETICAL  # 'significant at the 5% level', 'winsorization at the 1%, 2.5%, and 5% levels'
    if (
        end is not None
        and _SHOCK_BEFORE.search(text, max(sentence[0], draft.start - 12), draft.start)
        and _SHOCK_AFTER.match(text, end, sentence[1])
    ):
        return HYPOTHETICAL  # 'a 10% increase in immigrant labor lowers ... by about 0.77%': the input of a reading
    if body.rstrip(' *_)”"’').endswith("?") or (end is not None and _SET_TO.search(text, sentence[0], draft.start)):
        return HYPOTHETICAL  # asked, not stated: 'What price would a country have to charge to earn 8%?'; a norm set
    cue = _HYPOTHETICAL.search(body)
    if cue is not None and _EXAMPLE.fullmatch(cue.group(0)) and _DATED.search(body):
        cue = None  # 'In 2011, for example, the bottom quintile received 3.2%': an example drawn from data
    if cue is not None or _LINE_BEFORE.search(text, max(sentence[0], draft.start - 60), draft.start):
        return HYPOTHETICAL
    clause = _clause(text, sentence, draft.start, end) if end is not None else None
    modal = _MODAL.search(clause) if clause is not None else None
    would = modal is not None and modal.group(0).lower().startswith("would")
    if modal is not None and not (would and (own_by_default or _DATED.search(clause or ""))):
        return HYPOTHETICAL  # what a proposal would do (in a part of the text that reports its own work: its result)
    if clause is not None and (_RULE.search(clause) or _RULES.search(body)):
        return HYPOTHETICAL
    if _OWN.search(body):
        return OWN
    if end is not None and (people := PLACES_BODIES_PEOPLE.match(text, end)) and _TOLD.match(text, people.end()):
        return OWN
    if own_by_default and not (clause is not None and _OTHERS_WORK.search(clause)):
        return OWN
    return SOURCED


def _clause(text: str, sentence: tuple[int, int], start: int, end: int) -> str:
    """The clause of a sentence that holds the figure at ``start:end`` (between commas, semicolons and colons).

    A comma between digits ('6,000 to 7,000') separates no clauses.

    >>> s = "It was 14%, below the share estimated elsewhere (16%)."
    >>> _clause(s, (0, len(s)), s.index("16%"), s.index("16%") + 3)
    ' below the share estimated elsewhere (16%).'
    >>> s = "It could deliver 6,000 to 7,000 homes, they say."
    >>> _clause(s, (0, len(s)), s.index("7,000"), s.index("7,000") + 5)
    'It could deliver 6,000 to 7,000 homes'
    """
    cuts = [m.start() for m in _CLAUSE_MARK.finditer(text, sentence[0], sentence[1])]
    before = max((i for i in cuts if i < start), default=sentence[0] - 1)
    after = min((i for i in cuts if i >= end), default=sentence[1])
    return text[max(before + 1, sentence[0]) : after]


_CLAUSE_MARK = re.compile(r"[;:]|,(?!\d{3}\b)|(?<!\d),")


# the sentence that says when the text's own study collected its data: 'Multicenter, cross-sectional study, carried
# out in ten Brazilian cities between 2008 and 2009', 'This study was based on data from the research project, 2010 to
# 2011, conducted in ten institutions', 'we conducted the survey in 2019'
_OWN_STUDY = re.compile(
    r"(?:\b(?:this|our|the\s+present|the\s+current)\s+(?:study|survey|research|analysis|project|experiment)\b|"
    r"\bwe\s+(?:\w+\s+)?(?:conducted|carried\s+out|collected|fielded|surveyed|interviewed|ran)\b|"
    r"^\W*(?:multi-?cent(?:er|re)|cross-sectional|longitudinal|population-based|prospective|retrospective|"
    r"nationally\s+representative)\b[\w ,-]{0,60}\b(?:study|survey)\b)"
    r"[^.;]{0,200}?\b(?:conducted|carried\s+out|collected|fielded|took\s+place|performed|administered|based\s+on\s+data)\b",
    re.IGNORECASE,
)


_SAYS_OWN = re.compile(
    r"\b(?:this|our|the\s+present|the\s+current)\s+(?:study|survey|research|analysis|project|experiment)\b|\bwe\b",
    re.IGNORECASE,
)


def fieldwork_period(sentences: list[str], text_year: int | None = None) -> Period | None:
    """When the text's own study collected its data, as its first sentence that says so (and cites nothing) dates
    it: the period of the text's own results that state none of their own.

    >>> fieldwork_period(["Multicenter, cross-sectional study, carried out in ten cities between 2008 and 2009."])
    Period(start='2008', end='2009', label='between 2008 and 2009')
    >>> fieldwork_period(["A study conducted by Smith in 2015 found 40%."]) is None
    True
    """
    for sentence in sentences:
        if _OWN_STUDY.search(sentence) is None:
            continue
        if _SAYS_OWN.search(sentence) is None and re.search(r"\(\D*\d{4}[a-z]?\)|\[\d|<sup>", sentence):
            continue  # 'A cross-sectional study carried out in 2015 (Smith 2016)': another's, by its citation
        dates = [d for d in find_dates(sentence, text_year=text_year) if d.start_date]
        if dates:
            return dates[0].period
    return None
