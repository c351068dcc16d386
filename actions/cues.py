"""Cues in a message's wording that no entity or intent carries, each a small tested pattern.

The NLU gives the question (intent) and the names in it (entities). Seven things it does not give,
read here from the words around those names (tests/actions/test_cues.py lists what each pattern must
and must not match):
- whether the question points back at what was just discussed ("any course for that?");
- whether it asks in general although a role is being discussed ("which language is best for deep
  learning overall?");
- which of the names are what the learner says they know, not what they ask about ("I know Python
  and SQL, how much do data engineers earn?");
- whether a field means its job ("the MLOps people", "for that job", "back to MLOps", "what do I
  need for MLOps?": field_roles.py);
- whether a question about jobs asks about the learner's own ("what jobs could I do with that?");
- whether a name is set aside rather than asked about ("in general, not just bioinformatics");
- whether a question points at the country just asked about ("what would they earn there?").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from nlp.statements import in_statement, own_trade_spans, statement_spans

BACK_REFERENCE = re.compile(
    r"\b(?:it|its|them|they|their|those|these|one)\b"
    # "that" and "this" only as a pronoun ("for that?") or before a noun for the role ("that job"),
    # not as "a course that is free".
    r"|\b(?:that|this)\b(?=\s*(?:[?.!,;:]|$|(?:role|job|position|career|path|field|one|kind)\b))"
)
"""Words by which a question points back at what was just discussed ("any course for that role?")."""

IN_GENERAL = re.compile(
    r"\b(?:in general|generally|general|overall|at all|in deep learning|for deep learning|into deep learning"
    r"|on deep learning|about deep learning|learn deep learning|work in ai|for ai|in ai|into ai"
    r"|different question|separate question|another question|unrelated|forget that|anyone"
    r"|never ?mind|(?:total|complete|absolute) beginners?"
    r"|(?:leaving|leave|setting|set|putting|put) (?:that|this|it) aside|(?:that|this) aside"
    r"|aside from (?:that|this)"
    r"|from (?:zero|scratch))\b"
)
"""Words by which a question leaves the role being discussed ("…for deep learning in general?",
"Leaving that aside, …", "never mind. …", "… from zero", "… for a total beginner")."""

THE_PEOPLE = re.compile(r"\b(?:they|them|their|theirs)\b")
"""Pronouns for the people in the role, which keep the question on it ("do they need it at all?")."""

ABOUT_SELF = re.compile(
    r"\b(?:i|me|my|i'd|i'm|im|i've|ive)\b|\bwith (?:that|this|those|these|it|them)\b"
    r"|\b(?:that|this|those|these|it)\b(?: \w+)? (?:lead|leads|open|opens|get|gets)\b"
    r"|\b(?:fit|fits|suit|suits|match|matches)\W*$"
)
"""Words by which a question about jobs asks about the learner's own ("what jobs could I do?",
"which jobs would that lead to?", "which careers in deep learning fit?"), not the field's."""

THERE = re.compile(
    r"\b(?:that|the same) (?:country|place)\b"
    r"|(?<!\bis )(?<!\bare )(?<!\bwas )\bthere\b(?! (?:is|are|any|was)\b)"
)
"""Words that point at the place just asked about ("what would they earn there?"), not the "there"
of "are there any jobs?"."""

FIRST_ONE = re.compile(
    r"\b(?:the )?first (?:ones?|roles?|jobs?|positions?|guys?|people|folks)\b"
    r"|\bthe first(?=\s*(?:[,;:.!?\u2013\u2014]|$))"
)
"""A return to the first role of the conversation ("back to the first one", "what do the first ones
earn?", "which degree do the first guys need", "ok back to the first, how much …")."""

THE_ONE = re.compile(r"\bthe ((?:[a-z0-9+#-]+ ){0,2}[a-z0-9+#-]+) ones?\b")
"""A role named by a part of its name and "one" ("for the deep learning one, …"): the part is group 1."""

FORMER = re.compile(r"\bthe (?:former|other (?:one|role|job))\b")
"""A return to the earlier of the last two roles discussed ("for the former, which courses?", "and
the other one?")."""

GOING_BACK = re.compile(r"\b(?:back to|return(?:ing)? to|revisit(?:ing)?|again)\b")
"""A return to something discussed before ("back to MLOps, which courses?", "so mlops again, …")."""

OF_PEOPLE = re.compile(
    r"\s*(?:people|ppl|persons?|folks|crowd|guys|ones?|jobs?|roles?|positions?|careers?|engineering)\b"
)
"""Words right after a field that make it a job or the people in it ("the MLOps people", "the
computer vision one", "ML engineering")."""

SET_ASIDE = re.compile(
    r"\b(?:not just|not only|other than|except(?: for)?|apart from|rather than|instead of|beyond"
    r"|not about|not asking about|no longer about|no more|forget(?: about)?|enough (?:about|of))\s+"
    r"(?:the |a |an |for |in )?$"
)
"""Words right before a name that set it aside ("…in general, not just bioinformatics", "not about
analysts anymore. in general, …")."""
LEFT_ASIDE = re.compile(r"\b(?:leaving|leave|setting|set|putting|put)\s+(?:the |that |those )?$")
ASIDE_AFTER = re.compile(r"^\s*(?:\w+\s+)?aside\b")
"""Words around a name that leave it aside ("ok leaving research aside, …")."""

