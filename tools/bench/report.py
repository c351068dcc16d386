"""docs/performance.md (templates/performance.md.j2) and its plot from the benchmark's results.

Figures on a shared machine vary from run to run, so the report puts each beside the stock bot's of
the same run and judges the targets on ratios where a ratio fits. What each change gained comes from
levers.yml, written by hand from runs before and after the change (one run cannot measure code it
does not have).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

HERE = Path(__file__).parent
LEVERS = HERE / "levers.yml"
EARLY, LATE = (5, 15), (390, 400)
"""The turns whose median latency stands for "the 10th turn" and "the 400th turn" (one turn alone
is one sample of a noisy machine)."""


def window(latencies: Sequence[float | None], first: int, last: int) -> float:
    """The median latency (ms) of turns `first` to `last` (1-based, inclusive), failed turns left out."""
    found = [x for x in latencies[first - 1 : last] if x is not None]
    return round(statistics.median(found) * 1000, 1) if found else math.nan


def ratio(ours: float, theirs: float) -> float:
    return round(ours / theirs, 2) if theirs and not math.isnan(theirs) else math.nan


@dataclass(frozen=True)
class Target:
    what: str
    goal: str
    measured: str
    met: bool


def level(results: Mapping[str, Any], bot: str, conversations: int) -> dict[str, Any]:
    for found in results[bot]["levels"]:
        if found["conversations"] == conversations:
            return found
    return {}


def long_figures(long: Sequence[float | None]) -> dict[str, float]:
    return {
        "turns": len(long),
        "failed": sum(1 for x in long if x is None),
        "early": window(long, *EARLY),
        "late": window(long, *LATE),
        "first80": window(long, 1, 80),
        "last80": window(long, 321, 400),
    }


def targets(results: Mapping[str, Any]) -> list[Target]:
    """Every target of issue #19 against its measured figure."""
    found = []
    for n in (10, 50):
        ours, stock = level(results, "ours", n), level(results, "stock", n)
        if ours and stock:
            r = ratio(ours["throughput"], stock["throughput"])
            found.append(
                Target(
                    f"throughput, {n} conversations",
                    "≥ 2× stock",
                    f"{r}× ({ours['throughput']} vs {stock['throughput']} msg/s)",
                    r >= 2,
                )
            )
    ours10 = level(results, "ours", 10)
    if ours10:
        found.append(
            Target(
                "p95 latency, 10 conversations",
                "≤ 300 ms",
                f"{ours10['p95_ms']:.0f} ms",
                ours10["p95_ms"] <= 300,
            )
        )
    long = long_figures(results["ours"]["long"])
    if long["turns"] >= LATE[1]:
        r = ratio(long["late"], long["early"])
        found.append(
            Target(
                "turn 400 vs turn 10 (medians of turns 390–400 and 5–15)",
                "≤ 1.5×",
                f"{r}× ({long['late']:.0f} vs {long['early']:.0f} ms)",
                r <= 1.5,
            )
        )
    if "train_ours" in results:
        s = results["train_ours"]["seconds"]
        found.append(Target("training (`rasa train --force`)", "≤ 120 s", f"{s:.0f} s", s <= 120))
    s = results["ours"]["start_to_answer_s"]
    found.append(Target("start to first answer (second `make run`)", "≤ 20 s", f"{s:.1f} s", s <= 20))
    rss = results["ours"]["rss_gb"]["rasa"]
    found.append(Target("Rasa server resident memory", "≤ 1.2 GB", f"{rss:.2f} GB", rss <= 1.2))
    if "minutes" in results:
        m = results["minutes"]
        found.append(Target("`make bench` itself", "≤ 20 min", f"{m:.1f} min", m <= 20))
    return found


def plot(results: Mapping[str, Any], target: Path) -> None:
    """Latency against load for both bots, and the long conversation's latency turn by turn."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for bot, colour in (("ours", "tab:blue"), ("stock", "tab:grey")):
        levels = results[bot]["levels"]
        xs = [x["conversations"] for x in levels]
        left.plot(xs, [x["p50_ms"] for x in levels], "o-", color=colour, label=f"{bot} p50")
        left.plot(xs, [x["p95_ms"] for x in levels], "s--", color=colour, label=f"{bot} p95")
        long = results[bot]["long"]
        smooth = [window(long, max(1, i - 9), i) for i in range(1, len(long) + 1)]
        right.plot(range(1, len(long) + 1), smooth, color=colour, label=bot)
    left.set(xscale="log", yscale="log", xlabel="conversations at once", ylabel="latency (ms)")
    left.set_title("Latency against load (REST, closed loop)")
    left.set_xticks([x["conversations"] for x in results["ours"]["levels"]])
    left.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
    right.set(xlabel="turn", ylabel="latency (ms), median of the last 10 turns")
    right.set_title("One long conversation, turn by turn")
    for axes in (left, right):
        axes.grid(alpha=0.3)
        axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(target, dpi=110)
    plt.close(figure)


def notes(levers: Path) -> dict[str, Any]:
    """What was written by hand beside the figures (levers.yml): what each change gained, why a
    target is missed, what is proposed and not applied."""
    found = (yaml.safe_load(levers.read_text()) if levers.exists() else None) or {}
    return {
        "levers": found.get("levers") or [],
        "why": found.get("why") or {},
        "proposals": found.get("proposals") or [],
        "note": found.get("note") or "",
    }


def context(results: Mapping[str, Any], levers: Path = LEVERS) -> dict[str, Any]:
    rows = []
    for found in results["ours"]["levels"]:
        stock = level(results, "stock", found["conversations"])
        rows.append({"ours": found, "stock": stock, "ratio": ratio(found["throughput"], stock["throughput"])})
    return {
        "results": results,
        "rows": rows,
        "long": {bot: long_figures(results[bot]["long"]) for bot in ("ours", "stock")},
        "targets": targets(results),
        **notes(levers),
        "ratio": ratio,
        "cores": os.cpu_count(),
        "date": dt.date.today().isoformat(),
    }


def write(results: Mapping[str, Any], out: Path, levers: Path = LEVERS) -> None:
    """Renders the report to `out` and its plot beside it (same name, .png)."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    picture = out.with_suffix(".png")
    plot(results, picture)
    text = env.get_template("performance.md.j2").render(picture=picture.name, **context(results, levers))
    out.write_text(text)
