"""Drafts and the check held against a text's truth, made by hand (``tests/data/real/*.toml``).

A truth file lists every figure of a text's prose (value, unit, period, the citation that
covers it, its role), every in-text citation and the reference-list entries it resolves to,
the text's real defects and defects to seed (``tests/data/real/README.md`` gives the format).
:func:`measure` extracts the text, checks the drafts and scores them:

- *figures*: a truth figure is found when a draft's printed figure overlaps the truth's printed
  figure in the text and has its value (within 0.5 percent) and unit; its *period* is right when
  the draft's period starts and ends in the truth's years;
- *drafts*: a figure draft is real when it is such a match of some truth figure;
- *citations*: a truth citation is parsed when a citation is printed at its place with the same
  text (as a reader sees it: a link's words, not its address), resolved when every work of it resolves to the truth's entry (first author and year) or,
  where the truth says the list lacks it, to none;
- *findings*: a finding is true when it names a truth defect (same rule, and its quote or citation
  holds the defect's subject); seeded defects are found by the same test on the seeded text, and a
  false alarm is a finding the seeds brought (absent from the text as published) that names no
  defect and is no consequence of a seed (on the words a seed rewrote, an entry left uncited by a
  seed that edits its citation, or the seed's rule on a figure of the passage the seed edited).

>>> norm_entry("Pérez-Díaz 2019a"), norm_entry("")
('perez diaz 2019a', '')
"""

from __future__ import annotations

import math
import re
import tempfile
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..checks import run_check
from ..citations import normalize
from ..extraction.drafting import extract
from ..extraction.drafts import Citation, Extraction
from ..extraction.graph import serialize
from ..extraction.intext import NUMBERED_RANGE, unlinked
from ..extraction.text import collapse
from ..loading import load_knowledge_base

UNITS = {"NUM", "PERCENT", "FRACTION", "UNITLESS", "YR", "USD", "EUR", "GBP"}


def norm_entry(text: str) -> str:
    """'Family YEAR[letter]' of a reference-list entry, normalised for comparison."""
    return normalize(text.strip())


@dataclass
class TextScore:
    """The measures of one text (counts; the ratios are computed by the report)."""

    name: str
    figures: int = 0
    found: int = 0
    with_period: int = 0  # truth figures that state a period
    period_right: int = 0
    drafts: int = 0
    real_drafts: int = 0
    events: int = 0
    role_right: int = 0
    citations: int = 0
    parsed: int = 0
    resolved: int = 0
    findings: int = 0
    true_findings: int = 0
    event_findings: int = 0  # findings on dated events, which no truth lists
    defects: int = 0
    defects_found: int = 0
    seeds: int = 0
    seeds_found: int = 0
    seed_false_alarms: int = 0
    tables_left_out: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    misresolved: list[str] = field(default_factory=list)
    false_findings: list[str] = field(default_factory=list)
    missed_defects: list[str] = field(default_factory=list)
    missed_seeds: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @classmethod
    def total(cls, scores: list[TextScore]) -> TextScore:
        """The counts of ``scores`` added up (the lists of what did not match stay with each text)."""
        out = cls("total")
        for f in fields(cls):
            if f.type in ("int", int):
                setattr(out, f.name, sum(getattr(sc, f.name) for sc in scores))
        return out


def _spans(whole, quote: str, printed: str) -> list[tuple[int, int]]:
    """Original-text spans of ``printed`` inside every occurrence of ``quote`` (whitespace collapsed)."""
    q, p = collapse(quote), collapse(printed)
    out, at = [], whole.text.find(q)
    while at >= 0:
        inner = q.find(p) if p else -1
        a, b = (at + inner, at + inner + len(p)) if inner >= 0 else (at, at + len(q))
        out.append((whole.offset(a), whole.offset(b - 1) + 1))
        at = whole.text.find(q, at + 1)
    return out


def _draft_span(d) -> tuple[int, int]:
    return d.flow.offset(d.start), d.flow.offset(max(d.start, d.end - 1)) + 1


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b)) + 1e-9


