"""Laws, bills and codes as sources: how a text names them and when they were made.

Reports on public policy cite the laws they rest on ('P.L. 119-21, Section 90001', 'H.Rept.
118-553', 'INA, §244 (8 U.S.C. §1254a)') in notes and name them in prose ('(H.R. 8595)'). A law
prints no year of its own; the text usually says when it was made ('The President signed ... into
law (P.L. 119-21) on July 4, 2025'), and that date is the law's.

>>> [m.group(0) for m in LAW_NUMBER.finditer("(P.L. 107-296), H.R. 2922 and S. 458, not U.S. 5")]
['P.L. 107-296', 'H.R. 2922', 'S. 458']
"""

from __future__ import annotations

import re

from ..bibtex import Reference
from .dates import find_dates

# the forms that name a public law before its number: 'P.L.', 'Pub. L. No.', 'Public Law'
_PUBLIC_LAW_FORM = r"(?:P\.\s?L\.|Pub\.\s?L\.(?:\s?No\.)?|Public\s+Law)"
#: a public law by its number: 'P.L. 119-21', 'Public Law 117-58', 'Pub. L. No. 117-328'
PUBLIC_LAW = _PUBLIC_LAW_FORM + r"\s?\d{2,3}[-–]\d{1,4}"
#: a bill by its number: 'H.R. 8595', 'S. 458'
BILL = r"(?:H\.\s?R\.|(?<![\w.])S\.)\s?\d{1,5}(?![\d.,]\d)"
#: a law or a bill named by its number anywhere in a sentence
LAW_NUMBER = re.compile(rf"{PUBLIC_LAW}|{BILL}")
#: a text that opens with a law, a report of Congress or a code's section, and so names itself as a source
LAW = re.compile(
    rf"(?:{_PUBLIC_LAW_FORM}|H\.\s?R\.|H\.\s?Rept\.|S\.\s?Rept\.|S\.\s?Res\.)\s*\d+[-–]?\d*|"
    r"[A-Z]{2,6},?\s+§+\s*\d|\d+\s+(?:U\.S\.C|C\.F\.R)\.\s*§*\s*\d"  # a code's section: 'INA, §244 (8 U.S.C. §1254a)'
)
#: a code by its title number: '8 U.S.C.', '8 C.F.R.'
CODE = re.compile(r"\d+\s+(?:U\.S\.C|C\.F\.R)\.")
# a sentence that tells when a law was made
_ENACTED = re.compile(r"\b(?:signed|enacted|passed|became\s+law|into\s+law|approved)\b", re.IGNORECASE)


_PUBLIC_LAW_PREFIX = re.compile(rf"^{_PUBLIC_LAW_FORM}\s?(?=\d)")


def law_name(law: str) -> str:
    """A public law named as 'P.L. NNN-NN', whichever form the text prints ('Pub. L. No. 117-328', 'Public Law
    117-58'); any other law as printed.

    >>> law_name("Pub. L. No. 117-328"), law_name("Public Law 117-58"), law_name("H.R. 8595")
    ('P.L. 117-328', 'P.L. 117-58', 'H.R. 8595')
    """
    return _PUBLIC_LAW_PREFIX.sub("P.L. ", law.strip())


def law_id(law: str) -> str:
    """A law's number as a key, its spacing, punctuation and form aside: 'P.L. 119-21', 'P.L.119-21' and
    'Pub. L. No. 119-21' are one."""
    return re.sub(r"\W+", "", law_name(law)).casefold()


# a law whose title gives its year right before its number: 'the Additional Ukraine Supplemental Appropriations
# Act, 2022, Pub. L. No. 117-128'
_TITLED_YEAR = re.compile(rf"\bAct,?\s+(?P<year>1[89]\d\d|20\d\d),?\s*\(?(?P<law>{PUBLIC_LAW})")


def date_laws(refs: list[Reference], text: str) -> None:
    """Date the undated laws among ``refs`` by the sentence of ``text`` that tells when each was made,
    the date of that sentence nearest the law's number.

    >>> from forcedmig_kb.bibtex import Name
    >>> law = Reference(key="l", entry_type="misc", authors=[Name("P.L. 119-21", corporate=True)], year=None,
    ...                 year_suffix="", title="P.L. 119-21", fields={})
    >>> date_laws([law], "The President signed the FY2025 package into law (P.L. 119-21 ) on July 4, 2025.")
    >>> law.year
    2025
    >>> again = Reference(key="m", entry_type="misc", authors=[Name("P.L. 117-128", corporate=True)], year=None,
    ...                   year_suffix="", title="P.L. 117-128", fields={})
    >>> date_laws([again], "were the Additional Appropriations Act, 2022, Pub. L. No. 117-128, 136 Stat. 1211")
    >>> again.year
    2022
    """
    undated = {
        law_id(r.authors[0].family) for r in refs if r.year is None and r.authors and LAW.match(r.authors[0].family)
    }
    if not undated:
        return
    enacted: dict[str, int] = {}
    for m in _TITLED_YEAR.finditer(text):
        enacted.setdefault(law_id(m.group("law")), int(m.group("year")))
    for m in LAW_NUMBER.finditer(text):
        law = law_id(m.group(0))
        if law not in undated or law in enacted:
            continue
        start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        stop = min((i for i in (text.find(". ", m.end()), text.find("\n", m.end())) if i >= 0), default=len(text))
        sentence = text[start:stop]
        if not _ENACTED.search(sentence):
            continue
        at = m.start() - start
        dates = sorted((d for d in find_dates(sentence) if d.start_date), key=lambda d: abs(d.start - at))
        if dates:
            enacted[law] = int(str(dates[0].start_date)[:4])
    for r in refs:
        if r.year is None and r.authors and law_id(r.authors[0].family) in enacted:
            r.year = enacted[law_id(r.authors[0].family)]
