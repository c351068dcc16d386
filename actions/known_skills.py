"""The skills a learner has said they know: remembered, named in a statement, or named by their trade.

Every answer that uses them (the skill gap, open guidance, the roles that fit) reads them here, and
`actions/base.py` remembers them after each answer in the `known_skills` slot.
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions import cues
from actions.context import KNOWN_SKILLS_SLOT, QUESTION_WORD, Mention, distinct, entity_mentions
from actions.store.queries import Knowledge, SkillInfo
from nlp.statements import in_statement, statement_spans


def known_skill_keys(tracker: Tracker, kb: Knowledge, only_stated: bool = False) -> list[str]:
    """Skills the learner said they know: remembered ones plus those named in the latest message
    (if `only_stated`, only those it names in a statement such as "I know Python, …"; outside one, not
    a field the question is for: "What could I do in AI?"; never one they say they lack: "nothing ML
    yet"), and that of a trade they say they work as ("I'm a web developer")."""
    keys: list[str] = [str(k) for k in tracker.get_slot(KNOWN_SKILLS_SLOT) or []]
    text = tracker.latest_message.get("text") or ""
    mentions = entity_mentions(tracker, "skill")
    spans = statement_spans(text)
    mentions = [
        m
        for m in mentions
        if (in_statement(m.start, spans) or (not only_stated and not _asked_for(text, m)))
        and not (m.start is not None and cues.is_denied(text[: m.start]))
    ]
    found = [leading_skill(kb, name) for name in distinct(mentions)]
    trades = [m for m in entity_mentions(tracker, "role") if in_statement(m.start, spans)]
    found += [trade_skill(kb, trade) for trade in distinct(trades)]
    for skill in found:
        if skill and skill.key not in keys:
            keys.append(skill.key)
    return keys


def _asked_for(text: str, mention: Mention) -> bool:
    """Whether a name is the field a question is for ("What could I do in AI?"), not a skill named
    before the question ("can do regression in R and some sql. whats my next move")."""
    question = QUESTION_WORD.search(text.lower())
    return (
        question is not None
        and mention.start is not None
        and mention.start > question.start()
        and cues.is_target(text[: mention.start])
    )


TRADE_WORK = {
    "developer": "development",
    "developers": "development",
    "dev": "development",
    "engineer": "engineering",
    "analyst": "analysis",
    "tester": "testing",
    "programmer": "programming",
    "coder": "coding",
    "scientist": "science",
}
"""A trade's work: a learner who says they work as one knows the skill it names ("I'm a web developer"
knows web development)."""


def trade_skill(kb: Knowledge, trade: str) -> SkillInfo | None:
    """The skill named by the trade a learner says they work as ("web developer": Web development,
    "full-stack web developer": the same, "java developer": Java), if any."""
    words = trade.lower().split()
    if len(words) < 2 or words[-1] not in TRADE_WORK:
        return None
    field = words[:-1]
    for start in range(len(field)):
        skill = kb.find_skill(" ".join([*field[start:], TRADE_WORK[words[-1]]]))
        if skill:
            return skill
    return leading_skill(kb, " ".join(field))


def leading_skill(kb: Knowledge, text: str) -> SkillInfo | None:
    """The skill a mention names, or the one its first words name when the extractor took the noun
    after it too ("airflow pipelines", "sql queries")."""
    words = text.split()
    for end in range(len(words), 0, -1):
        skill = kb.find_skill(" ".join(words[:end]))
        if skill:
            return skill
    return None
