"""`python -m server run ...` (or `shell ...`): Rasa's own CLI, with this project's guards installed.

Rasa's `serve_application` takes `server_listeners`, and `rasa run` and `rasa shell` pass every
parsed argument on to it; so the guards go in as a default of Rasa's own argument parser and Rasa's
CLI does the rest unchanged. Models are run by `server.graph_runner` (Rasa's nodes, without Dask).
"""

from __future__ import annotations

import argparse

import rasa.__main__

from server import graph_runner
from server.guards import guard_on_start

LISTENERS = [(guard_on_start, "after_server_start")]
_rasa_parser = rasa.__main__.create_argument_parser


def parser_with_guards() -> argparse.ArgumentParser:
    """Rasa's argument parser, whose commands all carry the guards' server listener."""
    parser = _rasa_parser()
    parser.set_defaults(server_listeners=LISTENERS)
    return parser


if __name__ == "__main__":
    graph_runner.install()
    rasa.__main__.create_argument_parser = parser_with_guards
    rasa.__main__.main()
