"""curation: a real text's drafts reviewed in a sheet, imported, checked and served; a second import
keeps every reviewed row; bad cells are named by row and column, and a bad sheet writes nothing."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forcedmig_kb.checks import run_check
from forcedmig_kb.cli import app
from forcedmig_kb.curation.sheet import COLUMNS, read_sheet
from forcedmig_kb.errors import InputError
from forcedmig_kb.loading import load_knowledge_base
from forcedmig_kb.settings import Settings
from forcedmig_kb.web.app import create_app

from .helpers import FIXTURES
from .helpers.serving import ReadyTestClient

REAL = FIXTURES / "real"
runner = CliRunner()


def cli(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output + (getattr(result, "stderr", "") or "")


def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def by_quote(rows, fragment: str, printed: str = "") -> dict[str, str]:
    return next(r for r in rows if fragment in r["quote"] and printed in r["printed"])


@pytest.fixture
def text(tmp_path) -> Path:
    """A copy of news1 (a republished article of The Conversation, CC BY-ND 4.0), free to change."""
    copy = tmp_path / "news1.md"
    shutil.copy(REAL / "news1.md", copy)
    return copy


def extract_sheet(text: Path, sheet: Path) -> list[dict[str, str]]:
    code, out = cli("extract", text, "--year", "2019", "--format", "csv", "-o", sheet)
    assert code == 0, out
    return read_rows(sheet)


def review(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The curator's edits: a topic on every row, two rows that are no figures dropped, a share's unit
    changed from PERCENT to FRACTION, its source named."""
    for r in rows:
        r["topics"] = "migrant-stocks"
    by_quote(rows, "destination countries", "10")["keep"] = "no"  # the size of a named list
    by_quote(rows, "at number 10")["keep"] = "no"  # a rank
    emigration = by_quote(rows, "emigration of EU citizens increased steadily from 86,000", "86,000")
    emigration["topics"] = "migrant-stocks; migration-governance"
    quarters = by_quote(rows, "around three quarters of all Britons", "three quarters")
    quarters.update(unit="FRACTION", value="0.75", lower="0.675", upper="0.825", period="2006", role="sourced")
    quarters["attributed"] = "Institute for Public Policy Research"
    return rows


def claims_of(folder: Path) -> str:
    return (folder / "claims.ttl").read_text(encoding="utf-8")


def test_round_trip_extract_review_import_check_serve(tmp_path, text):
    sheet, folder = tmp_path / "news1.csv", tmp_path / "data" / "texts" / "news1"
    rows = review(extract_sheet(text, sheet))
    assert set(rows[0]) == set(COLUMNS)
    assert all("draft" not in r["id"] and r["id"].startswith("news1-") for r in rows)
    write_rows(sheet, rows)

    code, out = cli("import", sheet, "--text", text, "--year", "2019", "--into", folder)
    assert code == 0, out
    assert {p.name for p in folder.iterdir()} == {"claims.ttl", "references.bib", "reviews.ttl", "sheet.csv"}
    turtle = claims_of(folder)
    assert "fm:draft" not in turtle and "-draft-" not in turtle
    dropped = by_quote(rows, "at number 10")["id"]
    assert f"claim:{dropped} " not in turtle

    kb = load_knowledge_base([folder])
    report = run_check(kb, Settings())
    assert [f for f in report.findings if f.severity == "violation"] == []
    assert not any(f.rule == "topic" for f in report.findings)  # every kept row has its topic

    quarters = by_quote(rows, "around three quarters of all Britons", "three quarters")["id"]
    with ReadyTestClient(create_app(Settings(data_dir=folder))) as api:
        answer = api.get(f"/claims/{quarters}")
    assert answer.status_code == 200, answer.text
    claim = answer.json()
    assert "three quarters" in str(claim)
    assert "FRACTION" in str(claim)


