"""The two policies, trained on the project's rules and stories, predict what Rasa's own
MemoizationPolicy and RulePolicy trained on the same data predict, at every step of a long
conversation: the same action with the same confidence, and the same rule behind it."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import StoryGraph
from rasa.shared.importers.importer import TrainingDataImporter

from launcher.settings import ROOT
from policies.incremental import IncrementalMemoizationPolicy, IncrementalRulePolicy, memorised_length


def trained(kind: type[Policy], storage: LocalModelStorage, config: dict, trackers: list, domain) -> Policy:
    context = ExecutionContext(GraphSchema({}), "test")
    policy = kind.create({**kind.get_default_config(), **config}, storage, Resource(kind.__name__), context)
    policy.train(trackers, domain)
    return policy


def assert_same_predictions(
    domain: Domain, trackers: list, tmp_path: Path, turns: int = 120, opening: Sequence[Event] = ()
) -> list[PolicyPrediction]:
    """Rasa's policies and ours, trained on `trackers`, through a long conversation: the `opening`
    events (compared before each of its actions), then random intents, each message's actions taken
    from the predictions until the bot listens. Returns Rasa's memoization predictions."""
    storage = LocalModelStorage(tmp_path)
    rule_config = {"core_fallback_threshold": 0.3, "enable_fallback_prediction": True}
    pairs = [
        (
            trained(MemoizationPolicy, storage, {}, trackers, domain),
            trained(IncrementalMemoizationPolicy, storage, {}, trackers, domain),
        ),
        (
            trained(RulePolicy, storage, rule_config, trackers, domain),
            trained(IncrementalRulePolicy, storage, rule_config, trackers, domain),
        ),
    ]
    memorised: list[PolicyPrediction] = []

    def predictions(tracker: DialogueStateTracker) -> list[PolicyPrediction]:
        found = []
        for rasas, ours in pairs:
            expected = rasas.predict_action_probabilities(tracker, domain)
            got = ours.predict_action_probabilities(tracker, domain)
            assert got.probabilities == expected.probabilities
            assert got.policy_name.removeprefix("Incremental") == expected.policy_name
            found.append(expected)
        memorised.append(found[0])
        return found

    draw = random.Random(8)
    tracker = DialogueStateTracker.from_events("learner", [ActionExecuted(ACTION_LISTEN_NAME)], domain.slots)
    for event in opening:
        if isinstance(event, ActionExecuted):
            predictions(tracker)
        tracker.update(event)
    for number in range(turns):
        intent = draw.choice(domain.intents)
        tracker.update(UserUttered(f"message {number}", {"name": intent, "confidence": 0.9}))
        for _ in range(4):  # the actions Rasa's rules run after a message, then listening
            best = max(predictions(tracker), key=lambda p: max(p.probabilities))
            action = domain.action_names_or_texts[best.probabilities.index(max(best.probabilities))]
            tracker.update(ActionExecuted(action))
            if action == ACTION_LISTEN_NAME:
                break
    return memorised


def project_data() -> tuple[Domain, list]:
    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"),
        str(ROOT / "domain.yml"),
        [str(ROOT / "data" / "rules"), str(ROOT / "data" / "stories")],
    )
    domain = importer.get_domain()
    return domain, TrainingDataGenerator(importer.get_stories(), domain, augmentation_factor=0).generate()


def test_the_projects_rules_and_stories(tmp_path: Path) -> None:
    domain, trackers = project_data()
    assert_same_predictions(domain, trackers, tmp_path)


def test_a_conversation_that_follows_a_story_then_goes_on_past_it(tmp_path: Path) -> None:
    """Memoization recalls the story's actions while the conversation is the story, and nothing once
    it is longer than every story (where ours looks at one state more than the longest)."""
    domain, trackers = project_data()
    story = max((t for t in trackers if not t.is_rule_tracker), key=lambda t: len(t.events))
    memorised = assert_same_predictions(domain, trackers, tmp_path, turns=30, opening=list(story.events)[1:])
    assert any(max(p.probabilities) > 0 for p in memorised[:5])
    assert not any(max(p.probabilities) > 0 for p in memorised[-20:])


LONGER_RULES = """
version: "3.1"
rules:
- rule: a greeting that opens the conversation
  conversation_start: true
  steps: [{intent: greet}, {action: utter_welcome}]
- rule: a greeting later
  steps: [{intent: greet}, {action: utter_again}]
- rule: b right after a
  steps: [{action: utter_a}, {intent: ask_b}, {action: utter_b_after_a}]
- rule: b alone
  steps: [{intent: ask_b}, {action: utter_b}]
- rule: a alone
  steps: [{intent: ask_a}, {action: utter_a}]
"""
LONGER_DOMAIN = """
version: "3.1"
intents: [greet, ask_a, ask_b]
responses:
  utter_welcome: [{text: welcome}]
  utter_again: [{text: again}]
  utter_a: [{text: a}]
  utter_b: [{text: b}]
  utter_b_after_a: [{text: b after a}]
"""


def test_rules_longer_than_a_step_and_one_for_the_conversations_start(tmp_path: Path) -> None:
    domain = Domain.from_yaml(LONGER_DOMAIN)
    steps = YAMLStoryReader(domain).read_from_string(LONGER_RULES)
    trackers = TrainingDataGenerator(StoryGraph(steps), domain, augmentation_factor=0).generate()
    assert_same_predictions(domain, trackers, tmp_path)


def test_a_memorised_keys_length_is_its_number_of_states(tmp_path: Path) -> None:
    states = [{}, {"user": {"intent": "greet"}, "prev_action": {"action_name": "action_listen"}}]
    states.append({"slots": {"role": (1.0,)}, "prev_action": {"action_name": "utter_greet"}})
    for compressed in (True, False):
        config = {**MemoizationPolicy.get_default_config(), "enable_feature_string_compression": compressed}
        context = ExecutionContext(GraphSchema({}), "test")
        policy = MemoizationPolicy(config, LocalModelStorage(tmp_path), Resource("memo"), context)
        for count in range(1, 4):
            assert memorised_length(policy._create_feature_key(states[:count]), compressed) == count
