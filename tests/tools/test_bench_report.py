"""docs/performance.md as the benchmark renders it: the figures, the ratios and every target judged
on them, from made-up results (no server, no timing)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from tools.bench import report


def level(n: int, throughput: float, p95: float) -> dict[str, Any]:
    return {
        "conversations": n,
        "messages": int(throughput * 20),
        "failures": 0,
        "seconds": 20.0,
        "throughput": throughput,
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "p99_ms": p95 * 1.5,
        "cpu_ms_per_message": {"rasa": 20.0, "actions": 2.0},
    }


def results(ours_10: float = 90.0, late: float = 0.1) -> dict[str, Any]:
    long_ours = [0.05] * 300 + [late] * 100
    return {
        "settings": {"seconds": 20.0, "levels": [1, 10, 50], "turns": 10, "long_turns": 400},
        "questions": 120,
        "minutes": 14.2,
        "train_ours": {"seconds": 110.0, "peak_gb": 1.9},
        "train_stock": {"seconds": 50.0, "peak_gb": 1.2},
        "ours": {
            "levels": [level(1, 30.0, 60.0), level(10, ours_10, 250.0), level(50, 80.0, 900.0)],
            "long": long_ours,
            "start_to_answer_s": 25.0,
            "rss_gb": {"rasa": 1.1, "actions": 0.15},
        },
        "stock": {
            "levels": [level(1, 40.0, 30.0), level(10, 41.0, 441.0), level(50, 42.0, 1439.0)],
            "long": [0.05, None] * 200,
            "start_to_answer_s": 28.0,
            "rss_gb": {"rasa": 1.11},
        },
        "scaleout": {"skipped": "PostgreSQL binaries initdb not found"},
    }


def test_the_median_of_a_window_of_turns_leaves_failed_turns_out() -> None:
    assert report.window([0.1, None, 0.3, 0.2], 1, 4) == 200.0
    assert report.window([0.1, 0.5, 0.3], 2, 3) == 400.0
    assert math.isnan(report.window([None, None], 1, 2))


def test_each_target_is_judged_on_its_figure() -> None:
    found = {t.what: t for t in report.targets(results())}
    assert found["throughput, 10 conversations"].met  # 90 / 41 = 2.2×
    assert "2.2×" in found["throughput, 10 conversations"].measured
    assert not found["throughput, 50 conversations"].met  # 80 / 42 = 1.9×
    assert found["p95 latency, 10 conversations"].met
    assert found["turn 400 vs turn 10 (medians of turns 390–400 and 5–15)"].met is False  # 100 vs 50 ms
    assert found["training (`rasa train --force`)"].met
    assert not found["start to first answer (second `make run`)"].met
    assert found["Rasa server resident memory"].met
    assert found["`make bench` itself"].met  # 14.2 minutes
    assert len(found) == 8


def test_a_level_twice_the_stock_bots_meets_the_throughput_target() -> None:
    found = {t.what: t for t in report.targets(results(ours_10=82.0, late=0.07))}
    assert found["throughput, 10 conversations"].met  # exactly 2.0×
    assert found["turn 400 vs turn 10 (medians of turns 390–400 and 5–15)"].met  # 1.4×


def test_the_report_shows_figures_ratios_targets_and_the_plot(tmp_path: Path) -> None:
    levers = tmp_path / "levers.yml"
    levers.write_text(
        "levers:\n- title: In-memory knowledge\n  what: answers from memory\n"
        "  figures:\n  - {name: msg/s at 10, before: 24.4, after: 40.1}\n"
        "why:\n  start to first answer (second `make run`): the model loads slowly\n"
        "proposals:\n- fewer DIET epochs\n"
    )
    out = tmp_path / "performance.md"
    report.write(results(), out, levers)
    text = out.read_text()
    assert (
        "![Latency against load for both bots, and one long conversation turn by turn](performance.png)"
        in text
    )
    assert (tmp_path / "performance.png").read_bytes().startswith(b"\x89PNG")
    assert "| 10 | 90.0 | 41.0 | 2.2× | 125.0 / 250.0 / 375.0 | 220.5 / 441.0 / 661.5 |" in text
    assert (
        "| start to first answer (second `make run`) | ≤ 20 s | 25.0 s | **no** | the model loads slowly |"
        in text
    )
    assert "- fewer DIET epochs" in text
    assert "| `rasa train --force` (s) | 110.0 | 50.0 | 2.2× |" in text
    assert "Skipped: PostgreSQL binaries initdb not found" in text
    assert "### In-memory knowledge" in text and "| msg/s at 10 | 24.4 | 40.1 |" in text
    assert "{{" not in text and "{%" not in text


def test_a_report_without_a_needed_figure_fails_rather_than_leaving_it_blank(tmp_path: Path) -> None:
    broken = results()
    del broken["ours"]["rss_gb"]
    with pytest.raises(KeyError):
        report.write(broken, tmp_path / "performance.md", tmp_path / "none.yml")