def test_a_second_import_after_a_new_extract_keeps_every_reviewed_row(tmp_path, text):
    sheet, folder = tmp_path / "news1.csv", tmp_path / "kb" / "texts" / "news1"
    first = review(extract_sheet(text, sheet))
    write_rows(sheet, first)
    assert cli("import", sheet, "--text", text, "--year", "2019", "--into", folder)[0] == 0
    before = {r["id"]: r for r in read_rows(folder / "sheet.csv")}

    # the text gains a paragraph before the others: every draft moves down, one figure is new
    body = text.read_text(encoding="utf-8")
    at = body.index("<p>The UK saw")
    text.write_text(body[:at] + "<p>In 2015, 4,200 migrants arrived in Dover.</p>\n\n" + body[at:], "utf-8")
    again = extract_sheet(text, tmp_path / "again.csv")  # a fresh sheet: no review in it
    assert again[0]["printed"] == "4,200"  # every other row one further down
    code, out = cli("import", tmp_path / "again.csv", "--text", text, "--year", "2019", "--into", folder)
    assert code == 0, out

    after = {r["id"]: r for r in read_rows(folder / "sheet.csv")}
    assert set(before) <= set(after)  # every reviewed row, with the same id
    for ident, row in before.items():
        assert after[ident]["keep"] == row["keep"]
        assert after[ident]["topics"] == row["topics"]
        assert after[ident]["unit"] == row["unit"]
    new = [r for i, r in after.items() if i not in before]
    assert [r["printed"] for r in new] == ["4,200"]
    turtle = claims_of(folder)
    assert all(f"claim:{i} " in turtle for i, r in before.items() if r["keep"] == "yes")
    dropped = by_quote(first, "at number 10")["id"]
    assert f"claim:{dropped} " not in turtle

    # an edit in the new sheet wins over the reviewed row, and keeps its id
    rows = read_rows(tmp_path / "again.csv")
    by_quote(rows, "emigration of EU citizens increased steadily from 86,000", "86,000")["label"] = (
        "EU emigration, 2015"
    )
    write_rows(tmp_path / "again.csv", rows)
    assert cli("import", tmp_path / "again.csv", "--text", text, "--year", "2019", "--into", folder)[0] == 0
    ident = by_quote(first, "emigration of EU citizens increased steadily from 86,000", "86,000")["id"]
    assert {r["id"]: r for r in read_rows(folder / "sheet.csv")}[ident]["label"] == "EU emigration, 2015"

    # a reviewed row the new sheet no longer has stays
    short = [r for r in read_rows(tmp_path / "again.csv") if "311,000" not in r["quote"]]
    write_rows(tmp_path / "short.csv", short)
    assert cli("import", tmp_path / "short.csv", "--text", text, "--year", "2019", "--into", folder)[0] == 0
    assert f"claim:{by_quote(first, '311,000')['id']} " in claims_of(folder)


def test_bad_cells_are_named_by_row_and_column_with_the_nearest_term(tmp_path, text):
    sheet, folder = tmp_path / "sheet.csv", tmp_path / "texts" / "news1"
    rows = extract_sheet(text, sheet)
    rows[0]["unit"] = "percnt"
    rows[1]["topics"] = "migrant-stock"
    rows[2]["value"] = "2.8 million"
    rows[3]["keep"] = "maybe"
    rows[4]["period"] = "2019/20x"
    rows[5]["quote"] = rows[5]["quote"] + " and more"
    rows[6]["hedge"] = "arround"
    write_rows(sheet, rows)

    code, out = cli("import", sheet, "--text", text, "--year", "2019", "--into", folder)
    assert code == 2
    assert f"{sheet}:2: unit 'percnt' is not a unit; did you mean PERCENT?" in out
    assert (
        f"{sheet}:3: topic 'migrant-stock' is not a topic of ontology/concepts.ttl; did you mean migrant-stocks?" in out
    )
    assert f"{sheet}:4: value '2.8 million' is not a number" in out
    assert f"{sheet}:5: keep 'maybe' is neither yes nor no" in out
    assert f"{sheet}:6: period '2019/20x' is not START[/END]" in out
    assert f"{sheet}:7: quote " in out and "is not in the text" in out
    assert f"{sheet}:8: hedge 'arround' is not a hedge; did you mean around?" in out
    assert not folder.exists()  # nothing written


