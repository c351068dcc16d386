"""The sequential graph runner gives what Rasa's Dask runner gives, node for node, on the real model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import rasa.core.processor
from rasa.core.channels.channel import UserMessage
from rasa.engine import loader
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from server import graph_runner
from server.graph_runner import SequentialGraphRunner

RUNNERS = (DaskGraphRunner, SequentialGraphRunner)
MESSAGES = [
    "what does a data scientist earn in germany?",
    "I know python and sql, what should I learn next?",
    "and the researchers?",
    "hi",
    "asdf qwerty",
]


Loaded = tuple[Any, Any]
"""A model's metadata and its graph runner."""


def loaded(model: Path, folder: Path, runner: type) -> Loaded:
    folder.mkdir(exist_ok=True)
    return loader.load_predict_graph_runner(folder, model, LocalModelStorage, runner)


@pytest.fixture(scope="module")
def runners(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[type, Loaded]:
    """The trained model loaded once with Rasa's runner and once with ours."""
    folder = tmp_path_factory.mktemp("graph-runner")
    return {runner: loaded(trained_model, folder / runner.__name__, runner) for runner in RUNNERS}


def parse(metadata: Any, runner: Any, text: str) -> dict[str, Any]:
    tracker = DialogueStateTracker("learner", metadata.domain.slots)
    inputs = {PLACEHOLDER_MESSAGE: [UserMessage(text, sender_id="learner")], PLACEHOLDER_TRACKER: tracker}
    [message] = runner.run(inputs=inputs, targets=[metadata.nlu_target])[metadata.nlu_target]
    return {key: message.get(key) for key in ("intent", "intent_ranking", "entities")}


def predict(metadata: Any, runner: Any, parsed: dict[str, Any], text: str) -> tuple[Any, ...]:
    events = [ActionExecuted("action_listen"), UserUttered(text, parsed["intent"], parsed["entities"])]
    tracker = DialogueStateTracker.from_events("learner", events, metadata.domain.slots)
    prediction = runner.run(inputs={PLACEHOLDER_TRACKER: tracker}, targets=[metadata.core_target])
    found = prediction[metadata.core_target]
    return found.policy_name, found.probabilities, found.events, found.is_end_to_end_prediction


def test_it_parses_and_predicts_as_rasas_runner_does(runners: dict[type, Loaded]) -> None:
    rasas, ours = runners[DaskGraphRunner], runners[SequentialGraphRunner]
    assert isinstance(ours[1], SequentialGraphRunner) and not isinstance(rasas[1], SequentialGraphRunner)
    for text in MESSAGES:
        expected = parse(*rasas, text)
        assert parse(*ours, text) == expected
        assert predict(*ours, expected, text) == predict(*rasas, expected, text)


def test_each_node_runs_after_the_nodes_it_needs(runners: dict[type, Loaded]) -> None:
    metadata, runner = runners[SequentialGraphRunner]
    for target in (metadata.nlu_target, metadata.core_target):
        order = runner.order([target])
        schema = metadata.predict_schema.minimal_graph_schema([target])
        assert set(order) == set(schema.nodes) and order[-1] == target
        for name in order:
            needed = [need for need in schema.nodes[name].needs.values() if need in schema.nodes]
            assert all(order.index(need) < order.index(name) for need in needed)


def test_a_failing_node_fails_the_run_as_under_rasas_runner(
    runners: dict[type, Loaded], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: GraphNode, *inputs: Any) -> Any:
        raise RuntimeError(f"{self._node_name} broke")

    monkeypatch.setattr(GraphNode, "__call__", broken)
    for metadata, runner in runners.values():
        with pytest.raises(GraphRunError) as failed:
            parse(metadata, runner, "hi")
        assert "broke" in str(failed.value.__cause__)


def test_an_input_named_as_a_node_is_refused(runners: dict[type, Loaded]) -> None:
    metadata, runner = runners[SequentialGraphRunner]
    with pytest.raises(GraphRunError, match="clashes with a node name"):
        runner.run(inputs={"x": metadata.nlu_target}, targets=[metadata.nlu_target])


def test_once_installed_rasa_loads_models_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rasa.core.processor, "DaskGraphRunner", DaskGraphRunner)
    graph_runner.install()
    assert rasa.core.processor.DaskGraphRunner is SequentialGraphRunner
