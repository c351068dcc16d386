"""Role-like names no extractor recognised ("what skills does a zookeeper need?"), so the actions can
say the store has no such role instead of answering about another; and the words that are never
such a name ("they", "people", "beginners", "experience")."""

from __future__ import annotations

import re

NAMED_ROLE_PATTERNS = (
    # "what does a zookeeper do", "how much does an actuary earn", "what skills do plumbers need"
    re.compile(
        r"\b(?:does|do|would|will|can|could|should|did)\s+(?:a |an |the )?([a-z][a-z-]*(?: [a-z-]+){0,2}?)"
        r"\s+(?:do|need|earn|make|get|learn|study|know|require|have|use)\b"
    ),
    # "to become a beekeeper", "I want to be an astronaut"
    re.compile(r"\b(?:become|becoming|be)\s+(?:a|an)\s+([a-z][a-z-]*(?: [a-z-]+){0,2}?)\s*(?:[?.!,]|$)"),
    # "what about firefighters?"
    re.compile(
        r"^(?:and |so )?(?:what|how) about (?:a |an |the )?([a-z][a-z-]*(?: [a-z-]+){0,2}?)\s*[?.!]*$"
    ),
)
REFERRING_WORDS = {
    "they",
    "them",
    "he",
    "she",
    "it",
    "you",
    "i",
    "me",
    "my",
    "we",
    "us",
    "people",
    "someone",
    "that",
    "this",
    "those",
    "these",
    "one",
    "u",
    "ya",
    "ppl",
    "folks",
    "everyone",
    "anyone",
    "somebody",
    "such",
}
"""A name holding one of these refers back or to anyone ("they", "that role", "do u need", "ppl
usually", "would help me get there", "such a person") instead of naming a role."""
NOT_A_NAME = {
    "most",
    "all",
    "many",
    "some",
    "any",
    "of",
    "in",
    "for",
    "at",
    "on",
    "with",
    "there",
    "here",
    "not",
    "never",
    "really",
    "actually",
    "even",
    "just",
    "still",
}
"""Words a name never holds: "what did most of them study", "what about in Germany", "I do not know
where to start", "do I really need …"."""
ANYONE_WORDS = {
    "beginner",
    "beginners",
    "newbie",
    "newbies",
    "newcomer",
    "newcomers",
    "novice",
    "novices",
    "junior",
    "juniors",
    "student",
    "students",
    "graduate",
    "graduates",
    "grads",
    "fresher",
    "freshers",
    "learner",
    "learners",
    "changers",
    "company",
    "companies",
    "employer",
    "employers",
    "industry",
    "recruiters",
}
"""Words for learners or employers at large, never a role's name: "how do beginners get experience?"
had been answered "I don't have “beginners” in my notes"."""
TOPIC_WORDS = {
    "experience",
    "salary",
    "salaries",
    "pay",
    "education",
    "degree",
    "degrees",
    "course",
    "courses",
    "skills",
    "frameworks",
    "languages",
    "tools",
    "training",
}
"""What a question asks about, never a role's name: "what about experience"."""
MOVE_WORDS = {"step", "steps", "move", "moves", "option", "options", "choice", "idea", "fit", "path", "start"}
"""What a learner asks advice on, never a role's name: "what would be a good next step?" had been
answered "I don't have “good next step” in my notes"."""
ROLE_NOUNS = {"role", "job", "position", "career", "person"}
"""Nouns that refer back too ("what does the role need?")."""


def named_role_text(text: str) -> str | None:
    """A role-like name in a role question that no extractor recognised ("zookeeper"), if any."""
    lowered = " ".join(text.lower().split())
    for pattern in NAMED_ROLE_PATTERNS:
        match = pattern.search(lowered)
        if not match:
            continue
        name = match.group(1).strip()
        words = name.split()
        if (
            not set(words) & (REFERRING_WORDS | ANYONE_WORDS | NOT_A_NAME | TOPIC_WORDS | MOVE_WORDS)
            and name not in ROLE_NOUNS
        ):
            return name
    return None