def _same_period(period, want: tuple[str, str]) -> bool:
    """The draft's period is the truth's years; a twelve-month window ('the year to June 2016', from
    2015-07 to 2016-06) is the year it ends in when the truth names one year."""
    start, end = (period.start or ""), (period.end or period.start or "")
    if start[:4] == want[0] and end[:4] == want[1]:
        return True
    if want[0] == want[1] == end[:4] and len(start) >= 7 and len(end) >= 7:
        return (int(end[:4]) * 12 + int(end[5:7])) - (int(start[:4]) * 12 + int(start[5:7])) < 12
    return False


def _years(period: str) -> tuple[str, str]:
    parts = re.split(r"\s*[/–-]\s*", str(period).strip())
    return parts[0][:4], parts[-1][:4]


def _figures(ex: Extraction, truth: dict, score: TextScore) -> None:
    whole = ex.document.whole
    quantities = [d for d in ex.drafts if d.kind == "quantity"]
    score.events = sum(1 for d in ex.drafts if d.kind == "event")
    located = [(f, _spans(whole, f["quote"], f.get("printed", ""))) for f in truth.get("figure", [])]

    def states(d, f: dict, spans: list[tuple[int, int]]) -> bool:
        return (
            _same_figure(d, float(f["value"]), f["unit"])
            or (f.get("hedge") == "vague" and _same_order(d, float(f["value"]), f["unit"]))
            or any(_same_figure(d, end, f["unit"]) for end in _range_ends(f))
        ) and any(_overlap(_draft_span(d), s) for s in spans)

    for f, spans in located:
        score.figures += 1
        if f.get("period"):
            score.with_period += 1
        d = next((d for d in quantities if states(d, f, spans)), None)
        if d is None:
            score.missed.append(f"`{f['quote']}` ({f['value']} {f['unit']})")
            continue
        score.found += 1
        want_role = {"own": "ownResult", "hypothetical": "hypothetical", "common": "commonKnowledge"}.get(
            f.get("kind", "sourced"), "sourced"
        )
        score.role_right += d.role == want_role
        if f.get("period") and d.period is not None and _same_period(d.period, _years(f["period"])):
            score.period_right += 1
    score.drafts = len(quantities)
    real = {id(d) for d in quantities if any(states(d, f, spans) for f, spans in located)}
    score.real_drafts = len(real)
    score.extra += [f"`{d.printed}` in `{d.exact[:90]}`" for d in quantities if id(d) not in real]


_RANGE = re.compile(r"\d[\d,]*(?:\.\d+)?")
_RANGE_WORD = re.compile(r"[–-]|\bto\b|\band\b", re.IGNORECASE)


def _range_ends(f: dict) -> tuple[float, ...]:
    """The ends of a range a truth records by its midpoint ('50%–60%' as 55, 'between 70,000 and 100,000' as
    85,000, '2 to 3 million' as 2,500,000): a draft of either end states it, as the drafts write a range as
    its two figures."""
    printed = f.get("printed", "")
    numbers = _RANGE.findall(printed)
    if len(numbers) != 2 or not _RANGE_WORD.search(printed):
        return ()
    low, high = (float(g.replace(",", "")) for g in numbers)
    for scale in (1, 1e3, 1e6, 1e9, 1e12):  # the scale word printed once, after the second end
        if _close((low + high) / 2 * scale, float(f["value"])):
            return (low * scale, high * scale)
    return ()


#: durations shorter than a year: a count of them ('miss 46 school days') is a count (NUM) or a duration (DAY)
_COUNTED_TIME = {"HR", "DAY", "WK", "MO"}


def _same_unit(drafted: str, truth: str) -> bool:
    """The truth's 'OTHER' is any unit beyond counts, shares, multiples, years and money; a count of
    days, weeks, months or hours is the same figure as that duration."""
    return (
        drafted == truth or (truth == "OTHER" and drafted not in UNITS) or (truth == "NUM" and drafted in _COUNTED_TIME)
    )