def test_a_bad_sheet_leaves_the_folder_as_it_was(tmp_path, text):
    sheet, folder = tmp_path / "sheet.csv", tmp_path / "texts" / "news1"
    rows = review(extract_sheet(text, sheet))
    write_rows(sheet, rows)
    assert cli("import", sheet, "--text", text, "--year", "2019", "--into", folder)[0] == 0
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    rows[0]["label"], rows[-1]["unit"] = "changed", "percnt"
    write_rows(sheet, rows)
    assert cli("import", sheet, "--text", text, "--year", "2019", "--into", folder)[0] == 2
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == files


def test_a_folder_with_claims_written_by_hand_is_not_overwritten(tmp_path, text):
    sheet, folder = tmp_path / "sheet.csv", tmp_path / "texts" / "news1"
    extract_sheet(text, sheet)
    folder.mkdir(parents=True)
    (folder / "claims.ttl").write_text("# by hand\n", encoding="utf-8")
    code, out = cli("import", sheet, "--text", text, "--year", "2019", "--into", folder)
    assert code == 2 and "was not written by import" in out
    assert (folder / "claims.ttl").read_text(encoding="utf-8") == "# by hand\n"


def test_an_xlsx_sheet_imports_as_its_csv_does(tmp_path, text):
    pytest.importorskip("openpyxl")
    assert cli("extract", text, "--year", "2019", "--format", "xlsx", "-o", tmp_path / "s.xlsx")[0] == 0
    assert [r.cells for r in read_sheet(tmp_path / "s.xlsx")] == [
        {k: v for k, v in r.items()} for r in extract_sheet(text, tmp_path / "s.csv")
    ]
    for name in ("s.xlsx", "s.csv"):
        assert (
            cli(
                "import", tmp_path / name, "--text", text, "--year", "2019", "--into", tmp_path / name.replace(".", "-")
            )[0]
            == 0
        )
    assert claims_of(tmp_path / "s-xlsx") == claims_of(tmp_path / "s-csv")


def test_an_unknown_column_names_the_nearest(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("id,keep,quote,topic\n", encoding="utf-8")
    with pytest.raises(InputError, match="column 4 'topic' is not a column of the sheet; did you mean topics"):
        read_sheet(sheet)


def test_a_text_with_citations_keeps_its_reference_list_and_sources(tmp_path):
    sheet, folder = tmp_path / "s.csv", tmp_path / "texts" / "working2"
    rows = extract_sheet(REAL / "working2.md", sheet)
    cited = [r for r in rows if r["keep"] == "yes" and r["source"]]
    assert cited
    assert cli("import", sheet, "--text", REAL / "working2.md", "--into", folder)[0] == 0
    bib = (folder / "references.bib").read_text(encoding="utf-8")
    key = cited[0]["source"].split(";")[0].strip()
    assert f"{{{key}," in bib
    kb = load_knowledge_base([folder])
    report = run_check(kb, Settings())
    assert not [f for f in report.findings if f.rule in ("reference-missing", "citation", "quote", "document")]


def test_a_finding_accepted_in_the_sheet_is_a_reviewed_finding(tmp_path):
    sheet, folder = tmp_path / "s.csv", tmp_path / "texts" / "working2"
    rows = extract_sheet(REAL / "working2.md", sheet)
    prc = by_quote(rows, "alone spent")
    prc["accepted"] = "uncited: the text gives no source for the PRC's spending, reported to the author"
    write_rows(sheet, rows)
    assert cli("import", sheet, "--text", REAL / "working2.md", "--into", folder)[0] == 0
    findings = run_check(load_knowledge_base([folder]), Settings()).findings
    uncited = [f for f in findings if f.rule == "uncited" and f.focus.endswith("/" + prc["id"])]
    assert uncited and all(f.reviewed for f in uncited)
    assert "reported to the author" in uncited[0].review_reason

    prc["accepted"] = "uncitd: reported"
    write_rows(sheet, rows)
    code, out = cli("import", sheet, "--text", REAL / "working2.md", "--into", folder)
    assert code == 2 and "accepted" in out and "did you mean uncited" in out, out
