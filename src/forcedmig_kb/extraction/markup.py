"""Markup inside a text's prose that is not prose: HTML tags, links and notes printed inline.

Texts converted from the web or from a wiki keep some of their markup: ``<a href=...>``, ``<abbr
title="...">``, ``<sup>``, WordPress's ``[ref]...[/ref]`` and MediaWiki's ``<ref>...</ref>`` notes.
The readers of figures, sentences and citations blank it out (:func:`blank`), keeping every offset,
so that what they find still points at the original text.

>>> blank(TAG, '<p>Up 2.7%.<sup id="fnref:1">1</sup> Next</p>')
'   Up 2.7%.                1       Next    '
"""

from __future__ import annotations

import re

#: an HTML tag (opening, closing or a declaration); '< 0.05 and q >' is no tag
TAG = re.compile(r"<[a-zA-Z/!][^<>]{0,400}>")
#: a note printed inside the prose: WordPress '[ref]...[/ref]', MediaWiki '<ref>...</ref>'
INLINE_NOTE = re.compile(r"\[ref\](?P<a>.*?)\[/ref\]|<ref(?:\s[^>/]*)?>(?P<b>.*?)</ref>", re.DOTALL | re.IGNORECASE)
#: a Markdown link to an address or an anchor, its words in group 1: '[Adam Isacson et al.](https://...)'
MD_LINK = re.compile(r"\[([^\[\]]{1,300})\]\((?:https?://|#)[^()\s]*\)")
#: an address written as an autolink, the address in group 1: '<https://x.gov/a>'
AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")


def blank(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with every match of ``pattern`` replaced by as many spaces."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)
