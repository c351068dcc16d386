"""Runs a model's graph node after node, as Rasa's Dask runner does, without Dask's scheduling.

Rasa runs its graph three times a message (the NLU, and each prediction of the next action) with
Dask's synchronous scheduler, which builds, orders and schedules the graph as tasks on every run:
about 1 ms of CPU a message here (docs/performance.md). `SequentialGraphRunner` runs the same
nodes, built the same way, with the same inputs and outputs: each node once its inputs are done, in
an order worked out once per set of targets. `install` makes Rasa load every model with it.
"""

from __future__ import annotations

from graphlib import TopologicalSorter
from typing import Any

import rasa.core.processor
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import ExecutionContext, GraphNodeHook, GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.storage import ModelStorage


class SequentialGraphRunner(DaskGraphRunner):
    """Rasa's `DaskGraphRunner` with its `run` done without Dask."""

    def __init__(
        self,
        graph_schema: GraphSchema,
        model_storage: ModelStorage,
        execution_context: ExecutionContext,
        hooks: list[GraphNodeHook] | None = None,
    ) -> None:
        super().__init__(graph_schema, model_storage, execution_context, hooks)
        self._orders: dict[tuple[str, ...], list[str]] = {}

    def order(self, targets: list[str]) -> list[str]:
        """The nodes the targets need, each after the nodes it needs."""
        key = tuple(targets)
        if key not in self._orders:
            nodes = self._graph_schema.minimal_graph_schema(targets).nodes
            needs = {
                name: [need for need in node.needs.values() if need in nodes] for name, node in nodes.items()
            }
            self._orders[key] = list(TopologicalSorter(needs).static_order())
        return self._orders[key]

    def run(self, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict[str, Any]:
        """Runs the graph (see Rasa's `GraphRunner.run`): each node gets its needs' `(name, output)`,
        or the bare name of a need nothing provides, as under Dask."""
        run_targets = targets if targets else self._graph_schema.target_names
        order = self.order(run_targets)
        done: dict[str, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and value in order:
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure that none of the input "
                    f"names passed to the `run` method are the same as node names in the graph schema."
                )
            done[name] = (name, value)
        try:
            for name in order:
                if name not in done:  # an input of the same name stands in for the node, as under Dask
                    needs = self._graph_schema.nodes[name].needs.values()
                    done[name] = self._instantiated_nodes[name](*(done.get(need, need) for need in needs))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(done.get(target, target) for target in run_targets)


def install() -> None:
    """Makes Rasa's message processor load models with `SequentialGraphRunner`."""
    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner  # type: ignore[misc]