def _same_figure(d, value: float, unit: str) -> bool:
    """The draft states the truth's figure: the same value in the same unit, or the same share written
    in the other of the two ways truths write shares ('half' is 50 PERCENT or 0.5 FRACTION), or
    percentage points, which the truths write as PERCENT or OTHER, or a decimal below one written as a
    count (NUM) by a truth and drafted as a ratio (UNITLESS)."""
    q = d.quantity
    if _close(q.value, value) and _same_unit(q.unit, unit):
        return True
    if unit == "NUM" and q.unit == "UNITLESS" and 0 < abs(value) < 1:
        # a decimal below one that a truth writes as a count: nothing counted is fractional
        return _close(q.value, value)
    if {q.unit, unit} == {"PERCENT", "FRACTION"}:
        return _close(q.value, value * 100) if q.unit == "PERCENT" else _close(q.value * 100, value)
    return unit == "OTHER" and q.unit == "PERCENT" and "point" in d.printed.lower() and _close(q.value, value)


def _same_order(d, value: float, unit: str) -> bool:
    """A vague amount ('tens of thousands') names an order, not a number: the draft states it when it
    is vague too, in the same unit and the same power of ten (truths write the order's floor, 10,000;
    the drafts the curated data's convention, twice it)."""
    q = d.quantity
    return (
        q.kind == "vague"
        and _same_unit(q.unit, unit)
        and value > 0
        and q.value > 0
        and math.floor(math.log10(q.value)) == math.floor(math.log10(value))
    )


def _list_letters(refs: list) -> dict[int, str]:
    """The letter a truth gives each of several entries of one author and year that print none ('Peri
    2011' twice: 'Peri 2011a', 'Peri 2011b', in the order of the list), by the entry's id."""
    groups: dict[tuple[str, str], list] = {}
    for r in refs:
        if r.authors and not r.year_suffix:
            groups.setdefault((r.authors[0].family.casefold(), str(r.printed_year)), []).append(r)
    out: dict[int, str] = {}
    for same in groups.values():
        if len(same) > 1:
            for letter, r in zip("abcdefghij", sorted(same, key=lambda r: r.line or 0)):
                out[id(r)] = norm_entry(f"{r.authors[0].family} {r.printed_year}{letter}")
    return out


def _citations(ex: Extraction, truth: dict, score: TextScore) -> None:
    lettered = _list_letters(ex.references)
    printed: dict[str, list[Citation]] = {}
    for c in ex.citations:
        printed.setdefault(_seen(c.as_printed), []).append(c)
    for t in truth.get("citation", []):
        score.citations += 1
        found = printed.get(_seen(t["printed"]))
        if not found:
            score.unparsed.append(f"`{t['printed']}`")
            continue
        score.parsed += 1
        c = found.pop(0) if len(found) > 1 else found[0]
        want = [norm_entry(r) for r in t.get("resolves", [])]
        got = []
        for m in c.matches:
            entry = m.entry or (m.candidates[0] if len(m.candidates) == 1 else None)  # the one entry it points at
            got.append(
                [""]
                if entry is None
                else [*entry_names(entry), *([lettered[id(entry)]] if id(entry) in lettered else [])]
            )
        if len(want) == len(got) and all(any(_same_entry(w, n) for n in g) for w, g in zip(want, got)):
            score.resolved += 1
        else:
            score.misresolved.append(f"`{t['printed']}`: {[g[0] for g in got]} for {want}")


def _seen(printed: str) -> str:
    """A citation as a reader sees it: a link's words without its address ('[Wong 2009](#ref-wong2009)'
    and 'Wong 2009' are one printed citation), whitespace collapsed; the brackets of a run of
    numbered notes are their markup ('[4]–[7]' is the run '4–7').

    >>> _seen("[4]–[7]"), _seen("[Wong 2009](#ref-wong2009)")
    ('4–7', 'Wong 2009')
    """
    run = NUMBERED_RANGE.fullmatch(printed.strip())
    return f"{run.group(1)}–{run.group(2)}" if run else collapse(unlinked(printed))


def entry_name(entry) -> str:
    """An entry as a truth names it: 'Family YEAR[letter]' of its first author, normalised ('n.d.' undated)."""
    family = entry.authors[0].family if entry.authors else ""
    return norm_entry(f"{family} {entry.printed_year}")


def entry_names(entry) -> list[str]:
    """An entry as a truth may name it: by its first author, or by the short form printed for a body
    ('Organisation for Economic Co-operation and Development (OECD)': 'OECD 2015')."""
    names = [entry_name(entry)]
    if getattr(entry, "short_author", ""):
        names.append(norm_entry(f"{entry.short_author} {entry.printed_year}"))
    return names


