"""Multi-turn evaluation: each conversation of evaluation/conversations.yml played through a trained
model and the real action server, and each turn judged by what the bot answered and about whom.

Single messages say little about follow-ups ("and the researchers?"), so a turn is right when the
question the bot answered (the `topic` slot an action set this turn, else the intent it acted on)
is the one the learner asked, about the role (or skill) they meant: the `role` slot an action set
this turn, or none for a general answer; and for a salary, in the country they meant (the `country`
slot). A conversation is right when all its turns are.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
import yaml

from launcher import settings

CONVERSATIONS = settings.ROOT / "evaluation" / "conversations.yml"
DEV_CONVERSATIONS = settings.ROOT / "evaluation" / "conversations_dev.yml"
"""A second set (split `dev`), written later by another author blind to the training data, to tune on."""
ROLE_SLOT, SKILL_SLOT, TOPIC_SLOT, KNOWN_SKILLS_SLOT, COUNTRY_SLOT = (
    "role",
    "skill",
    "topic",
    "known_skills",
    "country",
)


@dataclass(frozen=True)
class Turn:
    """One learner message and what a right answer to it is about."""

    text: str
    intent: str
    role: str | None = None
    skill: str | None = None
    skills: tuple[str, ...] = ()
    country: str | None = None


@dataclass(frozen=True)
class Conversation:
    id: str
    kind: str
    split: str
    turns: tuple[Turn, ...]


def load_conversations(path: Path = CONVERSATIONS) -> list[Conversation]:
    """The conversations of a multi-turn set (see evaluation/conversations.yml for the format)."""
    raw = yaml.safe_load(path.read_text())["conversations"]
    return [
        Conversation(
            id=str(c["id"]),
            kind=str(c["kind"]),
            split=str(c["split"]),
            turns=tuple(
                Turn(
                    text=str(t["text"]),
                    intent=str(t["intent"]),
                    role=t.get("role"),
                    skill=t.get("skill"),
                    skills=tuple(t.get("skills") or ()),
                    country=t.get("country"),
                )
                for t in c["turns"]
            ),
        )
        for c in raw
    ]


@dataclass
class Observed:
    """What the bot did with one message, read from the events of that turn."""

    intent: str
    role: str | None
    skill: str | None
    known_skills: tuple[str, ...]
    country: str | None = None
    replies: list[str] = field(default_factory=list)


def observe(turn_events: Sequence[Mapping[str, Any]], known_skills: Iterable[str]) -> Observed:
    """The answered question and its subject from one turn's events (as `tracker.current_state`
    lists them: dicts with an `event` key), `known_skills` being the slot's value after the turn."""
    intent, slots, replies = "", {}, []
    for event in turn_events:
        kind = event.get("event")
        if kind == "user" and not intent:
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
        elif kind == "slot":
            slots[event.get("name")] = event.get("value")
        elif kind == "bot":
            replies.append(str(event.get("text") or ""))
    return Observed(
        intent=str(slots.get(TOPIC_SLOT) or intent),
        role=slots.get(ROLE_SLOT),
        skill=slots.get(SKILL_SLOT),
        known_skills=tuple(known_skills),
        country=slots.get(COUNTRY_SLOT),
        replies=replies,
    )


def mistake(turn: Turn, observed: Observed, skill_key: Callable[[str], str | None]) -> str | None:
    """Why the answer is wrong, or None when it is right. `skill_key` finds a skill's key by name."""
    if observed.intent != turn.intent:
        return f"answered {observed.intent or 'nothing'}, not {turn.intent}"
    if turn.role and observed.role != turn.role:
        return f"about {observed.role or 'no role'}, not {turn.role}"
    if not turn.role and observed.role:
        return f"about {observed.role}, not in general"
    if turn.skill and observed.skill != turn.skill:
        return f"about the skill {observed.skill or 'none'}, not {turn.skill}"
    if turn.country and observed.country != turn.country:
        return f"for {observed.country or 'no country'}, not {turn.country}"
    missing = [name for name in turn.skills if skill_key(name) not in observed.known_skills]
    if missing:
        return f"did not take in {', '.join(missing)}"
    return None


@dataclass(frozen=True)
class TurnResult:
    conversation: Conversation
    index: int
    observed: Observed
    mistake: str | None

    @property
    def turn(self) -> Turn:
        return self.conversation.turns[self.index]


async def play(
    agent: Any, conversation: Conversation, skill_key: Callable[[str], str | None]
) -> list[TurnResult]:
    """Plays one conversation with a fresh sender through `agent` (a loaded rasa Agent)."""
    sender = f"eval-{conversation.id}-{uuid.uuid4().hex[:8]}"
    results = []
    seen = 0
    for index, turn in enumerate(conversation.turns):
        await agent.handle_text(turn.text, sender_id=sender)
        tracker = await agent.tracker_store.retrieve(sender)
        events = tracker.current_state(_all_events())["events"]
        observed = observe(events[seen:], tracker.get_slot(KNOWN_SKILLS_SLOT) or ())
        seen = len(events)
        results.append(TurnResult(conversation, index, observed, mistake(turn, observed, skill_key)))
    return results


def _all_events() -> Any:
    from rasa.shared.core.trackers import EventVerbosity

    return EventVerbosity.ALL


