"""Opening words that are not what a message asks: a greeting, a clause that goes back to something
discussed before or leaves it ("ok but in general,"), a polite "I'd like to know".

"ok software dev again, what do they need to study?" and "back to the nlp role... what do they need
to study?" ask about education; the opening clause only says which role, and its words ("software
dev", a bare "...") pulled the classifiers elsewhere (a fallback, out of scope). "I'd like to know
how a research scientist spends their time." came out out of scope, and "Good evening. I would like
to know what a deep learning engineer does." fell back. The intent classifier reads what follows
such openings (nlp/linear_intents.py); the actions read a return clause for the role
(actions/partial_roles.py).
"""

from __future__ import annotations

import re

from nlp.names import words
from nlp.statements import after_greeting

RETURN_CLAUSE = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|right|alright|now|coming|going|let'?s go)\W+)*"
    r"(?:(?:back to|return(?:ing)? to|revisit(?:ing)?)\b[^,;:!?\u2013\u2014]*?|[^,;:!?.]{1,40}?\bagain)"
    r"\s*(?:[,;:!?\u2013\u2014]|\.{2,}|\s-\s)"
)
"""An opening clause that goes back ("back to data scientists:", "ok software dev again,", "coming
back to research scientists -"), up to the punctuation that ends it."""

REQUEST = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|well|please|hello|hi)\W+)*"
    r"(?:(?:i'?d like|i would like|i want|i wanna|i'?d love|i would love)"
    r" to (?:know|hear|understand|find out|ask)\b(?: (?:a bit |a little )?more)?"
    r"|(?:can you |could you |please )?tell me(?= (?:what|how|which|where|why|who|when|if|whether)\b))\W*"
)
"""A polite opening that asks to be told ("I'd like to know more about", "I would like to know",
"tell me what …")."""

SWITCH = re.compile(
    r"^\W*(?:(?:ok|okay|so|but|and|right|well|anyway|alright)\W+)*"
    r"(?:in general|generally(?: speaking)?|overall|more generally|(?:a )?(?:different|another|new|other)"
    r" question|unrelated|on another note|changing (?:the )?subject|forget (?:that|it|about that)"
    r"|never ?mind|(?:leaving|setting|putting) (?:that|this) aside|(?:that|this) aside"
    r"|aside from (?:that|this))"
    r"\s*(?:[,;:.!\u2013\u2014]|\s-\s)"
)
"""An opening that leaves the earlier topic ("ok but in general,", "different question:", "forget
that.", "leaving that aside,"). Whether it leaves the role discussed, the actions tell from the
whole message (actions/cues.py)."""

FULL_QUESTION = 5
"""Words from which what follows a return clause asks a question on its own ("what do they need to
study?"); "how much in australia?" leans on the clause."""
ENOUGH = 3
"""Words from which what follows a greeting or a request is worth reading alone."""


def _after(opening: re.Pattern[str], text: str, least: int) -> str:
    """What follows `opening` at the start of `text`, if at least `least` words; else `text`."""
    found = opening.match(text.lower())
    rest = text[found.end() :].strip() if found else ""
    return rest if len(words(rest)) >= least else text


def after_return(text: str) -> str:
    """What a message asks after an opening clause that goes back; the whole message when it opens
    with none, or when what follows is short enough to lean on the clause ("for the data scientist
    again, how much in australia?")."""
    return _after(RETURN_CLAUSE, text, FULL_QUESTION)


def what_is_asked(text: str) -> str:
    """The message less a greeting it opens with, a clause that goes back or leaves the earlier
    topic, and a polite request ("how a research scientist spends their time")."""
    greeted = after_greeting(text).strip()
    text = greeted if len(words(greeted)) >= ENOUGH else text
    return _after(REQUEST, _after(SWITCH, after_return(text), ENOUGH), ENOUGH)
