"""A reviewed curation sheet turned into a text's own folder of the knowledge base.

:func:`import_sheet` reads the sheet, merges it with the sheet a previous import left in the
folder, validates every row against the text and the vocabulary, and only then writes, each file
atomically (:mod:`forcedmig_kb.atomic`)::

    FOLDER/claims.ttl       the kept rows as claims, in the vocabulary of data/claims.ttl, with the
                            document, its sections and its in-text citations
    FOLDER/references.bib   the text's reference list (every entry, cited or not: it is the text's)
    FOLDER/reviews.ttl      reviewed findings: left as it is, or started empty
    FOLDER/sheet.csv        the merged, reviewed sheet: what the next import merges with

A row's identity is its quote and its printed figure, never its place in the sheet. On a second
import (after a new ``extract``), a row of the new sheet that matches a reviewed row keeps that
row's id; when the new row is as the extractor drafted it, the reviewed row wins (its unit,
topics, keep...); when the curator edited it, the edit wins. Reviewed rows the new sheet no longer
has stay. Ids are ``<document id>-<slug of the label>``, unique within the text.

Every problem of every row is reported at once, as ``SHEET:ROW: column 'value' is not ...; did you
mean ...?`` (:class:`~forcedmig_kb.errors.SheetError`); then nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..atomic import write_text_atomic
from ..bibtex import Reference, bibtex_can_hold, read_bibtex, write_bibtex
from ..errors import FmkbError, InputError, SheetError, SheetProblem
from ..extraction.drafts import Extraction
from .sheet import COLUMNS, SHEET_NAME, Row, claim_slug, draft_rows, read_sheet, row_key, unique_id, write_csv
from .turtle import EMPTY_REVIEWS, claims_turtle
from .validation import Vocabulary, validate_rows

CLAIMS_NAME, REFERENCES_NAME, REVIEWS_NAME = "claims.ttl", "references.bib", "reviews.ttl"


@dataclass
class Imported:
    """What an import wrote: the folder, the claims kept, the rows of the merged sheet, and notices."""

    folder: Path
    claims: int
    rows: int
    references: int
    kept_from_before: int
    notices: list[str] = field(default_factory=list)


def import_sheet(sheet: Path, ex: Extraction, text: Path, folder: Path, *, data: Path | None = None) -> Imported:
    """Import the reviewed ``sheet`` of the text ``ex`` was extracted from into ``folder``.

    ``data`` is the knowledge base the folder belongs to (default: the folder's grandparent when the
    folder is ``.../texts/<id>``): an entry of the text's reference list that matches one of its
    reference lists by authors, year and title keeps that entry's key, so that a work cited by
    several texts is one source.
    """
    rows = read_sheet(sheet)
    previous_path = folder / SHEET_NAME
    previous = (
        read_sheet(previous_path) if previous_path.is_file() and previous_path.resolve() != sheet.resolve() else []
    )
    if (folder / CLAIMS_NAME).exists() and not previous_path.is_file():
        raise InputError(
            f"{CLAIMS_NAME} is there but no {SHEET_NAME}: it was not written by import, and would be lost",
            path=folder / CLAIMS_NAME,
            hint="import into a new folder, or move the claims away first",
        )
    fresh = {row_key(r["quote"], r["printed"]): r for r in draft_rows(ex)}
    merged, from_before = merge(rows, previous, fresh, ex.doc_id)
    vocab = Vocabulary.load()
    refs, renamed = _shared_keys(ex.references, data if data is not None else _knowledge_base_of(folder), folder)
    problems: list[SheetProblem] = []
    claims = validate_rows(merged, ex, vocab, refs, renamed, problems)
    if problems:
        raise SheetError(problems)
    claims_ttl = claims_turtle(ex, claims, vocab, [r for r in refs if not bibtex_can_hold(r)], text.name)
    bib = write_bibtex(r for r in refs if bibtex_can_hold(r))
    reviews = folder / REVIEWS_NAME
    sheet_csv = write_csv([r.cells for r in merged])
    # everything is computed: now write, each file whole or not at all
    write_text_atomic(folder / CLAIMS_NAME, claims_ttl)
    write_text_atomic(folder / REFERENCES_NAME, bib)
    if not reviews.exists():
        write_text_atomic(reviews, EMPTY_REVIEWS.format(doc=ex.doc_id))
    write_text_atomic(previous_path, sheet_csv)
    notices = [
        f"{ref.key}: lacks an author, a title or a year; kept in {CLAIMS_NAME}, not in {REFERENCES_NAME}"
        for ref in refs
        if not bibtex_can_hold(ref)
    ]
    return Imported(folder, len(claims), len(merged), len(refs), from_before, notices)


def merge(
    rows: list[Row], previous: list[Row], fresh: dict[tuple[str, str], dict[str, str]], doc_id: str
) -> tuple[list[Row], int]:
    """The new sheet's rows merged with the previously reviewed ones (see the module's docstring).

    Returns the merged rows and how many reviewed rows were kept as they were.
    """
    before = {row_key(r["quote"], r["printed"]): r for r in previous}
    taken = {r["id"] for r in previous if r["id"]}
    out: list[Row] = []
    seen: set[tuple[str, str]] = set()
    kept = 0
    for row in rows:
        key = row_key(row["quote"], row["printed"])
        seen.add(key)
        old = before.get(key)
        if old is not None:
            draft = fresh.get(key)
            unedited = draft is not None and all(
                row[c] == draft.get(c, "") for c in COLUMNS if c not in ("id", "line") and c in row.cells
            )
            if unedited:
                out.append(old)
                kept += 1
            else:
                out.append(replace(row, cells=row.cells | {"id": old["id"]}))
            continue
        ident = row["id"] if row["id"] and row["id"] not in taken else ""
        if not ident:
            ident = unique_id(f"{doc_id}-{claim_slug(row['label'] or row['printed'])}", taken)
        taken.add(ident)
        out.append(replace(row, cells=row.cells | {"id": ident}))
    stayed = [r for r in previous if row_key(r["quote"], r["printed"]) not in seen]
    return out + stayed, kept + len(stayed)


# ---------------------------------------------------------------- references shared across texts


def _knowledge_base_of(folder: Path) -> Path | None:
    return folder.parent.parent if folder.parent.name == "texts" else None


def _shared_keys(refs: list[Reference], data: Path | None, folder: Path) -> tuple[list[Reference], dict[str, str]]:
    """The text's references, an entry the knowledge base already holds (same authors, year and title)
    taking that entry's key; and the keys so renamed."""
    if data is None or not data.is_dir():
        return refs, {}
    known: dict[tuple, str] = {}
    bibs = [*sorted(data.glob("*.bib")), *sorted(data.glob("texts/*/*.bib"))]
    for path in bibs:
        if path.parent.resolve() == folder.resolve():
            continue
        try:
            for ref in read_bibtex(path):
                known.setdefault(_identity(ref), ref.key)
        except FmkbError:
            continue  # a broken list elsewhere is the check's to report, not the import's
    renamed: dict[str, str] = {}
    out = []
    for ref in refs:
        key = known.get(_identity(ref))
        if key is not None and key != ref.key:
            renamed[ref.key] = key
            ref = replace(ref, key=key)
        out.append(ref)
    return out, renamed


def _identity(ref: Reference) -> tuple:
    norm = lambda s: re.sub(r"\W+", " ", s.lower()).strip()  # noqa: E731
    return tuple(norm(a.family) for a in ref.authors), ref.year, norm(ref.title)
