"""What the benchmark reads from /proc and what it asks: real processes and files, no timing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.bench.measure import component_seconds, cpu_seconds, rss_bytes, timed_training, tree, tree_rss
from tools.bench.questions import learner_questions, plain


def test_a_process_tree_holds_its_children_and_their_memory() -> None:
    grandchild = "import sys, time; print('up', flush=True); time.sleep(60)"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time; "
            f"g = subprocess.Popen([sys.executable, '-c', {grandchild!r}], stdout=subprocess.PIPE, "
            "text=True); "
            "print(g.stdout.readline().strip(), g.pid, flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        word, pid = child.stdout.readline().split()  # the grandchild is up
        assert word == "up"
        assert tree(child.pid) == [child.pid, int(pid)]
        assert tree_rss(child.pid) > rss_bytes(child.pid) > 0  # the grandchild's memory counts too
        assert rss_bytes(int(pid)) > 0
    finally:
        for each in reversed(tree(child.pid)):
            os.kill(each, 9)
        child.wait()
    assert tree_rss(child.pid) == 0 and rss_bytes(child.pid) == 0


def test_cpu_time_counts_what_a_process_tree_used() -> None:
    burner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; sum(range(40_000_000)); print('done', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert burner.stdout is not None and burner.stdout.readline() == "done\n"
        assert cpu_seconds(burner.pid) > 0.1
    finally:
        burner.kill()
        burner.wait()
    assert cpu_seconds(burner.pid) == 0


def test_a_failed_training_is_an_error_naming_its_log(tmp_path: Path) -> None:
    log = tmp_path / "train.log"
    with pytest.raises(RuntimeError, match="train.log"):
        timed_training(
            [sys.executable, "-c", "print('boom'); raise SystemExit(3)"], tmp_path, dict(os.environ), log
        )
    assert "boom" in log.read_text()
    done = timed_training(
        [sys.executable, "-c", "x = bytearray(50_000_000)"], tmp_path, dict(os.environ), log
    )
    assert done.seconds > 0 and done.peak_bytes > 0


def test_questions_are_plain_store_questions_interleaved_by_intent(tmp_path: Path) -> None:
    assert plain('what does a [data scientist](role) earn in the [UK]{"entity": "country"}?') == (
        "what does a data scientist earn in the UK?"
    )
    nlu = tmp_path / "nlu.yml"
    nlu.write_text(
        "nlu:\n- intent: greet\n  examples: |\n    - hi\n"
        "- intent: ask_role\n  examples: |\n    - what does a [data analyst](role) do\n    - r2\n    - r3\n"
        "- intent: ask_salary\n  examples: |\n    - s1\n"
    )
    assert learner_questions(nlu, ("ask_role", "ask_salary")) == [
        "what does a data analyst do",
        "s1",
        "r2",
        "r3",
    ]
    with pytest.raises(ValueError):
        learner_questions(nlu, ("ask_courses",))


def test_the_benchmark_asks_the_tuning_sets_store_questions() -> None:
    questions = learner_questions()
    assert len(questions) > 50
    assert not any("](" in q or q.lower() in ("hi", "hello") for q in questions)


def test_training_time_by_component_is_read_from_rasas_log() -> None:
    hooks = "INFO     rasa.engine.training.hooks  -"
    log = f"""2026-12-02 21:09:40 {hooks} Starting to train component 'SpacyNLP'.
2026-12-02 21:09:41 {hooks} Finished training component 'SpacyNLP'.
Epochs: 100%|| 100/100 [08:38<00:00]
2026-12-02 21:10:00 {hooks} Starting to train component 'DIETClassifier'.
2026-12-02 21:18:43 {hooks} Finished training component 'DIETClassifier'.
2026-12-02 21:18:43 {hooks} Starting to train component 'EntityFilter'.
"""
    assert component_seconds(log) == {"SpacyNLP": 1, "DIETClassifier": 523}