def _same_entry(want: str, got: str) -> bool:
    """The truth's 'Family YEAR' names the resolved entry: same year, family equal or contained."""
    if not want or not got:
        return want == got
    wf, _, wy = want.rpartition(" ")
    gf, _, gy = got.rpartition(" ")
    acronym = lambda name: "".join(w[0] for w in name.split() if w not in ("of", "for", "and", "the"))  # noqa: E731
    return wy == gy and (wf == gf or wf in gf or gf in wf or acronym(wf) == gf or acronym(gf) == wf)


_RELATIONS = ("parts-exceed-whole", "arithmetic-mismatch")


def _spans_overlap(whole: str, a: str, b: str) -> bool:
    """Do some occurrence of ``a`` and some occurrence of ``b`` in ``whole`` share at least 20 characters?"""

    def where(x: str) -> list[int]:
        out, at = [], whole.find(x)
        while at >= 0 and x:
            out.append(at)
            at = whole.find(x, at + 1)
        return out

    return any(min(i + len(a), j + len(b)) - max(i, j) >= 20 for i in where(a) for j in where(b))


def _defect_named(f, defect: dict, whole: str = "", entries: dict[str, str] | None = None) -> bool:
    """The finding names the defect: same rule, and its quote, citation or label holds the defect's
    subject; for a relation between figures (parts and their whole, a share and its inputs), a finding
    on any figure of the relation within the same passage (400 characters) names it. An entry left
    uncited is named by the truth as 'Family YEAR': the finding on that entry (``entries``: each
    entry's IRI to :func:`entry_name`) names it."""
    if f.rule != defect["rule"]:
        return False
    subject = collapse(defect["subject"])
    if entries and f.focus in entries and _same_entry(norm_entry(subject), entries[f.focus]):
        return True
    hay = [collapse(f.quote), collapse(f.citation), collapse(f.label), collapse(f.message)]
    if any(subject and (subject in h or (h and h in subject and len(h) > 8)) for h in hay):
        return True
    if whole and f.quote and _spans_overlap(whole, subject, collapse(f.quote)):
        return True  # the finding's quote and the defect's subject are overlapping spans of the text
    if f.rule in _RELATIONS and whole and f.quote:
        a, b = whole.find(subject), whole.find(collapse(f.quote))
        return a >= 0 and b >= 0 and abs(a - b) <= 400
    return False


def check_findings(ex: Extraction) -> list:
    """The findings of ``forcedmig-kb check`` on the drafts of ``ex`` (warnings and violations)."""
    with tempfile.TemporaryDirectory(prefix="fmkb-truth-") as tmp:
        out = Path(tmp) / f"{ex.doc_id}.ttl"
        out.write_text(serialize(ex, "turtle"), encoding="utf-8")
        kb = load_knowledge_base([out])
        return [f for f in run_check(kb) if f.severity != "info"]


def _findings(
    findings: list, defects: list[dict], score: TextScore, whole: str, events: set[str], entries: dict[str, str]
) -> None:
    score.findings = len(findings)
    for f in findings:
        if any(_defect_named(f, d, whole, entries) for d in defects):
            score.true_findings += 1
        elif f.focus in events:
            score.event_findings += 1
            score.false_findings.append(f"{f.rule} (on a dated event): `{(f.quote or f.citation or f.label)[:90]}`")
        else:
            score.false_findings.append(f"{f.rule}: `{(f.quote or f.citation or f.label)[:90]}`")
    for d in defects:
        score.defects += 1
        if any(_defect_named(f, d, whole, entries) for f in findings):
            score.defects_found += 1
        else:
            score.missed_defects.append(f"{d['rule']}: `{d['subject']}`")


def seeded_text(text: str, seeds: list[dict], path: Path | str = "") -> str:
    """``text`` with every seed's edit applied (each ``find`` must occur exactly once)."""
    for s in seeds:
        n = text.count(s["find"])
        if n != 1:
            raise ValueError(f"{path}: seed {s['find']!r} occurs {n} times, not once")
        text = text.replace(s["find"], s["replace"])
    return text


