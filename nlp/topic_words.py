"""A Rasa NLU component that reads a question by the words that name its topic: pay, what a role needs,
software engineering, programming languages, transformers and LLMs.

The classifiers learnt "what does a <role> <verb>" as a question about what the role does, and "what
<kind of> skills does a <role> need" as one about the role's skills, whatever the verb or the kind:
- "what does a software developer make there" and "Tell me what an MLOps engineer earns in the US"
  came out `ask_role` (0.61 and 0.49, the salary question 0.24 and 0.44);
- "what software engineering skills does that job require?" came out `ask_role_skills` (0.64, the
  software engineering question 0.25), and "what languages should a full stack web developer know"
  too (0.62, the programming languages question 0.30);
- "what does a full-stack dev need to learn" came out the learner's skill gap (0.29, the role's
  skills 0.27).
A message whose words name the narrower topic, with that topic's question ranked as a contender,
asks it; a salary question's country is then kept by the entity filter, which runs after this
component.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from nlp.ranking import IntentRereader, Ranked

PAY_WORDS = re.compile(
    r"\b(?:earn|earns|earning|earnings|paid|pays|salary|salaries|income|wage|wages"
    r"|(?:make|makes|making) (?:there|in|a year|per year|a month|per month|annually))\b"
)
"""Words that ask about pay ("what would they earn?", "how well paid", "what do they make in India");
"make" only before a place or a period, not "what do they make?"."""
SOFTWARE_ENGINEERING_WORDS = re.compile(
    r"\b(?:software engineering|software-engineering|sw engineering|se|swe"
    r"|(?:engineering|software|coding|development) (?:practices|habits))\b"
)
"""Words that name software engineering as the kind of skill asked about ("what software engineering
skills does that job require?", "which SE skills matter most for them", "which sw engineering skills
matter")."""
LANGUAGE_WORDS = re.compile(
    r"\b(?<!natural )(?<!large )(?:programming |coding )?languages?\b"
    r"(?! (?:models?|processing|ones?|people|folks)\b)"
)
"""Words that name programming languages as the kind of skill asked about ("what languages should a
full stack web developer know"), not natural language processing, large language models or "the
language ones" (NLP engineers)."""
TRANSFORMER_WORDS = re.compile(r"\b(?:transformers?|llms?|large language models?)\b")
"""Words that name the store's skill Transformers and large language models, which "what are
transformers and LLMs" asks about: it came out how neural networks work (0.68, the skill question
0.05) in each of the three tuning conversations that ask it, and that answer says nothing of them.
The training data has "what are transformers in deep learning?" as a neural network question; made a
skill question there, the model trained on it lost twelve tuning conversations, a worse draw."""
NEED_WORDS = re.compile(r"\b(?:needs?|requires?)\b(?! to (?:do|be)\b)")
"""Words that ask what a role needs ("what does a bioinformatician need specifically" came out what
the role does, 0.49, its skills 0.35), not what it does ("what does it need to do all day")."""
ROLE_NEEDS_WORDS = re.compile(
    r"^(?!.*\b(?:become|becoming|be an?|get into|switch to|move into|i|i'm|im|me|my)\b)"
    r".*\b(?:does|do)\s+(?!(?:you|u|we|one)\b)[a-z][^?.!]*?\b(?:needs?|requires?)\b"
)
"""Words that ask what a role needs, the role the subject ("what does a full-stack dev need to learn"
came out the learner's skill gap, 0.29, the role's skills 0.27), not what the learner needs to become
one ("what does a data analyst need to become a data scientist") or beside what the learner has
("what do ML engineers need that I don't have yet")."""
CONTENDER = 0.2
"""The topic's question ranked at least this high is what a message naming the topic asks."""


@dataclass(frozen=True)
class Topic:
    """A question (`intent`) that the classifiers take for a broader one (`taken_for`) whatever the
    `words` that name it."""

    taken_for: frozenset[str]
    intent: str
    words: re.Pattern[str]
    contender: float = CONTENDER
    """How high the classifiers must rank `intent` for the words to decide."""


TOPICS = (
    Topic(frozenset({"ask_role"}), "ask_salary", PAY_WORDS),
    Topic(frozenset({"ask_role"}), "ask_role_skills", NEED_WORDS),
    Topic(frozenset({"ask_skill_gap"}), "ask_role_skills", ROLE_NEEDS_WORDS),
    Topic(
        frozenset({"ask_role_skills", "ask_skills"}), "ask_software_engineering", SOFTWARE_ENGINEERING_WORDS
    ),
    Topic(frozenset({"ask_role_skills", "ask_skills"}), "ask_programming_languages", LANGUAGE_WORDS),
    Topic(frozenset({"ask_neural_networks"}), "ask_skill", TRANSFORMER_WORDS, contender=0.0),
)


def named_topic(message: Message) -> Ranked | None:
    """The ranking entry of the question whose topic the message's words name, when the classifiers
    took it for the broader question and ranked it a contender."""
    top = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
    text = (message.get(TEXT) or "").lower()
    for topic in TOPICS:
        if top not in topic.taken_for or not topic.words.search(text):
            continue
        ranked = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get(INTENT_NAME_KEY) == topic.intent]
        if ranked and ranked[0].get(PREDICTED_CONFIDENCE_KEY, 0.0) >= topic.contender:
            return ranked[0]
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TopicWordsIntent(IntentRereader):
    """Sets the question whose topic a message's words name (see the module docstring)."""

    def chosen(self, message: Message) -> Ranked | None:
        return named_topic(message)
