"""The real corpus (``tests/data/real``): every truth file holds to its text, and extract + check run on
every text. The measures themselves are in docs/extraction.md (``python bench/extraction.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from forcedmig_kb.extraction.text import collapse
from forcedmig_kb.scoring.truth import measure, read_truth, seeded_text

from .helpers import FIXTURES

REAL = FIXTURES / "real"


def texts_in(folder: Path) -> list[Path]:
    return (
        sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md")
        if folder.is_dir()
        else []
    )


TEXTS = texts_in(REAL)
ALL = TEXTS + texts_in(FIXTURES / "heldout")  # the held-out texts too: their truths hold, extract runs on them


def test_every_real_text_has_a_truth():
    assert len(TEXTS) >= 8 and all(p.with_suffix(".toml").exists() for p in TEXTS)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_a_truth_holds_to_its_text(path):
    truth = read_truth(path.with_suffix(".toml"))
    whole = collapse(path.read_text(encoding="utf-8"))
    assert truth["source"]["url"].startswith("https://github.com/") and truth["source"]["licence"]
    for f in truth.get("figure", []):
        assert collapse(f["quote"]) in whole, f["quote"]
        assert collapse(f.get("printed", "")) in collapse(f["quote"]), f
    for c in truth.get("citation", []):
        assert collapse(c["printed"]) in whole, c["printed"]
    seeded_text(path.read_text(encoding="utf-8"), truth.get("seed", []), path)  # each seed occurs once


# the held-out texts in the full suite only: each is an extract and two checks (about 1.7 s)
MEASURED = TEXTS + [pytest.param(p, marks=pytest.mark.slow) for p in texts_in(FIXTURES / "heldout")]


@pytest.mark.parametrize("path", MEASURED, ids=lambda p: p.stem)
def test_extract_and_check_run_on_every_real_text(path):
    score = measure(path, path.with_suffix(".toml"))
    assert score.drafts > 0 and score.found > 0


def test_a_figure_left_uncited_by_a_seed_that_removes_its_citation_is_no_false_alarm(tmp_path):
    """A citation that closes a run of sentences covers the run: a seed that removes it leaves each of
    them uncited, as a consequence of the seed, however far from it they stand."""
    text = (
        "# Border deaths\n\n*Report, 2021*\n\n## Background\n\n"
        "She was in debt for more than $10,000, most of it to the trail guide who was supposed to guide her on "
        "her long journey north across the desert and the mountains. " + "The desert is wide and hot. " * 14 + ""
        "In 2019, there were an estimated 227 deaths in the desert (Snow 2021).\n\n"
        "## References\n\nSnow, A. (2021). Deaths in the desert. Tucson: Press.\n"
    )
    (tmp_path / "t.md").write_text(text, encoding="utf-8")
    (tmp_path / "t.toml").write_text(
        '[source]\ntitle = "t"\nurl = "https://github.com/o/r/blob/c/t.md"\nlicence = "CC-BY-4.0"\n'
        "[document]\nyear = 2021\n"
        '[[seed]]\nfind = " (Snow 2021)"\nreplace = ""\nrule = "uncited"\n'
        'subject = "there were an estimated 227 deaths"\nwhy = "the citation removed"\n',
        encoding="utf-8",
    )
    score = measure(tmp_path / "t.md", tmp_path / "t.toml")
    assert score.seeds_found == 1
    assert score.seed_false_alarms == 0, score.false_alarms


def test_an_entry_left_uncited_is_named_by_its_first_author_and_year(tmp_path):
    """The truth names an uncited entry 'Family YEAR'; the check's finding names it by its title:
    the two are the same defect."""
    text = (
        "# Poverty\n\n*Report, 2021*\n\nAbout 60 percent of the poor live in slums (Lee 2019).\n\n"
        "## References\n\nLee, A. 2019. Slums of the world. Boston: Press.\n\n"
        "Shah, Anup. 2011. Poverty around the World. Global Issues.\n"
    )
    (tmp_path / "t.md").write_text(text, encoding="utf-8")
    (tmp_path / "t.toml").write_text(
        '[source]\ntitle = "t"\nurl = "https://github.com/o/r/blob/c/t.md"\nlicence = "CC-BY-4.0"\n'
        "[document]\nyear = 2021\n"
        '[[defect]]\nrule = "uncited-reference"\nsubject = "Shah 2011"\nwhy = "never cited"\n',
        encoding="utf-8",
    )
    score = measure(tmp_path / "t.md", tmp_path / "t.toml")
    assert (score.defects_found, score.findings, score.true_findings) == (1, 1, 1), score.false_findings


def test_a_vague_amount_is_found_by_the_order_it_names(tmp_path):
    text = "# Border\n\n*Report, 2021*\n\nAt times tens of thousands of children crossed the border.\n"
    (tmp_path / "t.md").write_text(text, encoding="utf-8")
    (tmp_path / "t.toml").write_text(
        '[source]\ntitle = "t"\nurl = "https://github.com/o/r/blob/c/t.md"\nlicence = "CC-BY-4.0"\n'
        "[document]\nyear = 2021\n"
        '[[figure]]\nquote = "tens of thousands of children"\nprinted = "tens of thousands"\nvalue = 10000\n'
        'unit = "NUM"\nhedge = "vague"\ncitation = ""\n'
        '[[figure]]\nquote = "tens of thousands of children"\nprinted = "tens of thousands"\nvalue = 100000\n'
        'unit = "NUM"\ncitation = ""\n',  # not vague: the value itself must match, and 100,000 is another order
        encoding="utf-8",
    )
    score = measure(tmp_path / "t.md", tmp_path / "t.toml")
    assert (score.figures, score.found) == (2, 1), score.missed


def test_a_range_a_truth_records_by_its_midpoint_is_stated_by_a_draft_of_either_end():
    from forcedmig_kb.scoring.truth import _range_ends

    assert _range_ends({"printed": "50%–60%", "value": 55}) == (50.0, 60.0)
    assert _range_ends({"printed": "17%-28%", "value": 22.5}) == (17.0, 28.0)
    assert _range_ends({"printed": "50%–60%", "value": 50}) == ()  # not recorded by its midpoint
    assert _range_ends({"printed": "55%", "value": 55}) == ()
    # written with words, and with the scale printed once after the second end
    assert _range_ends({"printed": "between 70,000 and 100,000", "value": 85000}) == (70000.0, 100000.0)
    assert _range_ends({"printed": "2 to 3 million", "value": 2500000}) == (2000000.0, 3000000.0)
    assert _range_ends({"printed": "2 million and 3 children", "value": 7}) == ()


def test_a_decimal_below_one_a_truth_writes_as_a_count_is_the_same_figure_as_a_ratio():
    from types import SimpleNamespace

    from forcedmig_kb.scoring.truth import _same_figure

    def draft(value, unit):
        return SimpleNamespace(quantity=SimpleNamespace(value=value, unit=unit), printed=str(value))

    assert _same_figure(draft(0.947, "UNITLESS"), 0.947, "NUM")
    assert not _same_figure(draft(1.8, "UNITLESS"), 1.8, "NUM")  # 1.8 children may be counted
    assert not _same_figure(draft(0.947, "UNITLESS"), 0.9, "NUM")
