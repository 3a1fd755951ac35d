"""Reference entries printed title first, as Wikipedia's citation templates print a work with no author.

'["Is your debt dragging the economy down?"](https://...). _The Times of India_. 11 September 2019.
[Archived](...) from the original on 8 July 2022.': the work, site or publisher printed after the title
stands for the author (nothing printed there: its site), and the year is that of the first date printed
before the archive's or the retrieval's, else the year of an edition its title names (none: undated).
Wikipedia's back-links before an entry ('**^**', '^ _**a**_ _**b**_') are
no part of it.

>>> titled_entry('["Energy Statistics 2017"](http://x/e.pdf) (PDF). [Ministry of Statistics](/wiki/M "M").')
('Ministry of Statistics', '2017', 'Energy Statistics 2017')
>>> titled_entry('["Debt"](https://t/x). _The Times of India_. 11 September 2019. [Archived](https://a/b) from the original on 8 July 2022.')
('The Times of India', '2019', 'Debt')
>>> titled_entry('["2000 years of history"](http://www.visualcapitalist.com/x/). [Archived](https://a/b) from the original')
('visualcapitalist.com', None, '2000 years of history')
>>> BACKLINKS.sub("", "^ _**a**_ _**b**_ Chandrasekhar, C. P. (2012)")
'Chandrasekhar, C. P. (2012)'
"""

from __future__ import annotations

import re

# Wikipedia's links back to where an entry is cited: '**^**', '^ _**a**_ _**b**_', '^ a b'
BACKLINKS = re.compile(r"^(?:\*\*\^\*\*|\^(?:\s*_?\*\*[a-z]{1,2}\*\*_?|\s+[a-z](?=\s))*)\s*")
_TITLE_FIRST = re.compile(
    r"^(?:\[?\s*[\"“](?P<title>[^\"”]{2,300}?)[.,]?[\"”]\s*\]?|\[(?P<linked>[^\[\]\"“]{2,300})\](?=\(https?:))"
    r"(?:\((?P<url>(?:\\\)|[^)])*)\))?\s*(?:\((?:PDF|pdf)\))?\s*[.,]?\s*(?P<rest>.*)$"
)
_LINK = re.compile(r"\[([^\[\]]*)\]\((?:\\\)|[^)])*\)")  # a Markdown link, its target may hold '\)'
_ARCHIVED = re.compile(r"\b(?:Archived|Retrieved)\b")
_YEAR = re.compile(r"(?<![\d/.])(?:1[5-9]\d\d|20\d\d)(?![\d/])")
_EDITION = re.compile(r"(?<![\d/.])(?:1[5-9]\d\d|20\d\d)(?![\d/])(?!\s+years)")
_SITE = re.compile(r"https?://(?:www\.)?([^/\s)]+)")
_NOT_A_WORK = re.compile(
    r"^(?:p{1,2}\.\s*[\d–-]+|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{4}|\d{4}|PDF|ANI|PTI|Reuters|AP|AFP|IANS)$"
)


def titled_entry(text: str) -> tuple[str, str | None, str] | None:
    """The stand-in author, the year (None: undated) and the title of an entry printed title first; None
    when ``text`` does not open with a quoted title."""
    m = _TITLE_FIRST.match(text)
    if m is None:
        return None
    title = (m.group("title") or m.group("linked")).strip()
    rest = _LINK.sub(r"\1", m.group("rest"))
    head = _ARCHIVED.split(rest, maxsplit=1)[0]
    # the year of its date, else of its title when it names an edition ('World Trade Statistical Review 2022')
    year = _YEAR.search(re.sub(r"https?://\S+", " ", head)) or _EDITION.search(title)
    found = year.group(0) if year else None
    for piece in re.split(r"\.\s+|\.$", head):
        work = piece.strip().strip("_*").strip()
        if work and not _NOT_A_WORK.match(work):
            return work, found, title
    site = _SITE.match(m.group("url") or "")  # nothing printed after the title but its archive: its site
    return (site.group(1), found, title) if site else None
