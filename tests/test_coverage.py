"""coverage: which document a text is, its numbers that no claim holds, and claims no longer in it."""

import pytest

from forcedmig_kb import load_knowledge_base
from forcedmig_kb.coverage import NOT_IN_TEXT, UNCLAIMED, UnknownTextError, coverage_findings, read_text, scan_numbers
from forcedmig_kb.extraction.document import read_document
from forcedmig_kb.extraction.drafting import extract_file
from forcedmig_kb.extraction.graph import serialize

from .helpers import CHAPTER, DATA, FIXTURES

REMITTANCES = FIXTURES / "texts" / "remittances.txt"

#: The chapter's numbers that no curated claim holds (line, as printed): counts of the argument's
#: own parts ('two modalities'), two periods ('the last two decades'), an idiom, and the top one
#: hundred corporations of a quotation.
CHAPTER_UNCLAIMED = {
    (45, "two"),
    (57, "one hundred"),
    (61, "Five"),
    (63, "two"),
    (67, "two"),
    (115, "two"),
    (181, "two"),
}


@pytest.fixture(scope="module")
def remittances_drafts(tmp_path_factory):
    """The remittances text's drafts, written where a knowledge base can load them."""
    path = tmp_path_factory.mktemp("remittances") / "drafts.ttl"
    path.write_text(serialize(extract_file(REMITTANCES), "turtle", source_name=REMITTANCES.name), encoding="utf-8")
    return path


def test_the_chapter_s_numbers_that_no_claim_holds_are_a_short_list(chapter_kb, chapter_text):
    findings = coverage_findings(chapter_kb, read_text(CHAPTER), CHAPTER)
    assert {(f.line, f.value) for f in findings if f.rule == UNCLAIMED} == CHAPTER_UNCLAIMED
    assert [f for f in findings if f.rule == NOT_IN_TEXT] == []
    two_decades = next(f for f in findings if f.line == 63)
    assert "last two decades" in two_decades.quote and two_decades.file.endswith("chapter.txt")


def test_a_text_whose_knowledge_base_is_not_loaded_is_refused_with_what_to_do(chapter_kb):
    with pytest.raises(UnknownTextError) as caught:
        coverage_findings(chapter_kb, read_text(REMITTANCES), REMITTANCES)
    message = str(caught.value)
    assert "no document of the knowledge base is this text" in message and "delgado-wise-2019" in message
    assert "--data FOLDER" in message and "forcedmig-kb import SHEET.csv --text" in message


def test_only_the_claims_of_the_text_s_own_document_are_compared(remittances_drafts):
    kb = load_knowledge_base([DATA, remittances_drafts])  # the chapter and the remittances paper
    findings = coverage_findings(kb, read_text(REMITTANCES), REMITTANCES)
    assert [f for f in findings if f.rule == NOT_IN_TEXT] == []  # none of the chapter's 56 claims


def test_a_number_extraction_missed_and_a_changed_quote_are_reported(tmp_path, remittances_drafts):
    text = tmp_path / "remittances.txt"
    original = REMITTANCES.read_text(encoding="utf-8")
    changed = original.replace("reached US$ 548 billion in 2019", "reached US$ 549 billion in 2019")
    changed = changed.replace(
        "2. Data and method", "The fees were cut by seventeen of the banks.\n\n2. Data and method"
    )
    text.write_text(changed, encoding="utf-8")
    kb = load_knowledge_base([remittances_drafts])
    findings = coverage_findings(kb, read_text(text), text)
    unclaimed = {f.value for f in findings if f.rule == UNCLAIMED}
    assert {"US$ 549 billion", "seventeen"} <= unclaimed
    assert any("548 billion" in f.quote for f in findings if f.rule == NOT_IN_TEXT)


def test_the_scan_leaves_out_years_citations_dates_list_items_and_parts_of_a_document():
    doc = read_document(
        "# Ports\n\n"
        "In March 2020, on 15 March, there were 4,000 ports in the 1990s (IHO, 2018: 12; Sea 2019, pp. 3-4)"
        " and two thirds of the ships in Section 3, with 31.2% of the G20 trade.\n\n"
        "1. The first item holds 40 percent of a fifth type, twice over.\n"
    )
    assert [n.printed for n in scan_numbers(doc)] == ["4,000", "two thirds", "31.2%", "40 percent", "twice"]


def test_a_number_no_claim_holds_can_be_reviewed_and_is_judged_only_with_its_text(tmp_path):
    import shutil

    from forcedmig_kb.checks import run_check

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    kb = load_knowledge_base([data])
    idiom = next(f for f in coverage_findings(kb, read_text(CHAPTER), CHAPTER) if (f.line, f.value) == (45, "two"))
    assert idiom.focus.startswith("https://w3id.org/forcedmig/doc/delgado-wise-2019#char=")  # the same on every machine
    with (data / "reviews.ttl").open("a", encoding="utf-8") as out:
        out.write(
            f'\n[] a fm:ReviewedFinding ; fm:rule "{UNCLAIMED}" ; fm:focus <{idiom.focus}> ;\n'
            '    fm:reason "An idiom: two sides of the same coin." .\n'
        )
    kb = load_knowledge_base([data])
    with_text = run_check(kb, also=coverage_findings(kb, read_text(CHAPTER), CHAPTER))
    reviewed = [f for f in with_text if f.rule == UNCLAIMED and f.reviewed]
    assert [f.focus for f in reviewed] == [idiom.focus]
    assert not [f for f in with_text if f.rule == "obsolete-review"]
    assert not [f for f in run_check(kb) if f.rule == "obsolete-review"]  # without the text, not judged
