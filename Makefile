# The two commands that matter: `make run` (chat with the bot) and `make test` (prove it works).
# Every target sets up what it needs first; steps whose inputs haven't changed are skipped.
PY := .venv/bin/python

.PHONY: run shell test test-fast lint eval unanswered review-bench bench setup prepare clean

run: setup
	@$(PY) -m launcher.run

shell: setup
	@$(PY) -m launcher.run --shell

test: setup
	@$(PY) -m pytest tests

# The tests that need neither the trained model nor real servers (pytest.ini's `integration` marker).
test-fast: setup
	@$(PY) -m pytest tests -m "not integration"

lint: setup
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .

# `make eval CV=1` adds 5-fold cross-validation (about two hours more on 2 cores).
eval: setup
	@$(PY) -m evaluation.run $(if $(CV),--cross-validation)

unanswered: setup
	@$(PY) -m tools.unanswered

review-bench: setup
	@$(PY) -m tools.review_bench

# Our bot against the stock `rasa init` bot in one run; writes docs/performance.md (tools/bench/).
bench: setup
	@$(PY) -m tools.bench

setup:
	@bash launcher/bootstrap.sh

prepare: setup
	@$(PY) -m launcher.prepare

clean:
	rm -rf build models .rasa
