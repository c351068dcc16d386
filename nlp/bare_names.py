"""A Rasa NLU component that reads a message made of one name, and filler, as a follow-up.

"deep learning engineer", "hmm, data analysts?", "and Kafka" name something and ask nothing else:
the last question again about it, or with nothing asked yet the first question about such a name
(actions/followup.py). The classifiers see too few words to agree on that (a bare "deep learning
engineer" came out `compare_roles` at 0.2 and fell back), so when a message's words are one
recognised name (a role, skill, country or application area) and words from `FILLER` or `ALSO`
("Also the data analyst, please."), perhaps opened by an auxiliary verb (`ECHO`: "does an ml
engineer?"), the intent is `follow_up`, whatever they ranked first. So is a message that names one
thing and asks "that as well?" or "the same?" ("And for a data scientist, do they need that as
well?" came out as the role's skills after a question on software engineering),
and one that opens with "what about" a name ("right. what about caffe, is that still a thing?")
when the classifiers are unsure what the rest asks. A pleasantry may close the last answer first
("Thank you. And for a full-stack web developer?"). Runs after the intent classifiers and before the
entity filter, which then keeps the name as the follow-up's.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from nlp.names import words
from nlp.ranking import StatelessComponent, decided

FOLLOW_UP = "follow_up"
NAME_KINDS = frozenset({"role", "skill", "country", "application"})
FILLER = frozenset(
    words(
        "and n or so ok okay then hmm hm erm um uh right well oh ah now again the a an for "
        "what about how same question q please pls in people ppl folks guys crowd"
    )
)
"""Words a bare name may come with: "ok, and the data analysts then?", "same question for R", "in the
United States?", "n for bioinformatics ppl?" (a field's people are its role: actions/field_roles.py)."""
ECHO = frozenset(words("do does did is are was were can could should would will has have"))
"""An auxiliary verb a bare name may open with, asking the last question again of it ("does an ml
engineer?" after "does a research scientist need a phd")."""
ASKING = frozenset(words("what how"))
"""Filler that asks its own question before an auxiliary ("what is a neural network?")."""
ALSO = frozenset(words("also too as well"))
"""Words a bare name may come with as well ("Also the data analyst, please.", "pytorch too"); after
the learner said what they know, "and PyTorch too" adds to it (actions/followup.py)."""
SAME_AGAIN = re.compile(
    r"\b(?:(?:that|this|it) (?:as well|too|also)|same (?:thing |question )?for"
    r"|the same(?!(?: thing| question)? as\b)(?: thing| question)?)\b"
)
"""Words that ask the last question again of what the message names ("do they need that as well?"),
not a comparison ("is AI the same as deep learning?")."""
COMPARISON = re.compile(r"\b(?:are|is|aren'?t|isn'?t)\b.*\s(?:and|&)\s.*\bthe same\b")
"""Two things asked to be the same ("are AI and deep learning basically the same thing"), of which
the store may know only one."""
PLEASANTRY = re.compile(
    r"^\W*(?:(?:ok|okay|oh|ah|right)\W+)?"
    r"(?:thanks?(?: you)?|thx|ty|cheers|great|cool|nice|perfect|awesome|got it|i see|understood)"
    r"(?: (?:so |very )?much| a lot)?\s*[,.!;:\u2013\u2014-]+"
)
"""A pleasantry that closes the last answer before a bare name ("Thank you. And for a full-stack web
developer?" came out `thank`)."""
I_MEAN = re.compile(r"\bi (?:mean|meant)\b", re.IGNORECASE)
"""A correction's own filler ("in the states i mean" after a salary question)."""
ABOUT = re.compile(r"\b(?:what|how) about\b")
CLAUSE_END = re.compile(r"[,;:!?\u2013\u2014]|\.(?=\s|$)|\s-\s")
UNSURE = 0.5
"""Below this top confidence the classifiers are unsure what a message asks."""


def _the_one_name(entities: list[dict[str, Any]]) -> tuple[int, int] | None:
    """The span of the one name the entities give (overlapping spans of several extractors are one),
    or None for none or several ("python and sql")."""
    spans = sorted(
        (e["start"], e["end"])
        for e in entities
        if e.get("entity") in NAME_KINDS and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
    )
    if not spans:
        return None
    start, end = spans[0]
    for span_start, span_end in spans[1:]:
        if span_start >= end:
            return None
        end = max(end, span_end)
    return start, end


def one_name_only(text: str, entities: list[dict[str, Any]]) -> bool:
    """Whether `text` is a single name and filler ("python and sql" says what they know)."""
    span = _the_one_name(entities)
    if span is None:
        return False
    before = text[: span[0]]
    pleasantry = PLEASANTRY.match(before.lower())
    before = before[pleasantry.end() :] if pleasantry else before
    said = words(I_MEAN.sub(" ", before))
    leading = [word for word in said if word not in FILLER and word not in ALSO]
    echoes = len(leading) == 1 and leading[0] in ECHO and not ASKING.intersection(said)
    after = words(I_MEAN.sub(" ", text[span[1] :]))
    return (not leading or echoes) and all(word in FILLER or word in ALSO for word in after)


def asks_the_same(text: str, entities: list[dict[str, Any]]) -> bool:
    """Whether the message names one thing and asks the last question again of it."""
    lowered = text.lower()
    return (
        _the_one_name(entities) is not None
        and bool(SAME_AGAIN.search(lowered))
        and not COMPARISON.search(lowered)
    )


def opens_with_a_name(text: str, entities: list[dict[str, Any]]) -> bool:
    """Whether the message's first clause beyond filler is "what about" one name ("right. what about
    caffe, …"), not a return that asks its own question ("ok software dev again, what …")."""
    position = 0
    for end in CLAUSE_END.finditer(text):
        clause = text[position : end.start()]
        inside = [
            {**e, "start": e["start"] - position, "end": e["end"] - position}
            for e in entities
            if isinstance(e.get("start"), int) and position <= e["start"] and e["end"] <= end.start()
        ]
        if inside or any(w not in FILLER for w in words(clause)):
            return bool(ABOUT.search(clause.lower())) and one_name_only(clause, inside)
        position = end.end()
    return False


def _is_follow_up(message: Message) -> bool:
    text, entities = message.get(TEXT) or "", message.get(ENTITIES) or []
    if one_name_only(text, entities) or asks_the_same(text, entities):
        return True
    confidence = (message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0
    return confidence < UNSURE and opens_with_a_name(text, entities)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class BareNameFollowUp(StatelessComponent):
    """Sets `follow_up` on a message that is one name and filler (see the module docstring), at full
    confidence and every other intent at none: whatever the classifiers ranked, such a message asks
    nothing else."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if not _is_follow_up(message):
                continue
            chosen = decided(FOLLOW_UP)
            others = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get(INTENT_NAME_KEY) != FOLLOW_UP]
            others = [{**i, PREDICTED_CONFIDENCE_KEY: 0.0} for i in others]
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen, *others], add_to_output=True)
        return messages
