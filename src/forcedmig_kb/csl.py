"""References as CSL-JSON, the input format of citeproc processors (Zotero, Pandoc, citeproc-js).

CSL-JSON: https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html and the schema
https://github.com/citation-style-language/schema/blob/master/schemas/input/csl-data.json.
Each BibTeX entry type maps to a CSL item type; corporate authors become ``literal`` names.

>>> from forcedmig_kb.bibtex import parse_bibtex
>>> ref = parse_bibtex("@article{a, author={Foster, J. B. and {World Bank}}, year={2011}, "
...                    "title={T}, journal={Monthly Review}, volume={63}, pages={1--23}}")[0]
>>> item = csl_item(ref)
>>> item["type"], item["author"], item["issued"], item["page"]
('article-journal', [{'family': 'Foster', 'given': 'J. B.'}, {'literal': 'World Bank'}], {'date-parts': [[2011]]}, '1-23')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .bibtex import Name, Reference

MEDIA_TYPE = "application/vnd.citationstyles.csl+json"

#: BibTeX / biblatex entry type -> CSL item type.
CSL_TYPES: dict[str, str] = {
    "article": "article-journal",
    "book": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "paper-conference",
    "report": "report",
    "techreport": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "dataset": "dataset",
    "misc": "document",
}

#: BibTeX field -> CSL variable, for plain text values.
_FIELDS: dict[str, str] = {
    "journal": "container-title",
    "booktitle": "container-title",
    "volume": "volume",
    "number": "issue",
    "edition": "edition",
    "address": "publisher-place",
    "url": "URL",
    "doi": "DOI",
    "isbn": "ISBN",
    "note": "note",
}


def csl_name(name: Name) -> dict[str, str]:
    if name.corporate or not name.given:
        return {"literal": name.display} if name.corporate else {"family": name.family}
    out = {"family": name.family, "given": name.given}
    if name.von:
        out["non-dropping-particle"] = name.von
    return out


def csl_item(ref: Reference) -> dict[str, Any]:
    """One reference as a CSL-JSON item."""
    f = ref.fields
    item: dict[str, Any] = {"id": ref.key, "type": CSL_TYPES.get(ref.entry_type, "document"), "title": ref.title}
    if ref.authors:
        item["author"] = [csl_name(a) for a in ref.authors]
    if ref.year is not None:
        item["issued"] = {"date-parts": [[ref.year]]}
    if ref.year_suffix:
        item["year-suffix"] = ref.year_suffix
    if f.get("origdate", "").isdigit():
        item["original-date"] = {"date-parts": [[int(f["origdate"])]]}
    for bib, csl in _FIELDS.items():
        if f.get(bib) and csl not in item:
            item[csl] = f[bib]
    publisher = f.get("publisher") or f.get("institution") or f.get("organization")
    if publisher:
        item["publisher"] = publisher
    if f.get("pages"):
        item["page"] = f["pages"].replace("–", "-")
    return item


def csl_items(refs: Iterable[Reference]) -> list[dict[str, Any]]:
    """The references as a CSL-JSON array."""
    return [csl_item(r) for r in refs]
