"""The curation sheet: one row per draft claim, to review in a spreadsheet.

``forcedmig-kb extract TEXT --format csv`` (or ``xlsx``) writes it; ``forcedmig-kb import``
reads it back (:mod:`.importing`). Every cell is text; :data:`COLUMNS` says what each holds.
CSV is read and written with the standard :mod:`csv` module (UTF-8, a byte-order mark accepted,
as spreadsheet programs write it); XLSX with openpyxl, an optional extra
(``pip install 'forcedmig-kb[sheets]'``).

>>> from forcedmig_kb.extraction.drafting import extract
>>> ex = extract("# Ports\\n\\n*Report, 2020*\\n\\nIn 2017 there were 4000 ports (IHO, 2018).\\n", doc_id="ports")
>>> row = draft_rows(ex)[0]
>>> row["id"], row["keep"], row["value"], row["unit"], row["period"], row["citation"]
('ports-4000-ports', 'yes', '4000', 'NUM', '2017 (In 2017)', 'IHO, 2018')
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import InputError
from ..extraction.document import slug
from ..extraction.text import collapse

if TYPE_CHECKING:
    from ..extraction.drafts import Draft, Extraction

#: The sheet's columns, in order, and what each holds (docs/curation.md, "The sheet").
SHEET_NAME = "sheet.csv"  # the reviewed sheet an import leaves in the text's folder

COLUMNS: dict[str, str] = {
    "id": "the claim's id: document id and a slug of the label; kept across imports",
    "keep": "yes to import the row as a claim, no to leave it out",
    "kind": "quantity (a figure) or event (a dated event)",
    "label": "what the figure is, in a few words",
    "printed": "the figure as printed, without its scale word ('311,000', 'nearly half'); an event's date",
    "value": "the number with its scale applied (2.8 million is 2800000)",
    "unit": "a unit of ontology/concepts.ttl: NUM, PERCENT, FRACTION, UNITLESS, YR, USD, EUR, GBP, ...",
    "scale": "the scale word as printed (thousand, million, bn, m, ...), or empty",
    "hedge": "a hedge of the ontology: nearly, closeTo, around, over, atLeast, lessThan, estimated, vague",
    "lower": "the lower bound the hedge implies, or empty",
    "upper": "the upper bound the hedge implies, or empty",
    "period": "START[/END] as YYYY, YYYY-MM or YYYY-MM-DD, with an optional (label): '2013/2014 (year to March 2014)'",
    "period_basis": "how the period is known: stated, citation (the cited year) or text (counted from the text's date)",
    "quote": "the shortest verbatim span of the text that carries the figure",
    "citation": "the in-text citation that covers it, as printed",
    "source": "the reference-list keys it rests on, separated by ';'",
    "attributed": "a source the text names in prose without a reference ('the ONS')",
    "role": "sourced, ownResult (the text's own result), hypothetical (an assumed input, an example) or "
    "commonKnowledge (a country's divisions)",
    "topics": "topics of ontology/concepts.ttl, separated by ';' (e.g. net-migration; refugees)",
    "area": "an area of ontology/concepts.ttl (world, global-south, ...), or empty",
    "section": "the slug of the section the quote is in",
    "part_of": "the id of the row whose whole this figure is a part of",
    "operation": "share, ratio, change, decline, difference, sum or restatement, when the figure is computed from other rows",
    "inputs": "the rows it is computed from, as ID:ROLE separated by ';' (roles numerator, denominator, addend, subtrahend)",
    "cue": "the word that presents the figure as current ('now', 'currently'), or empty",
    "forecast": "yes when the text states the figure as a forecast or projection (its period may lie after the "
    "text), else empty",
    "line": "the line of the text the figure is on (for finding it; not imported)",
    "note": "a free note of the curator, kept on the claim (rdfs:comment)",
    "accepted": "findings of the check accepted as facts of the text, as RULE: reason, separated by ';' "
    "('uncited: the text gives no source; reported to the author'): imported as reviewed findings",
}

_BASIS = {"periodStated": "stated", "periodImpliedByCitation": "citation", "periodImpliedByText": "text"}
#: the sheet's period bases and the ontology's
BASES = {short: long for long, short in _BASIS.items()}
_EVENT_NOTE = "dated event: keep it only if the date needs a source"


@dataclass(slots=True)
class Row:
    """One row of a sheet: its cells by column, and where it was read (file and row number)."""

    cells: dict[str, str]
    path: Path | None = None
    line: int | None = None

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")

    @property
    def kept(self) -> bool:
        return self["keep"].strip().lower() == "yes"


def number(value: float | None) -> str:
    """A number as a sheet writes it: no trailing '.0', no exponent below 10**15.

    >>> number(311000.0), number(0.6667), number(31200000000000.0), number(None)
    ('311000', '0.6667', '31200000000000', '')
    """
    return "" if value is None else f"{value:.15g}"


def period_cell(start: str | None, end: str | None, label: str = "") -> str:
    """A period as one cell: ``2016``, ``2013/2014``, ``/2019``, with its label in parentheses.

    >>> period_cell("2016", "2016", "the year to June 2016")
    '2016 (the year to June 2016)'
    """
    span = start or "" if start == end else f"{start or ''}/{end or ''}"
    return f"{span} ({label})" if label and label != span else span


def claim_slug(label: str) -> str:
    """A readable slug of a label: its first words, at most 48 characters.

    >>> claim_slug("311,000 migrants in the year to June 2016")
    '311-000-migrants-in-the-year-to-june'
    """
    words = slug(label).split("-")
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > 40 and out:
            break
        out = f"{out}-{word}" if out else word
    return out or "claim"


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... : the first not in ``taken`` (which it joins)."""
    found, n = base, 2
    while found in taken:
        found, n = f"{base}-{n}", n + 1
    taken.add(found)
    return found


