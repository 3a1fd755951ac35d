"""The sources a note names, read as the references they are.

A note of a notes-style text (:mod:`.notes` finds the notes and their markers) names its source,
usually as ``Author, “Title,” Publisher, Date, URL``, sometimes two sources or a comment:

- its sources are its parts (:mod:`.note_parts` cuts them: at ';' or at the end of a sentence; a
  comment before 'See ...' is no source) that name a year or an address;
- a source's author is the name before the first comma (a person's family name when it reads as
  persons, 'Lynda J. Oswald', 'Bill Frelick and Barbara Kohnen'; else a body, or the publisher after a
  title printed first, or the site of a bare address), its year the first one printed outside the
  title and the address;
- a short form ('Oswald, “Extended Voluntary Departure”') stands for the work an earlier note gave in
  full, and 'Ibid.' for the sources of the note before.

>>> refs = note_references({"2": (4, "U.S. CDC, “Frequently Asked Questions,” April 26, 2004, https://www.cdc.gov/faq.")})
>>> [(r.label, r.authors[0].family, r.year, r.title) for r in refs]
[('2', 'U.S. CDC', 2004, 'Frequently Asked Questions')]
>>> [(r.authors[0].family, r.year) for r in note_references({"9": (1, "https://www.cbo.gov/publication/49910")})]
[('cbo.gov', None)]
>>> refs = note_references({"20": (1, "About 15 nationalities received EVD. See Lynda J. Oswald, “Extended Voluntary "
...     "Departure: Limiting Discretion,” *Michigan Law Review* (1986)."), "39": (2, "See Oswald, “Extended Voluntary Departure.”")})
>>> [(r.label, [a.family for a in r.authors], r.year) for r in refs]
[('20', ['Oswald'], 1986), ('39', ['Oswald'], 1986)]
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..bibtex import Name, Reference, new_key
from .laws import CODE, LAW, LAW_NUMBER, date_laws, law_name
from .markup import MD_LINK
from .note_parts import QUOTED, SEE, URL, sentence_starts, sources_of

_YEAR = re.compile(r"(?<![\d/])(1[89]\d\d|20\d\d)(?![\d])")
# the date a source closes with, in parentheses: '(Nov. 4, 2024).', '(April 2022)', '(2019)'
_CLOSING_DATE = re.compile(r"\((?:[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},\s+)?)?(1[89]\d\d|20\d\d)\)[.,]?\s*$")
_URL_YEAR = re.compile(r"/(1[89]\d\d|20\d\d)(?:[/-]|$)")  # a date in the address: /2015/ or /2015-04-14-

_IBID = re.compile(r"\s*(?:ibid|id)\.?(?=[\s,.]|$)", re.IGNORECASE)
_SHORT_AUTHOR = re.compile(r"[A-Z][\w.'’\- ]{1,80}(?:\s+(?:and|&)\s+[A-Z][\w.'’\- ]{1,40})?,\s*")
_RESTS_ON_LAW = re.compile(
    r"\b(?:as\s+(?:reflected|reported|provided|enacted|set\s+out)\s+in|based\s+on|according\s+to|under|see)\s+"
    r"(?P<law>(?:" + LAW.pattern + r")[\w()]*)"
)
# the author of a work printed right after its title: 'CRS Insight IN12567, *The ... Review*, by Nick M. Brown'
_BY = re.compile(
    r"\s*,?\s*(?:(?:coordinated|edited|compiled|written)\s+)?by\s+((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+)"
)
# a body with its acronym, as a note names it ('U.S. Department of Justice (DOJ)')
_WITH_ACRONYM = re.compile(r"(.+?)\s*\(([A-Z]{2,8})\)")


def note_references(notes: dict[str, tuple[int, str]], *, key_prefix: str = "", text: str = "") -> list[Reference]:
    """The sources each note names, as references labelled with the note's number (a comment names none);
    a body a note names by its acronym ('GAO') is named in full where ``text`` or an earlier note spells it out."""
    refs: list[Reference] = []
    seen: set[str] = set()
    bodies = acronyms(text)  # acronym -> the body as the text names it ('U.S. Department of Justice (DOJ)')
    sites = {**initials_of_bodies(text + " " + " ".join(n for _, n in notes.values())), **bodies}
    dated: dict[str, Reference] = {}  # a work given in full, by its title: what its short forms stand for
    previous: list[Reference] = []  # the sources of the note before: what 'Ibid.' names
    for label, (line, note) in notes.items():
        if _IBID.match(note):
            again = [
                replace(
                    r,
                    key=new_key(
                        r.authors[0].family if r.authors else "",
                        str(r.year or ""),
                        seen,
                        prefix=f"{key_prefix}note{label}-",
                        fallback="source",
                    ),
                    label=label,
                    line=line,
                )
                for r in previous
            ]  # 'Ibid., p. 6.': the sources of the note before
            refs += again
            previous = again
            continue
        previous = []
        for part in sources_of(note):
            ref = _source(part, label, line, seen, key_prefix, bodies, sites)
            if ref is None:
                continue
            title = _title_key(ref.title)
            full = dated.get(title) if ref.year is None else None
            if full is None and ref.year is None and len(title) >= 8:
                family = ref.authors[0].family.split()[0].casefold() if ref.authors else ""  # 'Martin et al.'
                full = next(
                    (
                        w
                        for t, w in dated.items()
                        if t.startswith(title) and w.authors and w.authors[0].family.casefold() == family
                    ),
                    None,
                )  # 'Oswald, “Extended Voluntary Departure”': the shortened title of Oswald's work
            if full is not None:
                # 'Stone, “The Scope of IMF Conditionality.”': the work an earlier note gave in full
                ref.year, ref.authors = full.year, list(full.authors)
            elif ref.year is not None and title:
                dated.setdefault(title, ref)
            refs.append(ref)
            previous.append(ref)
        if not previous:
            previous = _laws_named(note, label, line, seen, key_prefix)  # a comment that names laws in passing
            refs += previous
    date_laws(refs, text)
    return refs


def _laws_named(note: str, label: str, line: int, seen: set[str], prefix: str) -> list[Reference]:
    """The laws and bills a comment names in passing as the ground of what it says (in parentheses, or
    after 'See'), each dated by the year its sentence gives before it
    and after the law named before ('In 1992 Congress passed the ... Act (P.L. 102-404)', '... Act of 1987
    (H.R. 2922) and ... Act of 1988 (H.R. 4379)'); undated where the sentence gives none ('and S. 458').

    >>> [(r.authors[0].family, r.year) for r in _laws_named("When TPS was enacted in 1990, it was the AG's. With the "
    ...     "creation of DHS in 2002 (P.L. 107-296), it moved. See the Act of 1987 (H.R. 2922) and S. 458.", "11", 1, set(), "")]
    [('P.L. 107-296', 2002), ('H.R. 2922', 1987), ('S. 458', None)]
    >>> _laws_named("They include H.R. 6405, H.R. 6471, and S.Res. 497.", "1", 1, set(), "")
    []
    """
    out: list[Reference] = []
    starts = [0, *sentence_starts(note)]
    for at, nxt in zip(starts, [*starts[1:], len(note)]):
        floor = at
        see = SEE.match(note[at:nxt]) is not None
        for m in LAW_NUMBER.finditer(note, at, nxt):
            if not see and note.rfind("(", at, m.start()) <= note.rfind(")", at, m.start()):
                continue  # 'They include H.R. 6405, H.R. 6471, ...': laws listed, not the ground of what is said
            years = [y for y in _YEAR.finditer(note, floor, m.start())]
            year = int(years[-1].group(1)) if years else None
            law = law_name(re.sub(r"\s+", " ", m.group(0)))
            floor = m.end()
            key = new_key(law, str(year or ""), seen, prefix=f"{prefix}note{label}-", fallback="source")
            out.append(
                Reference(
                    key=key,
                    entry_type="misc",
                    authors=[Name(family=law, corporate=True)],
                    year=year,
                    year_suffix="",
                    title=law,
                    fields={"title": law, "note": "As printed: " + note[at:nxt][:400]},
                    line=line,
                    label=label,
                )
            )
    return out


_SPELT_OUT = re.compile(r"((?:[A-Z][\w.'’-]*\s+(?:(?:of|for|and|on|the|de|del|des|la|le)\s+)*)+)\(([A-Z]{2,8})\)")
_MINOR = frozenset("of for and on the de del des la le".split())


def acronyms(text: str) -> dict[str, str]:
    """The bodies ``text`` spells out before their acronym, by acronym; the words whose initials make it.

    >>> acronyms("Then the U.S. Government Accountability Office (GAO) and the Executive Office for Immigration Review (EOIR)")
    {'GAO': 'U.S. Government Accountability Office', 'EOIR': 'Executive Office for Immigration Review'}
    """
    out: dict[str, str] = {}
    for m in _SPELT_OUT.finditer(text):
        words, acronym = m.group(1).split(), m.group(2)
        for start in range(len(words)):
            initials = "".join(w[0] for w in words[start:] if w not in _MINOR)
            if initials == acronym and words[start] not in _MINOR:
                if start and words[start - 1] in ("U.S.", "UK", "U.K."):
                    start -= 1
                out.setdefault(acronym, " ".join(words[start:]))
                break
    return out


# a body named in full: three or more capitalised words, minor words between them ('Social Security Administration')
_BODY = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:(?:of|for|and|on|the)\s+)*[A-Z][a-z]+){2,7}\b")


def initials_of_bodies(text: str) -> dict[str, str]:
    """The bodies ``text`` names in full, by their initials (the first named so wins).

    >>> initials_of_bodies("Fact Sheet, Social Security Administration, 2021; the Congressional Budget Office")
    {'SSA': 'Social Security Administration', 'CBO': 'Congressional Budget Office'}
    """
    out: dict[str, str] = {}
    for m in _BODY.finditer(text):
        words = m.group().split()
        out.setdefault("".join(w[0] for w in words if w not in _MINOR), m.group())
    return out


def _title_key(title: str) -> str:
    return re.sub(r"\W+", " ", title.casefold()).strip()[:60]


# a note that makes a statement ('Individuals who left Ukraine on or after February 24, 2022 may apply ...'),
# not a reference ('World Bank, Annual Report, 2019')
_PROSE = re.compile(
    r"\b(?:is|are|was|were|may|can|could|should|would|will|do|does|did|has|have|had|shows?|"
    r"refers?|includes?|comprises?|covers?|means?|requested|applied|given)\b"
)
# a verb in the past tense that only a statement has ('15 nationalities received EVD between 1960 and 1990'),
# not the words of a reference ('revised annually', 'accessed', 'published', 'as reported in')
_STATES = re.compile(
    r"\b(?!(?:accessed|updated|published|edited|translated|unpublished|revised|cited|retrieved|archived|compiled|"
    r"prepared|presented|submitted|reprinted|expanded|issued|posted|released|modified|dated|selected|collected|"
    r"based|adapted|reported|related|united|limited|detailed|red|bed|need|speed|feed|seed|weed)\b)[a-z]{2,}ed\b"
)
_ACCESSED = re.compile(r"^(?:accessed|retrieved|last\s+accessed|viewed)\b", re.IGNORECASE)
_AVAILABLE = re.compile(r"^(?:an?\s+(?:copy|version|text|translation)\s+(?:[\w-]+\s+){0,3}?is\s+)?available\b", re.I)
# a work of a body's numbered series: 'CRS Report RS20844', 'CRS Insight IN11335', 'GAO-17-438': the body wrote it
_SERIES = re.compile(r"(?P<body>[A-Z]{2,6})\s+(?:[A-Z][a-z]+\s+){1,3}[A-Z]{0,3}\d{3,6}")
_STARTS_DATED = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d",
    re.IGNORECASE,
)
# what a note says of the data before naming their source: 'This is taken from', 'The data shown in this
# graph are obtained from', 'These are the estimates from the'
_TAKEN_FROM = re.compile(
    r"^(?:this|these|the\s+(?:data|figures|estimates|numbers)(?:\s+shown)?(?:\s+in\s+this\s+\w+)?)\s+(?:is|are|was|were)\s+"
    r"(?:(?:the\s+)?(?:estimates|data|figures|numbers)\s+)?(?:taken|obtained|drawn|derived|adapted|reproduced)?\s*from\s+(?:the\s+)?",
    re.IGNORECASE,
)
# a note in Vancouver's form: authors (or a body), a title, then place, publisher and '; year'
_VANCOUVER_NOTE = re.compile(
    r"^(?P<authors>[A-ZÀ-Þ][^.;:()“”\"]{1,150}?)\.\s+(?P<title>(?:[^.]|\.(?!\s)){3,300}?)[.?](?:\s.*)?;\s*"
    r"(?P<year>(?:1[89]|20)\d\d)[a-z]?\b[^;]*$"
)
_VANCOUVER_PERSON = re.compile(r"(?P<family>[A-ZÀ-Þ][\w'’-]*(?:\s[\w'’-]+)*?)\s(?P<initials>[A-Z]{1,3})")


def _source(
    part: str,
    label: str,
    line: int,
    seen: set[str],
    prefix: str,
    bodies: dict[str, str] | None = None,
    sites: dict[str, str] | None = None,
) -> Reference | None:
    part = MD_LINK.sub(r"\1", part)  # '[Adam Isacson et al.](https://...)': the link's words
    urls = URL.findall(part)
    text = SEE.sub("", re.sub(r"^(?:and|&)\s+", "", URL.sub(" ", part).strip(" .,")))
    taken = _TAKEN_FROM.match(text)
    text = (
        text[taken.end() :] if taken else text
    )  # 'These are the estimates from the Global Burden of Disease 2013 study'
    # the source it names, nothing more: 'The data shown in this graph are obtained from [Gapminder.org](...)'
    named_from = taken is not None and re.fullmatch(r"[A-Z][\w.&'’-]*(?:\s+[\w.&'’-]+){0,7}", text) is not None
    listed = _PERSONS_BEFORE_YEAR.match(text)  # the names before '(2015)', if it opens with persons
    text = re.sub(
        r"^([^()]{3,120}?)\s*\(((?:1[89]|20)\d\d[a-z]?)\)\s*[–—-]\s*", r"\1, \2, ", text
    )  # 'Chamberlain (2006) – Title
    if _ACCESSED.match(text) or _AVAILABLE.match(text) or not re.search(r"[^\W\d_]{2}", text) and not urls:
        return None  # 'Accessed May 5, 2020', 'A copy is available at ...': of the source before, not a source
    title_m = QUOTED.search(text)
    title = next(g for g in title_m.group("a", "b", "c", "d", "e") if g).strip() if title_m else ""
    outside = (text[: title_m.start()] + " " + text[title_m.end() :]) if title_m else text
    # the source's date: the first year printed after its title ('“...,” December 8, 2025. The 1944
    # Treaty governs ...': what follows is a comment), else the last year printed outside the title
    after = list(_YEAR.finditer(text, title_m.end())) if title_m else []
    years = list(_YEAR.finditer(outside))
    year_m = after[0] if after else years[-1] if years else (_URL_YEAR.search(urls[0]) if urls else None)
    # '..., PL 22-04 (Oct. 25, 2021).': the date a source without an address closes with is its own
    closing = None if urls else _CLOSING_DATE.search(text)
    if closing is not None and not (title_m and title_m.start() <= closing.start() < title_m.end()):
        year_m = closing
    # an undated work with its title set in italics ('DOJ, *Governor of Sinaloa*.', 'CRS Insight IN12567,
    # *The ... Review*, by Nick M. Brown'): a source when nothing around the title reads as a sentence
    italic = (
        title_m is not None and (title_m.group("d") or title_m.group("e")) is not None and not _PROSE.search(outside)
    )
    # a short form: 'Stone, “The Scope of IMF Conditionality.”' (the author and the title, nothing else),
    # for a work a note before gave in full
    short_form = (
        title_m is not None
        and _SHORT_AUTHOR.fullmatch(text[: title_m.start()]) is not None
        and not text[title_m.end() :].strip(' .,”"’*')
    )
    law = title_m is None and LAW.match(text) is not None  # a law or a code's section names itself
    # a comment that names the law or report it rests on: '... uses CBO's estimates as reflected in H.Rept. 118-553'
    rests_on = _RESTS_ON_LAW.search(text) if title_m is None and not law else None
    if rests_on is not None:
        text, law = rests_on.group("law"), True
    vancouver = _VANCOUVER_NOTE.match(text) if title_m is None else None
    if (
        not law
        and not named_from
        and vancouver is None
        and (
            not (urls or year_m or italic or short_form)
            or not (urls or title_m)
            and (_PROSE.search(text) or _STATES.search(text))
        )
    ):
        return None  # a comment, not a source: no address or title, and it reads as a sentence
    if vancouver is not None:
        # 'Pasquali L. Teoria de resposta ao item. Brasília (DF): UnB; 2007.': a journal's note in Vancouver's form
        title = vancouver.group("title")
    if vancouver is not None:
        author = vancouver.group("authors").strip()
    elif title_m and not text[: title_m.start()].strip(" ,"):
        author = re.split(r",", text[title_m.end() :].strip(" ,"), maxsplit=1)[0].strip(" *_")  # “Title,” Publisher
        if not re.match(r"[^\W\d_]", author) or _STARTS_DATED.match(author):
            author = ""  # '“Title,” 27 August 2014.': a date, not a publisher (the address names the site)
    else:
        author = re.split(r",\s*|\s+[“\"‘]", text, maxsplit=1)[0].strip()
        code = CODE.match(author) if law else None
        if code is not None:
            author = code.group(0)  # '8 C.F.R. §244.9 for details on ...': the code, not the comment
        elif law:
            author = law_name(author)  # 'Pub. L. No. 117-328' is 'P.L. 117-328'
    by = _BY.match(text, title_m.end()) if title_m else None
    person = by.group(1) if by is not None else None  # who wrote it, not the series it belongs to
    if person is None and listed is not None and len(note_authors(listed.group("names"))) > 1:
        person = listed.group("names")  # 'Li Liu, PhD, Shefali Oza, MSc, ... (2015) – Title': all of them
    author = re.sub(r"^according\s+to\s+", "", author, flags=re.IGNORECASE)
    author = re.sub(r"(?<=\S)\s+(?:1[89]\d\d|20\d\d)[a-z]?$", "", author)  # a short form: 'GAO 2017, p. 24.
    series = _SERIES.fullmatch(author)
    if series is not None:
        author = series.group("body")
    named = _WITH_ACRONYM.fullmatch(author)
    short = named.group(2) if named is not None else ""
    if named is not None:
        # 'U.S. Department of Defense (DOD)', 'All forecasts refer to the Office for Budget Responsibility
        # (OBR)': the body the acronym spells, else all before it; the acronym is its short name
        author = acronyms(author).get(named.group(2), named.group(1))
    if bodies is not None:
        if named is not None:
            bodies.setdefault(named.group(2), author)
        elif author in bodies:
            short, author = author, bodies[author]  # 'DOJ', named in full by an earlier note
    if not author or _YEAR.fullmatch(author) or len(author) > 100 or not _NAMED.search(author) or author[0] == "(":
        author = ""
    if not author and urls:
        site = re.sub(r"^www\.", "", re.sub(r"^<?https?://", "", urls[0]).split("/")[0])
        # 'https://www.ssa.gov/...' in a text that names the Social Security Administration: the body whose
        # initials name the site
        author = (sites or {}).get(site.split(".")[0].upper(), site)
    if not author and person is None:
        return None
    year = int(vancouver.group("year")) if vancouver is not None else int(year_m.group(1)) if year_m else None
    key = new_key(author, str(year or ""), seen, prefix=f"{prefix}note{label}-", fallback="source")
    fields = {"title": title or text[:120], "note": "As printed: " + part[:400]}
    if urls:
        fields["url"] = urls[0].strip("<>").rstrip(".,")
    names = note_authors(person) if person is not None else note_authors(author)
    if vancouver is not None:
        persons = [_VANCOUVER_PERSON.fullmatch(p) for p in re.split(r",\s+", vancouver.group("authors").strip())]
        names = (
            [Name(p.group("family"), p.group("initials")) for p in persons if p is not None]
            if all(persons)
            else [Name(author, corporate=True)]
        )
    return Reference(
        key=key,
        entry_type="misc",
        authors=names,
        year=year,
        year_suffix="",
        title=title or text[:120],
        fields=fields,
        line=line,
        label=label,
        short_author=short,
    )


# what a person is addressed as before their name, or the part of a hearing they gave
_PERSON_BEFORE = re.compile(
    r"^(?:(?:testimony|statement|remarks)\s+of\s+|(?:Rep|Sen|Dr|Mr|Mrs|Ms|Prof)\.\s+|"
    r"(?:Representative|Senator|Congressman|Congresswoman|Professor)\s+)",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(
    r"(?:[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?|(?:[A-ZÀ-Þ]\.){1,3}|[A-ZÀ-Þ]|de|da|van|von|der|del|la|le)"
)
# a word that names a body, not a person ('Human Rights Watch', 'Editorial Writers Desk', 'Center for ...')
_BODY_WORD = re.compile(
    r"\b(?:Watch|News|Times|Post|Services?|Office|Department|Bureau|Institute|Foundation|Council|Organi[sz]ation|"
    r"Commission|Bank|Agency|University|College|Committee|Congress|Association|Press|Review|Journal|Cent(?:er|re)|"
    r"Fund|Group|Network|Project|Program(?:me)?|Administration|Ministry|Court|House|Senate|Society|Union|Forum|"
    r"Trust|Alliance|Coalition|Research|Desk|Board|Authority|Corporation|Company|Statistics|Survey|Nations|Health|"
    r"Policy|Rights|International|National|Global|World|American|European|Federal|United|Economist|Magazine|Daily|"
    r"Tribune|Herald|Guardian|Telegraph|Chronicle|Gazette|Monitor|Affairs|Studies|Data|Report|Releases|Register|"
    r"Record|Reuters|Associated|Government|State|States|Library|Museum|Archives?|Clearinghouse|Commissioner|Team)\b"
)
# the commonest family names of China in pinyin: a name of two words that opens with one is family-first
_CHINESE_FAMILY = frozenset(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Zhu Hu Guo Lin Gao Luo Zheng Liang Xie Song Tang Han "
    "Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Du Cheng Wei Su Lu Ding Ren Shen Yao Gong Fan Fang "
    "Shi Jin Qian Qin Xiong Meng Qiu Hou Bai Cui Kang Mao Hao Kong Lei Duan Hou Long Tao Yin Xue Yan Jia Ye Zou "
    "Xia Wan Dai Fu Mo Wen Qi Zhong Ou".split()
)
_ET_AL = re.compile(r",?\s+et\s+al\.?$")
_PERSONS_BEFORE_YEAR = re.compile(r"(?P<names>[^()\d]{3,400}?)\s*\((?:1[89]|20)\d\d[a-z]?\)")
# degrees after a name and titles before it: 'Li Liu, PhD, ..., Prof Robert E Black'
_DEGREE = re.compile(r"(?:Ph\.?\s?D|M\.?Sc|M\.?D|M\.?A|MPH|MBA|B\.?A|B\.?Sc|DPhil|DrPH|MBBS|FRCP|Jr|Sr)\.?")
_TITLE = re.compile(r"^(?:Prof|Professor|Dr|Sir)\.?\s+")
_NAMED = re.compile(r"[^\W\d_]")


def note_authors(author: str) -> list[Name]:
    """The authors a note names before its title: persons as family and given names ('Lynda J. Oswald',
    'Bill Frelick and Barbara Kohnen', 'Susan Martin et al.', 'Rep. McCollum'), else one body.

    >>> [(a.family, a.given, a.corporate) for a in note_authors("and Claire Bergeron")]
    [('Bergeron', 'Claire', False)]
    >>> [a.family for a in note_authors("Nicole Svajlenka and Tom Jawetz")], note_authors("Human Rights Watch")[0].corporate
    (['Svajlenka', 'Jawetz'], True)
    >>> [(a.family, a.given) for a in note_authors("Lu Zhenhua")]
    [('Lu', 'Zhenhua')]
    >>> [a.family for a in note_authors("Li Liu, PhD, Shefali Oza, MSc, Prof Joy E Lawn, MD, Prof Robert E Black")]
    ['Liu', 'Oza', 'Lawn', 'Black']
    """
    text = re.sub(r"^(?:and|&)\s+", "", author.strip())
    addressed = _PERSON_BEFORE.match(text)
    text = _ET_AL.sub("", text[addressed.end() :] if addressed else text).strip(" ,")
    pieces = [p for p in re.split(r",?\s+(?:and|&)\s+|,\s+", text) if p]
    if len(pieces) > 1:
        pieces = [_TITLE.sub("", p) for p in pieces if not _DEGREE.fullmatch(p)]
    names = []
    for piece in pieces:
        words = piece.split()
        lone = len(words) == 1 and addressed is not None and len(pieces) == 1  # 'Rep. McCollum'
        if (
            not (2 <= len(words) <= 4 or lone)
            or _BODY_WORD.search(piece)
            or not all(_NAME_WORD.fullmatch(w) for w in words)
            or not words[-1][1:2].islower()
        ):
            return [Name(author.strip(), corporate=True)] if author.strip() else []
        if len(words) == 2 and words[0] in _CHINESE_FAMILY and words[1] not in _CHINESE_FAMILY:
            names.append(Name(words[0], words[1]))  # 'Lu Zhenhua': a name in pinyin puts the family first
        else:
            names.append(Name(words[-1], " ".join(words[:-1])))
    return names or [Name(author.strip(), corporate=True)]