def read_truth(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def measure(text_path: Path, truth_path: Path) -> TextScore:
    """Extract the text, check the drafts, and score both against the truth."""
    truth = read_truth(truth_path)
    text = text_path.read_text(encoding="utf-8")
    year = truth.get("document", {}).get("year")
    score = TextScore(text_path.name)
    ex = extract(text, doc_id=text_path.stem.replace("_", "-"), year=year, path=text_path)
    score.tables_left_out = ex.document.tables
    _figures(ex, truth, score)
    _citations(ex, truth, score)
    defects = truth.get("defect", [])
    whole = ex.document.whole.text
    base = check_findings(ex)
    entries = {str(r.iri): entry_name(r) for r in ex.references}
    _findings(base, defects, score, whole, {d.iri for d in ex.drafts if d.kind == "event"}, entries)
    seeds = truth.get("seed", [])
    if seeds:
        seeded = extract(
            seeded_text(text, seeds, truth_path), doc_id=text_path.stem.replace("_", "-"), year=year, path=text_path
        )
        findings = check_findings(seeded)
        seeded_whole = seeded.document.whole.text
        score.seeds = len(seeds)
        for s in seeds:
            if any(_defect_named(f, s, seeded_whole, entries) for f in findings):
                score.seeds_found += 1
            else:
                score.missed_seeds.append(f"{s['rule']}: `{s['subject']}`")
        before = {_finding_key(f) for f in base}
        # what covered each figure of the text as published: a seed that removes it leaves it uncited
        sources = {collapse(d.exact): d.citation.as_printed for d in ex.drafts if d.citation is not None}
        edited = _entries_cited_in_edits(ex, seeds)
        for f in findings:
            if _finding_key(f) in before or any(_defect_named(f, d, seeded_whole, entries) for d in [*defects, *seeds]):
                continue
            if f.rule == "uncited-reference" and f.focus in edited:
                continue  # the seed removed or rewrote the entry's citation: its consequence, not an alarm
            if any(_consequence(f, s, seeded_whole) for s in seeds):
                continue
            if f.rule == "uncited" and any(_lost_its_source(f, s, sources) for s in seeds):
                continue
            score.seed_false_alarms += 1
            score.false_alarms.append(f"{f.rule}: `{(f.quote or f.citation or f.label)[:90]}`")
    return score


def _consequence(f, seed: dict, whole: str) -> bool:
    """Is the finding a consequence of the seed's edit: on the edited words (a figure or citation the
    seed rewrote), or of the seed's rule on a figure of the passage the edit left without a source?"""
    edit = collapse(seed["replace"])
    if edit and f.citation and (edit in collapse(f.citation) or collapse(f.citation) in edit):
        return True
    e, q = whole.find(edit) if edit else -1, whole.find(collapse(f.quote)) if f.quote else -1
    if e >= 0 and q >= 0 and q < e + len(edit) and e < q + len(collapse(f.quote)):
        return True  # the finding's quote and the edited words overlap
    if f.rule != seed["rule"] or not f.quote:
        return False
    a, b = whole.find(collapse(seed["subject"])), whole.find(collapse(f.quote))
    return a >= 0 and b >= 0 and abs(a - b) <= 400


def _lost_its_source(f, seed: dict, sources: dict[str, str]) -> bool:
    """Was the figure, in the text as published, covered by the citation the seed removes?"""
    printed = sources.get(collapse(f.quote or ""))
    return bool(printed) and printed in seed["find"] and printed not in seed["replace"]


def _finding_key(f) -> tuple[str, str]:
    """A finding told apart across two extractions of nearly the same text: its rule and what it quotes."""
    return f.rule, collapse(f.quote or f.citation or f.label)


def _entries_cited_in_edits(ex: Extraction, seeds: list[dict]) -> set[str]:
    """The reference entries that a citation inside some seed's edited span resolves to."""
    out: set[str] = set()
    for c in ex.citations:
        printed = _seen(c.as_printed)
        if any(printed and (printed in _seen(s["find"]) or _seen(s["find"]) in printed) for s in seeds):
            out.update(str(e.iri) for m in c.matches for e in m.resolved)
    return out
