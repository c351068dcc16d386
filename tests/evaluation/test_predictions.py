"""The evaluation sets stay apart: none of their messages is trained on or shared with another set."""

from pathlib import Path

from evaluation.measure import DEV, HELDOUT, NLU_DATA, UNTOUCHED
from evaluation.predictions import heldout_examples, shared_messages


def test_shared_messages_ignore_case_and_annotations(tmp_path: Path) -> None:
    first, second = tmp_path / "first.yml", tmp_path / "second.yml"
    first.write_text(
        'version: "3.1"\nnlu:\n- intent: a\n  examples: |\n'
        "    - What does a [data engineer](role) do?\n    - hello\n"
    )
    second.write_text(
        'version: "3.1"\nnlu:\n- intent: b\n  examples: |\n    - what does a data engineer do?\n    - hi\n'
    )
    assert shared_messages(first, second) == ["What does a data engineer do?"]


def test_the_untouched_set_is_in_neither_the_training_data_nor_the_held_out_set() -> None:
    assert len(heldout_examples(UNTOUCHED)) > 150
    assert shared_messages(UNTOUCHED, NLU_DATA) == []
    assert shared_messages(UNTOUCHED, HELDOUT) == []


def test_the_tuning_set_is_in_neither_the_training_data_nor_the_held_out_sets() -> None:
    assert len(heldout_examples(DEV)) > 200
    assert shared_messages(DEV, NLU_DATA) == []
    assert shared_messages(DEV, HELDOUT) == []
    assert shared_messages(DEV, UNTOUCHED) == []
