"""A Rasa NLU component that reads a message stating skills, or greeting, by what it asks.

"I've written a fair bit of python, how much does a data engineer make in germany?" is a salary
question from someone who knows Python, but the classifiers split it between the two halves
(`inform_skills` 0.55, `ask_salary` 0.41) and a bare "noted" answered nothing. The other way round,
"I studied linguistics" or "so I've done a stats degree" only state a background, and came out
`ask_education`. So, after the intent classifiers:

- a message that states what the learner knows and asks something besides (nlp/statements.py)
  and came out `inform_skills` takes the best-ranked question, with the statement's share added:
  the statement is the question's context, not another question; so does one that came out
  `out_of_scope` while a question ranks close ("Knowing Keras and Python, is a masters needed to
  become a deep learning engineer?": out of scope 0.46, education 0.33), its statement being what
  the bot is about;
- a message that only states a background, names a skill and no role (but the one they work as:
  "im a swe by trade, I know java, software testing and the sdlc"), and came out as a question
  or a follow-up ("I studied linguistics" as education, "My skills: Java, data structures, sorting"
  as software engineering, "know docker, github and cloud stuff" as a follow-up) is `inform_skills`:
  it asks nothing;
- a message that states a background and came out as the question such a background resembles
  (education, for "I studied statistics at university. Which jobs would suit me?") when its
  question asks no such thing takes the best-ranked other question;
- a message that states what the learner knows, names no role (but the one they work as) and asks
  only an open "what next?"
  ("hello, i know docker and cloud computing and some github. what now?" came out a question about
  Docker) is `inform_skills`, whose answer is the next steps; asking only which jobs are open to
  them, read as `inform_skills` or naming a skill ("if I learned deep learning" names none), it is
  `recommend_role` ("I'm a linguistics grad and I also know a little python. What can I
  do in deep learning with that?" had been given its best other question, a definition; "i studied
  biology and genomics and use R daily. what could i do in deep learning?" came out which jobs use
  a skill, 0.29, and fell back);
- a message that greets and goes on to ask ("hi! what's an MLOps engineer?" was greet 0.44 against
  ask_role 0.32) and came out `greet` takes the best-ranked question, with the greeting's share
  added, as a statement's question does; one that greets and only states a background ("Good
  morning. I know data cleaning.") is `inform_skills`.

Skills stated either way are remembered by the actions (actions/known_skills.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

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

from nlp.ranking import IntentRereader, Ranked, decided
from nlp.statements import (
    STATES_SKILLS,
    after_greeting,
    asks_after_greeting,
    asks_besides,
    asks_prospects,
    asks_what_next,
    in_statement,
    only_states,
    own_trade_spans,
    question_part,
    statement_spans,
)

GREETING = "greet"
RECOMMEND = "recommend_role"
FOLLOW_UP = "follow_up"
NOT_QUESTIONS = frozenset(
    {STATES_SKILLS, GREETING, "goodbye", "thank", "bot_challenge", "help", "out_of_scope", "follow_up"}
)
"""Intents that ask the store nothing, so never the question in a statement."""
MIN_QUESTION_CONFIDENCE = 0.1
"""Below this the classifiers saw no question in the message, whatever its words."""
OUT_OF_SCOPE = "out_of_scope"
CONTENDER = 0.25
"""A question ranked at least this high beside `out_of_scope` is what a mixed message asks."""

PULLED_BY_BACKGROUND = {
    "ask_education": re.compile(
        r"\b(?:degrees?|study|studied|studying|master'?s|phd|bachelor'?s|uni|university|college|education"
        r"|educational|academic|qualifications?|diploma|school|major)\b"
    ),
    "ask_software_engineering": re.compile(
        r"\b(?:software|engineering|practices?|se|swe|git|github|version control|testing|tests?|algorithms?"
        r"|data structures|clean code|code quality|devops|sdlc)\b"
    ),
}
"""Questions that a background pulls a message towards, with the words by which its question itself
asks them: studies towards education ("I have studied statistics and probability at university and I
can use R a little. Which jobs would suit me?" came out education 0.49 against recommend a role 0.46),
programming fundamentals towards software engineering ("My skills: C++, data structures, sorting and
searching algorithms, dynamic programming. Which careers in deep learning fit?": 0.39 against the
roles 0.38)."""


def _names(message: Message, kind: str) -> bool:
    return any(e.get("entity") == kind for e in message.get(ENTITIES) or [])


def _best_question(ranking: list[Ranked]) -> Ranked | None:
    """The best-ranked intent that asks the store something, unless the classifiers saw none."""
    questions = [i for i in ranking if i.get(INTENT_NAME_KEY) not in NOT_QUESTIONS]
    if questions and questions[0][PREDICTED_CONFIDENCE_KEY] >= MIN_QUESTION_CONFIDENCE:
        return questions[0]
    return None


def _chosen(message: Message, name: str | None) -> Ranked | None:
    """Which intent the message means instead of its top one, `name`, if another."""
    ranking = message.get(INTENT_RANKING_KEY) or []
    text = message.get(TEXT) or ""
    # These two the words decide, at full confidence: "i studied biology and genomics and use R daily.
    # what could i do in deep learning?" had the top intent and the roles that fit at 0.28 together,
    # under the fallback's threshold.
    if _asks_only(message, text, asks_what_next):
        return None if name == STATES_SKILLS else decided(STATES_SKILLS)
    if _asks_only(message, text, asks_prospects) and (name == STATES_SKILLS or _names(message, "skill")):
        return None if name == RECOMMEND else decided(RECOMMEND)
    if name == STATES_SKILLS:
        return _best_question(ranking) if asks_besides(text) else None
    if name == OUT_OF_SCOPE and asks_besides(text):
        question = _best_question(ranking)
        return question if question and question[PREDICTED_CONFIDENCE_KEY] >= CONTENDER else None
    if name == GREETING:
        if asks_after_greeting(text):
            return _best_question(ranking)
        return _statement(message, ranking, after_greeting(text))
    pulled = PULLED_BY_BACKGROUND.get(name or "")
    if pulled and asks_besides(text) and not pulled.search(question_part(text).lower()):
        return _best_question([i for i in ranking if i.get(INTENT_NAME_KEY) != name])
    if name not in NOT_QUESTIONS or name == FOLLOW_UP:
        return _statement(message, ranking, text)
    return None


def _asks_only(message: Message, text: str, asks: Callable[[str], bool]) -> bool:
    """Whether the message states what the learner knows, names no role but in the statement ("im a
    c++ programmer, know docker too. what should i pick up next?"), and its question `asks` only an
    open "what next?" (`asks_what_next`) or which jobs are open to them (`asks_prospects`)."""
    rest = after_greeting(text) or text
    if not asks_besides(rest) or not asks(question_part(rest)):
        return False
    return _roles_only_in(message, statement_spans(text))


def _roles_only_in(message: Message, spans: list[tuple[int, int]]) -> bool:
    """Whether every role the message names lies in one of `spans` (true when it names none)."""
    roles = [e for e in message.get(ENTITIES) or [] if e.get("entity") == "role"]
    return all(in_statement(e.get("start"), spans) for e in roles)


def _entry(ranking: list[Ranked], intent: str) -> Ranked:
    """`intent` as ranked, or unranked (below the ranking's length) at no confidence."""
    ranked = (i for i in ranking if i.get(INTENT_NAME_KEY) == intent)
    return next(ranked, {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 0.0})


def _statement(message: Message, ranking: list[Ranked], text: str) -> Ranked | None:
    """`inform_skills` from the ranking when `text` (the message, or what follows its greeting) only
    states a background that names a skill and no role but the one the learner works as ("im a swe by
    trade, I know java, software testing and the sdlc")."""
    if not only_states(text) or not _names(message, "skill"):
        return None
    if _roles_only_in(message, own_trade_spans(message.get(TEXT) or "")):
        return _entry(ranking, STATES_SKILLS)
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class MixedMessageIntent(IntentRereader):
    """Sets the intent of a message that states skills or greets (see the module docstring)."""

    def chosen(self, message: Message) -> Ranked | None:
        return _chosen(message, (message.get(INTENT) or {}).get(INTENT_NAME_KEY))
