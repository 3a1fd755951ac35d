"""The research API's domain: the index of claims and sources, and each answer's detail.

- :mod:`.index`    one compact entry per claim, the reference list, what rests on each source;
                   built from the store, saved beside it (:mod:`forcedmig_kb.derived`)
- :mod:`.answers`  :class:`Research`: the index held, details asked of the store when requested
- :mod:`.models`   the answers as pydantic models (the web API's OpenAPI schema is made from them)

The web layer (:mod:`forcedmig_kb.web.api`, :mod:`forcedmig_kb.web.site`) only routes and shapes
responses; nothing here imports it.
"""

from .answers import Research
from .index import Entry

__all__ = ["Entry", "Research"]
