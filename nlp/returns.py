"""Where a message opens by going back to something discussed before, and what it then asks.

"ok software dev again, what do they need to study?" and "back to the nlp role... what do they need
to study?" ask about education; the opening clause only says which role, and its words ("software
dev", a bare "...") pulled the classifiers elsewhere (a fallback, out of scope). The intent
classifier reads what follows such a clause (nlp/linear_intents.py); the actions read the clause
for the role (actions/partial_roles.py).
"""

from __future__ import annotations

import re

from nlp.names import words

RETURN_CLAUSE = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|right|alright|now|coming|going|let'?s go)\W+)*"
    r"(?:(?:back to|return(?:ing)? to|revisit(?:ing)?)\b[^,;:!?\u2013\u2014]*?|[^,;:!?.]{1,40}?\bagain)"
    r"\s*(?:[,;:!?\u2013\u2014]|\.{2,}|\s-\s)"
)
"""An opening clause that goes back ("back to data scientists:", "ok software dev again,", "coming
back to research scientists -"), up to the punctuation that ends it."""


FULL_QUESTION = 5
"""Words from which what follows the clause asks a question on its own ("what do they need to study?")."""


def after_return(text: str) -> str:
    """What a message asks after an opening clause that goes back; the whole message when it opens
    with none, or when what follows is short enough to lean on the clause ("for the data scientist
    again, how much in australia?")."""
    clause = RETURN_CLAUSE.match(text.lower())
    rest = text[clause.end() :].strip() if clause else ""
    return rest if len(words(rest)) >= FULL_QUESTION else text