async def play_all(
    model: Path,
    action_url: str,
    conversations: Sequence[Conversation],
    skill_key: Callable[[str], str | None],
) -> list[TurnResult]:
    """Every conversation through `model`, its actions served at `action_url` (…/webhook)."""
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    from server import graph_runner

    logging.getLogger("rasa").setLevel(logging.ERROR)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    graph_runner.install()  # the model run as the server runs it
    agent = Agent.load(str(model), action_endpoint=EndpointConfig(url=action_url))
    results: list[TurnResult] = []
    for conversation in conversations:
        results.extend(await play(agent, conversation, skill_key))
    return results


@dataclass(frozen=True)
class Scores:
    """Turns and conversations right, overall and per kind of conversation."""

    turns_right: int
    turns: int
    conversations_right: int
    conversations: int
    per_kind: dict[str, tuple[int, int]]

    @property
    def turn_rate(self) -> float:
        return self.turns_right / self.turns if self.turns else 0.0

    @property
    def conversation_rate(self) -> float:
        return self.conversations_right / self.conversations if self.conversations else 0.0


def scores(results: Sequence[TurnResult]) -> Scores:
    """Per-turn and per-conversation figures for `results` (one split, say)."""
    wrong_conversations: set[str] = set()
    kinds: dict[str, Conversation] = {}
    for result in results:
        kinds[result.conversation.id] = result.conversation
        if result.mistake:
            wrong_conversations.add(result.conversation.id)
    per_kind_total = Counter(c.kind for c in kinds.values())
    per_kind_right = Counter(c.kind for c in kinds.values() if c.id not in wrong_conversations)
    return Scores(
        turns_right=sum(1 for r in results if not r.mistake),
        turns=len(results),
        conversations_right=len(kinds) - len(wrong_conversations),
        conversations=len(kinds),
        per_kind={kind: (per_kind_right[kind], total) for kind, total in sorted(per_kind_total.items())},
    )


def evaluate(
    model: Path, action_url: str, skill_key: Callable[[str], str | None], split: str | None = None
) -> list[TurnResult]:
    """Plays the multi-turn sets (one split, or all) through `model`."""
    every = load_conversations(CONVERSATIONS) + load_conversations(DEV_CONVERSATIONS)
    conversations = [c for c in every if split is None or c.split == split]
    return asyncio.run(play_all(model, action_url, conversations, skill_key))


def store_skill_key(name: str) -> str | None:
    """A skill's key in the store by its name, as the set writes skills."""
    from actions.store.queries import knowledge

    with knowledge() as kb:
        skill = kb.find_skill(name)
        return skill.key if skill else None


def print_results(results: Sequence[TurnResult]) -> None:
    """Figures per split, then every wrong turn with its conversation so far."""
    for split in sorted({r.conversation.split for r in results}):
        figures = scores([r for r in results if r.conversation.split == split])
        print(
            f"{split}: conversations {figures.conversations_right}/{figures.conversations} "
            f"({figures.conversation_rate:.1%}), turns {figures.turns_right}/{figures.turns} "
            f"({figures.turn_rate:.1%})"
        )
        for kind, (right, total) in figures.per_kind.items():
            print(f"  {kind}: {right}/{total}")
    for result in results:
        if result.mistake:
            print(
                f"- {result.conversation.id} turn {result.index + 1} {result.turn.text!r}: {result.mistake}"
            )


def evaluate_models(models: Mapping[str, Path], split: str | None = None) -> dict[str, list[TurnResult]]:
    """Plays the multi-turn set through each model (by name), all calling one action server that
    serves the project's actions on a free port, as `make run` would."""
    import signal
    import time

    from launcher.servers import Stack, StackConfig, free_port

    run_dir = settings.ROOT / "build" / "eval" / "conversations"
    run_dir.mkdir(parents=True, exist_ok=True)
    first = next(iter(models.values()))
    stack = Stack(StackConfig(model=first, run_dir=run_dir, action_port=free_port("127.0.0.1")))
    server = stack.action_server()
    server.start()
    try:
        url = f"{stack.action_url}/webhook"
        return {name: evaluate(model, url, store_skill_key, split) for name, model in models.items()}
    finally:
        server.signal(signal.SIGTERM)
        server.wait_stopped(time.monotonic() + 10)


def main(argv: list[str] | None = None) -> int:
    """`python -m evaluation.conversations [split] [--default]`: the set through the model `make run`
    serves (and, with --default, Rasa's default config trained on the same data, as `make eval` does)."""
    import argparse

    from launcher.prepare import prepare

    parser = argparse.ArgumentParser(prog="python -m evaluation.conversations", description=main.__doc__)
    splits = ("tuning", "dev", "untouched")
    parser.add_argument("split", nargs="?", choices=splits, help="one split (default: all)")
    parser.add_argument("--default", action="store_true", help="also Rasa's default config")
    args = parser.parse_args(argv)
    settings.quiet_this_process()
    models = {"ours": prepare()}
    if args.default:
        from evaluation.measure import Config, train

        default = Config("default", "Rasa default", settings.ROOT / "evaluation" / "baseline_config.yml")
        train(default)
        models["default"] = default.model
    for name, results in evaluate_models(models, args.split).items():
        print(f"== {name}")
        print_results(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
