"""Where things are in a text: whitespace-collapsed views with offsets back into the original.

Quotes of the knowledge base are verbatim spans of the text in which every run of whitespace
counts as one space (a page break inside a sentence is a blank line in the chapter): a
:class:`Collapsed` text is that view, and remembers for every character its offset in the
original, so that a span found in it has a line number. :func:`read_text_file` reads a text to
extract as UTF-8, saying where it is not.

>>> c = Collapsed.of("one  two\\n\\nthree")
>>> c.text, c.line_of(c.text.index("three"))
('one two three', 3)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_SPACE = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Whitespace runs to one space, ends stripped: the form in which quotes are compared.

    >>> collapse("  a\\n\\n b ")
    'a b'
    """
    return _SPACE.sub(" ", text).strip()


@dataclass(slots=True)
class Collapsed:
    """A text with whitespace runs collapsed, and the original offset of each character."""

    text: str
    where: list[int] = field(repr=False)
    original: str = field(repr=False, default="")

    @classmethod
    def of(
        cls, original: str, start: int = 0, end: int | None = None, blanks: frozenset[int] = frozenset()
    ) -> Collapsed:
        """Collapse ``original[start:end]``, the characters at ``blanks`` read as spaces; offsets refer to
        ``original``."""
        end = len(original) if end is None else end
        out: list[str] = []
        where: list[int] = []
        space = False
        for i in range(start, end):
            ch = original[i]
            if ch.isspace() or i in blanks:
                if not space and out:
                    out.append(" ")
                    where.append(i)
                space = True
            else:
                out.append(ch)
                where.append(i)
                space = False
        if out and out[-1] == " ":
            out.pop()
            where.pop()
        return cls("".join(out), where, original)

    def offset(self, i: int) -> int:
        """The offset in the original of collapsed position ``i`` (the end maps past the last character)."""
        if not self.where:
            return 0
        if i >= len(self.where):
            return self.where[-1] + 1
        return self.where[i]

    def line_of(self, i: int) -> int:
        """The 1-based line of the original on which collapsed position ``i`` lies."""
        return self.original.count("\n", 0, self.offset(i)) + 1


def read_text_file(path: Path) -> str:
    """A text file as UTF-8; :class:`~forcedmig_kb.errors.InputError` with the line when it is not."""
    from ..errors import InputError, MissingInputError

    if not path.is_file():
        raise MissingInputError("no such file", path=path, hint="give a plain-text or Markdown file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "not UTF-8 text",
            path=path,
            line=data[: exc.start].count(b"\n") + 1,
            hint="convert the file to UTF-8 (e.g. iconv -t UTF-8)",
        ) from exc
    if not text.strip():
        raise InputError("the file is empty", path=path, line=1, hint="give a plain-text or Markdown file")
    return text
