"""Held-out messages parsed by a trained model the way the running bot parses them.

For each message: the true intent and entities (from evaluation/heldout.yml), the intent the bot acts
on (`nlu_fallback` possible), the classifier's own intent with the fallback undone (Rasa's convention
in `rasa test nlu`), its confidence, and every extractor's entities.

A message alone is the start of a conversation, so a `follow_up` ("what about data analysts?") is
scored as the question the bot answers with nothing asked before (actions/followup.py: describing a
role, explaining a skill…), which is what the held-out sets label it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import structlog

Prediction = dict[str, Any]


def heldout_examples(path: Path) -> list[dict[str, Any]]:
    """Text, intent and annotated entities (with character spans) of each held-out example."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for message in load_data(str(path)).intent_examples:
        examples.append(
            {
                "text": message.get("text"),
                "intent": message.get("intent"),
                "entities": [
                    {k: e[k] for k in ("entity", "start", "end", "value")}
                    for e in message.get("entities") or []
                ],
            }
        )
    return examples


def shared_messages(path: Path, other: Path) -> list[str]:
    """The messages of the set at `path` that `other` (NLU data: a file or folder) also has, case aside."""
    from rasa.shared.nlu.training_data.loading import load_data

    known = {m.get("text").strip().lower() for m in load_data(str(other)).intent_examples}
    return [e["text"] for e in heldout_examples(path) if e["text"].strip().lower() in known]


async def _parse_all(model: Path, examples: list[dict[str, Any]]) -> list[Prediction]:
    from rasa.core.agent import Agent
    from rasa.nlu.classifiers import fallback_classifier

    from server import graph_runner

    logging.getLogger("rasa").setLevel(logging.ERROR)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    graph_runner.install()  # the model run as the server runs it
    agent = Agent.load(str(model))
    predictions = []
    for example in examples:
        parsed = await agent.parse_message(example["text"])
        classifier = parsed
        if fallback_classifier.is_fallback_classifier_prediction(parsed):
            classifier = fallback_classifier.undo_fallback_prediction(parsed)
        predictions.append(
            {
                **example,
                "acted": as_asked(parsed["intent"]["name"], parsed.get("entities", [])),
                "predicted": as_asked(classifier["intent"]["name"], parsed.get("entities", [])),
                "confidence": classifier["intent"]["confidence"],
                "ranking": [[r["name"], r["confidence"]] for r in classifier.get("intent_ranking", [])[:3]],
                "predicted_entities": [
                    {k: e.get(k) for k in ("entity", "start", "end", "value", "extractor")}
                    for e in parsed.get("entities", [])
                ],
            }
        )
    return predictions


def as_asked(intent: str, entities: list[dict[str, Any]]) -> str:
    """The question the bot answers for `intent` as a conversation's first message."""
    from actions.followup import FIRST_QUESTION, FOLLOW_UP, follow_up_topic

    if intent != FOLLOW_UP:
        return intent
    found = {str(e.get("entity")) for e in entities}
    return follow_up_topic(None, [kind for kind in FIRST_QUESTION if kind in found]) or intent


def parse_heldout(model: Path, heldout: Path, out: Path) -> list[Prediction]:
    """Parses every held-out example with `model`, writes them to `out` (JSON) and returns them."""
    predictions = asyncio.run(_parse_all(model, heldout_examples(heldout)))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(predictions, indent=1))
    return predictions