ALSO = re.compile(r"\b(?:also|too|as well)\b")
"""Words by which a name is one more of something ("and PyTorch too")."""

GOES_ON = re.compile(r"^\W*(?:(?:oh|ah|ok|okay|right)\W+)?(?:and|plus|&)\b")
"""An opening by which a message goes on with the last one ("and data cleaning")."""

DENIED = re.compile(
    r"(?:\b(?:no|nothing|not|never|zero|without)|n't(?: \w+)?)\s+(?:(?:any|much|real|proper)\s+)?$"
)
"""Words right before a name by which the learner says they lack it ("nothing ML yet", "no python
though", "I don't know kafka", "haven't used any docker")."""

TARGET = re.compile(
    r"\b(?:for|into|in|as|become|becoming|be|does|do|about)\s+(?:an? |the )?(?:field of |area of )?$"
)
"""Words right before a name that make it what a question is for ("what do I need for mlops", "to
move into computer vision", "how much does NLP pay"), not a subject listed."""

THE_JOB = re.compile(r"\b(?:that|this|the) (?:job|role|career|position)\b|\bas an? (?:job|career|role)\b")
"""Words that point at a job rather than a subject ("which courses for that job?", "computer vision
as a career")."""


class Span(Protocol):
    start: int | None
    end: int | None


SpanT = TypeVar("SpanT", bound=Span)
"""A name's mention of any kind: the statement helpers return the caller's own mentions."""


def refers_back(text: str) -> bool:
    """Whether the question points back at what was just discussed."""
    return bool(BACK_REFERENCE.search(text.lower()))


def asks_in_general(text: str) -> bool:
    """Whether the question asks in general, leaving the role being discussed (not when it asks
    about "them")."""
    lowered = text.lower()
    return bool(IN_GENERAL.search(lowered)) and not THE_PEOPLE.search(lowered)


def about_self(text: str) -> bool:
    """Whether a question about jobs asks which ones are open to the learner."""
    return bool(ABOUT_SELF.search(text.lower()))


def points_at_place(text: str) -> bool:
    """Whether the question is about the place (country) just asked about."""
    return bool(THERE.search(text.lower()))


def returns_to_first(text: str) -> bool:
    """Whether the message goes back to the first role discussed ("the first one")."""
    return bool(FIRST_ONE.search(text.lower()))


def parts_before_one(text: str) -> list[tuple[int, int]]:
    """Where the message names something by words before "one" ("the deep learning one")."""
    return [m.span(1) for m in THE_ONE.finditer(text.lower())]


def returns_to_former(text: str) -> bool:
    """Whether the message goes back to the earlier of the last two roles ("the former")."""
    return bool(FORMER.search(text.lower()))


def goes_back(text: str) -> bool:
    """Whether the message returns to something discussed before."""
    return bool(GOING_BACK.search(text.lower()))


def of_people(text_after: str) -> bool:
    """Whether the words after a name (`text_after`) make it a job or its people."""
    return bool(OF_PEOPLE.match(text_after.lower()))


def adds_one_more(text: str) -> bool:
    """Whether the message adds its name to something ("and PyTorch too", "also SQL")."""
    return bool(ALSO.search(text.lower()))


def goes_on(text: str) -> bool:
    """Whether the message opens by going on with the learner's last one ("and data cleaning")."""
    return bool(GOES_ON.search(text.lower()))


def sets_aside(text_before: str, text_after: str = "") -> bool:
    """Whether the words before a name (`text_before`), or around it, set it aside instead of asking
    about it."""
    before = text_before.lower()
    return bool(SET_ASIDE.search(before)) or bool(LEFT_ASIDE.search(before) and ASIDE_AFTER.match(text_after))


def is_denied(text_before: str) -> bool:
    """Whether the words before a name (`text_before`) say the learner lacks it."""
    return bool(DENIED.search(text_before.lower()))


def is_target(text_before: str) -> bool:
    """Whether the words before a name (`text_before`) make it the question's target."""
    return bool(TARGET.search(text_before.lower()))


def points_at_job(text: str) -> bool:
    """Whether the message points at a job ("that job", "the role")."""
    return bool(THE_JOB.search(text.lower()))


def stated(text: str, mentions: Sequence[SpanT]) -> list[SpanT]:
    """The mentions that lie in a statement of what the learner knows."""
    spans = statement_spans(text)
    return [m for m in mentions if in_statement(m.start, spans)]


def own_trade(text: str, mentions: Sequence[SpanT]) -> list[SpanT]:
    """The mentions of the trade the learner says they work as ("I'm a web developer, …")."""
    spans = own_trade_spans(text)
    return [m for m in mentions if in_statement(m.start, spans)]


def unstated(text: str, mentions: Sequence[SpanT]) -> list[SpanT]:
    """The mentions outside any statement of what the learner knows: those the message asks about."""
    known = {id(m) for m in stated(text, mentions)}
    return [m for m in mentions if id(m) not in known]
