"""`make bench`: measures our bot and the stock bot in one run and writes docs/performance.md.

In order: both trainings from scratch, timed (ours into build/bench/models with a cache of its own,
never build/rasa-cache; on a fresh clone its model is then put in models/ where `make run` would train
the same one, so the clone trains once); our model as `make run` prepares it;
each bot started, timed to its first answer, loaded at each level, then one long conversation; each
server's memory; and, when PostgreSQL and Redis are installed, our Rasa server as 1 and as 2
processes on them. One bot runs at a time, so they never compete with each other for the cores.
The raw figures go to build/bench/results.json, from which `--report-only` renders the report again.

Usage: python -m tools.bench [--seconds S] [--levels 1 10 50] [--long-turns N] [--no-training]
       [--no-scaleout] [--no-profile] [--report-only]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from launcher import settings
from launcher.prepare import prepare
from launcher.servers import Server, Stack, StackConfig, free_port
from tools.bench import report, stock
from tools.bench.load import measure_levels
from tools.bench.measure import Training, cpu_seconds, timed_training, tree_rss
from tools.bench.questions import learner_questions

ROOT = settings.ROOT
BENCH = ROOT / "build" / "bench"
RESULTS = BENCH / "results.json"
HOST = "127.0.0.1"


def say(line: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} bench: {line}", flush=True)


def train_ours() -> dict[str, float]:
    """`rasa train --force` of this project, as prepare runs it, into build/bench/models."""
    cache = BENCH / "cache-ours"
    shutil.rmtree(cache, ignore_errors=True)
    command = [
        str(settings.VENV_BIN / "rasa"),
        "train",
        "--force",
        "--out",
        str(BENCH / "models"),
        "--fixed-model-name",
        "ours",
    ]
    env = {**settings.child_env(), "RASA_CACHE_DIRECTORY": str(cache)}
    done = timed_training(command, ROOT, env, BENCH / "logs" / "train-ours.log")
    shutil.rmtree(cache, ignore_errors=True)
    return figures(done)


def prepare_inputs() -> Path | None:
    """What `prepare` does before training (store, spaCy pipeline, vectors); returns the model
    `prepare` would train if it is missing, so that the timed training can stand in for it."""
    from launcher.prepare import build_spacy, load_store, model_path, training_fingerprint
    from nlp.sentence_vectors import fetch

    load_store()
    build_spacy()
    fetch()
    model = model_path(training_fingerprint())
    return None if model.exists() else model


def adopt(model: Path) -> None:
    """Puts the timed training's model where `prepare` looks for it, when the inputs it was trained
    from are still those `model` is named by: a fresh clone then trains once, not twice."""
    from launcher.prepare import model_path, training_fingerprint

    if model_path(training_fingerprint()) == model and not model.exists():
        model.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(BENCH / "models" / "ours.tar.gz", model)


def figures(done: Training) -> dict[str, float]:
    return {
        "seconds": round(done.seconds, 1),
        "peak_gb": round(done.peak_bytes / 1e9, 2),
        "components": done.components,
    }


def first_answer(url: str, deadline: float = 120.0) -> None:
    """Waits until the REST channel at `url` answers a learner question."""
    import urllib.request

    body = json.dumps({"sender": "bench-first", "message": "what does a data scientist do?"}).encode()
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        request = urllib.request.Request(
            f"{url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                if json.loads(response.read()):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} gave no answer within {deadline:.0f} s")


def load(url: str, args: argparse.Namespace, questions: list[str], pids: dict[str, int]) -> dict[str, Any]:
    """The load levels and the long conversation against the REST channel at `url`, with the CPU
    time of the servers in `pids` (name: process id)."""

    def cpu() -> dict[str, float]:
        return {name: cpu_seconds(pid) for name, pid in pids.items()}

    levels, long = asyncio.run(
        measure_levels(url, questions, args.levels, args.turns, args.seconds, args.long_turns, cpu)
    )
    return {"levels": [level.summary() for level in levels], "long": long}


def our_stack(model: Path, env: dict[str, str] | None = None, name: str = "ours") -> Stack:
    run_dir = BENCH / "run" / name
    tracker = run_dir / "tracker.db"
    tracker.unlink(missing_ok=True)
    return Stack(
        StackConfig(
            model=model,
            run_dir=run_dir,
            host=HOST,
            rasa_port=free_port(HOST),
            action_port=free_port(HOST),
            tracker_db=tracker,
            env=env or {},
        )
    )


def bench_ours(args: argparse.Namespace, questions: list[str]) -> dict[str, Any]:
    """Our bot as a second `make run` starts it: prepare (up to date), both servers, first answer."""
    began = time.monotonic()
    stack = our_stack(prepare())
    try:
        stack.start()
        first_answer(stack.rasa_url)
        started = time.monotonic() - began
        say(f"ours answered {started:.1f} s after start; loading it")
        pids = {name: server.process.pid for name, server in stack.servers.items()}  # type: ignore[union-attr]
        found = load(stack.rasa_url, args, questions, pids)
        found["start_to_answer_s"] = round(started, 1)
        found["rss_gb"] = {
            name: round(tree_rss(server.process.pid) / 1e9, 2)  # type: ignore[union-attr]
            for name, server in stack.servers.items()
        }
        return found
    finally:
        stack.stop()


def bench_stock(args: argparse.Namespace, questions: list[str]) -> dict[str, Any]:
    server: Server = stock.server(BENCH / "stock", BENCH / "logs" / "stock.log")
    began = time.monotonic()
    try:
        server.start()
        url = stock.url_of(server)
        first_answer(url)
        started = time.monotonic() - began
        say(f"stock answered {started:.1f} s after start; loading it")
        assert server.process is not None
        found = load(url, args, questions, {"rasa": server.process.pid})
        found["start_to_answer_s"] = round(started, 1)
        found["rss_gb"] = {"rasa": round(tree_rss(server.process.pid) / 1e9, 2)}
        return found
    finally:
        server.signal(signal.SIGTERM)
        server.wait_stopped(time.monotonic() + 15)


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds a load level lasts")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50], help="conversations at once")
    parser.add_argument("--turns", type=int, default=10, help="messages a conversation")
    parser.add_argument("--long-turns", type=int, default=400, help="turns of the long conversation")
    parser.add_argument("--no-training", action="store_true", help="keep the last run's training figures")
    parser.add_argument("--no-scaleout", action="store_true", help="keep the last run's 1 vs 2 processes")
    parser.add_argument("--profile-turns", type=int, default=200, help="turns of the profiled conversation")
    parser.add_argument("--no-profile", action="store_true", help="keep the last run's CPU profile")
    parser.add_argument("--report-only", action="store_true", help="render the last run's results")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    settings.quiet_this_process()
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if args.report_only:
        report.write(previous, args.out)
        return 0
    began = time.monotonic()
    questions = learner_questions()
    results: dict[str, Any] = {
        "settings": {
            k: v for k, v in vars(args).items() if k in ("seconds", "levels", "turns", "long_turns")
        },
        "questions": len(questions),
        # What else was running when the run began (1.0 is one busy core; 2 cores here).
        "load_before": round(os.getloadavg()[0], 2),
    }
    say("preparing our store and spaCy pipeline as make run does")
    unprepared = prepare_inputs()
    fresh_stock = not args.no_training or not stock.model(BENCH / "stock").exists()
    if fresh_stock:
        stock.create(BENCH / "stock")
        say("training the stock bot (rasa train --force)")
        done = stock.train(BENCH / "stock", BENCH / "cache-stock", BENCH / "logs" / "train-stock.log")
        results["train_stock"] = figures(done)
    if not args.no_training:
        say("training ours (rasa train --force into build/bench/models)")
        results["train_ours"] = train_ours()
        if unprepared:
            adopt(unprepared)
    say("preparing our model as make run does")
    prepare()
    for key in ("train_ours", "train_stock"):
        if key not in results and key in previous:
            results[key] = {**previous[key], "from_earlier_run": True}
    say("our bot")
    results["ours"] = bench_ours(args, questions)
    if not args.no_profile:
        from tools.bench.profile import profile

        say(f"profiling our Rasa server's graph over {args.profile_turns} turns")
        results["profile"] = profile(prepare(), questions, args.profile_turns, BENCH / "run" / "profile")
    elif "profile" in previous:
        results["profile"] = previous["profile"]
    say("the stock bot")
    results["stock"] = bench_stock(args, questions)
    if args.no_scaleout:
        if "scaleout" in previous:
            results["scaleout"] = {**previous["scaleout"], "from_earlier_run": True}
    else:
        from tools.bench.scaleout import bench_scaleout

        say("1 vs 2 Rasa processes on PostgreSQL + Redis")
        results["scaleout"] = bench_scaleout(args, questions, our_stack)
    results["minutes"] = round((time.monotonic() - began) / 60, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1))
    report.write(results, args.out)
    say(f"done in {results['minutes']} min: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
