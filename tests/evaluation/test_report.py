"""The report judges each target on both held-out sets, from tiny inputs."""

from dataclasses import replace
from pathlib import Path

import pytest

from evaluation.conversations import Scores
from evaluation.entities import LabelScore
from evaluation.metrics import intent_scores, scope_scores
from evaluation.report import ConfigResults, SetScores, markdown, targets


def _label(tp: int, fp: int, fn: int) -> LabelScore:
    return LabelScore("x", tp, fp, fn)


Pair = tuple[str, str]
Counts = tuple[int, int, int]


def _set(pairs: list[Pair], acted: list[Pair], role: Counts, skill: Counts) -> SetScores:
    return SetScores(
        intent_scores(pairs), scope_scores(acted), {"role": _label(*role), "skill": _label(*skill)}
    )


def _results(name: str, heldout: SetScores, untouched: SetScores) -> ConfigResults:
    return ConfigResults(
        name=name,
        title=name,
        config_file=f"{name}.yml",
        cross_validation=heldout.intents,
        heldout=heldout,
        entities_read=heldout.entities,
        seconds={"training": 60.0, "cross_validation": 300.0},
        confusions=[],
        untouched=untouched,
        conversations={
            "tuning": Scores(9, 10, 4, 5, {"ellipsis": (4, 5)}),
            "untouched": Scores(17, 20, 6, 8, {"ellipsis": (2, 3), "mixed": (4, 5)}),
        },
        conversation_mistakes=["c1 (ellipsis) turn 2 “and them?”: answered nlu_fallback, not ask_role"],
    )


RIGHT, WRONG = ("a", "a"), ("a", "b")
# Ours: 1 error in 20 on the held-out set, 3 in 20 on the untouched one; the default: 2 in 20 on both.
OURS = _results(
    "ours",
    _set([RIGHT] * 19 + [WRONG], [("out_of_scope", "nlu_fallback")], (19, 1, 0), (10, 10, 0)),
    _set([RIGHT] * 17 + [WRONG] * 3, [("out_of_scope", "a")], (9, 1, 0), (19, 1, 0)),
)
DEFAULT = _results(
    "default",
    _set([RIGHT] * 18 + [WRONG] * 2, [("out_of_scope", "a")], (1, 1, 1), (1, 1, 1)),
    _set([RIGHT] * 18 + [WRONG] * 2, [("out_of_scope", "a")], (1, 1, 1), (1, 1, 1)),
)


def test_each_target_is_judged_on_both_sets() -> None:
    judged = {t.what: (t.heldout.met, t.untouched.met) for t in targets(OURS, DEFAULT)}
    assert judged["intent error rate"] == (True, False)  # 0.05 ≤ 0.10 / 2; 0.15 > 0.10 / 2
    assert judged["entity F1, role"] == (True, False)  # 0.974; 0.947
    assert judged["entity F1, skill"] == (False, True)  # 0.667; 0.974
    assert judged["out-of-scope recall"] == (True, False)
    # The in-scope yardstick is a held-out figure from before the tuning: none for the untouched set.
    assert judged["in-scope accuracy kept"][1] is None


def test_the_report_shows_both_verdicts_and_how_the_sets_relate() -> None:
    report = _report("minimal")
    row = next(line for line in report.splitlines() if line.startswith("| intent error rate"))
    assert "0.050 (0.50× the default's 0.100) | met" in row
    assert "0.150 (1.50× the default's 0.100) | **missed**" in row
    assert "3 of them" in report and "| ours | 3/20 |" in report
    assert "| ours | untouched | 6/8 (75.0%) | 17/20 (85.0%) |" in report
    assert "| mixed | 4/5 | 4/5 |" in report
    assert "- c1 (ellipsis) turn 2 “and them?”: answered nlu_fallback, not ask_role" in report


IMAGES = {"per_intent": "p.png", "confusion": "c.png", "histogram": "h.png"}
EXPECTED = Path(__file__).parent / "expected"


def _report(kind: str) -> str:
    """The report of the tiny results above: bare, or with every optional part filled in."""
    if kind == "minimal":
        return markdown(OURS, DEFAULT, IMAGES, "notes", 20, 3, 20, "now", None)
    ours = replace(
        OURS,
        title="our config",
        confusions=[(("a", "b"), 1), (("c", "a"), 2)],
        seconds={"training": 95.0, "cross_validation": 1234.0},
    )
    default = replace(
        DEFAULT, title="Rasa <default> & co", seconds={"training": 30.0, "cross_validation": 89.0}
    )
    notes = "\n  ## Notes\n\nSome *notes* with <html> & {{ braces }}.\n\n"
    return markdown(ours, default, IMAGES, notes, 20, 3, 20, "2024-01-01 00:00 UTC", 7300.0)


@pytest.mark.parametrize("kind", ["minimal", "full"])
def test_the_report_reads_as_the_hand_built_tables_did(kind: str) -> None:
    """expected/ holds what report.py wrote before the template: Markdown untouched, escapes and all."""
    assert _report(kind) == (EXPECTED / f"report_{kind}.md").read_text()


def test_a_run_without_cross_validation_says_so_and_shows_no_cv_figures() -> None:
    ours, default = (replace(c, cross_validation=None, seconds={"training": 60.0}) for c in (OURS, DEFAULT))
    report = markdown(ours, default, IMAGES, "notes", 20, 3, 20, "now", None)
    assert "`make eval CV=1` adds it" in report
    assert "5-fold CV" not in report and "ours CV" not in report
    assert "| ours | held-out | 0.950 |" in report
    assert "| intent | held-out examples | ours held-out | default held-out |" in report
    assert "| ours | 60 s | not run | 1.0× |" in report