def draft_rows(ex: Extraction) -> list[dict[str, str]]:
    """The extraction's drafts as sheet rows (cells by column), with ids unique within the text."""
    taken: set[str] = set()
    ids = {id(d): unique_id(f"{ex.doc_id}-{claim_slug(d.label)}", taken) for d in ex.drafts}
    return [_row(d, ids) for d in ex.drafts]


def _row(d: Draft, ids: dict[int, str]) -> dict[str, str]:
    q = d.quantity
    p = d.period
    sources = [ref.key for m in d.citation.matches for ref in m.resolved] if d.citation else []
    cells = {
        "id": ids[id(d)],
        "keep": "yes" if d.kind == "quantity" else "no",
        "kind": d.kind,
        "label": d.label,
        "printed": q.printed_value if q is not None else d.printed,
        "value": number(q.value) if q is not None else "",
        "unit": q.unit if q is not None else "",
        "scale": q.printed_scale if q is not None else "",
        "hedge": (q.hedge or "") if q is not None else "",
        "lower": number(q.lower) if q is not None else "",
        "upper": number(q.upper) if q is not None else "",
        "period": period_cell(p.start, p.end, p.label) if p is not None else "",
        "period_basis": _BASIS.get(d.basis or "", ""),
        "quote": d.exact,
        "citation": d.citation.as_printed if d.citation else "",
        "source": "; ".join(dict.fromkeys(sources)),
        "attributed": d.attributed or "" if d.citation is None else "",
        "role": d.role if d.kind == "quantity" else "sourced",
        "topics": "",
        "area": "",
        "section": d.section.slug,
        "part_of": ids.get(id(d.part_of), "") if d.part_of is not None else "",
        "operation": d.operation or "",
        "inputs": "; ".join(f"{ids[id(o)]}:{role}" for o, role in d.inputs if id(o) in ids),
        "cue": d.cue or "",
        "forecast": "yes" if d.forecast else "",
        "line": str(d.line),
        "note": _EVENT_NOTE if d.kind == "event" else "",
        "accepted": "",
    }
    return cells


# ---------------------------------------------------------------- files


def write_csv(rows: list[dict[str, str]]) -> str:
    """The rows as CSV text with a header row (every cell quoted where it needs to be)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_xlsx(rows: list[dict[str, str]]) -> bytes:
    """The rows as an .xlsx workbook: one sheet, a bold frozen header, every cell as text."""
    openpyxl = _openpyxl()
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "claims"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(c, "") for c in COLUMNS])
    for cell in sheet[1]:
        cell.number_format = "@"
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_sheet(path: Path) -> list[Row]:
    """The rows of a sheet (.csv, or .xlsx), each with its row number (the header is row 1).

    An unknown column is an :class:`InputError` naming the nearest known one; missing columns
    read as empty, except ``id``, ``keep`` and ``quote``, which a sheet must have.
    """
    if not path.is_file():
        raise InputError("no such sheet", path=path)
    if path.suffix.lower() == ".xlsx":
        header, records = _read_xlsx(path)
    else:
        header, records = _read_csv(path)
    header = [h.strip() for h in header]
    from difflib import get_close_matches

    for i, name in enumerate(header, start=1):
        if name and name not in COLUMNS:
            near = get_close_matches(name, list(COLUMNS), n=1)
            raise InputError(
                f"column {i} '{name}' is not a column of the sheet" + (f"; did you mean {near[0]}?" if near else ""),
                path=path,
                line=1,
                hint="the columns are: " + ", ".join(COLUMNS),
            )
    missing = [c for c in ("id", "keep", "quote") if c not in header]
    if missing:
        raise InputError(f"the header row has no column {', '.join(missing)}", path=path, line=1)
    rows = []
    for line, values in records:
        if not any(v.strip() for v in values):
            continue  # a blank row
        cells = {name: (values[i] if i < len(values) else "").strip() for i, name in enumerate(header) if name}
        rows.append(Row(cells, path, line))
    return rows


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: {exc.reason}; save the sheet as CSV UTF-8", path=path) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        records = [(reader.line_num, values) for values in reader]
    except csv.Error as exc:
        raise InputError(f"not a CSV file: {exc}", path=path, line=reader.line_num) from None
    return header, records


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    openpyxl = _openpyxl()
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError... on a file it cannot read
        raise InputError(f"not an .xlsx workbook: {exc}", path=path) from None
    rows = [[_cell_text(v) for v in values] for values in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return (rows[0] if rows else []), list(enumerate(rows[1:], start=2))


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text the sheet means: a number a spreadsheet program typed is written
    as :func:`number` writes it, so that 2800000 and 2800000.0 read alike."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number(float(value))
    return str(value)


def _openpyxl() -> ModuleType:
    try:
        import openpyxl
    except ImportError:
        raise InputError(
            "an .xlsx sheet needs openpyxl, an optional extra",
            hint="pip install 'forcedmig-kb[sheets]' (or pip install openpyxl); or use --format csv",
        ) from None
    return openpyxl


_SEPARATOR = re.compile(r"[;,\s]+")


def split_list(cell: str) -> list[str]:
    """The items of a list cell, separated by ';', ',' or spaces.

    >>> split_list("net-migration; refugees,labour")
    ['net-migration', 'refugees', 'labour']
    """
    return [item for item in _SEPARATOR.split(cell) if item]


def row_key(quote: str, printed: str) -> tuple[str, str]:
    """What identifies a row across extracts: its quote and its printed figure (whitespace collapsed)."""
    return collapse(quote), collapse(printed)
