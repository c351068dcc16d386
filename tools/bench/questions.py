"""What the load generator asks: learner questions that make the bot query the knowledge store.

They come from the tuning set (evaluation/dev.yml), free to read, written like real learners' questions
and never trained on; only the intents answered from the store, so every turn runs a custom action.
Greetings would measure Rasa's fast path, not what learners wait for.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from launcher import settings

SOURCE = settings.ROOT / "evaluation" / "dev.yml"
STORE_INTENTS = (
    "ask_roles",
    "ask_role",
    "ask_role_skills",
    "ask_skill",
    "ask_skill_roles",
    "ask_salary",
    "ask_courses",
    "ask_applications",
    "ask_education",
    "recommend_role",
    "ask_skill_gap",
    "compare_roles",
)
ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


def plain(example: str) -> str:
    """An NLU example as a learner types it: `[data scientist](role)` becomes `data scientist`."""
    return ANNOTATION.sub(lambda m: m.group(1) or m.group(2), example).strip()


def learner_questions(source: Path = SOURCE, intents: tuple[str, ...] = STORE_INTENTS) -> list[str]:
    """The examples of `intents` in an NLU file, plain, interleaved intent by intent so that any
    run of consecutive turns asks about several topics."""
    data = yaml.safe_load(source.read_text()) or {}
    by_intent: dict[str, list[str]] = {}
    for block in data.get("nlu") or []:
        if block.get("intent") in intents:
            lines = (line.strip() for line in str(block.get("examples", "")).splitlines())
            found = [plain(line[2:]) for line in lines if line.startswith("- ")]
            by_intent.setdefault(block["intent"], []).extend(q for q in found if q)
    queues = [by_intent[i] for i in intents if by_intent.get(i)]
    if not queues:
        raise ValueError(f"no examples of {', '.join(intents)} in {source}")
    longest = max(len(q) for q in queues)
    return [q[n] for n in range(longest) for q in queues if n < len(q)]
