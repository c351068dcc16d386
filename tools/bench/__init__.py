"""`make bench`: our bot against the stock `rasa init` bot, measured in one run on one machine.

Figures taken on a shared machine are noisy, so every figure is set beside the stock bot's, measured
in the same run, and the targets are ratios where a ratio fits. `run.py` orchestrates; `load.py` is
the closed-loop REST load generator, `questions.py` what it asks, `stock.py` the baseline bot,
`measure.py` training, start-up and memory, `scaleout.py` 1 vs 2 Rasa processes on PostgreSQL + Redis,
`report.py` writes docs/performance.md and its plot.
"""
