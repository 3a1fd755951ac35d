"""What the figures a note states rest on.

:func:`note_passages` gives the figures of a comment note (one that names no source) the source of the
passage its marker closes; :func:`note_comments` gives the figures a note states before its sources
('Miami (128,449 pending cases), ... TRAC, “Immigration Court Backlog Tool”') the note's own marker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .note_parts import sources_begin
from .roles import SOURCED
from .scope import paragraph_ends

if TYPE_CHECKING:
    from .drafts import Citation, Draft


def note_passages(drafts: list[Draft], sections, comments: dict[str, str], marks_of) -> None:
    """A note that names no source (a comment: 'These figures do not include ... 680 students
    enrolled in CPIAs') speaks of the passage its marker closes: its sourced figures rest on that
    passage's source, the citation or the named source of the last covered figure of the paragraph
    before the marker. ``comments`` maps such notes' numbers to their text; ``marks_of(text, label)``
    gives where a note's marker stands in a text."""
    for section in sections:
        for note in section.footnotes:
            label, _ = _label_of(note.text, comments)
            if label is None:
                continue
            inside = [
                d
                for d in drafts
                if d.flow is note
                and d.kind == "quantity"
                and d.role == SOURCED
                and d.citation is None
                and not d.attributed
            ]
            passage = _passage_of(drafts, sections, label, marks_of) if inside else None
            if passage is None:
                continue
            for d in inside:
                if passage.citation is not None:
                    d.citation = passage.citation
                    passage.citation.covers.append(d)
                else:
                    d.attributed = passage.attributed


def note_comments(drafts: list[Draft], sections, sourced: dict[str, str], citations: list[Citation]) -> None:
    """A note that comments and then gives its sources ('Approximately 15 nationalities received EVD
    between 1960 and 1990. See Lynda J. Oswald, ...') states figures its sources back: they are covered
    by the note's marker. Figures after a note's sources are the author's own comment and stay as they
    are. ``sourced`` maps the numbers of notes that name a source to their text."""
    markers: dict[str, Citation] = {}
    for c in citations:
        if c.found.kind in ("footnote", "numbered"):
            markers.setdefault(c.as_printed, c)
    for section in sections:
        for note in section.footnotes:
            label, at = _label_of(note.text, sourced)
            marker = markers.get(label) if label is not None else None
            if marker is None:
                continue
            begin = at + sources_begin(note.text[at:])
            for d in drafts:
                if (
                    d.flow is note
                    and d.kind == "quantity"
                    and d.end <= begin
                    and d.role == SOURCED
                    and d.citation is None
                    and not d.attributed
                ):
                    d.citation = marker
                    marker.covers.append(d)


def _label_of(flow_text: str, notes: dict[str, str]) -> tuple[str | None, int]:
    """Which of ``notes`` (number -> text) a note's flow holds, and where its text starts in the flow
    (after the number or the table cell that prints it: '| [20](...#ifn20). | Approximately ...')."""
    window = flow_text[:400]
    for label, body in notes.items():
        head = body.strip()[:30]
        at = window.find(head) if head else -1
        if at >= 0:
            return label, at
    return None, 0


def _passage_of(drafts: list[Draft], sections, label: str, marks_of) -> Draft | None:
    """The last covered figure of the paragraph a note's marker closes, in any section's prose."""
    for section in sections:
        body = section.flow
        for at in marks_of(body.text, label):
            ends = paragraph_ends(body)
            start = max([0] + [e for e in ends if e < at])
            covered = [
                d
                for d in drafts
                if d.flow is body
                and d.kind == "quantity"
                and start <= d.start < at
                and (d.citation is not None or d.attributed)
            ]
            if covered:
                return covered[-1]
    return None
